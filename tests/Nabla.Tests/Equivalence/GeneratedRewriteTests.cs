using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Checker = Nabla.Symbolic.Equivalence.Equivalence;

namespace Nabla.Tests.Equivalence;

/// <summary>Hundreds of generated identities must all be accepted, and their near misses all rejected.</summary>
public sealed class GeneratedRewriteTests
{
    private const int Rounds = 36; // × 16 templates = 576 identities

    [Fact]
    public void EveryGeneratedTrueRewriteIsAccepted()
    {
        var rng = new Random(4242);
        var failures = new List<string>();
        int count = 0;
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var template in RewriteTemplates.All)
            {
                var (u, v) = RewriteTemplates.Pair(rng);
                var (lhs, rhs) = template.Identity(u, v);
                var result = Checker.Check(lhs, rhs);
                count++;
                if (!result.Equivalent)
                    failures.Add($"{template.Name}: {lhs}  vs  {rhs}  u={u} v={v}: {result.Describe()}");
            }
        }
        Assert.True(count >= 500);
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} identities rejected:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void EveryGeneratedNearMissIsRejectedWithACounterexample()
    {
        var rng = new Random(777);
        var failures = new List<string>();
        int count = 0;
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var template in RewriteTemplates.All)
            {
                var (u, v) = RewriteTemplates.Pair(rng);
                foreach (var nearMiss in template.NearMisses)
                {
                    var (lhs, rhs) = nearMiss(u, v);
                    var result = Checker.Check(lhs, rhs);
                    count++;
                    if (result.Equivalent || result.Method != EquivalenceMethod.Counterexample)
                    {
                        failures.Add($"{template.Name}: {lhs}  vs  {rhs}: {result.Describe()}");
                        continue;
                    }
                    // The counterexample must be real: evaluate both sides there independently.
                    var point = result.Counterexample!;
                    double a = lhs.Evaluate(point), b = rhs.Evaluate(point);
                    if (a != result.ValueA || b != result.ValueB || Math.Abs(a - b) <= 1e-10 + 1e-8 * Math.Max(Math.Abs(a), Math.Abs(b)))
                        failures.Add($"{template.Name}: bad counterexample for {lhs} vs {rhs}: {result.Describe()}");
                }
            }
        }
        Assert.True(count >= 500);
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} near misses not rejected:\n" + string.Join("\n", failures.Take(10)));
    }
}
