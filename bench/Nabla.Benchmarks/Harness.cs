using System.Diagnostics;
using System.Globalization;

namespace Nabla.Benchmarks;

/// <summary>
/// The timing harness bench/run uses: warm up, then time single executions until enough samples are in, and print
/// one JSON line with the median. BenchmarkDotNet (the same workloads in <see cref="SymbolicBenchmarks"/>) gives
/// richer statistics but takes minutes per workload; this keeps a full side-by-side run short.
/// </summary>
public static class Harness
{
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
        samples.Sort();
        double median = samples[samples.Count / 2];
        string details = OptimizationBenchmarks.Details(workload);
        if (details.Length > 0) details = ", " + details;
        if (Workloads.OperationsPerRun.TryGetValue(workload, out int operations)) details += $", \"operations\": {operations}";
        // The minimum is what the machine can do when nothing else runs; on a shared, noisy machine it shows whether a
        // slower median is load or the code.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"workload\": \"{workload}\", \"seconds\": {median:R}, \"min_seconds\": {samples[0]:R}, \"first_seconds\": {firstSeconds:R}, \"check\": {check:R}, \"samples\": {samples.Count}{details}}}"));
        return 0;
    }
}
