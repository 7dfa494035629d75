using System.Globalization;
using System.Numerics;
using Nabla.Numerics;
using Nabla.Symbolic;

namespace Nabla.Regression;

/// <summary>
/// Elementary functions in double-double precision, for the final residuals of a fit: exp, ln and real powers to
/// about 30 digits; the other functions are the double value with a first-order correction for the low word, i.e.
/// double accuracy (NIST's models need only exp, ln, powers and, for Roszman1/ENSO, atan/sin/cos whose residuals are
/// large enough for double).
/// </summary>
internal static class DoubleDoubleMath
{
    private static readonly DoubleDouble Ln2 = new(0.6931471805599453, 2.3190468138462996e-17);
    internal static readonly DoubleDouble Pi = new(3.141592653589793, 1.2246467991473532e-16);
    internal static readonly DoubleDouble E = new(2.718281828459045, 1.4456468917292502e-16);
    private static readonly DoubleDouble Half = 0.5;
    private static readonly DoubleDouble InverseSix = (DoubleDouble)1 / 6;
    private static readonly DoubleDouble InverseTwentyFour = (DoubleDouble)1 / 24;

    public static DoubleDouble Exp(DoubleDouble a)
    {
        if (double.IsNaN(a.Hi)) return new DoubleDouble(double.NaN, 0);
        if (a.Hi > 709.78) return new DoubleDouble(double.PositiveInfinity, 0);
        if (a.Hi < -745.2) return DoubleDouble.Zero;
        double k = Math.Round(a.Hi / Ln2.Hi);
        var r = a - Ln2 * k;
        // r/1024 (|r| ≤ 3.4e-4) keeps the Taylor series of expm1 short: through r⁹ for 32 digits, of which only the
        // terms up to r⁴/24 are above 1e-16 of the sum and need double-double; the rest is a double Horner tail.
        // Multiplying by inverse factorials (not dividing by n) saves the costly double-double divisions.
        r = new DoubleDouble(r.Hi / 1024, r.Lo / 1024);
        double h = r.Hi;
        double tail = 1.0 / 120 + h * (1.0 / 720 + h * (1.0 / 5040 + h * (1.0 / 40320 + h * (1.0 / 362880))));
        var s = r * (1 + r * (Half + r * (InverseSix + r * (InverseTwentyFour + r * tail))));
        // (1+s)² = 1 + (2s + s²) keeps expm1's digits through the squarings.
        for (int i = 0; i < 10; i++) s = s * 2 + s * s;
        var result = s + 1;
        int kk = (int)k;
        return new DoubleDouble(Math.ScaleB(result.Hi, kk), Math.ScaleB(result.Lo, kk));
    }

    public static DoubleDouble Ln(DoubleDouble a)
    {
        if (!(a.Hi > 0)) return new DoubleDouble(double.NaN, 0);
        if (double.IsPositiveInfinity(a.Hi)) return a;
        // One Newton step y ← y + a·e^(−y) − 1 from the double logarithm doubles its ~16 digits.
        DoubleDouble y = Math.Log(a.Hi);
        return y + a * Exp(-y) - 1;
    }

    public static DoubleDouble PowInt(DoubleDouble b, BigInteger k)
    {
        if (BigInteger.Abs(k) > 4096) return new DoubleDouble(Math.Pow(b.ToDouble(), (double)k), 0);
        return PowInt(b, (int)k);
    }

    /// <summary>b^k by squaring, |k| ≤ 4096 (beyond, the double power): no BigInteger arithmetic per point.</summary>
    public static DoubleDouble PowInt(DoubleDouble b, int k)
    {
        if (k == 0) return 1;
        if (k is > 4096 or < -4096) return new DoubleDouble(Math.Pow(b.ToDouble(), k), 0);
        if (k == 1) return b;
        if (k == 2) return b * b;
        if (k == -1) return 1 / b;
        int n = Math.Abs(k);
        DoubleDouble result = 1, power = b;
        while (n != 0)
        {
            if ((n & 1) != 0) result *= power;
            n >>= 1;
            if (n != 0) power *= power;
        }
        return k < 0 ? 1 / result : result;
    }

    /// <summary>b^e where <paramref name="integer"/>, when not null, is the exponent as a small integer (precomputed
    /// from the exact rational, so no BigInteger arithmetic per point).</summary>
    public static DoubleDouble Pow(DoubleDouble b, DoubleDouble e, Rational? exact, int? integer) =>
        integer is { } k ? PowInt(b, k) : Pow(b, e, exact);

