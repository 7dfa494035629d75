using System.Globalization;
using Xunit.Abstractions;

namespace Nabla.Tests.Soak;

/// <summary>Runs alone: the memory figures must not mix with other tests' allocations.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "Soak";
}

/// <summary>
/// Continuous random grading and parsing of unique expressions must keep a flat working set: after warm-up the
/// managed heap (after forced collections) and the intern table stop growing. The suite runs a short version
/// (about 40 s); <c>NABLA_SOAK_MINUTES=10</c> runs the long one and <c>NABLA_SOAK_REPORT=path</c> writes its
/// table (docs/reliability-budgets.md shows one).
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomGradingAndUniqueExpressionsKeepAFlatWorkingSet()
    {
        double minutes = double.TryParse(Environment.GetEnvironmentVariable("NABLA_SOAK_MINUTES"), NumberStyles.Float,
            CultureInfo.InvariantCulture, out double m) && m > 0 ? m : 0;
        var duration = minutes > 0 ? TimeSpan.FromMinutes(minutes) : TimeSpan.FromSeconds(40);
        var interval = minutes > 0 ? TimeSpan.FromSeconds(Math.Max(30, duration.TotalSeconds / 24)) : TimeSpan.FromSeconds(4);
        var failures = new List<string>();
        string? report = Environment.GetEnvironmentVariable("NABLA_SOAK_REPORT") is { Length: > 0 } path ? path : null;
        var samples = SoakRunner.Run(duration, interval, failures, s =>
        {
            output.WriteLine(s.ToString());
            // The long run's progress, readable while it runs.
            if (report is not null) File.AppendAllText(report + ".log", s + Environment.NewLine);
        });

        string table = SoakRunner.ToMarkdown(samples);
        output.WriteLine(table);
        if (report is not null) File.WriteAllText(report, table);

        Assert.True(failures.Count == 0, "the soak hit exceptions:\n" + string.Join("\n", failures));
        Assert.True(samples[^1].Attempts > 50, $"only {samples[^1].Attempts} attempts graded");
        Assert.True(samples[^1].Expressions > 50, $"only {samples[^1].Expressions} expressions");

        // Warm-up: the first third (JIT, course loading, caches filling). Then the last third must not sit above the
        // middle third by more than a tolerance: a leak of the churned expressions (tens of thousands of nodes per
        // second) would blow through it within seconds.
        int third = samples.Count / 3;
        var middle = samples.Skip(third).Take(third).ToArray();
        var last = samples.Skip(2 * third).ToArray();
        long heapMiddle = middle.Max(s => s.HeapBytes), heapLast = last.Max(s => s.HeapBytes);
        Assert.True(heapLast <= heapMiddle * 1.3 + 24 * 1048576,
            $"managed heap grew from {heapMiddle / 1048576.0:0.0} MB to {heapLast / 1048576.0:0.0} MB\n{table}");
        int slotsMiddle = middle.Max(s => s.InternSlots), slotsLast = last.Max(s => s.InternSlots);
        Assert.True(slotsLast <= slotsMiddle * 1.5 + 100_000,
            $"intern table grew from {slotsMiddle:N0} to {slotsLast:N0} slots\n{table}");
        int liveMiddle = middle.Max(s => s.InternLive), liveLast = last.Max(s => s.InternLive);
        Assert.True(liveLast <= liveMiddle * 1.5 + 50_000,
            $"live interned nodes grew from {liveMiddle:N0} to {liveLast:N0}\n{table}");
    }
}
