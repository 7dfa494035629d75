using System.Text.Json.Nodes;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary>The roots, minimize and lagrange verbs and batch ops: the JSON contract of issue 5, checked against
/// answers derived by hand (√2, Rosenbrock's (1, 1), xy on the unit circle).</summary>
public sealed class OptimizationCliTests
{
    private static JsonObject[] Answers(CliRun run) => [.. run.Lines.Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public void RootsAnswersTheSpecifiedJsonShape()
    {
        var run = Run("roots", "x^2 - 2", "--from", "1", "--trace", "--format", "json");
        Assert.Equal(0, run.Code);
        var json = run.Json;
        Assert.True((bool)json["ok"]!);
        Assert.Equal("converged", (string)json["exit"]!);
        Assert.Equal(Math.Sqrt(2), (double)json["solution"]!["x"]!, 12);
        Assert.True((int)json["iterations"]! is > 2 and < 10);
        var trace = json["trace"]!.AsArray();
        Assert.Equal(1.0, (double)trace[0]!["x"]!);              // the start first
        Assert.Equal(-1.0, (double)trace[0]!["f"]!);             // f(1) = 1 - 2
        Assert.Equal(2.0, (double)trace[0]!["derivative"]!);     // f'(1) = 2
        Assert.Equal(1.5, (double)trace[1]!["x"]!);              // 1 - (-1)/2
    }

    [Fact]
    public void TheCyclingNewtonIterationIsNamedNotAnError()
    {
        var run = Run("roots", "x^3 - 2x + 2", "--from", "0", "--trace");
        Assert.Equal(0, run.Code);
        Assert.Contains("cycle-detected", run.Text);
        Assert.Contains("0 → 1 → 0", run.Text);
        var json = Run("roots", "x^3 - 2x + 2", "--from", "0", "--format", "json").Json;
        Assert.Equal("cycle-detected", (string)json["exit"]!);
    }

    [Fact]
    public void BisectionAndSecantFindTheDottieNumber()
    {
        const double dottie = 0.7390851332151607;   // cos(x) = x
        var bisection = Run("roots", "cos(x) - x", "--from", "0", "--to", "1", "--method", "bisection", "--format", "json").Json;
        Assert.Equal(dottie, (double)bisection["solution"]!["x"]!, 10);
        var secant = Run("roots", "cos(x) - x", "--from", "0.5", "--method", "secant", "--format", "json").Json;
        Assert.Equal(dottie, (double)secant["solution"]!["x"]!, 10);
    }

    [Fact]
    public void MinimizeFindsRosenbrocksMinimumWithEveryQuasiNewtonMethod()
    {
        foreach (var method in new[] { "bfgs", "lbfgs", "newton" })
        {
            var json = Run("minimize", "(1-x)^2 + 100(y-x^2)^2", "--from", "x=-1.2,y=1", "--method", method, "--format", "json").Json;
            Assert.Equal("converged", (string)json["exit"]!);
            Assert.Equal(1.0, (double)json["solution"]!["x"]!, 6);
            Assert.Equal(1.0, (double)json["solution"]!["y"]!, 6);
            Assert.Equal(method, (string)json["method"]!);
        }
    }

    [Fact]
    public void FixedStepGradientDescentFollowsTheRecurrenceInTheTrace()
    {
        // f = x² + 10y², γ = 0.05: x ← x − γ·2x = 0.9x, y ← y − γ·20y = 0.
        var json = Run("minimize", "x^2 + 10 y^2", "--from", "x=1,y=1", "--method", "gd", "--rate", "0.05", "--max-iterations", "4",
            "--trace", "--format", "json").Json;
        Assert.Equal("max-iterations", (string)json["exit"]!);
        var trace = json["trace"]!.AsArray();
        Assert.Equal(5, trace.Count);
        for (int k = 0; k < trace.Count; k++)
        {
            Assert.Equal(Math.Pow(0.9, k), (double)trace[k]!["x"]!, 12);
            Assert.Equal(k == 0 ? 1.0 : 0.0, (double)trace[k]!["y"]!, 12);
        }
    }

    [Fact]
    public void LagrangeFindsTheFourPointsOfXyOnTheCircle()
    {
        var json = Run("lagrange", "x y", "--subject-to", "x^2 + y^2 = 1", "--format", "json").Json;
        var points = json["points"]!.AsArray();
        Assert.Equal(4, points.Count);
        double s = 1 / Math.Sqrt(2);
        foreach (var p in points)
        {
            double x = (double)p!["x"]!, y = (double)p["y"]!, lambda = (double)p["lambda"]!;
            Assert.Equal(s, Math.Abs(x), 8);
            Assert.Equal(s, Math.Abs(y), 8);
            Assert.Equal(x * y, (double)p["value"]!, 10);
            Assert.Equal(x * y > 0 ? "max" : "min", (string)p["kind"]!);
            Assert.Equal(y, 2 * lambda * x, 8);             // ∇f = λ∇g: y = 2λx
        }
        Assert.Equal(-0.5, (double)json["globalMin"]!["value"]!, 10);
        Assert.Equal(0.5, (double)json["globalMax"]!["value"]!, 10);
    }

    [Fact]
    public void BatchAnswersRootsMinimizeAndLagrangeWithErrorsInPlace()
    {
        string input = string.Join('\n',
            """{"id":1,"op":"roots","expr":"x^2-2","from":1.5,"method":"newton","maxIterations":50,"trace":true}""",
            """{"id":2,"op":"minimize","expr":"(x-3)^2+(y+1)^2","from":{"x":0,"y":0},"method":"gd","rate":0.25,"maxIterations":100,"trace":true}""",
            """{"id":3,"op":"lagrange","expr":"x*y","constraints":["x^2+y^2-1"],"vars":["x","y"],"from":{"x":0.6,"y":0.8,"lambda":0.4}}""",
            """{"id":4,"op":"roots","expr":"x*y","from":1}""",
            """{"id":5,"op":"minimize","expr":"x^2","from":{"x":1},"method":"warp"}""",
            """{"id":6,"op":"lagrange","expr":"x*y"}""");
        var answers = Answers(RunWithInput(input, "batch"));
        Assert.Equal(6, answers.Length);
        Assert.Equal(Math.Sqrt(2), (double)answers[0]["solution"]!["x"]!, 12);
        Assert.Equal(1.5, (double)answers[0]["trace"]![0]!["x"]!);
        Assert.Equal(3.0, (double)answers[1]["solution"]!["x"]!, 8);
        Assert.Equal(-1.0, (double)answers[1]["solution"]!["y"]!, 8);
        var point = answers[2]["points"]!.AsArray().Single()!;
        Assert.Equal(0.5, (double)point["value"]!, 10);
        Assert.Equal("max", (string)point["kind"]!);
        foreach (int bad in new[] { 3, 4, 5 })
        {
            Assert.False((bool)answers[bad]["ok"]!);
            Assert.Equal("user", (string)answers[bad]["error"]!["kind"]!);
        }
        Assert.Contains("one variable", (string)answers[3]["error"]!["message"]!);
        Assert.Contains("gd", (string)answers[4]["error"]!["hint"]!);
        Assert.Contains("constraints", (string)answers[5]["error"]!["message"]!);
    }

    [Fact]
    public void BadInputGetsClearErrorsAndExitCodeOne()
    {
        var undefinedStart = Run("roots", "sqrt(x)", "--from", "-1", "--format", "json");
        Assert.Equal(0, undefinedStart.Code);
        Assert.Equal("undefined-at-start", (string)undefinedStart.Json["exit"]!);

        var missing = Run("minimize", "x^2 + y^2", "--from", "x=1");
        Assert.Equal(1, missing.Code);
        Assert.Contains("y", missing.Err);

        var extra = Run("minimize", "x^2", "--from", "x=1,z=2");
        Assert.Equal(1, extra.Code);
        Assert.Contains("z", extra.Err);

        var rate = Run("minimize", "x^2", "--from", "x=1", "--method", "gd", "--rate", "-1");
        Assert.Equal(1, rate.Code);

        var infeasible = Run("lagrange", "x + y", "--subject-to", "x^2 + y^2 + 1 = 0", "--format", "json");
        Assert.Equal(0, infeasible.Code);
        Assert.Equal("infeasible", (string)infeasible.Json["exit"]!);
        Assert.Empty(infeasible.Json["points"]!.AsArray());

        var twoEquals = Run("lagrange", "x y", "--subject-to", "x = y = 1");
        Assert.Equal(1, twoEquals.Code);
        Assert.Contains("more than one '='", twoEquals.Err);
    }
}
