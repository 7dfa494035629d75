using System.Globalization;
using System.Text;

namespace Nabla.Symbolic.Printing;

/// <summary>
/// A C# expression over <c>double</c> variables named after the symbols, using <c>System.Math</c>:
/// <c>3.0 * (x * x) * Math.Sin(x)</c>. The code computes the same values as <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/>
/// (the same operations in the same order, so results agree to the last bit for the arithmetic and within a few
/// units in the last place where a <c>Math</c> function differs).
/// </summary>
/// <remarks>
/// <para>Numbers are <c>double</c> literals in round-trip format (<c>0.3333333333333333</c>); π and e are
/// <c>Math.PI</c> and <c>Math.E</c>. Powers: <c>x * x</c> for squares, <c>1.0 / x</c>, <c>Math.Sqrt(x)</c>,
/// <c>1.0 / Math.Sqrt(x)</c>, <c>Math.Pow(x, 3.0)</c>; a rational power with an odd denominator is real for a negative
/// base, as in the engine (the cube root of −8 is −2): <c>Math.CopySign(Math.Pow(Math.Abs(t), 1.0/3), t)</c>.
/// sec, csc and cot are <c>1.0 / Math.Cos(u)</c>, <c>1.0 / Math.Sin(u)</c>, <c>Math.Cos(u) / Math.Sin(u)</c>; ln is
/// <c>Math.Log</c> (which gives −∞ at 0 where the engine says undefined); abs is <c>Math.Abs</c>; relu is
/// <c>Math.Max(0.0, u)</c>; sign and step are switch expressions on the value (NaN stays NaN, step(0) is NaN);
/// sigmoid and softplus use the engine's numerically stable formulas.</para>
/// <para>An argument needed twice (the base of a square, the argument of cot, sigmoid, softplus) is computed once by
/// binding it in a switch expression, <c>(u switch { var t0 => t0 * t0 })</c>, so the code grows linearly with the
/// expression. Temporaries are named <c>t0</c>, <c>t1</c>, … with extra leading underscores if a variable could clash.</para>
/// <para>Variable names (<see cref="VariableName"/>): characters that cannot appear in a C# identifier become
/// <c>_</c>, a leading digit gets a <c>_</c> prefix, C# keywords get an <c>@</c> prefix (<c>@double</c>), and the
/// names <c>Math</c>, <c>System</c>, <c>var</c> and <c>_</c>, which would hide what the code uses, get a trailing
/// <c>_</c>. Different symbol names can map to the same identifier (<c>x-1</c> and <c>x_1</c>); name symbols as
/// identifiers to avoid that.</para>
/// </remarks>
public static class CSharpPrinter
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof",
        "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint",
        "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    // Identifiers that are legal but would hide what the generated code refers to.
    private static readonly HashSet<string> Shadowing = new(StringComparer.Ordinal) { "Math", "System", "var", "_" };

    /// <summary>Prints <paramref name="e"/> as a C# expression of type <c>double</c>.</summary>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static string Print(Expr e)
    {
        PrintBudget.Ensure(e, "ToCSharp");
        var sb = new StringBuilder();
        new Writer(sb, TemporaryPrefix(e)).Write(e);
        return sb.ToString();
    }

    /// <summary>
    /// Prints a static method <c>public static double Name(double x, double y) =&gt; …;</c> whose parameters are the
    /// free symbols in natural order (<see cref="Expr.FreeSymbols"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="methodName"/> is not a valid C# method name.</exception>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static string PrintMethod(Expr e, string methodName = "F")
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        if (VariableName(methodName) != methodName)
            throw new ArgumentException($"'{methodName}' is not a valid C# method name.", nameof(methodName));
        var body = Print(e);
        var parameters = string.Join(", ", e.FreeSymbols.Select(s => "double " + VariableName(s.Name)));
        return $"public static double {methodName}({parameters}) => {body};";
    }

    /// <summary>The C# identifier used for the symbol named <paramref name="symbolName"/> (see the remarks).</summary>
    public static string VariableName(string symbolName)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbolName);
        var sb = new StringBuilder(symbolName.Length + 1);
        foreach (var c in symbolName) sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        var name = sb.ToString();
        if (Keywords.Contains(name)) return "@" + name;
        if (Shadowing.Contains(name)) return name + "_";
        return name;
    }

    /// <summary>"t", or "_t", "__t"… so that no variable starts with the prefix of the temporaries.</summary>
    private static string TemporaryPrefix(Expr e)
    {
        var names = e.FreeSymbols.Select(s => VariableName(s.Name)).ToList();
        var prefix = "t";
        while (names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal))) prefix = "_" + prefix;
        return prefix;
    }

    /// <summary>A double literal that reads back as exactly <c>r.ToDouble()</c>.</summary>
    internal static string Literal(Rational r)
    {
        double d = r.ToDouble();
        if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        if (s.IndexOfAny(['.', 'E']) < 0) s += ".0";
        return s;
    }

    private sealed class Writer(StringBuilder sb, string temporaryPrefix)
    {
        private int _temporaries;

        /// <summary>Writes <paramref name="e"/>; the text is safe as any operand only when <see cref="IsPrimary"/>
        /// holds, so callers parenthesise otherwise.</summary>
        public void Write(Expr e)
        {
            switch (e)
            {
                case Number n:
                    if (n.Value.Sign < 0) sb.Append('(').Append(Literal(n.Value)).Append(')');
                    else sb.Append(Literal(n.Value));
                    break;
                case Constant c: sb.Append(c.Which == ConstantKind.Pi ? "Math.PI" : "Math.E"); break;
                case Symbol s: sb.Append(VariableName(s.Name)); break;
                case Sum sum: WriteSum(sum); break;
                case Product p: WriteProduct(p); break;
                case Power pw: WritePower(pw.Base, pw.Exponent); break;
                case Function f: WriteFunction(f); break;
                default: throw new InvalidOperationException($"Unexpected node kind {e.Kind}.");
            }
        }

        /// <summary>True when the printed form is a primary expression (safe as any operand).</summary>
        private static bool IsPrimary(Expr e) => e switch
        {
            Number or Constant or Symbol or Function => true,
            Power pw => !(pw.Exponent is Number { Value: var r } && (r == 2 && IsAtom(pw.Base) || r.IsMinusOne || r == -Rational.Half)),
            _ => false,
        };

        private static bool IsAtom(Expr e) => e is Symbol or Constant or Number { Value.Sign: >= 0 };

        private void WriteOperand(Expr e)
        {
            if (IsPrimary(e)) Write(e);
            else
            {
                sb.Append('(');
                Write(e);
                sb.Append(')');
            }
        }

        // Evaluate computes constant + Σ cᵢ·tᵢ left to right; writing the same order gives the same rounding.
        private void WriteSum(Sum sum)
        {
            bool first = true;
            if (!sum.Constant.IsZero)
            {
                sb.Append(Literal(sum.Constant));
                first = false;
            }
            foreach (var t in sum.Terms)
            {
                var c = t.Coefficient;
                if (first) { if (c.Sign < 0) sb.Append('-'); }
                else sb.Append(c.Sign < 0 ? " - " : " + ");
                var magnitude = c.Abs();
                if (magnitude.IsOne)
                {
                    if (t.Term is Sum) WriteOperand(t.Term);
                    else Write(t.Term); // a product chain or a primary binds tighter than + and -
                }
                else
                {
                    sb.Append(Literal(magnitude)).Append(" * ");
                    WriteOperand(t.Term);
                }
                first = false;
            }
        }

        // Evaluate computes c · f₁ · f₂ … left to right; each later factor is a complete operand.
        private void WriteProduct(Product p)
        {
            var c = p.Coefficient;
            bool first = true;
            if (c.IsMinusOne) sb.Append('-');
            else if (!c.IsOne)
            {
                sb.Append(c.Sign < 0 ? "(" + Literal(c) + ")" : Literal(c));
                first = false;
            }
            foreach (var f in p.Factors)
            {
                if (!first) sb.Append(" * ");
                if (f.Exponent.IsOne) WriteOperand(f.Base);
                else
                {
                    // A leading x * x or 1.0 / x chains left to right exactly as Evaluate multiplies; later ones need ( ).
                    bool parenthesise = !first && !IsPrimary(Power.Raw(f.Base, f.Exponent));
                    if (parenthesise) sb.Append('(');
                    WritePower(f.Base, f.Exponent);
                    if (parenthesise) sb.Append(')');
                }
                first = false;
            }
        }

        // Mirrors Evaluate's PowDouble: b*b, 1/b, Sqrt, Pow, and real odd roots of negative bases.
        private void WritePower(Expr b, Expr x)
        {
            if (x is not Number { Value: var r })
            {
                sb.Append("Math.Pow(");
                Write(b);
                sb.Append(", ");
                Write(x);
                sb.Append(')');
                return;
            }
            if (r.IsInteger && r.Numerator >= int.MinValue && r.Numerator <= int.MaxValue)
            {
                switch ((int)r.Numerator)
                {
                    case 1:
                        WriteOperand(b);
                        return;
                    case 2:
                        Let(b, t => sb.Append(t).Append(" * ").Append(t));
                        return;
                    case -1:
                        sb.Append("1.0 / ");
                        WriteOperand(b);
                        return;
                    default:
                        sb.Append("Math.Pow(");
                        Write(b);
                        sb.Append(", ").Append(Literal(r)).Append(')');
                        return;
                }
            }
            if (r == Rational.Half || r == -Rational.Half)
            {
                if (r.Sign < 0) sb.Append("1.0 / ");
                sb.Append("Math.Sqrt(");
                Write(b);
                sb.Append(')');
                return;
            }
            if (r.Denominator.IsEven)
            {
                sb.Append("Math.Pow(");
                Write(b);
                sb.Append(", ").Append(Literal(r)).Append(')');
                return;
            }
            // Odd denominator: real for negative bases, as in the engine: |b|^r with the sign of b for odd numerators.
            if (r.Numerator.IsEven)
            {
                sb.Append("Math.Pow(Math.Abs(");
                Write(b);
                sb.Append("), ").Append(Literal(r)).Append(')');
                return;
            }
            var exponent = Literal(r);
            Let(b, t => sb.Append("Math.CopySign(Math.Pow(Math.Abs(").Append(t).Append("), ").Append(exponent)
                          .Append("), ").Append(t).Append(')'));
        }

        private void WriteFunction(Function f)
        {
            var u = f.Argument;
            switch (f.Which)
            {
                case MathFunction.Sec: Call("(1.0 / Math.Cos(", u, "))"); break;
                case MathFunction.Csc: Call("(1.0 / Math.Sin(", u, "))"); break;
                case MathFunction.Cot:
                    Let(u, t => sb.Append("Math.Cos(").Append(t).Append(") / Math.Sin(").Append(t).Append(')'), parenthesiseAtom: true);
                    break;
                case MathFunction.Relu: Call("Math.Max(0.0, ", u, ")"); break;
                case MathFunction.Sign:
                    sb.Append('(');
                    WriteOperand(u);
                    sb.Append(" switch { > 0.0 => 1.0, < 0.0 => -1.0, double.NaN => double.NaN, _ => 0.0 })");
                    break;
                case MathFunction.Step:
                    sb.Append('(');
                    WriteOperand(u);
                    sb.Append(" switch { > 0.0 => 1.0, < 0.0 => 0.0, _ => double.NaN })");
                    break;
                case MathFunction.Sigmoid:
                    Let(u, t => sb.Append(t).Append(" >= 0.0 ? 1.0 / (1.0 + Math.Exp(-").Append(t).Append(")) : Math.Exp(")
                                   .Append(t).Append(") / (1.0 + Math.Exp(").Append(t).Append("))"), parenthesiseAtom: true);
                    break;
                case MathFunction.Softplus:
                    Let(u, t => sb.Append(t).Append(" > 30.0 ? ").Append(t).Append(" : ").Append(t).Append(" < -30.0 ? Math.Exp(")
                                   .Append(t).Append(") : Math.Log(1.0 + Math.Exp(").Append(t).Append("))"), parenthesiseAtom: true);
                    break;
                default:
                    Call("Math." + MathName(f.Which) + "(", u, ")");
                    break;
            }
        }

        private static string MathName(MathFunction f) => f switch
        {
            MathFunction.Sin => "Sin",
            MathFunction.Cos => "Cos",
            MathFunction.Tan => "Tan",
            MathFunction.Asin => "Asin",
            MathFunction.Acos => "Acos",
            MathFunction.Atan => "Atan",
            MathFunction.Sinh => "Sinh",
            MathFunction.Cosh => "Cosh",
            MathFunction.Tanh => "Tanh",
            MathFunction.Exp => "Exp",
            MathFunction.Ln => "Log",
            MathFunction.Abs => "Abs",
            _ => throw new InvalidOperationException($"{f} has no direct Math method."),
        };

        private void Call(string before, Expr argument, string after)
        {
            sb.Append(before);
            Write(argument);
            sb.Append(after);
        }

        /// <summary>
        /// Writes <paramref name="body"/> with the value of <paramref name="value"/> computed once: atoms are used as
        /// they are, anything else is bound by <c>(value switch { var t => body })</c>. The result is a primary
        /// expression when bound or when <paramref name="parenthesiseAtom"/> is set.
        /// </summary>
        private void Let(Expr value, Action<string> body, bool parenthesiseAtom = false)
        {
            if (IsAtom(value))
            {
                var atom = new StringBuilder();
                new Writer(atom, temporaryPrefix).Write(value);
                if (parenthesiseAtom) sb.Append('(');
                body(atom.ToString());
                if (parenthesiseAtom) sb.Append(')');
                return;
            }
            var name = temporaryPrefix + (_temporaries++).ToString(CultureInfo.InvariantCulture);
            sb.Append('(');
            WriteOperand(value); // a switch binds tighter than binary operators: (x + 1) switch { … }
            sb.Append(" switch { var ").Append(name).Append(" => ");
            body(name);
            sb.Append(" })");
        }
    }
}
