using System.Globalization;
using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary><c>nabla simplify</c> and <c>nabla equiv</c> in each format.</summary>
public sealed class SimplifyAndEquivVerbTests
{
    [Fact]
    public void SimplifyPlainGivesTheSimplifiedExpression()
    {
        var run = Run("simplify", "x + x", "--format", "plain");
        Assert.Equal(0, run.Code);
        Assert.Same(Expr.Num(2) * Expr.Sym("x"), Expr.Parse(run.Text));
    }

    [Fact]
    public void SimplifyKeepsTheFunction()
    {
        // (x^2 - 1)/(x - 1) = x + 1 away from x = 1.
        var run = Run("simplify", "(x^2 - 1)/(x - 1)", "--format", "plain");
        Assert.Equal(0, run.Code);
        AssertSameFunction(x => x + 1, Expr.Parse(run.Text), points: [-1.7, 0.3, 2.9]);
    }

    [Fact]
    public void SimplifyHumanLatexAndJsonAgreeWithThePlainResult()
    {
        var plain = Expr.Parse(Run("simplify", "x + x + y", "--format", "plain").Text);
        var human = Run("simplify", "x + x + y");
        var latex = Run("simplify", "x + x + y", "--format", "latex");
        var json = Run("simplify", "x + x + y", "--format", "json");
        Assert.Equal((0, 0, 0), (human.Code, latex.Code, json.Code));
        Assert.Equal(plain.ToHuman(), human.Text);
        Assert.Equal(plain.ToLatex(), latex.Text);
        Assert.True((bool)json.Json["ok"]!);
        Assert.Same(plain, Expr.Parse((string)json.Json["result"]!));
        Assert.Equal(plain.ToHuman(), (string)json.Json["human"]!);
        Assert.Equal(plain.ToLatex(), (string)json.Json["latex"]!);
    }

    [Fact]
    public void SimplifyParseErrorIsAUserError()
    {
        var run = Run("simplify", "sin(");
        Assert.Equal(1, run.Code);
        Assert.Contains("^", run.Err);
    }

    [Fact]
    public void EquivalentExpressionsAreReportedAsSuch()
    {
        var human = Run("equiv", "sin(x)^2 + cos(x)^2", "1");
        Assert.Equal(0, human.Code);
        Assert.Equal("equivalent", human.Text);

        var json = Run("equiv", "(x+1)^2", "x^2 + 2x + 1", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.True((bool)json["equivalent"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["method"]));
        Assert.Null(json["counterexample"]);

        var plain = Run("equiv", "(x+1)^2", "x^2 + 2x + 1", "--format", "plain");
        Assert.StartsWith("true ", plain.Text);
    }

    [Fact]
    public void DifferentExpressionsComeWithACounterexampleThatReallyDiffers()
    {
        var run = Run("equiv", "(x+1)^2", "x^2 + 1", "--format", "json");
        Assert.Equal(0, run.Code);
        var json = run.Json;
        Assert.False((bool)json["equivalent"]!);
        Assert.Equal("counterexample", (string)json["method"]!);
        double x = (double)json["counterexample"]!["x"]!;
        // Recompute both sides by hand at the counterexample.
        Assert.Equal((x + 1) * (x + 1), (double)json["valueA"]!, 9);
        Assert.Equal(x * x + 1, (double)json["valueB"]!, 9);
        Assert.NotEqual((x + 1) * (x + 1), x * x + 1);
    }

    [Fact]
    public void DifferentExpressionsInHumanAndPlainForm()
    {
        var human = Run("equiv", "(x+1)^2", "x^2 + 1");
        Assert.Equal(0, human.Code);
        Assert.StartsWith("not equivalent: at x = ", human.Text);

        var plain = Run("equiv", "(x+1)^2", "x^2 + 1", "--format", "plain");
        Assert.StartsWith("false counterexample x=", plain.Text);
        double x = double.Parse(plain.Text.Split("x=")[1], CultureInfo.InvariantCulture);
        Assert.NotEqual((x + 1) * (x + 1), x * x + 1);
    }

    [Fact]
    public void EquivLatexUsesTheEquivalenceSymbol()
    {
        Assert.Contains("\\equiv", Run("equiv", "x + x", "2x", "--format", "latex").Text);
        Assert.Contains("\\not\\equiv", Run("equiv", "x", "x + 1", "--format", "latex").Text);
    }

    [Fact]
    public void EquivWithSplitLetters()
    {
        var json = Run("equiv", "2xy", "2yx", "--split-letters", "--format", "json").Json;
        Assert.True((bool)json["equivalent"]!);
    }
}
