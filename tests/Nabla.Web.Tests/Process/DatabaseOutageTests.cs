using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Nabla.Web.Tests.Process;

/// <summary>
/// PostgreSQL stopped in the middle of a run (a private cluster, never the shared one): requests fail cleanly with
/// 503, the JSON error shape and Retry-After; /health says 503; the server recovers by itself when the database
/// returns; nothing acknowledged is lost.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DatabaseOutageTests : ProcessTestBase
{
    private const int Workers = 4, Requests = 40, TriggerAfter = 10;

    [PrivatePostgresFact]
    public async Task Postgres_stopped_mid_run_gives_503_then_recovers_without_losing_acknowledged_attempts()
    {
        var cluster = Own(await PrivatePostgres.StartNewAsync(Scratch));
        await PostgresRows.Execute(cluster.ConnectionString(), "CREATE DATABASE nabla");
        string connection = cluster.ConnectionString("nabla");
        var server = Server(new Dictionary<string, string>
        {
            ["Nabla__Mode"] = "hosted",
            ["Nabla__Database__Provider"] = "postgres",
            ["ConnectionStrings__Nabla"] = connection,
            ["NABLA_DATA_DIR"] = Path.Combine(Scratch, "data"),
            ["Nabla__DataDirectory"] = Path.Combine(Scratch, "data"),
        });
        await server.StartAsync();
        var cookies = new CookieContainer();
        await HostedAccounts.Register(server, cookies, $"outage-{Guid.NewGuid():N}@example.test");
        using var client = HostedAccounts.ClientWithToken(server, cookies, await HostedAccounts.ApiToken(server, cookies));
        using (var health = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // The database goes away in the middle of a burst: every answer is a 2xx (stored) or a clean 503.
        var outcomes = await AttemptBurst.RunAsync(client, 60_000, Requests, Workers, TriggerAfter, cluster.Stop, stopAtFirstFailure: false);
        Assert.All(outcomes, o => Assert.True(o.Acknowledged || o.Status == 503, $"seed {o.Seed}: {o.Status} {o.Failure}"));
        Assert.Contains(outcomes, o => o.Status == 503);
        Assert.Contains(outcomes, o => o.Acknowledged);

        // While it is down: the API answers 503 with the error shape and Retry-After, /health says 503, the server lives.
        var refused = new List<int>();
        for (int seed = 61_000; seed < 61_003; seed++)
        {
            using var response = await client.PostAsJsonAsync($"/api/exercises/{AttemptBurst.Template}/check", new { seed, input = "x" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.False(error["ok"]!.GetValue<bool>());
            Assert.Contains("progress database is unavailable", error["error"]!["message"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(error["error"]!["hint"]?.GetValue<string>()));
            Assert.Equal("database", error["error"]!["kind"]!.GetValue<string>());
            refused.Add(seed);
        }
        using (var health = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        // A page that reads progress shows a status page that says so, not an error trace.
        using (var page = await client.GetAsync("/review"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            string html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<title>Progress is unavailable", html);
            Assert.Contains("The progress database is unavailable", html);
            Assert.DoesNotContain("Exception", html);
        }
        Assert.NotEqual(0, server.ProcessId);

        // The database returns: without a restart the server serves again (bounded wait; the pool drops dead connections).
        await cluster.StartAsync();
        var recovered = Stopwatch.StartNew();
        int next = 62_000;
        var acknowledgedAfter = new List<int>();
        while (true)
        {
            var outcome = await AttemptBurst.SubmitAsync(client, next++);
            if (outcome.Acknowledged)
            {
                acknowledgedAfter.Add(outcome.Seed);
                break;
            }
            Assert.True(outcome.Status == 503, $"while recovering: {outcome.Status} {outcome.Failure}");
            Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(30), "the server did not recover within 30 s of the database's return");
            await Task.Delay(250);
        }
        using (var health = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var stored = await PostgresRows.Seeds(connection, AttemptBurst.Template);
        AttemptBurst.AssertDurable(outcomes, stored.Where(s => s < 61_000).ToList(), TriggerAfter, Workers);
        Assert.All(acknowledgedAfter, seed => Assert.Contains(seed, stored));
        // Requests made while the database was down were refused and left nothing behind.
        Assert.All(refused, seed => Assert.DoesNotContain(seed, stored));
        await PostgresRows.AssertConsistent(connection);
    }
}

/// <summary>
/// A fact that needs a private PostgreSQL cluster (<see cref="PrivatePostgres"/>): skipped with the reason where one
/// cannot run, except in CI (<c>NABLA_REQUIRE_POSTGRES=1</c>), where it runs and fails loudly instead.
/// </summary>
public sealed class PrivatePostgresFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when no private cluster can run outside CI.</summary>
    public PrivatePostgresFactAttribute()
    {
        if (PrivatePostgres.Unavailable() is { } reason && Environment.GetEnvironmentVariable("NABLA_REQUIRE_POSTGRES") != "1") Skip = reason;
    }
}
