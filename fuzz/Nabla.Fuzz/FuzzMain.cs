using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nabla.Fuzz;

/// <summary>
/// The fuzz harness. <c>--target T --count N --seed S</c> supervises worker processes that run the inputs (a process
/// death, e.g. a stack overflow, is found, recorded and skipped); <c>--index K</c> replays one input and prints it.
/// See docs/reliability-fuzzing.md.
/// </summary>
public static class FuzzMain
{
    /// <summary>The targets by name.</summary>
    public static readonly string[] TargetNames = ["parse", "simplify", "diff", "grade", "batch", "web"];

    /// <summary>Creates the target called <paramref name="name"/>.</summary>
    public static Target Create(string name, FuzzContext context) => name switch
    {
        "parse" => new ParseTarget(context),
        "simplify" => new SimplifyTarget(context),
        "diff" => new DiffTarget(context),
        "grade" => new GradeTarget(context),
        "batch" => new BatchTarget(context),
        "web" => new WebTarget(context),
        _ => throw new ArgumentException($"unknown target \"{name}\"; targets: {string.Join(", ", TargetNames)}"),
    };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return Usage($"unexpected argument {args[i]}");
            string key = args[i][2..];
            options[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        if (!options.TryGetValue("target", out var targetName) || !TargetNames.Contains(targetName)) return Usage("--target is required");
        int seed = int.Parse(options.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
        long count = long.Parse(options.GetValueOrDefault("count", "10000"), CultureInfo.InvariantCulture);
        long start = long.Parse(options.GetValueOrDefault("start", "0"), CultureInfo.InvariantCulture);
        double hang = double.Parse(options.GetValueOrDefault("hang", "5"), CultureInfo.InvariantCulture);
        TimeSpan? timeLimit = options.TryGetValue("minutes", out var m) ? TimeSpan.FromMinutes(double.Parse(m, CultureInfo.InvariantCulture)) : null;
        bool minimise = !options.ContainsKey("no-minimise");

        if (options.TryGetValue("index", out var indexText)) return Replay(targetName, seed, long.Parse(indexText, CultureInfo.InvariantCulture), hang, null);
        if (options.TryGetValue("input", out var given)) return Replay(targetName, seed, -1, hang, given.Replace("\\n", "\n", StringComparison.Ordinal));
        if (options.ContainsKey("worker"))
        {
            var context = FuzzContext.Load();
            var target = Create(targetName, context);
            var runner = new Runner(target, seed, hang, minimise, Console.Out);
            RunResult result = null!;
            // 1 MB of stack, less than the thread pool's, so a deep recursion shows here before it can in a server.
            var thread = new Thread(() => result = runner.Run(start, count, options.GetValueOrDefault("trace"), timeLimit), 1 << 20);
            thread.Start();
            thread.Join();
            (target as IDisposable)?.Dispose();
            Console.Out.WriteLine("@result " + JsonSerializer.Serialize(result));
            Console.Out.WriteLine("@end");
            Console.Out.Flush();
            return 0;
        }
        return Supervise(targetName, seed, start, count, hang, minimise, timeLimit, options.GetValueOrDefault("out"));
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: Nabla.Fuzz --target parse|simplify|diff|grade|batch|web [--count N] [--seed S] [--start K] [--hang SECONDS] [--minutes M] [--out FILE] [--no-minimise]");
        Console.Error.WriteLine("       Nabla.Fuzz --target T --seed S --index K    (replay one input)");
        Console.Error.WriteLine("       Nabla.Fuzz --target T --input TEXT          (run one given input; \\n separates a grade/web header from the payload)");
        return 2;
    }

    private static int Replay(string targetName, int seed, long index, double hang, string? given)
    {
        var context = FuzzContext.Load();
        var target = Create(targetName, context);
        string input = given ?? Runner.InputAt(target, seed, index);
        Console.WriteLine($"input {JsonSerializer.Serialize(input)}");
        var runner = new Runner(target, seed, hang, true, Console.Out);
        var clock = Stopwatch.StartNew();
        var (outcome, signature, message) = runner.RunOne(input);
        Console.WriteLine($"time {clock.Elapsed.TotalMilliseconds:0.0} ms");
        if (signature is null)
        {
            Console.WriteLine($"outcome {outcome}");
            (target as IDisposable)?.Dispose();
            return 0;
        }
        Console.WriteLine($"FINDING {signature}\n{message}");
        Console.WriteLine($"minimal {JsonSerializer.Serialize(runner.Minimise(input, signature))}");
        (target as IDisposable)?.Dispose();
        return 1;
    }

    /// <summary>
    /// Runs workers over the range; when one dies (a stack overflow, the watchdog's exit on a stuck input) the input it
    /// died on is found (from its "@stuck" line, or by rerunning from the last checkpoint with a trace file), recorded as
    /// a finding, and the run resumes after it.
    /// </summary>
    private static int Supervise(string targetName, int seed, long start, long count, double hang, bool minimise, TimeSpan? timeLimit, string? outFile)
    {
        var total = new RunResult();
        var clock = Stopwatch.StartNew();
        long next = start, end = start + count;
        string trace = Path.Combine(Path.GetTempPath(), $"nabla-fuzz-{Environment.ProcessId}.trace");
        var deaths = new List<FindingRecord>();
        while (next < end)
        {
            TimeSpan? left = timeLimit is { } l ? l - clock.Elapsed : null;
            if (left is { } lt && lt <= TimeSpan.Zero) break;
            var worker = Worker(targetName, seed, next, end - next, hang, minimise, left, null);
            Merge(total, worker.Result);
            if (worker.Result is not null) break;
            // The worker died. Where?
            long died = worker.Stuck ?? -1;
            if (died < 0)
            {
                var traced = Worker(targetName, seed, worker.LastCheckpoint, end - worker.LastCheckpoint, hang, minimise, null, trace);
                if (traced.Result is not null)
                {
                    // Not reproducible (a death that depended on timing): count the rerun and go on.
                    Merge(total, traced.Result);
                    break;
                }
                died = File.Exists(trace) ? BitConverter.ToInt64(File.ReadAllBytes(trace)) : worker.LastCheckpoint;
            }
            // Every input the dead worker ran counts (their outcomes are lost with it; the findings are in its log).
            total.Executed += died - next + 1;
            string input = Runner.InputAt(Create(targetName, FuzzContext.Load()) is var t ? t : null!, seed, died);
            (t as IDisposable)?.Dispose();
            var record = new FindingRecord
            {
                Signature = worker.Stuck is null ? $"process death (exit code {worker.ExitCode})" : "hang: stuck, process ended by the watchdog",
                Message = worker.LastLines, Index = died, Input = input, Count = 1,
            };
            deaths.Add(record);
            Console.WriteLine($"FINDING {record.Signature}\n  seed {seed} index {died}\n  input: {JsonSerializer.Serialize(Oracles.Clip(input))}");
            next = died + 1;
        }
        File.Delete(trace);
        total.Findings.AddRange(deaths);
        total.Seconds = clock.Elapsed.TotalSeconds;
        string summary = Summary(targetName, seed, start, total);
        Console.WriteLine(summary);
        if (outFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
            File.WriteAllText(outFile, summary);
        }
        return total.Findings.Count == 0 ? 0 : 1;
    }

    private static void Merge(RunResult total, RunResult? part)
    {
        if (part is null) return;
        total.Executed += part.Executed;
        foreach (var (k, v) in part.Outcomes) total.Outcomes[k] = total.Outcomes.GetValueOrDefault(k) + v;
        foreach (var f in part.Findings)
        {
            var known = total.Findings.FirstOrDefault(x => x.Signature == f.Signature);
            if (known is null) total.Findings.Add(f);
            else known.Count += f.Count;
        }
        if (part.SlowestMs > total.SlowestMs) (total.SlowestMs, total.SlowestIndex) = (part.SlowestMs, part.SlowestIndex);
    }

    private sealed record WorkerEnd(RunResult? Result, long LastCheckpoint, long? Stuck, int ExitCode, string LastLines);

    private static WorkerEnd Worker(string target, int seed, long start, long count, double hang, bool minimise, TimeSpan? left, string? trace)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet Nabla.Fuzz.dll` the process path is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") psi.ArgumentList.Add(typeof(FuzzMain).Assembly.Location);
        foreach (var a in new[] { "--worker", "--target", target, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--start", start.ToString(CultureInfo.InvariantCulture),
                     "--count", count.ToString(CultureInfo.InvariantCulture), "--hang", hang.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        if (!minimise) psi.ArgumentList.Add("--no-minimise");
        if (left is { } l) { psi.ArgumentList.Add("--minutes"); psi.ArgumentList.Add(l.TotalMinutes.ToString("R", CultureInfo.InvariantCulture)); }
        if (trace is not null) { psi.ArgumentList.Add("--trace"); psi.ArgumentList.Add(trace); }
        using var process = Process.Start(psi)!;
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        long checkpoint = start;
        long? stuck = null;
        RunResult? result = null;
        bool ended = false;
        var tail = new Queue<string>();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            if (line.StartsWith("@ckpt ", StringComparison.Ordinal)) checkpoint = long.Parse(line[6..], CultureInfo.InvariantCulture);
            else if (line.StartsWith("@stuck ", StringComparison.Ordinal)) stuck = long.Parse(line[7..], CultureInfo.InvariantCulture);
            else if (line.StartsWith("@result ", StringComparison.Ordinal)) result = JsonSerializer.Deserialize<RunResult>(line[8..]);
            else if (line == "@end") ended = true;
            else Console.WriteLine(line);
            tail.Enqueue(line);
            if (tail.Count > 20) tail.Dequeue();
        }
        process.WaitForExit();
        string last = string.Join("\n", tail) + "\n" + errors.ToString()[^Math.Min(errors.Length, 4000)..];
        return new WorkerEnd(ended ? result : null, checkpoint, stuck, process.ExitCode, last);
    }

    /// <summary>The run's summary as committed under fuzz/runs/.</summary>
    public static string Summary(string target, int seed, long start, RunResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"target:    {target}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"seed:      {seed} (indices {start}..{start + r.Executed - 1})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"inputs:    {r.Executed:N0}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"duration:  {r.Seconds:0.0} s");
        sb.AppendLine(CultureInfo.InvariantCulture, $"rate:      {r.Executed / Math.Max(r.Seconds, 1e-9):0} inputs/s (one thread)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"slowest:   {r.SlowestMs:0} ms (index {r.SlowestIndex})");
        sb.AppendLine("outcomes:  " + string.Join(", ", r.Outcomes.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:N0}")));
        sb.AppendLine(CultureInfo.InvariantCulture, $"findings:  {r.Findings.Count} distinct, {r.Findings.Sum(f => f.Count):N0} inputs");
        foreach (var f in r.Findings)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {f.Signature} ×{f.Count}, first at index {f.Index}");
            sb.AppendLine("    input:   " + JsonSerializer.Serialize(Oracles.Clip(f.Input)));
            if (f.Minimal is not null) sb.AppendLine("    minimal: " + JsonSerializer.Serialize(f.Minimal));
            sb.AppendLine("    " + Oracles.Clip(f.Message.Split('\n')[0]));
        }
        return sb.ToString();
    }
}
