using System.Xml.Linq;
using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Printing;
using Nabla.Tests.Support;

namespace Nabla.Tests.Printing;

public sealed class MathMLPrinterTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly XNamespace M = "http://www.w3.org/1998/Math/MathML";
    private const string Open = "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">";

    private static string Inner(Expr e)
    {
        var s = MathMLPrinter.Print(e);
        Assert.StartsWith(Open, s);
        Assert.EndsWith("</math>", s);
        return s[Open.Length..^"</math>".Length];
    }

    public static TheoryData<Expr, string> Cases => new()
    {
        { X, "<mi>x</mi>" },
        { Expr.Num(3), "<mn>3</mn>" },
        { Expr.Num(-1, 2), "<mrow><mo>&#x2212;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow>" },
        { X ^ 2, "<msup><mi>x</mi><mn>2</mn></msup>" },
        { 2 * X, "<mrow><mn>2</mn><mo>&#x2062;</mo><mi>x</mi></mrow>" },
        { 1 / X, "<mfrac><mn>1</mn><mi>x</mi></mfrac>" },
        { Expr.Sqrt(X), "<msqrt><mi>x</mi></msqrt>" },
        { Expr.Pow(X, Expr.Num(1, 3)), "<mroot><mi>x</mi><mn>3</mn></mroot>" },
        { Expr.Sin(X), "<mrow><mi>sin</mi><mo>&#x2061;</mo><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow></mrow>" },
        { Expr.Sin(X) ^ 2, "<mrow><msup><mi>sin</mi><mn>2</mn></msup><mo>&#x2061;</mo><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow></mrow>" },
        { Expr.Exp(-X), "<msup><mi>e</mi><mrow><mo>&#x2212;</mo><mi>x</mi></mrow></msup>" },
        { X - 1, "<mrow><mi>x</mi><mo>&#x2212;</mo><mn>1</mn></mrow>" },
        { (X + 1) ^ 2, "<msup><mrow><mo>(</mo><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mo>)</mo></mrow><mn>2</mn></msup>" },
        { (X + 1) / X, "<mfrac><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mi>x</mi></mfrac>" },
        { Expr.Call(MathFunction.Abs, X), "<mrow><mo>|</mo><mi>x</mi><mo>|</mo></mrow>" },
        { Expr.Pi, "<mi>&#x3C0;</mi>" },
        { Expr.Sym("theta"), "<mi>θ</mi>" },
        { Expr.Sym("x_1"), "<msub><mi>x</mi><mn>1</mn></msub>" },
        { 2 * Expr.Pow(3, X), "<mrow><mn>2</mn><mo>&#x22C5;</mo><msup><mn>3</mn><mi>x</mi></msup></mrow>" },
        { Expr.Sym("a<b&c"), "<mi>a&lt;b&amp;c</mi>" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsPresentationMarkup(Expr e, string expected) => Assert.Equal(expected, Inner(e));

    [Fact]
    public void DisplayModeAddsTheAttribute() =>
        Assert.StartsWith("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\">", MathMLPrinter.Print(X, display: true));

    [Fact]
    public void ToMathMLIsTheMathMLPrinter() => Assert.Equal(MathMLPrinter.Print(X ^ 2), (X ^ 2).ToMathML());

    [Fact]
    public void TeacherExampleHasTheRightStructure()
    {
        var e = 3 * (X ^ 2) * Expr.Sin(X) + (X ^ 3) * Expr.Cos(X);
        var doc = XDocument.Parse(MathMLPrinter.Print(e));
        var sum = Assert.Single(doc.Root!.Elements());
        Assert.Equal(M + "mrow", sum.Name);
        var parts = sum.Elements().ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal("+", parts[1].Value);
        Assert.Equal("3", parts[0].Elements().First().Value);
        Assert.Contains(parts[2].Descendants(M + "mi"), mi => mi.Value == "cos");
    }

    [Fact]
    public void RandomExpressionsAreWellFormedMathML()
    {
        RandomExpressions.Any(maxDepth: 5).Sample(e =>
        {
            var s = MathMLPrinter.Print(e);
            var doc = XDocument.Parse(s); // throws on malformed XML
            Assert.Equal(M + "math", doc.Root!.Name);
            Assert.Single(doc.Root.Elements());
            foreach (var el in doc.Descendants())
            {
                Assert.Equal(M, el.Name.Namespace);
                if (el.Name.LocalName is "msup" or "msub" or "mfrac" or "mroot")
                    Assert.Equal(2, el.Elements().Count());
            }
            Assert.Equal(s, MathMLPrinter.Print(e));
        }, iter: 1000);
    }

    [Fact]
    public void HostileSymbolNamesStayWellFormed()
    {
        var e = Expr.Sym("a<b>&\"'") + Expr.Sym("bell\u0007\uFFFF") * Expr.Sym("lone\uD800surrogate") + Expr.Sym("]]>");
        var doc = XDocument.Parse(MathMLPrinter.Print(e));
        Assert.Contains(doc.Descendants(M + "mi"), mi => mi.Value == "a<b>&\"'");
    }
}
