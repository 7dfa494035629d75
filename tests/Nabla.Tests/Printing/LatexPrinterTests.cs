using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Printing;
using Nabla.Tests.Support;

namespace Nabla.Tests.Printing;

public sealed class LatexPrinterTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    private static Expr Call(MathFunction f, Expr a) => Expr.Call(f, a);

    public static TheoryData<Expr, string> Cases => new()
    {
        { 3 * (X ^ 2) * Expr.Sin(X) + (X ^ 3) * Expr.Cos(X), @"3 x^{2} \sin\left(x\right) + x^{3} \cos\left(x\right)" },
        { 1 / (X ^ 2), @"\frac{1}{x^{2}}" },
        { Expr.Exp(X) / X, @"\frac{e^{x}}{x}" },
        { 2 * X - 1 / (X ^ 2), @"2 x - \frac{1}{x^{2}}" },
        { Expr.Sqrt(X), @"\sqrt{x}" },
        { Expr.Pow(X, Expr.Num(1, 3)), @"\sqrt[3]{x}" },
        { Expr.Pow(X, Expr.Num(2, 3)), @"x^{\frac{2}{3}}" },
        { Expr.Sin(X) ^ 2, @"\sin^{2}\left(x\right)" },
        { Expr.Exp((X ^ 2) - 3), @"e^{x^{2} - 3}" },
        { Expr.Exp(-X), @"e^{-x}" },
        { Expr.Pi, @"\pi" },
        { 2 * Expr.Pi * X, @"2 \pi x" },
        { Expr.Sym("theta"), @"\theta" },
        { Expr.Sym("Omega") * Expr.Sym("alpha_1"), @"\Omega \alpha_{1}" },
        { Expr.Sym("x_1") ^ 2, @"x_{1}^{2}" },
        { Expr.Sym("x12"), @"x_{12}" },
        { Expr.Sym("rate"), @"\mathit{rate}" },
        { Expr.Sym("a#b"), @"\mathit{a\#b}" },
        { Expr.Ln(X), @"\ln\left(x\right)" },
        { Expr.Ln(X) ^ 2, @"\ln\left(x\right)^{2}" },
        { Call(MathFunction.Abs, X), @"\left|x\right|" },
        { Call(MathFunction.Sigmoid, X), @"\operatorname{sigmoid}\left(x\right)" },
        { Call(MathFunction.Softplus, X), @"\operatorname{softplus}\left(x\right)" },
        { Call(MathFunction.Relu, X), @"\operatorname{relu}\left(x\right)" },
        { Call(MathFunction.Sign, X), @"\operatorname{sign}\left(x\right)" },
        { Call(MathFunction.Step, X), @"\operatorname{step}\left(x\right)" },
        { Call(MathFunction.Asin, X), @"\arcsin\left(x\right)" },
        { Call(MathFunction.Tanh, X) ^ 3, @"\tanh^{3}\left(x\right)" },
        { 2 * Expr.Pow(3, X), @"2 \cdot 3^{x}" },
        { X / 2, @"\frac{x}{2}" },
        { Expr.Num(-1, 2), @"-\frac{1}{2}" },
        { -X / 2, @"-\frac{x}{2}" },
        { (X + 1) ^ 2, @"\left(x + 1\right)^{2}" },
        { (X + 1) / (X - 1), @"\frac{x + 1}{x - 1}" },
        { 2 * ((X + 1) ^ 2) / X, @"\frac{2 \left(x + 1\right)^{2}}{x}" },
        { 1 / (2 * Expr.Sqrt(X)), @"\frac{1}{2 \sqrt{x}}" },
        { 2 * X * Y, @"2 x y" },
        { Expr.Sqrt(8), @"2 \sqrt{2}" },
        { Expr.Pow(-8, Expr.Num(1, 3)), @"\sqrt[3]{-8}" },
        { Expr.Pow(X, Y), @"x^{y}" },
        { 1 - (Call(MathFunction.Tanh, X) ^ 2), @"1 - \tanh^{2}\left(x\right)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsStandardLatex(Expr e, string expected) => Assert.Equal(expected, LatexPrinter.Print(e));

    [Fact]
    public void ToLatexIsTheLatexPrinter() => Assert.Equal(@"\sqrt{x}", Expr.Sqrt(X).ToLatex());

    [Fact]
    public void BracesAndDelimitersBalanceOnRandomExpressions()
    {
        RandomExpressions.Any(maxDepth: 5).Sample(e =>
        {
            var s = LatexPrinter.Print(e);
            Assert.True(BracesBalanced(s), s);
            Assert.Equal(Count(s, @"\left"), Count(s, @"\right"));
            Assert.DoesNotContain("+ -", s);
            Assert.DoesNotContain("*", s);
            Assert.Equal(s, LatexPrinter.Print(e));
        }, iter: 1000);
    }

    [Fact]
    public void SpecialCharactersInNamesKeepBracesBalanced()
    {
        var e = Expr.Sym("a{b") * Expr.Sym("c}d_{") + Expr.Sym(@"back\slash") + Expr.Sym("x^y~");
        Assert.True(BracesBalanced(LatexPrinter.Print(e)), LatexPrinter.Print(e));
    }

    private static bool BracesBalanced(string s)
    {
        int depth = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; } // \{ and \} are literal braces; \left etc. skip one char harmlessly
            if (s[i] == '{') depth++;
            else if (s[i] == '}' && --depth < 0) return false;
        }
        return depth == 0;
    }

    private static int Count(string s, string part)
    {
        int n = 0;
        for (int i = s.IndexOf(part, StringComparison.Ordinal); i >= 0; i = s.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
