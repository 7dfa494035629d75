using CsCheck;
using Nabla.Series;
using Nabla.Symbolic;

namespace Nabla.Tests.Taylor;

/// <summary>Algebraic identities between the series operations, on random rational series.</summary>
public sealed class PowerSeriesTests
{
    private static PowerSeries Random(Random rng, int order, bool nonZeroConstant)
    {
        var c = new Expr[order + 1];
        for (int k = 0; k <= order; k++) c[k] = Expr.Num(rng.Next(-7, 8), rng.Next(1, 5));
        if (nonZeroConstant && c[0].IsZero) c[0] = Expr.One;
        return new PowerSeries(c);
    }

    private static void AssertSame(PowerSeries expected, PowerSeries actual)
    {
        Assert.Equal(expected.Order, actual.Order);
        for (int k = 0; k <= expected.Order; k++) Assert.Same(expected[k], actual[k]);
    }

    [Fact]
    public void DivisionUndoesMultiplication()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var a = Random(rng, 8, false);
            var b = Random(rng, 8, true);
            AssertSame(a, PowerSeries.Divide(a * b, b));
        }, iter: 200);
    }

    [Fact]
    public void LnUndoesExp()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var a = Random(rng, 7, false).WithConstant(Expr.Zero);
            var e = a.Exp(Expr.One);
            AssertSame(a, e.Ln(Expr.Zero));
        }, iter: 200);
    }

    [Fact]
    public void RationalPowersCompose()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var a = Random(rng, 7, false).WithConstant(Expr.One);
            // (a^(1/3))^3 = a by Miller's recurrence then repeated squaring.
            AssertSame(a, a.Pow(Expr.Num(1, 3), Expr.One).PowInteger(3));
        }, iter: 200);
    }

    [Fact]
    public void SinSquaredPlusCosSquaredIsOne()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var a = Random(rng, 7, false).WithConstant(Expr.Zero);
            var (sin, cos) = a.SinCos(Expr.Zero, Expr.One, hyperbolic: false);
            AssertSame(PowerSeries.Const(Expr.One, 7), sin * sin + cos * cos);
        }, iter: 200);
    }
}
