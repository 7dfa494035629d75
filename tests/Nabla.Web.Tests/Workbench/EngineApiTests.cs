using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Nabla.Symbolic;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Workbench;

/// <summary>
/// POST /api/engine: the batch schema over HTTP. The maths in the answers is checked against independent oracles
/// (finite differences of the function written in C#, closed forms), and every bad request must be a 4xx with a
/// message, never a 500, within a few seconds.
/// </summary>
public sealed class EngineApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    private async Task<HttpResponseMessage> Engine(string body)
    {
        using var client = await factory.CreateApiClientAsync();
        return await ApiAssert.PostRaw(client, "/api/engine", body);
    }

    private static double Central(Func<double, double> f, double x, double h = 1e-5) => (f(x + h) - f(x - h)) / (2 * h);

    [Fact]
    public async Task TheDerivativeOfXCubedSinXAgreesWithFiniteDifferences()
    {
        var json = await ApiAssert.Ok(await Engine("""{"id":"d1","op":"diff","expr":"x^3 sin(x)","steps":true,"at":{"x":1.3}}"""));
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.Equal("d1", json["id"]!.GetValue<string>());
        static double F(double x) => x * x * x * Math.Sin(x);
        var derivative = Expr.Parse(json["result"]!.GetValue<string>());
        foreach (double x in new[] { -3.1, -0.4, 0.0, 0.7, 2.5 })
            Assert.Equal(Central(F, x), derivative.Evaluate(("x", x)), 1e-6);
        Assert.Equal(Central(F, 1.3), json["value"]!.GetValue<double>(), 1e-6);
        var steps = json["steps"]!.AsArray();
        Assert.Contains(steps, s => s!["rule"]!.GetValue<string>() == "product rule");
    }

    [Fact]
    public async Task TheHessianOfAQuadraticFormIsItsMatrix()
    {
        // f = ½ vᵀ A v + bᵀ v with A = [[4, 2], [2, 6]]: the Hessian is A everywhere.
        var json = await ApiAssert.Ok(await Engine("""{"op":"hessian","expr":"2x^2 + 2x*y + 3y^2 - 4x + y","vars":["x","y"],"at":{"x":0.3,"y":-1.7}}"""));
        double[,] a = { { 4, 2 }, { 2, 6 } };
        var value = json["value"]!.AsArray();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(a[i, j], value[i]![j]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task MinimisingRosenbrockReachesOneOne()
    {
        var json = await ApiAssert.Ok(await Engine("""{"op":"minimize","expr":"(1-x)^2 + 100(y-x^2)^2","from":{"x":-1.2,"y":1},"trace":true}"""));
        Assert.Equal("converged", json["exit"]!.GetValue<string>());
        Assert.Equal(1, json["solution"]!["x"]!.GetValue<double>(), 1e-5);
        Assert.Equal(1, json["solution"]!["y"]!.GetValue<double>(), 1e-5);
        var trace = json["trace"]!.AsArray();
        Assert.Equal(-1.2, trace[0]!["x"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task TheRootOfXSquaredMinusTwoIsTheSquareRootOfTwo()
    {
        var json = await ApiAssert.Ok(await Engine("""{"op":"roots","expr":"x^2-2","from":1.5}"""));
        Assert.Equal(Math.Sqrt(2), json["solution"]!["x"]!.GetValue<double>(), 1e-12);
    }

    [Fact]
    public async Task StationaryPointsOfASaddleAreClassified()
    {
        var json = await ApiAssert.Ok(await Engine("""{"op":"stationary","expr":"x^2 - y^2 + 2x"}"""));
        var point = Assert.Single(json["points"]!.AsArray())!;
        Assert.Equal(-1, point["at"]!["x"]!.GetValue<double>(), 12);
        Assert.Equal(0, point["at"]!["y"]!.GetValue<double>(), 12);
        Assert.Equal("saddle", point["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task LinfitWithInlineDataFindsTheLine()
    {
        var json = await ApiAssert.Ok(await Engine("""{"op":"linfit","x":[0,1,2,3],"y":[1,3,5,7]}"""));
        Assert.Equal(2, json["parameters"]!["slope"]!.GetValue<double>(), 10);
        Assert.Equal(1, json["parameters"]!["intercept"]!.GetValue<double>(), 10);
    }

    [Theory]
    [InlineData("""{"op":"plot","expr":"x^2","file":"/tmp/nabla-should-not-exist.svg"}""", "plot")]
    [InlineData("""{"op":"exercise","template":"power-rule-monomial","content":"/etc"}""", "exercise")]
    [InlineData("""{"op":"check","template":"power-rule-monomial","answer":"2x"}""", "check")]
    [InlineData("""{"op":"train"}""", "train")]
    public async Task OpsThatTouchFilesAreRefusedWithAHint(string body, string op)
    {
        var error = await ApiAssert.ClientError(await Engine(body), HttpStatusCode.BadRequest);
        Assert.Contains($"\"{op}\"", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("diff", error["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/nabla-should-not-exist.svg"));
    }

    [Fact]
    public async Task ErrorsKeepTheBatchShapeAndTheId()
    {
        var response = await Engine("""{"id":42,"op":"diff","expr":"2 + * x"}""");
        string body = await response.Content.ReadAsStringAsync();
        var error = await ApiAssert.ClientError(response, HttpStatusCode.BadRequest);
        Assert.Equal(4, error["position"]!.GetValue<int>());
        Assert.Equal("user", error["kind"]!.GetValue<string>());
        Assert.Equal(42, JsonNode.Parse(body)!["id"]!.GetValue<int>());
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "malformed JSON", """{"op":"diff","expr":"x^2" """ },
        { "not an object", "[1,2,3]" },
        { "empty body", "" },
        { "unknown op", """{"op":"integrate","expr":"x"}""" },
        { "missing op", """{"expr":"x"}""" },
        { "missing field", """{"op":"diff"}""" },
        { "mistyped field", """{"op":"diff","expr":3}""" },
        { "unbound variable", """{"op":"diff","expr":"x y","wrt":"x","at":{"x":1}}""" },
        { "5,000 nested parentheses", $$"""{"op":"diff","expr":"{{new string('(', 5000)}}x{{new string(')', 5000)}}"}""" },
        { "190 nested parentheses", $$"""{"op":"simplify","expr":"{{new string('(', 190)}}x+{{new string(')', 190)}}"}""" },
        { "too many iterations", """{"op":"minimize","expr":"x^2","from":{"x":1},"maxIterations":100000000}""" },
        { "a huge Taylor order of a huge power", """{"op":"taylor","expr":"x^(10^10)","order":200,"about":{"x":1}}""" },
        { "a Taylor series of x^(10^10) about 0", """{"op":"taylor","expr":"x^(10^10)","order":200}""" },
        { "deeply nested JSON", new string('[', 100) + new string(']', 100) },
        { "an expression over 2,000 characters", $$"""{"op":"simplify","expr":"{{string.Join("+", Enumerable.Repeat("x", 1500))}}"}""" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequestsAre4xxWithAMessageWithinSeconds(string what, string body)
    {
        var clock = Stopwatch.StartNew();
        var error = await ApiAssert.ClientError(await Engine(body));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{what}: took {clock.Elapsed}");
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()), what);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(150)]
    public async Task TowersOfPowersAreAnsweredOrRefusedNeverCrash(int depth)
    {
        string tower = "x";
        for (int i = 0; i < depth; i++) tower = $"({tower})^x";
        foreach (string op in new[] { "diff", "hessian", "stationary" })
        {
            var clock = Stopwatch.StartNew();
            var response = await Engine($$"""{"op":"{{op}}","expr":"{{tower}}"}""");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{op} of a tower of {depth}: took {clock.Elapsed}");
            if (!response.IsSuccessStatusCode) await ApiAssert.ClientError(response);
        }
    }

    [Fact]
    public async Task AOneMegabyteBodyIsRefusedWith413()
    {
        string huge = """{"op":"simplify","expr":"x","pad":" """ + new string('x', 1 << 20) + "\"}";
        await ApiAssert.ClientError(await Engine(huge), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ARequestWithoutTheAntiforgeryTokenIsRefused()
    {
        using var client = factory.CreateClient();
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/engine", """{"op":"simplify","expr":"x+x"}"""));
    }
}
