using System.Diagnostics;
using System.Globalization;

namespace Nabla.Benchmarks;

/// <summary>
/// The timing harness bench/run uses: warm up, then time single executions until enough samples are in, and print
/// one JSON line with the median. BenchmarkDotNet (the same workloads in <see cref="SymbolicBenchmarks"/>) gives
/// richer statistics but takes minutes per workload; this keeps a full side-by-side run short. Every line also says
/// whether the answer is right by the workload's independent oracle (<see cref="Oracles"/>): "ok": false makes
/// bench/run fail.
/// </summary>
public static class Harness
{
    /// <summary>Readable JSON strings (the oracle texts hold math symbols); the lines go to files, never into HTML.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(string workload)
    {
        if (!Workloads.All.TryGetValue(workload, out var prepare))
        {
            Console.Error.WriteLine($"unknown workload '{workload}'; known: {string.Join(", ", Workloads.All.Keys)}");
            return 2;
        }
        var operation = prepare();
        // The first call in a fresh process pays for JIT compilation and starts with an empty intern table: the
        // fairest comparison with SymPy's fresh-process samples, reported beside the steady-state median.
        var first = Stopwatch.StartNew();
        double check = operation();
        double firstSeconds = first.Elapsed.TotalSeconds;
        var budget = Stopwatch.StartNew();
        for (int warm = 0; warm < 1000 && budget.Elapsed < TimeSpan.FromSeconds(5) || budget.Elapsed < TimeSpan.FromSeconds(1); warm++) operation(); // JIT tiering (tier-1 after ~30 calls and a background compile) and caches
        var samples = new List<double>();
        budget.Restart();
        while (samples.Count < 5 || (samples.Count < 2000 && budget.Elapsed < TimeSpan.FromSeconds(2)))
        {
            var sw = Stopwatch.StartNew();
            operation();
            samples.Add(sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine(Line(workload, samples, firstSeconds, check, OptimizationBenchmarks.Details(workload)));
        return 0;
    }

    /// <summary>
    /// The --verify mode (bench/run --quick): every workload once in this process, its answer judged by its oracle,
    /// then timed briefly (at least one sample, up to <paramref name="secondsPerWorkload"/>). One JSON line each;
    /// returns 1 when any answer is wrong.
    /// </summary>
    public static int Verify(IReadOnlyList<string> names, double secondsPerWorkload)
    {
        bool allRight = true;
        foreach (var workload in names.Count > 0 ? names : Workloads.All.Keys)
        {
            if (!Workloads.All.TryGetValue(workload, out var prepare))
            {
                Console.Error.WriteLine($"unknown workload '{workload}'");
                return 2;
            }
            var operation = prepare();
            var first = Stopwatch.StartNew();
            double check = operation();
            double firstSeconds = first.Elapsed.TotalSeconds;
            // A workload whose first call already used the budget is not run again: its first call is its sample.
            var samples = firstSeconds >= secondsPerWorkload ? new List<double> { firstSeconds } : [];
            var budget = Stopwatch.StartNew();
            while (samples.Count < 1 || (samples.Count < 500 && budget.Elapsed.TotalSeconds < secondsPerWorkload))
            {
                long start = Stopwatch.GetTimestamp();
                operation();
                samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            string line = Line(workload, samples, firstSeconds, check, OptimizationBenchmarks.Details(workload), memory: false);
            Console.WriteLine(line);
            if (Oracles.Judge(workload, check) is { } wrong)
            {
                allRight = false;
                Console.Error.WriteLine($"WRONG: {workload}: {wrong}");
            }
        }
        return allRight ? 0 : 1;
    }

    private static string Line(string workload, List<double> samples, double firstSeconds, double check, string details, bool memory = true)
    {
        samples.Sort();
        double median = samples[samples.Count / 2];
        if (details.Length > 0) details = ", " + details;
        if (Workloads.OperationsPerRun.TryGetValue(workload, out int operations)) details += $", \"operations\": {operations}";
        string? wrong = Oracles.Judge(workload, check);
        details += $", \"ok\": {(wrong is null ? "true" : "false")}, \"oracle\": {System.Text.Json.JsonSerializer.Serialize(wrong ?? Oracles.All[workload].Source, Json)}";
        // Peak working set of this process (the workload was the only thing it did): the memory table compares it with
        // the peer's ru_maxrss for the MLP epoch and the NIST suite. Meaningless when many workloads share a process.
        if (memory)
        {
            using var self = Process.GetCurrentProcess();
            details += string.Create(CultureInfo.InvariantCulture, $", \"peak_mb\": {self.PeakWorkingSet64 / 1048576.0:F1}");
        }
        // The minimum is what the machine can do when nothing else runs; on a shared, noisy machine it shows whether a
        // slower median is load or the code.
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"workload\": \"{workload}\", \"seconds\": {median:R}, \"min_seconds\": {samples[0]:R}, \"first_seconds\": {firstSeconds:R}, \"check\": {check:R}, \"samples\": {samples.Count}{details}}}");
    }
}
