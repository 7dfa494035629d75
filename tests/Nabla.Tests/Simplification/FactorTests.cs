using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Tests.Simplification;

public sealed class FactorTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    [Fact]
    public void DifferenceOfSquares()
    {
        Assert.Same((X - 1) * (X + 1), (Expr.Pow(X, 2) - 1).Factor());
    }

    [Fact]
    public void PerfectCube()
    {
        var e = Expr.Pow(X, 3) - 3 * Expr.Pow(X, 2) + 3 * X - 1;
        Assert.Same(Expr.Pow(X - 1, 3), e.Factor());
        var r = Simplifier.FactorWithContent(e);
        Assert.Equal(Rational.One, r.Content);
        Assert.Equal([(X - 1, 3)], r.Factors);
    }

    [Fact]
    public void RationalContentIsReportedSeparately()
    {
        var r = Simplifier.FactorWithContent(6 * X + 3);
        Assert.Equal(new Rational(3), r.Content);
        Assert.Equal([(2 * X + 1, 1)], r.Factors);
        // The canonical form distributes 3 over the sum again (documented limitation).
        Assert.Same(6 * X + 3, r.ToExpr());
    }

    [Fact]
    public void CommonMonomialOfMultivariatePolynomial()
    {
        var e = Expr.Pow(X, 2) * Y + X * Expr.Pow(Y, 2);
        Assert.Same(X * Y * (X + Y), e.Factor());
    }

    [Fact]
    public void RationalRootsGiveLinearFactors()
    {
        // 2x^2 - 3x + 1 = (x - 1)(2x - 1); x^3 - x = x(x - 1)(x + 1)
        Assert.Same((X - 1) * (2 * X - 1), (2 * Expr.Pow(X, 2) - 3 * X + 1).Factor());
        Assert.Same(X * (X - 1) * (X + 1), (Expr.Pow(X, 3) - X).Factor());
    }

    [Fact]
    public void SquareFreePartsAndIrreducibleQuadratics()
    {
        // (x^2 + 1)^2 (x - 2) expanded; x^2 + 1 has no rational root and stays
        var e = (Expr.Pow(Expr.Pow(X, 2) + 1, 2) * (X - 2)).Expand();
        Assert.Same(Expr.Pow(Expr.Pow(X, 2) + 1, 2) * (X - 2), e.Factor());
    }

    [Fact]
    public void ContentInAnotherVariable()
    {
        // x y + x + y + 1 = (x + 1)(y + 1)
        var e = X * Y + X + Y + 1;
        Assert.Same((X + 1) * (Y + 1), e.Factor());
    }

    [Fact]
    public void RationalFunctionFactorsNumeratorAndDenominator()
    {
        var e = (Expr.Pow(X, 2) - 1) / (Expr.Pow(X, 2) + 2 * X);
        Assert.Same((X - 1) * (X + 1) / (X * (X + 2)), e.Factor());
    }

    [Fact]
    public void NegativeLeadingCoefficientGoesToContent()
    {
        var r = Simplifier.FactorWithContent(1 - Expr.Pow(X, 2));
        Assert.Equal(Rational.MinusOne, r.Content);
        Assert.Equal([(X - 1, 1), (X + 1, 1)], r.Factors);
    }

    [Fact]
    public void FactoredProductExpandsBackToInput()
    {
        var rng = new Random(7);
        for (int i = 0; i < 40; i++)
        {
            // random product of small linear and quadratic factors, expanded, factored, expanded again
            var f = Expr.One;
            for (int k = rng.Next(1, 4); k > 0; k--)
                f *= rng.Next(2) == 0 ? rng.Next(1, 4) * X + rng.Next(-3, 4) : Expr.Pow(X, 2) + rng.Next(1, 3) * Y;
            var expanded = f.Expand();
            Assert.Same(expanded, expanded.Factor().Expand());
        }
    }
}
