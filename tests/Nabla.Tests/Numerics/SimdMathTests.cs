using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CsCheck;
using Nabla.Numerics;

namespace Nabla.Tests.NumericsTests;

/// <summary>The shared AVX-512 sigmoid (one register, two to four interleaved, and the span form that runs them)
/// against 1/(1 + Math.Exp(−z)) computed in plain double arithmetic.</summary>
public sealed class SimdMathTests
{
    private static double Reference(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Distance in units in the last place of the reference.</summary>
    private static double Ulps(double expected, double actual)
    {
        if (expected == actual) return 0;
        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        return Math.Abs(expected - actual) / ulp;
    }

    /// <summary>Within 4 ulp of the reference; where the reference is below the clamp (z &lt; −708) the kernel returns
    /// a value no larger than 1.3e-308; NaN stays NaN.</summary>
    private static void AssertSigmoid(double z, double got)
    {
        if (double.IsNaN(z))
        {
            Assert.True(double.IsNaN(got), $"σ(NaN) = {got:R}");
            return;
        }
        double expected = Reference(z);
        if (expected < 1.3e-308) Assert.True(got is >= 0 and <= 1.3e-308, $"σ({z:R}) = {got:R}");
        else Assert.True(Ulps(expected, got) <= 4, $"σ({z:R}): expected {expected:R}, got {got:R}");
    }

    private static readonly double[] Edges =
    [
        0, -0.0, 1, -1, 36, -36, 36.7368005696771, -36.7368005696771, 708, -708, 709, -709, 710, -710, 745, -745, 800, -800,
        1e6, -1e6, 1e300, -1e300, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity,
        double.NaN, double.Epsilon, -double.Epsilon, 1e-300, -1e-300, 0.5 * Math.Log(2) / 16, -0.5 * Math.Log(2) / 16,
    ];

    /// <summary>Arguments from 1e-6 to 1e4 in magnitude, both signs: the whole curve, the saturated tails and the clamp.</summary>
    private static readonly Gen<double> WideArguments =
        Gen.Double[-6, 4].Select(Gen.Bool, (e, negative) => (negative ? -1 : 1) * Math.Pow(10, e));

    [Fact]
    public void OneRegisterIsWithinFourUlpOverAWideRangeAndKeepsNaN()
    {
        if (!Avx512F.IsSupported) return; // the one-register form is AVX-512 only; the span form below covers the rest
        var table = SimdMath.SigmoidTable.Load();
        var edges = Edges.Concat(Enumerable.Repeat(2.5, 7)).ToArray(); // whole registers
        for (int i = 0; i + 8 <= edges.Length; i += 8)
        {
            var got = SimdMath.Sigmoid(Vector512.Create(edges.AsSpan(i, 8)), table);
            for (int l = 0; l < 8; l++) AssertSigmoid(edges[i + l], got[l]);
        }
        WideArguments.Array[8].Sample(zs =>
        {
            var y = SimdMath.Sigmoid(Vector512.Create(zs), table);
            for (int l = 0; l < 8; l++) AssertSigmoid(zs[l], y[l]);
        }, iter: 2000);
    }

    [Fact]
    public void InterleavedFormsGiveTheBitsOfTheOneRegisterForm()
    {
        if (!Avx512F.IsSupported) return;
        var table = SimdMath.SigmoidTable.Load();
        WideArguments.Array[32].Sample(zs =>
        {
            var v = new Vector512<double>[4];
            for (int r = 0; r < 4; r++) v[r] = Vector512.Create(zs.AsSpan(8 * r, 8));
            var single = v.Select(x => SimdMath.Sigmoid(x, table)).ToArray();
            var (a, b, c, d) = (v[0], v[1], v[2], v[3]);
            SimdMath.Sigmoid4(ref a, ref b, ref c, ref d, table);
            var (e, f, g) = (v[0], v[1], v[2]);
            SimdMath.Sigmoid3(ref e, ref f, ref g, table);
            var (h, k) = (v[0], v[1]);
            SimdMath.Sigmoid2(ref h, ref k, table);
            Vector512<double>[][] interleaved = [[a, b, c, d], [e, f, g], [h, k]];
            foreach (var group in interleaved)
                for (int r = 0; r < group.Length; r++)
                    for (int l = 0; l < 8; l++)
                        Assert.Equal(BitConverter.DoubleToInt64Bits(single[r][l]), BitConverter.DoubleToInt64Bits(group[r][l]));
        }, iter: 300);
    }

    [Fact]
    public void TheSpanFormIsWithinFourUlpOnEveryLengthAndEdge()
    {
        // Lengths 0 … 70 reach every route: blocks of four registers, single registers, a half register and single elements.
        for (int n = 0; n <= 70; n++)
        {
            var rng = new Random(n);
            var z = new double[n];
            for (int i = 0; i < n; i++) z[i] = i < Edges.Length && n % 2 == 0 ? Edges[i] : (rng.NextDouble() - 0.5) * 60;
            var y = new double[n];
            SimdMath.Sigmoid(z, y);
            for (int i = 0; i < n; i++) AssertSigmoid(z[i], y[i]);
            SimdMath.Sigmoid(z, z); // in place gives the same numbers
            for (int i = 0; i < n; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(y[i]) == BitConverter.DoubleToInt64Bits(z[i]) || double.IsNaN(y[i]) && double.IsNaN(z[i]));
        }
    }

    [Fact]
    public void TheSpanFormUsesTheOneRegisterKernelOnWholeRegisters()
    {
        if (!Avx512F.IsSupported) return;
        var table = SimdMath.SigmoidTable.Load();
        var rng = new Random(11);
        var z = new double[8 * 9]; // two blocks of four registers and one single register
        for (int i = 0; i < z.Length; i++) z[i] = (rng.NextDouble() - 0.5) * 100;
        var y = new double[z.Length];
        SimdMath.Sigmoid(z, y);
        for (int i = 0; i < z.Length; i += 8)
        {
            var expected = SimdMath.Sigmoid(Vector512.Create(z.AsSpan(i, 8)), table);
            for (int l = 0; l < 8; l++) Assert.Equal(BitConverter.DoubleToInt64Bits(expected[l]), BitConverter.DoubleToInt64Bits(y[i + l]));
        }
    }
}
