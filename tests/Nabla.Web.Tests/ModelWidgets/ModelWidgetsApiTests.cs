using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.ModelWidgets;

/// <summary>
/// The model widgets' endpoints (POST /api/widgets/NAME for modules 3–6), checked against independent oracles:
/// closed-form Taylor coefficients, Newton iterates computed here by hand, descent on a quadratic with a known minimum,
/// Lagrange points of x + y on the unit circle, and closed-form least squares.
/// </summary>
public sealed class ModelWidgetsApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    private async Task<JsonObject> Ok(string widget, object body)
    {
        using var client = await factory.CreateApiClientAsync();
        var json = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/widgets/" + widget, body));
        Assert.True(json["ok"]!.GetValue<bool>());
        return json;
    }

    private static double D(JsonNode? node) => node!.GetValue<double>();

    private static double[] Doubles(JsonNode? node) => node!.AsArray().Select(n => n is null ? double.NaN : n.GetValue<double>()).ToArray();

    private static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    [Fact]
    public async Task TaylorOfExpHasCoefficientsOneOverKFactorialAndItsPolynomialsMatchTheSums()
    {
        var json = await Ok("taylor-series", new { f = "exp(x)", a = 0, maxOrder = 8 });
        var coefficients = json["coefficients"]!.AsArray();
        Assert.Equal(9, coefficients.Count);
        for (int k = 0; k <= 8; k++) Assert.Equal(1.0 / Factorial(k), D(coefficients[k]!["value"]), 15);
        var xs = Doubles(json["x"]);
        var orders = json["orders"]!.AsArray();
        for (int n = 0; n <= 8; n++)
        {
            var values = Doubles(orders[n]!["values"]);
            for (int i = 0; i < xs.Length; i += 20)
            {
                double expected = 0;
                for (int k = 0; k <= n; k++) expected += Math.Pow(xs[i], k) / Factorial(k);
                Assert.Equal(expected, values[i], 1e-9);
            }
        }
        var f = Doubles(json["f"]);
        for (int i = 0; i < xs.Length; i += 10) Assert.Equal(Math.Exp(xs[i]), f[i], 1e-12);
    }

    [Fact]
    public async Task TaylorOfSinAboutPiOverTwoIsTheCosineSeriesShifted()
    {
        // sin(x) = cos(x − π/2) = Σ (−1)^j (x − π/2)^(2j)/(2j)!: exact coefficients, odd ones zero.
        var json = await Ok("taylor-series", new { f = "sin(x)", a = "pi/2", maxOrder = 7 });
        Assert.Equal(Math.PI / 2, D(json["a"]), 15);
        var c = json["coefficients"]!.AsArray();
        for (int k = 0; k <= 7; k++)
        {
            double expected = k % 2 == 1 ? 0 : (k / 2 % 2 == 0 ? 1 : -1) / (double)Factorial(k);
            Assert.Equal(expected, D(c[k]!["value"]), 15);
        }
        Assert.Contains("\\frac{1}{2}", c[2]!["latex"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewtonOnXSquaredMinusTwoFollowsTheHandIterates()
    {
        var json = await Ok("newton-raphson", new { f = "x^2 - 2", x0 = 1 });
        var steps = json["steps"]!.AsArray();
        double x = 1;
        for (int n = 0; n < 5; n++)
        {
            Assert.Equal(x, D(steps[n]!["x"]), 14);
            Assert.Equal(x * x - 2, D(steps[n]!["f"]), 13);
            Assert.Equal(2 * x, D(steps[n]!["derivative"]), 13);
            x -= (x * x - 2) / (2 * x);                       // 1, 3/2, 17/12, 577/408, …
        }
        Assert.Equal(17.0 / 12, D(steps[2]!["x"]), 15);
        Assert.True(json["converged"]!.GetValue<bool>());
        Assert.Equal("converged", json["exit"]!.GetValue<string>());
        Assert.Equal(Math.Sqrt(2), D(json["root"]), 14);
    }

    [Theory]
    [InlineData("x^3 - 2*x + 2", 0, "cycle-detected")]
    [InlineData("x^2 + 1", 0, "derivative-zero")]
    [InlineData("atan(x)", 1.5, "diverged")]
    public async Task NewtonFailuresComeWithTheEnginesExitReasonInWords(string f, double x0, string exit)
    {
        var json = await Ok("newton-raphson", new { f, x0 });
        Assert.False(json["converged"]!.GetValue<bool>());
        Assert.Equal(exit, json["exit"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(json["explanation"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(json["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GradientDescentOnAQuadraticShrinksEachCoordinateByItsFactor()
    {
        // f = x² + 3y²: x ← (1 − 2γ)x, y ← (1 − 6γ)y; the minimum is (0, 0).
        const double rate = 0.1;
        var json = await Ok("gradient-descent", new { f = "x^2 + 3*y^2", x0 = 2, y0 = 1, rate, steps = 40 });
        var path = json["path"]!.AsArray();
        for (int k = 0; k < path.Count; k++)
        {
            Assert.Equal(2 * Math.Pow(1 - 2 * rate, k), D(path[k]!["x"]), 12);
            Assert.Equal(Math.Pow(1 - 6 * rate, k), D(path[k]!["y"]), 12);
        }
        Assert.Equal(0, D(json["final"]!["x"]), 3);
        Assert.Equal(0, D(json["final"]!["y"]), 3);
        var grid = json["grid"]!;
        Assert.Equal(61, grid["z"]!.AsArray().Count);
        double gx = D(grid["x"]![10]), gy = D(grid["y"]![20]);
        Assert.Equal(gx * gx + 3 * gy * gy, D(grid["z"]![20]![10]), 10);
    }

    [Fact]
    public async Task NewtonsMethodFindsTheMinimumOfAQuadraticInOneStep()
    {
        // x² + xy + 2y² − 4x: ∇f = 0 at (16/7, −4/7).
        var json = await Ok("gradient-descent", new { f = "x^2 + x*y + 2*y^2 - 4*x", x0 = 0, y0 = 0, method = "newton", steps = 10 });
        Assert.True(json["converged"]!.GetValue<bool>());
        Assert.Equal(16.0 / 7, D(json["final"]!["x"]), 10);
        Assert.Equal(-4.0 / 7, D(json["final"]!["y"]), 10);
        Assert.Equal(16.0 / 7, D(json["path"]![1]!["x"]), 10);
    }

    [Fact]
    public async Task TooLargeARateDivergesAndSaysSo()
    {
        var json = await Ok("gradient-descent", new { f = "x^2 + 3*y^2", x0 = 2, y0 = 1, rate = 0.35, steps = 30 });
        Assert.False(json["converged"]!.GetValue<bool>());
        var path = json["path"]!.AsArray();
        Assert.True(Math.Abs(D(path[^1]!["y"])) > Math.Abs(D(path[0]!["y"])), "|1 − 6·0.35| = 1.1 > 1, so y grows");
    }

    [Fact]
    public async Task LagrangeOnXPlusYOverTheUnitCircleFindsPlusMinusOneOverRootTwo()
    {
        var json = await Ok("lagrange", new { f = "x + y", g = "x^2 + y^2 - 1", range = 2 });
        var points = json["points"]!.AsArray();
        Assert.Equal(2, points.Count);
        double r = 1 / Math.Sqrt(2);
        var max = points.Single(p => p!["kind"]!.GetValue<string>() == "max")!;
        var min = points.Single(p => p!["kind"]!.GetValue<string>() == "min")!;
        Assert.Equal(r, D(max["x"]), 9);
        Assert.Equal(r, D(max["y"]), 9);
        Assert.Equal(-r, D(min["x"]), 9);
        Assert.Equal(-r, D(min["y"]), 9);
        Assert.Equal(Math.Sqrt(2), D(max["value"]), 9);
        // ∇f = λ∇g: (1, 1) = λ(2x, 2y) so λ = 1/(2x) = ±1/√2.
        Assert.Equal(r, D(max["lambda"]), 9);
        var gf = Doubles(max["gradF"]);
        var gg = Doubles(max["gradG"]);
        Assert.Equal(gf[0] * gg[1], gf[1] * gg[0], 9);     // parallel
        Assert.Contains("maximum", max["words"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStraightLineFitMatchesClosedFormLeastSquares()
    {
        double[] x = [0, 1, 2, 3, 4, 5], y = [1.1, 2.9, 5.2, 7.1, 8.8, 11.3];
        var json = await Ok("chi-squared-fit", new { points = x.Select((v, i) => new { x = v, y = y[i] }).ToArray(), steps = 200 });
        int n = x.Length;
        double sx = x.Sum(), sy = y.Sum(), sxx = x.Sum(v => v * v), sxy = x.Zip(y, (a, b) => a * b).Sum();
        double m = (n * sxy - sx * sy) / (n * sxx - sx * sx), c = (sy - m * sx) / n;
        double chi = x.Select((v, i) => Math.Pow(y[i] - m * v - c, 2)).Sum();
        Assert.Equal(m, D(json["slope"]), 12);
        Assert.Equal(c, D(json["intercept"]), 12);
        Assert.Equal(chi, D(json["chiSquared"]), 10);
        Assert.Equal(n - 2, json["degreesOfFreedom"]!.GetValue<int>());
        Assert.Equal(chi / (n - 2), D(json["reducedChiSquared"]), 10);
        // Unweighted: σ² estimated from the residuals, var(m) = s²·n/(n·Σx² − (Σx)²).
        double s2 = chi / (n - 2);
        Assert.Equal(Math.Sqrt(s2 * n / (n * sxx - sx * sx)), D(json["slopeError"]), 10);
        // The descent walks χ² downhill towards the minimum.
        var path = json["path"]!.AsArray();
        var chis = path.Select(p => D(p!["chiSquared"])).ToArray();
        for (int k = 1; k < chis.Length; k++) Assert.True(chis[k] <= chis[k - 1] + 1e-9, $"χ² rose at step {k}");
        Assert.True(chis[^1] < chi * 1.05 + 1e-6, $"after 200 steps χ² = {chis[^1]}, minimum {chi}");
    }

    [Fact]
    public async Task WeightedFitUsesOneOverSigmaSquared()
    {
        double[] x = [1, 2, 3, 4], y = [2, 4.5, 5.5, 8], s = [0.5, 1, 0.5, 2];
        var json = await Ok("chi-squared-fit", new { points = x.Select((v, i) => new { x = v, y = y[i], sigma = s[i] }).ToArray() });
        double[] w = s.Select(v => 1 / (v * v)).ToArray();
        double sw = w.Sum(), swx = w.Zip(x, (a, b) => a * b).Sum(), swy = w.Zip(y, (a, b) => a * b).Sum();
        double swxx = x.Select((v, i) => w[i] * v * v).Sum(), swxy = x.Select((v, i) => w[i] * v * y[i]).Sum();
        double delta = sw * swxx - swx * swx;
        double m = (sw * swxy - swx * swy) / delta, c = (swxx * swy - swx * swxy) / delta;
        Assert.Equal(m, D(json["slope"]), 12);
        Assert.Equal(c, D(json["intercept"]), 12);
        Assert.Equal(Math.Sqrt(sw / delta), D(json["slopeError"]), 12);      // absolute σ: var(m) = Σw/Δ
        Assert.Equal(Math.Sqrt(swxx / delta), D(json["interceptError"]), 12);
    }

    [Fact]
    public async Task TheHeightsDescentApproachesTheBestGaussian()
    {
        var json = await Ok("chi-squared-fit", new { data = "heights", steps = 60 });
        Assert.Equal("gaussian", json["model"]!.GetValue<string>());
        double mu = D(json["best"]!["mu"]), sig = D(json["best"]!["sig"]);
        // Independent check of the minimum: the weighted mean of the histogram is close to μ.
        var hx = Doubles(json["histogram"]!["x"]);
        var hy = Doubles(json["histogram"]!["y"]);
        double mean = hx.Zip(hy, (a, b) => a * b).Sum() / hy.Sum();
        Assert.InRange(mu, mean - 3, mean + 3);
        Assert.InRange(sig, 4, 12);
        Assert.Equal(mu, D(json["mu"]), 0);
        var path = json["path"]!.AsArray();
        Assert.Equal(61, path.Count);
        Assert.True(D(path[^1]!["chiSquared"]) < D(path[0]!["chiSquared"]));
    }

    [Fact]
    public async Task TheChainRuleProductEqualsTheDirectDerivative()
    {
        var json = await Ok("chain-rule", new { f = "sin(x)", inner = "x^2 + 1" });
        var xs = Doubles(json["x"]);
        var product = Doubles(json["product"]);
        var du = Doubles(json["du"]);
        var dy = Doubles(json["dy"]);
        for (int i = 0; i < xs.Length; i += 15)
        {
            double x = xs[i];
            Assert.Equal(2 * x, du[i], 12);
            Assert.Equal(Math.Cos(x * x + 1), dy[i], 12);
            Assert.Equal(2 * x * Math.Cos(x * x + 1), product[i], 11);
        }
        Assert.True(D(json["maxRelativeDifference"]) < 1e-12);
        Assert.Equal("u", json["innerVariable"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheNeuronOutputIsSigmaOfWxPlusB()
    {
        var json = await Ok("neuron", new { activation = "sigmoid", w = 2, b = -1 });
        var xs = Doubles(json["x"]);
        var a = Doubles(json["output"]);
        var slope = Doubles(json["slope"]);
        for (int i = 0; i < xs.Length; i += 12)
        {
            double s = 1 / (1 + Math.Exp(-(2 * xs[i] - 1)));
            Assert.Equal(s, a[i], 12);
            Assert.Equal(2 * s * (1 - s), slope[i], 12);
        }
    }

    [Fact]
    public async Task TheNetworkTrainsInChunksAndTheCostFalls()
    {
        var fresh = await Ok("network-training", new { seed = 2 });
        Assert.Equal(77, fresh["parameters"]!.AsArray().Count);
        Assert.Equal(0, fresh["done"]!.GetValue<int>());
        var trained = await Ok("network-training", new { seed = 2, steps = 2000, parameters = Doubles(fresh["parameters"]), done = 0 });
        Assert.Equal(2000, trained["done"]!.GetValue<int>());
        Assert.True(D(trained["cost"]) < D(fresh["cost"]), "training lowers the cost");
        var history = trained["history"]!.AsArray();
        Assert.Equal(D(fresh["cost"]), D(history[0]!["cost"]), 12);
        Assert.Equal(2000, history[^1]!["step"]!.GetValue<int>());
        // The target is the heart curve (closed form), and the forward output lies in (0, 1).
        var x = Doubles(trained["curve"]!["x"]);
        var y0 = Doubles(trained["target"]!["y0"]);
        Assert.Equal((16 * Math.Pow(Math.Sin(2 * Math.PI * x[30]), 3) / 20 + 1) / 2, y0[30], 12);
        Assert.All(Doubles(trained["forward"]!["a3"]), v => Assert.InRange(v, 0, 1));
        // Sending the parameters back with 0 steps gives back the same network.
        var again = await Ok("network-training", new { seed = 2, steps = 0, parameters = Doubles(trained["parameters"]), done = 2000 });
        Assert.Equal(D(trained["cost"]), D(again["cost"]), 12);
    }

    [Fact]
    public async Task LinearisationGivesTheTangentAndAnErrorThatGrowsLikeHSquared()
    {
        var json = await Ok("linearisation", new { f = "sqrt(x)", a = 9 });
        Assert.Equal(3, D(json["value"]), 14);
        Assert.Equal(1.0 / 6, D(json["slope"]), 14);
        var xs = Doubles(json["x"]);
        var err = Doubles(json["error"]);
        int i = Array.FindIndex(xs, v => Math.Abs(v - 10) < 1e-9);
        Assert.True(i >= 0);
        Assert.Equal(Math.Abs(Math.Sqrt(10) - (3 + 1.0 / 6)), err[i], 12);
        var plane = await Ok("linearisation", new { f = "x^2*y + y^3", a = 1, b = 2 });
        Assert.Equal(2, plane["dimension"]!.GetValue<int>());
        Assert.Equal([4.0, 13.0], Doubles(plane["gradient"]));       // (2xy, x² + 3y²) at (1, 2)
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "taylor-series", "{\"f\": \"exp(x)\", \"a\": 0, \"maxOrder\": 100000}" },
        { "taylor-series", "{\"f\": \"exp(x)\", \"a\": 0, \"maxOrder\": -1}" },
        { "taylor-series", "{\"f\": \"exp(x)\"}" },
        { "taylor-series", "{\"f\": \"1/x\", \"a\": 0}" },
        { "taylor-series", "{\"f\": \"x*y\", \"a\": 0}" },
        { "taylor-series", "{\"f\": \"exp(x)\", \"a\": \"x\"}" },
        { "taylor-series", "{\"f\": \"exp(x)\", \"a\": 1e400}" },
        { "newton-raphson", "{\"f\": \"x^2 - 2\", \"x0\": 1, \"maxSteps\": 1000000}" },
        { "newton-raphson", "{\"f\": \"x^2 - 2\", \"x0\": \"nan\"}" },
        { "newton-raphson", "{\"f\": \"x^2 -\", \"x0\": 1}" },
        { "newton-raphson", "{\"f\": null, \"x0\": 1}" },
        { "gradient-descent", "{\"f\": \"x^2 + z^2\", \"x0\": 1, \"y0\": 1}" },
        { "gradient-descent", "{\"f\": \"x^2\", \"x0\": 1, \"y0\": 1, \"steps\": 100000}" },
        { "gradient-descent", "{\"f\": \"x^2\", \"x0\": 1, \"y0\": 1, \"rate\": -1}" },
        { "gradient-descent", "{\"f\": \"x^2\", \"x0\": 1, \"y0\": 1, \"method\": \"magic\"}" },
        { "lagrange", "{\"f\": \"x + y\"}" },
        { "lagrange", "{\"f\": \"x + y\", \"g\": \"x^2 + y^2 - 1\", \"range\": 1e9}" },
        { "chain-rule", "{\"f\": \"sin(x)\", \"inner\": \"x*y\"}" },
        { "neuron", "{\"activation\": \"softmax\"}" },
        { "neuron", "{\"activation\": \"sigmoid\", \"w\": 1e9}" },
        { "network-training", "{\"steps\": 10000000}" },
        { "network-training", "{\"parameters\": [1, 2, 3]}" },
        { "network-training", "{\"aggression\": 1e300, \"steps\": 10}" },
        { "chi-squared-fit", "{\"points\": [{\"x\": 1, \"y\": 2}]}" },
        { "chi-squared-fit", "{\"points\": [{\"x\": 1, \"y\": 2}, {\"x\": 1, \"y\": 3}]}" },
        { "chi-squared-fit", "{\"points\": [{\"x\": 1, \"y\": 2, \"sigma\": 1}, {\"x\": 2, \"y\": 3}]}" },
        { "chi-squared-fit", "{\"points\": [{\"x\": 1, \"y\": 2, \"sigma\": 0}, {\"x\": 2, \"y\": 3, \"sigma\": 1}]}" },
        { "chi-squared-fit", "{\"data\": \"nist\"}" },
        { "linearisation", "{\"f\": \"ln(x)\", \"a\": -1}" },
        { "linearisation", "{\"f\": \"x*y*z\", \"a\": 1}" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadFieldsAre4xxWithAMessage(string widget, string body)
    {
        using var client = await factory.CreateApiClientAsync();
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/widgets/" + widget, body));
    }

    public static TheoryData<string> Widgets => new()
    {
        "chain-rule", "neuron", "network-training", "taylor-series", "linearisation", "newton-raphson", "gradient-descent", "lagrange", "chi-squared-fit",
    };

    [Theory]
    [MemberData(nameof(Widgets))]
    public async Task MalformedEmptyAndHugeBodiesAre4xx(string widget)
    {
        using var client = await factory.CreateApiClientAsync();
        string path = "/api/widgets/" + widget;
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, path, "{\"f\": \"x^2\", "), HttpStatusCode.BadRequest);
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, path, "null"), HttpStatusCode.BadRequest);
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, path, "[1, 2]"), HttpStatusCode.BadRequest);
        var huge = await ApiAssert.PostRaw(client, path, "{\"f\":\"" + new string('x', 1 << 20) + "\"}");
        await ApiAssert.ClientError(huge, HttpStatusCode.RequestEntityTooLarge);
    }

    public static TheoryData<string> Pathological => new()
    {
        new string('(', 5000) + "x" + new string(')', 5000),
        "x^(10^10)",
        "((((((((x^x)^x)^x)^x)^x)^x)^x)^x)^x",
        string.Concat(Enumerable.Repeat("sin(", 300)) + "x" + new string(')', 300),
        "x + " + new string('y', 2500),
        "foo(x)",
    };

    [Theory]
    [MemberData(nameof(Pathological))]
    public async Task PathologicalExpressionsNeverGiveA500OrHang(string f)
    {
        using var client = await factory.CreateApiClientAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (widget, body) in new (string, object)[]
        {
            ("taylor-series", new { f, a = 1, maxOrder = 30 }),
            ("newton-raphson", new { f, x0 = 1.5 }),
            ("chain-rule", new { f, inner = f }),
            ("linearisation", new { f, a = 1 }),
            ("gradient-descent", new { f, x0 = 1, y0 = 1, method = "newton" }),
            ("lagrange", new { f, g = "x^2 + y^2 - 1" }),
        })
        {
            var response = await ApiAssert.Post(client, "/api/widgets/" + widget, body);
            int status = (int)response.StatusCode;
            Assert.True(status is 200 or (>= 400 and < 500), $"{widget} answered {status} for {f[..Math.Min(40, f.Length)]}: {await response.Content.ReadAsStringAsync()}");
            if (status != 200) await ApiAssert.ClientError(response);
        }
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task EveryLessonPlacementOfAModelWidgetIsAnsweredByItsEndpoint()
    {
        // The lessons' attributes, sent as the widgets send them (numbers from attributes as strings, counts as integers).
        string[] mine = ["chain-rule", "neuron", "network-training", "taylor-series", "linearisation", "newton-raphson", "gradient-descent", "lagrange", "chi-squared-fit"];
        var course = factory.Services.GetRequiredService<Nabla.Web.Infrastructure.CourseCatalog>().Content;
        using var client = await factory.CreateApiClientAsync();
        int checkedCount = 0;
        foreach (var lesson in course.Modules.SelectMany(m => m.Lessons))
            foreach (var d in lesson.Directives.Where(d => d.Kind == "widget" && mine.Contains(d.Name)))
            {
                var body = new JsonObject();
                foreach (var (key, value) in d.Attributes)
                {
                    string name = key == "max-order" ? "maxOrder" : key;
                    body[name] = name is "maxOrder" or "seed" ? JsonValue.Create(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(value);
                }
                var response = await ApiAssert.Post(client, "/api/widgets/" + d.Name, body);
                Assert.True(response.IsSuccessStatusCode, $"{lesson.File}:{d.Line} {d.Name} {body.ToJsonString()} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                checkedCount++;
            }
        Assert.True(checkedCount >= 30, $"only {checkedCount} placements found");
    }

    [Fact]
    public async Task APostWithoutTheTokenIsRefused()
    {
        using var client = factory.CreateClient();
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/widgets/taylor-series", "{\"f\":\"exp(x)\",\"a\":0}"));
    }
}
