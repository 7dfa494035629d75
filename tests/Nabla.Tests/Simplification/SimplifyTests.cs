using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Tests.Simplification;

public sealed class SimplifyTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");
    private static readonly Expr W = Expr.Sym("w");
    private static readonly Expr Z = Expr.Sym("z");

    [Fact]
    public void PythagoreanIdentity()
    {
        Assert.Same(Expr.One, (Expr.Pow(Expr.Sin(X), 2) + Expr.Pow(Expr.Cos(X), 2)).Simplify());
    }

    [Fact]
    public void CancelsRationalFunctions()
    {
        Assert.Same(X + 1, ((Expr.Pow(X, 2) - 1) / (X - 1)).Simplify());
        var report = Simplifier.SimplifyWithReport((Expr.Pow(X, 2) - 1) / (X - 1));
        Assert.Contains("cancel", report.RulesApplied);
    }

    [Fact]
    public void ExpansionThenIdentity()
    {
        // (sin x + cos x)^2 - sin(2x) = 1
        var e = Expr.Pow(Expr.Sin(X) + Expr.Cos(X), 2) - Expr.Sin(2 * X);
        Assert.Same(Expr.One, e.Simplify());
    }

    [Fact]
    public void ExpansionThatShrinks()
    {
        var e = Expr.Pow(X + 1, 2) - Expr.Pow(X, 2) - 2 * X;
        Assert.Same(Expr.One, e.Simplify());
    }

    [Fact]
    public void ExpLogAndQuotients()
    {
        var e = Expr.Exp(Expr.Ln(X)) * Expr.Sin(Y) / Expr.Cos(Y);
        Assert.Same(X * Expr.Call(MathFunction.Tan, Y), e.Simplify());
    }

    [Fact]
    public void ResultIsNeverMoreComplexThanInput()
    {
        var inputs = new[]
        {
            Expr.Pow(X + 1, 5), (X + Y) * (X - Y), 1 / X + 1 / Y, Expr.Sin(X) * Expr.Cos(Y), X * Y + X,
        };
        foreach (var e in inputs)
            Assert.True(Simplifier.Complexity(e.Simplify()) <= Simplifier.Complexity(e), e.ToString());
        // Already simple: unchanged.
        Assert.Same(Expr.Pow(X + 1, 5), Expr.Pow(X + 1, 5).Simplify());
    }

    [Fact]
    public void DeterministicReport()
    {
        var e = Expr.Pow(Expr.Sin(X), 2) * Y + Y * Expr.Pow(Expr.Cos(X), 2) + (Expr.Pow(X, 2) - 4) / (X + 2);
        var a = Simplifier.SimplifyWithReport(e);
        var b = Simplifier.SimplifyWithReport(e);
        Assert.Same(a.Result, b.Result);
        Assert.Equal(a.RulesApplied, b.RulesApplied);
        Assert.Same(Y + X - 2, a.Result);
    }

    [Fact]
    public void HugeInputReturnsWithinTwiceTheTimeBudget()
    {
        var s = X + Y + Z + W;
        var huge = Expr.Pow(s, 40) * Expr.Sin(X) * Expr.Cos(X) + Expr.Pow(s, 39) * Expr.Exp(Y) / (X + 1)
                 + Expr.Pow(Expr.Pow(s, 3) - Expr.Sin(Y), 20);
        var options = new SimplifyOptions { TimeBudget = TimeSpan.FromSeconds(1) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = Simplifier.SimplifyWithReport(huge, options);
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(report.BudgetExhausted || Simplifier.Complexity(report.Result) < Simplifier.Complexity(huge));
        Assert.True(Simplifier.Complexity(report.Result) <= Simplifier.Complexity(huge));
    }

    [Fact]
    public void TinyTimeBudgetStillReturnsAnEqualForm()
    {
        var e = Expr.Pow(X + Y + 1, 12) - Expr.Pow(X + Y, 12) + Expr.Pow(Expr.Sin(X), 2) + Expr.Pow(Expr.Cos(X), 2);
        var report = Simplifier.SimplifyWithReport(e, new SimplifyOptions { TimeBudget = TimeSpan.FromMilliseconds(1) });
        var point = new Dictionary<string, double> { ["x"] = 0.3, ["y"] = -0.2 };
        Assert.True(Support.RandomExpressions.Close(e.Evaluate(point), report.Result.Evaluate(point), 1e-9));
    }

    [Fact]
    public void DeepInputFailsClearly()
    {
        var e = X;
        for (int i = 0; i < Expr.MaxDepth + 10; i++) e = Expr.Sin(e);
        Assert.Throws<BudgetExceededException>(() => e.Simplify());
    }
}
