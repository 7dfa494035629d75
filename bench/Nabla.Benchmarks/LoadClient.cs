using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Nabla.Benchmarks;

/// <summary>
/// HTTP load client for the web course's answer check (POST /api/exercises/{template}/check), 127.0.0.1 only.
/// Open loop (--rate R): request i is sent at t₀ + i/R whatever happened to the earlier ones, and its latency is
/// measured from that scheduled time, so a stalled server shows as latency instead of as a politely slower client
/// (closed-loop tools such as wrk wait for an answer before the next request and so under-report overload).
/// Closed loop (--closed C): C requests in flight back to back, for the peak rate. Every 200 answer must say
/// "correct": true for the right answer (a wrong verdict counts as an error); 429/503 are the server's legitimate
/// overload answers and are counted apart from errors (other statuses, resets, timeouts). Up to --connections (512)
/// requests are in flight at once: enough that an overloaded server sees the whole offered load and must shed it
/// (with 64, the excess queued inside this client, where no server can shed it, and showed as client time-outs).
/// </summary>
public static class LoadClient
{
    private sealed record Options(Uri Server, string Template, int Seed, string Input, double Rate, int Closed, double Seconds, int Connections, double Timeout);

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Parse(args);
        if (!IPAddress.IsLoopback(IPAddress.Parse(o.Server.Host)))
        {
            Console.Error.WriteLine("the load client only targets 127.0.0.1 (a loopback address)");
            return 2;
        }
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = o.Connections,
            UseCookies = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var http = new HttpClient(handler) { BaseAddress = o.Server, Timeout = TimeSpan.FromSeconds(o.Timeout) };
        var (cookie, token) = await Session(http);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { seed = o.Seed, input = o.Input }));
        string path = $"/api/exercises/{Uri.EscapeDataString(o.Template)}/check";

        // Warm-up: JIT on both sides, connections opened, and the verdict checked before anything is timed. A slow
        // answer (422 past the engine budget, 429/503 shed) is only slow; a wrong verdict or a refused request
        // (400/403/404/500: bad token, unknown template, crash) means the check itself is broken.
        int warmedUp = 0;
        for (int i = 0; i < 200 && warmedUp < 20; i++)
        {
            var (status, right, text) = await Send(http, path, body, cookie, token);
            if (status == 200 && right) warmedUp++;
            else if (status == 200 || status is 400 or 401 or 403 or 404 or 500)
            {
                Console.Error.WriteLine($"WRONG: the warm-up check answered {status}{(status == 200 ? " with a wrong verdict" : "")} for '{o.Input}' ({o.Template}, seed {o.Seed}): {text[..Math.Min(300, text.Length)]}");
                return 1;
            }
        }
        var latencies = new List<double>();
        var statuses = new Dictionary<int, int>();
        int wrong = 0, failures = 0, timeouts = 0, completed = 0;
        var gate = new object();
        var clock = Stopwatch.StartNew();
        void Done(int status, bool right, Exception? error, double latencySeconds)
        {
            lock (gate)
            {
                completed++;
                if (error is TaskCanceledException or TimeoutException) timeouts++;
                else if (error is not null) failures++;
                else
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (status == 200)
                    {
                        if (!right) wrong++;
                        latencies.Add(latencySeconds);
                    }
                }
            }
        }
        async Task One(double scheduled)
        {
            try
            {
                var (status, right, _) = await Send(http, path, body, cookie, token);
                Done(status, right, null, clock.Elapsed.TotalSeconds - scheduled);
            }
            catch (Exception e)
            {
                Done(0, false, e, clock.Elapsed.TotalSeconds - scheduled);
            }
        }

        int sent = 0;
        var inflight = new List<Task>();
        if (o.Closed > 0)
        {
            async Task Worker()
            {
                while (clock.Elapsed.TotalSeconds < o.Seconds)
                {
                    Interlocked.Increment(ref sent);
                    await One(clock.Elapsed.TotalSeconds);
                }
            }
            await Task.WhenAll(Enumerable.Range(0, o.Closed).Select(_ => Task.Run(Worker)));
        }
        else
        {
            // The dispatcher sleeps to each request's scheduled time (in 1 ms steps, sending all that are due).
            long total = (long)(o.Rate * o.Seconds);
            while (sent < total)
            {
                double now = clock.Elapsed.TotalSeconds;
                while (sent < total && sent / o.Rate <= now)
                {
                    double scheduled = sent / o.Rate;
                    inflight.Add(Task.Run(() => One(scheduled)));
                    sent++;
                }
                await Task.Delay(1);
            }
            await Task.WhenAll(inflight);
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies;
        all.Sort();
        double Percentile(double p) => all.Count == 0 ? double.NaN : all[Math.Min(all.Count - 1, (int)(p * all.Count))];
        int ok = statuses.GetValueOrDefault(200);
        int shed = statuses.GetValueOrDefault(429) + statuses.GetValueOrDefault(503);
        int otherStatus = statuses.Where(s => s.Key is not (200 or 429 or 503)).Sum(s => s.Value);
        var result = new Dictionary<string, object>
        {
            ["workload"] = o.Closed > 0 ? "web-check-closed" : "web-check-open",
            ["mode"] = o.Closed > 0 ? $"closed loop, {o.Closed} in flight" : $"open loop, {o.Rate:F0} requests/s offered",
            ["offered_rate"] = o.Closed > 0 ? 0 : o.Rate,
            ["seconds"] = elapsed,
            ["sent"] = sent,
            ["completed"] = completed,
            ["ok"] = ok,
            ["checks_per_second"] = ok / elapsed,
            ["p50_ms"] = Percentile(0.50) * 1e3,
            ["p90_ms"] = Percentile(0.90) * 1e3,
            ["p99_ms"] = Percentile(0.99) * 1e3,
            ["max_ms"] = all.Count == 0 ? double.NaN : all[^1] * 1e3,
            ["shed"] = shed,
            ["statuses"] = statuses.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            ["errors"] = otherStatus + failures + timeouts + wrong,
            ["wrong_verdicts"] = wrong,
            ["timeouts"] = timeouts,
            ["connection_failures"] = failures,
            ["side"] = "nabla",
        };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        return wrong > 0 ? 1 : 0;
    }

    /// <summary>GET /api/session: the antiforgery cookie(s) and the token for the X-Nabla-Token header.</summary>
    private static async Task<(string Cookie, string Token)> Session(HttpClient http)
    {
        using var response = await http.GetAsync("/api/session");
        response.EnsureSuccessStatusCode();
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';', 2)[0]).ToArray()
            : [];
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (string.Join("; ", cookies), doc.RootElement.GetProperty("token").GetString()!);
    }

    private static async Task<(int Status, bool Right, string Body)> Send(HttpClient http, string path, byte[] body, string cookie, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("X-Nabla-Token", token);
        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Contains("\"correct\":true", StringComparison.Ordinal), text);
    }

    private static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }
        double Number(string name, double fallback) => double.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new Options(new Uri(Get("--url", "http://127.0.0.1:5080")), Get("--template", "m1-power-rule-monomial"), (int)Number("--seed", 42),
            Get("--input", "32x^7"), Number("--rate", 0), (int)Number("--closed", 0), Number("--seconds", 5), (int)Number("--connections", 512),
            Number("--timeout", 10));
    }
}
