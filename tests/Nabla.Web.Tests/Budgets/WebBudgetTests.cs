using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Budgets;

/// <summary>
/// Pathological requests to the web API: each answers 4xx JSON (never 500, never a hang) within the 2 s engine
/// budget plus generous slack for a loaded machine. The bounds catch hangs, not slowness.
/// </summary>
public sealed class WebBudgetTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    public static TheoryData<string, string> EngineRequests => new()
    {
        { "exploding derivative", """{"op":"diff","expr":"x^(x^(x^x))","order":80}""" },
        { "order over the cap", """{"op":"diff","expr":"sin(x)","order":1000000}""" },
        { "taylor order over the cap", """{"op":"taylor","expr":"exp(x)","about":{"x":0},"order":1000000}""" },
        { "huge integer", "{\"op\":\"simplify\",\"expr\":\"" + new string('9', 20_000) + "\"}" },
        { "deep parentheses", "{\"op\":\"diff\",\"expr\":\"" + new string('(', 3_000) + "x" + new string(')', 3_000) + "\"}" },
        { "hessian of many variables", "{\"op\":\"hessian\",\"expr\":\"" + string.Join("+", Enumerable.Range(1, 1_500).Select(i => $"x_{i}^2")) + "\"}" },
        { "body over 64 KB", "{\"op\":\"simplify\",\"expr\":\"" + new string('x', 70_000) + "\"}" },
        { "deep json", new string('[', 5_000) + new string(']', 5_000) },
    };

    [Theory]
    [MemberData(nameof(EngineRequests))]
    public async Task EngineEndpointAnswersPathologicalRequestsWith4xx(string label, string body)
    {
        using var client = await factory.CreateApiClientAsync();
        var clock = Stopwatch.StartNew();
        var response = await ApiAssert.PostRaw(client, "/api/engine", body);
        var error = await ApiAssert.ClientError(response);
        Assert.True(clock.Elapsed < Bound, $"{label}: took {clock.Elapsed}");
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()), label);
    }

    [Theory]
    [InlineData("""{"op":"simplify","expr":"2^(10^10)"}""", "result", "2^10000000000")]
    [InlineData("""{"op":"equiv","a":"(x+y+1)^5000","b":"(1+x+y)^5000+1"}""", "equivalent", "false")]
    public async Task HugePowersAreAnsweredExactly(string body, string field, string expected)
    {
        using var client = await factory.CreateApiClientAsync();
        var clock = Stopwatch.StartNew();
        var json = await ApiAssert.Ok(await ApiAssert.PostRaw(client, "/api/engine", body));
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(expected, json[field]!.ToJsonString().Trim('"'));
    }

    [Fact]
    public async Task HugeSymbolicExponentIsAnsweredRight()
    {
        using var client = await factory.CreateApiClientAsync();
        var json = await ApiAssert.Ok(await ApiAssert.PostRaw(client, "/api/engine", """{"op":"diff","expr":"x^(10^10)","at":{"x":1}}"""));
        Assert.Equal(1e10, json["value"]!.GetValue<double>(), 1e-6 * 1e10);
    }

    public static TheoryData<string, string> ExerciseAnswers => new()
    {
        { "huge exponent", "x^(10^10)" },
        { "huge numeric power", "2^(10^10)" },
        { "tower", "((((((x^x)^x)^x)^x)^x)^x)^x" },
        { "exploding expansion", "(x+1)^100000 - (x-1)^100000" },
        { "deep nesting", new string('(', 900) + "x" + new string(')', 900) },
        { "deep functions", string.Concat(Enumerable.Repeat("exp(", 150)) + "x" + new string(')', 150) },
    };

    [Theory]
    [MemberData(nameof(ExerciseAnswers))]
    public async Task ExerciseCheckAnswersPathologicalAttemptsWithoutFailing(string label, string input)
    {
        using var client = await factory.CreateApiClientAsync();
        var clock = Stopwatch.StartNew();
        var response = await ApiAssert.Post(client, "/api/exercises/m1-power-rule-monomial/check", new { seed = 1, input });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(clock.Elapsed < Bound, $"{label}: took {clock.Elapsed}");
        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{label}: {(int)response.StatusCode} {text}");
        var json = JsonNode.Parse(text)!.AsObject();
        if (response.IsSuccessStatusCode) Assert.False(json["correct"]?.GetValue<bool>() ?? false, label);
        else Assert.False(string.IsNullOrWhiteSpace(json["error"]!["message"]!.GetValue<string>()), label);
    }

    [Theory]
    [InlineData("/api/workbench/derive", """{"f":"x^(x^(x^(x^(x^x))))","vars":["x"]}""")]
    [InlineData("/api/workbench/derive", """{"f":"exp(sin(x y z) cos(exp(x y)) + (x+y+z)^(x y z))","vars":["x","y","z"]}""")]
    [InlineData("/api/workbench/read", """{"f":"2^(10^10)"}""")]
    [InlineData("/api/workbench/read", """{"f":"x^(10^10) + 99999999999999999999999999999999999"}""")]
    [InlineData("/api/workbench/stationary", """{"f":"sin(x^x^x^x) + cos(y^y^y)","vars":["x","y"]}""")]
    public async Task WorkbenchAnswersPathologicalRequestsWithoutFailing(string path, string body)
    {
        using var client = await factory.CreateApiClientAsync();
        var clock = Stopwatch.StartNew();
        var response = await ApiAssert.PostRaw(client, path, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(clock.Elapsed < Bound, $"{path}: took {clock.Elapsed}");
        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{path}: {(int)response.StatusCode} {text}");
        Assert.NotNull(JsonNode.Parse(text));
    }
}

