using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.Budgets;

/// <summary>
/// The intern table under concurrency and under a stream of unique expressions: equal live expressions are always
/// the same object (the whole engine compares with ReferenceEquals), and dead ones do not pile up.
/// </summary>
public sealed class InternTableTests
{
    [Fact]
    public void ThreadsInterningTheSameRandomExpressionsGetTheSameObjects()
    {
        const int Threads = 8, Count = 400;
        int baseSeed = Environment.TickCount;
        var results = new Expr[Threads][];
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var mine = new Expr[Count];
            // Each thread walks the seeds in a different order so that first insertions race from every side.
            var order = Enumerable.Range(0, Count).ToArray();
            new Random(t).Shuffle(order);
            foreach (int i in order)
                mine[i] = RandomExpressions.Build(new Random(baseSeed + i), 5, smoothOnly: false);
            results[t] = mine;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        for (int i = 0; i < Count; i++)
            for (int t = 1; t < Threads; t++)
                Assert.Same(results[0][i], results[t][i]);
    }

    [Fact]
    public void ConcurrentParsingOfPrintedFormsGivesTheSameObjects()
    {
        int baseSeed = Environment.TickCount;
        var expressions = Enumerable.Range(0, 300).Select(i => RandomExpressions.Build(new Random(baseSeed + i), 4, smoothOnly: false)).ToArray();
        var texts = expressions.Select(e => e.ToPlain()).ToArray();
        var parsed = new Expr[4][];
        Parallel.For(0, 4, t => parsed[t] = texts.Select(s => Expr.Parse(s)).ToArray());
        for (int i = 0; i < texts.Length; i++)
            for (int t = 0; t < 4; t++)
                Assert.Same(expressions[i], parsed[t][i]);
    }

    [Fact]
    public void UniqueExpressionsThatDieAreReclaimed()
    {
        ForceCollect();
        int before = InternTable.SlotCount;
        // 60,000 unique expressions nobody keeps.
        Churn(60_000);
        ForceCollect();
        InternTable.Sweep();
        int after = InternTable.SlotCount;
        // Other tests intern concurrently, so allow slack; without weak entries the table would hold 60,000 more.
        Assert.True(after < before + 20_000, $"slots before {before}, after {after}");
    }

    [Fact]
    public void LiveExpressionsSurviveASweep()
    {
        var keep = Enumerable.Range(0, 2_000).Select(i => Expr.Sym("keep_" + i) * Expr.Num(i + 2) + Expr.Sin(Expr.Sym("keep_" + i))).ToArray();
        Churn(20_000);
        ForceCollect();
        InternTable.Sweep();
        for (int i = 0; i < keep.Length; i++)
            Assert.Same(keep[i], Expr.Sym("keep_" + i) * Expr.Num(i + 2) + Expr.Sin(Expr.Sym("keep_" + i)));
        GC.KeepAlive(keep);
    }

    private static void Churn(int count)
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        for (int i = 0; i < count; i++)
            _ = Expr.Pow(Expr.Sym("u" + name), Expr.Num(i + 3)) + Expr.Num(i, 7919);
    }

    internal static void ForceCollect()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }
}
