using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Tests.Simplification;

public sealed class TogetherCancelTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    [Fact]
    public void TogetherSumOfReciprocals()
    {
        Assert.Same((X + Y) / (X * Y), (1 / X + 1 / Y).Together());
    }

    [Fact]
    public void TogetherUsesLeastCommonDenominator()
    {
        // 1/x^2 + 1/x = (1 + x)/x^2, not (x + x^2)/x^3
        Assert.Same((1 + X) / Expr.Pow(X, 2), (1 / Expr.Pow(X, 2) + 1 / X).Together());
    }

    [Fact]
    public void TogetherOfNestedFraction()
    {
        // 1/(1 + 1/x) = x/(x + 1)
        Assert.Same(X / (X + 1), (1 / (1 + 1 / X)).Together());
    }

    [Fact]
    public void CancelDifferenceOfSquares()
    {
        Assert.Same(X + 1, ((Expr.Pow(X, 2) - 1) / (X - 1)).Cancel());
    }

    [Fact]
    public void CancelSign()
    {
        Assert.Same(Expr.MinusOne, ((1 - X) / (X - 1)).Cancel());
    }

    [Fact]
    public void CancelMultivariate()
    {
        // (x^2 - y^2)/(x^2 + 2xy + y^2) = (x - y)/(x + y)
        var e = (Expr.Pow(X, 2) - Expr.Pow(Y, 2)) / (Expr.Pow(X, 2) + 2 * X * Y + Expr.Pow(Y, 2));
        Assert.Same((X - Y) / (X + Y), e.Cancel());
    }

    [Fact]
    public void CancelAfterTogether()
    {
        // x/(x-1) - 1/(x-1) = 1
        Assert.Same(Expr.One, (X / (X - 1) - 1 / (X - 1)).Cancel());
        // 1/x + 1/y stays a single fraction
        Assert.Same((X + Y) / (X * Y), (1 / X + 1 / Y).Cancel());
    }

    [Fact]
    public void CancelWithOpaqueGeneratorsAndRoots()
    {
        var s = Expr.Sin(X);
        Assert.Same(s + 1, ((Expr.Pow(s, 2) - 1) / (s - 1)).Cancel());
        // (x - 1)/(sqrt(x) - 1) = sqrt(x) + 1
        Assert.Same(Expr.Sqrt(X) + 1, ((X - 1) / (Expr.Sqrt(X) - 1)).Cancel());
    }

    [Fact]
    public void CancelInsideFunctions()
    {
        Assert.Same(Expr.Exp(X + 1), Expr.Exp((Expr.Pow(X, 2) - 1) / (X - 1)).Cancel());
    }

    [Fact]
    public void CancelKeepsRationalContentInFront()
    {
        // (2x + 2)/(4x^2 + 4x) = 1/(2x)
        var e = (2 * X + 2) / (4 * Expr.Pow(X, 2) + 4 * X);
        Assert.Same(Expr.Num(1, 2) / X, e.Cancel());
    }
}