/// <summary>
/// After the engine budget runs out the learner gets 422 at once, and the computation itself stops (the engine
/// observes the cancellation) instead of running on to its own, much longer budget.
/// </summary>
public sealed class EngineTimeoutStopsWorkTests : IDisposable
{
    private readonly WebApplicationFactory<Program> factory;
    private readonly NablaWebFactory inner = new();

    public EngineTimeoutStopsWorkTests()
    {
        factory = inner.WithWebHostBuilder(b => b.UseSetting("Nabla:EngineTimeBudgetSeconds", "0.5"));
    }

    public void Dispose()
    {
        factory.Dispose();
        inner.Dispose();
    }

    private async Task<HttpClient> ClientAsync()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var session = await client.GetFromJsonAsync<JsonObject>("/api/session") ?? throw new InvalidOperationException("no session answer");
        client.DefaultRequestHeaders.Add(session["header"]!.GetValue<string>(), session["token"]!.GetValue<string>());
        return client;
    }

    [Fact]
    public async Task ATimedOutEngineCallStopsTheEngine()
    {
        var engine = factory.Services.GetRequiredService<EngineCall>();
        Assert.Equal(TimeSpan.FromSeconds(0.5), engine.Budget);
        long cancelledBefore = engine.AbandonedCancelled;
        // Its own budgets (an hour, unlimited nodes) would let this derivative run for minutes.
        var tower = Nabla.Symbolic.Expr.Parse("x^(x^(x^x))");
        var x = (Nabla.Symbolic.Symbol)Nabla.Symbolic.Expr.Sym("x");
        var unlimited = new DiffOptions { MaxNodes = int.MaxValue, TimeBudget = TimeSpan.FromHours(1) };

        var clock = Stopwatch.StartNew();
        var result = await engine.Run(_ => Calculus.Diff(tower, x, 90, unlimited).ToPlain(), CancellationToken.None);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"answer took {clock.Elapsed}");
        Assert.Equal(422, Assert.IsAssignableFrom<Microsoft.AspNetCore.Http.IStatusCodeHttpResult>(result).StatusCode);

        // The abandoned computation observes the cancellation at its next checkpoint and ends.
        var wait = Stopwatch.StartNew();
        while ((engine.AbandonedRunning > 0 || engine.AbandonedCancelled == cancelledBefore) && wait.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        Assert.True(engine.AbandonedCancelled > cancelledBefore,
            $"the engine work did not end by cancellation (abandoned {engine.AbandonedTotal}, running {engine.AbandonedRunning}, answer {await BodyOf(result)})");
        Assert.Equal(0, engine.AbandonedRunning);
        Assert.True(wait.Elapsed < TimeSpan.FromSeconds(30), $"the engine stopped {wait.Elapsed} after the answer");
    }

    private static async Task<string> BodyOf(Microsoft.AspNetCore.Http.IResult result)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        http.Response.Body = body;
        await result.ExecuteAsync(http);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    [Fact]
    public async Task ATimedOutDerivativeRequestIsAnswered422AndItsWorkEnds()
    {
        using var client = await ClientAsync();
        var engine = factory.Services.GetRequiredService<EngineCall>();
        var clock = Stopwatch.StartNew();
        var response = await ApiAssert.PostRaw(client, "/api/engine", """{"op":"diff","expr":"x^(x^(x^(x^x)))","order":90}""");
        var error = await ApiAssert.ClientError(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("budget", error["message"]!.GetValue<string>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"answer took {clock.Elapsed}");
        var wait = Stopwatch.StartNew();
        while (engine.AbandonedRunning > 0 && wait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.Equal(0, engine.AbandonedRunning);
    }

    [Fact]
    public async Task ATimedOutGradingStopsAndTheNextRequestIsServed()
    {
        using var client = await ClientAsync();
        var engine = factory.Services.GetRequiredService<EngineCall>();
        var response = await ApiAssert.PostRaw(client, "/api/engine", """{"op":"taylor","expr":"exp(sin(x^x) + cos(x)^x) * x^(x^x)","about":{"x":1},"order":200}""");
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        var wait = Stopwatch.StartNew();
        while (engine.AbandonedRunning > 0 && wait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.Equal(0, engine.AbandonedRunning);
        var ok = await ApiAssert.Ok(await ApiAssert.PostRaw(client, "/api/engine", """{"op":"diff","expr":"x^3"}"""));
        Assert.Equal("3*x^2", ok["result"]!.GetValue<string>());
    }
}
