using System.Numerics;
using CsCheck;
using Nabla.Symbolic;

namespace Nabla.Tests.Symbolic;

public sealed class RationalTests
{
    [Fact]
    public void ArithmeticAgreesWithCrossMultiplication()
    {
        var gen = Gen.Select(Gen.Long[-1000, 1000], Gen.Long[1, 1000], Gen.Long[-1000, 1000], Gen.Long[1, 1000]);
        gen.Sample((a, b, c, d) =>
        {
            var p = new Rational(a, b);
            var q = new Rational(c, d);
            // (a/b + c/d) * b*d == a*d + c*b, computed in BigInteger independently.
            var sum = p + q;
            Assert.Equal((BigInteger)a * d + (BigInteger)c * b, sum.Numerator * b * d / sum.Denominator);
            var product = p * q;
            Assert.Equal((BigInteger)a * c * product.Denominator, product.Numerator * b * d);
            Assert.Equal(1, (int)BigInteger.GreatestCommonDivisor(sum.Numerator, sum.Denominator) | (sum.IsZero ? 1 : 0));
            Assert.True(sum.Denominator.Sign > 0);
        }, iter: 1000);
    }

    [Fact]
    public void DefaultValueIsZero()
    {
        Rational r = default;
        Assert.True(r.IsZero);
        Assert.Equal(BigInteger.One, r.Denominator);
        Assert.Equal(Rational.Zero, r);
    }

    [Fact]
    public void ToDoubleIsAccurateForHugeNumeratorAndDenominator()
    {
        var big = BigInteger.Pow(10, 400);
        var r = new Rational(big + 1, 3 * big);
        Assert.Equal(1.0 / 3.0, r.ToDouble(), 15);
    }

    [Fact]
    public void DivisionByZeroIsReported()
    {
        Assert.Throws<DivideByZeroException>(() => Rational.One / Rational.Zero);
    }
}
