using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

public sealed class ConstrainedProblemTests
{
    private static Expr P(string s) => Expr.Parse(s);

    private static ConstrainedProblem Slsqp() => ConstrainedProblem.Create(P("(x - 1)^2 + (y - 2)^2"), [], [P("x + y - 2")]);

    private static void AssertKktTight(ConstrainedResult r)
    {
        Assert.True(r.Converged, r.Message);
        Assert.True(r.Kkt.Stationarity <= 1e-10, $"stationarity {r.Kkt.Stationarity}");
        Assert.True(r.Kkt.PrimalFeasibility <= 1e-10, $"feasibility {r.Kkt.PrimalFeasibility}");
        Assert.True(r.Kkt.Complementarity <= 1e-10, $"complementarity {r.Kkt.Complementarity}");
        Assert.Equal(0, r.Kkt.DualFeasibility);
    }

    [Fact]
    public void BenchmarkProblemIsSolvedToRounding()
    {
        // The closest point of the half-plane x + y ≤ 2 to (1, 2) is its projection (1, 2) − ½(1, 1) = (½, 3/2);
        // ∇f = (−1, −1) = −μ(1, 1) gives μ = 1.
        var r = Slsqp().Solve([0.0, 0.0]);
        AssertKktTight(r);
        Assert.Equal(0.5, r.X[0], 1e-12);
        Assert.Equal(1.5, r.X[1], 1e-12);
        Assert.Equal(0.5, r.Value, 1e-12);
        Assert.Equal(1, r.InequalityMultipliers[0], 1e-12);
        Assert.True(r.OuterIterations <= 6, $"{r.OuterIterations} outer iterations");
    }

    [Fact]
    public void ReusedAcrossStartsGivesTheSameAnswer()
    {
        var problem = Slsqp();
        double[][] starts = [[0, 0], [5, -3], [-10, 10], [0.5, 1.5], [100, 100]];
        foreach (var start in starts)
        {
            var r = problem.Solve(start, new AugmentedLagrangianOptions { RecordTrace = false });
            AssertKktTight(r);
            Assert.Equal(0.5, r.X[0], 1e-12);
            Assert.Equal(1.5, r.X[1], 1e-12);
            Assert.Empty(r.Trace);
        }
        // The dictionary start goes through the same path.
        var named = problem.Solve(new Dictionary<string, double> { ["y"] = 0, ["x"] = 0 });
        Assert.Equal(0.5, named.X[0], 1e-12);
        Assert.Equal(["x", "y"], problem.Variables);
        Assert.Equal(0, problem.EqualityCount);
        Assert.Equal(1, problem.InequalityCount);
    }

    [Fact]
    public void ParallelSolvesOfOneProblemAgree()
    {
        // Each Solve owns its buffers; the compiled kernels are shared read-only.
        var problem = Slsqp();
        var results = new ConstrainedResult[64];
        Parallel.For(0, results.Length, i => results[i] = problem.Solve([i % 7 - 3.0, i % 5 - 2.0], new AugmentedLagrangianOptions { RecordTrace = false }));
        foreach (var r in results)
        {
            AssertKktTight(r);
            Assert.Equal(0.5, r.X[0], 1e-12);
            Assert.Equal(1.5, r.X[1], 1e-12);
        }
    }

    [Fact]
    public void HalfPlaneClosedFormToRounding()
    {
        // min x² + y² s.t. x + y ≥ 1: (½, ½), μ = 1.
        var r = ConstrainedProblem.Create(P("x^2 + y^2"), [], [P("1 - x - y")]).Solve([3.0, -2.0]);
        AssertKktTight(r);
        Assert.Equal(0.5, r.X[0], 1e-12);
        Assert.Equal(0.5, r.X[1], 1e-12);
        Assert.Equal(1, r.InequalityMultipliers[0], 1e-12);
    }

    [Fact]
    public void InactiveInequalityClosedFormToRounding()
    {
        var r = ConstrainedProblem.Create(P("(x - 1)^2 + (y - 2)^2"), [], [P("x + y - 10")]).Solve([0.0, 0.0]);
        AssertKktTight(r);
        Assert.Equal(1, r.X[0], 1e-12);
        Assert.Equal(2, r.X[1], 1e-12);
        Assert.Equal(0, r.InequalityMultipliers[0]);
    }