    public static DoubleDouble Pow(DoubleDouble b, DoubleDouble e, Rational? exact)
    {
        if (exact is { } r)
        {
            if (r.IsInteger) return PowInt(b, r.Numerator);
            if (r == Rational.Half) return DoubleDouble.Sqrt(b);
            if (r == -Rational.Half) return 1 / DoubleDouble.Sqrt(b);
            if (b.Hi < 0)
            {
                if (r.Denominator.IsEven) return new DoubleDouble(double.NaN, 0);
                var magnitude = Exp(e * Ln(-b));
                return r.Numerator.IsEven ? magnitude : -magnitude;
            }
        }
        if (b.Hi == 0 && b.Lo == 0) return Math.Pow(0, e.ToDouble());
        if (b.Hi < 0) return new DoubleDouble(Math.Pow(b.Hi, e.Hi), 0);
        return Exp(e * Ln(b));
    }

    public static DoubleDouble FromRational(Rational r)
    {
        static DoubleDouble Big(BigInteger n)
        {
            double hi = (double)n;
            if (double.IsInfinity(hi)) return hi;
            return new DoubleDouble(hi, 0) + (double)(n - new BigInteger(hi));
        }
        return r.IsInteger ? Big(r.Numerator) : Big(r.Numerator) / Big(r.Denominator);
    }

    /// <summary>A decimal literal (e.g. "1.2345E-03") to double-double, correct to about 32 digits.</summary>
    public static DoubleDouble Parse(string text)
    {
        var s = text.Trim();
        int exponent = 0;
        int ePos = s.IndexOfAny(['e', 'E']);
        if (ePos >= 0)
        {
            exponent = int.Parse(s[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..ePos];
        }
        bool negative = s.StartsWith('-');
        s = s.TrimStart('+', '-');
        int dot = s.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= s.Length - dot - 1;
            s = s.Remove(dot, 1);
        }
        if (s.Length == 0 || !s.All(char.IsAsciiDigit))
            throw new FormatException($"'{text}' is not a decimal number.");
        var mantissa = FromRational(BigInteger.Parse(s, CultureInfo.InvariantCulture));
        var scale = PowInt(10, BigInteger.Abs(exponent));
        var value = exponent >= 0 ? mantissa * scale : mantissa / scale;
        return negative ? -value : value;
    }

    /// <summary>f(hi + lo) ≈ f(hi) + f′(hi)·lo: double accuracy for functions without a double-double version.</summary>
    public static DoubleDouble Corrected(MathFunction function, DoubleDouble a)
    {
        double x = a.Hi;
        double value = function switch
        {
            MathFunction.Sin => Math.Sin(x),
            MathFunction.Cos => Math.Cos(x),
            MathFunction.Atan => Math.Atan(x),
            _ => FunctionTable.Get(function).Evaluate(x),
        };
        double slope = function switch
        {
            MathFunction.Sin => Math.Cos(x),
            MathFunction.Cos => -Math.Sin(x),
            MathFunction.Atan => 1 / (1 + x * x),
            MathFunction.Tanh => 1 - value * value,
            MathFunction.Sinh => Math.Cosh(x),
            MathFunction.Cosh => Math.Sinh(x),
            _ => 0,
        };
        return slope == 0 || a.Lo == 0 ? value : DoubleDouble.TwoSum(value, slope * a.Lo);
    }
}

/// <summary>
/// An expression flattened once into children-first instructions and evaluated in double-double arithmetic (no
/// recursion; shared sub-expressions are computed once per point). The program itself is immutable and may be shared
/// between threads, but every intermediate value lives in the caller's scratch array: one scratch per thread.
/// </summary>
internal sealed class DoubleDoubleProgram
{
    private enum Op { Constant, Variable, Sum, Product, Power, Function }

    private sealed record Instruction(Op Op, DoubleDouble Value, int Index, (DoubleDouble Coefficient, int Child)[]? Terms,
        (int Base, int Exponent, Rational? Exact, int? Integer)[]? Factors, MathFunction Function);

    private readonly Instruction[] _program;

