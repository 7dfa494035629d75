using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Tests.Simplification;

public sealed class PolynomialTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");
    private static Budget NewBudget() => new(SimplifyOptions.Default);

    private static Poly[] Convert(params Expr[] exprs) =>
        PolynomialConverter.TryConvert(exprs, NewBudget()) ?? throw new InvalidOperationException("not polynomial");

    [Fact]
    public void RoundTripsThroughExpressions()
    {
        var e = (Expr.Pow(X + Expr.Sin(Y), 3) * (Expr.Sqrt(X) + 2)).Expand();
        var p = Convert(e)[0];
        Assert.Same(e, p.ToExpr());
        Assert.Null(PolynomialConverter.TryConvert([1 / X], NewBudget()));
    }

    [Fact]
    public void UnivariateGcd()
    {
        var ps = Convert((X - 1) * Expr.Pow(X + 2, 2), (X + 2) * (X - 3));
        Assert.Same(X + 2, Poly.Gcd(ps[0], ps[1]).ToExpr());
    }

    [Fact]
    public void MultivariateGcd()
    {
        var ps = Convert(((X + Y) * (X - Y) * (X * Y + 1)).Expand(), (Expr.Pow(X + Y, 2) * (X * Y + 1)).Expand());
        Assert.Same(((X + Y) * (X * Y + 1)).Expand(), Poly.Gcd(ps[0], ps[1]).ToExpr());
        var coprime = Convert(X + Y, X - Y);
        Assert.True(Poly.Gcd(coprime[0], coprime[1]).IsOne);
    }

    [Fact]
    public void DivisionWithRemainderSatisfiesTheDivisionIdentity()
    {
        var coefficients = Gen.Int[-9, 9].Array[1, 7];
        Gen.Select(coefficients, coefficients).Sample((a, b) =>
        {
            if (b.All(c => c == 0)) return;
            var ea = Expr.Add(a.Select((c, i) => c * Expr.Pow(X, i)));
            var eb = Expr.Add(b.Select((c, i) => c * Expr.Pow(X, i)));
            // Converting x itself alongside keeps x a generator of the ring even when both inputs are constants.
            var ps = Convert(ea, eb, X);
            var (pa, pb) = (ps[0], ps[1]);
            var (q, r) = pa.DivRem(pb, 0);
            Assert.True(q.Multiply(pb).Add(r).Subtract(pa).IsZero);
            Assert.True(r.IsZero || r.Degree(0) < pb.Degree(0));
        }, iter: 300);
    }

    [Fact]
    public void DerivativeMatchesPowerRule()
    {
        var p = Convert(Expr.Pow(X, 5) * Y + 3 * Expr.Pow(X, 2))[0];
        Assert.Same(5 * Expr.Pow(X, 4) * Y + 6 * X, p.Derivative(0).ToExpr());
    }

    [Fact]
    public void SquareFreeDecompositionMultipliesBack()
    {
        var e = (Expr.Pow(X - 1, 3) * Expr.Pow(X + 2, 2) * (Expr.Pow(X, 2) + 1)).Expand();
        var p = Convert(e)[0];
        var parts = new Factorizer(NewBudget()).SquareFree(p, 0);
        Assert.Equal([1, 2, 3], parts.Select(s => s.Multiplicity));
        Assert.Same(Expr.Pow(X, 2) + 1, parts[0].Factor.ToExpr());
        Assert.Same(X + 2, parts[1].Factor.ToExpr());
        Assert.Same(X - 1, parts[2].Factor.ToExpr());
    }

    [Fact]
    public void GeneratorsWithRootsShareOneVariable()
    {
        var ps = Convert(X - 1, Expr.Sqrt(X) - 1);
        Assert.Single(ps[0].Ring.Generators);
        Assert.Same(Expr.Sqrt(X), ps[0].Ring.Generators[0]);
        Assert.Same(Expr.Sqrt(X) + 1, ps[0].ExactDivide(ps[1])!.ToExpr());
    }
}
