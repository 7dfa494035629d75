using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;
using Nabla.Tests.Support;

namespace Nabla.Tests.Simplification;

public sealed class RuleTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");
    private static Expr Sq(Expr e) => Expr.Pow(e, 2);
    private static Expr F(MathFunction f, Expr a) => Expr.Call(f, a);
    private static Expr Abs(Expr a) => F(MathFunction.Abs, a);

    /// <summary>(rule that must fire, input, expected result built independently with factories).</summary>
    public static TheoryData<string, Expr, Expr> Cases => new()
    {
        { "pythagorean-sin-cos", Sq(Expr.Sin(X)) + Sq(Expr.Cos(X)), Expr.One },
        { "pythagorean-sin-cos", 3 * Y * Sq(Expr.Sin(X + 1)) + 3 * Y * Sq(Expr.Cos(X + 1)) + X, 3 * Y + X },
        { "one-minus-sin-squared", 1 - Sq(Expr.Sin(X)), Sq(Expr.Cos(X)) },
        { "one-minus-cos-squared", 2 * Y - 2 * Y * Sq(Expr.Cos(X)), 2 * Y * Sq(Expr.Sin(X)) },
        { "pythagorean-cosh-sinh", Sq(F(MathFunction.Cosh, X)) - Sq(F(MathFunction.Sinh, X)), Expr.One },
        { "cosh-squared-minus-one", Sq(F(MathFunction.Cosh, X)) - 1, Sq(F(MathFunction.Sinh, X)) },
        { "one-plus-sinh-squared", 1 + Sq(F(MathFunction.Sinh, X)), Sq(F(MathFunction.Cosh, X)) },
        { "pythagorean-sec-tan", Sq(F(MathFunction.Sec, X)) - Sq(F(MathFunction.Tan, X)), Expr.One },
        { "sec-squared-minus-one", Sq(F(MathFunction.Sec, X)) - 1, Sq(F(MathFunction.Tan, X)) },
        { "one-plus-tan-squared", 1 + Sq(F(MathFunction.Tan, X)), Sq(F(MathFunction.Sec, X)) },
        { "pythagorean-csc-cot", Sq(F(MathFunction.Csc, X)) - Sq(F(MathFunction.Cot, X)), Expr.One },
        { "csc-squared-minus-one", Sq(F(MathFunction.Csc, X)) - 1, Sq(F(MathFunction.Cot, X)) },
        { "one-plus-cot-squared", 1 + Sq(F(MathFunction.Cot, X)), Sq(F(MathFunction.Csc, X)) },
        { "double-angle-cos", Sq(Expr.Cos(X)) - Sq(Expr.Sin(X)), Expr.Cos(2 * X) },
        { "trig-quotient", Expr.Sin(X) / Expr.Cos(X), F(MathFunction.Tan, X) },
        { "trig-quotient", Expr.Cos(Y) / Expr.Sin(Y), F(MathFunction.Cot, Y) },
        { "trig-quotient", Expr.Sin(X) * F(MathFunction.Csc, X) * Y, Y },
        { "trig-quotient", F(MathFunction.Tan, X) * Expr.Cos(X), Expr.Sin(X) },
        { "tanh-quotient", F(MathFunction.Sinh, X) / F(MathFunction.Cosh, X), F(MathFunction.Tanh, X) },
        { "double-angle-sin", 2 * Expr.Sin(X) * Expr.Cos(X), Expr.Sin(2 * X) },
        { "exp-product", Expr.Exp(X) * Expr.Exp(Y), Expr.Exp(X + Y) },
        { "exp-product", Expr.Exp(X) * Expr.Exp(-X) * Y, Y },
        { "reciprocal-trig", 1 / Expr.Cos(X), F(MathFunction.Sec, X) },
        { "reciprocal-trig", 1 / F(MathFunction.Tan, X), F(MathFunction.Cot, X) },
        { "root-of-even-power", Expr.Sqrt(Sq(X)), Abs(X) },
        { "root-of-even-power", Expr.Sqrt(Sq(X) * Sq(Y)), Abs(X) * Abs(Y) },
        { "abs-even-power", Sq(Abs(X)), Sq(X) },
        { "exp-ln", Expr.Exp(Expr.Ln(X)), X },
        { "exp-ln", Expr.Exp(2 * Expr.Ln(X) + Y), Sq(X) * Expr.Exp(Y) },
        { "ln-power", Expr.Ln(Expr.Pow(X, 3)), 3 * Expr.Ln(X) },
        { "ln-power", Expr.Ln(Sq(X)), 2 * Expr.Ln(Abs(X)) },
        { "ln-power", Expr.Ln(Expr.Sqrt(X)), Expr.Ln(X) / 2 },
        { "abs-of-even-power", Abs(Expr.Pow(X, 4)), Expr.Pow(X, 4) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RuleFiresAndGivesExpectedForm(string rule, Expr input, Expr expected)
    {
        var report = Simplifier.ApplyRules(input);
        Assert.Contains(rule, report.RulesApplied);
        Assert.Same(expected, report.Result);
        Assert.False(report.BudgetExhausted);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RuleResultHasTheSameValue(string rule, Expr input, Expr expected)
    {
        _ = rule;
        var rng = new Random(11);
        int compared = 0;
        for (int i = 0; i < 200 && compared < 20; i++)
        {
            var point = RandomExpressions.Point(rng);
            double a = input.Evaluate(point), b = expected.Evaluate(point);
            if (!double.IsFinite(a) || !double.IsFinite(b)) continue;
            Assert.True(RandomExpressions.Close(a, b, 1e-9), $"{input} = {a} but {expected} = {b} at x={point["x"]}, y={point["y"]}");
            compared++;
        }
        Assert.True(compared >= 10);
    }

    [Fact]
    public void EveryRuleInTheTableHasACase()
    {
        var tested = Cases.Select(row => (string)row[0]).ToHashSet();
        foreach (var rule in Simplifier.Rules) Assert.Contains(rule.Name, tested);
        Assert.Equal(Simplifier.Rules.Count, Simplifier.Rules.Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void RulesDoNotFireOnNonMatchingInput()
    {
        // different arguments, different coefficients, a single reciprocal with a positive power
        var e = Sq(Expr.Sin(X)) + Sq(Expr.Cos(Y)) + 2 * Sq(Expr.Sin(Y)) + Sq(Expr.Cos(X)) * 3 + F(MathFunction.Sec, X);
        var report = Simplifier.ApplyRules(e);
        Assert.DoesNotContain("pythagorean-sin-cos", report.RulesApplied);
        Assert.DoesNotContain("double-angle-cos", report.RulesApplied);
        Assert.Empty(Simplifier.ApplyRules(Expr.Exp(X) * Y).RulesApplied);
        Assert.Empty(Simplifier.ApplyRules(Expr.Ln(X * Y)).RulesApplied);
    }

    [Fact]
    public void RulesApplyInsideSubexpressions()
    {
        var e = Expr.Exp(Sq(Expr.Sin(X)) + Sq(Expr.Cos(X))) + Expr.Ln(Expr.Exp(Expr.Ln(Y)));
        Assert.Same(Expr.E + Expr.Ln(Y), Simplifier.ApplyRules(e).Result);
    }
}
