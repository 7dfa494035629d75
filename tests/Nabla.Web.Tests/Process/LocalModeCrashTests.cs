using System.Net;
using System.Text.Json.Nodes;

namespace Nabla.Web.Tests.Process;

/// <summary>
/// Local mode (one learner, the SQLite progress file in NABLA_DATA_DIR) under a real process: SIGKILL in the middle
/// of a burst of attempts, SIGTERM in the middle of a burst, and a disk that fills up under the progress file.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LocalModeCrashTests : ProcessTestBase
{
    private const int Workers = 6, Requests = 60, TriggerAfter = 12;

    private string DataDirectory => Path.Combine(Scratch, "data");

    private string ProgressFile => Path.Combine(DataDirectory, "progress.db");

    private NablaServer LocalServer() => Server(new Dictionary<string, string> { ["NABLA_DATA_DIR"] = DataDirectory, ["Nabla__Mode"] = "local" });

    [Fact]
    public async Task Sigkill_during_a_burst_of_attempts_loses_nothing_acknowledged()
    {
        var server = LocalServer();
        await server.StartAsync();
        using var client = await server.ClientAsync();

        var outcomes = await AttemptBurst.RunAsync(client, 10_000, Requests, Workers, TriggerAfter, server.Kill);
        Assert.Equal(0, server.ProcessId);
        Assert.Contains(outcomes, AttemptBurst.IsNoAnswer); // the kill really cut the burst short
        AttemptBurst.AssertOnlyAcknowledgedOrRefused(outcomes);

        Assert.Equal("ok", SqliteFile.IntegrityCheck(ProgressFile));
        AttemptBurst.AssertDurable(outcomes, SqliteFile.Seeds(ProgressFile, AttemptBurst.Template), TriggerAfter, Workers);

        // The restarted server opens the file the crash left and goes on recording.
        await server.StartAsync();
        using var after = await server.ClientAsync();
        Assert.Equal(HttpStatusCode.OK, await AttemptBurst.CheckStatusAsync(after, 99_999));
        Assert.Contains(99_999, SqliteFile.Seeds(ProgressFile, AttemptBurst.Template));
    }

    [Fact]
    public async Task Sigterm_during_a_burst_finishes_in_flight_requests_and_exits_cleanly()
    {
        var server = LocalServer();
        await server.StartAsync();
        using var client = await server.ClientAsync();

        var outcomes = await AttemptBurst.RunAsync(client, 20_000, Requests, Workers, TriggerAfter, server.Terminate);
        var exit = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit is not null, "the server did not stop within 30 s of SIGTERM:\n" + server.Output);
        Assert.Equal(0, exit);
        // Every request either got its 2xx (and is stored) or no answer at all: never an error, never a lost 2xx.
        AttemptBurst.AssertOnlyAcknowledgedOrRefused(outcomes);
        Assert.Equal("ok", SqliteFile.IntegrityCheck(ProgressFile));
        AttemptBurst.AssertDurable(outcomes, SqliteFile.Seeds(ProgressFile, AttemptBurst.Template), TriggerAfter, Workers);
        Assert.Contains("Application is shutting down", server.Output);
    }

    [SmallDiskFact]
    public async Task A_full_disk_answers_507_with_a_clear_error_and_recovers_when_space_returns()
    {
        var disk = Own(SmallDisk.Mount(Scratch, 768));
        string file = Path.Combine(disk.Path, "progress.db");
        var server = Server(new Dictionary<string, string> { ["NABLA_DATA_DIR"] = DataDirectory, ["Nabla__ProgressDatabase"] = file });
        await server.StartAsync();
        using var client = await server.ClientAsync();

        var acknowledged = new List<int>();
        for (int seed = 30_000; seed < 30_005; seed++)
        {
            Assert.Equal(HttpStatusCode.OK, await AttemptBurst.CheckStatusAsync(client, seed));
            acknowledged.Add(seed);
        }

        disk.Fill();
        var refused = new List<int>();
        for (int seed = 30_100; seed < 30_106; seed++)
        {
            using var response = await client.PostAsync($"/api/exercises/{AttemptBurst.Template}/check",
                JsonContent(new JsonObject { ["seed"] = seed, ["input"] = "x" }));
            string body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                // SQLite may still find room in pages it already holds; that attempt was acknowledged, so it must stay.
                acknowledged.Add(seed);
                continue;
            }
            Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
            Assert.True(response.Headers.RetryAfter is not null, "507 without Retry-After");
            var error = JsonNode.Parse(body)!.AsObject();
            Assert.False(error["ok"]!.GetValue<bool>());
            Assert.Contains("disk is full", error["error"]!["message"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(error["error"]!["hint"]?.GetValue<string>()));
            Assert.Equal("database", error["error"]!["kind"]!.GetValue<string>());
            refused.Add(seed);
        }
        Assert.NotEmpty(refused);
        // A page that records nothing still works while the disk is full; the server has not crashed.
        using (var status = await client.GetAsync($"/api/exercises/{AttemptBurst.Template}/status"))
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        disk.Free();
        for (int seed = 30_200; seed < 30_203; seed++)
        {
            Assert.Equal(HttpStatusCode.OK, await AttemptBurst.CheckStatusAsync(client, seed));
            acknowledged.Add(seed);
        }
        server.Kill();

        Assert.Equal("ok", SqliteFile.IntegrityCheck(file));
        var stored = SqliteFile.Seeds(file, AttemptBurst.Template);
        Assert.All(acknowledged, seed => Assert.Contains(seed, stored));
        // "nothing was saved from this request" holds: a refused attempt is not stored later behind the learner's back.
        Assert.All(refused, seed => Assert.DoesNotContain(seed, stored));
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
