using CsCheck;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

public sealed class RootsAllRealTests
{
    private static readonly Expr X = Expr.Sym("x");

    [Fact]
    public void FindsEveryRootOfPolynomialsBuiltFromTheirRoots()
    {
        // Distinct roots k/4 in [−4, 4], at least 0.25 apart, some of them doubled.
        var gen = Gen.Select(Gen.Int[-16, 16].Array[1, 5].Where(a => a.Distinct().Count() == a.Length), Gen.Int[0, 31]);
        gen.Sample((quarters, doubledMask) =>
        {
            var expected = quarters.Select((k, i) => (X: k / 4.0, M: (doubledMask >> i & 1) == 1 ? 2 : 1)).OrderBy(p => p.X).ToArray();
            var f = expected.Aggregate((Expr)1, (p, r) => p * Expr.Pow(X - Expr.Num((int)(r.X * 4), 4), r.M));
            var found = Roots.AllRealRoots(f, -5, 5);
            Assert.True(expected.Length == found.Count, $"{f}: expected {string.Join(", ", expected)}, found {string.Join(", ", found)}");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(found[i].X - expected[i].X) <= 1e-8, $"{f}: {found[i]} vs {expected[i]}");
                Assert.Equal(expected[i].M, found[i].Multiplicity);
            }
        }, iter: 200);
    }

    [Fact]
    public void DoubleAndTripleRootsGetTheirMultiplicity()
    {
        var f = Expr.Pow(X - 1, 2) * (X + 2) * Expr.Pow(X - Expr.Num(1, 2), 3) * (X - 3);
        var found = Roots.AllRealRoots(f, -4, 4);
        Assert.Equal(new[] { -2, 0.5, 1, 3 }, found.Select(r => Math.Round(r.X, 4)));
        Assert.Equal(new[] { 1, 3, 2, 1 }, found.Select(r => r.Multiplicity));
        Assert.Equal(1, found[2].X, 12); // the touching root sits at a stationary point located by f'
    }

    [Fact]
    public void ExpandedPolynomialsAsALearnerTypesThem()
    {
        // x³ − 3x + 2 = (x − 1)²(x + 2) and x⁴ − 2x² + 1 = (x² − 1)², factored by hand.
        var cubic = Roots.AllRealRoots(Expr.Parse("x^3 - 3*x + 2"), -10, 10);
        Assert.Equal(new[] { -2.0, 1.0 }, cubic.Select(r => Math.Round(r.X, 9)));
        Assert.Equal(new[] { 1, 2 }, cubic.Select(r => r.Multiplicity));
        var quartic = Roots.AllRealRoots(Expr.Parse("x^4 - 2*x^2 + 1"), -10, 10);
        Assert.Equal(new[] { -1.0, 1.0 }, quartic.Select(r => Math.Round(r.X, 9)));
        Assert.Equal(new[] { 2, 2 }, quartic.Select(r => r.Multiplicity));
        var quintic = Roots.AllRealRoots(Expr.Parse("x^5"), -1, 2);
        Assert.Equal(5, Assert.Single(quintic).Multiplicity);
    }

    [Fact]
    public void SineHasItsRootsAtMultiplesOfPi()
    {
        var found = Roots.AllRealRoots(Expr.Sin(X), -10, 10);
        Assert.Equal(7, found.Count);
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal((i - 3) * Math.PI, found[i].X, 12);
            Assert.Equal(1, found[i].Multiplicity);
        }
    }

    [Fact]
    public void TouchingRootsOfSinePlusOne()
    {
        // 1 + sin x = 0 exactly where sin x = −1: x = −π/2 + 2kπ, each a double root (f ≥ 0 touches zero).
        var found = Roots.AllRealRoots(1 + Expr.Sin(X), -10, 10);
        double[] expected = [-Math.PI / 2 - 2 * Math.PI, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI];
        Assert.Equal(expected.Length, found.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], found[i].X, 7);
            Assert.Equal(2, found[i].Multiplicity);
        }
    }

    [Fact]
    public void PolesAreNotRoots()
    {
        // tan x on [−2, 2]: one root (0) and two poles (±π/2) where the sign also changes.
        var found = Roots.AllRealRoots(Expr.Call(MathFunction.Tan, X), -2, 2);
        var root = Assert.Single(found);
        Assert.Equal(0, root.X, 14);
    }

    [Fact]
    public void NoRealRootsGivesAnEmptyList()
    {
        Assert.Empty(Roots.AllRealRoots(X * X + 1, -10, 10));
        Assert.Empty(Roots.AllRealRoots(Expr.Exp(X), -10, 10));
    }

    [Fact]
    public void RootsOnlyWhereFIsDefined()
    {
        // ln x on [−1, 3]: undefined for x ≤ 0, one root at 1.
        var root = Assert.Single(Roots.AllRealRoots(Expr.Ln(X), -1, 3));
        Assert.Equal(1, root.X, 13);
    }
}
