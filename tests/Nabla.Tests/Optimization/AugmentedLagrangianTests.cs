using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

public sealed class AugmentedLagrangianTests
{
    private static Expr P(string s) => Expr.Parse(s);

    private static Dictionary<string, double> At(params (string Name, double Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void HalfPlaneConstraintIsActiveWithMultiplierOne()
    {
        // min x² + y² s.t. x + y ≥ 1: by symmetry x = y, and on the line 2x² is least at x = ½; ∇f = (1, 1) = μ(1, 1) → μ = 1.
        var r = Optimize.AugmentedLagrangian(P("x^2 + y^2"), [], [P("1 - x - y")], At(("x", 3), ("y", -2)));
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(0.5, r.X[0], 6);
        Assert.Equal(0.5, r.X[1], 6);
        Assert.Equal(0.5, r.Value, 6);
        Assert.Equal(1, r.InequalityMultipliers[0], 5);
        Assert.Empty(r.EqualityMultipliers);
        Assert.True(r.Kkt.Stationarity < 1e-4);
        Assert.True(r.Kkt.PrimalFeasibility <= 1e-8);
        Assert.True(r.Kkt.Complementarity <= 1e-8);
        Assert.Equal(0, r.Kkt.DualFeasibility);
        Assert.Equal(r.OuterIterations + 1, r.Trace.Count);
    }

    [Fact]
    public void InactiveInequalityHasZeroMultiplier()
    {
        // The unconstrained minimum (1, 2) already satisfies x + y ≤ 10.
        var r = Optimize.AugmentedLagrangian(P("(x - 1)^2 + (y - 2)^2"), [], [P("x + y - 10")], At(("x", 0), ("y", 0)));
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1, r.X[0], 6);
        Assert.Equal(2, r.X[1], 6);
        Assert.Equal(0, r.InequalityMultipliers[0]);
    }

    [Fact]
    public void BoundConstrainedRosenbrockStopsAtTheBound()
    {
        // With x ≤ 1/2: for fixed x the best y is x², leaving (1 − x)², which falls all the way to the bound: (1/2, 1/4), f = 1/4.
        // There ∂f/∂x = −2(1 − x) − 400x(y − x²) = −1, so the upper bound's multiplier is 1.
        var bounds = new Dictionary<string, (double, double)> { ["x"] = (-2, 0.5), ["y"] = (-1, 2) };
        var r = Optimize.AugmentedLagrangian(P("(1 - x)^2 + 100*(y - x^2)^2"), [], [], At(("x", -1.2), ("y", 1)), bounds);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(0.5, r.X[0], 6);
        Assert.Equal(0.25, r.X[1], 6);
        Assert.Equal(0.25, r.Value, 6);
        Assert.Equal(1, r.BoundMultipliers[0], 4);
        Assert.Equal(0, r.BoundMultipliers[1]);
        Assert.True(r.Kkt.Stationarity < 1e-4);
        Assert.True(r.Kkt.PrimalFeasibility <= 1e-8);
    }

    [Fact]
    public void EqualityMultiplierFollowsTheLagrangeConvention()
    {
        // min x + y on x² + y² = 2: the lowest point of the line family is (−1, −1); ∇f = λ∇g → (1, 1) = λ(−2, −2), λ = −½.
        var r = Optimize.AugmentedLagrangian(P("x + y"), [P("x^2 + y^2 - 2")], [], At(("x", -0.5), ("y", -2)));
        Assert.True(r.Converged, r.Message);
        Assert.Equal(-1, r.X[0], 6);
        Assert.Equal(-1, r.X[1], 6);
        Assert.Equal(-0.5, r.EqualityMultipliers[0], 5);
        // Same λ as Optimize.Lagrange reports at its global minimum.
        var lagrange = Optimize.Lagrange(P("x + y"), [P("x^2 + y^2 - 2")]);
        Assert.Equal(lagrange.GlobalMin!.Multipliers[0], r.EqualityMultipliers[0], 5);
    }

    [Fact]
    public void InfeasibleInequalityIsReported()
    {
        var r = Optimize.AugmentedLagrangian(P("x^2"), [], [P("x^2 + 1")], At(("x", 2)));
        Assert.Equal(ExitReason.Infeasible, r.Exit);
        Assert.True(r.Kkt.PrimalFeasibility >= 1 - 1e-9);
        Assert.Contains("violated", r.Message);
    }

    [Fact]
    public void UndefinedStartIsReported()
    {
        var r = Optimize.AugmentedLagrangian(P("ln(x) + y^2"), [], [P("y - 1")], At(("x", -1), ("y", 0)));
        Assert.Equal(ExitReason.UndefinedAtStart, r.Exit);
        Assert.Equal(0, r.OuterIterations);
    }

    [Fact]
    public void OuterBudgetIsReported()
    {
        var r = Optimize.AugmentedLagrangian(P("x + y"), [P("x^2 + y^2 - 2")], [], At(("x", 3), ("y", 1)),
            options: new AugmentedLagrangianOptions { MaxOuterIterations = 1 });
        Assert.Equal(ExitReason.MaxIterations, r.Exit);
        Assert.Equal(1, r.OuterIterations);
    }

    [Fact]
    public void BadInputThrows()
    {
        var f = P("x^2 + y^2");
        var missing = Assert.Throws<ArgumentException>(() => Optimize.AugmentedLagrangian(f, [], [], At(("x", 1))));
        Assert.Contains("y", missing.Message);
        var bounds = new Dictionary<string, (double, double)> { ["q"] = (0, 1) };
        var stray = Assert.Throws<ArgumentException>(() => Optimize.AugmentedLagrangian(f, [], [], At(("x", 1), ("y", 1)), bounds));
        Assert.Contains("q", stray.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimize.AugmentedLagrangian(f, [], [], At(("x", 1), ("y", 1)),
            options: new AugmentedLagrangianOptions { PenaltyGrowth = 1 }));
    }
    [Fact]
    public void EqualityAndInequalityTogetherInThreeVariables()
    {
        // min x² + y² + z² on x + y + z = 1 is (⅓, ⅓, ⅓); adding x ≥ ½ makes it active: x = ½, y = z = ¼, f = 3/8.
        // KKT: (1, ½, ½) = λ(1, 1, 1) − μ(−1, 0, 0) gives λ = ½, μ = ½.
        var r = Optimize.AugmentedLagrangian(P("x^2 + y^2 + z^2"), [P("x + y + z - 1")], [P("1/2 - x")], At(("x", 0), ("y", 0), ("z", 0)));
        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.5, r.X[0], 6);
        Assert.Equal(0.25, r.X[1], 6);
        Assert.Equal(0.25, r.X[2], 6);
        Assert.Equal(0.375, r.Value, 6);
        Assert.Equal(0.5, r.EqualityMultipliers[0], 5);
        Assert.Equal(0.5, r.InequalityMultipliers[0], 5);
        Assert.True(r.Kkt.Stationarity < 1e-4 && r.Kkt.PrimalFeasibility <= 1e-8 && r.Kkt.Complementarity <= 1e-8);
    }
}