    public DoubleDoubleProgram(Expr expression, IReadOnlyList<string> variables)
    {
        var index = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        var program = new List<Instruction>();
        var stack = new Stack<(Expr Node, bool Expanded)>();
        stack.Push((expression, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (index.ContainsKey(node)) continue;
            var children = Children(node);
            if (!expanded && children.Count > 0)
            {
                stack.Push((node, true));
                foreach (var child in children) if (!index.ContainsKey(child)) stack.Push((child, false));
                continue;
            }
            index[node] = program.Count;
            program.Add(node switch
            {
                Number n => new Instruction(Op.Constant, DoubleDoubleMath.FromRational(n.Value), 0, null, null, default),
                Constant c => new Instruction(Op.Constant, c.Which == ConstantKind.Pi ? DoubleDoubleMath.Pi : DoubleDoubleMath.E, 0, null, null, default),
                Symbol s => new Instruction(Op.Variable, default, IndexOf(variables, s.Name), null, null, default),
                Sum sum => new Instruction(Op.Sum, DoubleDoubleMath.FromRational(sum.Constant), 0,
                    sum.Terms.Select(t => (DoubleDoubleMath.FromRational(t.Coefficient), index[t.Term])).ToArray(), null, default),
                Product p => new Instruction(Op.Product, DoubleDoubleMath.FromRational(p.Coefficient), 0, null,
                    p.Factors.Select(f => (index[f.Base], index[f.Exponent], f.Exponent is Number e ? e.Value : (Rational?)null, SmallInteger(f.Exponent))).ToArray(), default),
                Power pw => new Instruction(Op.Power, default, 0, null,
                    [(index[pw.Base], index[pw.Exponent], pw.Exponent is Number e ? e.Value : (Rational?)null, SmallInteger(pw.Exponent))], default),
                Function f => new Instruction(Op.Function, default, index[f.Argument], null, null, f.Which),
                _ => throw new InvalidOperationException($"unexpected node {node.Kind}"),
            });
        }
        _program = program.ToArray();
    }

    /// <summary>The operands the instructions read: a sum's terms, a product's bases and exponents (not its Args,
    /// which rebuild coefficient·term and base^exponent nodes).</summary>
    private static IReadOnlyList<Expr> Children(Expr node) => node switch
    {
        Sum sum => sum.Terms.Select(t => t.Term).ToArray(),
        Product p => p.Factors.SelectMany(f => new[] { f.Base, f.Exponent }).ToArray(),
        Power pw => [pw.Base, pw.Exponent],
        Function f => [f.Argument],
        _ => [],
    };

    /// <summary>An integer exponent within ±4096 as an int (the squaring loop of <see cref="DoubleDoubleMath.PowInt(DoubleDouble, int)"/>).</summary>
    private static int? SmallInteger(Expr exponent) =>
        exponent is Number { Value: var r } && r.IsInteger && BigInteger.Abs(r.Numerator) <= 4096 ? (int)r.Numerator : null;

    private static int IndexOf(IReadOnlyList<string> variables, string name)
    {
        for (int i = 0; i < variables.Count; i++) if (variables[i] == name) return i;
        throw new ArgumentException($"the expression uses '{name}', which is not among the variables.");
    }

    /// <summary>The value at a point (one entry per variable), in double-double. <paramref name="scratch"/> (from
    /// <see cref="NewScratch"/>) is overwritten, so it must not be used by another thread at the same time.</summary>
    public DoubleDouble Evaluate(ReadOnlySpan<DoubleDouble> point, DoubleDouble[] scratch)
    {
        for (int k = 0; k < _program.Length; k++)
        {
            var ins = _program[k];
            DoubleDouble v;
            switch (ins.Op)
            {
                case Op.Constant: v = ins.Value; break;
                case Op.Variable: v = point[ins.Index]; break;
                case Op.Sum:
                    v = ins.Value;
                    foreach (var (c, child) in ins.Terms!) v += c * scratch[child];
                    break;
                case Op.Product:
                    v = ins.Value;
                    foreach (var (b, e, exact, integer) in ins.Factors!) v *= DoubleDoubleMath.Pow(scratch[b], scratch[e], exact, integer);
                    break;
                case Op.Power:
                {
                    var (b, e, exact, integer) = ins.Factors![0];
                    v = DoubleDoubleMath.Pow(scratch[b], scratch[e], exact, integer);
                    break;
                }
                default:
                    var a = scratch[ins.Index];
                    v = ins.Function switch
                    {
                        MathFunction.Exp => DoubleDoubleMath.Exp(a),
                        MathFunction.Ln => DoubleDoubleMath.Ln(a),
                        MathFunction.Abs => DoubleDouble.Abs(a),
                        _ => DoubleDoubleMath.Corrected(ins.Function, a),
                    };
                    break;
            }
            scratch[k] = v;
        }
        return scratch[_program.Length - 1];
    }

    /// <summary>Scratch space for <see cref="Evaluate"/>.</summary>
    public DoubleDouble[] NewScratch() => new DoubleDouble[_program.Length];
}
