using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Process;

/// <summary>
/// Hosted mode under real processes: SIGKILL during a burst on hosted SQLite and on PostgreSQL, and two instances on
/// two ports over one PostgreSQL database (a login, an antiforgery token, progress and a Sandpit round move freely
/// between them).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class HostedModeProcessTests : ProcessTestBase
{
    private const int Workers = 6, Requests = 60, TriggerAfter = 12;

    private Dictionary<string, string> Hosted(string provider, string connectionString) => new()
    {
        ["Nabla__Mode"] = "hosted",
        ["Nabla__Database__Provider"] = provider,
        ["ConnectionStrings__Nabla"] = connectionString,
        ["NABLA_DATA_DIR"] = Path.Combine(Scratch, "data"),
        ["Nabla__DataDirectory"] = Path.Combine(Scratch, "data"),
    };

    private static string Email() => $"learner-{Guid.NewGuid():N}@example.test";

    /// <summary>A server started and a client signed in to it (registered through the form).</summary>
    private async Task<(NablaServer Server, HttpClient Client)> SignedIn(Dictionary<string, string> environment)
    {
        var server = Server(environment);
        await server.StartAsync();
        var cookies = new CookieContainer();
        await HostedAccounts.Register(server, cookies, Email());
        var client = HostedAccounts.ClientWithToken(server, cookies, await HostedAccounts.ApiToken(server, cookies));
        return (server, client);
    }

    [Fact]
    public async Task Hosted_sqlite_sigkill_during_a_burst_loses_nothing_acknowledged()
    {
        string file = Path.Combine(Scratch, "hosted.db");
        var (server, client) = await SignedIn(Hosted("sqlite", $"Data Source={file}"));
        using (client)
        {
            var outcomes = await AttemptBurst.RunAsync(client, 40_000, Requests, Workers, TriggerAfter, server.Kill);
            Assert.Contains(outcomes, AttemptBurst.IsNoAnswer);
            AttemptBurst.AssertOnlyAcknowledgedOrRefused(outcomes);
            Assert.Equal("ok", SqliteFile.IntegrityCheck(file));
            AttemptBurst.AssertDurable(outcomes, SqliteFile.Seeds(file, AttemptBurst.Template), TriggerAfter, Workers);

            // Restarted, the server accepts the same login cookie (keys in the database) and records again.
            await server.StartAsync();
            Assert.Equal(HttpStatusCode.OK, await AttemptBurst.CheckStatusAsync(client, 49_999));
        }
        Assert.Contains(49_999, SqliteFile.Seeds(file, AttemptBurst.Template));
    }

    [PostgresFact]
    public async Task Postgres_sigkill_during_a_burst_loses_nothing_acknowledged()
    {
        var database = Own(await ScratchPostgresDatabase.CreateAsync(PostgresAdmin));
        var (server, client) = await SignedIn(Hosted("postgres", database.ConnectionString));
        using (client)
        {
            var outcomes = await AttemptBurst.RunAsync(client, 50_000, Requests, Workers, TriggerAfter, server.Kill);
            Assert.Contains(outcomes, AttemptBurst.IsNoAnswer);
            AttemptBurst.AssertOnlyAcknowledgedOrRefused(outcomes);
            AttemptBurst.AssertDurable(outcomes, await PostgresRows.Seeds(database.ConnectionString, AttemptBurst.Template), TriggerAfter, Workers);
            await PostgresRows.AssertConsistent(database.ConnectionString);

            await server.StartAsync();
            Assert.Equal(HttpStatusCode.OK, await AttemptBurst.CheckStatusAsync(client, 59_999));
        }
        Assert.Contains(59_999, await PostgresRows.Seeds(database.ConnectionString, AttemptBurst.Template));
    }

    [PostgresFact]
    public async Task Two_instances_over_one_postgres_database_share_logins_tokens_progress_and_rounds()
    {
        var database = Own(await ScratchPostgresDatabase.CreateAsync(PostgresAdmin));
        var a = Server(Hosted("postgres", database.ConnectionString));
        var b = Server(Hosted("postgres", database.ConnectionString));
        // Started together: both migrate at once (the start-up takes a lock in the database).
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        Assert.NotEqual(a.Port, b.Port);

        string email = Email();
        await HostedAccounts.Register(a, new CookieContainer(), email);
        // Log in on A with a fresh browser; everything after uses A's cookies.
        var cookies = new CookieContainer();
        await HostedAccounts.Login(a, cookies, email);
        string tokenFromA = await HostedAccounts.ApiToken(a, cookies);
        using var viaA = HostedAccounts.ClientWithToken(a, cookies, tokenFromA);
        using var viaB = HostedAccounts.ClientWithToken(b, cookies, tokenFromA); // A's auth cookie and A's antiforgery token

        // An attempt made via A is visible via B, and B counts it: the next check there is attempt 2.
        const int seed = 4242;
        var first = await Check(viaA, seed);
        Assert.Equal(1, first["attempt"]!.GetValue<int>());
        var status = await ApiAssert.Ok(await viaB.GetAsync($"/api/exercises/{AttemptBurst.Template}/status"));
        Assert.Equal(1, status["attempts"]!.GetValue<int>());
        Assert.Equal(seed, status["last"]!["seed"]!.GetValue<int>());
        var second = await Check(viaB, seed); // a POST on B: A's antiforgery token and auth cookie are accepted
        Assert.Equal(2, second["attempt"]!.GetValue<int>());
        var back = await ApiAssert.Ok(await viaA.GetAsync($"/api/exercises/{AttemptBurst.Template}/status"));
        Assert.Equal(2, back["last"]!["attempts"]!.GetValue<int>());

        // A Sandpit round started on A continues on B, then on A again.
        var round = await ApiAssert.Ok(await viaA.PostAsJsonAsync("/api/sandpit/rounds", new { terrain = "intro", mode = "gradient" }));
        var dipB = await ApiAssert.Ok(await viaB.PostAsJsonAsync("/api/sandpit/dip", new { round = round["round"]!.GetValue<string>(), x = 5.0, y = 5.0 }));
        var dipA = await ApiAssert.Ok(await viaA.PostAsJsonAsync("/api/sandpit/dip", new { round = dipB["round"]!.GetValue<string>(), x = 1.0, y = 4.0 }));
        Assert.Equal(1, dipB["number"]!.GetValue<int>());
        Assert.Equal(2, dipA["number"]!.GetValue<int>()); // A read B's round token: the dip B made is in it

        // A token B hands out works on A too; without the auth cookie B refuses the API.
        string tokenFromB = await HostedAccounts.ApiToken(b, cookies);
        using var viaAWithB = HostedAccounts.ClientWithToken(a, cookies, tokenFromB);
        Assert.Equal(3, (await Check(viaAWithB, seed))["attempt"]!.GetValue<int>());
        using var anonymous = HostedAccounts.ClientWithToken(b, new CookieContainer(), tokenFromA);
        using var refused = await anonymous.PostAsJsonAsync($"/api/exercises/{AttemptBurst.Template}/check", new { seed, input = "x" });
        Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"anonymous POST answered {(int)refused.StatusCode}");
    }

    private static async Task<JsonObject> Check(HttpClient client, int seed) =>
        await ApiAssert.Ok(await client.PostAsJsonAsync($"/api/exercises/{AttemptBurst.Template}/check", new { seed, input = "x" }));

    private static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("NABLA_TEST_POSTGRES") ?? throw new InvalidOperationException("NABLA_TEST_POSTGRES is not set");
}
