using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Checker = Nabla.Symbolic.Equivalence.Equivalence;

namespace Nabla.Tests.Integration;

public sealed class SymbolicEquivalenceTests
{
    [Theory]
    [InlineData("(x+1)^2", "x^2+2x+1")]
    [InlineData("(x+y)^3", "x^3+3x^2 y+3x y^2+y^3")]
    [InlineData("1/x + 1/y", "(x+y)/(x y)")]
    [InlineData("(x^2-1)/(x-1)", "x+1")]
    public void PolynomialAndRationalIdentitiesAreDecidedSymbolically(string a, string b)
    {
        var result = Checker.Check(Expr.Parse(a), Expr.Parse(b));
        Assert.True(result.Equivalent);
        Assert.Equal(EquivalenceMethod.Symbolic, result.Method);
    }

    [Fact]
    public void ANearMissStillGetsACounterexample()
    {
        var result = Checker.Check(Expr.Parse("(x+1)^2"), Expr.Parse("x^2+2x-1"));
        Assert.False(result.Equivalent);
        Assert.NotNull(result.Counterexample);
    }
}
