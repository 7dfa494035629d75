using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Tests.Regression;

public sealed class LinearModelTests
{
    [Theory]
    [InlineData("a*x + b*sin(x)", "a,b", true)]
    [InlineData("a*x^2 + b*x + c", "a,b,c", true)]
    [InlineData("A*exp(-x) + B*ln(x) + 3", "A,B", true)]
    [InlineData("m*x1 + n*x2 + x1*x2", "m,n", true)]
    [InlineData("(a + b)*x", "a,b", true)]
    [InlineData("exp(-k*x)", "k", false)]
    [InlineData("A*exp(-k*x)", "A,k", false)]
    [InlineData("a*b*x", "a,b", false)]
    [InlineData("a^2*x", "a", false)]
    [InlineData("sin(w*x)", "w", false)]
    [InlineData("a*x + b/x", "a,b", true)]
    public void Detects_models_linear_in_their_parameters(string model, string parameters, bool linear) =>
        Assert.Equal(linear, Fit.IsLinearInParameters(Expr.Parse(model), parameters.Split(',')));

    [Fact]
    public void Fits_a_linear_model_with_an_offset_and_recovers_the_parameters()
    {
        double[] x = [.. Enumerable.Range(0, 12).Select(i => 0.3 + 0.7 * i)];
        // y = 2.5x − 1.25 sin x + 3 (the offset 3 carries no parameter), plus a small deterministic wiggle.
        double[] y = [.. x.Select((v, i) => 2.5 * v - 1.25 * Math.Sin(v) + 3 + 1e-3 * Math.Cos(7 * i))];
        var fit = Fit.LinearModel(Expr.Parse("a*x + b*sin(x) + 3"), new Dictionary<string, double[]> { ["x"] = x }, y);
        Assert.Equal(["a", "b"], fit.ParameterNames);

        // Oracle: the same problem as a design matrix on y − 3.
        var design = new double[x.Length, 2];
        for (int i = 0; i < x.Length; i++) { design[i, 0] = x[i]; design[i, 1] = Math.Sin(x[i]); }
        var oracle = Fit.Linear(design, [.. y.Select(v => v - 3)], ["a", "b"]);
        Assert.Equal(oracle.Parameters[0], fit["a"], 12);
        Assert.Equal(oracle.Parameters[1], fit["b"], 12);
        Assert.Equal(oracle.ErrorOf("b"), fit.ErrorOf("b"), 12);
        Assert.Equal(2.5, fit["a"], 2);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(y[i] - (fit["a"] * x[i] + fit["b"] * Math.Sin(x[i]) + 3), fit.Residuals[i], 10);
    }

    [Fact]
    public void Several_predictors_and_parameters_in_natural_order()
    {
        double[] x1 = [1, 2, 3, 4, 5, 6], x2 = [2, 1, 4, 3, 6, 7];
        double[] y = [.. x1.Zip(x2, (a, b) => 3 * a - 2 * b + 0.5)];
        var fit = Fit.LinearModel(Expr.Parse("p2*x2 + p1*x1 + p10"), new Dictionary<string, double[]> { ["x1"] = x1, ["x2"] = x2 }, y);
        Assert.Equal(["p1", "p2", "p10"], fit.ParameterNames);
        Assert.Equal(3, fit["p1"], 10);
        Assert.Equal(-2, fit["p2"], 10);
        Assert.Equal(0.5, fit["p10"], 10);
    }

    [Fact]
    public void A_nonlinear_model_is_refused_naming_the_parameter()
    {
        var predictors = new Dictionary<string, double[]> { ["x"] = [1, 2, 3, 4] };
        var error = Assert.Throws<ArgumentException>(() => Fit.LinearModel(Expr.Parse("A*exp(-k*x)"), predictors, [1, 2, 3, 4]));
        Assert.Contains("not linear", error.Message);
        Assert.Contains("∂/∂A", error.Message);   // ∂/∂A = exp(−kx) depends on k
        Assert.Contains("depends on k", error.Message);
        Assert.Contains("Fit.Curve", error.Message);
    }

    [Fact]
    public void A_model_without_parameters_is_refused()
    {
        var predictors = new Dictionary<string, double[]> { ["x"] = [1, 2, 3] };
        Assert.Contains("no parameters", Assert.Throws<ArgumentException>(() => Fit.LinearModel(Expr.Parse("2x"), predictors, [1, 2, 3])).Message);
    }
}
