using System.Globalization;
using System.Numerics;
using System.Text;

namespace Nabla.Symbolic.Printing;

/// <summary>
/// Presentation MathML for the web: a complete <c>&lt;math xmlns="http://www.w3.org/1998/Math/MathML"&gt;</c>
/// element built from <c>mrow</c>, <c>mi</c>, <c>mn</c>, <c>mo</c>, <c>mfrac</c>, <c>msup</c>, <c>msub</c>,
/// <c>msqrt</c> and <c>mroot</c>. Same display order and fraction layout as the human and LaTeX forms.
/// </summary>
/// <remarks>
/// Juxtaposed factors are joined by an invisible times (<c>&lt;mo&gt;&amp;#x2062;&lt;/mo&gt;</c>), or a visible dot
/// operator (U+22C5) before a factor that starts with a digit; a function name is followed by the function application
/// character (U+2061) and a parenthesised argument. Every element with a fixed number of children (<c>msup</c>,
/// <c>mfrac</c>, <c>mroot</c>) gets exactly one element per child. Symbol names are XML-escaped and characters that
/// XML 1.0 forbids are replaced by U+FFFD, so the output is always well-formed XML.
/// </remarks>
public static class MathMLPrinter
{
    private const string Namespace = "http://www.w3.org/1998/Math/MathML";
    private const string InvisibleTimes = "<mo>&#x2062;</mo>";
    private const string DotOperator = "<mo>&#x22C5;</mo>";
    private const string ApplyFunction = "<mo>&#x2061;</mo>";
    private const string Minus = "<mo>&#x2212;</mo>";

    /// <summary>Prints <paramref name="e"/> as an inline <c>&lt;math&gt;</c> element.</summary>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static string Print(Expr e) => Print(e, display: false);

    /// <summary>Prints <paramref name="e"/> as a <c>&lt;math&gt;</c> element; <paramref name="display"/> adds
    /// <c>display="block"</c> for a formula on its own line.</summary>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static string Print(Expr e, bool display)
    {
        PrintBudget.Ensure(e, "ToMathML");
        var sb = new StringBuilder();
        sb.Append("<math xmlns=\"").Append(Namespace).Append('"');
        if (display) sb.Append(" display=\"block\"");
        sb.Append('>');
        new Writer(sb).Write(e);
        sb.Append("</math>");
        return sb.ToString();
    }

    /// <summary>The name a function has in MathML: as in the human form (<c>arcsin</c>, <c>ln</c>, <c>sigmoid</c>).</summary>
    public static string FunctionName(MathFunction f) => HumanPrinter.FunctionName(f);

