using System.Diagnostics;
using Nabla.Symbolic;

namespace Nabla.Tests.CalculusTests;

public sealed class BudgetTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");

    [Fact]
    public void FortiethDerivativeOfTowerFailsWithinSeconds()
    {
        var tower = Expr.Pow(X, Expr.Pow(X, X));
        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<BudgetExceededException>(() => Calculus.Diff(tower, X, 40));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains("DiffOptions.", ex.Message);
        Assert.Contains("raise", ex.Message);
    }

    [Fact]
    public void NestedExpSinProductsHitTheNodeBudget()
    {
        var f = Expr.Exp(Expr.Sin(X) * Expr.Cos(Expr.Exp(X))) * Expr.Sin(Expr.Exp(X) * X);
        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<BudgetExceededException>(() =>
            Calculus.Diff(f, X, 60, new DiffOptions { MaxNodes = 200_000, TimeBudget = TimeSpan.FromMinutes(5) }));
        // The node budget, not the 5-minute time budget, must stop it. 30 s leaves room for a CI machine running the
        // web tests' browser beside this suite on two cores (11.6 s seen there; about 2 s alone).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Contains("DiffOptions.MaxNodes = 200,000", ex.Message);
        Assert.Contains("at order", ex.Message);
    }

    [Fact]
    public void TimeBudgetIsEnforced()
    {
        var tower = Expr.Pow(X, Expr.Pow(X, X));
        var ex = Assert.Throws<BudgetExceededException>(() =>
            Calculus.Diff(tower, X, 40, new DiffOptions { MaxNodes = int.MaxValue, TimeBudget = TimeSpan.FromMilliseconds(300) }));
        Assert.Contains("DiffOptions.TimeBudget", ex.Message);
    }

    [Fact]
    public void StepsRunUnderTheSameBudget()
    {
        var tower = Expr.Pow(X, Expr.Pow(X, X));
        var ex = Assert.Throws<BudgetExceededException>(() =>
            Calculus.DiffWithSteps(tower, X, 40, new DiffOptions { MaxNodes = 100_000 }));
        Assert.Contains("MaxNodes", ex.Message);
    }

    [Fact]
    public void OrderAboveTheLimitIsRejectedWithTheLimitNamed()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Calculus.Diff(Expr.Sin(X), X, 101));
        Assert.Contains("MaxOrder = 100", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Calculus.Diff(Expr.Sin(X), X, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calculus.DiffWithSteps(Expr.Sin(X), X, 3, new DiffOptions { MaxOrder = 2 }));
        Assert.Same(Expr.Sin(X), Calculus.Diff(Expr.Sin(X), X, 200, new DiffOptions { MaxOrder = 200 }));
    }

    [Fact]
    public void TooDeepExpressionsFailCleanly()
    {
        Expr e = X;
        for (int i = 0; i < Expr.MaxDepth + 10; i++) e = Expr.Sin(e);
        Assert.Throws<BudgetExceededException>(() => Calculus.Diff(e, X));
        Assert.Throws<BudgetExceededException>(() => Calculus.DiffWithSteps(e, X));
    }

    [Fact]
    public void DeepButAllowedExpressionsDifferentiate()
    {
        // e = sin(sin(… sin(x) + x …) + x) + x, nested almost to the depth limit: no stack overflow.
        Expr e = X;
        while (e.Depth < Expr.MaxDepth - 5) e = Expr.Sin(e) + X;
        var d = Calculus.Diff(e, X);
        Assert.True(d.Depth > Expr.MaxDepth / 2);
        var steps = Calculus.DiffWithSteps(e, X).Steps;
        Assert.True(steps.Count > Expr.MaxDepth / 2);
        Assert.Same(d, steps[0].Result);
    }

    [Fact]
    public void DeepChainsOfProductsStopAtTheTimeBudget()
    {
        // sin(sin(…(x)…))' is a product of ~1500 cosines built level by level: quadratic work, stopped on time.
        Expr e = X;
        for (int i = 0; i < Expr.MaxDepth - 10; i++) e = Expr.Sin(e);
        var clock = Stopwatch.StartNew();
        try
        {
            Calculus.Diff(e, X, 1, new DiffOptions { TimeBudget = TimeSpan.FromSeconds(1) });
        }
        catch (BudgetExceededException ex)
        {
            Assert.Contains("TimeBudget", ex.Message);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }
}
