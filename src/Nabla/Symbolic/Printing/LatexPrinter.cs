using System.Globalization;
using System.Numerics;
using System.Text;

namespace Nabla.Symbolic.Printing;

/// <summary>
/// LaTeX for typesetting (KaTeX/MathJax compatible): <c>3 x^{2} \sin\left(x\right) + x^{3} \cos\left(x\right)</c>,
/// <c>\frac{e^{x}}{x}</c>, <c>\sqrt{x}</c>, <c>\sqrt[3]{x}</c>, <c>\sin^{2}\left(x\right)</c>. Terms and factors are
/// in the same display order as the human form (<see cref="DisplayOrder"/>).
/// </summary>
/// <remarks>
/// Negative powers become fractions (except <c>e^{-x}</c>); <c>u^{1/2}</c> is <c>\sqrt{u}</c> and <c>u^{1/n}</c> is
/// <c>\sqrt[n]{u}</c>. Juxtaposed factors are separated by a space, and by <c>\cdot</c> when the next factor starts
/// with a digit (<c>2 \cdot 3^{x}</c>). Greek symbol names become commands (<c>theta</c> → <c>\theta</c>), a suffix
/// after <c>_</c> or trailing digits become a subscript (<c>x_1</c>, <c>x1</c> → <c>x_{1}</c>), other multi-letter
/// names are set as <c>\mathit{rate}</c>, and LaTeX special characters in names are escaped. Functions without a
/// standard command use <c>\operatorname</c> (sigmoid, softplus, relu, sign, step); abs is <c>\left|x\right|</c>.
/// </remarks>
public static class LatexPrinter
{
    /// <summary>Prints <paramref name="e"/> as LaTeX math (without surrounding <c>$</c> delimiters).</summary>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static string Print(Expr e)
    {
        PrintBudget.Ensure(e, "ToLatex");
        var sb = new StringBuilder();
        new Writer(sb).Write(e);
        return sb.ToString();
    }

    /// <summary>The LaTeX command for a function name: <c>\sin</c>, <c>\arcsin</c>, <c>\operatorname{sigmoid}</c>.</summary>
    public static string FunctionCommand(MathFunction f) => f switch
    {
        MathFunction.Sin => @"\sin",
        MathFunction.Cos => @"\cos",
        MathFunction.Tan => @"\tan",
        MathFunction.Sec => @"\sec",
        MathFunction.Csc => @"\csc",
        MathFunction.Cot => @"\cot",
        MathFunction.Asin => @"\arcsin",
        MathFunction.Acos => @"\arccos",
        MathFunction.Atan => @"\arctan",
        MathFunction.Sinh => @"\sinh",
        MathFunction.Cosh => @"\cosh",
        MathFunction.Tanh => @"\tanh",
        MathFunction.Exp => @"\exp",
        MathFunction.Ln => @"\ln",
        _ => @"\operatorname{" + FunctionTable.Get(f).Name + "}",
    };

