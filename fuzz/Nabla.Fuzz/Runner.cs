using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nabla.Fuzz;

/// <summary>One class of failure: its first input (and the minimised one), how often it happened.</summary>
public sealed class FindingRecord
{
    /// <summary>Kind plus exception type plus the first engine frame (or the oracle's message without its quoted parts).</summary>
    public required string Signature { get; init; }
    /// <summary>The full message of the first occurrence (with the stack trace for exceptions).</summary>
    public required string Message { get; init; }
    /// <summary>Index of the first occurrence.</summary>
    public required long Index { get; init; }
    /// <summary>The first input that showed it.</summary>
    public required string Input { get; init; }
    /// <summary>The shortest input found by token deletion that shows the same signature.</summary>
    public string? Minimal { get; set; }
    /// <summary>How many inputs showed it.</summary>
    public long Count { get; set; }
}

/// <summary>What a run (or a worker's share of it) did.</summary>
public sealed class RunResult
{
    /// <summary>Inputs run.</summary>
    public long Executed { get; set; }
    /// <summary>How each input ended ("ok", "ParseException", …) and how often.</summary>
    public Dictionary<string, long> Outcomes { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The failures, by signature.</summary>
    public List<FindingRecord> Findings { get; set; } = [];
    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; set; }
    /// <summary>The slowest input, in milliseconds, and its index.</summary>
    public double SlowestMs { get; set; }
    /// <summary>Index of the slowest input.</summary>
    public long SlowestIndex { get; set; }
}

/// <summary>
/// Runs a target over inputs [start, start + count) of a seed, single-threaded, with a watchdog (an input over the
/// hang budget is a finding; one stuck far longer ends the process so the supervisor reports it), and minimises the
/// first input of every new failure by deleting tokens while the failure keeps its signature.
/// </summary>
public sealed class Runner(Target target, int seed, double hangSeconds, bool minimise, TextWriter log)
{
    private long currentIndex = -1;
    private long currentStart;

    /// <summary>
    /// When true (the command line), an input stuck far past the hang budget ends the process so the supervisor can
    /// record it and go on; tests set false and see the hang as a finding when the input finally returns.
    /// </summary>
    public bool ExitWhenStuck { get; init; } = true;

    /// <summary>The input at <paramref name="index"/> of <paramref name="seed"/>: a pure function of both.</summary>
    public static string InputAt(Target target, int seed, long index) => target.Generate(new Random(Mix(seed, index)));

