using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Nabla.Symbolic;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Workbench;

/// <summary>
/// /api/workbench/*: samples against direct evaluation in C#, roots against closed forms, derivatives against finite
/// differences; bounds and bad input answered 4xx with a message.
/// </summary>
public sealed class WorkbenchApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    private async Task<HttpResponseMessage> Post(string path, string body)
    {
        using var client = await factory.CreateApiClientAsync();
        return await ApiAssert.PostRaw(client, path, body);
    }

    private static double? Number(JsonNode? node) => node is null ? null : node.GetValue<double>();

    [Fact]
    public async Task ALineSampleMatchesDirectEvaluationAndItsDerivative()
    {
        var json = await ApiAssert.Ok(await Post("/api/workbench/sample", """{"f":"x^3 sin(x)","x":[-4,4],"n":201,"derivative":true}"""));
        Assert.Equal("line", json["kind"]!.GetValue<string>());
        var xs = json["x"]!.AsArray();
        var ys = json["y"]!.AsArray();
        var dys = json["dy"]!.AsArray();
        Assert.Equal(201, xs.Count);
        Assert.Equal(-4, xs[0]!.GetValue<double>());
        Assert.Equal(4, xs[200]!.GetValue<double>());
        static double F(double x) => x * x * x * Math.Sin(x);
        for (int i = 0; i < xs.Count; i += 7)
        {
            double x = xs[i]!.GetValue<double>();
            Assert.Equal(-4 + 8.0 * i / 200, x, 12);
            Assert.Equal(F(x), ys[i]!.GetValue<double>(), 10);
            Assert.Equal((F(x + 1e-5) - F(x - 1e-5)) / 2e-5, dys[i]!.GetValue<double>(), 5);
        }
    }

    [Fact]
    public async Task AGridSampleHasOneRowPerYValue()
    {
        var json = await ApiAssert.Ok(await Post("/api/workbench/sample", """{"f":"x^2 - y^2 + x*y/3","x":[-2,1],"y":[0,3],"n":31}"""));
        Assert.Equal("grid", json["kind"]!.GetValue<string>());
        var xs = json["x"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        var ys = json["y"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        var z = json["z"]!.AsArray();
        Assert.Equal(31, z.Count);
        for (int j = 0; j < ys.Length; j += 5)
            for (int i = 0; i < xs.Length; i += 3)
                Assert.Equal(xs[i] * xs[i] - ys[j] * ys[j] + xs[i] * ys[j] / 3, z[j]![i]!.GetValue<double>(), 10);
    }

    [Fact]
    public async Task ValuesOutsideTheRealDomainAreNull()
    {
        var json = await ApiAssert.Ok(await Post("/api/workbench/sample", """{"f":"sqrt(x)","x":[-1,1],"n":5}"""));
        var ys = json["y"]!.AsArray();
        Assert.Null(ys[0]);
        Assert.Null(ys[1]);
        Assert.Equal(Math.Sqrt(0.5), Number(ys[3])!.Value, 12);
    }

    [Fact]
    public async Task EveryRealRootInTheRangeIsFound()
    {
        var json = await ApiAssert.Ok(await Post("/api/workbench/roots", """{"f":"x^3 - x","x":[-3,3]}"""));
        var roots = json["roots"]!.AsArray().Select(r => r!["x"]!.GetValue<double>()).ToArray();
        Assert.Equal(3, roots.Length);
        Assert.Equal(-1, roots[0], 9);
        Assert.Equal(0, roots[1], 9);
        Assert.Equal(1, roots[2], 9);

        var square = await ApiAssert.Ok(await Post("/api/workbench/roots", """{"f":"x^2-2"}"""));
        var pair = square["roots"]!.AsArray();
        Assert.Equal(-Math.Sqrt(2), pair[0]!["x"]!.GetValue<double>(), 12);
        Assert.Equal(Math.Sqrt(2), pair[1]!["x"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task StationaryPointsAreSearchedInTheWindow()
    {
        // f = sin(x) cos(y): in [0.5, 2] x [-1, 1] the only stationary point is the maximum at (pi/2, 0).
        var json = await ApiAssert.Ok(await Post("/api/workbench/stationary", """{"f":"sin(x) cos(y)","x":[0.5,2],"y":[-1,1]}"""));
        var point = Assert.Single(json["points"]!.AsArray())!;
        Assert.Equal(Math.PI / 2, point["at"]!["x"]!.GetValue<double>(), 8);
        Assert.Equal(0, point["at"]!["y"]!.GetValue<double>(), 8);
        Assert.Equal("maximum", point["kind"]!.GetValue<string>());

        // x^3 - 3x on [-3, 3]: a maximum at -1 and a minimum at 1 (f' = 3x^2 - 3).
        var line = await ApiAssert.Ok(await Post("/api/workbench/stationary", """{"f":"x^3 - 3x","x":[-3,3]}"""));
        var points = line["points"]!.AsArray().OrderBy(p => p!["at"]!["x"]!.GetValue<double>()).ToList();
        Assert.Equal(2, points.Count);
        Assert.Equal(-1, points[0]!["at"]!["x"]!.GetValue<double>(), 8);
        Assert.Equal("maximum", points[0]!["kind"]!.GetValue<string>());
        Assert.Equal(1, points[1]!["at"]!["x"]!.GetValue<double>(), 8);
        Assert.Equal("minimum", points[1]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeriveGivesTheDerivativeWithLatexSteps()
    {
        var json = await ApiAssert.Ok(await Post("/api/workbench/derive", """{"f":"x^3 sin(x)"}"""));
        var d = json["derivative"]!;
        static double F(double x) => x * x * x * Math.Sin(x);
        var derivative = Expr.Parse(d["plain"]!.GetValue<string>());
        var second = Expr.Parse(json["second"]!["plain"]!.GetValue<string>());
        foreach (double x in new[] { -2.0, 0.5, 3.0 })
        {
            Assert.Equal((F(x + 1e-5) - F(x - 1e-5)) / 2e-5, derivative.Evaluate(("x", x)), 5);
            Assert.Equal((F(x + 1e-3) - 2 * F(x) + F(x - 1e-3)) / 1e-6, second.Evaluate(("x", x)), 3);
        }
        var steps = d["steps"]!.AsArray();
        Assert.Equal("product rule", steps[0]!["rule"]!.GetValue<string>());
        Assert.Contains("\\sin", steps[0]!["expression"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeriveGivesTheGradientAndHessianOfTwoVariables()
    {
        var json = await ApiAssert.Ok(await Post("/api/workbench/derive", """{"f":"x^2 y + exp(x y)"}"""));
        static double F(double x, double y) => x * x * y + Math.Exp(x * y);
        var gradient = json["gradient"]!.AsArray().Select(p => Expr.Parse(p!["plain"]!.GetValue<string>())).ToArray();
        var hessian = json["hessian"]!.AsArray();
        (double x, double y) = (0.7, -0.4);
        const double h = 1e-5;
        Assert.Equal((F(x + h, y) - F(x - h, y)) / (2 * h), gradient[0].Evaluate(("x", x), ("y", y)), 6);
        Assert.Equal((F(x, y + h) - F(x, y - h)) / (2 * h), gradient[1].Evaluate(("x", x), ("y", y)), 6);
        const double k = 1e-4;
        double fxy = (F(x + k, y + k) - F(x + k, y - k) - F(x - k, y + k) + F(x - k, y - k)) / (4 * k * k);
        Assert.Equal(fxy, Expr.Parse(hessian[0]![1]!["plain"]!.GetValue<string>()).Evaluate(("x", x), ("y", y)), 4);
        Assert.Equal(fxy, Expr.Parse(hessian[1]![0]!["plain"]!.GetValue<string>()).Evaluate(("x", x), ("y", y)), 4);
        Assert.NotEmpty(hessian[0]![1]!["steps"]!.AsArray());
    }

    [Fact]
    public async Task ReadShowsTheParsedFormAndItsVariables()
    {
        var json = await ApiAssert.Ok(await Post("/api/workbench/read", """{"f":"(1 - x)^2 + 100(y - x^2)^2"}"""));
        Assert.Equal(["x", "y"], json["vars"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(json["latex"]!.GetValue<string>()));
        Assert.True(json["valid"]!.GetValue<bool>());

        // Half-typed input is an answer (valid: false, where and why), not an error: the page reads on every keystroke.
        var unreadable = await ApiAssert.Ok(await Post("/api/workbench/read", """{"f":"x^3 sin(x"}"""));
        Assert.False(unreadable["valid"]!.GetValue<bool>());
        var error = unreadable["error"]!;
        Assert.Equal(7, error["position"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(error["hint"]!.GetValue<string>()));

        var deep = await ApiAssert.Ok(await Post("/api/workbench/read", $$"""{"f":"{{new string('(', 300)}}x{{new string(')', 300)}}"}"""));
        Assert.False(deep["valid"]!.GetValue<bool>());
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "/api/workbench/sample", """{"f":"x","n":2001}""" },
        { "/api/workbench/sample", """{"f":"x*y","n":121}""" },
        { "/api/workbench/sample", """{"f":"x","x":[4,-4]}""" },
        { "/api/workbench/sample", """{"f":"x","x":[0,1e300]}""" },
        { "/api/workbench/sample", """{"f":"x","x":"wide"}""" },
        { "/api/workbench/sample", """{"f":"x*y*z"}""" },
        { "/api/workbench/sample", """{"f":"x*y","vars":["x"]}""" },
        { "/api/workbench/sample", """{"f":"x","n":2.5}""" },
        { "/api/workbench/sample", """{"x":[0,1]}""" },
        { "/api/workbench/roots", """{"f":"x*y"}""" },
        { "/api/workbench/roots", """{"f":"3"}""" },
        { "/api/workbench/derive", """{"f":"a+b+c+d"}""" },
        { "/api/workbench/read", """{"f":""}""" },
        { "/api/workbench/read", """{"f":42}""" },
        { "/api/workbench/read", """{"f":"x" """ },
        { "/api/workbench/read", "[]" },
        { "/api/workbench/read", $$"""{"f":"{{new string('(', 5000)}}x{{new string(')', 5000)}}"}""" },
        { "/api/workbench/derive", $$"""{"f":"{{new string('(', 300)}}x{{new string(')', 300)}}"}""" },
        { "/api/workbench/stationary", """{"f":"x*y*z"}""" },
        { "/api/workbench/stationary", """{"f":"x^2","x":[1,1]}""" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequestsAre4xxWithAMessageWithinSeconds(string path, string body)
    {
        var clock = Stopwatch.StartNew();
        await ApiAssert.ClientError(await Post(path, body));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{path} {body}: took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("/api/workbench/derive")]
    [InlineData("/api/workbench/sample")]
    [InlineData("/api/workbench/roots")]
    [InlineData("/api/workbench/stationary")]
    public async Task PathologicalFunctionsAreAnsweredOrRefusedNeverCrash(string path)
    {
        string tower = "x";
        for (int i = 0; i < 150; i++) tower = $"({tower})^x";
        foreach (string f in new[] { tower, "x^(10^10)", "exp(exp(exp(exp(x))))" })
        {
            var clock = Stopwatch.StartNew();
            var response = await Post(path, $$"""{"f":"{{f}}","x":[0.5,2]}""");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{path} {f[..Math.Min(20, f.Length)]}: took {clock.Elapsed}");
            if (!response.IsSuccessStatusCode) await ApiAssert.ClientError(response);
        }
    }

    [Fact]
    public async Task AOneMegabyteBodyIsRefusedWith413()
    {
        string huge = """{"f":"x","pad":" """ + new string('x', 1 << 20) + "\"}";
        await ApiAssert.ClientError(await Post("/api/workbench/sample", huge), HttpStatusCode.RequestEntityTooLarge);
    }
}