    /// <summary>A symbol name as LaTeX: <c>x</c>, <c>\theta</c>, <c>x_{1}</c>, <c>\mathit{rate}</c>.</summary>
    public static string SymbolName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (SymbolNames.GreekLatex(name) is { } whole) return whole;
        var (head, sub) = SymbolNames.Split(name);
        var sb = new StringBuilder();
        if (SymbolNames.GreekLatex(head) is { } greek) sb.Append(greek);
        else if (head.Length == 1) sb.Append(Escape(head));
        else sb.Append(@"\mathit{").Append(Escape(head)).Append('}');
        if (sub is not null) sb.Append("_{").Append(SymbolNames.GreekLatex(sub) ?? Escape(sub)).Append('}');
        return sb.ToString();
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\backslash{}"); break;
                case '{' or '}' or '#' or '$' or '%' or '&' or '_': sb.Append('\\').Append(c); break;
                case '^': sb.Append(@"\hat{}"); break;
                case '~': sb.Append(@"\sim{}"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private sealed class Writer(StringBuilder sb)
    {
        public void Write(Expr e)
        {
            switch (e)
            {
                case Number n: WriteRational(n.Value); break;
                case Constant c: sb.Append(c.Which == ConstantKind.Pi ? @"\pi" : "e"); break;
                case Symbol s: sb.Append(SymbolName(s.Name)); break;
                case Sum sum: WriteSum(sum); break;
                default: WriteProduct(DisplayOrder.Layout(e)); break;
            }
        }

        private void WriteRational(Rational r)
        {
            if (r.Sign < 0) sb.Append('-');
            var n = IntegerText.Of(BigInteger.Abs(r.Numerator));
            if (r.IsInteger) sb.Append(n);
            else sb.Append(@"\frac{").Append(n).Append("}{").Append(IntegerText.Of(r.Denominator)).Append('}');
        }

        private void WriteSum(Sum sum)
        {
            var terms = DisplayOrder.Terms(sum);
            for (int i = 0; i < terms.Count; i++)
            {
                var (term, c) = terms[i];
                if (i == 0) { if (c.Sign < 0) sb.Append('-'); }
                else sb.Append(c.Sign < 0 ? " - " : " + ");
                if (term.IsOne) WriteRational(c.Abs());
                else WriteProduct(DisplayOrder.Layout(c.Abs(), DisplayOrder.AsProduct(term).Factors));
            }
        }

        private void WriteProduct(FractionLayout layout)
        {
            if (layout.Negative) sb.Append('-');
            if (!layout.HasDenominator)
            {
                WriteItems(layout.NumeratorCoefficient, layout.Numerator);
                return;
            }
            sb.Append(@"\frac{");
            WriteItems(layout.NumeratorCoefficient, layout.Numerator, fractionPart: true);
            sb.Append("}{");
            WriteItems(layout.DenominatorCoefficient, layout.Denominator, fractionPart: true);
            sb.Append('}');
        }

        private void WriteItems(BigInteger coefficient, IReadOnlyList<Factor> factors, bool fractionPart = false)
        {
            bool first = true;
            if (!coefficient.IsOne || factors.Count == 0)
            {
                sb.Append(IntegerText.Of(coefficient));
                first = false;
            }
            if (fractionPart && factors.Count == 1 && coefficient.IsOne && factors[0] is { Base: Sum lone, Exponent.IsOne: true })
            {
                Write(lone); // the fraction bar groups a lone sum already: \frac{x + 1}{x - 1}
                return;
            }
            foreach (var f in factors)
            {
                if (!first) sb.Append(DisplayOrder.Shape(f, allRoots: true) == FactorShape.Numeric ? @" \cdot " : " ");
                WriteFactor(f);
                first = false;
            }
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
            if (root > 0)
            {
                sb.Append(@"\sqrt");
                if (root > 2) sb.Append('[').Append(root.ToString(CultureInfo.InvariantCulture)).Append(']');
                sb.Append('{');
                Write(b);
                sb.Append('}');
                return;
            }
            if (b is Function fn && DisplayOrder.TakesPowerOnName(fn.Which) && DisplayOrder.IsPositiveInteger(x, out _))
            {
                sb.Append(FunctionCommand(fn.Which)).Append("^{");
                Write(x);
                sb.Append(@"}\left(");
                Write(fn.Argument);
                sb.Append(@"\right)");
                return;
            }
            WriteBase(b);
            sb.Append("^{");
            Write(x);
            sb.Append('}');
        }

        /// <summary>A base of a power: atoms and function applications as they are, anything else in \left( \right).</summary>
        private void WriteBase(Expr b)
        {
            switch (b)
            {
                case Symbol or Constant or Number { Value: { IsInteger: true, Sign: >= 0 } }:
                    Write(b); // x_{1}^{2} and \mathit{rate}^{2} are valid: ^ attaches to the whole group
                    break;
                case Function { Which: not MathFunction.Exp } fn:
                    WriteFunction(fn);
                    break;
                default:
                    sb.Append(@"\left(");
                    Write(b);
                    sb.Append(@"\right)");
                    break;
            }
        }

        private void WriteFunction(Function fn)
        {
            switch (fn.Which)
            {
                case MathFunction.Exp:
                    sb.Append("e^{");
                    Write(fn.Argument);
                    sb.Append('}');
                    break;
                case MathFunction.Abs:
                    sb.Append(@"\left|");
                    Write(fn.Argument);
                    sb.Append(@"\right|");
                    break;
                default:
                    sb.Append(FunctionCommand(fn.Which)).Append(@"\left(");
                    Write(fn.Argument);
                    sb.Append(@"\right)");
                    break;
            }
        }
    }
}
