using System.Diagnostics;
using Nabla.Symbolic;

namespace Nabla.Tests.Taylor;

public sealed class ErrorAndPrintingTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Expr x = X;

    [Fact]
    public void APoleNamesTheDenominator()
    {
        var ex = Assert.Throws<SymbolicException>(() => Calculus.Taylor(2 / (x * x - x), X, 1, 3));
        Assert.Equal("2/(x^2 - x) has a pole at x = 1: the denominator x^2 - x is 0 there, so no Taylor series exists; " +
                     "try a Laurent series or another point", ex.Message);
        Assert.Contains("pole at x = 0", Assert.Throws<SymbolicException>(() => Calculus.Taylor(1 / x, X, 0, 3)).Message);
        Assert.Contains("the denominator cos(x)", Assert.Throws<SymbolicException>(() =>
            Calculus.Taylor(Expr.Call(MathFunction.Tan, x), X, Expr.Pi / 2, 3)).Message);
        Assert.Contains("pole", Assert.Throws<SymbolicException>(() => Calculus.Taylor(Expr.Call(MathFunction.Cot, x), X, 0, 3)).Message);
        // sin(x)/x² still has a pole at 0 although the numerator vanishes there.
        Assert.Contains("pole at x = 0", Assert.Throws<SymbolicException>(() => Calculus.Taylor(Expr.Sin(x) / (x * x), X, 0, 3)).Message);
    }

    [Fact]
    public void LogarithmAndRootsAtZeroAreClearErrors()
    {
        var ln = Assert.Throws<SymbolicException>(() => Calculus.Taylor(Expr.Ln(x), X, 0, 3));
        Assert.Contains("not defined at x = 0", ln.Message);
        Assert.Contains("ln", ln.Message);
        var sqrt = Assert.Throws<SymbolicException>(() => Calculus.Taylor(Expr.Sqrt(x), X, 0, 3));
        Assert.Contains("branch point at x = 0", sqrt.Message);
        Assert.Contains("infinite", sqrt.Message);
        Assert.Contains("not defined at x = -1", Assert.Throws<SymbolicException>(() => Calculus.Taylor(Expr.Ln(x), X, -1, 3)).Message);
        Assert.Contains("branch point", Assert.Throws<SymbolicException>(() =>
            Calculus.Taylor(Expr.Call(MathFunction.Asin, x), X, 1, 3)).Message);
        Assert.Contains("not differentiable at x = 0", Assert.Throws<SymbolicException>(() =>
            Calculus.Taylor(Expr.Call(MathFunction.Abs, x), X, 0, 3)).Message);
    }

    [Fact]
    public void BadOrdersFailBeforeAnyWork()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calculus.Taylor(Expr.Exp(x), X, 0, -1));
        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<BudgetExceededException>(() => Calculus.Taylor(Expr.Exp(Expr.Sin(x)), X, 0, 1_000_000));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Contains("1000000", ex.Message);
        Assert.Contains("MaxOrder", ex.Message);
        Assert.Throws<BudgetExceededException>(() =>
            Calculus.Taylor(Expr.Exp(x), new Dictionary<Symbol, Expr> { [X] = 0 }, 1_000_000));
    }

    [Fact]
    public void TheTimeBudgetStopsAHugeExpansion()
    {
        var clock = Stopwatch.StartNew();
        var options = new TaylorOptions { MaxOrder = 5000, TimeBudget = TimeSpan.FromMilliseconds(200) };
        Assert.Throws<BudgetExceededException>(() => Calculus.Taylor(Expr.Exp(Expr.Sin(x)) * Expr.Cos(x), X, 1, 5000, options));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void TheExpansionPointMayBeASymbol()
    {
        Expr b = Expr.Sym("b");
        var s = Calculus.Taylor(Expr.Ln(x), X, b, 3);
        Assert.Same(Expr.Ln(b), s.Coefficients[0]);
        Assert.Same(1 / b, s.Coefficients[1]);
        Assert.Same(-1 / (2 * b * b), s.Coefficients[2]);
        Assert.Throws<ArgumentException>(() => Calculus.Taylor(Expr.Ln(x), X, x + 1, 3));
    }

    [Fact]
    public void PlainAndHumanForms()
    {
        var s = Calculus.Taylor(1 / x, X, 4, 2);
        Assert.Equal("1/4-(x-4)/16+(x-4)^2/64", s.ToPlain());
        Assert.Equal("1/4 - (x - 4)/16 + (x - 4)^2/64", s.ToHuman());
        Assert.Equal(@"\frac{1}{4} - \frac{x - 4}{16} + \frac{\left(x - 4\right)^{2}}{64}", s.ToLatex());
        Assert.Equal("1+x+x^2/2", Calculus.Taylor(Expr.Exp(x), X, 0, 2).ToPlain());
        Assert.Equal("0", Calculus.Taylor(Expr.Sin(x), X, 0, 0).ToPlain());
        var e = Calculus.Taylor(Expr.Exp(x), X, 1, 2);
        Assert.Equal("e + e(x - 1) + e(x - 1)^2/2", e.ToHuman());
        foreach (var series in new[] { s, e, Calculus.Taylor(Expr.Sin(x), X, 1, 4), Calculus.Taylor(Expr.Sqrt(x), X, 2, 4) })
        {
            var back = Expr.Parse(series.ToPlain());
            foreach (var xv in new[] { 0.5, 1.3, 2.9 })
                Assert.Equal(series.Polynomial.Evaluate(("x", xv)), back.Evaluate(("x", xv)), 12);
        }
    }

    [Fact]
    public void LineariseIsTheTangentLine()
    {
        var line = Calculus.Linearise(Expr.Sqrt(x), X, 4);
        Assert.Equal(1, line.Order);
        Assert.Same(Expr.Num(2), line.Coefficients[0]);
        Assert.Same(Expr.Num(1, 4), line.Coefficients[1]);
        Assert.Equal("2 + (x - 4)/4", line.ToHuman());
    }

    [Fact]
    public void ErrorOfSinOrderFiveOnTheUnitInterval()
    {
        var s = Calculus.Taylor(Expr.Sin(x), X, 0, 5);
        var error = Calculus.TaylorError(s, -1, 1);
        // T5 = x − x³/6 + x⁵/120; the error is largest at the ends: |sin 1 − (1 − 1/6 + 1/120)|.
        double trueMax = Math.Abs(Math.Sin(1) - (1 - 1.0 / 6 + 1.0 / 120));
        Assert.Equal(trueMax, error.MaxError, 12);
        Assert.Equal(1, Math.Abs(error.At));
        // Lagrange: max|sin⁽⁶⁾| = max|sin| on [−1, 1] = sin 1, over 6!.
        Assert.NotNull(error.LagrangeBound);
        Assert.Equal(Math.Sin(1) / 720, error.LagrangeBound!.Value, 12);
        Assert.True(error.MaxError <= error.LagrangeBound);
    }

    [Fact]
    public void ErrorBoundHoldsAboutAnotherPoint()
    {
        var s = Calculus.Taylor(Expr.Ln(x), X, 2, 3);
        var error = Calculus.TaylorError(s, 1.5, 3);
        Assert.NotNull(error.LagrangeBound);
        Assert.True(error.MaxError <= error.LagrangeBound, $"{error}");
        Assert.True(error.MaxError > 0);
        Assert.Throws<SymbolicException>(() => Calculus.TaylorError(Calculus.Taylor(Expr.Exp(x), X, Expr.Sym("b"), 2), 0, 1));
    }
}