    [Fact]
    public void EqualityOnCircleClosedFormToRounding()
    {
        // min x + y on x² + y² = 2: (−1, −1), λ = −½ (∇f = λ∇g).
        var r = ConstrainedProblem.Create(P("x + y"), [P("x^2 + y^2 - 2")], []).Solve([-0.5, -2.0]);
        AssertKktTight(r);
        Assert.Equal(-1, r.X[0], 1e-12);
        Assert.Equal(-1, r.X[1], 1e-12);
        Assert.Equal(-0.5, r.EqualityMultipliers[0], 1e-12);
    }

    [Fact]
    public void MixedConstraintsInThreeVariablesClosedFormToRounding()
    {
        // x + y + z = 1 and x ≥ ½: x = ½, y = z = ¼, λ = ½, μ = ½.
        var r = ConstrainedProblem.Create(P("x^2 + y^2 + z^2"), [P("x + y + z - 1")], [P("1/2 - x")]).Solve([0.0, 0.0, 0.0]);
        AssertKktTight(r);
        Assert.Equal(0.5, r.X[0], 1e-12);
        Assert.Equal(0.25, r.X[1], 1e-12);
        Assert.Equal(0.25, r.X[2], 1e-12);
        Assert.Equal(0.5, r.EqualityMultipliers[0], 1e-12);
        Assert.Equal(0.5, r.InequalityMultipliers[0], 1e-12);
    }

    [Fact]
    public void BoundedRosenbrockClosedFormToRounding()
    {
        // x ≤ ½ active: (½, ¼), the bound's multiplier is −∂f/∂x = 1.
        var bounds = new Dictionary<string, (double, double)> { ["x"] = (-2, 0.5), ["y"] = (-1, 2) };
        var problem = ConstrainedProblem.Create(P("(1 - x)^2 + 100*(y - x^2)^2"), [], [], bounds: bounds);
        var r = problem.Solve([-1.2, 1.0]);
        AssertKktTight(r);
        Assert.Equal(0.5, r.X[0], 1e-12);
        Assert.Equal(0.25, r.X[1], 1e-12);
        Assert.Equal(1, r.BoundMultipliers[0], 1e-10);
        Assert.Equal(0, r.BoundMultipliers[1]);
    }

    [Fact]
    public void PolishNeverAcceptsTheConstrainedMaximum()
    {
        // From near (1, 1), the maximum of x + y on the circle, the method must still end at the minimum (−1, −1).
        var r = ConstrainedProblem.Create(P("x + y"), [P("x^2 + y^2 - 2")], []).Solve([1.0, 1.01]);
        AssertKktTight(r);
        Assert.Equal(-1, r.X[0], 1e-10);
        Assert.Equal(-1, r.X[1], 1e-10);
    }

    [Fact]
    public void WithoutPolishTheAnswerMeetsTheLooserTolerance()
    {
        var r = Slsqp().Solve([0.0, 0.0], new AugmentedLagrangianOptions { Polish = false });
        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.5, r.X[0], 1e-6);
        Assert.True(r.Kkt.PrimalFeasibility <= 1e-8);
    }

    [Fact]
    public void ExplicitVariablesAndBadInput()
    {
        // A variable f does not use, listed explicitly, is part of x (it is free: any value is optimal).
        var problem = ConstrainedProblem.Create(P("(x - 1)^2"), [], [], ["x", "w"]);
        Assert.Equal(["x", "w"], problem.Variables);
        var stray = Assert.Throws<ArgumentException>(() => ConstrainedProblem.Create(P("x + y"), [], [], ["x"]));
        Assert.Contains("y", stray.Message);
        var twice = Assert.Throws<ArgumentException>(() => ConstrainedProblem.Create(P("x"), [], [], ["x", "x"]));
        Assert.Contains("twice", twice.Message);
        var badBound = Assert.Throws<ArgumentException>(() => ConstrainedProblem.Create(P("x^2"), [], [],
            bounds: new Dictionary<string, (double, double)> { ["x"] = (1, 0) }));
        Assert.Contains("x", badBound.Message);
        var slsqp = Slsqp();
        Assert.Throws<ArgumentException>(() => slsqp.Solve([1.0]));
        Assert.Throws<ArgumentException>(() => slsqp.Solve(new Dictionary<string, double> { ["x"] = 1 }));
        Assert.Throws<ArgumentException>(() => slsqp.Solve(new Dictionary<string, double> { ["x"] = 1, ["y"] = 1, ["z"] = 1 }));
    }
}
