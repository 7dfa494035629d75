using System.Text.Json.Nodes;
using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;
using static Nabla.Tests.Cli.MultivariateAsserts;

namespace Nabla.Tests.Cli;

/// <summary>The multivariate batch ops: every op in one stream, errors answered in place, ids echoed.</summary>
public sealed class MultivariateBatchTests
{
    private static JsonObject[] Answers(CliRun run) => [.. run.Lines.Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public void EveryOpInOneStreamWithErrorsInBetween()
    {
        string input = string.Join('\n',
            """{"id":1,"op":"grad","expr":"x^2 y","vars":["x","y"],"at":{"x":1,"y":2}}""",
            """{"id":2,"op":"taylor","expr":"2/(x^2-x)","about":{"x":1},"order":2}""",
            """{"id":3,"op":"jacobian","exprs":["x^2-y^2","2*x*y"],"vars":["x","y"]}""",
            """{"id":4,"op":"taylor","expr":"sin(x)","about":{"x":0},"order":1000000}""",
            """{"id":5,"op":"hessian","expr":"x^3 - 3*x*y^2","vars":["x","y"]}""",
            """{"id":6,"op":"jacobian","exprs":["x+y","y*z"],"vars":["x","y"]}""",
            """{"id":7,"op":"taylor","expr":"1/x","about":{"x":4},"order":2}""",
            """{"id":8,"op":"numdiff","expr":"sin(x)","at":{"x":1},"method":"magic"}""",
            """{"id":9,"op":"chain","expr":"x*y+z","with":{"x":"t+1","y":"t-1","z":"t^2"},"wrt":"t"}""",
            """{"id":10,"op":"stationary","expr":"x^2+y^2","vars":["x","y"]}""",
            """{"id":11,"op":"numdiff","expr":"sin(x)","at":{"x":1},"wrt":"x","method":"richardson","table":false}""",
            """{"id":12,"op":"grad","expr":"x*y","vars":["x","x","y"]}""",
            """{"id":13,"op":"taylor","expr":"exp(x)*sin(y)","about":{"x":0,"y":0},"order":3}""");
        var run = RunWithInput(input, "batch");
        Assert.Equal(0, run.Code);
        var a = Answers(run);
        Assert.Equal(13, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(i + 1, (int)a[i]["id"]!);

        bool[] ok = [true, false, true, false, true, false, true, false, true, true, true, false, true];
        for (int i = 0; i < a.Length; i++) Assert.True(ok[i] == (bool)a[i]["ok"]!, $"line {i + 1}: {a[i].ToJsonString()}");
        foreach (var error in a.Where(x => !(bool)x["ok"]!))
        {
            Assert.Equal("user", (string)error["error"]!["kind"]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)error["error"]!["message"]));
        }

        SameVectorXY(a[0]["result"], (x, y) => 2 * x * y, (x, _) => x * x);
        Numbers(a[0]["value"], 4, 1);
        Assert.Contains("z", (string)a[5]["error"]!["message"]!);   // mismatched variable list
        Assert.Contains("magic", (string)a[7]["error"]!["message"]!);
        Assert.Contains("twice", (string)a[11]["error"]!["message"]!);

        var jacobian = a[2]["result"]!.AsArray();
        SameVectorXY(jacobian[0], (x, _) => 2 * x, (_, y) => -2 * y);
        SameVectorXY(jacobian[1], (_, y) => 2 * y, (x, _) => 2 * x);
        Assert.Null(a[2]["value"]);

        var hessian = a[4]["result"]!.AsArray();
        SameVectorXY(hessian[1], (_, y) => -6 * y, (x, _) => -6 * x);

        var expected = Expr.Parse("1/4 - (x-4)/16 + (x-4)^2/64");
        AssertSameFunction(x => expected.Evaluate(("x", x)), Expr.Parse((string)a[6]["result"]!));

        AssertSameFunction(t => 4 * t, Expr.Parse((string)a[8]["result"]!), "t");
        Assert.Equal(3, a[8]["terms"]!.AsArray().Count);

        Assert.Equal("minimum", (string)a[9]["points"]![0]!["kind"]!);

        Assert.True(Math.Abs((double)a[10]["value"]! - Math.Cos(1)) < 1e-8);
        Assert.Null(a[10]["table"]);

        SameXY((x, y) => y + x * y + x * x * y / 2 - y * y * y / 6, (string)a[12]["result"]!);
    }

    [Fact]
    public void VarsAreOptionalAndInferredInNaturalOrder()
    {
        var a = Answers(RunWithInput(string.Join('\n',
            """{"op":"grad","expr":"x10*x2+x1"}""",
            """{"op":"hessian","expr":"b*a^2"}""",
            """{"op":"stationary","expr":"x^2-y^2"}""",
            """{"op":"jacobian","expr":"x*y; y*z"}"""), "batch"));
        Assert.Equal(["x1", "x2", "x10"], Strings(a[0]["vars"]));
        Assert.Equal(["a", "b"], Strings(a[1]["vars"]));
        Assert.Equal("saddle", (string)a[2]["points"]![0]!["kind"]!);
        Assert.Equal(["x", "y", "z"], Strings(a[3]["vars"])); // "expr" with semicolons, as on the command line
    }

    [Fact]
    public void NumDiffTableInBatch()
    {
        var a = Answers(RunWithInput("""{"op":"numdiff","expr":"x^3","at":{"x":2},"table":true,"method":"central"}""", "batch"))[0];
        Assert.Equal("central", (string)a["method"]!);
        Assert.Equal(12.0, (double)a["exact"]!);
        Assert.True(Math.Abs((double)a["value"]! - 12) < 1e-6);
        var first = a["table"]!.AsArray()[0]!.AsObject();
        Assert.True(first.ContainsKey("h") && first.ContainsKey("slope") && first.ContainsKey("error"));
        // Secant slope of x³ at 2 with h = 1 is (27 − 8)/1 = 19.
        Assert.Equal(1.0, (double)first["h"]!);
        Assert.Equal(19.0, (double)first["slope"]!, 12);
    }

    [Fact]
    public void MissingAndMistypedFieldsAreErrors()
    {
        var a = Answers(RunWithInput(string.Join('\n',
            """{"op":"jacobian","vars":["x"]}""",
            """{"op":"jacobian","exprs":[]}""",
            """{"op":"jacobian","exprs":"x"}""",
            """{"op":"grad","expr":"x","vars":"x"}""",
            """{"op":"taylor","expr":"x"}""",
            """{"op":"chain","expr":"x"}""",
            """{"op":"numdiff","expr":"x"}""",
            """{"op":"numdiff","expr":"x","at":{"x":1},"table":"yes"}""",
            """{"op":"taylor","expr":"x","order":2,"about":[0]}"""), "batch"));
        Assert.Equal(9, a.Length);
        Assert.All(a, x => Assert.False((bool)x["ok"]!));
        Assert.Contains("exprs", (string)a[0]["error"]!["message"]!);
        Assert.Contains("order", (string)a[4]["error"]!["message"]!);
        Assert.Contains("with", (string)a[5]["error"]!["message"]!);
        Assert.Contains("at", (string)a[6]["error"]!["message"]!);
    }
}
