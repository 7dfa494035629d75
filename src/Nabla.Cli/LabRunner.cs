using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nabla.Course.Assignments;

namespace Nabla.Cli;

/// <summary>The limits a learner's code runs under.</summary>
/// <param name="FunctionTime">How long one function check may take (from the moment it starts).</param>
/// <param name="RunTime">How long a run (the training run, the 50-step descent) may take.</param>
/// <param name="MemoryBytes">The grader process's GC heap limit (<c>DOTNET_GCHeapHardLimit</c>).</param>
/// <param name="StartupTime">How long the grader process may take to start and load the learner's assembly.</param>
public sealed record LabLimits(TimeSpan FunctionTime, TimeSpan RunTime, long MemoryBytes, TimeSpan StartupTime)
{
    /// <summary>10 s per function, 30 s for a run, 512 MB of heap, 60 s to start (a loaded machine is slow to start a process).</summary>
    public static LabLimits Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 512L << 20, TimeSpan.FromSeconds(60));

    /// <summary>The time limit of a check of this kind.</summary>
    public TimeSpan For(CheckKind kind) => kind == CheckKind.Run ? RunTime : FunctionTime;
}

/// <summary>How to start the grader process: an executable and the arguments before <c>lab __grade …</c>.</summary>
/// <param name="FileName">The executable, e.g. the <c>dotnet</c> host.</param>
/// <param name="Prefix">Arguments before the verb, e.g. the path of Nabla.Cli.dll.</param>
public sealed record LabChildHost(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>
    /// <c>dotnet &lt;folder of this assembly&gt;/Nabla.Cli.dll</c>: works from the installed tool, from a test's output
    /// folder and from the web host (both reference Nabla.Cli, so its dll and runtimeconfig sit next to theirs).
    /// </summary>
    public static LabChildHost Default()
    {
        string cli = typeof(LabRunner).Assembly.Location;
        return new LabChildHost(DotnetHost(), [cli]);
    }

    /// <summary>The dotnet host: this process's when it is one, else DOTNET_HOST_PATH, else the one above the shared runtime.</summary>
    private static string DotnetHost()
    {
        static bool IsDotnet(string? path) => path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet" && File.Exists(path);
        if (IsDotnet(Environment.ProcessPath)) return Environment.ProcessPath!;
        if (IsDotnet(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"))) return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")!;
        // .../dotnet/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → .../dotnet/dotnet
        var runtime = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        var root = runtime.Parent?.Parent?.Parent;
        if (root is not null)
            foreach (var name in new[] { "dotnet", "dotnet.exe" })
                if (File.Exists(Path.Combine(root.FullName, name))) return Path.Combine(root.FullName, name);
        return "dotnet";
    }
}

/// <summary>
/// Checks a learner's file: compiles it in-process (<see cref="LabCompiler"/>), then grades it in an isolated child
/// process (<c>nabla lab __grade</c>) under time and memory limits, so the learner's code never runs in the caller's
/// process. A check that runs too long is killed with its process tree and graded as failed with a clear message; the
/// remaining checks go on in a fresh child.
/// </summary>
public static class LabRunner
{
    /// <summary>The JSON form of lab results (between the grader process and its parent, and for <c>--format json</c>).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Compiles and grades <paramref name="sourceCode"/> for <paramref name="assignment"/>.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="sourceCode">The learner's file.</param>
    /// <param name="limits">Time and memory limits (<see cref="LabLimits.Default"/> when null).</param>
    /// <param name="cancellationToken">Stops the check (the child is killed); throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="host">How to start the grader process (<see cref="LabChildHost.Default"/> when null).</param>
    public static LabReport Check(Assignment assignment, string sourceCode, LabLimits? limits = null, CancellationToken cancellationToken = default,
        LabChildHost? host = null)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(sourceCode);
        limits ??= LabLimits.Default;
        var clock = Stopwatch.StartNew();
        var compilation = LabCompiler.Compile(sourceCode, assignment.FileName, cancellationToken);
        if (!compilation.Success)
        {
            int count = compilation.Diagnostics.Count(d => d.IsError);
            var first = compilation.Diagnostics.First(d => d.IsError);
            return new LabReport(assignment.Id, assignment.FileName, false, compilation.Diagnostics, [], 0,
                $"{assignment.FileName} does not compile ({count} error{(count == 1 ? "" : "s")}); the first: {first.Display(assignment.FileName)}",
                clock.Elapsed.TotalSeconds);
        }
        string folder = Path.Combine(Path.GetTempPath(), "nabla-lab-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string dll = Path.Combine(folder, "LabSubmission.dll");
            File.WriteAllBytes(dll, compilation.Assembly!);
            var results = Grade(assignment, dll, limits, host ?? LabChildHost.Default(), cancellationToken);
            double score = LabGrading.Score(results);
            int passed = results.Count(r => r.Passed);
            string message = passed == results.Count
                ? $"all {results.Count} checks pass: {score:0.#}%"
                : $"{passed} of {results.Count} checks pass: {score:0.#}%";
            return new LabReport(assignment.Id, assignment.FileName, true, compilation.Diagnostics, results, score, message, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A child that was just killed may still hold the file on some systems; the temp folder is cleaned later.
            }
        }
    }

    private static List<CheckResult> Grade(Assignment assignment, string dll, LabLimits limits, LabChildHost host, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, CheckResult>();
        var remaining = assignment.Checks.Select(c => c.Id).ToList();
        while (remaining.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = RunChild(assignment, dll, remaining, limits, host, cancellationToken);
            foreach (var r in outcome.Results) results[r.Id] = r;
            remaining = remaining.Where(id => !results.ContainsKey(id)).ToList();
            if (remaining.Count == 0) break;
            if (outcome.Stuck is { } stuck)
            {
                // The check that was running when the child was stopped fails; the rest get a fresh child.
                results[stuck.Id] = stuck;
                remaining.Remove(stuck.Id);
                continue;
            }
            // The child stopped before starting any check: every remaining check fails with its reason.
            foreach (var id in remaining)
                results[id] = CheckResult.Failed(assignment.Check(id), "not graded", new("grader-failed", outcome.Problem ?? "the grader process stopped without an answer"));
            break;
        }
        return assignment.Checks.Select(c => results[c.Id]).ToList();
    }

    private sealed record ChildOutcome(List<CheckResult> Results, CheckResult? Stuck, string? Problem);

    /// <summary>One grader process over <paramref name="checks"/>, watched line by line.</summary>
    private static ChildOutcome RunChild(Assignment assignment, string dll, IReadOnlyList<string> checks, LabLimits limits, LabChildHost host,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(host.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in host.Prefix) start.ArgumentList.Add(a);
        foreach (var a in (string[])["lab", "__grade", dll, assignment.Id, .. checks]) start.ArgumentList.Add(a);
        start.Environment["DOTNET_GCHeapHardLimit"] = limits.MemoryBytes.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["NABLA_DEBUG"] = "0";

        var lines = new BlockingCollection<string?>();
        var stderr = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => lines.Add(e.Data);   // null marks the end of the stream
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr)
                if (stderr.Length < 20_000) stderr.AppendLine(e.Data);
        };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ChildOutcome([], null, $"could not start the grader process ({host.FileName}): {ex.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        var results = new List<CheckResult>();
        string? current = null;
        var deadline = Stopwatch.StartNew();
        TimeSpan allowed = limits.StartupTime;
        try
        {
            while (true)
            {
                var left = allowed - deadline.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    Kill(process);
                    return current is null
                        ? new ChildOutcome(results, null, $"the grader process did not start within {limits.StartupTime.TotalSeconds:0} s")
                        : new ChildOutcome(results, TimedOut(assignment.Check(current), limits), null);
                }
                if (!lines.TryTake(out var line, (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, 200), cancellationToken))
                    continue;
                if (line is null) break;                          // the child closed stdout: it has exited or is exiting
                var message = Parse(line);
                if (message?.Begin is { } begun)
                {
                    current = begun;
                    allowed = limits.For(assignment.Check(begun).Kind);
                    deadline.Restart();
                }
                else if (message?.Result is { } result)
                {
                    results.Add(result);
                    if (results.Count == checks.Count) break;     // a thread the learner started must not keep us waiting
                    current = null;
                    allowed = limits.StartupTime;                 // between checks only the grader's own code runs
                    deadline.Restart();
                }
            }
            if (!process.WaitForExit(5000)) Kill(process);
            process.WaitForExit();
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        string errors;
        lock (stderr) errors = stderr.ToString();
        if (current is not null) return new ChildOutcome(results, Crashed(assignment.Check(current), process.ExitCode, errors, limits), null);
        if (results.Count < checks.Count)
            return new ChildOutcome(results, null, $"the grader process stopped (exit code {process.ExitCode}){LastLine(errors)}");
        return new ChildOutcome(results, null, null);
    }

    private sealed record ChildMessage(string? Begin, CheckResult? Result);

    private static ChildMessage? Parse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            return JsonSerializer.Deserialize<ChildMessage>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static CheckResult TimedOut(AssignmentCheck check, LabLimits limits) =>
        CheckResult.Failed(check, "stopped: ran too long", new("time-limit",
            $"your code ran longer than {limits.For(check.Kind).TotalSeconds:0.#} s while checking {check.Id} and was stopped — look for a loop that never ends."));

    /// <summary>The check that was running when the child died, failed with the reason read from its stderr.</summary>
    private static CheckResult Crashed(AssignmentCheck check, int exitCode, string stderr, LabLimits limits)
    {
        if (stderr.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || stderr.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return MemoryExceeded(check, limits);
        if (stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
            return CheckResult.Failed(check, "stopped: stack overflow", new("stack-overflow",
                $"your code overflowed the stack while checking {check.Id}: a function that calls itself without end?"));
        return CheckResult.Failed(check, "the grader process stopped", new("crashed",
            $"the grader process stopped while checking {check.Id} (exit code {exitCode}){LastLine(stderr)}; does your code call Environment.Exit?"));
    }

    /// <summary>The failed result for a check that used more memory than allowed.</summary>
    public static CheckResult MemoryExceeded(AssignmentCheck check, LabLimits limits)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(limits);
        return CheckResult.Failed(check, "stopped: out of memory", new("memory-limit",
            $"your code used more than {limits.MemoryBytes >> 20} MB of memory while checking {check.Id} and was stopped — look for arrays or lists that grow without end."));
    }

    private static string LastLine(string stderr)
    {
        var last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return last is null ? "" : ": " + (last.Length > 300 ? last[..300] + "…" : last);
    }
}
