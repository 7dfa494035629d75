using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary>
/// <c>nabla diff</c> in each format. The derivatives are checked against hand-written closed forms evaluated in
/// double arithmetic, never against Nabla's own output.
/// </summary>
public sealed class DiffVerbTests
{
    // d/dx x^2 sin(x) = 2x sin(x) + x^2 cos(x), by the product rule.
    private static double DX2SinX(double x) => 2 * x * Math.Sin(x) + x * x * Math.Cos(x);

    [Fact]
    public void PlainFormatPrintsTheDerivativeInAFormThatParsesBack()
    {
        var run = Run("diff", "x^2 sin(x)", "--format", "plain");
        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        Assert.Single(run.Lines);
        AssertSameFunction(DX2SinX, Expr.Parse(run.Text));
    }

    [Fact]
    public void HumanIsTheDefaultFormatAndPrintsTheHumanFormOfTheDerivative()
    {
        var plain = Run("diff", "x^2 sin(x)", "--format", "plain");
        var human = Run("diff", "x^2 sin(x)");
        Assert.Equal(0, human.Code);
        Assert.Equal(Expr.Parse(plain.Text).ToHuman(), human.Text);
        AssertSameFunction(DX2SinX, Expr.Parse(human.Text));
    }

    [Fact]
    public void LatexFormatPrintsTheLatexFormOfTheDerivative()
    {
        var plain = Run("diff", "x^2 sin(x)", "--format", "plain");
        var latex = Run("diff", "x^2 sin(x)", "--format", "latex");
        Assert.Equal(0, latex.Code);
        Assert.Equal(Expr.Parse(plain.Text).ToLatex(), latex.Text);
        Assert.Contains("\\sin", latex.Text);
    }

    [Fact]
    public void JsonFormatCarriesAllThreeFormsTheVariableAndTheOrder()
    {
        var run = Run("diff", "x^2 sin(x)", "--format", "json");
        Assert.Equal(0, run.Code);
        var json = run.Json;
        Assert.True((bool)json["ok"]!);
        var result = Expr.Parse((string)json["result"]!);
        AssertSameFunction(DX2SinX, result);
        Assert.Equal(result.ToHuman(), (string)json["human"]!);
        Assert.Equal(result.ToLatex(), (string)json["latex"]!);
        Assert.Equal("x", (string)json["wrt"]!);
        Assert.Equal(1, (int)json["order"]!);
        Assert.Null(json["value"]);
        Assert.Null(json["steps"]);
    }

    [Fact]
    public void AtEvaluatesTheDerivativeAtThePoint()
    {
        // d/dy x^2 y^3 = 3x^2 y^2 = 12 at (1, 2).
        var human = Run("diff", "x^2 y^3", "--wrt", "y", "--at", "x=1,y=2");
        Assert.Equal(0, human.Code);
        Assert.EndsWith(" = 12", human.Text);

        var json = Run("diff", "x^2 y^3", "--wrt", "y", "--at", "x=1,y=2", "--format", "json").Json;
        Assert.Equal(12.0, (double)json["value"]!);
    }