    /// <summary>Escapes text for XML character data, replacing characters XML 1.0 cannot carry by U+FFFD.</summary>
    internal static string EscapeText(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); continue;
                case '<': sb.Append("&lt;"); continue;
                case '>': sb.Append("&gt;"); continue;
                case '"': sb.Append("&quot;"); continue;
                case '\'': sb.Append("&apos;"); continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            bool allowed = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            sb.Append(allowed ? c : '\uFFFD');
        }
        return sb.ToString();
    }

    private sealed class Writer(StringBuilder sb)
    {
        /// <summary>Writes exactly one element.</summary>
        public void Write(Expr e)
        {
            switch (e)
            {
                case Number n: WriteRational(n.Value); break;
                case Constant c: sb.Append(c.Which == ConstantKind.Pi ? "<mi>&#x3C0;</mi>" : "<mi>e</mi>"); break;
                case Symbol s: WriteSymbol(s.Name); break;
                case Sum sum: WriteSum(sum); break;
                default: WriteProduct(DisplayOrder.Layout(e)); break;
            }
        }

        private void WriteSymbol(string name)
        {
            if (SymbolNames.GreekLetter(name) is { } whole)
            {
                sb.Append("<mi>").Append(whole).Append("</mi>");
                return;
            }
            var (head, sub) = SymbolNames.Split(name);
            if (sub is not null) sb.Append("<msub>");
            sb.Append("<mi>").Append(SymbolNames.GreekLetter(head)?.ToString() ?? EscapeText(head)).Append("</mi>");
            if (sub is null) return;
            if (sub.All(char.IsAsciiDigit)) sb.Append("<mn>").Append(sub).Append("</mn>");
            else sb.Append("<mi>").Append(SymbolNames.GreekLetter(sub)?.ToString() ?? EscapeText(sub)).Append("</mi>");
            sb.Append("</msub>");
        }

        private static string Digits(BigInteger n) => IntegerText.Of(BigInteger.Abs(n));

        private void WriteRational(Rational r)
        {
            if (r.Sign < 0) sb.Append("<mrow>").Append(Minus);
            if (r.IsInteger) sb.Append("<mn>").Append(Digits(r.Numerator)).Append("</mn>");
            else
                sb.Append("<mfrac><mn>").Append(Digits(r.Numerator)).Append("</mn><mn>")
                  .Append(Digits(r.Denominator)).Append("</mn></mfrac>");
            if (r.Sign < 0) sb.Append("</mrow>");
        }

        private void WriteSum(Sum sum)
        {
            sb.Append("<mrow>");
            var terms = DisplayOrder.Terms(sum);
            for (int i = 0; i < terms.Count; i++)
            {
                var (term, c) = terms[i];
                if (i == 0) { if (c.Sign < 0) sb.Append(Minus); }
                else sb.Append(c.Sign < 0 ? Minus : "<mo>+</mo>");
                if (term.IsOne) WriteRational(c.Abs());
                else WriteProduct(DisplayOrder.Layout(c.Abs(), DisplayOrder.AsProduct(term).Factors));
            }
            sb.Append("</mrow>");
        }

        private void WriteProduct(FractionLayout layout)
        {
            if (layout.Negative) sb.Append("<mrow>").Append(Minus);
            if (layout.HasDenominator)
            {
                sb.Append("<mfrac>");
                WriteItems(layout.NumeratorCoefficient, layout.Numerator, fractionPart: true);
                WriteItems(layout.DenominatorCoefficient, layout.Denominator, fractionPart: true);
                sb.Append("</mfrac>");
            }
            else
            {
                WriteItems(layout.NumeratorCoefficient, layout.Numerator);
            }
            if (layout.Negative) sb.Append("</mrow>");
        }

        /// <summary>Writes <c>coefficient factor factor…</c> as one element (an mrow when there are several).</summary>
        private void WriteItems(BigInteger coefficient, IReadOnlyList<Factor> factors, bool fractionPart = false)
        {
            bool showCoefficient = !coefficient.IsOne || factors.Count == 0;
            int count = factors.Count + (showCoefficient ? 1 : 0);
            if (count > 1) sb.Append("<mrow>");
            bool first = true;
            if (showCoefficient)
            {
                sb.Append("<mn>").Append(Digits(coefficient)).Append("</mn>");
                first = false;
            }
            if (fractionPart && factors.Count == 1 && coefficient.IsOne && factors[0] is { Base: Sum lone, Exponent.IsOne: true })
            {
                Write(lone); // the fraction bar groups a lone sum already: \frac{x + 1}{x - 1}
                return;
            }
            foreach (var f in factors)
            {
                if (!first) sb.Append(DisplayOrder.Shape(f, allRoots: true) == FactorShape.Numeric ? DotOperator : InvisibleTimes);
                WriteFactor(f);
                first = false;
            }
            if (count > 1) sb.Append("</mrow>");
        }

        private void WriteFactor(Factor f)
        {
            var (b, x) = (f.Base, f.Exponent);
            if (x.IsOne)
            {
                if (b is Function fn1) WriteFunction(fn1);
                else WriteBase(b);
                return;
            }
            int root = DisplayOrder.RootIndex(x);
            if (root == 2)
            {
                sb.Append("<msqrt>");
                Write(b);
                sb.Append("</msqrt>");
                return;
            }
            if (root > 2)
            {
                sb.Append("<mroot>");
                Write(b);
                sb.Append("<mn>").Append(root.ToString(CultureInfo.InvariantCulture)).Append("</mn></mroot>");
                return;
            }
            if (b is Function fn && DisplayOrder.TakesPowerOnName(fn.Which) && DisplayOrder.IsPositiveInteger(x, out _))
            {
                sb.Append("<mrow><msup><mi>").Append(FunctionName(fn.Which)).Append("</mi>");
                Write(x);
                sb.Append("</msup>").Append(ApplyFunction);
                WriteParenthesised(fn.Argument);
                sb.Append("</mrow>");
                return;
            }
            sb.Append("<msup>");
            WriteBase(b);
            Write(x);
            sb.Append("</msup>");
        }

        /// <summary>A base: atoms and function applications as they are, anything else in parentheses (one element).</summary>
        private void WriteBase(Expr b)
        {
            switch (b)
            {
                case Symbol or Constant or Number { Value: { IsInteger: true, Sign: >= 0 } }:
                    Write(b);
                    break;
                case Function { Which: not MathFunction.Exp } fn:
                    WriteFunction(fn);
                    break;
                default:
                    WriteParenthesised(b);
                    break;
            }
        }

        private void WriteParenthesised(Expr e)
        {
            sb.Append("<mrow><mo>(</mo>");
            Write(e);
            sb.Append("<mo>)</mo></mrow>");
        }

        private void WriteFunction(Function fn)
        {
            switch (fn.Which)
            {
                case MathFunction.Exp:
                    sb.Append("<msup><mi>e</mi>");
                    Write(fn.Argument);
                    sb.Append("</msup>");
                    break;
                case MathFunction.Abs:
                    sb.Append("<mrow><mo>|</mo>");
                    Write(fn.Argument);
                    sb.Append("<mo>|</mo></mrow>");
                    break;
                default:
                    sb.Append("<mrow><mi>").Append(FunctionName(fn.Which)).Append("</mi>").Append(ApplyFunction);
                    WriteParenthesised(fn.Argument);
                    sb.Append("</mrow>");
                    break;
            }
        }
    }
}
