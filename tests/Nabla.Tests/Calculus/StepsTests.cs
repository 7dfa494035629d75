using CsCheck;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.CalculusTests;

public sealed class StepsTests
{
    private static readonly Symbol X = (Symbol)RandomExpressions.X;
    private static readonly Func<Expr, string> Plain = e => e.ToPlain();

    private static void AssertEveryStepIsTheTrueDerivative(Derivation d)
    {
        foreach (var step in d.Steps)
            Assert.Same(Calculus.Diff(step.Expression, d.Variable), step.Result);
    }

    [Fact]
    public void StepResultsEqualPlainDerivativesOnRandomExpressions()
    {
        Gen.OneOf(RandomExpressions.Any(4, smoothOnly: true), RandomExpressions.Any(4)).Sample(f =>
        {
            var d = Calculus.DiffWithSteps(f, X);
            Assert.Same(Calculus.Diff(f, X), d.Result);
            Assert.NotEmpty(d.Steps);
            Assert.Same(f, d.Steps[0].Expression);
            Assert.Equal(0, d.Steps[0].Depth);
            AssertEveryStepIsTheTrueDerivative(d);
            for (int i = 1; i < d.Steps.Count; i++)
                Assert.True(d.Steps[i].Depth <= d.Steps[i - 1].Depth + 1, "a step is nested below its parent");
        }, iter: 400);
    }

    [Fact]
    public void SecondOrderStepsOnRandomExpressions()
    {
        RandomExpressions.Any(3).Sample(f =>
        {
            var d = Calculus.DiffWithSteps(f, X, 2);
            Assert.Same(Calculus.Diff(f, X, 2), d.Result);
            AssertEveryStepIsTheTrueDerivative(d);
            Assert.Equal(["derivative of order 1", "derivative of order 2"], d.Steps.Where(s => s.Depth == 0).Select(s => s.Rule));
        }, iter: 150);
    }

    [Fact]
    public void ProductRuleStepNamesUAndV()
    {
        var d = Calculus.DiffWithSteps(Expr.Pow(X, 3) * Expr.Sin(X), X);
        var first = d.Steps[0];
        Assert.Equal("product rule", first.Rule);
        Assert.Equal("Apply the product rule (uv)' = u'v + uv' with u = x^3, v = sin(x).", first.Explanation);
        Assert.Equal(["u", "v"], first.Bindings.Select(b => b.Name));
        Assert.Equal(["product rule", "power rule", "table: sin"], d.Steps.Select(s => s.Rule));
        Assert.Equal([0, 1, 1], d.Steps.Select(s => s.Depth));
    }

    [Fact]
    public void QuotientIsPresentedAsUOverV()
    {
        var d = Calculus.DiffWithSteps(Expr.Sin(X) / (X * X + 1), X);
        var q = Assert.Single(d.StepsUsing("quotient rule"));
        Assert.Same(Expr.Sin(X), q.Bindings.Single(b => b.Name == "u").Value);
        Assert.Same(X * X + 1, q.Bindings.Single(b => b.Name == "v").Value);
        Assert.Contains("(u'v - uv')/v^2", q.Explanation);
        AssertEveryStepIsTheTrueDerivative(d);
        // The presentation must not change the answer: (u'v − uv')/v² computed by hand equals the result numerically.
        var u = Expr.Sin(X);
        var v = X * X + 1;
        var byHand = (Calculus.Diff(u, X) * v - u * Calculus.Diff(v, X)) / Expr.Pow(v, 2);
        foreach (var x in new[] { -1.3, 0.2, 2.7 })
            Assert.Equal(byHand.Evaluate(("x", x)), d.Result.Evaluate(("x", x)), 12);
    }

    [Fact]
    public void ChainRuleNamesInnerAndOuter()
    {
        var d = Calculus.DiffWithSteps(Expr.Sin(Expr.Pow(X, 2)), X);
        var chain = d.Steps[0];
        Assert.Equal("chain rule", chain.Rule);
        Assert.Equal(MathFunction.Sin, chain.Function);
        Assert.Same(Expr.Pow(X, 2), chain.Bindings[0].Value);
        Assert.Contains("d/du sin(u) = cos(u)", chain.Explanation);
        Assert.Equal("power rule", d.Steps[1].Rule);
    }

    [Fact]
    public void ConstantMultipleExponentialAndGeneralPowerRulesAppear()
    {
        var y = Expr.Sym("y");
        Assert.Equal("constant multiple rule", Calculus.DiffWithSteps(3 * y * Expr.Sin(X), X).Steps[0].Rule);
        Assert.Equal("exponential rule", Calculus.DiffWithSteps(Expr.Pow(2, X * X), X).Steps[0].Rule);
        Assert.Equal("general power rule", Calculus.DiffWithSteps(Expr.Pow(X, X), X).Steps[0].Rule);
        Assert.Equal("sum rule", Calculus.DiffWithSteps(X + Expr.Sin(X), X).Steps[0].Rule);
        Assert.Equal("constant rule", Calculus.DiffWithSteps(y * y, X).Steps[0].Rule);
        Assert.Equal("variable rule", Calculus.DiffWithSteps(X, X).Steps[0].Rule);
    }

