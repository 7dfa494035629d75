namespace Nabla.Tests.NumericDiffTests;

/// <summary>The course's opening demonstration: secant slopes converging to the derivative, then the round-off floor.</summary>
public sealed class RiseOverRunTests
{
    [Fact]
    public void SlopesOfXSquaredAtOneAreTwoPlusHThenRoundOffTakesOver()
    {
        var table = NumericDiff.RiseOverRun(t => t * t, 1, exactDerivative: 2);
        Assert.Equal(16, table.Count);
        for (int k = 0; k < table.Count; k++)
            Assert.Equal(Math.Pow(10, -k), table[k].Step, 1e-15 * Math.Pow(10, -k) * 4);

        // ((1 + h)² − 1)/h = 2 + h exactly in real arithmetic: the secant error is the run itself while h is large.
        for (int k = 0; k <= 4; k++)
        {
            Assert.Equal(2 + table[k].Step, table[k].Slope, 1e-12);
            Assert.Equal(table[k].Slope - 2, table[k].Error);
        }

        // The U shape: the error shrinks with h until round-off (≈ ε·|f(x)|/h) takes over, then grows.
        var errors = table.Select(r => Math.Abs(r.Error)).ToArray();
        int best = Array.IndexOf(errors, errors.Min());
        Assert.InRange(best, 1, table.Count - 2);
        Assert.InRange(table[best].Step, 1e-10, 1e-6); // the floor sits near √ε ≈ 1.5e-8
        Assert.True(errors[^1] > 100 * errors[best], "at h = 1e-15 round-off dominates");
        Assert.True(errors[0] > 100 * errors[best]);
    }

    [Fact]
    public void BelowTheSpacingOfDoublesTheRunVanishesAndTheSlopeIsZero()
    {
        // At x = 1 the doubles are 2.2e-16 apart: 1 + 1e-17 is 1, so the rise is 0.
        var table = NumericDiff.RiseOverRun(Math.Exp, 1, Math.E, rows: 18);
        Assert.Equal(0, table[^1].Slope);
        Assert.Equal(-Math.E, table[^1].Error);
    }

    [Fact]
    public void WithoutAnExactDerivativeTheErrorIsNaNAndTheStepsFollowTheLargestStep()
    {
        var table = NumericDiff.RiseOverRun(Math.Sin, 0.5, largestStep: 0.5, rows: 4);
        Assert.Equal([0.5, 0.05, 0.005, 0.0005], table.Select(r => r.Step));
        Assert.All(table, r => Assert.True(double.IsNaN(r.Error)));
        Assert.Equal((Math.Sin(1) - Math.Sin(0.5)) / 0.5, table[0].Slope);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirReason()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.RiseOverRun(Math.Sin, 0, rows: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.RiseOverRun(Math.Sin, 0, rows: 65));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.RiseOverRun(Math.Sin, 0, largestStep: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.RiseOverRun(Math.Sin, 0, largestStep: double.PositiveInfinity));
        var ex = Assert.Throws<ArgumentException>(() => NumericDiff.RiseOverRun(Math.Log, 0));
        Assert.Contains("x = 0", ex.Message);
        // The table runs to the right only: sqrt(1 − t) fails at x + h = 1.5.
        var right = Assert.Throws<ArgumentException>(() => NumericDiff.RiseOverRun(t => Math.Sqrt(1 - t), 0.5));
        Assert.Contains("x + h = 1.5", right.Message);
    }
}
