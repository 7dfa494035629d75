using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nabla.NeuralNetworks;
using Nabla.Numerics;

namespace Nabla.Tests.NeuralNetworks;

/// <summary>
/// The fused training sweep (forward pass and all Jacobians in one pass over the samples, AVX-512) against the
/// layer-by-layer passes it replaces, and its step against the course's explicit Jacobians. The fused sweep promises
/// the same bits, not just close numbers: the noisy descent is chaotic, so a last-bit difference would change every
/// seed's run.
/// </summary>
public sealed class CourseNetworkKernelTests
{
    private static (double[] X, double[] Y) RandomData(Random rng, int n)
    {
        var x = new double[n];
        var y = new double[2 * n];
        for (int k = 0; k < n; k++) x[k] = rng.NextDouble() * 1.5 - 0.25;
        for (int k = 0; k < 2 * n; k++) y[k] = rng.NextDouble();
        return (x, y);
    }

    private static CourseNetwork Scaled(CourseNetwork net, double factor)
    {
        foreach (var t in net.Parameters)
        {
            var s = t.AsSpan();
            for (int i = 0; i < s.Length; i++) s[i] *= factor;
        }
        return net;
    }

    [Fact]
    public void TheFusedSweepGivesTheSameBitsAsTheLayerByLayerPasses()
    {
        var rng = new Random(20261127);
        // Sample counts that fill whole blocks of eight, leave a partial block, or are a single sample; weights from
        // the course's N(0, ½²) and scaled up until sigmoids saturate.
        foreach (int n in new[] { 100, 37, 8, 1, 203 })
            foreach (double factor in new[] { 1.0, 6.0, 60.0 })
            {
                var (x, y) = RandomData(rng, n);
                var net = Scaled(CourseNetwork.Create(rng.Next()), factor);
                var fused = new CourseNetworkKernel(x, y, seed: 1);
                var layered = new CourseNetworkKernel(x, y, seed: 1, layerByLayer: true);
                fused.LoadParameters(net);
                layered.LoadParameters(net);
                var g1 = new double[77];
                var g2 = new double[77];
                double c1 = fused.Gradient(g1), c2 = layered.Gradient(g2);
                Assert.Equal(BitConverter.DoubleToInt64Bits(c2), BitConverter.DoubleToInt64Bits(c1));
                for (int i = 0; i < 77; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(g1[i]) == BitConverter.DoubleToInt64Bits(g2[i]),
                        $"n={n}, scale {factor}: entry {i} is {g1[i]:R} fused, {g2[i]:R} layer by layer");
                // And both are the chain rule: the course's explicit Jacobians to rounding.
                var xs = Tensor<double>.FromArray(x, 1, n);
                var ys = Tensor<double>.FromArray(y, 2, n);
                var J = net.ExplicitJacobians(xs, ys).All.SelectMany(t => t.ToArray()).ToArray();
                double size = J.Max(Math.Abs) + 1e-300;
                for (int i = 0; i < 77; i++) Assert.True(Math.Abs(J[i] - g1[i]) <= 1e-12 * Math.Max(1, size), $"n={n}: entry {i}: {g1[i]} vs {J[i]}");
                Assert.Equal(net.Cost(xs, ys), c1, 1e-13);
            }
    }