    [Theory]
    [InlineData(MathFunction.Relu)]
    [InlineData(MathFunction.Abs)]
    [InlineData(MathFunction.Sign)]
    [InlineData(MathFunction.Step)]
    public void NonSmoothFunctionsWarnAboutZero(MathFunction function)
    {
        var direct = Calculus.DiffWithSteps(Expr.Call(function, X), X).Steps[0];
        Assert.Contains("undefined at 0", direct.Explanation);
        var chained = Calculus.DiffWithSteps(Expr.Call(function, X * X - 1), X).Steps[0];
        Assert.Equal("chain rule", chained.Rule);
        Assert.Contains("undefined at 0", chained.Explanation);
    }

    [Fact]
    public void HigherOrdersGetOneTopLevelStepEach()
    {
        var f = Expr.Pow(X, 4);
        var d = Calculus.DiffWithSteps(f, X, 3);
        Assert.Same(24 * X, d.Result);
        var top = d.Steps.Where(s => s.Depth == 0).ToList();
        Assert.Equal(3, top.Count);
        Assert.Same(f, top[0].Expression);
        Assert.Same(4 * Expr.Pow(X, 3), top[0].Result);
        Assert.Same(4 * Expr.Pow(X, 3), top[1].Expression);
        Assert.Same(24 * X, top[2].Result);
        AssertEveryStepIsTheTrueDerivative(d);
        Assert.Empty(Calculus.DiffWithSteps(f, X, 0).Steps);
        Assert.Same(f, Calculus.DiffWithSteps(f, X, 0).Result);
    }

    [Fact]
    public void SharedSubExpressionsAreExplainedOnce()
    {
        var s = Expr.Sin(Expr.Pow(X, 2));
        var d = Calculus.DiffWithSteps(Expr.Exp(s) + Expr.Cos(s), "x");
        Assert.Single(d.Steps, st => st.Expression == s && st.Rule == "chain rule");
        Assert.Single(d.StepsUsing("same as before"));
        AssertEveryStepIsTheTrueDerivative(d);
    }

    [Fact]
    public void TextRendererShowsRulesAndResults()
    {
        var d = Calculus.DiffWithSteps(Expr.Pow(X, 3) * Expr.Sin(X), X);
        var text = DerivationRenderer.ToText(d, Plain);
        Assert.StartsWith("d/dx [x^3*sin(x)] = 3*x^2*sin(x)+x^3*cos(x)\n", text);
        Assert.Contains("1. product rule: (uv)' = u'v + uv'", text);
        Assert.Contains("power rule", text);
        Assert.Contains("  3. table: sin: d/du sin(u) = cos(u)", text);
        Assert.Contains("with u = x^3, v = sin(x).", text);
        Assert.Equal(text, d.ToText(Plain));
    }

    [Fact]
    public void LatexRendererProducesAnEnumerateWithMath()
    {
        var d = Calculus.DiffWithSteps(Expr.Sin(Expr.Pow(X, 2)) / X, X);
        var latex = DerivationRenderer.ToLatex(d, Plain);
        Assert.Contains("\\begin{enumerate}", latex);
        Assert.Contains("\\end{enumerate}", latex);
        Assert.Contains("\\textbf{quotient rule}", latex);
        Assert.Contains("\\textbf{chain rule}", latex);
        Assert.Contains("\\frac{d}{dx}", latex);
        Assert.Contains("$u = sin(x^2)$", latex);
    }

    [Fact]
    public void HtmlRendererEscapesAndUsesAnOrderedList()
    {
        var d = Calculus.DiffWithSteps(Expr.Call(MathFunction.Relu, X * X), X);
        var html = DerivationRenderer.ToHtml(d, e => "<b>" + e.ToPlain() + "&</b>");
        Assert.Contains("<ol class=\"nabla-steps\">", html);
        Assert.Contains("<li data-depth=\"0\"", html);
        Assert.Contains("chain rule", html);
        Assert.Contains("&lt;b&gt;", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("\\(", html);
        Assert.Contains("undefined at 0", html);
        Assert.Equal(2, html.Split("<li ").Length - 1);
    }

    [Fact]
    public void RenderersHandleEveryRandomDerivation()
    {
        RandomExpressions.Any(3).Sample(f =>
        {
            var d = Calculus.DiffWithSteps(f, X);
            foreach (var text in new[] { d.ToText(Plain), d.ToLatex(Plain), d.ToHtml(Plain) })
            {
                Assert.False(string.IsNullOrWhiteSpace(text));
                foreach (var step in d.Steps) Assert.Contains(step.Rule, text);
            }
        }, iter: 100);
    }
}
