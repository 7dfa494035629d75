using Nabla.AutoDiff;

namespace Nabla.Tests.AutoDiffTests;

/// <summary>
/// The fused dense-layer kernels of the compiled gradient against plain double loops: the forward product with σ
/// applied in registers, and the backward pass that writes ∂/∂z, ∂/∂b and ∂/∂W together. The kernels need AVX-512
/// (<see cref="CompiledKernels.IsSupported"/>); elsewhere the compiled gradient uses its portable loops, which
/// CompiledGradientTests check through the tape.
/// </summary>
public sealed class CompiledKernelsTests
{
    private static double[] Random(Random rng, int n, double scale = 1)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = (2 * rng.NextDouble() - 1) * scale;
        return a;
    }

    private static void AssertClose(double expected, double actual, double scale, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Max(scale, 1), $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void TheFusedSigmoidLayerIsTheSigmoidOfWxPlusB()
    {
        if (!CompiledKernels.IsSupported) return;
        var rng = new Random(3);
        // Row lengths below one register, at and around whole registers and blocks of four, and the course's 100.
        int[] lengths = [1, 3, 7, 8, 9, 12, 15, 16, 31, 32, 33, 40, 63, 100];
        foreach (int n in lengths)
            for (int trial = 0; trial < 4; trial++)
            {
                int m = 1 + rng.Next(8), k = rng.Next(9);
                var w = Random(rng, m * k, 3);
                var x = Random(rng, k * n, 3);
                var b = Random(rng, m, 2);
                var fused = new double[m * n];
                var plain = new double[m * n];
                CompiledKernels.SmallProduct(m, n, k, w, k, 1, x, fused, ProductStart.Bias, b, sigmoid: true);
                CompiledKernels.SmallProduct(m, n, k, w, k, 1, x, plain, ProductStart.Bias, b);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double z = b[i];
                        for (int p = 0; p < k; p++) z += w[i * k + p] * x[p * n + j];
                        double expected = 1 / (1 + Math.Exp(-z));
                        AssertClose(z, plain[i * n + j], Math.Abs(z), $"z[{i},{j}] (n = {n})");
                        AssertClose(expected, fused[i * n + j], 1, $"σ(z)[{i},{j}] (n = {n}, k = {k})");
                    }
                // The fused sigmoid is σ of the same sums: the unfused product through the span sigmoid, to 8 ulp (each
                // within 4 of the exact value; whole registers agree to the bit, a span's last elements take another route).
                var separate = plain.ToArray();
                Nabla.Numerics.SimdMath.Sigmoid(separate, separate);
                for (int e = 0; e < separate.Length; e++)
                    Assert.True(Math.Abs(separate[e] - fused[e]) <= 8 * (Math.BitIncrement(separate[e]) - separate[e]),
                        $"element {e} (n = {n}): separate {separate[e]:R}, fused {fused[e]:R}");
            }
    }

    [Fact]
    public void AFusedSigmoidCannotAccumulate()
    {
        if (!CompiledKernels.IsSupported) return;
        var c = new double[8];
        var error = Assert.Throws<ArgumentException>(() =>
            CompiledKernels.SmallProduct(1, 8, 1, [1.0], 1, 1, new double[8], c, ProductStart.Accumulate, default, sigmoid: true));
        Assert.Contains("sigmoid", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheDenseBackwardPassEqualsTheChainRuleWrittenOut(bool sigmoid)
    {
        if (!CompiledKernels.IsSupported) return;
        var rng = new Random(sigmoid ? 5 : 6);
        for (int trial = 0; trial < 200; trial++)
        {
            int m = 1 + rng.Next(8), k = rng.Next(11), n = 1 + rng.Next(60);
            if (trial == 0) (m, k, n) = (7, 6, 100); // the course network's middle layer
            var g = Random(rng, m * n);
            var y = Random(rng, m * n, 0.999); // an activation's output: σ in (0, 1), tanh in (−1, 1)
            if (sigmoid) for (int i = 0; i < y.Length; i++) y[i] = Math.Abs(y[i]);
            var x = Random(rng, k * n, 2);
            bool withBias = trial % 3 != 1, withWeights = trial % 4 != 2;
            var gz = new double[m * n];
            var gbStart = Random(rng, m);
            var gwStart = Random(rng, m * k);
            var gb = withBias ? gbStart.ToArray() : [];
            var gw = withWeights ? gwStart.ToArray() : [];
            CompiledKernels.DenseBackward(sigmoid, m, n, k, g, y, x, gz, gb, gw);
            for (int i = 0; i < m; i++)
            {
                double rowSum = 0;
                for (int j = 0; j < n; j++)
                {
                    double yj = y[i * n + j];
                    double d = sigmoid ? g[i * n + j] * yj * (1 - yj) : g[i * n + j] * (1 - yj * yj);
                    Assert.Equal(d, gz[i * n + j]); // elementwise, in the tape's order: the same bits
                    rowSum += d;
                }
                if (withBias) AssertClose(gbStart[i] + rowSum, gb[i], n, $"∂/∂b[{i}] ({m}×{k}, n = {n})");
                if (!withWeights) continue;
                for (int p = 0; p < k; p++)
                {
                    double dot = gwStart[i * k + p];
                    for (int j = 0; j < n; j++) dot += gz[i * n + j] * x[p * n + j];
                    AssertClose(dot, gw[i * k + p], 2 * n, $"∂/∂W[{i},{p}] ({m}×{k}, n = {n})");
                }
            }
        }
    }
}
