using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;
using static Nabla.Tests.Cli.MultivariateAsserts;

namespace Nabla.Tests.Cli;

/// <summary><c>nabla taylor</c> and <c>nabla numdiff</c>, checked against known series and exact derivatives.</summary>
public sealed class TaylorAndNumDiffVerbTests
{
    [Fact]
    public void ReciprocalAboutFourToOrderTwo()
    {
        // 1/x = 1/4 − (x−4)/16 + (x−4)²/64 − … about 4.
        var json = Run("taylor", "1/x", "--about", "x=4", "--order", "2", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.Equal(["x"], Strings(json["vars"]));
        Assert.Equal(2, (int)json["order"]!);
        var expected = Expr.Parse("1/4 - (x-4)/16 + (x-4)^2/64");
        AssertSameFunction(x => expected.Evaluate(("x", x)), Expr.Parse((string)json["result"]!));
        var coefficients = Strings(json["coefficients"]).Select(c => Expr.Parse(c).Evaluate()).ToArray();
        Assert.Equal([0.25, -1.0 / 16, 1.0 / 64], coefficients);
        Assert.False(string.IsNullOrEmpty((string?)json["human"]));
        Assert.Contains("frac", (string)json["latex"]!);
        Assert.Equal("4", (string)json["about"]!["x"]!);
    }

    [Fact]
    public void TaylorTextFormsAreThePolynomial()
    {
        var json = Run("taylor", "1/x", "--about", "x=4", "--order", "2", "--format", "json").Json;
        var human = Run("taylor", "1/x", "--about", "x=4", "--order", "2");
        Assert.Equal(0, human.Code);
        Assert.Equal((string)json["human"]!, human.Text);
        Assert.Equal((string)json["result"]!, Run("taylor", "1/x", "--about", "x=4", "--order", "2", "--format", "plain").Text);
        Assert.Equal((string)json["latex"]!, Run("taylor", "1/x", "--about", "x=4", "--order", "2", "--format", "latex").Text);
    }

    [Fact]
    public void MaclaurinIsTheDefault()
    {
        // e^(x²) = 1 + x² + x⁴/2 + x⁶/6 + …
        var json = Run("taylor", "exp(x^2)", "--order", "6", "--format", "json").Json;
        AssertSameFunction(x => 1 + x * x + Math.Pow(x, 4) / 2 + Math.Pow(x, 6) / 6, Expr.Parse((string)json["result"]!));
        Assert.Equal("0", (string)json["about"]!["x"]!);
    }

    [Fact]
    public void MultivariateTaylorKeepsTermsUpToTheTotalOrder()
    {
        // e^x sin(y) = y + xy + x²y/2 − y³/6 + (terms of total degree ≥ 4).
        var json = Run("taylor", "exp(x) sin(y)", "--about", "x=0,y=0", "--order", "3", "--format", "json").Json;
        Assert.Equal(["x", "y"], Strings(json["vars"]));
        Assert.Null(json["coefficients"]);
        SameXY((x, y) => y + x * y + x * x * y / 2 - y * y * y / 6, (string)json["result"]!);
    }

    [Fact]
    public void TaylorOfACubicToOrderThreeIsTheCubic()
    {
        var json = Run("taylor", "x^3 - 2x y^2 + y + 5", "--about", "x=1,y=-2", "--order", "3", "--format", "json").Json;
        SameXY((x, y) => x * x * x - 2 * x * y * y + y + 5, (string)json["result"]!);
    }

    [Fact]
    public void ExpansionAtAPoleIsAUserErrorWithTheReason()
    {
        var run = Run("taylor", "2/(x^2-x)", "--about", "x=1", "--order", "2");
        Assert.Equal(1, run.Code);
        Assert.Equal("", run.Out);
        Assert.False(string.IsNullOrWhiteSpace(run.Err));

        var json = Run("taylor", "2/(x^2-x)", "--about", "x=1", "--order", "2", "--format", "json");
        Assert.Equal(1, json.Code);
        Assert.Equal("user", (string)json.Json["error"]!["kind"]!);
    }

    [Fact]
    public void HugeOrderIsAUserErrorNotAHang()
    {
        var run = Run("taylor", "sin(x)", "--order", "1000000");
        Assert.Equal(1, run.Code);
        Assert.Contains("order", run.Err);
        Assert.Contains("1000000", run.Err);
    }

    [Fact]
    public void TaylorInputErrors()
    {
        Assert.Equal(1, Run("taylor", "sin(x)", "--order", "-1").Code);
        Assert.Equal(1, Run("taylor", "sin(x)").Code);                                    // --order is required
        Assert.Equal(1, Run("taylor", "sin(x)", "--about", "x=y", "--order", "2").Code);  // not a constant
        Assert.Equal(1, Run("taylor", "sin(x)", "--about", "x=0,x=1", "--order", "2").Code);
    }

    [Fact]
    public void NumericDerivativeOfSineIsCosine()
    {
        var json = Run("numdiff", "sin(x)", "--at", "x=1", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.Equal("x", (string)json["wrt"]!);
        Assert.Equal("richardson", (string)json["method"]!);
        Assert.True(Math.Abs((double)json["value"]! - Math.Cos(1)) < 1e-8, $"{json["value"]}");
        Assert.True((double)json["error"]! >= 0);
        Assert.True((double)json["step"]! > 0);
        Assert.Null(json["table"]);
    }

    [Theory]
    [InlineData("forward", 1e-5)]
    [InlineData("backward", 1e-5)]
    [InlineData("central", 1e-7)]
    [InlineData("stencil5", 1e-8)]
    [InlineData("richardson", 1e-8)]
    public void EveryMethodApproximatesTheExactDerivative(string method, double tolerance)
    {
        // d/dx e^x sin(x) = e^x (sin x + cos x).
        const double x = 0.7;
        double exact = Math.Exp(x) * (Math.Sin(x) + Math.Cos(x));
        var json = Run("numdiff", "exp(x) sin(x)", "--at", "x=0.7", "--method", method, "--format", "json").Json;
        Assert.Equal(method, (string)json["method"]!);
        Assert.True(Math.Abs((double)json["value"]! - exact) < tolerance, $"{method}: {json["value"]} vs {exact}");
    }

    [Fact]
    public void PartialDerivativeByWrt()
    {
        // ∂/∂y x²y = x² = 1 at (1, 2).
        var json = Run("numdiff", "x^2 y", "--at", "x=1,y=2", "--wrt", "y", "--format", "json").Json;
        Assert.Equal("y", (string)json["wrt"]!);
        Assert.True(Math.Abs((double)json["value"]! - 1) < 1e-8);
    }

    [Fact]
    public void TableShowsSecantSlopesConvergingToTheDerivative()
    {
        // The secant slope of x² at 1 is ((1+h)² − 1)/h = 2 + h: its error shrinks with h until round-off.
        var json = Run("numdiff", "x^2", "--at", "x=1", "--table", "--format", "json").Json;
        Assert.Equal(2.0, (double)json["exact"]!);
        var table = json["table"]!.AsArray();
        Assert.True(table.Count >= 5);
        foreach (var row in table.Take(4))
        {
            double h = (double)row!["h"]!, slope = (double)row["slope"]!, error = (double)row["error"]!;
            Assert.True(Math.Abs(slope - 2) <= h * 1.5 + 1e-9, $"h = {h}: slope {slope}"); // secant vs exact (forward: 2 + h, central: 2)
            Assert.True(Math.Abs(Math.Abs(error) - Math.Abs(slope - 2)) < 1e-9, $"h = {h}: error {error}");
        }
        var steps = table.Select(r => (double)r!["h"]!).ToArray();
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second < p.First), "h shrinks down the table");
    }

