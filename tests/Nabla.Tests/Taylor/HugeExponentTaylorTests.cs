using Nabla.Symbolic;

namespace Nabla.Tests.Taylor;

/// <summary>A huge exponent (beyond int) must give a series or a clear engine error, never an OverflowException.</summary>
public sealed class HugeExponentTaylorTests
{
    [Theory]
    [InlineData("x^(10^10)")]
    [InlineData("x^(10^10) + y")]
    public void HugeIntegerExponentsNeverOverflow(string text)
    {
        var f = Expr.Parse(text);
        var about = f.FreeSymbols.ToDictionary(s => s, _ => (Expr)Expr.Num(1));
        Exception? single = f.FreeSymbols.Count == 1 ? Record.Exception(() => Calculus.Taylor(f, f.FreeSymbols[0], Expr.Num(1), 2)) : null;
        Exception? multi = Record.Exception(() => Calculus.Taylor(f, about, 2));
        foreach (var e in new[] { single, multi })
            Assert.True(e is null or SymbolicException, $"expected a series or a SymbolicException, got {e}");
    }
}
