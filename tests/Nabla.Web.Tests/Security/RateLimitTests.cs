using System.Net;
using System.Text;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>A course with answer checks and logins limited to 3 per 2 s window (limits on in local mode for the test).</summary>
public sealed class TinyRateLimitFactory() : SecurityWebFactory(new Dictionary<string, string?>
{
    ["Nabla:RateLimits:InLocalMode"] = "true",
    ["Nabla:RateLimits:GradingPerMinute"] = "3",
    ["Nabla:RateLimits:LoginPerMinute"] = "3",
    ["Nabla:RateLimits:WindowSeconds"] = "2",
});

/// <summary>A course whose engine runs one call at a time with no queue: a second concurrent call is shed.</summary>
public sealed class TinyConcurrencyFactory() : SecurityWebFactory(new Dictionary<string, string?>
{
    ["Nabla:RateLimits:EngineConcurrency"] = "1",
    ["Nabla:RateLimits:EngineQueue"] = "0",
    ["Nabla:RateLimits:OverloadRetryAfterSeconds"] = "1",
});

/// <summary>A course whose engine runs one call at a time and lets a queued call wait at most 0.5 s.</summary>
public sealed class QueueTimeoutFactory() : SecurityWebFactory(new Dictionary<string, string?>
{
    ["Nabla:RateLimits:EngineConcurrency"] = "1",
    ["Nabla:RateLimits:EngineQueue"] = "10",
    ["Nabla:RateLimits:EngineQueueTimeoutSeconds"] = "0.5",
});

