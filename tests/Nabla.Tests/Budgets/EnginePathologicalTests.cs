using System.Numerics;
using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Nabla.Symbolic.Parsing;
using Nabla.Symbolic.Simplification;

namespace Nabla.Tests.Budgets;

/// <summary>
/// Pathological inputs for the engine: each must come back, within its budget plus generous slack, with either the
/// right answer (checked against a closed form or finite differences) or a clear error that names the limit.
/// </summary>
public sealed class EnginePathologicalTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");

    [Fact]
    public void InputOverTheLengthLimitIsRefusedWithAPosition()
    {
        string text = string.Concat(Enumerable.Repeat("x+", 60_000)) + "x";
        var ex = Within.Throws<ParseException>(5, () => Expr.Parse(text));
        Assert.Contains("too long", ex.Message);
        Assert.Contains("100,000", ex.Message);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void DeepParenthesesAreRefusedAtTheNestingLimit()
    {
        string text = new string('(', 20_000) + "x" + new string(')', 20_000);
        var ex = Within.Throws<ParseException>(5, () => Expr.Parse(text));
        Assert.InRange(ex.Position, 0, text.Length - 1);
        Assert.Contains("200", ex.Message);
    }

    [Fact]
    public void DeepPowerTowerTextIsRefusedAtTheNestingLimit()
    {
        string text = string.Concat(Enumerable.Repeat("x^", 5_000)) + "x";
        var ex = Within.Throws<ParseException>(5, () => Expr.Parse(text));
        Assert.InRange(ex.Position, 0, text.Length - 1);
    }

    [Fact]
    public void HugeIntegerLiteralIsRefusedWithItsPosition()
    {
        string digits = "7" + new string('3', 45_000);
        string text = "x + " + digits;
        var ex = Within.Throws<ParseException>(5, () => Expr.Parse(text));
        Assert.Equal(4, ex.Position);
        Assert.Contains("45,001 digits", ex.Message);
        Assert.Contains("40,000", ex.Message);
        Assert.Contains("power", ex.Hint);
    }

    [Fact]
    public void IntegerAtTheDigitLimitIsExact()
    {
        string digits = "9" + new string('1', 39_998) + "7";
        Assert.Equal(40_000, digits.Length);
        var e = Within.Seconds(10, () => Expr.Parse(digits + " - 1"));
        Assert.Same(Expr.Num(new Rational(BigInteger.Parse(digits) - 1)), e);
    }

    [Theory]
    [InlineData("1e10000", 10_001)]
    [InlineData("2^65000", 19_567)]
    [InlineData("-(7^43000)", 36_341)]
    [InlineData("1/7^43000", 36_342)]
    public void EveryExactNumberPrintsToTextThatParsesBack(string text, int printedLength)
    {
        // The literal limit must not be below the largest number the engine folds exactly (Power.MaxExactBits):
        // otherwise a result the engine printed could not be read back. 7^43000 has 36,340 digits.
        var e = Within.Seconds(10, () => Expr.Parse(text));
        Assert.True(e.IsNumber);
        string plain = e.ToPlain();
        Assert.Equal(printedLength, plain.Length);
        Assert.Same(e, Within.Seconds(10, () => Expr.Parse(plain)));
    }

    [Fact]
    public void HugeSymbolicExponentDifferentiatesExactly()
    {
        // x^(10^10): the exponent stays symbolic-exact; d/dx = 10^10 · x^(10^10 − 1).
        var f = Within.Seconds(5, () => Expr.Parse("x^(10^10)"));
        var n = BigInteger.Pow(10, 10);
        var d = Within.Seconds(5, () => Calculus.Diff(f, X));
        Assert.Same(Expr.Num(new Rational(n)) * Expr.Pow(X, Expr.Num(new Rational(n - 1))), d);
        Assert.Equal(1e10, d.Evaluate(("x", 1.0)), 1e-6 * 1e10);
    }

    [Theory]
    [InlineData("2^(10^10)")]
    [InlineData("10^10^10^10")]
    [InlineData("(3/7)^(-(10^9))")]
    public void HugeNumericPowersStayExactAndUnevaluated(string text)
    {
        // Past Power.MaxExactBits the power is kept as written (exact, symbolic) instead of being multiplied out.
        var e = Within.Seconds(5, () => Expr.Parse(text));
        var power = Assert.IsType<Power>(e);
        Assert.True(power.Base.IsNumber);
        Assert.Equal(double.PositiveInfinity, e.Evaluate(new Dictionary<string, double>()));
        // It behaves as a constant: d/dx (c·x) = c, and printing round-trips.
        Assert.Same(e, Within.Seconds(5, () => Calculus.Diff(e * X, X)));
        Assert.Same(e, Expr.Parse(e.ToPlain()));
    }

    [Fact]
    public void ScientificNotationExponentIsCapped()
    {
        var ex = Within.Throws<ParseException>(5, () => Expr.Parse("1e1000000000"));
        Assert.Contains("too large", ex.Message);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void PowerTowerFirstDerivativeMatchesFiniteDifferences()
    {
        var f = Within.Seconds(5, () => Expr.Parse("((((x^x)^x)^x)^x)^x"));
        var d = Within.Seconds(20, () => Calculus.Diff(f, X));
        double h = 1e-6, at = 1.3;
        double numeric = (f.Evaluate(("x", at + h)) - f.Evaluate(("x", at - h))) / (2 * h);
        Assert.Equal(numeric, d.Evaluate(("x", at)), Math.Abs(numeric) * 1e-6);
    }

    [Fact]
    public void ExponentialBlowupOfHighOrderDerivativeHitsTheDefaultBudget()
    {
        // Every order multiplies the size; the default node/time budgets (2,000,000 nodes, 10 s) must stop it.
        var f = Expr.Parse("exp(sin(x) cos(exp(x))) sin(x exp(x))");
        var ex = Within.Throws<BudgetExceededException>(90, () => Calculus.Diff(f, X, 100));
        Assert.Contains("DiffOptions.", ex.Message);
    }

    [Fact]
    public void DerivativeOrderAboveTheCapIsRefusedBeforeAnyWork()
    {
        var ex = Within.Throws<ArgumentOutOfRangeException>(2, () => Calculus.Diff(Expr.Parse("x^x^x"), X, 1_000_000));
        Assert.Contains("MaxOrder = 100", ex.Message);
    }

    [Fact]
    public void TaylorOrderAboveTheCapIsRefusedBeforeAnyWork()
    {
        var ex = Within.Throws<BudgetExceededException>(2, () => Calculus.Taylor(Expr.Parse("x^x^x"), X, Expr.One, 100_000));
        Assert.Contains("TaylorOptions.MaxOrder = 200", ex.Message);
    }

    [Fact]
    public void HighOrderTaylorOfATowerReturnsOrStopsWithinItsBudget()
    {
        var f = Expr.Parse("x^(x^x)");
        try
        {
            var series = Within.Seconds(60, () => Calculus.Taylor(f, X, Expr.One, 200));
            // The polynomial agrees with f near the centre.
            Assert.Equal(f.Evaluate(("x", 1.01)), series.Polynomial.Evaluate(("x", 1.01)), 1e-9);
        }
        catch (BudgetExceededException ex)
        {
            Assert.Contains("TaylorOptions.TimeBudget", ex.Message);
        }
    }

    [Fact]
    public void ExpandOfAHugePowerHitsTheNodeBudget()
    {
        var f = Expr.Parse("(x + y + z + w + 1)^1000");
        var ex = Within.Throws<BudgetExceededException>(30, () => Simplifier.Expand(f));
        Assert.Contains("MaxNodes", ex.Message);
    }

    [Fact]
    public void SimplifyOfAnExplodingExpressionReturnsWithinItsTimeBudget()
    {
        var f = Expr.Parse("((x+1)^30 - (x-1)^30) / ((x+2)^20 + sin(x)^15) + (exp(x)+1)^25");
        var r = Within.Seconds(60, () => Simplifier.Simplify(f));
        // Whatever form came back is the same function.
        Assert.True(Nabla.Symbolic.Equivalence.Equivalence.Check(f, r).Equivalent);
    }

    [Fact]
    public void HessianOverThousandsOfVariablesIsRefusedBeforeAllocating()
    {
        var f = Expr.Parse(string.Join(" + ", Enumerable.Range(1, 3_000).Select(i => $"x_{i}^2")));
        var variables = f.FreeSymbols.ToArray();
        Assert.Equal(3_000, variables.Length);
        var ex = Within.Throws<BudgetExceededException>(30, () => Calculus.Hessian(f, variables));
        Assert.Contains("9,000,000 entries", ex.Message);
    }

    [Fact]
    public void GradientOverManyVariablesIsRightOrStopsAtTheTimeBudget()
    {
        // One derivative per variable over the whole sum: quadratic work, bounded by the 10 s time budget.
        var f = Expr.Parse(string.Join(" + ", Enumerable.Range(1, 3_000).Select(i => $"x_{i}^2")));
        var variables = f.FreeSymbols.ToArray();
        try
        {
            var g = Within.Seconds(60, () => Calculus.Gradient(f, variables));
            Assert.All(g.Zip(variables), p => Assert.Same(2 * (Expr)p.Second, p.First));
        }
        catch (BudgetExceededException ex)
        {
            Assert.Contains("DiffOptions.TimeBudget", ex.Message);
        }
        var small = variables.Take(300).ToArray();
        var partial = Within.Seconds(30, () => Calculus.Gradient(f, small));
        Assert.All(partial.Zip(small), p => Assert.Same(2 * (Expr)p.Second, p.First));
    }

    [Fact]
    public void ExpressionsDeeperThanTheLimitFailCleanlyEverywhere()
    {
        Expr e = X;
        for (int i = 0; i < Expr.MaxDepth + 50; i++) e = Expr.Sin(e) + 1;
        Within.Throws<BudgetExceededException>(10, () => Calculus.Diff(e, X));
        Within.Throws<BudgetExceededException>(10, () => e.ToLatex());
        Within.Throws<BudgetExceededException>(10, () => Simplifier.Expand(e));
    }

    [Fact]
    public void ManyDistinctNamesParseAndDifferentiate()
    {
        // 8,000 distinct variables in one input (inside the length limit): linear work, no quadratic surprise.
        string text = string.Join("+", Enumerable.Range(1, 8_000).Select(i => $"a_{i}*x"));
        var f = Within.Seconds(30, () => Expr.Parse(text));
        var d = Within.Seconds(30, () => Calculus.Diff(f, X));
        Assert.Equal(8_000 * 3.0, d.Evaluate(Enumerable.Range(1, 8_000).ToDictionary(i => $"a_{i}", _ => 3.0)));
    }
}
