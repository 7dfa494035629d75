using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.NumericDiffTests;

/// <summary>Derivative(Expr, …) against the symbolic derivative (Calculus.Diff) evaluated at the point.</summary>
public sealed class ExpressionDerivativeTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");

    public static TheoryData<NumericMethod, double> MethodTolerances => new()
    {
        { NumericMethod.Forward, 1e-6 },
        { NumericMethod.Backward, 1e-6 },
        { NumericMethod.Central, 1e-8 },
        { NumericMethod.Stencil5, 1e-10 },
        { NumericMethod.Richardson, 1e-11 },
    };

    [Theory]
    [MemberData(nameof(MethodTolerances))]
    public void PartialDerivativesOfAFunctionOfTwoVariablesAgreeWithCalculusDiff(NumericMethod method, double tolerance)
    {
        var f = Expr.Parse("x^2*y + sin(x*y) - exp(y/(1+x^2))");
        var at = new Dictionary<string, double> { ["x"] = 0.7, ["y"] = -1.3 };
        foreach (var v in new[] { X, Y })
        {
            var r = NumericDiff.Derivative(f, v, at, method);
            double exact = Calculus.Diff(f, v).Evaluate(at);
            Assert.True(RandomExpressions.Close(r.Value, exact, tolerance, tolerance), $"∂f/∂{v.Name}: {r.Value:R} vs {exact:R}");
            Assert.Equal(method, r.Method);
        }
    }

    [Theory]
    [InlineData(NumericMethod.Richardson, 2, 1e-8)]
    [InlineData(NumericMethod.Richardson, 3, 1e-6)]
    [InlineData(NumericMethod.Central, 2, 1e-5)]
    [InlineData(NumericMethod.Stencil5, 2, 1e-8)]
    [InlineData(NumericMethod.Stencil5, 4, 1e-3)]
    [InlineData(NumericMethod.Forward, 2, 1e-3)]
    [InlineData(NumericMethod.Backward, 3, 1e-2)]
    public void HigherOrdersAgreeWithCalculusDiff(NumericMethod method, int order, double tolerance)
    {
        var f = Expr.Parse("atan(x) * cosh(x/2) + y*x^3");
        var at = new Dictionary<string, double> { ["x"] = 0.4, ["y"] = 2 };
        var r = NumericDiff.Derivative(f, X, at, method, order);
        double exact = Calculus.Diff(f, X, order).Evaluate(at);
        Assert.True(RandomExpressions.Close(r.Value, exact, tolerance, tolerance), $"order {order}: {r.Value:R} vs {exact:R}");
        Assert.Equal(order, r.DerivativeOrder);
        Assert.True(Math.Abs(r.Value - exact) <= 10 * r.ErrorEstimate, $"error {Math.Abs(r.Value - exact):G3}, estimate {r.ErrorEstimate:G3}");
    }

    [Fact]
    public void RandomSmoothExpressionsAgreeWithCalculusDiff()
    {
        var rng = new Random(11);
        int compared = 0;
        while (compared < 100)
        {
            var f = RandomExpressions.Build(rng, 3, smoothOnly: true);
            var at = RandomExpressions.Point(rng);
            double value = f.Evaluate(at);
            if (!double.IsFinite(value) || Math.Abs(value) > 1e6) continue;
            var r = NumericDiff.Derivative(f, X, at);
            double exact = Calculus.Diff(f, X).Evaluate(at);
            Assert.True(RandomExpressions.Close(r.Value, exact, 1e-7, 1e-7), $"{f} at {at["x"]:R}: {r.Value:R} vs {exact:R} (±{r.ErrorEstimate:G3})");
            compared++;
        }
    }

    [Fact]
    public void TheVariableNeedNotOccurInF()
    {
        var r = NumericDiff.Derivative(Expr.Parse("y^2"), X, new Dictionary<string, double> { ["x"] = 1, ["y"] = 3 });
        Assert.Equal(0, r.Value);
    }

    [Fact]
    public void MissingValuesAreNamed()
    {
        var f = Expr.Parse("x*y + z");
        var noX = Assert.Throws<ArgumentException>(() => NumericDiff.Derivative(f, X, new Dictionary<string, double> { ["y"] = 1, ["z"] = 1 }));
        Assert.Contains("'x'", noX.Message);
        var noYZ = Assert.Throws<ArgumentException>(() => NumericDiff.Derivative(f, X, new Dictionary<string, double> { ["x"] = 1 }));
        Assert.Contains("'y', 'z'", noYZ.Message);
    }

    [Fact]
    public void AFunctionUndefinedAtThePointIsReported()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            NumericDiff.Derivative(Expr.Parse("ln(x)"), X, new Dictionary<string, double> { ["x"] = -1 }));
        Assert.Contains("not defined at x = -1", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            NumericDiff.Derivative(Expr.Parse("sin(x)"), X, new Dictionary<string, double> { ["x"] = 1 }, NumericMethod.Stencil5, 5));
    }
}
