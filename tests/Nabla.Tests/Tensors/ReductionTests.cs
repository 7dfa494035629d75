using CsCheck;
using Nabla.Numerics;
using static Nabla.Tests.Tensors.TensorOracles;

namespace Nabla.Tests.Tensors;

/// <summary>Reductions, ArgMax, softmax and SumToShape against loops and hand formulas.</summary>
public sealed class ReductionTests
{
    [Fact]
    public void AxisReductionsMatchLoops()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var rng = new Random(seed);
            int rank = rng.Next(1, 5);
            var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 5)).ToArray();
            var x = RandomData(rng, Product(dims));
            var t = Make(x, dims, rng.Next(2) == 0);
            int axis = rng.Next(rank);
            bool keep = rng.Next(2) == 0;
            int passAxis = rng.Next(2) == 0 ? axis : axis - rank; // negative axes count from the end

            var outDims = dims.Where((_, i) => i != axis).ToArray();
            var sum = new double[Product(outDims)];
            var max = Enumerable.Repeat(double.NegativeInfinity, sum.Length).ToArray();
            var min = Enumerable.Repeat(double.PositiveInfinity, sum.Length).ToArray();
            var arg = new int[sum.Length];
            foreach (var idx in Indices(dims))
            {
                var reduced = idx.Where((_, i) => i != axis).ToArray();
                int o = RowMajor(reduced, outDims);
                double v = x[RowMajor(idx, dims)];
                sum[o] += v;
                if (v > max[o]) { max[o] = v; arg[o] = idx[axis]; }
                min[o] = Math.Min(min[o], v);
            }

            var expectedShape = keep ? dims.Select((d, i) => i == axis ? 1 : d).ToArray() : outDims;
            var s = t.Sum(passAxis, keep);
            Assert.Equal(expectedShape, s.Shape.ToArray());
            var sv = s.ToArray();
            var mv = t.Mean(passAxis, keep).ToArray();
            var maxv = t.Max(passAxis, keep).ToArray();
            var minv = t.Min(passAxis, keep).ToArray();
            for (int i = 0; i < sum.Length; i++)
            {
                Close(sum[i], sv[i], 1e-13);
                Close(sum[i] / dims[axis], mv[i], 1e-13);
                Assert.Equal(max[i], maxv[i]);
                Assert.Equal(min[i], minv[i]);
            }
            Assert.Equal(arg, t.ArgMax(passAxis));
            Close(x.Sum(), t.Sum(), 1e-12);
            Close(x.Average(), t.Mean(), 1e-12);
            Assert.Equal(x.Max(), t.Max());
            Assert.Equal(x.Min(), t.Min());
            int flatArg = Array.IndexOf(x, x.Max());
            Assert.Equal(flatArg, RowMajor(Indices(dims).ElementAt(t.ArgMax()), dims));
        }, iter: 300);
    }

    [Fact]
    public void SumToShapeUndoesBroadcasting()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var rng = new Random(seed);
            var (da, _, dout) = CompatibleShapes(rng);
            var g = RandomData(rng, Product(dout));
            var reduced = Tensor<double>.FromArray(g, dout).SumToShape(da);
            Assert.Equal(da, reduced.Shape.ToArray());
            var expected = new double[Product(da)];
            foreach (var idx in Indices(dout)) expected[RowMajor(Project(idx, da), da)] += g[RowMajor(idx, dout)];
            var actual = reduced.ToArray();
            for (int i = 0; i < expected.Length; i++) Close(expected[i], actual[i], 1e-13);
        }, iter: 300);
    }

    [Fact]
    public void SoftmaxMatchesTheFormulaAndSumsToOne()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var rng = new Random(seed);
            int rank = rng.Next(1, 4);
            var dims = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 5)).ToArray();
            var x = RandomData(rng, Product(dims), -10, 10);
            int axis = rng.Next(rank);
            var t = Make(x, dims, rng.Next(2) == 0);
            var sm = t.Softmax(axis).ToArray();
            var lsm = t.LogSoftmax(axis).ToArray();
            foreach (var idx in Indices(dims))
            {
                double denominator = 0;
                var j = (int[])idx.Clone();
                for (j[axis] = 0; j[axis] < dims[axis]; j[axis]++) denominator += Math.Exp(x[RowMajor(j, dims)]);
                double xi = x[RowMajor(idx, dims)];
                Close(Math.Exp(xi) / denominator, sm[RowMajor(idx, dims)], 1e-12);
                Close(xi - Math.Log(denominator), lsm[RowMajor(idx, dims)], 1e-12);
            }
            var sums = Tensor<double>.FromArray(sm, dims).Sum(axis).ToArray();
            foreach (var s in sums) Close(1, s, 1e-14);
        }, iter: 300);
    }

    [Fact]
    public void SoftmaxIsStableForLargeInputs()
    {
        var t = Tensor<double>.FromArray([1000, 1001, 1002, -1000, -1001, -1002], 2, 3);
        var sm = t.Softmax(1).ToArray();
        var e = new[] { Math.Exp(-2), Math.Exp(-1), 1.0 };
        double z = e.Sum();
        Close(e[0] / z, sm[0], 1e-15);
        Close(e[2] / z, sm[2], 1e-15);
        Close(e[2] / z, sm[3], 1e-15);
        var lsm = t.LogSoftmax(1).ToArray();
        Close(-2 - Math.Log(z), lsm[0], 1e-14);
        Assert.False(Tensor<float>.FromArray([100f, 200f, 300f]).Softmax().HasNaN());
    }

    [Fact]
    public void EmptyAndErrorCases()
    {
        var empty = Tensor<double>.Zeros(2, 0);
        Assert.Equal(0, empty.Sum());
        Assert.True(double.IsNaN(empty.Mean()));
        Assert.Equal(new double[] { 0, 0 }, empty.Sum(1).ToArray());
        Assert.Throws<InvalidOperationException>(() => empty.Max());
        Assert.Throws<InvalidOperationException>(() => empty.Max(1));
        Assert.Throws<InvalidOperationException>(() => empty.ArgMax(1));
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor<double>.Zeros(2, 3).Sum(2));
        Assert.Contains("axis 2 is out of range for shape (2, 3)", bad.Message);
        Assert.Throws<ArgumentException>(() => Tensor<double>.Zeros(2, 3).SumToShape(new TensorShape(4)));
        Assert.True(Tensor<double>.FromArray([1, double.NaN, 3]).Max() is double.NaN);
    }
}
