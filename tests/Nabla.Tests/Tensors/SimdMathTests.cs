using CsCheck;
using Nabla.Numerics;

namespace Nabla.Tests.Tensors;

public sealed class SimdMathTests
{
    /// <summary>Distance in units in the last place of the reference.</summary>
    private static double Ulps(double expected, double actual)
    {
        if (expected == actual) return 0;
        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        return Math.Abs(expected - actual) / ulp;
    }

    [Fact]
    public void SigmoidIsWithinFourUlpOfTheLibraryFormulaOverEveryScale()
    {
        // Arguments from 1e-3 to 1e3 in magnitude, both signs, in spans of every length up to 40 (vector bodies and tails).
        var arguments = Gen.Double[-3, 2.84].Select(Gen.Bool, (e, negative) => (negative ? -1 : 1) * Math.Pow(10, e));
        arguments.Array[1, 40].Sample(xs =>
        {
            var y = new double[xs.Length];
            SimdMath.Sigmoid(xs, y);
            for (int i = 0; i < xs.Length; i++)
            {
                double expected = 1 / (1 + Math.Exp(-xs[i]));
                if (expected < 1.3e-308) Assert.True(y[i] <= 1.3e-308, $"sigmoid({xs[i]:R}) = {y[i]:R}");
                else Assert.True(Ulps(expected, y[i]) <= 4, $"sigmoid({xs[i]:R}): expected {expected:R}, got {y[i]:R}");
            }
        }, iter: 2000);
    }

    [Fact]
    public void SigmoidKeepsTheSpecialValues()
    {
        double[] x = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, 800, -800, 36, -36];
        var y = new double[x.Length];
        SimdMath.Sigmoid(x, y);
        Assert.True(double.IsNaN(y[0]));
        Assert.Equal(1.0, y[1]);
        Assert.True(y[2] is >= 0 and < 1.3e-308);
        Assert.Equal(0.5, y[3]);
        Assert.Equal(0.5, y[4]);
        Assert.Equal(1.0, y[5]);
        Assert.True(y[6] is >= 0 and < 1.3e-308);
        Assert.True(Ulps(1 / (1 + Math.Exp(-36.0)), y[7]) <= 2);
        Assert.True(Ulps(1 / (1 + Math.Exp(36.0)), y[8]) <= 2);
    }

    [Fact]
    public void SigmoidWorksInPlaceAndChecksTheOutputLength()
    {
        double[] x = [-2, -1, 0, 1, 2, 3, 4, 5, 6];
        var expected = x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        SimdMath.Sigmoid(x, x);
        for (int i = 0; i < x.Length; i++) Assert.True(Ulps(expected[i], x[i]) <= 2);
        var error = Assert.Throws<ArgumentException>(() => SimdMath.Sigmoid(new double[5], new double[4]));
        Assert.Contains("holds 4", error.Message);
    }
}
