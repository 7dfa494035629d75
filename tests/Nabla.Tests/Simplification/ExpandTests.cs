using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Tests.Simplification;

public sealed class ExpandTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");
    private static readonly Expr Z = Expr.Sym("z");

    [Fact]
    public void SquareOfBinomial()
    {
        Assert.Same(Expr.Pow(X, 2) + 2 * X + 1, Expr.Pow(X + 1, 2).Expand());
    }

    [Fact]
    public void CubeOfTwoVariables()
    {
        var expected = Expr.Add(Expr.Pow(X, 3), 3 * Expr.Pow(X, 2) * Y, 3 * X * Expr.Pow(Y, 2), Expr.Pow(Y, 3));
        Assert.Same(expected, Expr.Pow(X + Y, 3).Expand());
    }

    [Fact]
    public void DifferenceOfSquares()
    {
        Assert.Same(Expr.Pow(X, 2) - 1, ((X + 1) * (X - 1)).Expand());
    }

    [Fact]
    public void NestedProductsAndPowers()
    {
        // ((x+1)^2 - x^2) * (y + 1) = (2x + 1)(y + 1) = 2xy + 2x + y + 1
        var e = (Expr.Pow(X + 1, 2) - Expr.Pow(X, 2)) * (Y + 1);
        Assert.Same(2 * X * Y + 2 * X + Y + 1, e.Expand());
    }

    [Fact]
    public void ExpandsInsideFunctionsAndDenominators()
    {
        var e = Expr.Sin(Expr.Pow(X + 1, 2)) / Expr.Pow(Y + 1, 2);
        var expected = Expr.Sin(Expr.Pow(X, 2) + 2 * X + 1) / (Expr.Pow(Y, 2) + 2 * Y + 1);
        Assert.Same(expected, e.Expand());
    }

    [Fact]
    public void DistributesOverNonPolynomialFactors()
    {
        var e = Expr.Exp(X) * (Expr.Sin(X) + 1 / X);
        Assert.Same(Expr.Exp(X) * Expr.Sin(X) + Expr.Exp(X) / X, e.Expand());
    }

    [Fact]
    public void MultinomialCoefficientsMatchCounting()
    {
        // (x+y+z)^4 has C(6,2) = 15 terms; the coefficient of x y z^2 is 4!/(1!1!2!) = 12.
        var expanded = Expr.Pow(X + Y + Z, 4).Expand();
        var sum = Assert.IsType<Sum>(expanded);
        Assert.Equal(15, sum.Terms.Count);
        var term = sum.Terms.Single(t => t.Term == X * Y * Expr.Pow(Z, 2));
        Assert.Equal(new Rational(12), term.Coefficient);
    }

    [Fact]
    public void HugePowerFailsFastWithBudgetExceeded()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<BudgetExceededException>(() => Expr.Pow(X + Y + Z, 200).Expand());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"took {started.Elapsed}");
    }

    [Fact]
    public void LargeProductOfSumsRespectsMaxNodes()
    {
        var small = new SimplifyOptions { MaxNodes = 100 };
        Assert.Throws<BudgetExceededException>(() => Simplifier.Expand((X + Y + Z + 1) * (X - Y + Z - 1) * (X + 2 * Y - Z + 3), small));
    }
}
