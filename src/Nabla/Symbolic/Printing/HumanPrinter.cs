using System.Globalization;
using System.Numerics;
using System.Text;

namespace Nabla.Symbolic.Printing;

/// <summary>
/// What a teacher writes on the board: <c>3x^2 sin(x) + x^3 cos(x)</c>, <c>2x - 1/x^2</c>, <c>e^x/x - e^x/x^2</c>,
/// <c>1/(2 sqrt(x))</c>, <c>sec^2(x)</c>. No <c>*</c> (juxtaposition instead), no negative exponents (they go below a
/// fraction bar, except in <c>e^(-x)</c>), no <c>1x</c> or <c>+ -</c>, terms in descending degree
/// (see <see cref="DisplayOrder"/>). The ASCII form is for reading, not for parsing back; use
/// <see cref="PlainPrinter"/> for a round trip.
/// </summary>
/// <remarks>
/// Conventions: a coefficient is glued to a following symbol, constant or <c>e^u</c> (<c>2x</c>, <c>2pi</c>,
/// <c>2e^x</c>) and separated by a space from a function (<c>3 sin(x)</c>, <c>2 sqrt(2)</c>); factors are separated by
/// spaces (<c>2x y</c>); a parenthesised factor is glued (<c>2x(x + 1)^2</c>, <c>(x + 2)(3x - 3)</c>,
/// <c>sigmoid(x)(1 - sigmoid(x))</c>) except after an exponent that is not a number (<c>e^x (1/x - 1/x^2)</c>); a
/// factor that starts with a digit is put in parentheses after another item (<c>x(2^x)</c>). Rational coefficients go into the
/// fraction: <c>x/2</c>, <c>3x^2/2</c>. Positive integer powers of sin, cos, tan, sec, csc, cot, sinh, cosh and tanh
/// are written on the name (<c>sin^2(x)</c>); other functions take the power after the parenthesis (<c>ln(x)^2</c>).
/// With <c>unicode: true</c>: superscript digits (<c>x²</c>, <c>sin²(x)</c>), <c>√x</c>, <c>π</c>, Greek letters for
/// Greek names (<c>theta</c> → θ), subscript digits (<c>x_1</c> → x₁) and <c>·</c> before a factor that starts with a
/// digit (<c>2·3^x</c>).
/// </remarks>
public static class HumanPrinter
{
    /// <summary>Prints <paramref name="e"/> in the ASCII human form.</summary>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static string Print(Expr e) => Print(e, unicode: false);

    /// <summary>Prints <paramref name="e"/> in the human form; with <paramref name="unicode"/>, using x², √x, π, θ.</summary>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static string Print(Expr e, bool unicode)
    {
        PrintBudget.Ensure(e, "ToHuman");
        var sb = new StringBuilder();
        new Writer(sb, unicode).Write(e);
        return sb.ToString();
    }

    /// <summary>The name a function has in the human form (<c>arcsin</c> for asin; exp and abs print as e^u, |u|).</summary>
    public static string FunctionName(MathFunction f) => f switch
    {
        MathFunction.Asin => "arcsin",
        MathFunction.Acos => "arccos",
        MathFunction.Atan => "arctan",
        _ => FunctionTable.Get(f).Name,
    };

    private sealed class Writer(StringBuilder sb, bool unicode)
    {
        public void Write(Expr e)
        {
            switch (e)
            {
                case Number n: WriteRational(n.Value); break;
                case Constant c: sb.Append(c.Which == ConstantKind.Pi ? (unicode ? "π" : "pi") : "e"); break;
                case Symbol s: sb.Append(unicode ? SymbolNames.Unicode(s.Name) : s.Name); break;
                case Sum sum: WriteSum(sum); break;
                default: WriteProduct(DisplayOrder.Layout(e)); break;
            }
        }

        private void WriteRational(Rational r)
        {
            if (r.Sign < 0) sb.Append('-');
            sb.Append(IntegerText.Of(BigInteger.Abs(r.Numerator)));
            if (!r.IsInteger) sb.Append('/').Append(IntegerText.Of(r.Denominator));
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
            WriteItems(layout.NumeratorCoefficient, layout.Numerator);
            if (!layout.HasDenominator) return;
            sb.Append('/');
            bool parenthesise = layout.DenominatorItems > 1;
            if (parenthesise) sb.Append('(');
            WriteItems(layout.DenominatorCoefficient, layout.Denominator);
            if (parenthesise) sb.Append(')');
        }

