using CsCheck;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.Symbolic;

/// <summary>
/// Canonical form is a fixed point: rebuilding any node from its own children through the public factories gives
/// back the same interned object. If construction ever produced a non-canonical node, equal expressions could be
/// different objects and equality would silently break.
/// </summary>
public sealed class CanonicalInvariantTests
{
    [Fact]
    public void RebuildingFromArgsIsTheIdentity()
    {
        RandomExpressions.Any(5).Sample(e =>
        {
            var stack = new Stack<Expr>();
            var seen = new HashSet<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!seen.Add(node)) continue;
                Assert.Same(node, node.WithArgs(node.Args));
                foreach (var a in node.Args) stack.Push(a);
            }
        }, iter: 1000);
    }

    [Fact]
    public void SumsAndProductsDoNotDependOnOperandOrder()
    {
        Gen.Select(RandomExpressions.Any(3), RandomExpressions.Any(3), RandomExpressions.Any(3)).Sample((a, b, c) =>
        {
            Assert.Same(Expr.Add(a, b, c), Expr.Add(c, a, b));
            Assert.Same(Expr.Mul(a, b, c), Expr.Mul(b, c, a));
            Assert.Same(Expr.Add(Expr.Add(a, b), c), Expr.Add(a, Expr.Add(b, c)));
        }, iter: 1000);
    }

    [Fact]
    public void CanonicalFormsEvaluateLikeTheOperationsTheyStandFor()
    {
        Gen.Select(RandomExpressions.Any(3), RandomExpressions.Any(3), Gen.Int).Sample((a, b, seed) =>
        {
            var point = RandomExpressions.Point(new Random(seed));
            double va = a.Evaluate(point), vb = b.Evaluate(point);
            if (!double.IsFinite(va) || !double.IsFinite(vb)) return;
            double sum = (a + b).Evaluate(point), product = (a * b).Evaluate(point);
            Assert.True(RandomExpressions.Close(sum, va + vb, 1e-9, 1e-9 * (Math.Abs(va) + Math.Abs(vb) + 1)), $"{a} + {b}");
            Assert.True(RandomExpressions.Close(product, va * vb, 1e-9, 1e-12), $"({a}) * ({b})");
        }, iter: 1000);
    }
}