    [Fact]
    public void TableHumanHasAlignedColumnsAndTheEstimateLast()
    {
        var run = Run("numdiff", "sin(x)", "--at", "x=1", "--table");
        Assert.Equal(0, run.Code);
        var header = run.Lines[0];
        Assert.Matches(@"^h\s+\| slope\s+\| error$", header);
        int bar = header.IndexOf('|');
        Assert.All(run.Lines.Skip(1).TakeWhile(l => l.Contains('|')), l => Assert.Equal(bar, l.IndexOf('|')));
        Assert.Contains("≈", run.Lines[^1]);
        Assert.Contains("0.54030230", run.Lines[^1]);

        var plain = Run("numdiff", "sin(x)", "--at", "x=1", "--format", "plain");
        Assert.Single(plain.Lines);
        Assert.True(Math.Abs(double.Parse(plain.Text, System.Globalization.CultureInfo.InvariantCulture) - Math.Cos(1)) < 1e-8);
    }

    [Fact]
    public void NumDiffInputErrors()
    {
        var method = Run("numdiff", "sin(x)", "--at", "x=1", "--method", "magic");
        Assert.Equal(1, method.Code);
        Assert.Contains("magic", method.Err);
        Assert.Contains("richardson", method.Err);
        Assert.Equal(1, Run("numdiff", "sin(x)").Code);                        // --at is required
        Assert.Equal(1, Run("numdiff", "x y", "--at", "x=1", "--wrt", "x").Code); // y has no value
        Assert.Equal(0, Run("numdiff", "x y", "--at", "x=1,y=2").Code);        // x is chosen when present
        Assert.Equal(1, Run("numdiff", "u v", "--at", "u=1,v=2").Code);        // ambiguous without --wrt

        // No real value where the formula samples: a user error, not a crash.
        var domain = Run("numdiff", "sqrt(x)", "--at", "x=0", "--format", "json");
        Assert.Equal(1, domain.Code);
        Assert.Equal("user", (string)domain.Json["error"]!["kind"]!);
        Assert.Equal(1, Run("numdiff", "ln(x)", "--at", "x=-1", "--table").Code);
    }
}
