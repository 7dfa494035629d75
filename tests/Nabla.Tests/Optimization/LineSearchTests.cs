using CsCheck;
using Nabla.Optimization;

namespace Nabla.Tests.Optimization;

/// <summary>The line searches called directly on random smooth functions along random descent directions; the
/// conditions are re-checked here from fresh evaluations at the returned α.</summary>
public sealed class LineSearchTests
{
    private const double C1 = 1e-4, C2 = 0.9;

    // f(x, y) = a·x⁴ + b·(y − c·x)² + x·y/4 + cos(x): smooth, bounded below, with varied curvature.
    private static Objective Make(double a, double b, double c) => Objective.FromDelegates(2,
        x => a * Math.Pow(x[0], 4) + b * Math.Pow(x[1] - c * x[0], 2) + x[0] * x[1] / 4 + Math.Cos(x[0]),
        (x, g) =>
        {
            g[0] = 4 * a * Math.Pow(x[0], 3) - 2 * b * c * (x[1] - c * x[0]) + x[1] / 4 - Math.Sin(x[0]);
            g[1] = 2 * b * (x[1] - c * x[0]) + x[0] / 4;
        });

    private static readonly Gen<(double A, double B, double C, double X, double Y, double Alpha0)> Cases =
        Gen.Select(Gen.Double[0.5, 3], Gen.Double[0.5, 10], Gen.Double[-2, 2], Gen.Double[-3, 3], Gen.Double[-3, 3], Gen.Double[0.01, 10]);

    [Fact]
    public void Wolfe_returns_a_step_satisfying_the_strong_Wolfe_conditions()
    {
        Cases.Sample(t =>
        {
            var objective = Make(t.A, t.B, t.C);
            double[] x = [t.X, t.Y];
            var g = new double[2];
            objective.Gradient(x, g);
            if (Math.Abs(g[0]) + Math.Abs(g[1]) < 1e-6) return;
            double[] d = [-g[0], -g[1]];
            var counted = new CountingObjective(objective);
            double f0 = objective.Value(x);
            var xNew = new double[2];
            var gNew = new double[2];
            var outcome = LineSearch.Wolfe(counted, x, f0, g, d, t.Alpha0, 1e6, C1, C2, 1e-14, xNew, gNew);
            Assert.Equal(LineSearchStatus.Accepted, outcome.Status);
            double[] at = [x[0] + outcome.Alpha * d[0], x[1] + outcome.Alpha * d[1]];
            Assert.Equal(at, xNew);
            var gAt = new double[2];
            objective.Gradient(at, gAt);
            double slope0 = g[0] * d[0] + g[1] * d[1], slope = gAt[0] * d[0] + gAt[1] * d[1];
            Assert.True(objective.Value(at) <= f0 + C1 * outcome.Alpha * slope0 + 1e-12 * (1 + Math.Abs(f0)));
            Assert.True(Math.Abs(slope) <= C2 * Math.Abs(slope0) * (1 + 1e-12));
            Assert.True(outcome.GradientKnown);
            Assert.Equal(gAt, gNew);
        }, iter: 500);
    }

    [Fact]
    public void Armijo_returns_a_sufficient_decrease_step_no_longer_than_the_first_trial_using_values_only()
    {
        Cases.Sample(t =>
        {
            var objective = Make(t.A, t.B, t.C);
            double[] x = [t.X, t.Y];
            var g = new double[2];
            objective.Gradient(x, g);
            if (Math.Abs(g[0]) + Math.Abs(g[1]) < 1e-6) return;
            double[] d = [-g[0], -g[1]];
            var counted = new CountingObjective(objective);
            double f0 = objective.Value(x);
            var xNew = new double[2];
            var outcome = LineSearch.Armijo(counted, x, f0, g, d, t.Alpha0, C1, 1e-14, xNew);
            Assert.Equal(LineSearchStatus.Accepted, outcome.Status);
            Assert.True(outcome.Alpha <= t.Alpha0);
            double[] at = [x[0] + outcome.Alpha * d[0], x[1] + outcome.Alpha * d[1]];
            double slope0 = g[0] * d[0] + g[1] * d[1];
            Assert.Equal(objective.Value(at), outcome.Value);
            Assert.True(outcome.Value <= f0 + C1 * outcome.Alpha * slope0);
            Assert.Equal(0, counted.Gradients);
            if (outcome.Alpha == t.Alpha0) Assert.Equal(1, counted.Values);
        }, iter: 500);
    }

    [Fact]
    public void Both_refuse_an_uphill_direction()
    {
        var objective = Make(1, 1, 0);
        double[] x = [1, 1];
        var g = new double[2];
        objective.Gradient(x, g);
        var counted = new CountingObjective(objective);
        var buffer = new double[2];
        Assert.Equal(LineSearchStatus.Failed, LineSearch.Armijo(counted, x, objective.Value(x), g, g, 1, C1, 1e-14, buffer).Status);
        Assert.Equal(LineSearchStatus.Failed,
            LineSearch.Wolfe(counted, x, objective.Value(x), g, g, 1, 10, C1, C2, 1e-14, buffer, new double[2]).Status);
        Assert.Equal(0, counted.Values);
    }

    [Fact]
    public void Wolfe_reports_a_function_unbounded_along_the_line()
    {
        var objective = Objective.FromDelegates(1, x => -x[0], (x, g) => g[0] = -1);
        var counted = new CountingObjective(objective);
        var outcome = LineSearch.Wolfe(counted, [0.0], 0, [-1.0], [1.0], 1, 1e6, C1, C2, 1e-14, new double[1], new double[1]);
        Assert.Equal(LineSearchStatus.Unbounded, outcome.Status);
        Assert.Equal(1e6, outcome.Alpha);
    }
}