    [Fact]
    public void AtValueMatchesAHandComputedDerivative()
    {
        // d/dx x^3 sin(x) = 3x^2 sin(x) + x^3 cos(x).
        const double x = 1.3;
        double expected = 3 * x * x * Math.Sin(x) + x * x * x * Math.Cos(x);
        var run = Run("diff", "x^3 sin(x)", "--at", "x=1.3", "--format", "plain");
        Assert.Equal(0, run.Code);
        Assert.Equal(2, run.Lines.Length);
        double value = double.Parse(run.Lines[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, value, 12);
    }

    [Fact]
    public void AtAcceptsConstantExpressionsAsValues()
    {
        // d/dx sin(x) = cos(x); cos(pi/3) = 1/2.
        var json = Run("diff", "sin(x)", "--at", "x=pi/3", "--format", "json").Json;
        Assert.Equal(0.5, (double)json["value"]!, 12);
    }

    [Fact]
    public void AtMustBindEveryVariableAndNamesTheMissingOnes()
    {
        var run = Run("diff", "x^2 y z", "--wrt", "x", "--at", "x=1");
        Assert.Equal(1, run.Code);
        Assert.Equal("", run.Out);
        Assert.Contains("y, z", run.Err);
    }

    [Theory]
    [InlineData("x=")]
    [InlineData("x")]
    [InlineData("=1")]
    [InlineData("x=1,x=2")]
    [InlineData("x=y")]
    public void MalformedPointsAreUserErrors(string point)
    {
        var run = Run("diff", "x^2", "--at", point);
        Assert.Equal(1, run.Code);
        Assert.NotEqual("", run.Err.Trim());
    }

    [Fact]
    public void NonRealValueAtThePointIsNullWithANoteInJson()
    {
        // sqrt(x)' = 1/(2 sqrt(x)) has no real value at x = -2.
        var json = Run("diff", "sqrt(x)", "--at", "x=-2", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.True(json.ContainsKey("value"));
        Assert.Null(json["value"]);
        Assert.Contains("NaN", (string)json["valueNote"]!);
    }

    [Fact]
    public void TheOnlyVariableIsTheDefault()
    {
        var json = Run("diff", "t^3", "--format", "json").Json;
        Assert.Equal("t", (string)json["wrt"]!);
        AssertSameFunction(t => 3 * t * t, Expr.Parse((string)json["result"]!), "t");
    }

    [Fact]
    public void XIsTheDefaultAmongSeveralVariables()
    {
        var json = Run("diff", "a x^2 + b", "--format", "json").Json;
        Assert.Equal("x", (string)json["wrt"]!);
        var result = Expr.Parse((string)json["result"]!);
        Assert.Equal(2 * 3.0 * 1.5, result.Evaluate(("a", 3.0), ("x", 1.5)), 12);
    }

    [Fact]
    public void SeveralVariablesWithoutXAskForWrt()
    {
        var run = Run("diff", "a b^2");
        Assert.Equal(1, run.Code);
        Assert.Contains("--wrt", run.Err);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void WrtMustBeAVariableName()
    {
        var run = Run("diff", "x^2", "--wrt", "2+");
        Assert.Equal(1, run.Code);
        Assert.Contains("--wrt", run.Err);
    }

    [Fact]
    public void OrderTwoDifferentiatesTwice()
    {
        // d²/dx² x^4 = 12x^2.
        var run = Run("diff", "x^4", "--order", "2", "--format", "plain");
        Assert.Equal(0, run.Code);
        AssertSameFunction(x => 12 * x * x, Expr.Parse(run.Text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("100000")]
    public void OrderOutOfRangeIsAUserError(string order)
    {
        var run = Run("diff", "x^4", "--order", order);
        Assert.Equal(1, run.Code);
        Assert.Contains("order", run.Err);
    }

    [Fact]
    public void ExpressionStartingWithMinusIsNotTakenForAnOption()
    {
        var run = Run("diff", "-x^2", "--format", "plain");
        Assert.Equal(0, run.Code);
        AssertSameFunction(x => -2 * x, Expr.Parse(run.Text));
    }

    [Fact]
    public void StepsAreNumberedAndEndWithTheResult()
    {
        var plain = Run("diff", "x^3 sin(x)", "--format", "plain");
        var run = Run("diff", "x^3 sin(x)", "--steps");
        Assert.Equal(0, run.Code);
        Assert.Contains("1. ", run.Out);
        Assert.Contains("Result:", run.Out);
        Assert.Equal(Expr.Parse(plain.Text).ToHuman(), run.Lines[^1]);
    }

    [Fact]
    public void JsonStepsHaveEveryFieldWithExpressionsInPlainForm()
    {
        var json = Run("diff", "x^3 sin(x)", "--steps", "--format", "json").Json;
        var steps = json["steps"]!.AsArray();
        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            var s = step!.AsObject();
            foreach (var field in new[] { "rule", "expression", "formula", "result", "explanation" })
                Assert.False(string.IsNullOrEmpty((string?)s[field]), $"step field {field} is empty");
            Assert.True((int)s["depth"]! >= 0);
            Expr.Parse((string)s["expression"]!);
            Expr.Parse((string)s["result"]!);
        }
        // The outermost step differentiates the whole function.
        var f = Expr.Parse("x^3 sin(x)");
        Assert.Contains(steps, s => (int)s!["depth"]! == 0 && ReferenceEquals(Expr.Parse((string)s["expression"]!), f));
    }

    [Fact]
    public void SplitLettersReadsXyAsAProduct()
    {
        var split = Run("diff", "xy", "--wrt", "x", "--split-letters", "--format", "plain");
        Assert.Equal(0, split.Code);
        Assert.Same(Expr.Sym("y"), Expr.Parse(split.Text));

        // Without the flag xy is one variable, which does not depend on x.
        var whole = Run("diff", "xy", "--wrt", "x", "--format", "plain");
        Assert.Equal("0", whole.Text);
    }

    [Fact]
    public void ParseErrorShowsTheInputACaretAndExitsWithOne()
    {
        var run = Run("diff", "2 + * x");
        Assert.Equal(1, run.Code);
        Assert.Equal("", run.Out);
        Assert.Contains("2 + * x", run.Err);
        var lines = run.Err.Split('\n');
        int caretIndex = Array.FindIndex(lines, l => l.TrimStart().StartsWith('^'));
        Assert.True(caretIndex > 0, run.Err);
        // The caret sits under the offending '*' on the input line just above it.
        var caretLine = lines[caretIndex];
        var inputLine = lines[caretIndex - 1];
        Assert.Equal('*', inputLine[caretLine.IndexOf('^', StringComparison.Ordinal)]);
    }

    [Fact]
    public void ParseErrorInJsonFormatIsTheErrorObjectWithThePosition()
    {
        var run = Run("diff", "2 + * x", "--format", "json");
        Assert.Equal(1, run.Code);
        var json = run.Json;
        Assert.False((bool)json["ok"]!);
        Assert.Equal(4, (int)json["error"]!["position"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["error"]!["message"]));
        Assert.NotEqual("", run.Err);
    }
}
