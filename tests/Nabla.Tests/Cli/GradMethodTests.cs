using System.Text.Json.Nodes;
using Nabla.Cli;
using static Nabla.Tests.Cli.CliHarness;
using static Nabla.Tests.Cli.MultivariateAsserts;

namespace Nabla.Tests.Cli;

/// <summary>
/// <c>nabla grad --method</c> and the batch <c>"method"</c> field: each method's gradient against partial derivatives
/// worked out by hand and evaluated in double arithmetic, and the methods against each other.
/// </summary>
public sealed class GradMethodTests
{
    // f = x² y + sin(x) at (1, 2): ∂f/∂x = 2xy + cos x = 4 + cos 1, ∂f/∂y = x² = 1.
    private const string F = "x^2 y + sin(x)";
    private static readonly double Dx = 4 + Math.Cos(1);
    private const double Dy = 1;

    public static TheoryData<string> AvailableMethods => ["symbolic", "forward", "reverse", "numeric"];

    private static double Entry(JsonNode? obj, string name) => (double)obj![name]!;

    [Theory]
    [MemberData(nameof(AvailableMethods))]
    public void EachMethodGivesTheHandComputedGradient(string method)
    {
        var run = Run("grad", F, "--at", "x=1,y=2", "--method", method, "--format", "json");
        Assert.Equal(0, run.Code);
        var json = run.Json;
        Assert.True((bool)json["ok"]!);
        Assert.Equal(method, (string)json["method"]!);
        var gradient = json["gradient"]!.AsObject();
        Assert.Equal(["x", "y"], gradient.Select(p => p.Key).ToArray());
        double tolerance = method == "numeric" ? 1e-8 : 1e-12;
        Assert.True(Close(Dx, Entry(gradient, "x"), tolerance), $"∂f/∂x by {method}: {gradient["x"]}");
        Assert.True(Close(Dy, Entry(gradient, "y"), tolerance), $"∂f/∂y by {method}: {gradient["y"]}");

        // The issue-3 shape is still all there.
        Assert.Equal(["x", "y"], Strings(json["vars"]));
        SameVectorXY(json["result"], (x, y) => 2 * x * y + Math.Cos(x), (x, _) => x * x);
        Numbers(json["value"], Dx, Dy);
    }

    [Fact]
    public void ThreeVariablesWithAnExponentialAndALogarithm()
    {
        // f = exp(x y) + ln(z): ∂x = y e^{xy}, ∂y = x e^{xy}, ∂z = 1/z.
        double x = 0.5, y = -1.5, z = 2.5, e = Math.Exp(x * y);
        foreach (var method in new[] { "symbolic", "forward", "reverse", "numeric" })
        {
            var json = Run("grad", "exp(x y) + ln(z)", "--at", "x=0.5,y=-1.5,z=2.5", "--method", method, "--format", "json").Json;
            var g = json["gradient"];
            Assert.True(Close(y * e, Entry(g, "x"), 1e-8), $"{method} x: {g!["x"]}");
            Assert.True(Close(x * e, Entry(g, "y"), 1e-8), $"{method} y: {g!["y"]}");
            Assert.True(Close(1 / z, Entry(g, "z"), 1e-8), $"{method} z: {g!["z"]}");
        }
    }

    [Fact]
    public void AllMethodsAgreeAndReportTheirDifferences()
    {
        var json = Run("grad", F, "--at", "x=1,y=2", "--method", "all", "--format", "json").Json;
        Assert.Equal("all", (string)json["method"]!);
        Assert.True(Close(Dx, Entry(json["gradient"], "x")));
        var gradients = json["gradients"]!.AsObject();
        Assert.Contains("symbolic", gradients.Select(p => p.Key));
        Assert.Contains("forward", gradients.Select(p => p.Key));
        Assert.Contains("numeric", gradients.Select(p => p.Key));
        Assert.Contains("reverse", gradients.Select(p => p.Key));
        foreach (var (method, g) in gradients)
        {
            Assert.True(Math.Abs(Entry(g, "x") - Dx) < 1e-6, $"{method} x");
            Assert.True(Math.Abs(Entry(g, "y") - Dy) < 1e-6, $"{method} y");
            double difference = (double)json["differences"]![method]!;
            Assert.InRange(difference, 0, 1e-6);
        }
        Assert.Equal(0, (double)json["differences"]!["symbolic"]!);
    }

