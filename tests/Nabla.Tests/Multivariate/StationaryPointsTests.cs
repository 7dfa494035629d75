using Nabla.Symbolic;

namespace Nabla.Tests.Multivariate;

public sealed class StationaryPointsTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");

    /// <summary>Himmelblau's function written directly in doubles: the oracle for gradient checks.</summary>
    private static double Himmelblau(double x, double y) => Math.Pow(x * x + y - 11, 2) + Math.Pow(x + y * y - 7, 2);

    /// <summary>Central-difference gradient and Hessian of a plain C# function of two variables.</summary>
    private static (double Gx, double Gy, double Hxx, double Hxy, double Hyy) FiniteDifferences(Func<double, double, double> f, double x, double y)
    {
        const double h = 1e-5, k = 1e-3;
        double gx = (f(x + h, y) - f(x - h, y)) / (2 * h);
        double gy = (f(x, y + h) - f(x, y - h)) / (2 * h);
        double hxx = (f(x + k, y) - 2 * f(x, y) + f(x - k, y)) / (k * k);
        double hyy = (f(x, y + k) - 2 * f(x, y) + f(x, y - k)) / (k * k);
        double hxy = (f(x + k, y + k) - f(x + k, y - k) - f(x - k, y + k) + f(x - k, y - k)) / (4 * k * k);
        return (gx, gy, hxx, hxy, hyy);
    }

    /// <summary>The kind a 2×2 Hessian says by the determinant test (independent of the eigenvalue code).</summary>
    private static StationaryKind KindByDeterminant(double hxx, double hxy, double hyy)
    {
        double det = hxx * hyy - hxy * hxy;
        return det < 0 ? StationaryKind.Saddle : hxx > 0 ? StationaryKind.Minimum : StationaryKind.Maximum;
    }

    private static void AssertAt(StationaryPoint p, double x, double y, double tolerance)
    {
        Assert.True(Math.Abs(p.Location["x"] - x) <= tolerance && Math.Abs(p.Location["y"] - y) <= tolerance,
            $"expected ({x}, {y}), got ({p.Location["x"]}, {p.Location["y"]})");
    }

    [Fact]
    public void HimmelblauHasFourMinimaOneMaximumAndFourSaddles()
    {
        var f = Expr.Parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2");
        var result = Calculus.StationaryPoints(f);
        Assert.False(result.Exact);
        Assert.True(result.Complete);
        Assert.Equal(9, result.Points.Count);

        // Literature values (minima and maximum), sorted as the result is: by x within a kind.
        var minima = result.Points.Where(p => p.Kind == StationaryKind.Minimum).ToList();
        Assert.Equal(4, minima.Count);
        AssertAt(minima[0], -3.779310, -3.283186, 1e-5);
        AssertAt(minima[1], -2.805118, 3.131312, 1e-5);
        AssertAt(minima[2], 3, 2, 1e-5);
        AssertAt(minima[3], 3.584428, -1.848126, 1e-5);
        var maximum = Assert.Single(result.Points, p => p.Kind == StationaryKind.Maximum);
        AssertAt(maximum, -0.270845, -0.923039, 1e-5);
        Assert.Equal(181.616522, maximum.Value, 5);
        var saddles = result.Points.Where(p => p.Kind == StationaryKind.Saddle).ToList();
        Assert.Equal(4, saddles.Count);
        AssertAt(saddles[0], -3.073026, -0.081353, 1e-5);
        AssertAt(saddles[1], -0.127961, -1.953715, 1e-5);
        AssertAt(saddles[2], 0.086678, 2.884255, 1e-5);
        AssertAt(saddles[3], 3.385154, 0.073852, 1e-5);
        Assert.Contains("a minimum", minima[0].Reason);
        Assert.StartsWith("both eigenvalues positive (", minima[0].Reason);
        Assert.StartsWith("both eigenvalues negative (", maximum.Reason);
        Assert.StartsWith("eigenvalues of both signs", saddles[0].Reason);

        foreach (var p in result.Points)
        {
            double x = p.Location["x"], y = p.Location["y"];
            var (gx, gy, hxx, hxy, hyy) = FiniteDifferences(Himmelblau, x, y);
            Assert.True(Math.Abs(gx) < 1e-6 && Math.Abs(gy) < 1e-6, $"∇f at ({x}, {y}) is ({gx}, {gy})");
            Assert.Equal(KindByDeterminant(hxx, hxy, hyy), p.Kind);
            Assert.Equal(Himmelblau(x, y), p.Value, 9);
            // Eigenvalues: their sum is the trace, their product the determinant (of the finite-difference Hessian).
            Assert.Equal(hxx + hyy, p.Eigenvalues.Sum(), 2);
            Assert.Equal(hxx * hyy - hxy * hxy, p.Eigenvalues[0] * p.Eigenvalues[1], 0);
        }
    }

    [Fact]
    public void TheGradientAndHessianOfTheResultAreTheSymbolicOnes()
    {
        var f = Expr.Parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2");
        var result = Calculus.StationaryPoints(f);
        Assert.Equal(new[] { X, Y }, result.Variables);
        Assert.Same(Calculus.Diff(f, X), result.Gradient[0]);
        Assert.Same(Calculus.Diff(Calculus.Diff(f, X), Y), result.Hessian[0, 1]);
    }

    [Fact]
    public void SumOfSquaresHasOneMinimumAtTheOrigin()
    {
        var result = Calculus.StationaryPoints(Expr.Parse("x^2 + y^2"));
        var p = Assert.Single(result.Points);
        Assert.Equal(StationaryKind.Minimum, p.Kind);
        Assert.Equal(0.0, p.Location["x"]);
        Assert.Equal(0.0, p.Location["y"]);
        Assert.Equal("both eigenvalues positive (2.0, 2.0): a minimum", p.Reason);
        Assert.True(result.Exact);
        Assert.Same(Expr.Zero, p.ExactLocation!["x"]);
        Assert.Same(Expr.Zero, p.ExactValue);
    }

    [Fact]
    public void DifferenceOfSquaresIsASaddle()
    {
        var p = Assert.Single(Calculus.StationaryPoints(Expr.Parse("x^2 - y^2")).Points);
        Assert.Equal(StationaryKind.Saddle, p.Kind);
        Assert.Equal("eigenvalues of both signs (-2.0, 2.0): a saddle", p.Reason);
        Assert.Equal(new[] { -2.0, 2.0 }, p.Eigenvalues);
    }

    [Fact]
    public void NegativeSumOfSquaresIsAMaximum()
    {
        var p = Assert.Single(Calculus.StationaryPoints(Expr.Parse("-x^2 - y^2")).Points);
        Assert.Equal(StationaryKind.Maximum, p.Kind);
        Assert.Equal("both eigenvalues negative (-2.0, -2.0): a maximum", p.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void QuarticBowlIsDegenerateAtTheOrigin(bool exact)
    {
        var result = Calculus.StationaryPoints(Expr.Parse("x^4 + y^4"), options: new StationaryOptions { TryExact = exact });
        Assert.Equal(exact, result.Exact);
        var p = Assert.Single(result.Points);
        Assert.Equal(StationaryKind.Degenerate, p.Kind);
        Assert.Contains("inconclusive", p.Reason);
        Assert.Contains("eigenvalue is 0", p.Reason);
        Assert.True(Math.Abs(p.Location["x"]) < 1e-6 && Math.Abs(p.Location["y"]) < 1e-6);
    }

    [Fact]
    public void QuadraticWithCrossTermIsSolvedExactly()
    {
        // f = 3x² + 2xy + 2y² − 4x + y + 7: ∇f = (6x + 2y − 4, 2x + 4y + 1) = 0, i.e. [[6, 2], [2, 4]]·(x, y) = (4, −1).
        var f = Expr.Parse("3x^2 + 2x*y + 2y^2 - 4x + y + 7");
        var result = Calculus.StationaryPoints(f);
        Assert.True(result.Exact);
        Assert.Contains("linear", result.Method);
        var p = Assert.Single(result.Points);
        // Cramer's rule by hand: det = 6·4 − 2·2 = 20, x = (4·4 − 2·(−1))/20 = 18/20, y = (6·(−1) − 2·4)/20 = −14/20.
        Assert.Same(Expr.Num(9, 10), p.ExactLocation!["x"]);
        Assert.Same(Expr.Num(-7, 10), p.ExactLocation["y"]);
        Assert.Equal(0.9, p.Location["x"], 15);
        Assert.Equal(-0.7, p.Location["y"], 15);
        // Hessian [[6, 2], [2, 4]]: eigenvalues 5 ± √5, both positive.
        Assert.Equal(StationaryKind.Minimum, p.Kind);
        Assert.Equal(5 - Math.Sqrt(5), p.Eigenvalues[0], 12);
        Assert.Equal(5 + Math.Sqrt(5), p.Eigenvalues[1], 12);
        // f at the point, by hand: 3·0.81 + 2·(−0.63) + 2·0.49 − 3.6 − 0.7 + 7 = 4.85 = 97/20.
        Assert.Same(Expr.Num(97, 20), p.ExactValue);
    }

    [Fact]
    public void TheNumericSearchAgreesWithTheExactSolution()
    {
        var f = Expr.Parse("3x^2 + 2x*y + 2y^2 - 4x + y + 7");
        var numeric = Calculus.StationaryPoints(f, options: new StationaryOptions { TryExact = false });
        var p = Assert.Single(numeric.Points);
        Assert.Equal(0.9, p.Location["x"], 10);
        Assert.Equal(-0.7, p.Location["y"], 10);
        Assert.Null(p.ExactLocation);
    }

    [Fact]
    public void SandpitHasAMinimumAMaximumAndASaddle()
    {
        var f = Expr.Parse("-((x - 4.1)^2 + (y - 0.9)^2) - 30*exp(-((x - 1.5)^2 + (y - 3.7)^2)/2.8)");
        static double Sandpit(double x, double y) =>
            -(Math.Pow(x - 4.1, 2) + Math.Pow(y - 0.9, 2)) - 30 * Math.Exp(-(Math.Pow(x - 1.5, 2) + Math.Pow(y - 3.7, 2)) / 2.8);
        var result = Calculus.StationaryPoints(f);
        Assert.Equal(3, result.Points.Count);
        // Values located independently (multiprecision root finding on the gradient).
        AssertAt(result.Points[0], 1.212834, 4.009256, 1e-5);
        Assert.Equal(StationaryKind.Minimum, result.Points[0].Kind);
        AssertAt(result.Points[1], 4.203249, 0.788808, 1e-5);
        Assert.Equal(StationaryKind.Maximum, result.Points[1].Kind);
        AssertAt(result.Points[2], 0.220805, 5.077595, 1e-5);
        Assert.Equal(StationaryKind.Saddle, result.Points[2].Kind);
        foreach (var p in result.Points)
        {
            var (gx, gy, hxx, hxy, hyy) = FiniteDifferences(Sandpit, p.Location["x"], p.Location["y"]);
            Assert.True(Math.Abs(gx) < 1e-6 && Math.Abs(gy) < 1e-6);
            Assert.Equal(KindByDeterminant(hxx, hxy, hyy), p.Kind);
        }
    }

    [Fact]
    public void OneVariablePolynomialGetsRationalAndIrrationalRoots()
    {
        // f = x⁴/4 − x³/3 − x² ⇒ f' = x³ − x² − 2x = x(x − 2)(x + 1): roots −1, 0, 2 (all rational).
        var result = Calculus.StationaryPoints(Expr.Parse("x^4/4 - x^3/3 - x^2"));
        Assert.True(result.Exact);
        Assert.Equal(new[] { -1.0, 2.0, 0.0 }, result.Points.Select(p => p.Location["x"]));
        Assert.Equal(new[] { StationaryKind.Minimum, StationaryKind.Minimum, StationaryKind.Maximum }, result.Points.Select(p => p.Kind));
        Assert.Equal("the second derivative f'' = 3.0 is positive: a minimum", result.Points[0].Reason);

        // f = x³/3 − 2x ⇒ f' = x² − 2: roots ±√2, irrational, found numerically and polished.
        var irrational = Calculus.StationaryPoints(Expr.Parse("x^3/3 - 2x"));
        Assert.Equal(2, irrational.Points.Count);
        Assert.Equal(Math.Sqrt(2), irrational.Points[0].Location["x"], 14);
        Assert.Equal(-Math.Sqrt(2), irrational.Points[1].Location["x"], 14);
        Assert.Null(irrational.Points[0].ExactLocation);
    }

    [Fact]
    public void SeparableSystemsCombineTheRootsOfEachVariable()
    {
        // ∂f/∂x = 3x² − 3 (x = ±1), ∂f/∂y = 2y (y = 0): (−1, 0) is a saddle, (1, 0) a minimum.
        var result = Calculus.StationaryPoints(Expr.Parse("x^3 - 3x + y^2"));
        Assert.True(result.Exact);
        Assert.Equal(2, result.Points.Count);
        Assert.Equal(StationaryKind.Minimum, result.Points[0].Kind);
        Assert.Equal(1.0, result.Points[0].Location["x"]);
        Assert.Equal(StationaryKind.Saddle, result.Points[1].Kind);
        Assert.Equal(-1.0, result.Points[1].Location["x"]);
    }

    [Theory]
    [InlineData("x^3 + x")]
    [InlineData("x + y")]
    [InlineData("exp(x) + y^2")]
    public void AFunctionWithoutStationaryPointsGivesAnEmptyList(string text)
    {
        var result = Calculus.StationaryPoints(Expr.Parse(text));
        Assert.Empty(result.Points);
        Assert.Contains("no stationary point", result.Method);
    }

    [Fact]
    public void AFamilyOfStationaryPointsIsRepresentedAndExplained()
    {
        // f = (x − y)²: every point on the line x = y is stationary (and degenerate).
        var result = Calculus.StationaryPoints(Expr.Parse("(x - y)^2"));
        var p = Assert.Single(result.Points);
        Assert.Equal(StationaryKind.Degenerate, p.Kind);
        Assert.Contains("line", result.Method);
    }

    [Fact]
    public void ThreeVariablesUseTheSymmetricEigenDecomposition()
    {
        // f = x² + 2y² − 3z² + xy: Hessian [[2, 1, 0], [1, 4, 0], [0, 0, −6]]: eigenvalues −6, 3 ± √2.
        var result = Calculus.StationaryPoints(Expr.Parse("x^2 + 2y^2 - 3z^2 + x*y"));
        var p = Assert.Single(result.Points);
        Assert.Equal(StationaryKind.Saddle, p.Kind);
        Assert.Equal(-6, p.Eigenvalues[0], 12);
        Assert.Equal(3 - Math.Sqrt(2), p.Eigenvalues[1], 12);
        Assert.Equal(3 + Math.Sqrt(2), p.Eigenvalues[2], 12);

        var bowl = Assert.Single(Calculus.StationaryPoints(Expr.Parse("(x-1)^2 + (y+2)^2 + z^2 + x*z"),
            options: new StationaryOptions { TryExact = false }).Points);
        Assert.Equal(StationaryKind.Minimum, bowl.Kind);
        Assert.StartsWith("all 3 eigenvalues positive", bowl.Reason);
    }

    [Fact]
    public void PointsAreSortedByKindThenCoordinatesAndTheSearchIsDeterministic()
    {
        var f = Expr.Parse("sin(x) * cos(y)");
        var options = new StationaryOptions { Lower = -4, Upper = 4 };
        var first = Calculus.StationaryPoints(f, options: options);
        var second = Calculus.StationaryPoints(f, options: options);
        Assert.Equal(first.Points.Select(p => (p.Location["x"], p.Location["y"], p.Kind)), second.Points.Select(p => (p.Location["x"], p.Location["y"], p.Kind)));
        for (int i = 1; i < first.Points.Count; i++)
        {
            var (a, b) = (first.Points[i - 1], first.Points[i]);
            Assert.True(a.Kind < b.Kind || (a.Kind == b.Kind && (a.Location["x"], a.Location["y"]).CompareTo((b.Location["x"], b.Location["y"])) < 0));
        }
        // sin x cos y on [−4, 4]²: maxima/minima at x = ±π/2 with y ∈ {0, ±π}, saddles at x ∈ {0, ±π}, y = ±π/2.
        Assert.Equal(6, first.Points.Count(p => p.Kind is StationaryKind.Minimum or StationaryKind.Maximum));
        Assert.Equal(6, first.Points.Count(p => p.Kind == StationaryKind.Saddle));
        foreach (var p in first.Points)
        {
            double x = p.Location["x"], y = p.Location["y"];
            Assert.True(Math.Abs(Math.Cos(x) * Math.Cos(y)) < 1e-9 && Math.Abs(Math.Sin(x) * Math.Sin(y)) < 1e-9);
        }
    }

    [Fact]
    public void PointsOutsideTheDomainOfTheFunctionAreNotStationary()
    {
        // f = x − ln x: f' = 1 − 1/x vanishes at x = 1, where f'' = 1/x² = 1 > 0.
        var p = Assert.Single(Calculus.StationaryPoints(Expr.Parse("x - ln(x)")).Points);
        Assert.Equal(1, p.Location["x"], 12);
        Assert.Equal(StationaryKind.Minimum, p.Kind);
        // f = x + ln x: f' = 1 + 1/x vanishes only at x = −1, where ln is undefined.
        var none = Calculus.StationaryPoints(Expr.Parse("x + ln(x)"));
        Assert.Empty(none.Points);
        Assert.Contains("undefined", none.Method);
    }

    [Fact]
    public void TheSearchBoxLimitsTheNumericSearch()
    {
        var f = Expr.Parse("sin(x)");
        var result = Calculus.StationaryPoints(f, options: new StationaryOptions { Bounds = new Dictionary<string, (double, double)> { ["x"] = (0, 3) } });
        var p = Assert.Single(result.Points);
        Assert.Equal(Math.PI / 2, p.Location["x"], 12);
        Assert.Equal(StationaryKind.Maximum, p.Kind);
        Assert.Contains("[0, 3]", result.Method);
    }

    [Fact]
    public void MaxPointsStopsTheSearchAndSaysSo()
    {
        var result = Calculus.StationaryPoints(Expr.Parse("sin(x)"), options: new StationaryOptions { Lower = -100, Upper = 100, GridSize = 200, MaxPoints = 5 });
        Assert.Equal(5, result.Points.Count);
        Assert.False(result.Complete);
        Assert.Contains("MaxPoints", result.Method);
    }

    [Fact]
    public void ManyVariablesFinishWithinTheBudget()
    {
        // 12 variables: even 2 starts per axis would exceed MaxStarts, so seeded random starts are used.
        var f = Expr.Add(Enumerable.Range(1, 12).Select(i => Expr.Pow(Expr.Sin(Expr.Sym($"x{i}")), 2)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Calculus.StationaryPoints(f, options: new StationaryOptions { MaxStarts = 200, TimeBudget = TimeSpan.FromSeconds(5) });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Contains("random starts", result.Method);
        Assert.NotEmpty(result.Points);
    }

    [Fact]
    public void TheTimeBudgetStopsALongSearchWithAPartialResult()
    {
        // A 100×100×100 grid (a million starts) cannot finish in a quarter of a second: the result says it stopped.
        var f = Expr.Parse("sin(x) + sin(y) + sin(z)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Calculus.StationaryPoints(f, options: new StationaryOptions
        {
            GridSize = 100, MaxStarts = 1_000_000, MaxPoints = 1_000_000, TimeBudget = TimeSpan.FromSeconds(0.25),
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.False(result.Complete);
        Assert.Contains("time budget", result.Method);
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        var withParameter = Assert.Throws<ArgumentException>(() => Calculus.StationaryPoints(Expr.Parse("a*x^2"), [X]));
        Assert.Contains("a", withParameter.Message);
        Assert.Contains("not among the variables", withParameter.Message);
        Assert.Throws<ArgumentException>(() => Calculus.StationaryPoints(Expr.Num(3)));
        Assert.Throws<ArgumentException>(() => Calculus.StationaryPoints(Expr.Parse("x^2"), [X, X]));
        var box = Assert.Throws<ArgumentException>(() => Calculus.StationaryPoints(Expr.Parse("x^2"), options: new StationaryOptions { Lower = 1, Upper = -1 }));
        Assert.Contains("lower < upper", box.Message);
    }
}
