namespace Nabla.Tests.NumericDiffTests;

/// <summary>Every misuse fails with an exception that says what is wrong.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void UndefinedPointsAreNamed()
    {
        var atX = Assert.Throws<ArgumentException>(() => NumericDiff.Central(t => 1 / t, 0));
        Assert.Contains("f is not defined at x = 0", atX.Message);
        var right = Assert.Throws<ArgumentException>(() => NumericDiff.Central(Math.Log, 0.5, 1));
        Assert.Contains("x − h = -0.5", right.Message);
        var wide = Assert.Throws<ArgumentException>(() => NumericDiff.Stencil(Math.Log, 0.5, 1, 4, 0.25));
        Assert.Contains("x − 2h = 0", wide.Message);
        // A given initial step is respected: Richardson reports the gap instead of shrinking it.
        var richardson = Assert.Throws<ArgumentException>(() => NumericDiff.Richardson(Math.Log, 0.5, initialStep: 1));
        Assert.Contains("x − h", richardson.Message);
    }

    [Fact]
    public void StepsAndOrdersOutOfRangeAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Central(Math.Sin, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Central(Math.Sin, 1, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Forward(Math.Sin, 1, double.NaN));
        var tiny = Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Central(Math.Sin, 1e10, 1e-10));
        Assert.Contains("does not move x", tiny.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Stencil(Math.Sin, 1, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Stencil(Math.Sin, 1, 7, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Stencil(Math.Sin, 1, 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Stencil(Math.Sin, 1, 1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.Richardson(Math.Sin, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericDiff.StencilWeights(2, 0));
        Assert.Throws<ArgumentException>(() => NumericDiff.Weights([0, 1, 1], 1));
        Assert.Throws<ArgumentException>(() => NumericDiff.Weights([0, 1], 2));
        Assert.Throws<ArgumentException>(() => NumericDiff.Central(Math.Sin, double.NaN));
        Assert.Throws<ArgumentException>(() => NumericDiff.Richardson(Math.Sin, double.PositiveInfinity));
    }

    [Fact]
    public void AFunctionThatOverflowsIsReported()
    {
        // exp(26.6²) ≈ 1e307 is finite, but its derivative 2x·exp(x²) is not.
        foreach (var run in new Action[]
        {
            () => NumericDiff.Richardson(t => Math.Exp(t * t), 26.6),
            () => NumericDiff.Central(t => Math.Exp(t * t), 26.6),
        })
            Assert.Contains("overflow", Assert.Throws<ArgumentException>(run).Message);
        // Beyond the point itself: exp(30²) is already ∞.
        Assert.Contains("not defined at x = 30", Assert.Throws<ArgumentException>(() => NumericDiff.Central(t => Math.Exp(t * t), 30)).Message);
    }
}
