using CsCheck;
using Nabla.Numerics;
using static Nabla.Tests.Tensors.TensorOracles;

namespace Nabla.Tests.Tensors;

/// <summary>MatMul, Dot and Outer against triple loops.</summary>
public sealed class LinearAlgebraTests
{
    private static double[] Naive(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    [Fact]
    public void MatMulMatchesTripleLoopIncludingTransposedViews()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var rng = new Random(seed);
            int m = rng.Next(0, 9), k = rng.Next(0, 9), n = rng.Next(0, 9);
            var a = RandomData(rng, m * k);
            var b = RandomData(rng, k * n);
            // Make builds a transposed view when asked, so GEMM sees transpose flags.
            var c = Tensor<double>.MatMul(Make(a, [m, k], rng.Next(2) == 0), Make(b, [k, n], rng.Next(2) == 0));
            Assert.Equal(new[] { m, n }, c.Shape.ToArray());
            var expected = Naive(a, b, m, k, n);
            var actual = c.ToArray();
            for (int i = 0; i < expected.Length; i++) Close(expected[i], actual[i], 1e-12);
        }, iter: 300);
    }

    [Fact]
    public void BatchedMatMulMatchesPerBatchLoops()
    {
        var rng = new Random(3);
        int batch = 3, m = 4, k = 5, n = 2;
        var a = RandomData(rng, batch * m * k);
        var b = RandomData(rng, batch * k * n);
        var w = RandomData(rng, k * n);
        var c = Tensor<double>.MatMul(Tensor<double>.FromArray(a, batch, m, k), Tensor<double>.FromArray(b, batch, k, n)).ToArray();
        var shared = Tensor<double>.MatMul(Tensor<double>.FromArray(a, batch, m, k), Tensor<double>.FromArray(w, k, n)).ToArray();
        for (int i = 0; i < batch; i++)
        {
            var expected = Naive(a[(i * m * k)..((i + 1) * m * k)], b[(i * k * n)..((i + 1) * k * n)], m, k, n);
            var expectedShared = Naive(a[(i * m * k)..((i + 1) * m * k)], w, m, k, n);
            for (int j = 0; j < m * n; j++)
            {
                Close(expected[j], c[i * m * n + j], 1e-12);
                Close(expectedShared[j], shared[i * m * n + j], 1e-12);
            }
        }
    }

    [Fact]
    public void SinglePrecisionMatMul()
    {
        var a = Tensor<float>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var b = Tensor<float>.FromArray([7, 8, 9, 10, 11, 12], 3, 2);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, Tensor<float>.MatMul(a, b).ToArray());
        Assert.Equal(new float[] { 17, 22, 27, 22, 29, 36, 27, 36, 45 }, Tensor<float>.MatMul(a.Transpose(), a).ToArray());
    }

    [Fact]
    public void ShapeErrorsNameBothShapes()
    {
        var inner = Assert.Throws<ArgumentException>(() => Tensor<double>.MatMul(Tensor<double>.Zeros(2, 3), Tensor<double>.Zeros(4, 5)));
        Assert.Equal("cannot multiply matrices of shapes (2, 3) and (4, 5): inner dimensions 3 vs 4.", inner.Message);
        var rank = Assert.Throws<ArgumentException>(() => Tensor<double>.MatMul(Tensor<double>.Zeros(3), Tensor<double>.Zeros(3)));
        Assert.Contains("(3,) and (3,)", rank.Message);
        var batch = Assert.Throws<ArgumentException>(() => Tensor<double>.MatMul(Tensor<double>.Zeros(2, 3, 4), Tensor<double>.Zeros(3, 4, 5)));
        Assert.Contains("batch sizes 2 vs 3", batch.Message);
        Assert.Throws<ArgumentException>(() => Tensor<double>.Dot(Tensor<double>.Zeros(3), Tensor<double>.Zeros(4)));
        Assert.Throws<ArgumentException>(() => Tensor<double>.Outer(Tensor<double>.Zeros(3, 1), Tensor<double>.Zeros(4)));
    }

    [Fact]
    public void DotAndOuterMatchLoops()
    {
        var rng = new Random(11);
        var x = RandomData(rng, 37);
        var y = RandomData(rng, 37);
        double dot = 0;
        for (int i = 0; i < x.Length; i++) dot += x[i] * y[i];
        Close(dot, Tensor<double>.Dot(Tensor<double>.FromArray(x), Tensor<double>.FromArray(y)), 1e-13);
        var o = Tensor<double>.Outer(Tensor<double>.FromArray(x[..5]), Tensor<double>.FromArray(y[..3]));
        Assert.Equal(new[] { 5, 3 }, o.Shape.ToArray());
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(x[i] * y[j], o[i, j]);
    }
}
