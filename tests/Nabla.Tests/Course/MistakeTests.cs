using Nabla.Course.Templates;
using Nabla.Symbolic;
using Eq = Nabla.Symbolic.Equivalence.Equivalence;
using Nabla.Tests.Support;

namespace Nabla.Tests.Course;

public sealed class MistakeTests
{
    private static Expr P(string s) => Expr.Parse(s);

    private static void AssertEquivalent(string expected, Expr actual) =>
        Assert.True(Eq.AreEquivalent(P(expected), actual), $"expected {expected}, got {actual.ToPlain()}");

    private static Expr Wrong(string f, string mistake, string variable = "x") =>
        Mistakes.Diff(P(f), variable, Mistakes.Find(mistake) ?? throw new InvalidOperationException(mistake));

    private static CourseValue Compute(string compute, string mistake, params (string Name, string Value)[] defines)
    {
        var env = new Bindings();
        foreach (var (name, value) in defines) env.Set(new Binding(name, new ScalarValue(P(value))));
        return Computations.Evaluate(compute, env, Mistakes.Find(mistake));
    }

    [Fact]
    public void TheTableHasEveryMistakeTheAuthoringGuideNames()
    {
        string[] documented =
        [
            "chain-inner-dropped", "product-uv-prime", "product-one-term", "quotient-numerator-reversed",
            "quotient-denominator-unsquared", "cos-sign", "sin-sign", "power-exponent-unchanged", "power-exponent-up",
            "exp-power-rule", "ln-no-chain", "jacobian-transposed", "hessian-offdiagonal-missing",
            "hessian-offdiagonal-halved", "gradient-swapped", "taylor-factorial-missing", "taylor-about-zero",
            "newton-step-sign", "constant-not-dropped", "partial-other-variable",
        ];
        Assert.Equal(documented.Order(StringComparer.Ordinal), Mistakes.All.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WithoutAMistakeTheDifferentiatorAgreesWithTheEngine()
    {
        var rng = new Random(20261127);
        for (int i = 0; i < 300; i++)
        {
            var f = RandomExpressions.Build(rng, 4, smoothOnly: false);
            var expected = Calculus.Diff(f, "x");
            var actual = Mistakes.Diff(f, "x", null);
            Assert.True(Eq.Check(actual, expected).Equivalent || ReferenceEquals(actual, expected),
                $"d/dx {f.ToPlain()}: {actual.ToPlain()} vs {expected.ToPlain()}");
        }
    }

    [Fact]
    public void ChainInnerDropped() => AssertEquivalent("cos(x^2)", Wrong("sin(x^2)", "chain-inner-dropped"));

    [Fact]
    public void ChainInnerDroppedOnAPower() => AssertEquivalent("3*(x^2+1)^2", Wrong("(x^2+1)^3", "chain-inner-dropped"));

    [Fact]
    public void ProductUvPrime() => AssertEquivalent("3*x^2*cos(x)", Wrong("x^3*sin(x)", "product-uv-prime"));

    [Fact]
    public void ProductOneTermKeepsOnlyOneTerm()
    {
        var wrong = Wrong("x^3*sin(x)", "product-one-term");
        Assert.True(Eq.AreEquivalent(wrong, P("3*x^2*sin(x)")) || Eq.AreEquivalent(wrong, P("x^3*cos(x)")), wrong.ToPlain());
    }

    [Fact]
    public void QuotientNumeratorReversed() =>
        AssertEquivalent("(2*x*sin(x) - x^2*cos(x))/x^4", Wrong("sin(x)/x^2", "quotient-numerator-reversed"));

    [Fact]
    public void QuotientDenominatorUnsquared() =>
        AssertEquivalent("(x^2*cos(x) - 2*x*sin(x))/x^2", Wrong("sin(x)/x^2", "quotient-denominator-unsquared"));

    [Fact]
    public void CosSign() => AssertEquivalent("3*sin(3*x)", Wrong("cos(3*x)", "cos-sign"));

    [Fact]
    public void SinSign() => AssertEquivalent("-cos(x)", Wrong("sin(x)", "sin-sign"));

    [Fact]
    public void PowerExponentUnchanged() => AssertEquivalent("20*x^4", Wrong("5*x^4", "power-exponent-unchanged"));

    [Fact]
    public void PowerExponentUp() => AssertEquivalent("20*x^5", Wrong("5*x^4", "power-exponent-up"));

    [Fact]
    public void ExpPowerRule() => AssertEquivalent("3*x*exp(3*x-1)", Wrong("exp(3*x)", "exp-power-rule"));

    [Fact]
    public void LnNoChain() => AssertEquivalent("1/(x^2+1)", Wrong("ln(x^2+1)", "ln-no-chain"));

    [Fact]
    public void ConstantNotDropped() => AssertEquivalent("2*x + 7", Wrong("x^2 + 7", "constant-not-dropped"));

    [Fact]
    public void JacobianTransposed()
    {
        var m = (MatrixValue)Compute("jacobian([f, g], [x, y])", "jacobian-transposed", ("f", "x^2*y"), ("g", "x + y^3"));
        AssertEquivalent("2*x*y", m.Rows[0][0]);
        AssertEquivalent("1", m.Rows[0][1]);
        AssertEquivalent("x^2", m.Rows[1][0]);
        AssertEquivalent("3*y^2", m.Rows[1][1]);
    }

    [Fact]
    public void HessianOffDiagonalMissingAndHalved()
    {
        var missing = (MatrixValue)Compute("hessian(f, [x, y])", "hessian-offdiagonal-missing", ("f", "x^3*y^2"));
        AssertEquivalent("6*x*y^2", missing.Rows[0][0]);
        AssertEquivalent("0", missing.Rows[0][1]);
        AssertEquivalent("0", missing.Rows[1][0]);
        AssertEquivalent("2*x^3", missing.Rows[1][1]);
        var halved = (MatrixValue)Compute("hessian(f, [x, y])", "hessian-offdiagonal-halved", ("f", "x^3*y^2"));
        AssertEquivalent("3*x^2*y", halved.Rows[0][1]);
        AssertEquivalent("3*x^2*y", halved.Rows[1][0]);
    }

    [Fact]
    public void GradientSwapped()
    {
        var g = (VectorValue)Compute("grad(f, [x, y])", "gradient-swapped", ("f", "x^2*y"));
        AssertEquivalent("x^2", g.Items[0]);
        AssertEquivalent("2*x*y", g.Items[1]);
    }

    [Fact]
    public void TaylorFactorialMissing() =>
        AssertEquivalent("1 + x + x^2 + x^3", ((ScalarValue)Compute("taylor(f, x, 0, 3)", "taylor-factorial-missing", ("f", "exp(x)"))).Value);

    [Fact]
    public void TaylorAboutZero() =>
        AssertEquivalent("x - x^3/6", ((ScalarValue)Compute("taylor(f, x, 2, 3)", "taylor-about-zero", ("f", "sin(x)"))).Value);

    [Fact]
    public void ADerivativeRuleMistakeShowsInEveryTaylorCoefficient() =>
        // chain rule dropped on sin(2x): every derivative loses its factor 2, so x - x^3/6 instead of 2x - 8x^3/6.
        AssertEquivalent("x - x^3/6", ((ScalarValue)Compute("taylor(f, x, 0, 3)", "chain-inner-dropped", ("f", "sin(2*x)"))).Value);

    [Fact]
    public void NewtonStepSign()
    {
        // f = x^2 - 2 from x0 = 1: the step is 1 - (-1)/2 = 3/2; with the sign wrong, 1 + (-1)/2 = 1/2.
        AssertEquivalent("1/2", ((ScalarValue)Compute("newton-step(f, x, 1)", "newton-step-sign", ("f", "x^2 - 2"))).Value);
        var env = new Bindings();
        env.Set(new Binding("f", new ScalarValue(P("x^2 - 2"))));
        AssertEquivalent("3/2", ((ScalarValue)Computations.Evaluate("newton-step(f, x, 1)", env)).Value);
    }

    [Fact]
    public void PartialOtherVariable() =>
        AssertEquivalent("2*x^2*y", ((ScalarValue)Compute("partial(f, x)", "partial-other-variable", ("f", "x^2*y^2"))).Value);

    [Fact]
    public void ComputationsWithoutMistakesMatchIndependentOracles()
    {
        var env = new Bindings();
        env.Set(new Binding("f", new ScalarValue(P("x^2*sin(y)"))));
        var at = new Dictionary<string, double> { ["x"] = 0.7, ["y"] = -1.3 };
        var grad = (VectorValue)Computations.Evaluate("grad(f, [x, y])", env);
        Assert.Equal(2 * 0.7 * Math.Sin(-1.3), grad.Items[0].Evaluate(at), 12);
        Assert.Equal(0.49 * Math.Cos(-1.3), grad.Items[1].Evaluate(at), 12);
        var value = (ScalarValue)Computations.Evaluate("eval(diff(f, x, 2), x=3, y=pi/2)", env);
        Assert.Equal(2.0, value.Value.Evaluate(new Dictionary<string, double>()), 12);
    }
}
