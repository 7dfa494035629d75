using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;
using Nabla.Tests.Support;

namespace Nabla.Tests.Simplification;

/// <summary>Property checks against plain double evaluation: every operation keeps the value wherever both
/// the input and the output are defined.</summary>
public sealed class ValuePreservationTests
{
    private int _compared;
    private int _total;

    private void AssertSameValues(Expr before, Expr after, string operation)
    {
        Interlocked.Increment(ref _total);
        var rng = new Random(before.GetHashCode());
        bool compared = false;
        for (int i = 0; i < 12; i++)
        {
            var point = RandomExpressions.Point(rng);
            double a = before.Evaluate(point), b = after.Evaluate(point);
            // Undefined on either side (a cancelled factor, a pole, a log of a negative) is skipped; huge values
            // are ill-conditioned in double precision and say nothing about the algebra.
            if (!double.IsFinite(a) || !double.IsFinite(b) || Math.Abs(a) > 1e6 || Math.Abs(b) > 1e6) continue;
            // Rounding noise: an expanded polynomial near a root loses digits to cancellation. Re-evaluating at a
            // point moved by one part in 10^13 changes the true value by far less than 1e-8 but shows that noise;
            // it widens the absolute floor only for ill-conditioned points, never for a wrong formula.
            double noise = Noise(before, point, a) + Noise(after, point, b);
            Assert.True(RandomExpressions.Close(a, b, 1e-8, 1e-7 + 100 * noise),
                $"{operation}: {before} = {a} but {after} = {b} at x={point["x"]}, y={point["y"]}, z={point["z"]}");
            compared = true;
        }
        if (compared) Interlocked.Increment(ref _compared);
    }

    private static double Noise(Expr e, Dictionary<string, double> point, double value)
    {
        double worst = 0;
        foreach (var scale in new[] { 1 + 1e-13, 1 - 1e-13 })
        {
            var moved = point.ToDictionary(kv => kv.Key, kv => kv.Value * scale);
            double v = e.Evaluate(moved);
            worst = double.IsFinite(v) ? Math.Max(worst, Math.Abs(v - value)) : double.PositiveInfinity;
        }
        return worst;
    }

    private static Expr OrSkip(Func<Expr> operation, Expr fallback)
    {
        try { return operation(); }
        catch (BudgetExceededException) { return fallback; }
    }

    /// <summary>Guards against a vacuous pass: most random expressions must have been compared somewhere.</summary>
    private void AssertMostWereCompared() =>
        Assert.True(_compared * 2 > _total, $"only {_compared} of {_total} expressions had a point where both sides were defined");

    [Fact]
    public void SimplifyPreservesValue()
    {
        RandomExpressions.Any().Sample(e => AssertSameValues(e, Simplifier.Simplify(e), "Simplify"), iter: 1000);
        AssertMostWereCompared();
    }

    [Fact]
    public void ExpandPreservesValue()
    {
        RandomExpressions.Any().Sample(e => AssertSameValues(e, OrSkip(() => e.Expand(), e), "Expand"), iter: 600);
        AssertMostWereCompared();
    }

    [Fact]
    public void TogetherPreservesValue()
    {
        RandomExpressions.Any().Sample(e => AssertSameValues(e, OrSkip(() => e.Together(), e), "Together"), iter: 600);
        AssertMostWereCompared();
    }

    [Fact]
    public void CancelPreservesValue()
    {
        RandomExpressions.Any().Sample(e => AssertSameValues(e, OrSkip(() => e.Cancel(), e), "Cancel"), iter: 600);
        AssertMostWereCompared();
    }

    [Fact]
    public void FactorPreservesValue()
    {
        RandomExpressions.Any().Sample(e => AssertSameValues(e, OrSkip(() => e.Factor(), e), "Factor"), iter: 500);
        AssertMostWereCompared();
    }

    [Fact]
    public void RulesPreserveValue()
    {
        RandomExpressions.Any(5).Sample(e => AssertSameValues(e, Simplifier.ApplyRules(e).Result, "rules"), iter: 1000);
        AssertMostWereCompared();
    }
}
