using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Tests.Parsing;

/// <summary>Each case compares the parser's result with an expression built independently from the factories.</summary>
public sealed class ParserTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");
    private static readonly Expr Z = Expr.Sym("z");

    private static Expr P(string text) => Expr.Parse(text);
    private static Expr S(string text) => Expr.Parse(text, ParseOptions.SplitLetters);
    private static Expr Sym(string name) => Expr.Sym(name);
    private static Expr Call(MathFunction f, Expr a) => Expr.Call(f, a);

    // ---- numbers -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0", 0, 1)]
    [InlineData("42", 42, 1)]
    [InlineData("0.1", 1, 10)]
    [InlineData("2.50", 5, 2)]
    [InlineData(".5", 1, 2)]
    [InlineData("1.", 1, 1)]
    [InlineData("1.5e-3", 3, 2000)]
    [InlineData("2E10", 20_000_000_000, 1)]
    [InlineData("2e+3", 2000, 1)]
    [InlineData("1.25E2", 125, 1)]
    [InlineData("007", 7, 1)]
    public void NumbersAreExactRationals(string text, long numerator, long denominator) =>
        Assert.Same(Expr.Num(numerator, denominator), P(text));

    [Fact]
    public void HugeLiteralsStayExact()
    {
        string digits = "123456789012345678901234567890123456789012345678901234567890";
        Assert.Same(Expr.Num(System.Numerics.BigInteger.Parse(digits)), P(digits));
        Assert.Same(Expr.Num(System.Numerics.BigInteger.Pow(10, 400)), P("1e400"));
        Assert.Same(Expr.Num(1, System.Numerics.BigInteger.Pow(10, 30)), P("0.000000000000000000000000000001"));
    }

    [Fact]
    public void LetterEAfterANumberIsEulersConstantUnlessDigitsFollow()
    {
        Assert.Same(2 * Expr.E, P("2e"));
        Assert.Same(2 * Expr.Exp(X), P("2e^x"));
        Assert.Same(2 * Expr.E - X, P("2e-x"));
        Assert.Same(Expr.Num(1, 100), P("1e-2"));
        Assert.Same(1000 * X, P("1e3x"));
    }

    // ---- names and constants -------------------------------------------------------------------------------

    [Fact]
    public void VariablesKeepTheirNames()
    {
        Assert.Same(X, P("x"));
        Assert.Same(Sym("y2"), P("y2"));
        Assert.Same(Sym("x_1"), P("x_1"));
        Assert.Same(Sym("x_12"), P("x_{12}"));
        Assert.Same(Sym("x_12"), P("x_12"));
        Assert.Same(Sym("rate"), P("rate"));
        Assert.Same(Sym("E"), P("E"));
        Assert.Same(Sym("w_ij"), P("w_{ij}"));
    }

    [Fact]
    public void GreekLettersAndNamesAreTheSameVariable()
    {
        Assert.Same(Sym("theta"), P("θ"));
        Assert.Same(Sym("theta"), P("theta"));
        Assert.Same(Sym("alpha") * X, P("α x"));
        Assert.Same(Sym("lambda") + Sym("mu"), P("λ+μ"));
        Assert.Same(Sym("omega_1"), P("ω_1"));
        Assert.Same(Sym("theta1"), P("θ1"));
        Assert.Same(Sym("Delta") * X, P("Δx"));
        Assert.Same(Sym("eta") * Sym("x"), P("η x"));
    }

    [Fact]
    public void SigmaGlyphBeforeParenthesisIsSigmoid()
    {
        Assert.Same(Call(MathFunction.Sigmoid, Z), P("σ(z)"));
        Assert.Same(Call(MathFunction.Sigmoid, Z), P("sigmoid(z)"));
        Assert.Same(Expr.Pow(Sym("sigma"), 2), P("σ^2"));
        Assert.Same(Sym("sigma") * X, P("σ x"));
        Assert.Same(Sym("sigma") * (X + 1), P("sigma(x+1)"));
    }

    [Fact]
    public void ConstantsPiAndE()
    {
        Assert.Same(Expr.Pi, P("pi"));
        Assert.Same(Expr.Pi, P("π"));
        Assert.Same(Expr.E, P("e"));
        Assert.Same(2 * Expr.Pi, P("2pi"));
        Assert.Same(2 * Expr.Pi * X, P("2πx"));
        Assert.Same(Expr.Exp(X), P("e^x"));
    }

    // ---- operators and precedence --------------------------------------------------------------------------

    [Fact]
    public void BinaryOperators()
    {
        Assert.Same(Expr.Add(X, Y), P("x+y"));
        Assert.Same(Expr.Subtract(X, Y), P("x - y"));
        Assert.Same(Expr.Mul(X, Y), P("x*y"));
        Assert.Same(Expr.Divide(X, Y), P("x/y"));
        Assert.Same(Expr.Pow(X, Y), P("x^y"));
        Assert.Same(Expr.Pow(X, Y), P("x**y"));
        Assert.Same(Expr.Num(8), P("2**3"));
    }

    [Fact]
    public void PowerIsRightAssociativeAndBindsTighterThanUnaryMinus()
    {
        Assert.Same(Expr.Num(512), P("2^3^2"));
        Assert.Same(-Expr.Pow(X, 2), P("-x^2"));
        Assert.Same(Expr.Pow(X, -2), P("x^-2"));
        Assert.Same(Expr.Pow(2, -Expr.Pow(X, 2)), P("2^-x^2"));
        Assert.Same(Expr.Num(-8), P("-2^3"));
        Assert.Same(Expr.Num(4), P("(-2)^2"));
        Assert.Same(X, P("--x"));
        Assert.Same(-X, P("+-+x"));
        Assert.Same(Expr.Pow(X, Expr.Pow(Y, Z)), P("x^y^z"));
    }

    [Fact]
    public void DivisionAndImplicitMultiplicationShareALevelLeftToRight()
    {
        Assert.Same(Expr.Num(1, 2) * X, P("1/2x"));
        Assert.Same(Expr.Num(1, 2) * X, P("1/2*x"));
        Assert.Same(Expr.Divide(X, Y) * Z, P("x/y*z"));
        Assert.Same(Expr.Divide(Expr.Divide(X, Y), Z), P("x/y/z"));
        Assert.Same(Expr.Divide(1, 2 * X), P("1/(2x)"));
        Assert.Same(X - Y * Z, P("x-y*z"));
        Assert.Same((X - Y) * Z, P("(x-y)*z"));
        Assert.Same(X * -Y, P("x*-y"));
    }

    [Fact]
    public void BracketsGroupLikeParentheses()
    {
        Assert.Same(2 * (X + 1), P("2[x+1]"));
        Assert.Same((X + 1) * (X - 1), P("[x+1](x-1)"));
        Assert.Same(Expr.Pow(X + Y, 2), P("[(x+y)]^2"));
    }

    // ---- implicit multiplication ---------------------------------------------------------------------------

    [Fact]
    public void ImplicitMultiplication()
    {
        Assert.Same(2 * X, P("2x"));
        Assert.Same(2 * Expr.Sin(X), P("2 sin(x)"));
        Assert.Same(Expr.Mul(X + 1, X - 1), P("(x+1)(x-1)"));
        Assert.Same(X * Y, P("x y"));
        Assert.Same(3 * X + 3, P("3(x+1)"));
        Assert.Same(Expr.Mul(X, X + 1), P("x(x+1)"));
        Assert.Same(X * Expr.Sin(X), P("x sin x"));
        Assert.Same(Sym("x_1") * (X + 1), P("x_1(x+1)"));
        Assert.Same(Sym("theta") * (X + 1), P("theta(x+1)"));
        Assert.Same(Expr.Mul(Sym("x2"), Y), P("x2 y"));
        Assert.Same(2 * Expr.Pow(X, 2), P("2x^2"));
        Assert.Same(Expr.Mul(Expr.Sqrt(2), X), P("√2x"));
    }

    [Fact]
    public void DefaultModeKeepsMultiLetterNames()
    {
        Assert.Same(Sym("xy"), P("xy"));
        Assert.Same(2 * Sym("xy"), P("2xy"));
        Assert.Same(Sym("rate") * Sym("time"), P("rate*time"));
    }

    // ---- functions -----------------------------------------------------------------------------------------

    [Fact]
    public void EveryTableFunctionParsesByName()
    {
        foreach (var row in FunctionTable.All)
            Assert.Same(Expr.Call(row.Function, X + Y), P($"{row.Name}(x+y)"));
    }

    [Fact]
    public void FunctionAliases()
    {
        Assert.Same(Call(MathFunction.Asin, X), P("arcsin(x)"));
        Assert.Same(Call(MathFunction.Acos, X), P("arccos(x)"));
        Assert.Same(Call(MathFunction.Atan, X), P("arctan(x)"));
        Assert.Same(Call(MathFunction.Sign, X), P("sgn(x)"));
        Assert.Same(Expr.Sqrt(X), P("sqrt(x)"));
        Assert.Same(Expr.Pow(X, Expr.Num(1, 3)), P("cbrt(x)"));
        Assert.Same(Expr.Ln(X), P("ln(x)"));
        Assert.Same(Expr.Ln(X), P("log(x)"));
    }

    [Fact]
    public void LogarithmsToOtherBases()
    {
        Assert.Same(Expr.Ln(X) / Expr.Ln(Y), P("log(x, y)"));
        Assert.Same(Expr.Ln(X) / Expr.Ln(10), P("log10(x)"));
        Assert.Same(Expr.Ln(X) / Expr.Ln(10), P("log(x, 10)"));
        Assert.Same(Expr.Ln(X) / Expr.Ln(2), P("log2(x)"));
        Assert.Same(Expr.Ln(X) / Expr.Ln(2), P("log_2(x)"));
        Assert.Same(Expr.Ln(X) / Expr.Ln(10), P("log_{10} x"));
        Assert.Same(Expr.Ln(X) / Expr.Ln(Sym("b")), P("log_b(x)"));
    }

    [Fact]
    public void FunctionPowersApplyToTheValue()
    {
        var sinSquared = Expr.Pow(Expr.Sin(X), 2);
        Assert.Same(sinSquared, P("sin^2(x)"));
        Assert.Same(sinSquared, P("sin^2 x"));
        Assert.Same(sinSquared, P("sin²x"));
        Assert.Same(sinSquared, P("sin(x)^2"));
        Assert.Same(sinSquared, P("sin(x)²"));
        Assert.Same(Expr.Pow(Expr.Cos(2 * X), 3), P("cos^3(2x)"));
    }

    [Fact]
    public void BareFunctionArgumentIsTheFollowingFactorRun()
    {
        Assert.Same(Expr.Sin(2 * X), P("sin 2x"));
        Assert.Same(Expr.Sin(Expr.Pow(X, 2)), P("sin x^2"));
        Assert.Same(Expr.Sin(X) * Expr.Cos(X), P("sin x cos x"));
        Assert.Same(Expr.Sin(X) + 1, P("sin x + 1"));
        Assert.Same(Expr.Sin(X) / 2, P("sin x/2"));
        Assert.Same(Expr.Sin(X * Y), P("sin x y"));
        Assert.Same(Expr.Sin(Expr.Cos(X)), P("sin cos x"));
        Assert.Same(Expr.Ln(Expr.Ln(X)), P("ln ln x"));
        Assert.Same(Expr.Sin(2 * Expr.Pi * X), P("sin 2πx"));
        Assert.Same(Expr.Exp(Expr.Sin(X)), P("e^sin x"));
        Assert.Same(Expr.Mul(Expr.Exp(2), X), P("e^2x"));
        Assert.Same(Expr.Sqrt(X) * Y, P("sqrt x * y"));
        Assert.Same(Expr.Sin(Expr.Mul(X, X + 1)), P("sin x(x+1)"));
        Assert.Same(Expr.Sin(Expr.Pow(X, 2)), P("sin x²"));
    }

    [Fact]
    public void AbsoluteValueBars()
    {
        var absX = Call(MathFunction.Abs, X);
        Assert.Same(absX, P("|x|"));
        Assert.Same(2 * absX, P("2|x|"));
        Assert.Same(Call(MathFunction.Abs, X - 1), P("|x-1|"));
        Assert.Same(absX * Call(MathFunction.Abs, Y), P("|x||y|"));
        Assert.Same(absX * Call(MathFunction.Abs, Y), P("|x| |y|"));
        Assert.Same(Call(MathFunction.Abs, Call(MathFunction.Abs, X) - 1), P("||x|-1|"));
        Assert.Same(Call(MathFunction.Abs, X + Call(MathFunction.Abs, Y)), P("|x + |y||"));
        Assert.Same(Expr.Pow(absX, 2), P("|x|^2"));
        Assert.Same(Call(MathFunction.Abs, Expr.Mul(X, Call(MathFunction.Abs, Y))), P("|x(|y|)|"));
        Assert.Same(Call(MathFunction.Abs, Expr.Sin(X)), P("|sin x|"));
        Assert.Same(Call(MathFunction.Abs, X), P("abs(x)"));
    }

    // ---- unicode -------------------------------------------------------------------------------------------

    [Fact]
    public void UnicodeOperatorsAndSuperscripts()
    {
        Assert.Same(Expr.Pow(X, 2), P("x²"));
        Assert.Same(Expr.Pow(X, 3) + 1, P("x³+1"));
        Assert.Same(Expr.Pow(X, -1), P("x⁻¹"));
        Assert.Same(Expr.Pow(X, 10), P("x¹⁰"));
        Assert.Same(Expr.Pow(2 * X, 2), P("(2x)²"));
        Assert.Same(Expr.Sqrt(X), P("√x"));
        Assert.Same(Expr.Sqrt(X + 1), P("√(x+1)"));
        Assert.Same(Expr.Sqrt(Expr.Pow(X, 2)), P("√x^2"));
        Assert.Same(Expr.Pow(X, Expr.Num(1, 3)), P("∛x"));
        Assert.Same(X * Y, P("x·y"));
        Assert.Same(X * Y, P("x×y"));
        Assert.Same(X - Y, P("x−y"));
        Assert.Same(X / Y, P("x÷y"));
        Assert.Same(2 * Expr.Pi, P("2·π"));
    }

    // ---- split mode ----------------------------------------------------------------------------------------

    [Fact]
    public void SplitModeSplitsUnknownLetterRuns()
    {
        Assert.Same(X * Y, S("xy"));
        Assert.Same(2 * X * Y, S("2xy"));
        Assert.Same(X * Y * Z, S("xyz"));
        Assert.Same(Expr.Sym("a") * Expr.Sym("b") * (X + 1), S("ab(x+1)"));
        Assert.Same(Expr.Pow(X, 2) * Y, S("x^2y"));
    }

    [Fact]
    public void SplitModeStillRecognisesFunctionsConstantsAndGreekNames()
    {
        Assert.Same(X * Expr.Sin(X), S("xsin(x)"));
        Assert.Same(Expr.Sin(X), S("sinx"));
        Assert.Same(Call(MathFunction.Sinh, X), S("sinhx"));
        Assert.Same(2 * Expr.Pi * X, S("2pix"));
        Assert.Same(Sym("theta") * X, S("thetax"));
        Assert.Same(X * Expr.Exp(X), S("xe^x"));
        Assert.Same(Expr.Exp(X) * Y, S("exp(x)y"));
        Assert.Same(Call(MathFunction.Softplus, X), S("softplus(x)"));
    }

    [Fact]
    public void SplitModeDigitsAfterALetterAreItsIndex()
    {
        Assert.Same(Sym("x1") * Sym("y2"), S("x1y2"));
        Assert.Same(Sym("x_1") * Y, S("x_1 y"));
        Assert.Same(X * Sym("y_1"), S("xy_1"));
        Assert.Same(Expr.Sin(2 * X), S("sin2x"));
    }

    // ---- whitespace ----------------------------------------------------------------------------------------

    [Fact]
    public void WhitespaceIsIgnoredBetweenTokens()
    {
        Assert.Same(X + 2 * Y, P("  x \t+\n 2 y  "));
        Assert.Same(Expr.Sin(X), P("sin ( x )"));
    }

    [Fact]
    public void TryParseReportsSuccessAndFailure()
    {
        Assert.True(Expr.TryParse("x+1", out var ok));
        Assert.Same(X + 1, ok);
        Assert.False(Expr.TryParse("x+", out var bad, out var error));
        Assert.Null(bad);
        Assert.NotNull(error);
        Assert.Equal(2, error.Position);
    }
}
