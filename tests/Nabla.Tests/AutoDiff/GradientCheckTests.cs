using Nabla.AutoDiff;

namespace Nabla.Tests.AutoDiffTests;

public sealed class GradientCheckTests
{
    // f(w) = Σ sin(wᵢ)·wᵢ₊₁ + w₀², gradient written by hand.
    private static double F(double[] w)
    {
        double s = w[0] * w[0];
        for (int i = 0; i + 1 < w.Length; i++) s += Math.Sin(w[i]) * w[i + 1];
        return s;
    }

    private static double[] HandGradient(double[] w)
    {
        var g = new double[w.Length];
        g[0] = 2 * w[0];
        for (int i = 0; i + 1 < w.Length; i++)
        {
            g[i] += Math.Cos(w[i]) * w[i + 1];
            g[i + 1] += Math.Sin(w[i]);
        }
        return g;
    }

    private static readonly double[] W = [0.7, -1.2, 2.1, 0.4, 1.3];

    [Fact]
    public void ACorrectGradientPasses()
    {
        var report = GradientCheck.Compare(F, W, HandGradient(W));
        Assert.True(report.Passed, report.Summary);
        Assert.Equal(5, report.Parameters.Count);
        Assert.True(report.MaxRelativeError < 1e-6);
        Assert.Empty(report.Problems);
        Assert.All(report.Parameters, p => Assert.True(p.Passed && p.Problem is null));
    }

    [Fact]
    public void AForwardModeGradientPasses()
    {
        var ad = ForwardMode.Gradient(w =>
        {
            var s = w[0] * w[0];
            for (int i = 0; i + 1 < w.Length; i++) s += Dual<double>.Sin(w[i]) * w[i + 1];
            return s;
        }, W);
        Assert.True(GradientCheck.Compare(F, W, ad).Passed);
    }

    [Fact]
    public void OneWrongEntryFailsAndIsNamed()
    {
        var g = HandGradient(W);
        g[3] *= 1.001;
        var report = GradientCheck.Compare(F, W, g);
        Assert.False(report.Passed);
        Assert.False(report.Parameters[3].Passed);
        Assert.All(report.Parameters.Where(p => p.Index != 3), p => Assert.True(p.Passed));
        Assert.InRange(report.Parameters[3].RelativeError, 5e-4, 2e-3);
        Assert.Equal(report.Parameters[3].RelativeError, report.MaxRelativeError);
        Assert.Single(report.Problems);
        Assert.Contains("parameter 3", report.Problems[0]);
    }

    [Fact]
    public void NaNInTheAnalyticGradientIsFlagged()
    {
        var g = HandGradient(W);
        g[3] = double.NaN;
        var report = GradientCheck.Compare(F, W, g);
        Assert.False(report.Passed);
        Assert.True(double.IsNaN(report.MaxRelativeError));
        Assert.Equal("the analytic gradient has NaN at parameter 3", report.Parameters[3].Problem);
        Assert.Contains("parameter 3", report.Summary);
    }

    [Fact]
    public void NaNInTheFunctionIsFlagged()
    {
        // ln(w₁) near w₁ = 0: f is NaN at w₁ − h, so the numeric side is NaN.
        double[] w = [1.0, 5e-5];
        var report = GradientCheck.Compare(v => v[0] * Math.Log(v[1]), w, [Math.Log(5e-5), 1.0 / 5e-5]);
        Assert.False(report.Passed);
        Assert.True(report.Parameters[0].Passed);
        Assert.StartsWith("the numeric gradient has NaN at parameter 1", report.Parameters[1].Problem);
    }

    [Fact]
    public void InfinityIsFlagged()
    {
        var report = GradientCheck.Compare(v => v[0] * v[0], [1.0], [double.PositiveInfinity]);
        Assert.False(report.Passed);
        Assert.Contains("∞ at parameter 0", report.Problems[0]);
    }

    [Fact]
    public void BadArgumentsAreClearErrors()
    {
        Assert.Throws<ArgumentException>(() => GradientCheck.Compare(F, W, [1.0]));
        Assert.Throws<ArgumentException>(() => GradientCheck.Compare(F, W, HandGradient(W), h: 0));
    }
}