    [Fact]
    public void AllInHumanFormIsATableWithOneColumnPerMethod()
    {
        var run = Run("grad", F, "--at", "x=1,y=2", "--method", "all");
        Assert.Equal(0, run.Code);
        Assert.StartsWith("∇f(x, y) = (", run.Lines[0]);
        var header = run.Lines.Single(l => l.StartsWith("v ", StringComparison.Ordinal));
        foreach (var method in new[] { "symbolic", "forward", "reverse", "numeric" }) Assert.Contains(method, header);
        var xRow = run.Lines.Single(l => l.StartsWith("x ", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(header.Split('|').Length, xRow.Length);
        foreach (var cell in xRow.Skip(1)) Assert.True(Math.Abs(double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture) - Dx) < 1e-6, cell);
        Assert.Contains(run.Lines, l => l.StartsWith("max |Δ|", StringComparison.Ordinal));
    }

    [Fact]
    public void OneMethodInHumanFormIsAVariableTable()
    {
        var run = Run("grad", "x^2 y", "--at", "x=1,y=2", "--method", "forward");
        Assert.Equal(0, run.Code);
        Assert.Equal("at x = 1, y = 2, by forward-mode AD (dual numbers):", run.Lines[1]);
        Assert.Equal(["v | ∂f/∂v", "x | 4", "y | 1"], run.Lines[2..]);
    }

    [Fact]
    public void PlainFormatEndsWithTheMethodsVector()
    {
        var run = Run("grad", "x^2 y", "--at", "x=1,y=2", "--method", "numeric", "--format", "plain");
        Assert.Equal(0, run.Code);
        var last = run.Lines[^1];
        Assert.StartsWith("[", last);
        var entries = last[1..^1].Split(", ").Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(Close(4, entries[0], 1e-8) && Close(1, entries[1], 1e-8), last);
    }

    [Fact]
    public void BatchTakesTheMethodField()
    {
        var answers = RunWithInput(
            """
            {"id":7,"op":"grad","expr":"x^2 y + sin(x)","at":{"x":1,"y":2},"method":"forward"}
            {"op":"grad","expr":"x^2 y","at":{"x":1,"y":2},"method":"numeric","vars":["y","x"]}
            """, "batch").Lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.True((bool)answers[0]["ok"]!);
        Assert.Equal(7, (int)answers[0]["id"]!);
        Assert.Equal("forward", (string)answers[0]["method"]!);
        Assert.True(Close(Dx, Entry(answers[0]["gradient"], "x")));
        Assert.True(Close(Dy, Entry(answers[0]["gradient"], "y")));
        // The object follows the requested variable order.
        Assert.Equal(["y", "x"], answers[1]["gradient"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.True(Close(1, Entry(answers[1]["gradient"], "y"), 1e-8));
        Assert.True(Close(4, Entry(answers[1]["gradient"], "x"), 1e-8));
    }

    [Fact]
    public void WithoutAMethodTheAnswerHasNoGradientObject()
    {
        var json = Run("grad", "x^2 y", "--at", "x=1,y=2", "--format", "json").Json;
        Assert.Null(json["gradient"]);
        Assert.Null(json["method"]);
    }

    [Fact]
    public void MethodWithoutAPointIsAUserError()
    {
        var run = Run("grad", "x^2 y", "--method", "forward");
        Assert.Equal(1, run.Code);
        Assert.Contains("--at", run.Err);

        var answer = JsonNode.Parse(RunWithInput("{\"op\":\"grad\",\"expr\":\"x^2 y\",\"method\":\"symbolic\"}", "batch").Text)!;
        Assert.False((bool)answer["ok"]!);
        Assert.Equal("user", (string)answer["error"]!["kind"]!);
    }

    [Fact]
    public void UnknownMethodIsAUserErrorListingTheMethods()
    {
        var run = Run("grad", "x^2 y", "--at", "x=1,y=2", "--method", "backprop");
        Assert.Equal(1, run.Code);
        Assert.Contains("unknown method", run.Err);
        Assert.Contains("forward", run.Err);

        var answer = JsonNode.Parse(RunWithInput("{\"op\":\"grad\",\"expr\":\"x\",\"at\":{\"x\":1},\"method\":\"magic\"}", "batch").Text)!;
        Assert.False((bool)answer["ok"]!);
        Assert.Contains("unknown method", (string)answer["error"]!["message"]!);
    }

    [Fact]
    public void ReverseInBatchAnswersTheGradientObject()
    {
        var answer = JsonNode.Parse(RunWithInput("{\"op\":\"grad\",\"expr\":\"x^2 y + sin(x)\",\"at\":{\"x\":1,\"y\":2},\"method\":\"reverse\"}", "batch").Text)!;
        Assert.True((bool)answer["ok"]!);
        Assert.Equal("reverse", (string)answer["method"]!);
        Assert.True(Close(Dx, Entry(answer["gradient"], "x")));
        Assert.True(Close(Dy, Entry(answer["gradient"], "y")));
    }

    [Fact]
    public void AListedVariableTheFunctionIgnoresNeedsAValueAndHasPartialZero()
    {
        var missing = Run("grad", "x^2", "--vars", "x,z", "--at", "x=3", "--method", "forward");
        Assert.Equal(1, missing.Code);
        Assert.Contains("z", missing.Err);

        foreach (var method in new[] { "symbolic", "forward", "reverse", "numeric" })
        {
            var g = Run("grad", "x^2", "--vars", "x,z", "--at", "x=3,z=5", "--method", method, "--format", "json").Json["gradient"];
            Assert.True(Close(6, Entry(g, "x"), 1e-8), method);
            Assert.True(Math.Abs(Entry(g, "z")) < 1e-9, method);
        }
    }

    [Fact]
    public void ANonFiniteEntryIsNullWithANote()
    {
        // ∂/∂x sqrt(x) = 1/(2 sqrt x) has no real value at x = -1.
        var json = Run("grad", "sqrt(x)", "--at", "x=-1", "--method", "symbolic", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.Null(json["gradient"]!["x"]);
        Assert.NotNull(json["gradient"]!["xNote"]);
    }

    [Fact]
    public void MethodNamesAreCaseInsensitiveAndAllListsEveryAvailableMethod()
    {
        Assert.Equal(["forward"], Responder.ParseGradientMethods(" Forward "));
        var all = Responder.ParseGradientMethods("all");
        Assert.Equal("symbolic", all[0]);
        Assert.Subset(Responder.GradientMethodNames.ToHashSet(), all.ToHashSet());
    }
}
