using System.Text;

namespace Nabla.Symbolic.Printing;

/// <summary>
/// The machine form: explicit <c>*</c> and <c>^</c>, function names as in the input language, no spaces. Every
/// output parses back to the identical (interned) expression.
/// </summary>
public static class PlainPrinter
{
    // Binding strength of what an expression prints as, to decide parentheses.
    private const int SumLevel = 1, ProductLevel = 2, UnaryLevel = 3, PowerLevel = 4, AtomLevel = 5;

    /// <summary>The largest expression, counted as a written-out tree, that is printed.</summary>
    public const long MaxPrintedNodes = 2_000_000;

    /// <summary>Prints <paramref name="e"/> in plain form.</summary>
    /// <exception cref="BudgetExceededException">The written-out form would exceed <see cref="MaxPrintedNodes"/>.</exception>
    public static string Print(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable("Print");
        if (e.TreeSize > MaxPrintedNodes)
            throw new BudgetExceededException(
                $"Print: the expression has {e.TreeSize:N0} nodes when written out (shared parts repeated); " +
                $"the limit is {MaxPrintedNodes:N0}. Compile or evaluate it instead of printing it.");
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    private static int Level(Expr e) => e switch
    {
        Number n => n.Value.Sign < 0 ? UnaryLevel : n.Value.IsInteger ? AtomLevel : ProductLevel,
        Sum => SumLevel,
        Product p => p.Coefficient.Sign < 0 ? UnaryLevel : ProductLevel,
        Power pw => IsDenominatorPower(pw) ? ProductLevel : PowerLevel,
        _ => AtomLevel,
    };

    private static bool IsDenominatorPower(Power pw) => pw.Exponent is Number { Value.Sign: < 0 };

    private static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case Number n: sb.Append(n.Value.ToString()); break;
            case Constant c: sb.Append(c.Name); break;
            case Symbol s: sb.Append(s.Name); break;
            case Function f:
                sb.Append(f.Info.Name).Append('(');
                Write(sb, f.Argument);
                sb.Append(')');
                break;
            case Sum sum: WriteSum(sb, sum); break;
            case Product p: WriteProduct(sb, p.Coefficient, p.Factors); break;
            case Power pw: WriteProduct(sb, Rational.One, [new Factor(pw.Base, pw.Exponent)]); break;
            default: throw new InvalidOperationException($"Unexpected node kind {e.Kind}.");
        }
    }

    private static void WriteSum(StringBuilder sb, Sum sum)
    {
        bool first = true;
        foreach (var t in sum.Terms)
        {
            var c = t.Coefficient;
            if (!first) sb.Append(c.Sign < 0 ? '-' : '+');
            else if (c.Sign < 0) sb.Append('-');
            var magnitude = c.Abs();
            var positive = magnitude.IsOne ? t.Term : Expr.Mul(Expr.Num(magnitude), t.Term);
            WriteOperand(sb, positive, SumLevel + 1);
            first = false;
        }
        if (!sum.Constant.IsZero)
        {
            sb.Append(sum.Constant.Sign < 0 ? '-' : '+');
            sb.Append(sum.Constant.Abs().ToString());
        }
    }

    private static void WriteProduct(StringBuilder sb, Rational coefficient, IReadOnlyList<Factor> factors)
    {
        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        foreach (var f in factors)
        {
            if (f.Exponent is Number { Value.Sign: < 0 } ne)
                denominator.Add(Expr.Pow(f.Base, Expr.Num(-ne.Value)));
            else
                numerator.Add(f.Exponent.IsOne ? f.Base : Power.Raw(f.Base, f.Exponent));
        }
        if (coefficient.Sign < 0) sb.Append('-');
        var c = coefficient.Abs();
        var num = c.Numerator;
        var den = c.Denominator;
        bool wrote = false;
        if (!num.IsOne || numerator.Count == 0)
        {
            sb.Append(IntegerText.Of(num));
            wrote = true;
        }
        foreach (var f in numerator)
        {
            if (wrote) sb.Append('*');
            WriteFactor(sb, f);
            wrote = true;
        }
        if (den.IsOne && denominator.Count == 0) return;
        if (!den.IsOne && denominator.Count == 1 && denominator[0] is Sum)
        {
            // "/(2*(x+1))" would read back as 1/(2x+2): a number times a lone sum distributes. Divide twice instead.
            sb.Append('/').Append(IntegerText.Of(den)).Append('/');
            WriteFactor(sb, denominator[0]);
            return;
        }
        sb.Append('/');
        int count = denominator.Count + (den.IsOne ? 0 : 1);
        if (count > 1) sb.Append('(');
        bool firstDen = true;
        if (!den.IsOne) { sb.Append(IntegerText.Of(den)); firstDen = false; }
        foreach (var d in denominator)
        {
            if (!firstDen) sb.Append('*');
            WriteFactor(sb, d);
            firstDen = false;
        }
        if (count > 1) sb.Append(')');
    }

    private static void WriteFactor(StringBuilder sb, Expr f)
    {
        if (f is Power pw)
        {
            if (pw.Exponent is Number { Value: var half } && half == Rational.Half)
            {
                sb.Append("sqrt(");
                Write(sb, pw.Base);
                sb.Append(')');
                return;
            }
            WriteOperand(sb, pw.Base, AtomLevel);
            sb.Append('^');
            WriteOperand(sb, pw.Exponent, AtomLevel);
            return;
        }
        WriteOperand(sb, f, PowerLevel);
    }

    private static void WriteOperand(StringBuilder sb, Expr e, int minLevel)
    {
        if (Level(e) < minLevel)
        {
            sb.Append('(');
            Write(sb, e);
            sb.Append(')');
        }
        else
        {
            Write(sb, e);
        }
    }
}
