using Nabla.Symbolic.Compilation;

namespace Nabla.Symbolic.Equivalence;

/// <summary>A value in double precision together with a bound on its rounding error.</summary>
/// <param name="Value">The value, with the semantics of <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/>.</param>
/// <param name="Error">An estimate of |computed − exact| (first order, rounding only; +∞ when the value is
/// unreliable, e.g. an argument within its error of a domain edge or a jump).</param>
internal readonly record struct BoundedValue(double Value, double Error);

/// <summary>
/// Evaluates expressions in double precision while tracking how much rounding error each value may carry (a running
/// error analysis). Equivalence checking compares two values against that bound, so that an expanded polynomial
/// whose terms cancel (<c>(x − y)^10</c> written out, at <c>x ≈ y</c>) is not mistaken for a different function, while
/// a real difference larger than the possible rounding error is a trustworthy counterexample.
/// </summary>
/// <remarks>
/// Sums and products use the classical bounds (each operation adds one unit roundoff of its result, a sum of n terms
/// at most n·u·Σ|terms|). Functions and powers propagate their argument's error by evaluating at
/// <c>argument ± error</c>, which needs no derivative table and turns a domain edge or a jump inside the error
/// interval into an infinite error. Nodes are evaluated children-first from an <see cref="ExpressionDag"/>, so
/// depth never recurses and shared sub-expressions are evaluated once.
/// </remarks>
internal sealed class ErrorBoundEvaluator
{
    private const double UnitRoundoff = 1.1102230246251565e-16; // 2^-53

    private readonly ExpressionDag _dag;
    private readonly int[] _symbolSlot; // per node: index into the point for symbols, else -1
    private readonly double[] _values;
    private readonly double[] _errors;

    /// <summary>Prepares evaluation of <paramref name="roots"/> with variables in <paramref name="variables"/> order.</summary>
    public ErrorBoundEvaluator(IReadOnlyList<Expr> roots, IReadOnlyList<Symbol> variables, int maxNodes)
    {
        _dag = ExpressionDag.Build(roots, maxNodes);
        _symbolSlot = new int[_dag.Nodes.Length];
        for (int n = 0; n < _symbolSlot.Length; n++)
        {
            _symbolSlot[n] = -1;
            if (_dag.Nodes[n] is Symbol s)
            {
                for (int j = 0; j < variables.Count; j++)
                    if (ReferenceEquals(variables[j], s)) _symbolSlot[n] = j;
                if (_symbolSlot[n] < 0) throw new ArgumentException($"No value is provided for the variable '{s.Name}'.", nameof(variables));
            }
        }
        _values = new double[_dag.Nodes.Length];
        _errors = new double[_dag.Nodes.Length];
    }

    /// <summary>Evaluates every root at <paramref name="point"/>; results in root order.</summary>
    public void Evaluate(ReadOnlySpan<double> point, Span<BoundedValue> results)
    {
        var nodes = _dag.Nodes;
        for (int n = 0; n < nodes.Length; n++)
        {
            var kids = _dag.Children[n];
            var (v, e) = nodes[n] switch
            {
                Number num => Rounded(num.Value.ToDouble()),
                Constant c => Rounded(c.Value),
                Symbol => (point[_symbolSlot[n]], 0.0),
                Sum s => EvaluateSum(s, kids),
                Product p => EvaluateProduct(p, kids),
                Power pw => EvaluatePower(pw, kids),
                Function f => EvaluateFunction(f, kids[0]),
                var other => throw new InvalidOperationException($"Unexpected node kind {other.Kind}."),
            };
            _values[n] = v;
            _errors[n] = double.IsNaN(e) ? double.PositiveInfinity : e;
        }
        for (int k = 0; k < _dag.Outputs.Length; k++)
            results[k] = new BoundedValue(_values[_dag.Outputs[k]], _errors[_dag.Outputs[k]]);
    }

    private static (double, double) Rounded(double v) => (v, Math.Abs(v) * UnitRoundoff);

    private (double, double) EvaluateSum(Sum s, int[] kids)
    {
        double value = s.Constant.ToDouble();
        double error = Math.Abs(value) * UnitRoundoff;
        double magnitude = Math.Abs(value);
        for (int i = 0; i < kids.Length; i++)
        {
            double c = s.Terms[i].Coefficient.ToDouble();
            double term = c * _values[kids[i]];
            value += term;
            error += Math.Abs(c) * _errors[kids[i]] + Math.Abs(term) * UnitRoundoff;
            magnitude += Math.Abs(term);
        }
        return (value, error + kids.Length * UnitRoundoff * magnitude);
    }

    private (double, double) EvaluateProduct(Product p, int[] kids)
    {
        double value = p.Coefficient.ToDouble();
        double error = Math.Abs(value) * UnitRoundoff;
        foreach (var k in kids)
        {
            double v = _values[k], e = _errors[k];
            double next = value * v;
            error = Math.Abs(value) * e + error * Math.Abs(v) + error * e + Math.Abs(next) * UnitRoundoff;
            value = next;
        }
        return (value, error);
    }

    private (double, double) EvaluatePower(Power pw, int[] kids)
    {
        double b = _values[kids[0]], eb = _errors[kids[0]];
        if (pw.Exponent is Number n)
        {
            var r = n.Value;
            double value = NumericPower(b, r);
            return (value, Spread(value, NumericPower(b - eb, r), NumericPower(b + eb, r), 2));
        }
        double x = _values[kids[1]], ex = _errors[kids[1]];
        double v = Expr.RealPow(b, x, null);
        double spread = Math.Max(
            Spread(v, Expr.RealPow(b - eb, x - ex, null), Expr.RealPow(b + eb, x + ex, null), 2),
            Spread(v, Expr.RealPow(b - eb, x + ex, null), Expr.RealPow(b + eb, x - ex, null), 2));
        return (v, spread);
    }

    private (double, double) EvaluateFunction(Function f, int argument)
    {
        var evaluate = f.Info.Evaluate;
        double a = _values[argument], ea = _errors[argument];
        double value = evaluate(a);
        return (value, Spread(value, evaluate(a - ea), evaluate(a + ea), 4));
    }

    /// <summary>How far the values at the ends of the argument's error interval stray from the value, plus the
    /// rounding of the operation itself (<paramref name="ulps"/> units); +∞ when an end leaves the domain.</summary>
    private static double Spread(double value, double low, double high, int ulps)
    {
        if (!double.IsFinite(value)) return double.PositiveInfinity;
        if (!double.IsFinite(low) || !double.IsFinite(high)) return double.PositiveInfinity;
        return Math.Max(Math.Abs(low - value), Math.Abs(high - value)) + ulps * UnitRoundoff * Math.Abs(value);
    }

    /// <summary>The interpreter's <c>b^r</c> for a rational exponent (<see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/>).</summary>
    internal static double NumericPower(double b, Rational r)
    {
        if (r.IsInteger && r.Numerator >= int.MinValue && r.Numerator <= int.MaxValue) return Expr.PowInt(b, (int)r.Numerator);
        if (r == Rational.Half) return Math.Sqrt(b);
        if (r == -Rational.Half) return 1 / Math.Sqrt(b);
        return Expr.RealPow(b, r.ToDouble(), r);
    }
}
