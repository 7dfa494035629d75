using System.Text.Json.Nodes;
using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary>
/// <c>--steps</c> on grad, jacobian and hessian: every entry's working, ending in that entry, whose value agrees with
/// finite differences of the input (the oracle is the input function, not Nabla's own answer).
/// </summary>
public sealed class MultivariateStepsTests
{
    private static readonly (string Name, double Value)[] At = [("x", 0.7), ("y", -1.3)];

    private static double Eval(string expr, (string Name, double Value)[] at) => Expr.Parse(expr).Evaluate(at);

    private static double Partial(Func<double, double, double> f, int variable, double x, double y, double h = 1e-5) => variable == 0
        ? (f(x + h, y) - f(x - h, y)) / (2 * h)
        : (f(x, y + h) - f(x, y - h)) / (2 * h);

    [Fact]
    public void GradStepsEndInEachPartialDerivativeWhichMatchesFiniteDifferences()
    {
        var json = Run("grad", "x^2 sin(y) + exp(x y)", "--steps", "--format", "json").Json;
        var steps = json["steps"]!.AsArray();
        Assert.Equal(["x", "y"], steps.Select(s => (string)s!["wrt"]!));
        double F(double x, double y) => x * x * Math.Sin(y) + Math.Exp(x * y);
        for (int i = 0; i < 2; i++)
        {
            var working = steps[i]!["steps"]!.AsArray();
            Assert.NotEmpty(working);
            Assert.Equal((string)json["result"]![i]!, (string)working[0]!["result"]!); // the first step is the whole entry
            Assert.Equal(Partial(F, i, 0.7, -1.3), Eval((string)working[0]!["result"]!, At), 6);
        }
        Assert.Contains(steps.SelectMany(s => s!["steps"]!.AsArray()), s => (string)s!["rule"]! == "chain rule");
    }

    [Fact]
    public void JacobianStepsCoverEveryEntryRowByRow()
    {
        var json = Run("jacobian", "x^2 y; sin(x y)", "--steps", "--format", "json").Json;
        var steps = json["steps"]!.AsArray();
        Assert.Equal(4, steps.Count);
        Func<double, double, double>[] fs = [(x, y) => x * x * y, (x, y) => Math.Sin(x * y)];
        foreach (var entry in steps)
        {
            int i = (int)entry!["row"]!, j = (int)entry["column"]!;
            Assert.Equal(j == 0 ? "x" : "y", (string)entry["wrt"]!);
            string result = (string)entry["steps"]![0]!["result"]!;
            Assert.Equal((string)json["result"]![i]![j]!, result);
            Assert.Equal(Partial(fs[i], j, 0.7, -1.3), Eval(result, At), 6);
        }
    }

    [Fact]
    public void HessianStepsDifferentiateTheGradientEntries()
    {
        var json = Run("hessian", "x^3 y^2", "--steps", "--format", "json").Json;
        var steps = json["steps"]!.AsArray();
        Assert.Equal(4, steps.Count);
        // ∂f/∂x = 3x²y², ∂f/∂y = 2x³y: entry (i, j) differentiates the i-th of them by the j-th variable.
        Func<double, double, double>[] gradient = [(x, y) => 3 * x * x * y * y, (x, y) => 2 * x * x * x * y];
        foreach (var entry in steps)
        {
            int i = (int)entry!["row"]!, j = (int)entry["column"]!;
            Assert.Equal(gradient[i](0.7, -1.3), Eval((string)entry["of"]!, At), 12);
            string result = (string)entry["steps"]![0]!["result"]!;
            Assert.Equal((string)json["result"]![i]![j]!, result);
            Assert.Equal(Partial(gradient[i], j, 0.7, -1.3), Eval(result, At), 6);
        }
    }

    [Theory]
    [InlineData("grad", "x^2 sin(y)")]
    [InlineData("jacobian", "x^2 y; sin(x y)")]
    [InlineData("hessian", "x^2 sin(y)")]
    public void HumanStepsEndWithTheSameAnswerAsWithoutSteps(string verb, string expr)
    {
        var plain = Run(verb, expr);
        var withSteps = Run(verb, expr, "--steps");
        Assert.Equal(0, withSteps.Code);
        Assert.EndsWith("Result:\n" + plain.Text, withSteps.Text);
        Assert.Contains("rule", withSteps.Text);
    }

    [Fact]
    public void BatchAcceptsStepsForTheMatrixOps()
    {
        var run = RunWithInput(string.Join('\n',
            """{"op":"grad","expr":"x y","steps":true}""",
            """{"op":"jacobian","exprs":["x y","x+y"],"steps":true}""",
            """{"op":"hessian","expr":"x^2 y","steps":true}""",
            """{"op":"hessian","expr":"x^2 y"}"""), "batch");
        var answers = run.Lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal([2, 4, 4], answers.Take(3).Select(a => a["steps"]!.AsArray().Count));
        Assert.Null(answers[3]["steps"]);
    }
}
