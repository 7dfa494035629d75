using System.Net;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Load;

/// <summary>
/// Overload at the answer check sheds: with the progress writer stalled (holding one check) and a write queue of one, a burst of checks
/// gets 503 with Retry-After in the API's error shape (quickly, not a time-out), the queued ones are stored once the
/// writer moves, and the server answers normally afterwards.
/// </summary>
public sealed class SheddingWebTests(TinyWriteQueueFactory factory) : IClassFixture<TinyWriteQueueFactory>
{
    private const string Monomial = "m1-power-rule-monomial";

    [Fact]
    public async Task ABurstBehindAStalledWriterGets503WithRetryAfterThenTheServerRecovers()
    {
        using var client = await factory.ApiClientAsync();
        var progress = (ProgressService)factory.Services.GetService(typeof(ProgressService))!;
        using (var warm = await ApiAssert.Post(client, $"/api/exercises/{Monomial}/check", new { seed = 1, input = "x" })) await ApiAssert.Ok(warm);

        using var stall = new ManualResetEventSlim();
        var holding = new TaskCompletionSource();
        var holder = Task.Run(() => progress.Read(_ =>
        {
            holding.SetResult();
            stall.Wait();
            return 0;
        }));
        await holding.Task;
        HttpResponseMessage[] answers;
        try
        {
            // One check reaches the writer, which takes it and waits for the store.
            var first = ApiAssert.Post(client, $"/api/exercises/{Monomial}/check", new { seed = 99, input = "x" });
            while (progress.WritingNow == 0) await Task.Delay(2);
            // Distinct questions, so no check waits for another's place in line: each one queues or is shed.
            var burst = Enumerable.Range(0, 16).Select(i => ApiAssert.Post(client, $"/api/exercises/{Monomial}/check", new { seed = 100 + i, input = "x" })).ToArray();
            // One fits in the queue; the other 15 are answered while the writer is stalled.
            while (burst.Count(t => t.IsCompleted) < 15) await Task.Delay(5);
            Assert.False(first.IsCompleted);
            var shed = burst.Where(t => t.IsCompleted).Select(t => t.Result).ToArray();
            Assert.All(shed, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
            foreach (var response in shed)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                Assert.False(json["ok"]!.GetValue<bool>());
                Assert.Contains("busy", json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            }
            stall.Set();
            await holder;
            answers = await Task.WhenAll(burst);
            using var firstAnswer = await first;
            Assert.Equal(1, (await ApiAssert.Ok(firstAnswer))["attempt"]!.GetValue<int>());
        }
        finally
        {
            stall.Set();
        }
        var stored = answers.Where(r => r.StatusCode == HttpStatusCode.OK).ToArray();
        Assert.Single(stored);
        Assert.Equal(15, answers.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
        // Exactly the answered checks are stored: a shed check left nothing behind.
        int kept = progress.Read(s => s.Attempts(ProgressService.LocalLearner).Count(a => a.TemplateId == Monomial && a.Seed >= 100));
        Assert.Equal(1, kept);
        foreach (var r in answers) r.Dispose();

        using var after = await ApiAssert.Post(client, $"/api/exercises/{Monomial}/check", new { seed = 1, input = "x" });
        Assert.Equal(2, (await ApiAssert.Ok(after))["attempt"]!.GetValue<int>());
    }
}
