using System.Text.Json.Nodes;
using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;
using static Nabla.Tests.Cli.MultivariateAsserts;

namespace Nabla.Tests.Cli;

/// <summary>
/// <c>nabla grad</c>, <c>jacobian</c> and <c>hessian</c>: results checked entry by entry against partial derivatives
/// worked out by hand and evaluated in double arithmetic.
/// </summary>
public sealed class GradJacobianHessianVerbTests
{
    [Fact]
    public void GradientOfX2YAtOneTwoIsFourOne()
    {
        // ∇(x²y) = (2xy, x²) = (4, 1) at (1, 2).
        var json = Run("grad", "x^2 y", "--at", "x=1,y=2", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.Equal(["x", "y"], Strings(json["vars"]));
        SameVectorXY(json["result"], (x, y) => 2 * x * y, (x, _) => x * x);
        Numbers(json["value"], 4, 1);
        Assert.Equal(2, json["human"]!.AsArray().Count);
        Assert.Equal(2, json["latex"]!.AsArray().Count);
        Assert.Null(json["valueNote"]);
    }

    [Fact]
    public void GradientHumanIsAVectorInParenthesesAndThePointValueLast()
    {
        var run = Run("grad", "x^2 y", "--at", "x=1,y=2");
        Assert.Equal(0, run.Code);
        Assert.Equal(2, run.Lines.Length);
        Assert.StartsWith("∇f(x, y) = (", run.Lines[0]);
        Assert.EndsWith(")", run.Lines[0]);
        Assert.Equal("at x = 1, y = 2: (4, 1)", run.Lines[1]);

        var noPoint = Run("grad", "x^2 y");
        Assert.Single(noPoint.Lines);
    }

    [Fact]
    public void GradientPlainIsABracketedListThatParsesEntryByEntry()
    {
        var run = Run("grad", "x^2 y", "--at", "x=1,y=2", "--format", "plain");
        Assert.Equal(0, run.Code);
        Assert.Equal(2, run.Lines.Length);
        string symbolic = run.Lines[0];
        Assert.StartsWith("[", symbolic);
        Assert.EndsWith("]", symbolic);
        var entries = symbolic[1..^1].Split(", ");
        Assert.Equal(2, entries.Length);
        SameXY((x, y) => 2 * x * y, entries[0]);
        SameXY((x, _) => x * x, entries[1]);
        Assert.Equal("[4, 1]", run.Lines[1]);
    }

    [Fact]
    public void GradientLatexUsesLatexEntries()
    {
        var run = Run("grad", "x^2 y", "--format", "latex");
        Assert.Equal(0, run.Code);
        Assert.Contains("x^{2}", run.Text);
        Assert.StartsWith("\\left(", run.Text);
    }

    [Fact]
    public void InferredVariablesAreInNaturalOrder()
    {
        // x1 < x2 < x10, although "x10" < "x2" as plain strings.
        var json = Run("grad", "x10 + x2^2 + x1^3", "--format", "json").Json;
        Assert.Equal(["x1", "x2", "x10"], Strings(json["vars"]));
        var result = Strings(json["result"]).Select(s => Expr.Parse(s)).ToArray();
        const double x1 = 1.5, x2 = -0.5;
        Assert.Equal(3 * x1 * x1, result[0].Evaluate(("x1", x1)), 12);
        Assert.Equal(2 * x2, result[1].Evaluate(("x2", x2)), 12);
        Assert.Same(Expr.Num(1), result[2]);
    }

    [Fact]
    public void ExplicitVariablesSetTheOrder()
    {
        var json = Run("grad", "x^2 y", "--vars", "y,x", "--format", "json").Json;
        Assert.Equal(["y", "x"], Strings(json["vars"]));
        SameVectorXY(json["result"], (x, _) => x * x, (x, y) => 2 * x * y);

        // A listed variable the function does not use has partial derivative 0.
        var extra = Run("grad", "x^2", "--vars", "x,y", "--format", "json").Json;
        SameVectorXY(extra["result"], (x, _) => 2 * x, (_, _) => 0);
    }

    [Fact]
    public void JsonVerbPrintsExactlyWhatTheBatchLineAnswers()
    {
        var verb = Run("grad", "x^2 y", "--at", "x=1,y=2", "--format", "json");
        var batch = RunWithInput("""{"op":"grad","expr":"x^2 y","at":{"x":1,"y":2}}""", "batch");
        Assert.Equal(batch.Text, verb.Text);

        var jVerb = Run("jacobian", "x^2 - y^2; 2x y", "--format", "json");
        var jBatch = RunWithInput("""{"op":"jacobian","exprs":["x^2 - y^2","2x y"]}""", "batch");
        Assert.Equal(jBatch.Text, jVerb.Text);
    }

    [Fact]
    public void BadVariableListsAreUserErrors()
    {
        var mismatched = Run("grad", "x y z", "--vars", "x,y");
        Assert.Equal(1, mismatched.Code);
        Assert.Contains("z", mismatched.Err);
        Assert.Equal("", mismatched.Out);

        var twice = Run("hessian", "x y", "--vars", "x,y,x");
        Assert.Equal(1, twice.Code);
        Assert.Contains("twice", twice.Err);

        var notAName = Run("grad", "x y", "--vars", "x,2y");
        Assert.Equal(1, notAName.Code);
        Assert.Contains("2y", notAName.Err);

        var empty = Run("grad", "x y", "--vars", "x,,y");
        Assert.Equal(1, empty.Code);

        var json = Run("jacobian", "x + y; y z", "--vars", "x,y", "--format", "json");
        Assert.Equal(1, json.Code);
        Assert.False((bool)json.Json["ok"]!);
        Assert.Equal("user", (string)json.Json["error"]!["kind"]!);
        Assert.Contains("z", (string)json.Json["error"]!["message"]!);
    }

    [Fact]
    public void AtMustBindEveryVariable()
    {
        var run = Run("grad", "x^2 y", "--at", "x=1");
        Assert.Equal(1, run.Code);
        Assert.Contains("y", run.Err);
    }

    [Fact]
    public void ConstantFunctionNeedsNamedVariables()
    {
        Assert.Equal(1, Run("grad", "5").Code);
        var json = Run("grad", "5", "--vars", "x", "--format", "json").Json;
        Assert.Equal(["0"], Strings(json["result"]));
    }

    [Fact]
    public void ValuesOutsideTheDomainAreNullWithANote()
    {
        // d/dx sqrt(x) = 1/(2 sqrt(x)) has no real value at x = -1.
        var json = Run("grad", "sqrt(x)", "--at", "x=-1", "--format", "json").Json;
        Assert.Null(json["value"]!.AsArray()[0]);
        Assert.NotNull(json["valueNote"]);
    }

    [Fact]
    public void JacobianOfTheCourseExample()
    {
        // u = x² − y², v = 2xy: J = [[2x, −2y], [2y, 2x]] = [[2, −4], [4, 2]] at (1, 2).
        var json = Run("jacobian", "x^2 - y^2; 2x y", "--at", "x=1,y=2", "--format", "json").Json;
        Assert.Equal(["x", "y"], Strings(json["vars"]));
        var rows = json["result"]!.AsArray();
        Assert.Equal(2, rows.Count);
        SameVectorXY(rows[0], (x, _) => 2 * x, (_, y) => -2 * y);
        SameVectorXY(rows[1], (_, y) => 2 * y, (x, _) => 2 * x);
        var value = json["value"]!.AsArray();
        Numbers(value[0], 2, -4);
        Numbers(value[1], 4, 2);
    }

    [Fact]
    public void JacobianHumanShowsAlignedBracketedRows()
    {
        var run = Run("jacobian", "x^2 - y^2; 2x y", "--at", "x=1,y=2");
        Assert.Equal(0, run.Code);
        var lines = run.Lines;
        Assert.Contains("Jacobian", lines[0]);
        var symbolic = lines[1..3];
        var numeric = lines[4..6];
        Assert.Equal("at x = 1, y = 2:", lines[3]);
        foreach (var block in new[] { symbolic, numeric })
        {
            Assert.All(block, l => Assert.True(l.StartsWith('[') && l.EndsWith(']'), l));
            Assert.Equal(block[0].Length, block[1].Length); // columns padded to a common width
        }
        Assert.Equal(["[2  -4]", "[4   2]"], numeric);
    }

    [Fact]
    public void JacobianPlainIsANestedList()
    {
        var run = Run("jacobian", "x^2 - y^2; 2x y", "--at", "x=1,y=2", "--format", "plain");
        Assert.Equal(2, run.Lines.Length);
        Assert.StartsWith("[[", run.Lines[0]);
        Assert.Equal("[[2, -4], [4, 2]]", run.Lines[1]);
        var latex = Run("jacobian", "x^2 - y^2; 2x y", "--format", "latex");
        Assert.StartsWith("\\begin{bmatrix}", latex.Text);
        Assert.Contains("&", latex.Text);
    }

    [Fact]
    public void JacobianIsOneRowPerFunctionAndOneColumnPerVariable()
    {
        // Three functions of two variables: 3 × 2. d/dx sin(xy) = y cos(xy), d/dy = x cos(xy).
        var json = Run("jacobian", "x + y; x y; sin(x y);", "--format", "json").Json;
        var rows = json["result"]!.AsArray();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r!.AsArray().Count));
        SameVectorXY(rows[2], (x, y) => y * Math.Cos(x * y), (x, y) => x * Math.Cos(x * y));

