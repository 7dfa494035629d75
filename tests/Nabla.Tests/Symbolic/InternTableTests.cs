using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Nabla.Symbolic;

namespace Nabla.Tests.Symbolic;

public sealed class InternTableTests
{
    [Fact]
    public void ConcurrentConstructionYieldsOneObjectPerExpression()
    {
        var built = new ConcurrentBag<Expr>();
        Parallel.For(0, 64, i =>
        {
            var x = Expr.Sym("concurrent_x");
            built.Add(Expr.Sin(x * x + 3) * Expr.Exp(x) - Expr.Num(1, 7));
        });
        var first = built.First();
        Assert.All(built, e => Assert.Same(first, e));
    }

    [Fact]
    public void ExpressionsNobodyHoldsAreReclaimed()
    {
        // Other tests build expressions in parallel, so the table's total size is no measure here; instead watch the
        // expressions this test built: once nothing references them, the table must not keep them alive.
        var watched = BuildAndDropManyExpressions(20_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int alive = watched.Count(w => w.TryGetTarget(out _));
        Assert.True(alive < watched.Count / 20, $"{alive} of {watched.Count} dropped expressions are still alive");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<Expr>> BuildAndDropManyExpressions(int count)
    {
        var watched = new List<WeakReference<Expr>>(count);
        for (int i = 0; i < count; i++)
        {
            var s = Expr.Sym($"transient_{i}");
            watched.Add(new WeakReference<Expr>(s * s + i));
        }
        return watched;
    }

    [Fact]
    public void AReclaimedExpressionIsReinternedAsOneObject()
    {
        var first = new WeakReference<Expr>(Expr.Sym("reborn") + 41);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var a = Expr.Sym("reborn") + 41;
        var b = 41 + Expr.Sym("reborn");
        Assert.Same(a, b);
        GC.KeepAlive(first);
    }
}