        /// <summary>Writes <c>coefficient factor factor…</c> juxtaposed (the coefficient only when not 1).</summary>
        private void WriteItems(BigInteger coefficient, IReadOnlyList<Factor> factors)
        {
            bool first = true, afterCoefficient = false, afterLetterExponent = false;
            if (!coefficient.IsOne || factors.Count == 0)
            {
                sb.Append(IntegerText.Of(coefficient));
                first = false;
                afterCoefficient = true;
            }
            foreach (var f in factors)
            {
                var shape = DisplayOrder.Shape(f, allRoots: false);
                bool wrap = false;
                if (!first)
                {
                    switch (shape)
                    {
                        case FactorShape.Letter:
                            if (!afterCoefficient) sb.Append(' ');
                            break;
                        case FactorShape.Radical:
                            if (!(unicode && afterCoefficient)) sb.Append(' ');
                            break;
                        case FactorShape.Function:
                            sb.Append(' ');
                            break;
                        case FactorShape.Parenthesised:
                            if (afterLetterExponent) sb.Append(' '); // e^x (x + 1), not e^x(x + 1)
                            break;
                        case FactorShape.Numeric:
                            if (unicode) sb.Append('·');
                            else wrap = true;
                            break;
                    }
                }
                if (wrap) sb.Append('(');
                WriteFactor(f);
                if (wrap) sb.Append(')');
                first = false;
                afterCoefficient = false;
                afterLetterExponent = EndsWithLetterExponent(f);
            }
        }

        /// <summary>True when the factor ends in an exponent other than digits (<c>e^x</c>, <c>x^(1/3)</c>): a following
        /// parenthesis would read as part of the exponent.</summary>
        private bool EndsWithLetterExponent(Factor f)
        {
            if (f.Exponent.IsOne) return f.Base is Function { Which: MathFunction.Exp } exp && !IsDigits(exp.Argument);
            if (DisplayOrder.RootIndex(f.Exponent) == 2) return false;
            if (f.Base is Function fn && DisplayOrder.TakesPowerOnName(fn.Which) && DisplayOrder.IsPositiveInteger(f.Exponent, out _))
                return false;
            return !IsDigits(f.Exponent);
        }

        private static bool IsDigits(Expr x) => x is Number { Value: { IsInteger: true, Sign: >= 0 } };

        private void WriteFactor(Factor f)
        {
            var (b, x) = (f.Base, f.Exponent);
            if (x.IsOne)
            {
                if (b is Function fn1) WriteFunction(fn1);
                else WriteBase(b);
                return;
            }
            if (DisplayOrder.RootIndex(x) == 2)
            {
                if (unicode)
                {
                    sb.Append('√');
                    if (b is Symbol or Constant or Number { Value: { IsInteger: true, Sign: >= 0 } }) Write(b);
                    else { sb.Append('('); Write(b); sb.Append(')'); }
                }
                else
                {
                    sb.Append("sqrt(");
                    Write(b);
                    sb.Append(')');
                }
                return;
            }
            if (b is Function fn && DisplayOrder.TakesPowerOnName(fn.Which) && DisplayOrder.IsPositiveInteger(x, out _))
            {
                sb.Append(FunctionName(fn.Which));
                WritePowerMark(x);
                sb.Append('(');
                Write(fn.Argument);
                sb.Append(')');
                return;
            }
            WriteBase(b);
            WritePowerMark(x);
        }

        /// <summary>A base: atoms and function applications as they are, anything else in parentheses.</summary>
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
                case Function exp when exp.Argument is Symbol or Number { Value: { IsInteger: true, Sign: >= 0 } }:
                    WriteFunction(exp); // e^x as a base reads as a unit; e^(u) inside ^ needs its own parentheses
                    break;
                default:
                    sb.Append('(');
                    Write(b);
                    sb.Append(')');
                    break;
            }
        }

        private void WriteFunction(Function fn)
        {
            switch (fn.Which)
            {
                case MathFunction.Exp:
                    sb.Append('e');
                    WritePowerMark(fn.Argument);
                    break;
                case MathFunction.Abs:
                    sb.Append('|');
                    Write(fn.Argument);
                    sb.Append('|');
                    break;
                default:
                    sb.Append(FunctionName(fn.Which)).Append('(');
                    Write(fn.Argument);
                    sb.Append(')');
                    break;
            }
        }

        /// <summary><c>^2</c> / <c>²</c>, <c>^x</c>, <c>^(1/3)</c>, <c>^(-x)</c>.</summary>
        private void WritePowerMark(Expr x)
        {
            if (x is Number { Value: { IsInteger: true, Sign: >= 0 } n })
            {
                var digits = IntegerText.Of(n.Numerator);
                if (unicode) sb.Append(SymbolNames.Superscript(digits));
                else sb.Append('^').Append(digits);
                return;
            }
            sb.Append('^');
            if (x is Symbol or Constant) Write(x);
            else
            {
                sb.Append('(');
                Write(x);
                sb.Append(')');
            }
        }
    }
}
