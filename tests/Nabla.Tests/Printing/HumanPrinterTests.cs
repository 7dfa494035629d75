using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Printing;
using Nabla.Tests.Support;

namespace Nabla.Tests.Printing;

public sealed class HumanPrinterTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    private static Expr Sin(Expr a) => Expr.Sin(a);
    private static Expr Cos(Expr a) => Expr.Cos(a);
    private static Expr Exp(Expr a) => Expr.Exp(a);
    private static Expr Ln(Expr a) => Expr.Ln(a);
    private static Expr Sec(Expr a) => Expr.Call(MathFunction.Sec, a);

    public static TheoryData<Expr, string> TeacherExamples => new()
    {
        { 3 * (X ^ 2) * Sin(X) + (X ^ 3) * Cos(X), "3x^2 sin(x) + x^3 cos(x)" },
        { 2 * X - 1 / (X ^ 2), "2x - 1/x^2" },
        { Exp(X) / X - Exp(X) / (X ^ 2), "e^x/x - e^x/x^2" },
        { 3 * (Sin(X) ^ 2) * Cos(X), "3 sin^2(x) cos(x)" },
        { 2 * X * Exp((X ^ 2) - 3), "2x e^(x^2 - 3)" },
        { 1 / (2 * Expr.Sqrt(X)), "1/(2 sqrt(x))" },
        { 6 * X + 3, "6x + 3" },
        { Sec(X) ^ 2, "sec^2(x)" },
        { 2 * X * Cos(X ^ 2) * Exp(Sin(X ^ 2)), "2x cos(x^2) e^(sin(x^2))" },
        { -Sin(X), "-sin(x)" },
        { X / 2, "x/2" },
        { (X + 1) / (X ^ 2), "(x + 1)/x^2" },
        { (X ^ 2) + 2 * X + 1, "x^2 + 2x + 1" },
    };

    [Theory]
    [MemberData(nameof(TeacherExamples))]
    public void PrintsWhatATeacherWrites(Expr e, string expected) => Assert.Equal(expected, HumanPrinter.Print(e));

    public static TheoryData<Expr, string> EdgeCases => new()
    {
        // ordering: descending degree, constant last, graded lexicographic for several variables
        { 1 + X + (X ^ 2) + (X ^ 3), "x^3 + x^2 + x + 1" },
        { (Y ^ 2) + (X ^ 2) + 2 * X * Y, "x^2 + 2x y + y^2" },
        { Sin(X) + X, "x + sin(x)" },
        { Cos(X) - X * Sin(X), "cos(x) - x sin(x)" }, // a positive term moves to the front
        { (X ^ 3) * Sin(X) - 2 * Cos(X), "x^3 sin(x) - 2 cos(x)" },
        { 1 - (Expr.Call(MathFunction.Tanh, X) ^ 2), "1 - tanh^2(x)" },
        { X - (X ^ 3), "x - x^3" },
        { X * Exp(X) + Exp(X), "x e^x + e^x" },
        // negative leading term, no "+ -"
        { 1 - X, "1 - x" },
        { -1 - X, "-x - 1" },
        { -X - Y, "-x - y" },
        { -3 * (X ^ 2), "-3x^2" },
        { Expr.Num(-5), "-5" },
        // rational coefficients
        { Expr.Num(3, 2) * (X ^ 2), "3x^2/2" },
        { -X / 3, "-x/3" },
        { Expr.Num(1, 2), "1/2" },
        { X + Expr.Num(1, 2), "x + 1/2" },
        { 2 * X / 3 - Expr.Num(1, 2), "2x/3 - 1/2" },
        { Expr.Num(2, 3) / X, "2/(3x)" },
        // nested fractions and denominators
        { 1 / (X * Y), "1/(x y)" },
        { 1 / (X + 1), "1/(x + 1)" },
        { (X + 1) / (X - 1), "(x + 1)/(x - 1)" },
        { 1 / (1 + 1 / X), "1/(1/x + 1)" },
        { X / (Y ^ 3), "x/y^3" },
        { 1 / Expr.Sqrt(X), "1/sqrt(x)" },
        { Expr.Sqrt(X) / X, "1/sqrt(x)" },
        { 1 / (Sin(X) ^ 2), "1/sin^2(x)" },
        // powers of sums, products of sums
        { (X + 1) ^ 2, "(x + 1)^2" },
        { 2 * ((X + 1) ^ 2), "2(x + 1)^2" },
        { (X + 2) * (3 * X - 3), "(x + 2)(3x - 3)" },
        { X * ((X + 1) ^ 3), "x(x + 1)^3" },
        { (X + 1) * Sin(X), "sin(x)(x + 1)" },
        { Exp(X) * (1 / X - 1 / (X ^ 2)), "e^x (1/x - 1/x^2)" },
        { Exp(X) * ((X + 1) ^ 2), "e^x (x + 1)^2" },
        { Expr.Pow(X, Y) * (X + 1), "x^y (x + 1)" },
        { (X ^ 2) * (X + 1) * Exp(2 * X), "x^2 e^(2x) (x + 1)" },
        { 2 * X * ((X + 1) ^ 2) * Sin(X), "2x sin(x)(x + 1)^2" },
        // exponentials stay in the numerator
        { Exp(-X), "e^(-x)" },
        { X * Exp(-X), "x e^(-x)" },
        { Exp(2 * X), "e^(2x)" },
        { 1 / Exp(X), "e^(-x)" },
        { Expr.Pow(Exp(X), 2), "e^(2x)" },
        { Exp(X) / (X + 1), "e^x/(x + 1)" },
        { 2 * Exp(X), "2e^x" },
        { Expr.E, "e" },
        { Exp(Expr.Num(1, 2)), "e^(1/2)" },
        // roots and rational exponents
        { Expr.Sqrt(X), "sqrt(x)" },
        { Expr.Pow(X, Expr.Num(1, 3)), "x^(1/3)" },
        { Expr.Pow(X, Expr.Num(3, 2)), "x^(3/2)" },
        { Expr.Pow(X, Expr.Num(-1, 3)), "1/x^(1/3)" },
        { Expr.Sqrt(8), "2 sqrt(2)" },
        { Expr.Sqrt(X + 1), "sqrt(x + 1)" },
        { Expr.Sqrt(2) * X, "sqrt(2) x" },
        { Expr.Pow(X, Y), "x^y" },
        { Expr.Pow(X, -Y), "1/x^y" },
        { Expr.Pow(X, Y + 1), "x^(y + 1)" },
        // pi, numbers raised to symbols
        { 2 * Expr.Pi, "2pi" },
        { Expr.Pi * X, "pi x" },
        { Expr.Pi / 2, "pi/2" },
        { Expr.Pow(2, X), "2^x" },
        { 2 * Expr.Pow(3, X), "2(3^x)" },
        { X * Expr.Pow(2, X) * Ln(2), "x(2^x) ln(2)" },
        // functions
        { Ln(X) ^ 2, "ln(x)^2" },
        { Expr.Call(MathFunction.Abs, X), "|x|" },
        { Expr.Call(MathFunction.Asin, X), "arcsin(x)" },
        { Expr.Call(MathFunction.Sigmoid, X) * (1 - Expr.Call(MathFunction.Sigmoid, X)), "sigmoid(x)(1 - sigmoid(x))" },
        { Sin(X) ^ -1, "1/sin(x)" },
        { Expr.Pow(Sin(X), Expr.Num(1, 3)), "sin(x)^(1/3)" },
        { Sin(X + 1), "sin(x + 1)" },
        // symbols
        { 2 * Expr.Sym("theta"), "2theta" },
        { Expr.Sym("x_1") * Expr.Sym("x_2"), "x_1 x_2" },
        { Expr.Pow(-8, Expr.Num(1, 3)), "(-8)^(1/3)" },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void EdgeCasesReadNaturally(Expr e, string expected) => Assert.Equal(expected, HumanPrinter.Print(e));

    public static TheoryData<Expr, string> UnicodeCases => new()
    {
        { 3 * (X ^ 2) * Sin(X), "3x² sin(x)" },
        { Expr.Sqrt(X), "√x" },
        { 2 * Expr.Sqrt(2), "2√2" },
        { Expr.Sqrt(X + 1), "√(x + 1)" },
        { 2 * Expr.Pi, "2π" },
        { 3 * (Sin(X) ^ 2) * Cos(X), "3 sin²(x) cos(x)" },
        { (X + 1) ^ 12, "(x + 1)¹²" },
        { Expr.Sym("theta") * Expr.Sym("x_1"), "θ x₁" },
        { 2 * Expr.Pow(3, X), "2·3^x" },
        { 1 / (X ^ 2), "1/x²" },
        { Exp(2 * X), "e^(2x)" },
    };

    [Theory]
    [MemberData(nameof(UnicodeCases))]
    public void UnicodeUsesTypographicSymbols(Expr e, string expected) => Assert.Equal(expected, HumanPrinter.Print(e, unicode: true));

    [Fact]
    public void ToHumanIsTheHumanPrinter() => Assert.Equal("2x - 1/x^2", (2 * X - 1 / (X ^ 2)).ToHuman());

    [Fact]
    public void RandomExpressionsNeverShowMachineArtifacts()
    {
        RandomExpressions.Any().Sample(e =>
        {
            var s = HumanPrinter.Print(e);
            Assert.DoesNotContain("*", s);
            Assert.DoesNotContain("+ -", s);
            Assert.DoesNotContain("- -", s);
            Assert.DoesNotContain("^(-", s.Replace("e^(-", "", StringComparison.Ordinal));
            Assert.DoesNotMatch(UnitCoefficient, s);
            Assert.Equal(0, Balance(s, '(', ')'));
            Assert.Equal(s, HumanPrinter.Print(e)); // deterministic
        }, iter: 1000);
    }

    // A lone 1 glued to a symbol or a parenthesis ("1x", "1(x + 1)") is a unit coefficient that should not print.
    private static readonly System.Text.RegularExpressions.Regex UnitCoefficient = new(@"(?<![\w/.^])1(?=[a-z(])");

    private static int Balance(string s, char open, char close)
    {
        int depth = 0;
        foreach (var c in s)
        {
            if (c == open) depth++;
            else if (c == close && --depth < 0) return -1;
        }
        return depth;
    }
}
