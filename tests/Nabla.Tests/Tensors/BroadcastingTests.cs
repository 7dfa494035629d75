using CsCheck;
using Nabla.Numerics;
using static Nabla.Tests.Tensors.TensorOracles;

namespace Nabla.Tests.Tensors;

/// <summary>Broadcasting elementwise operations against explicit loops on random compatible shapes.</summary>
public sealed class BroadcastingTests
{
    public static TheoryData<string> Ops => ["add", "sub", "mul", "div", "pow", "max", "min"];

    private static (Func<Tensor<double>, Tensor<double>, Tensor<double>> Op, Func<double, double, double> Oracle) Pick(string name) => name switch
    {
        "add" => ((a, b) => a + b, (x, y) => x + y),
        "sub" => ((a, b) => a - b, (x, y) => x - y),
        "mul" => ((a, b) => a * b, (x, y) => x * y),
        "div" => ((a, b) => a / b, (x, y) => x / y),
        "pow" => (Tensor<double>.Pow, Math.Pow),
        "max" => (Tensor<double>.Maximum, Math.Max),
        _ => (Tensor<double>.Minimum, Math.Min),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void MatchesExplicitLoops(string name)
    {
        var (op, oracle) = Pick(name);
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var rng = new Random(seed);
            var (da, db, dout) = CompatibleShapes(rng);
            double low = name == "pow" ? 0.1 : -3; // a negative base with a fractional power is NaN on both sides anyway
            var xa = RandomData(rng, Product(da), low);
            var xb = RandomData(rng, Product(db));
            var a = Make(xa, da, rng.Next(2) == 0);
            var b = Make(xb, db, rng.Next(2) == 0);
            var c = op(a, b);
            Assert.Equal(dout, c.Shape.ToArray());
            Assert.True(c.IsContiguous);
            var values = c.AsSpan().ToArray();
            foreach (var idx in Indices(dout))
            {
                double expected = oracle(xa[RowMajor(Project(idx, da), da)], xb[RowMajor(Project(idx, db), db)]);
                Close(expected, values[RowMajor(idx, dout)], 1e-14);
            }
        }, iter: 300);
    }

    [Fact]
    public void SinglePrecisionMatchesLoopsRoundedToFloat()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var rng = new Random(seed);
            var (da, db, dout) = CompatibleShapes(rng);
            var xa = RandomData(rng, Product(da)).Select(v => (float)v).ToArray();
            var xb = RandomData(rng, Product(db)).Select(v => (float)v).ToArray();
            var c = Tensor<float>.FromArray(xa, da) * Tensor<float>.FromArray(xb, db) - Tensor<float>.FromArray(xb, db);
            var values = c.ToArray();
            foreach (var idx in Indices(dout))
            {
                float x = xa[RowMajor(Project(idx, da), da)], y = xb[RowMajor(Project(idx, db), db)];
                Assert.Equal(x * y - y, values[RowMajor(idx, dout)]);
            }
        }, iter: 200);
    }

    [Fact]
    public void ScalarOperatorsBroadcast()
    {
        var a = Tensor<double>.FromArray([1, 2, 3, 4], 2, 2);
        Assert.Equal(new double[] { 3, 4, 5, 6 }, (a + 2).ToArray());
        Assert.Equal(new double[] { 1, 0, -1, -2 }, (2 - a).ToArray());
        Assert.Equal(new double[] { 0.5, 1, 1.5, 2 }, (a / 2).ToArray());
        Assert.Equal(new double[] { 12, 6, 4, 3 }, (12 / a).ToArray());
        Assert.Equal(new double[] { -1, -2, -3, -4 }, (-a).ToArray());
        Assert.Equal(new double[] { 3, 6, 9, 12 }, (3 * a).ToArray());
    }

    [Fact]
    public void MismatchNamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor<double>.Zeros(2, 3) + Tensor<double>.Zeros(4));
        Assert.Equal("cannot broadcast shapes (2, 3) and (4,): dimension 3 vs 4 at axis -1", ex.Message);
        var inner = Assert.Throws<ArgumentException>(() => Tensor<float>.Multiply(Tensor<float>.Zeros(5, 2, 3), Tensor<float>.Zeros(4, 1, 3)));
        Assert.Equal("cannot broadcast shapes (5, 2, 3) and (4, 1, 3): dimension 5 vs 4 at axis -3", inner.Message);
    }

    [Fact]
    public void EmptyShapesBroadcast()
    {
        var c = Tensor<double>.Ones(0, 3) + Tensor<double>.Ones(3);
        Assert.Equal(new[] { 0, 3 }, c.Shape.ToArray());
        Assert.Empty(c.ToArray());
    }

    [Fact]
    public void UnaryMapsMatchMath()
    {
        var rng = new Random(7);
        var x = RandomData(rng, 257, -5, 5); // odd length: SIMD body plus a scalar tail
        var t = Tensor<double>.FromArray(x);
        (Tensor<double> Result, Func<double, double> F)[] cases =
        [
            (t.Neg(), v => -v), (t.Exp(), Math.Exp), (t.Abs().Log(), v => Math.Log(Math.Abs(v))),
            (t.Abs().Sqrt(), v => Math.Sqrt(Math.Abs(v))), (t.Abs(), Math.Abs), (t.Tanh(), Math.Tanh),
            (t.Sigmoid(), v => 1 / (1 + Math.Exp(-v))), (t.Relu(), v => v > 0 ? v : 0),
            (t.Softplus(), v => Math.Log(1 + Math.Exp(v))), (t.Square(), v => v * v),
        ];
        foreach (var (result, f) in cases)
        {
            var values = result.ToArray();
            for (int i = 0; i < x.Length; i++) Close(f(x[i]), values[i], 1e-13);
        }
        var tf = Tensor<float>.FromArray(x.Select(v => (float)v).ToArray());
        var ef = tf.Exp().ToArray();
        for (int i = 0; i < x.Length; i++) Close(Math.Exp((float)x[i]), ef[i], 1e-6);
    }

    [Fact]
    public void SoftplusIsStableAtExtremes()
    {
        var s = Tensor<double>.FromArray([1000, -1000, 0, 40]).Softplus().ToArray();
        Assert.Equal(1000, s[0]);
        Assert.Equal(0, s[1]);
        Close(Math.Log(2), s[2], 1e-15);
        Close(40 + Math.Exp(-40), s[3], 1e-15);
        var tiny = Tensor<double>.FromArray([-50.0]).Softplus().ToScalar();
        Close(Math.Exp(-50), tiny, 1e-12); // ln(1 + e^-50) = e^-50 to double precision, not 0
    }

    [Fact]
    public void MapsOnViewsReadLogicalOrder()
    {
        var m = Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3).Transpose();
        Assert.Equal(new double[] { 1, 16, 4, 25, 9, 36 }, m.Square().ToArray());
    }
}
