using Nabla.Symbolic;

namespace Nabla.Tests.Integration;

/// <summary>
/// Derivatives printed the way a textbook prints them. The expected strings were written by hand from the rules
/// (product, quotient, chain, power), not copied from Nabla's output.
/// </summary>
public sealed class TextbookDerivativeTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");

    [Theory]
    [InlineData("x^3 sin(x)", "3x^2 sin(x) + x^3 cos(x)")]           // product rule
    [InlineData("x^2 + 7 + 1/x", "2x - 1/x^2")]                       // power rule term by term
    [InlineData("e^x/x", "e^x (1/x - 1/x^2)")]                        // (e^g h)' = e^g (g' h + h')
    [InlineData("sin^3 x", "3 sin^2(x) cos(x)")]                      // chain rule on a power
    [InlineData("e^(x^2-3)", "2x e^(x^2 - 3)")]                       // chain rule through exp
    [InlineData("sqrt(x)", "1/(2 sqrt(x))")]                          // power rule, n = 1/2
    [InlineData("(x+2)(3x-3)", "6x + 3")]                             // product rule, collected
    [InlineData("tan x", "sec^2(x)")]                                 // table row
    [InlineData("e^(sin(x^2))", "2x cos(x^2) e^(sin(x^2))")]          // chain rule twice
    public void DerivativeIsPrintedAsATextbookWouldPrintIt(string input, string expected)
    {
        var derivative = Calculus.Diff(Expr.Parse(input), X);
        Assert.Equal(expected, derivative.ToHuman());
    }

    [Theory]
    [InlineData("x^3 sin(x)")]
    [InlineData("e^x/x")]
    [InlineData("e^(sin(x^2))")]
    [InlineData("(x+2)(3x-3)")]
    public void HumanFormParsesBackToTheSameFunction(string input)
    {
        var derivative = Calculus.Diff(Expr.Parse(input), X);
        var reparsed = Expr.Parse(derivative.ToHuman());
        foreach (var x in new[] { 0.3, 1.1, 2.7 })
            Assert.Equal(derivative.Evaluate(("x", x)), reparsed.Evaluate(("x", x)), 12);
    }
}
