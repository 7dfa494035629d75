using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;
using static Nabla.Tests.Cli.MultivariateAsserts;

namespace Nabla.Tests.Cli;

/// <summary><c>nabla stationary</c> and <c>nabla chain</c>, checked against points and derivatives worked out by hand.</summary>
public sealed class StationaryAndChainVerbTests
{
    [Fact]
    public void BowlHasOneMinimumAtTheOrigin()
    {
        // x² + y²: ∇f = (2x, 2y) vanishes only at (0, 0); the Hessian is diag(2, 2).
        var json = Run("stationary", "x^2 + y^2", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.Equal(["x", "y"], Strings(json["vars"]));
        SameVectorXY(json["gradient"], (x, _) => 2 * x, (_, y) => 2 * y);
        var points = json["points"]!.AsArray();
        var p = Assert.Single(points)!.AsObject();
        Assert.True(Close(0, (double)p["at"]!["x"]!, 1e-9));
        Assert.True(Close(0, (double)p["at"]!["y"]!, 1e-9));
        Assert.True(Close(0, (double)p["value"]!, 1e-9));
        Assert.Equal("minimum", (string)p["kind"]!);
        Numbers(p["eigenvalues"], 2, 2);
        Assert.False(string.IsNullOrWhiteSpace((string?)p["reason"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)json["method"]));
        Assert.Equal(2, json["hessian"]!.AsArray().Count);
    }

    [Fact]
    public void SaddleHasEigenvaluesOfBothSigns()
    {
        var json = Run("stationary", "x^2 - y^2", "--format", "json").Json;
        var p = Assert.Single(json["points"]!.AsArray())!.AsObject();
        Assert.Equal("saddle", (string)p["kind"]!);
        var eigenvalues = p["eigenvalues"]!.AsArray().Select(e => (double)e!).Order().ToArray();
        Assert.True(Close(-2, eigenvalues[0], 1e-9) && Close(2, eigenvalues[1], 1e-9), string.Join(", ", eigenvalues));
    }

    [Fact]
    public void HumanShowsATableWithOneRowPerPoint()
    {
        var run = Run("stationary", "x^2 + y^2");
        Assert.Equal(0, run.Code);
        Assert.StartsWith("∇f = (", run.Lines[0]);
        var header = run.Lines[1];
        foreach (var column in new[] { "x", "y", "f", "kind", "eigenvalues", "reason" }) Assert.Contains(column, header);
        Assert.Equal(3, run.Lines.Length);
        Assert.Contains("minimum", run.Lines[2]);
        // Aligned: the kind column starts at the same place in the header and in the row.
        Assert.Equal(header.IndexOf("kind", StringComparison.Ordinal), run.Lines[2].IndexOf("minimum", StringComparison.Ordinal));

        var plain = Run("stationary", "x^2 - y^2", "--format", "plain");
        Assert.Equal(["x", "y", "f", "kind", "eigenvalues", "reason"], plain.Lines[0].Split('\t'));
        Assert.Equal("saddle", plain.Lines[1].Split('\t')[3]);
    }

    [Fact]
    public void StationaryRejectsMismatchedVariables()
    {
        var run = Run("stationary", "x^2 + a y^2", "--vars", "x,y");
        Assert.Equal(1, run.Code);
        Assert.Contains("a", run.Err);
        Assert.Equal(1, Run("stationary", "7").Code);
    }

    [Fact]
    public void ChainRuleMatchesTheDerivativeOfTheSubstitutedFunction()
    {
        // f = xy + z with x = t+1, y = t−1, z = t²: f(t) = t² − 1 + t² = 2t² − 1, so df/dt = 4t (8 at t = 2).
        var json = Run("chain", "x y + z", "--with", "x=t+1; y=t-1; z=t^2", "--wrt", "t", "--at", "t=2", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.Equal("t", (string)json["wrt"]!);
        Assert.Equal(["x", "y", "z"], Strings(json["vars"]));
        var result = Expr.Parse((string)json["result"]!);
        foreach (double t in new[] { -1.5, 0.3, 2.0 }) Assert.True(Close(4 * t, result.Evaluate(("t", t))));
        Assert.Equal(8.0, (double)json["value"]!, 12);

        // Each term is ∂f/∂v · dv/dt; along the path ∂f/∂x = y = t − 1 and dx/dt = 1.
        var terms = json["terms"]!.AsArray();
        Assert.Equal(3, terms.Count);
        var x = terms.Single(term => (string)term!["var"]! == "x")!;
        Assert.Equal("t+1", (string)x["path"]!);
        var onPath = new Dictionary<string, double> { ["t"] = 2, ["x"] = 3, ["y"] = 1, ["z"] = 4 };
        Assert.Equal(1.0, Expr.Parse((string)x["partial"]!).Evaluate(onPath), 12);
        Assert.Equal(1.0, Expr.Parse((string)x["inner"]!).Evaluate(onPath), 12);
        Assert.Equal(1.0, Expr.Parse((string)x["term"]!).Evaluate(onPath), 12);
        var z = terms.Single(term => (string)term!["var"]! == "z")!;
        Assert.Equal(4.0, Expr.Parse((string)z["inner"]!).Evaluate(onPath), 12); // dz/dt = 2t
    }

    [Fact]
    public void ChainHumanShowsTheRuleTheTermsAndTheResultLast()
    {
        var run = Run("chain", "x y + z", "--with", "x=t+1; y=t-1; z=t^2", "--at", "t=2");
        Assert.Equal(0, run.Code);
        Assert.Equal("df/dt = ∂f/∂x · dx/dt + ∂f/∂y · dy/dt + ∂f/∂z · dz/dt", run.Lines[0]);
        Assert.Equal(5, run.Lines.Length);
        Assert.Contains("∂f/∂x", run.Lines[1]);
        Assert.Contains("term", run.Lines[3]);
        Assert.StartsWith("df/dt = ", run.Lines[^1]);
        Assert.EndsWith(" = 8", run.Lines[^1]);

        var plain = Run("chain", "x y + z", "--with", "x=t+1; y=t-1; z=t^2", "--at", "t=2", "--format", "plain");
        Assert.Equal("8", plain.Lines[^1]);
        AssertSameFunction(t => 4 * t, Expr.Parse(plain.Lines[^2]), "t");
    }

    [Fact]
    public void ChainAroundTheCircleIsZero()
    {
        // x² + y² on the unit circle is constant.
        var json = Run("chain", "x^2 + y^2", "--with", "x=cos(t); y=sin(t)", "--at", "t=pi/4", "--format", "json").Json;
        Assert.Equal("t", (string)json["wrt"]!); // inferred: the paths' only variable
        Assert.True(Math.Abs((double)json["value"]!) < 1e-12);
    }

    [Fact]
    public void ChainIncludesTheDirectDependenceOnTheParameter()
    {
        // f = x²y + t with x = cos t, y = sin t: f(t) = cos²t sin t + t, f' = −2 cos t sin²t + cos³t + 1.
        static double Exact(double t) => -2 * Math.Cos(t) * Math.Pow(Math.Sin(t), 2) + Math.Pow(Math.Cos(t), 3) + 1;
        var json = Run("chain", "x^2 y + t", "--with", "x=cos(t); y=sin(t)", "--at", "t=0.5", "--format", "json").Json;
        Assert.Equal(["x", "y"], Strings(json["vars"]));
        Assert.Equal(3, json["terms"]!.AsArray().Count);
        Assert.True(Close(Exact(0.5), (double)json["value"]!));
        AssertSameFunction(Exact, Expr.Parse((string)json["result"]!), "t");

        var human = Run("chain", "x^2 y + t", "--with", "x=cos(t); y=sin(t)");
        Assert.Contains(human.Lines, l => l.StartsWith("  t (directly):", StringComparison.Ordinal));
    }

    [Fact]
    public void ChainErrorsAreUserErrors()
    {
        Assert.Equal(1, Run("chain", "x y", "--with", "x=s; y=t").Code);        // which parameter?
        Assert.Equal(1, Run("chain", "x y", "--with", "x=t; y=t", "--wrt", "x").Code); // x is a path variable
        Assert.Equal(1, Run("chain", "x y", "--with", "x=t; y=x^2", "--wrt", "t").Code); // nested path
        Assert.Equal(1, Run("chain", "x y", "--with", "x=t; x=t^2", "--wrt", "t").Code); // twice
        Assert.Equal(1, Run("chain", "x y", "--with", "x t").Code);               // not name=expression
        Assert.Equal(1, Run("chain", "x y").Code);                                 // --with is required
        var missing = Run("chain", "x y", "--with", "x=t; y=t^2", "--at", "s=1");
        Assert.Equal(1, missing.Code);
        Assert.Contains("t", missing.Err);
    }
}