    [Theory]
    [InlineData(7.0)]
    [InlineData(40.0)]
    [InlineData(1e150)]
    [InlineData(double.MaxValue)]
    public void TheFusedLoopTakesTheSameNoisyTrajectory(double aggression)
    {
        // Same seed, same steps: identical weights, cost and kept-step count (including runs that blow up and undo).
        var x = HeartCurve.Inputs().ToArray();
        var y = HeartCurve.Targets().ToArray();
        var start = CourseNetwork.Create(3);
        var a = start.Clone();
        var b = start.Clone();
        var fused = new CourseNetworkKernel(x, y, seed: 9);
        var layered = new CourseNetworkKernel(x, y, seed: 9, layerByLayer: true);
        fused.LoadParameters(a);
        layered.LoadParameters(b);
        Assert.Equal(fused.Evaluate(), layered.Evaluate());
        for (int chunk = 0; chunk < 4; chunk++)
        {
            int k1 = fused.Run(500, aggression, 1, out double c1);
            int k2 = layered.Run(500, aggression, 1, out double c2);
            Assert.Equal(k2, k1);
            Assert.Equal(BitConverter.DoubleToInt64Bits(c2), BitConverter.DoubleToInt64Bits(c1));
            if (k1 < 500) break;
        }
        fused.StoreParameters(a);
        layered.StoreParameters(b);
        for (int p = 0; p < 6; p++) Assert.Equal(b.Parameters[p].ToArray(), a.Parameters[p].ToArray());
    }

    [Fact]
    public void AStepIsTheExplicitJacobiansStep()
    {
        var x = HeartCurve.Inputs();
        var y = HeartCurve.Targets();
        foreach (bool layerByLayer in new[] { false, true })
        {
            var byHand = CourseNetwork.Create(5);
            var fast = byHand.Clone();
            double before = byHand.Cost(x, y);
            var J = byHand.ExplicitJacobians(x, y).All;
            for (int p = 0; p < 6; p++)
            {
                var w = byHand.Parameters[p].AsSpan();
                var j = J[p].AsSpan();
                for (int i = 0; i < w.Length; i++) w[i] -= 0.5 * j[i];
            }
            var kernel = new CourseNetworkKernel(x.AsSpan(), y.AsSpan(), seed: 1, layerByLayer);
            kernel.LoadParameters(fast);
            Assert.Equal(before, kernel.Step(0.5), 1e-14);
            kernel.StoreParameters(fast);
            for (int p = 0; p < 6; p++)
            {
                var u = byHand.Parameters[p].AsSpan();
                var v = fast.Parameters[p].AsSpan();
                for (int i = 0; i < u.Length; i++) Assert.Equal(u[i], v[i], 1e-13);
            }
            Assert.Equal(byHand.Cost(x, y), kernel.Evaluate(), 1e-13);
        }
    }

    [Fact]
    public void TheKernelsSigmoidHasTheBitsOfSimdMath()
    {
        if (!Avx512F.IsSupported) return; // the fused sweep (and this sigmoid) only run with AVX-512
        var rng = new Random(7);
        var values = new List<double>
        {
            0, -0.0, 1, -1, 708, -708, 709, -709, 710, -710, 745, -745, 1e6, -1e6, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon, 1e-300,
            0.5 * Math.Log(2) / 16, -0.5 * Math.Log(2) / 16, 36.7368005696771, -36.7368005696771,
        };
        for (int i = 0; i < 20_000; i++) values.Add((rng.NextDouble() - 0.5) * 80);
        for (int i = 0; i < 2_000; i++) values.Add((rng.NextDouble() - 0.5) * 1500);
        // Ties of 16z/ln 2 halfway between integers, where the rounding rule shows.
        for (int k = -40; k <= 40; k++) values.Add((k + 0.5) * Math.Log(2) / 16);
        while (values.Count % 8 != 0) values.Add(rng.NextDouble());
        var expected = new double[values.Count];
        SimdMath.Sigmoid(values.ToArray(), expected);
        var table = SimdMath.SigmoidTable.Load();
        for (int i = 0; i < values.Count; i += 8)
        {
            var got = SimdMath.Sigmoid(Vector512.Create(values.GetRange(i, 8).ToArray()), table);
            for (int l = 0; l < 8; l++)
            {
                double e = expected[i + l], g = got[l];
                Assert.True(double.IsNaN(e) ? double.IsNaN(g) : BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(g),
                    $"σ({values[i + l]:R}): {g:R}, SimdMath {e:R}");
            }
        }
    }
}