/// <summary>
/// The rate limiter answers 429 with Retry-After (JSON error for the API, a page for forms) once a window is spent,
/// and recovers when the window ends; the engine limiter sheds with 503 when its queue is full and recovers.
/// </summary>
public sealed class RateLimitTests(TinyRateLimitFactory limited, TinyConcurrencyFactory narrow, QueueTimeoutFactory patient)
    : IClassFixture<TinyRateLimitFactory>, IClassFixture<TinyConcurrencyFactory>, IClassFixture<QueueTimeoutFactory>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AnswerChecksGet429WithRetryAfterThenRecover()
    {
        using var client = await limited.ApiClientAsync();
        async Task<HttpResponseMessage> Check() => await client.PostAsync("/api/exercises/no-such-template/check", Json("""{"answer":"x"}"""));
        // Warm the endpoint up from another address (its own bucket), so that the three checks below are quick and
        // fall in one window even on a loaded machine.
        using (var warm = new HttpRequestMessage(HttpMethod.Post, "/api/exercises/no-such-template/check") { Content = Json("""{"answer":"x"}""") })
        {
            warm.Headers.Add(ClientAddressFilter.Header, "192.0.2.99");
            using var _ = await client.SendAsync(warm);
        }
        for (int i = 0; i < 3; i++)
        {
            using var ok = await Check();
            Assert.Equal(HttpStatusCode.NotFound, ok.StatusCode); // the endpoint ran (an unknown template)
        }
        using var rejected = await Check();
        var error = await ApiAssert.ClientError(rejected, HttpStatusCode.TooManyRequests);
        Assert.Contains("too many", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(rejected.Headers.RetryAfter?.Delta);
        var wait = rejected.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(wait.TotalSeconds, 1, 2);

        // Other calls are not answer checks and stay unlimited.
        using var validate = await client.PostAsync("/api/exercises/no-such-template/validate", Json("""{"answer":"x"}"""));
        Assert.Equal(HttpStatusCode.NotFound, validate.StatusCode);

        await Task.Delay(wait + TimeSpan.FromMilliseconds(300));
        using var recovered = await Check();
        Assert.Equal(HttpStatusCode.NotFound, recovered.StatusCode);
    }

    [Fact]
    public async Task LoginAttemptsGetAFriendly429PageThenRecover()
    {
        using var client = limited.PlainClient();
        async Task<HttpResponseMessage> Login() => await client.PostAsync("/account/login", new FormUrlEncodedContent([new("Email", "a@example.org"), new("Password", "wrong")]));
        using (var warm = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent([new("Email", "a@example.org")]) })
        {
            warm.Headers.Add(ClientAddressFilter.Header, "192.0.2.98");
            using var _ = await client.SendAsync(warm);
        }
        for (int i = 0; i < 3; i++)
        {
            using var answered = await Login();
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answered.StatusCode);
        }
        using var rejected = await Login();
        Assert.True(rejected.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)rejected.StatusCode} {string.Join(",", rejected.Headers.Select(h => h.Key))} {await rejected.Content.ReadAsStringAsync()}");
        Assert.Equal("text/html", rejected.Content.Headers.ContentType?.MediaType);
        string page = await rejected.Content.ReadAsStringAsync();
        Assert.Contains("<title>", page, StringComparison.Ordinal);
        Assert.Contains("too many login attempts", page, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(rejected.Headers.RetryAfter?.Delta);
        await Task.Delay(rejected.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(300));
        using var recovered = await Login();
        Assert.NotEqual(HttpStatusCode.TooManyRequests, recovered.StatusCode);
    }

    [Fact]
    public async Task ALocalCourseNeverThrottlesAnswerChecksByDefault()
    {
        await using var local = new SecurityWebFactory();
        using var client = await local.ApiClientAsync();
        for (int i = 0; i < 150; i++)
        {
            using var response = await client.PostAsync("/api/exercises/no-such-template/check", Json("""{"answer":"x"}"""));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    /// <summary>A JSON body that sends its first byte and then waits until released: the call holds its engine slot.</summary>
    private sealed class HeldBody(TaskCompletionSource release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("{\"f\":"u8.ToArray());
            await stream.FlushAsync();
            await release.Task;
            await stream.WriteAsync("\"x^2\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length) { length = -1; return false; }
    }

    [Fact]
    public async Task AFullEngineQueueSheds503WithRetryAfterThenRecovers()
    {
        using var client = await narrow.ApiClientAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = new HttpRequestMessage(HttpMethod.Post, "/api/workbench/read") { Content = new HeldBody(release) };
        held.Content.Headers.ContentType = new("application/json");
        var first = client.SendAsync(held, HttpCompletionOption.ResponseHeadersRead);

        // While the first call holds the only slot, another engine call is shed at once.
        HttpResponseMessage? shed = null;
        for (int attempt = 0; attempt < 50 && shed is null; attempt++)
        {
            await Task.Delay(100);
            var response = await client.PostAsync("/api/workbench/read", Json("""{"f":"x^2"}"""));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) shed = response; else response.Dispose();
        }
        Assert.NotNull(shed);
        Assert.Equal(1, shed.Headers.RetryAfter?.Delta?.TotalSeconds);
        string body = await shed.Content.ReadAsStringAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.Contains("busy", json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        shed.Dispose();

        // Pages and GET calls are never shed.
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var status = await client.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        release.SetResult();
        using (var done = await first) Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var recovered = await client.PostAsync("/api/workbench/read", Json("""{"f":"x^2"}"""));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task AQueuedCallThatWaitsTooLongGets503InsteadOfATimeout()
    {
        using var client = await patient.ApiClientAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = new HttpRequestMessage(HttpMethod.Post, "/api/workbench/read") { Content = new HeldBody(release) };
        held.Content.Headers.ContentType = new("application/json");
        var first = client.SendAsync(held, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            // Wait until the held call owns the slot: a probe then queues, and gives up after the 0.5 s queue limit.
            HttpResponseMessage? shed = null;
            for (int attempt = 0; attempt < 20 && shed is null; attempt++)
            {
                await Task.Delay(100);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var response = await client.PostAsync("/api/workbench/read", Json("""{"f":"x^2"}"""));
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.45), $"shed after {clock.Elapsed.TotalSeconds:0.00} s, before the queue limit");
                    shed = response;
                }
                else response.Dispose();
            }
            Assert.NotNull(shed);
            Assert.NotNull(shed.Headers.RetryAfter?.Delta);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await shed.Content.ReadAsStringAsync())!.AsObject();
            Assert.Contains("busy", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            shed.Dispose();
        }
        finally
        {
            release.TrySetResult();
        }
        using (var done = await first) Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var recovered = await client.PostAsync("/api/workbench/read", Json("""{"f":"x^2"}"""));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }
}
