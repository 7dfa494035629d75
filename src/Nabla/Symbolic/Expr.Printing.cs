using Nabla.Symbolic.Printing;

namespace Nabla.Symbolic;

public abstract partial class Expr
{
    /// <summary>The plain machine form: <c>2*x*sin(x)+x^2*cos(x)</c>. Parses back to this expression.</summary>
    public string ToPlain() => PlainPrinter.Print(this);

    /// <summary>What a teacher writes: <c>2x sin(x) + x^2 cos(x)</c>, <c>2x - 1/x^2</c>.</summary>
    public string ToHuman() => HumanPrinter.Print(this);

    /// <summary>LaTeX: <c>2 x \sin\left(x\right) + x^{2} \cos\left(x\right)</c>.</summary>
    public string ToLatex() => LatexPrinter.Print(this);

    /// <summary>Presentation MathML (a complete <c>&lt;math&gt;</c> element) for the web.</summary>
    public string ToMathML() => MathMLPrinter.Print(this);

    /// <summary>A C# expression over <c>double</c> variables named as the symbols, using <c>Math.*</c>.</summary>
    public string ToCSharp() => CSharpPrinter.Print(this);
}
