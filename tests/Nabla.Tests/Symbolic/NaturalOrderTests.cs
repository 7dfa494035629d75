using System.Numerics;
using CsCheck;
using Nabla.Symbolic;

namespace Nabla.Tests.Symbolic;

public sealed class NaturalOrderTests
{
    [Theory]
    [InlineData("x2", "x10")]
    [InlineData("x1", "x01")]
    [InlineData("x", "x1")]
    [InlineData("x9", "y1")]
    [InlineData("a99999999999999999999", "a100000000000000000000")]
    public void NamesCompareWithNumbersByValue(string smaller, string larger)
    {
        Assert.True(Symbol.NaturalCompare(smaller, larger) < 0);
        Assert.True(Symbol.NaturalCompare(larger, smaller) > 0);
    }

    [Fact]
    public void DigitRunsOrderAsTheirIntegerValues()
    {
        Gen.Select(Gen.ULong, Gen.ULong).Sample((p, q) =>
        {
            int expected = Math.Sign(((BigInteger)p).CompareTo(q));
            Assert.Equal(expected, Math.Sign(Symbol.NaturalCompare($"x{p}", $"x{q}")));
        }, iter: 1000);
    }
}