    /// <summary>Mixes a seed and an index into a <see cref="Random"/> seed (SplitMix64 finaliser).</summary>
    public static int Mix(int seed, long index)
    {
        unchecked
        {
            ulong z = ((ulong)(uint)seed << 32) ^ (ulong)index;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)(z ^ (z >> 31));
        }
    }

    /// <summary>Runs one input: its outcome label, or the failure (signature, message).</summary>
    public (string? Outcome, string? Signature, string? Message) RunOne(string input)
    {
        try
        {
            return (target.Run(input), null, null);
        }
        catch (Finding f)
        {
            return (null, $"{f.Kind}: {Normalise(f.Message)}", f.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, $"exception: {ex.GetType().Name} at {FirstEngineFrame(ex)}", ex.ToString());
        }
    }

    /// <summary>Runs the range; <paramref name="trace"/>, when set, receives each index before it runs (to find a process death).</summary>
    public RunResult Run(long start, long count, string? trace, TimeSpan? timeLimit)
    {
        var result = new RunResult();
        var bySignature = new Dictionary<string, FindingRecord>(StringComparer.Ordinal);
        using var traceFile = trace is null ? null : new FileStream(trace, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var watchdog = new Thread(() => Watch(stop.Token)) { IsBackground = true, Name = "fuzz watchdog" };
        watchdog.Start();
        for (long i = start; i < start + count; i++)
        {
            if (timeLimit is { } limit && clock.Elapsed > limit) break;
            if ((i - start) % 1000 == 0)
            {
                log.WriteLine($"@ckpt {i}");
                log.Flush();
            }
            string input = InputAt(target, seed, i);
            if (traceFile is not null)
            {
                traceFile.Position = 0;
                traceFile.Write(BitConverter.GetBytes(i));
                traceFile.Flush();
            }
            long t0 = Stopwatch.GetTimestamp();
            Volatile.Write(ref currentStart, t0);
            Volatile.Write(ref currentIndex, i);
            var (outcome, signature, message) = RunOne(input);
            Volatile.Write(ref currentIndex, -1);
            double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (ms > result.SlowestMs) (result.SlowestMs, result.SlowestIndex) = (ms, i);
            if (signature is null && ms > hangSeconds * 1000)
                (signature, message) = ($"hang: over {hangSeconds:0.#} s", $"took {ms / 1000:0.0} s (budget {hangSeconds:0.#} s)");
            result.Executed++;
            if (signature is null)
            {
                result.Outcomes[outcome!] = result.Outcomes.GetValueOrDefault(outcome!) + 1;
                continue;
            }
            result.Outcomes["FINDING"] = result.Outcomes.GetValueOrDefault("FINDING") + 1;
            if (bySignature.TryGetValue(signature, out var known))
            {
                known.Count++;
                continue;
            }
            var record = new FindingRecord { Signature = signature, Message = message!, Index = i, Input = input, Count = 1 };
            bySignature[signature] = record;
            result.Findings.Add(record);
            if (minimise && !signature.StartsWith("hang", StringComparison.Ordinal)) record.Minimal = Minimise(input, signature);
            log.WriteLine($"FINDING {signature}\n  seed {seed} index {i}\n  input:   {JsonSerializer.Serialize(Oracles.Clip(input))}\n  minimal: {JsonSerializer.Serialize(record.Minimal)}\n  {Oracles.Clip(message!).Replace("\n", "\n  ", StringComparison.Ordinal)}");
            log.Flush();
        }
        stop.Cancel();
        result.Seconds = clock.Elapsed.TotalSeconds;
        return result;
    }

    private void Watch(CancellationToken stop)
    {
        long reported = -1;
        while (!stop.IsCancellationRequested)
        {
            Thread.Sleep(200);
            long index = Volatile.Read(ref currentIndex);
            if (index < 0) continue;
            double seconds = Stopwatch.GetElapsedTime(Volatile.Read(ref currentStart)).TotalSeconds;
            if (Volatile.Read(ref currentIndex) != index) continue;
            if (seconds > hangSeconds && reported != index)
            {
                reported = index;
                log.WriteLine($"@slow {index} over {hangSeconds:0.#} s so far");
                log.Flush();
            }
            if (ExitWhenStuck && seconds > Math.Max(60, hangSeconds * 12))
            {
                // Stuck: the supervisor records this index as a hang and resumes after it.
                log.WriteLine($"@stuck {index}");
                log.Flush();
                Environment.Exit(3);
            }
        }
    }

    /// <summary>Deletes token runs (halves, quarters, … single tokens) while the failure keeps its signature.</summary>
    public string Minimise(string input, string signature)
    {
        var (prefix, payload) = target.Split(input);
        var tokens = Inputs.Tokenize(payload);
        var clock = Stopwatch.StartNew();
        int tries = 0;
        for (int chunk = Math.Max(1, tokens.Count / 2); chunk >= 1; chunk /= 2)
        {
            for (int at = 0; at + chunk <= tokens.Count;)
            {
                if (tries++ > 3000 || clock.Elapsed.TotalSeconds > 60) return prefix + string.Concat(tokens);
                var candidate = new List<string>(tokens);
                candidate.RemoveRange(at, chunk);
                if (RunOne(prefix + string.Concat(candidate)).Signature == signature) tokens = candidate;
                else at += chunk;
            }
        }
        return prefix + string.Concat(tokens);
    }

    private static readonly Regex Quoted = new("\"[^\"]*\"|[-+]?\\d[\\d.eE+-]*", RegexOptions.Compiled);

    private static string Normalise(string message)
    {
        string s = Quoted.Replace(message, "…");
        int colon = s.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && s.StartsWith("internal error", StringComparison.Ordinal)) s = s[..colon];
        return s.Length > 100 ? s[..100] : s;
    }

    private static string FirstEngineFrame(Exception ex)
    {
        var frames = new StackTrace(ex, false).GetFrames();
        foreach (var f in frames)
        {
            var m = f.GetMethod();
            if (m?.DeclaringType?.FullName is { } type && type.StartsWith("Nabla.", StringComparison.Ordinal) && !type.StartsWith("Nabla.Fuzz", StringComparison.Ordinal))
                return $"{type}.{m.Name}";
        }
        return frames.Length > 0 ? frames[0].GetMethod()?.Name ?? "?" : "?";
    }
}