        // Functions with different variables: the union, inferred in order.
        var union = Run("jacobian", "x y; y z", "--format", "json").Json;
        Assert.Equal(["x", "y", "z"], Strings(union["vars"]));
    }

    [Fact]
    public void JacobianSemicolonErrors()
    {
        var run = Run("jacobian", "x;; y");
        Assert.Equal(1, run.Code);
        Assert.Contains("empty", run.Err);
        Assert.Equal(1, Run("jacobian", " ; ").Code);
    }

    [Fact]
    public void HessianIsSquareAndMatchesHandDerivatives()
    {
        // f = x³ − 3xy²: f_xx = 6x, f_xy = −6y, f_yy = −6x.
        var json = Run("hessian", "x^3 - 3x y^2", "--at", "x=1,y=2", "--format", "json").Json;
        var rows = json["result"]!.AsArray();
        Assert.Equal(2, rows.Count);
        SameVectorXY(rows[0], (x, _) => 6 * x, (_, y) => -6 * y);
        SameVectorXY(rows[1], (_, y) => -6 * y, (x, _) => -6 * x);
        var value = json["value"]!.AsArray();
        Numbers(value[0], 6, -12);
        Numbers(value[1], -12, -6);

        var three = Run("hessian", "x y z + x^2", "--format", "json").Json;
        Assert.Equal(3, three["result"]!.AsArray().Count);
        Assert.All(three["result"]!.AsArray(), r => Assert.Equal(3, r!.AsArray().Count));
    }

    [Fact]
    public void HessianHumanNamesTheVariables()
    {
        var run = Run("hessian", "x^3 - 3x y^2");
        Assert.Equal(0, run.Code);
        Assert.Contains("Hessian", run.Lines[0]);
        Assert.Contains("x, y", run.Lines[0]);
        Assert.Equal(3, run.Lines.Length);
    }

    [Fact]
    public void SplitLettersReadsXYAsAProduct()
    {
        var json = Run("grad", "xy", "--split-letters", "--format", "json").Json;
        Assert.Equal(["x", "y"], Strings(json["vars"]));
        SameVectorXY(json["result"], (_, y) => y, (x, _) => x);
        var asName = Run("grad", "xy", "--format", "json").Json;
        Assert.Equal(["xy"], Strings(asName["vars"]));
    }

    internal static JsonObject[] Answers(CliRun run) => [.. run.Lines.Select(l => JsonNode.Parse(l)!.AsObject())];
}
