using Nabla.Optimization;
using Nabla.Regression;
using Xunit.Abstractions;

namespace Nabla.Tests.Regression;

public sealed class HeightsTests(ITestOutputHelper output)
{
    /// <summary>χ² computed here directly in double, independent of the engine.</summary>
    private static double ChiSquared(double mu, double sig)
    {
        double sum = 0;
        for (int k = 0; k < 100; k++)
        {
            double x = 51.25 + 2.5 * k;
            double f = Math.Exp(-(x - mu) * (x - mu) / (2 * sig * sig)) / (sig * Math.Sqrt(2 * Math.PI));
            sum += Math.Pow(HeightsAssignment.Frequencies[k] - f, 2);
        }
        return sum;
    }

    [Fact]
    public void DataMatchTheAssignment()
    {
        Assert.Equal(100, HeightsAssignment.Centres.Count);
        Assert.Equal(51.25, HeightsAssignment.Centres[0]);
        Assert.Equal(298.75, HeightsAssignment.Centres[99]);
        Assert.Equal(1.0, HeightsAssignment.Frequencies.Sum() * HeightsAssignment.BinWidth, 12);
        // 160 is bin 44; the raw frequencies sum to 0.995 → density = raw / (0.995·2.5).
        Assert.Equal(0.031 / (0.995 * 2.5), HeightsAssignment.Frequencies[44], 12);
        Assert.Equal(0, HeightsAssignment.Frequencies[43]);
        Assert.Equal(0, HeightsAssignment.Frequencies[60]);
        Assert.Equal(["mu", "sig"], Calculus.InferVariables(HeightsAssignment.Model).Select(s => s.Name).Where(n => n != "x"));
    }

    [Fact]
    public void CourseLoopReproducesAHandWrittenDescent()
    {
        // The oracle: the course's loop written out here with analytic partial derivatives of χ².
        double mu = 155, sig = 6;
        for (int step = 0; step < 50; step++)
        {
            double dmu = 0, dsig = 0;
            for (int k = 0; k < 100; k++)
            {
                double x = 51.25 + 2.5 * k;
                double f = Math.Exp(-(x - mu) * (x - mu) / (2 * sig * sig)) / (sig * Math.Sqrt(2 * Math.PI));
                double r = HeightsAssignment.Frequencies[k] - f;
                dmu += -2 * r * f * (x - mu) / (sig * sig);
                dsig += -2 * r * f * ((x - mu) * (x - mu) / (sig * sig * sig) - 1 / sig);
            }
            mu -= 2000 * dmu;
            sig -= 2000 * dsig;
        }
        var fit = HeightsAssignment.SteepestDescent();
        Assert.Equal(51, fit.Trace.Count);
        Assert.Equal(50, fit.Iterations);
        Assert.Equal(mu, fit["mu"], 1e-9 * Math.Abs(mu));
        Assert.Equal(sig, fit["sig"], 1e-9 * Math.Abs(sig));
        Assert.Equal(ChiSquared(mu, sig), fit.ChiSquared, 1e-12);
    }

    [Fact]
    public void SteepestDescentEndsNearTheLevenbergMarquardtMinimum()
    {
        var descent = HeightsAssignment.SteepestDescent();
        var lm = HeightsAssignment.LevenbergMarquardt();
        Assert.Equal(ExitReason.Converged, lm.Exit);
        // LM's point is a minimum: the independent χ² rises in every direction by a small move.
        double best = ChiSquared(lm["mu"], lm["sig"]);
        foreach (var (dm, ds) in new[] { (0.01, 0.0), (-0.01, 0.0), (0.0, 0.01), (0.0, -0.01) })
            Assert.True(ChiSquared(lm["mu"] + dm, lm["sig"] + ds) > best);
        output.WriteLine($"SD: mu={descent["mu"]:R} sig={descent["sig"]:R} chi2={descent.ChiSquared:R}");
        output.WriteLine($"LM: mu={lm["mu"]:R} sig={lm["sig"]:R} chi2={lm.ChiSquared:R} ± {lm.ErrorOf("mu"):G4}, {lm.ErrorOf("sig"):G4}");
        // Statistically the same answer needs only a small fraction of LM's standard errors (0.18 and 0.15); the
        // course's 50 steps do far better: about 3e-7 in mu and 1e-8 in sig (measured), so 1e-5 leaves a 30x margin. χ² is quadratic near the minimum, so it is within
        // 1e-9 relative.
        Assert.InRange(Math.Abs(descent["mu"] - lm["mu"]), 0, 1e-5);
        Assert.InRange(Math.Abs(descent["sig"] - lm["sig"]), 0, 1e-5);
        Assert.InRange(descent.ChiSquared, lm.ChiSquared * (1 - 1e-12), lm.ChiSquared * (1 + 1e-9));
        Assert.Equal(ExitReason.MaxIterations, descent.Exit);
    }
}
