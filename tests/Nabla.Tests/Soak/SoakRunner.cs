using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Templates;
using Nabla.Symbolic;
using Nabla.Tests.Course;

namespace Nabla.Tests.Soak;

/// <summary>One measurement of the soak, taken after forced full collections.</summary>
/// <param name="Elapsed">Time since the start.</param>
/// <param name="HeapBytes">Managed heap after a forced, compacting collection.</param>
/// <param name="WorkingSetBytes">The process's working set (includes the runtime and other tests' memory).</param>
/// <param name="InternLive">Live entries of the intern table.</param>
/// <param name="InternSlots">Slots the intern table holds (live or not yet swept).</param>
/// <param name="Attempts">Attempts graded so far.</param>
/// <param name="Expressions">Unique random expressions parsed, differentiated and printed so far.</param>
internal sealed record SoakSample(TimeSpan Elapsed, long HeapBytes, long WorkingSetBytes, int InternLive, int InternSlots, long Attempts, long Expressions);

/// <summary>
/// Continuous random grading plus parsing of unique random expressions (new names and numbers every time, so the
/// intern table sees an endless stream of expressions it has never held), on every core but one, sampled at
/// intervals. Shared by the short soak in the test suite and the long run (<c>NABLA_SOAK_MINUTES</c>).
/// </summary>
internal static class SoakRunner
{
    /// <summary>Runs the soak; <paramref name="failures"/> collects any exception the grader or the engine threw.</summary>
    public static IReadOnlyList<SoakSample> Run(TimeSpan duration, TimeSpan interval, List<string> failures, Action<SoakSample>? onSample = null)
    {
        var content = CourseFixtures.HasRealContent ? CourseLoader.Load(CourseFixtures.ContentRoot) : CourseFixtures.Valid;
        var templates = content.Templates.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
        var grader = new Grader();
        long attempts = 0, expressions = 0;
        using var stop = new CancellationTokenSource();
        int workers = Math.Max(1, Environment.ProcessorCount - 1);
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            var rng = new Random(1000 + w);
            long n = 0;
            while (!stop.IsCancellationRequested)
            {
                n++;
                var template = templates[rng.Next(templates.Length)];
                try
                {
                    Grade(grader, template, rng);
                    Interlocked.Increment(ref attempts);
                    Churn(rng, w, n);
                    Interlocked.Increment(ref expressions);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // An exception here would kill the test host; record it for the test to report instead.
                    lock (failures)
                        if (failures.Count < 20) failures.Add($"{template.Id}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }) { IsBackground = true, Name = "soak " + w }).ToList();
        threads.ForEach(t => t.Start());

        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var next = interval * (samples.Count + 1);
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero) Thread.Sleep(wait);
            var sample = Measure(clock.Elapsed, Interlocked.Read(ref attempts), Interlocked.Read(ref expressions));
            samples.Add(sample);
            onSample?.Invoke(sample);
            if (clock.Elapsed >= duration) break;
        }
        stop.Cancel();
        threads.ForEach(t => t.Join());
        return samples;
    }

    private static void Grade(Grader grader, ExerciseTemplate template, Random rng)
    {
        var variant = VariantGenerator.Generate(template, rng.Next());
        string input = rng.Next(4) switch
        {
            0 when variant.Answer is { } answer => answer.ToPlain(),
            1 when variant.Options.Count > 0 => rng.Next(1, variant.Options.Count + 1).ToString(CultureInfo.InvariantCulture),
            2 => RandomText(rng),
            _ => (variant.Answer?.ToPlain() ?? "x") + " + " + rng.Next(1, 9) + "*x",
        };
        grader.Grade(variant, input, 1 + rng.Next(3));
    }

    private static void Churn(Random rng, int worker, long n)
    {
        // A name and a number never seen before: each round interns brand-new nodes.
        string name = $"s{worker}_{n}";
        string text = $"{name}^{rng.Next(2, 9)} * sin({name} + {n}/{rng.Next(3, 997)}) + exp({name})/({name}^2 + {rng.Next(1, 50)})";
        var e = Expr.Parse(text);
        var d = Calculus.Diff(e, (Symbol)Expr.Sym(name));
        _ = d.ToPlain();
        _ = d.ToLatex();
        _ = Expr.Parse(d.ToPlain());
    }

    private static string RandomText(Random rng)
    {
        const string Alphabet = "xy+-*/^() 123sincoexpl.";
        var sb = new StringBuilder();
        int length = rng.Next(1, 40);
        for (int i = 0; i < length; i++) sb.Append(Alphabet[rng.Next(Alphabet.Length)]);
        return sb.ToString();
    }

    private static SoakSample Measure(TimeSpan elapsed, long attempts, long expressions)
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new SoakSample(elapsed, heap, process.WorkingSet64, InternTable.Count, InternTable.SlotCount, attempts, expressions);
    }

    /// <summary>The samples as a Markdown table (the long run's figures for docs/reliability-budgets.md).</summary>
    public static string ToMarkdown(IEnumerable<SoakSample> samples)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| elapsed | managed heap (MB) | working set (MB) | intern live | intern slots | attempts graded | unique expressions |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in samples)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Elapsed:hh\\:mm\\:ss} | {s.HeapBytes / 1048576.0:0.0} | {s.WorkingSetBytes / 1048576.0:0.0} | {s.InternLive:N0} | {s.InternSlots:N0} | {s.Attempts:N0} | {s.Expressions:N0} |"));
        return sb.ToString();
    }
}
