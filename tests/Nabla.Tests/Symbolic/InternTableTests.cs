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
        int before = CountAfterCollection();
        BuildAndDropManyExpressions(20_000);
        int after = CountAfterCollection();
        // 20,000 distinct symbols plus sums were built; only a small remainder may still be referenced.
        Assert.True(after < before + 2_000, $"intern table grew from {before} to {after} live entries");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BuildAndDropManyExpressions(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var s = Expr.Sym($"transient_{i}");
            _ = s * s + i;
        }
    }

    private static int CountAfterCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return InternTable.Count;
    }
}
