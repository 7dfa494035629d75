using System.Net;
using System.Net.Http.Json;

namespace Nabla.Web.Tests.Process;

/// <summary>What happened to one submitted attempt: the seed it used and the HTTP status, or null when no answer came.</summary>
public sealed record AttemptOutcome(int Seed, int? Status, string? Failure)
{
    /// <summary>The server acknowledged the attempt (2xx): it must be stored.</summary>
    public bool Acknowledged => Status is >= 200 and < 300;
}

/// <summary>
/// A burst of concurrent attempt submissions (<c>POST /api/exercises/{template}/check</c>), one distinct seed per
/// request so that every stored attempt names the request that made it. After <c>triggerAfter</c> acknowledgements
/// the trigger runs once (a SIGKILL, a SIGTERM, a database stop) while the other requests are still in flight.
/// </summary>
public static class AttemptBurst
{
    /// <summary>The template the bursts use: f = a x^n; any well-formed answer is graded and counted.</summary>
    public const string Template = "m1-power-rule-monomial";

    /// <summary>Runs the burst and returns every request's outcome.</summary>
    public static async Task<IReadOnlyList<AttemptOutcome>> RunAsync(HttpClient client, int firstSeed, int requests, int workers, int triggerAfter,
        Action trigger, bool stopAtFirstFailure = true)
    {
        int next = -1, acknowledged = 0, triggered = 0;
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<AttemptOutcome>();
        Task? triggerTask = null;
        async Task Worker()
        {
            while (true)
            {
                int index = Interlocked.Increment(ref next);
                if (index >= requests) return;
                int seed = firstSeed + index;
                var outcome = await SubmitAsync(client, seed);
                outcomes.Add(outcome);
                if (outcome.Acknowledged && Interlocked.Increment(ref acknowledged) == triggerAfter && Interlocked.Exchange(ref triggered, 1) == 0)
                    triggerTask = Task.Run(trigger);
                if (outcome.Status is null && stopAtFirstFailure && Volatile.Read(ref triggered) == 1) return;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker)));
        if (triggerTask is not null) await triggerTask;
        else trigger(); // fewer acknowledgements than asked for: still stop the server so the test sees the failure clearly
        return outcomes.OrderBy(o => o.Seed).ToList();
    }

    /// <summary>One attempt: a wrong but well-formed answer (counted, attempt 1 on a fresh seed).</summary>
    public static async Task<AttemptOutcome> SubmitAsync(HttpClient client, int seed)
    {
        try
        {
            using var response = await client.PostAsJsonAsync($"/api/exercises/{Template}/check", new { seed, input = "x" });
            string body = await response.Content.ReadAsStringAsync();
            return new AttemptOutcome(seed, (int)response.StatusCode, response.IsSuccessStatusCode ? null : body);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new AttemptOutcome(seed, null, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>
    /// The durability property: every acknowledged attempt is stored, nothing is stored that was never sent, and at
    /// most the requests in flight at the crash (one per worker) were stored without an acknowledgement.
    /// </summary>
    public static void AssertDurable(IReadOnlyList<AttemptOutcome> outcomes, IReadOnlyCollection<int> storedSeeds, int triggerAfter, int workers)
    {
        var acknowledged = outcomes.Where(o => o.Acknowledged).Select(o => o.Seed).ToHashSet();
        Assert.True(acknowledged.Count >= triggerAfter, $"only {acknowledged.Count} attempts were acknowledged before the fault (wanted {triggerAfter}): "
            + string.Join("; ", outcomes.Where(o => !o.Acknowledged).Take(3).Select(o => $"{o.Status} {o.Failure}")));
        var missing = acknowledged.Except(storedSeeds).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but not stored: seeds {string.Join(", ", missing)}");
        var sent = outcomes.Select(o => o.Seed).ToHashSet();
        Assert.All(storedSeeds, seed => Assert.Contains(seed, sent));
        Assert.True(storedSeeds.Count - acknowledged.Count <= workers,
            $"{storedSeeds.Count} stored for {acknowledged.Count} acknowledged with {workers} in flight at most");
    }

    /// <summary>Answers other than 2xx must be none: a request either succeeded or got no answer at all.</summary>
    public static void AssertOnlyAcknowledgedOrRefused(IReadOnlyList<AttemptOutcome> outcomes) =>
        Assert.All(outcomes, o => Assert.True(o.Status is null || o.Acknowledged, $"seed {o.Seed}: status {o.Status}: {o.Failure}"));

    /// <summary>True for the status a refused or reset connection gives.</summary>
    public static bool IsNoAnswer(AttemptOutcome outcome) => outcome.Status is null;

    /// <summary>The HTTP status of a fresh check on <paramref name="seed"/>.</summary>
    public static async Task<HttpStatusCode> CheckStatusAsync(HttpClient client, int seed)
    {
        var outcome = await SubmitAsync(client, seed);
        return outcome.Status is { } s ? (HttpStatusCode)s : throw new Xunit.Sdk.XunitException($"no answer for seed {seed}: {outcome.Failure}");
    }
}
