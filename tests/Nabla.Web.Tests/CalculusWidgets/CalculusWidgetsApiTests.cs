using System.Net;
using System.Text.Json.Nodes;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.CalculusWidgets;

/// <summary>
/// The calculus widget endpoints (POST /api/widgets/NAME) against independent oracles: closed-form values and
/// derivatives of known functions, finite differences of the returned samples, the Jacobian of a linear map (its
/// matrix) and the Hessian eigenvalues of a quadratic form.
/// </summary>
public sealed class CalculusWidgetsApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    private async Task<JsonObject> Post(string widget, object body)
    {
        using var client = await factory.CreateApiClientAsync();
        var json = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/widgets/" + widget, body));
        Assert.True(json["ok"]!.GetValue<bool>());
        return json;
    }

    private static double[] Numbers(JsonNode? node) => node!.AsArray().Select(v => v is null ? double.NaN : v.GetValue<double>()).ToArray();

    private static double[][] Grid(JsonNode? node) => node!.AsArray().Select(Numbers).ToArray();

    private static void Close(double expected, double actual, double tolerance = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Fact]
    public async Task FunctionPlotSamplesSineAndFindsItsPeak()
    {
        var json = await Post("function-plot", new { f = "sin(x)", from = 0, to = "pi", samples = 101 });
        var xs = Numbers(json["xs"]);
        var ys = Numbers(json["ys"]);
        Assert.Equal(101, xs.Length);
        Close(0, xs[0]);
        Close(Math.PI, xs[^1]);
        for (int i = 0; i < xs.Length; i++) Close(Math.Sin(xs[i]), ys[i], 1e-12);
        var peak = Assert.Single(json["features"]!.AsArray());
        Assert.Equal("maximum", peak!["kind"]!.GetValue<string>());
        Assert.InRange(peak["x"]!.GetValue<double>(), Math.PI / 2 - 0.04, Math.PI / 2 + 0.04);
        Assert.Contains("local maximum near (1.57, 1)", json["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionPlotAnswersNullWhereTheFunctionIsUndefined()
    {
        var json = await Post("function-plot", new { f = "ln(x)", from = -1, to = 1, samples = 5 });
        var ys = json["ys"]!.AsArray();
        Assert.Null(ys[0]); // ln(-1)
        Assert.Null(ys[2]); // ln(0) = -∞ is not drawn
        Close(Math.Log(0.5), ys[3]!.GetValue<double>());
    }

    [Fact]
    public async Task SecantSlopesAreRiseOverRunAndConvergeToTheDerivative()
    {
        var json = await Post("secant-tangent", new { f = "x^3", x0 = 2, h = 1 });
        Close(12, json["slope"]!.GetValue<double>()); // d/dx x^3 = 3x^2 = 12 at 2
        Close(8, json["y0"]!.GetValue<double>());
        var steps = json["steps"]!.AsArray();
        Assert.Equal(32, steps.Count);
        double previousError = double.PositiveInfinity;
        foreach (var step in steps.Take(steps.Count - 1))
        {
            double h = step!["h"]!.GetValue<double>();
            double expected = (Math.Pow(2 + h, 3) - 8) / h; // the secant slope, computed here
            Close(expected, step["slope"]!.GetValue<double>(), 1e-9);
            Close(step["rise"]!.GetValue<double>() / step["run"]!.GetValue<double>(), step["slope"]!.GetValue<double>(), 1e-12);
            double error = Math.Abs(expected - 12);
            Assert.True(error < previousError, "the secant slope must approach f'(x0) as h shrinks");
            previousError = error;
        }
        Close(1, steps[0]!["h"]!.GetValue<double>());
        Assert.InRange(steps[^2]!["h"]!.GetValue<double>(), 0.0009, 0.0011);
        Assert.Equal(0, steps[^1]!["h"]!.GetValue<double>());
        Close(12, steps[^1]!["slope"]!.GetValue<double>());
        Assert.Contains("f′(2) = 12", json["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecantAcceptsConstantExpressionsFromLessonAttributes()
    {
        var json = await Post("secant-tangent", new { f = "sin(x)", x0 = "pi/3", h = "1/2" });
        Close(Math.Cos(Math.PI / 3), json["slope"]!.GetValue<double>());
        Close(0.5, json["steps"]![0]!["h"]!.GetValue<double>());
    }

    [Fact]
    public async Task DerivativePlotMatchesTheClosedFormAndTheSamplesFiniteDifferences()
    {
        var json = await Post("derivative-plot", new { f = "x^3*sin(x)", from = -3, to = 3, samples = 601 });
        var xs = Numbers(json["xs"]);
        var ys = Numbers(json["ys"]);
        var slopes = Numbers(json["slopes"]);
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i];
            Close(3 * x * x * Math.Sin(x) + x * x * x * Math.Cos(x), slopes[i], 1e-10);
            if (i > 0 && i < xs.Length - 1)
            {
                double central = (ys[i + 1] - ys[i - 1]) / (xs[i + 1] - xs[i - 1]);
                Assert.True(Math.Abs(central - slopes[i]) < 2e-3 * Math.Max(1, Math.Abs(slopes[i])), $"finite difference {central} vs slope {slopes[i]} at x = {x}");
            }
        }
        Assert.Contains("3", json["derivativeLatex"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatchDerivativeOffersOneCorrectGraphAmongDistinctMistakes()
    {
        var json = await Post("match-derivative", new { f = "x^3 - 3*x" });
        var xs = Numbers(json["xs"]);
        var candidates = json["candidates"]!.AsArray();
        Assert.Equal(4, candidates.Count);
        Assert.Equal(["A", "B", "C", "D"], candidates.Select(c => c!["label"]!.GetValue<string>()));
        var correct = Assert.Single(candidates, c => c!["correct"]!.GetValue<bool>());
        var ys = Numbers(correct!["ys"]);
        for (int i = 0; i < xs.Length; i++) Close(3 * xs[i] * xs[i] - 3, ys[i], 1e-12);
        foreach (var wrong in candidates.Where(c => !c!["correct"]!.GetValue<bool>()))
        {
            var other = Numbers(wrong!["ys"]);
            Assert.True(xs.Select((x, i) => Math.Abs(other[i] - ys[i])).Max() > 0.5, "a wrong option must look different from f'");
            Assert.False(string.IsNullOrWhiteSpace(wrong["feedback"]!.GetValue<string>()));
        }
        // Same seed, same order: the learner sees a stable question.
        var again = await Post("match-derivative", new { f = "x^3 - 3*x" });
        Assert.Equal(candidates.Select(c => c!["latex"]!.GetValue<string>()), again["candidates"]!.AsArray().Select(c => c!["latex"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SurfaceGridsAreTheFunctionAndItsPartialDerivatives()
    {
        var json = await Post("surface", new { f = "x^2*y + sin(y)", grid = 41 });
        var xs = Numbers(json["xs"]);
        var ys = Numbers(json["ys"]);
        var z = Grid(json["z"]);
        var dx = Grid(json["dx"]);
        var dy = Grid(json["dy"]);
        Assert.Equal(41, z.Length);
        for (int j = 0; j < ys.Length; j++)
            for (int i = 0; i < xs.Length; i++)
            {
                double x = xs[i], y = ys[j];
                Close(x * x * y + Math.Sin(y), z[j][i], 1e-12);
                Close(2 * x * y, dx[j][i], 1e-12);
                Close(x * x + Math.Cos(y), dy[j][i], 1e-12);
            }
        // The slice y = y_j is z's row j: its finite differences agree with ∂f/∂x (f is quadratic in x: exactly).
        for (int j = 0; j < ys.Length; j += 10)
            for (int i = 1; i < xs.Length - 1; i++)
                Close((z[j][i + 1] - z[j][i - 1]) / (xs[i + 1] - xs[i - 1]), dx[j][i], 1e-8);
    }

    [Fact]
    public async Task ContourGradientArrowsAreTheScaledGradientAndThePointReadsItsValue()
    {
        var json = await Post("contour-gradient", new { f = "x^2 + 3*y^2", arrows = 10, x0 = 1, y0 = 2 });
        var arrows = json["arrows"]!.AsArray();
        Assert.Equal(100, arrows.Count);
        double scale = json["arrowScale"]!.GetValue<double>();
        double cell = 6.0 / 10, longest = 0;
        foreach (var a in arrows)
        {
            double x = a!["x"]!.GetValue<double>(), y = a["y"]!.GetValue<double>();
            Close(2 * x, a["gx"]!.GetValue<double>(), 1e-12);
            Close(6 * y, a["gy"]!.GetValue<double>(), 1e-12);
            Close(2 * x * scale, a["u"]!.GetValue<double>(), 1e-12);
            Close(6 * y * scale, a["v"]!.GetValue<double>(), 1e-12);
            longest = Math.Max(longest, Math.Sqrt(Math.Pow(a["u"]!.GetValue<double>(), 2) + Math.Pow(a["v"]!.GetValue<double>(), 2)));
        }
        Assert.InRange(longest, 0.8 * cell, cell); // the longest arrow fills most of a cell, none overlaps the next
        var at = json["at"]!;
        Close(13, at["value"]!.GetValue<double>());
        Close(2, at["gx"]!.GetValue<double>());
        Close(12, at["gy"]!.GetValue<double>());
        Close(Math.Sqrt(148), at["magnitude"]!.GetValue<double>());
    }

    [Fact]
    public async Task TheJacobianOfALinearMapIsItsMatrixAndItsParallelogramIsTheTrueImage()
    {
        var json = await Post("jacobian-field", new { f = "2*x + 3*y", g = "-x + 4*y", x0 = 0.5, y0 = -1, size = 0.4 });
        var j = Grid(json["jacobian"]);
        Assert.Equal([2.0, 3.0], j[0]);
        Assert.Equal([-1.0, 4.0], j[1]);
        Close(11, json["determinant"]!.GetValue<double>());
        var trueX = Numbers(json["trueImage"]!["xs"]);
        var linearX = Numbers(json["linearImage"]!["xs"]);
        var trueY = Numbers(json["trueImage"]!["ys"]);
        var linearY = Numbers(json["linearImage"]!["ys"]);
        for (int k = 0; k < trueX.Length; k++) { Close(trueX[k], linearX[k], 1e-12); Close(trueY[k], linearY[k], 1e-12); }
        // The square is centred on the point, side `size`.
        var sx = Numbers(json["square"]!["xs"]);
        Close(0.3, sx.Min());
        Close(0.7, sx.Max());
    }

    [Fact]
    public async Task TheJacobianOfANonLinearMapMatchesItsClosedFormAndMapsTheGrid()
    {
        var json = await Post("jacobian-field", new { f = "x^2 - y^2", g = "2*x*y", x0 = 1, y0 = 0.5 });
        var j = Grid(json["jacobian"]);
        Assert.Equal([2.0, -1.0], j[0]); // [[2x, -2y], [2y, 2x]]
        Assert.Equal([1.0, 2.0], j[1]);
        Close(5, json["determinant"]!.GetValue<double>());
        var domain = json["domainLines"]!.AsArray();
        var image = json["imageLines"]!.AsArray();
        Assert.Equal(domain.Count, image.Count);
        for (int l = 0; l < domain.Count; l += 3)
        {
            var dxs = Numbers(domain[l]!["xs"]); var dys = Numbers(domain[l]!["ys"]);
            var ixs = Numbers(image[l]!["xs"]); var iys = Numbers(image[l]!["ys"]);
            for (int k = 0; k < dxs.Length; k++)
            {
                Close(dxs[k] * dxs[k] - dys[k] * dys[k], ixs[k], 1e-12);
                Close(2 * dxs[k] * dys[k], iys[k], 1e-12);
            }
        }
        // The true image of a small square is close to the Jacobian's parallelogram (error ~ size²).
        var tx = Numbers(json["trueImage"]!["xs"]); var lx = Numbers(json["linearImage"]!["xs"]);
        Assert.True(tx.Select((v, k) => Math.Abs(v - lx[k])).Max() < 0.1);
    }

    [Theory]
    [InlineData("3*x^2 + 2*x*y + y^2", 6, 2, 2, "minimum")]   // H = [[6, 2], [2, 2]]
    [InlineData("-x^2 + x*y - 2*y^2", -2, 1, -4, "maximum")]  // H = [[-2, 1], [1, -4]]
    [InlineData("x^2 + x*y - y^2", 2, 1, -2, "saddle")]       // H = [[2, 1], [1, -2]]
    public async Task HessianEigenvaluesOfAQuadraticFormClassifyTheOrigin(string f, double a, double b, double c, string kind)
    {
        var json = await Post("hessian", new { f });
        Close(0, json["x0"]!.GetValue<double>()); // the stationary point the engine found
        Close(0, json["y0"]!.GetValue<double>());
        Assert.True(json["stationary"]!.GetValue<bool>());
        Assert.Equal(kind, json["kind"]!.GetValue<string>());
        Assert.Contains(kind, json["classification"]!.GetValue<string>(), StringComparison.Ordinal);
        var h = Grid(json["hessian"]);
        Assert.Equal([a, b], h[0]);
        Assert.Equal([b, c], h[1]);
        // Eigenvalues of [[a, b], [b, c]] in closed form, smallest first.
        double mean = (a + c) / 2, radius = Math.Sqrt((a - c) * (a - c) / 4 + b * b);
        var lambdas = Numbers(json["eigenvalues"]);
        Close(mean - radius, lambdas[0], 1e-12);
        Close(mean + radius, lambdas[1], 1e-12);
        var vectors = Grid(json["eigenvectors"]);
        for (int k = 0; k < 2; k++)
        {
            var v = vectors[k];
            Close(1, Math.Sqrt(v[0] * v[0] + v[1] * v[1]), 1e-12);
            Close(lambdas[k] * v[0], a * v[0] + b * v[1], 1e-12); // H v = λ v
            Close(lambdas[k] * v[1], b * v[0] + c * v[1], 1e-12);
        }
        Close(a * c - b * b, json["determinant"]!.GetValue<double>());
    }

    [Fact]
    public async Task AHessianAwayFromAStationaryPointIsNotClassified()
    {
        var json = await Post("hessian", new { f = "x^2 + y^2", x0 = 1, y0 = -0.5 });
        Assert.False(json["stationary"]!.GetValue<bool>());
        Assert.Equal("not-stationary", json["kind"]!.GetValue<string>());
        Assert.Equal([2.0, -1.0], Numbers(json["gradient"]));
        Assert.Contains("not a stationary point", json["classification"]!.GetValue<string>(), StringComparison.Ordinal);
        Close(1.25, json["value"]!.GetValue<double>());
        // The window is centred on the point.
        Close(-1, json["xMin"]!.GetValue<double>());
        Close(3, json["xMax"]!.GetValue<double>());
    }

    [Fact]
    public async Task HessianListsTheStationaryPointsOfTheWindow()
    {
        var json = await Post("hessian", new { f = "x^3 - 3*x + y^2", xMin = -2, xMax = 2, yMin = -2, yMax = 2 });
        var marks = json["stationaryPoints"]!.AsArray().Select(p => (X: p!["x"]!.GetValue<double>(), Kind: p["kind"]!.GetValue<string>())).OrderBy(p => p.X).ToList();
        Assert.Equal(2, marks.Count); // f_x = 3x² − 3 = 0 at x = ±1, f_y = 2y = 0
        Close(-1, marks[0].X); Assert.Equal("saddle", marks[0].Kind);
        Close(1, marks[1].X); Assert.Equal("minimum", marks[1].Kind);
    }
}
