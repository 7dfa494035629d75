using System.Diagnostics;
using Nabla.Symbolic;
using C = Nabla.Series.CoefficientArithmetic;

namespace Nabla.Series;

/// <summary>What is being expanded, for error messages, and the time budget shared by every expander of one request.</summary>
internal sealed class SeriesProblem
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public SeriesProblem(Expr function, string pointText, TimeSpan timeBudget)
    {
        Function = function;
        PointText = pointText;
        TimeBudget = timeBudget;
    }

    public Expr Function { get; }

    /// <summary>"x = 1" or "(x, y) = (1, 2)".</summary>
    public string PointText { get; }

    public TimeSpan TimeBudget { get; }

    public void CheckTime()
    {
        EngineCancellation.ThrowIfCancelled("Taylor");
        if (_clock.Elapsed > TimeBudget)
            throw new BudgetExceededException(
                $"Taylor: expanding {Describe(Function)} took longer than the time budget of {TimeBudget.TotalSeconds:0.###} s " +
                "(TaylorOptions.TimeBudget); try a lower order.");
    }

    public static string Describe(Expr e) =>
        e.TreeSize > 200 ? "the expression" : e.ToHuman();

    public SymbolicException Pole(Expr denominator) => new(
        $"{Describe(Function)} has a pole at {PointText}: the denominator {denominator.ToHuman()} is 0 there, " +
        "so no Taylor series exists; try a Laurent series or another point");

    public SymbolicException BranchPoint(Expr node, Expr argument, string why) => new(
        $"{Describe(Function)} has a branch point at {PointText}: {argument.ToHuman()} is 0 there and {why}, " +
        $"so {node.ToHuman()} has no Taylor series there; try another point");

    public SymbolicException Undefined(Expr node, Expr argument, Expr value, string why) => new(
        $"{Describe(Function)} is not defined at {PointText}: {argument.ToHuman()} is {value.ToHuman()} there and {why}, " +
        "so no Taylor series exists; try another point");

    public SymbolicException NotSmooth(Expr node, Expr argument, string why) => new(
        $"{Describe(Function)} is not differentiable at {PointText}: {argument.ToHuman()} is 0 there and {why}, " +
        "so no Taylor series exists; try another point");
}

/// <summary>
/// Builds the truncated power series of an expression bottom-up over its DAG (one series per distinct node, memoised):
/// every variable x is replaced by <c>a + h·t</c> (h = 1 for one variable, a direction symbol per variable for the
/// multivariate case) and the series in t is computed with <see cref="PowerSeries"/> arithmetic and the ODE
/// recurrences of the elementary functions. Sub-expressions free of the variables are constants.
/// </summary>
internal sealed class SeriesExpander
{
    private readonly int _order;
    private readonly IReadOnlyDictionary<Symbol, (Expr At, Expr Direction)> _seeds;
    private readonly SeriesProblem _problem;
    private readonly Dictionary<Expr, PowerSeries> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Expr, bool> _depends;

    public SeriesExpander(int order, IReadOnlyDictionary<Symbol, (Expr At, Expr Direction)> seeds, SeriesProblem problem,
        Dictionary<Expr, bool>? dependencyMemo = null)
    {
        _order = order;
        _seeds = seeds;
        _problem = problem;
        _depends = dependencyMemo ?? new Dictionary<Expr, bool>(ReferenceEqualityComparer.Instance);
    }

    public PowerSeries Expand(Expr e)
    {
        e.EnsureRecursable("Taylor");
        return Series(e);
    }

    private bool Depends(Expr e)
    {
        if (e is Symbol s) return _seeds.ContainsKey(s);
        if (e is Number or Constant) return false;
        if (_depends.TryGetValue(e, out var d)) return d;
        d = false;
        foreach (var a in e.Args)
            if (Depends(a)) { d = true; break; }
        _depends[e] = d;
        return d;
    }

    private PowerSeries Series(Expr e)
    {
        if (!Depends(e)) return PowerSeries.Const(e, _order, _problem);
        if (_memo.TryGetValue(e, out var cached)) return cached;
        _problem.CheckTime();
        var result = e switch
        {
            Symbol s => PowerSeries.Linear(_seeds[s].At, _seeds[s].Direction, _order, _problem),
            Sum sum => SumSeries(sum),
            Product p => ProductSeries(p),
            Power pw => PowerNode(pw.Base, pw.Exponent, pw),
            Function f => FunctionSeries(f),
            _ => throw new InvalidOperationException($"Unexpected node kind {e.Kind}."),
        };
        _memo[e] = result;
        return result;
    }

    private PowerSeries SumSeries(Sum sum)
    {
        var result = PowerSeries.Const(Expr.Num(sum.Constant), _order, _problem);
        foreach (var t in sum.Terms) result += Series(t.Term).Scale(t.Coefficient);
        return result;
    }

    private PowerSeries ProductSeries(Product p)
    {
        var numerator = new List<(Expr Base, Expr Exponent)>();
        var denominator = new List<(Expr Base, Expr Exponent)>();
        foreach (var f in p.Factors)
        {
            if (f.Exponent is Number { Value.Sign: < 0 } n && n.Value.IsInteger && Depends(f.Base))
                denominator.Add((f.Base, Expr.Num(-n.Value)));
            else
                numerator.Add((f.Base, f.Exponent));
        }
        return Quotient(Expr.Num(p.Coefficient), numerator, denominator);
    }

    /// <summary>
    /// c·Π num / Π den. When the denominator vanishes at the point to order v (a zero of multiplicity v), the quotient
    /// is still a power series if the numerator vanishes at least as fast (sin(x)/x at 0): both are then recomputed to
    /// order n + v and divided by tᵛ. Otherwise the point is a pole.
    /// </summary>
    private PowerSeries Quotient(Expr coefficient, List<(Expr Base, Expr Exponent)> numerator,
        List<(Expr Base, Expr Exponent)> denominator)
    {
        var num = Multiply(numerator, coefficient, this);
        if (denominator.Count == 0) return num;
        var den = Multiply(denominator, Expr.One, this);
        if (!ExactValues.IsZero(den.Constant)) return PowerSeries.Divide(num, den);

        var denominatorExpr = Expr.Mul(denominator.Select(d => Expr.Pow(d.Base, d.Exponent)));
        int v = 1;
        while (v <= _order && ExactValues.IsZero(den[v])) v++;
        // A denominator that vanishes to every computed order is treated as a pole (it is 0 near the point, or nearly so).
        if (v > _order) throw _problem.Pole(denominatorExpr);
        var wider = new SeriesExpander(_order + v, _seeds, _problem, _depends);
        var num2 = Multiply(numerator, coefficient, wider);
        for (int k = 0; k < v; k++)
            if (!ExactValues.IsZero(num2[k])) throw _problem.Pole(denominatorExpr);
        var den2 = Multiply(denominator, Expr.One, wider);
        return PowerSeries.Divide(num2.ShiftDown(v, _order), den2.ShiftDown(v, _order));
    }

    private static PowerSeries Multiply(List<(Expr Base, Expr Exponent)> factors, Expr coefficient, SeriesExpander engine)
    {
        PowerSeries? result = null;
        foreach (var (b, e) in factors)
        {
            var s = engine.PowerNode(b, e, null);
            result = result is null ? s : result * s;
        }
        if (result is null) return PowerSeries.Const(coefficient, engine._order, engine._problem);
        return coefficient.IsOne ? result : result.ScaleBy(coefficient);
    }

    /// <summary>The largest integer exponent expanded by repeated multiplication.</summary>
    private const int MaxIntegerExponent = 1_000_000;

    /// <summary>The series of b^e; <paramref name="node"/> is the power node itself when it is one (memoised).</summary>
    private PowerSeries PowerNode(Expr b, Expr e, Expr? node)
    {
        if (node is null) return e.IsOne ? Series(b) : Series(Expr.Pow(b, e));
        if (!Depends(e))
        {
            var baseSeries = Series(b);
            var b0 = baseSeries.Constant;
            if (e is Number { Value.IsInteger: true } m)
            {
                // Repeated squaring needs the exponent as an int; x^(10^10) is beyond any series a learner can use.
                if (System.Numerics.BigInteger.Abs(m.Value.Numerator) > MaxIntegerExponent)
                    throw new BudgetExceededException(
                        $"the exponent in {node.ToHuman()} is too large for a Taylor series (at most {MaxIntegerExponent:N0})");
                if (m.Value.Sign >= 0) return baseSeries.PowInteger((int)m.Value.Numerator);
                return Quotient(Expr.One, [], [(b, Expr.Num(-m.Value))]);
            }
            // A fractional or symbolic power needs a non-zero base: at 0 it is a branch point (or a pole).
            if (ExactValues.IsZero(b0))
            {
                if (e is Number { Value.Sign: < 0 }) throw _problem.Pole(Expr.Pow(b, Expr.Negate(e)));
                throw _problem.BranchPoint(node, b, $"the derivative of {Expr.Pow(Expr.Sym("u"), e).ToHuman()} is infinite at u = 0");
            }
            if (ExactValues.Value(b0) is { } bv)
            {
                bool realForNegative = e is Number q && !q.Value.Denominator.IsEven;
                if (double.IsNaN(bv) || (bv < 0 && !realForNegative))
                    throw _problem.Undefined(node, b, b0, $"{Expr.Pow(Expr.Sym("u"), e).ToHuman()} is not a real number for negative u");
            }
            return baseSeries.Pow(e, RealPower(b0, e));
        }
        // b^e = exp(e·ln b) with a variable exponent.
        var exponent = Series(e);
        PowerSeries logBase;
        if (!Depends(b))
        {
            if (ExactValues.Value(b) is { } v && !(v > 0))
                throw _problem.Undefined(node, b, b, "a power with a variable exponent needs a positive base");
            logBase = exponent.ScaleBy(Expr.Ln(b));
        }
        else
        {
            var baseSeries = Series(b);
            CheckLogArgument(node, b, baseSeries.Constant);
            logBase = baseSeries.Ln(Expr.Ln(baseSeries.Constant)) * exponent;
        }
        return logBase.Exp(Expr.Pow(Series(b).Constant, exponent.Constant));
    }

    /// <summary>b^e, with the real odd root of a negative number folded: (−8)^(1/3) = −2.</summary>
    private static Expr RealPower(Expr b, Expr e)
    {
        if (b is Number { Value.Sign: < 0 } n && e is Number q && !q.Value.Denominator.IsEven)
        {
            var magnitude = Expr.Pow(Expr.Num(-n.Value), e);
            return q.Value.Numerator.IsEven ? magnitude : -magnitude;
        }
        return Expr.Pow(b, e);
    }

    private void CheckLogArgument(Expr node, Expr argument, Expr value)
    {
        if (ExactValues.IsZero(value))
            throw _problem.Undefined(node, argument, Expr.Zero, "ln(u) goes to -infinity as u goes to 0");
        if (ExactValues.Value(value) is { } v && !(v > 0))
            throw _problem.Undefined(node, argument, value, "ln(u) is only defined for u > 0");
    }

    private PowerSeries FunctionSeries(Function f)
    {
        var s = Series(f.Argument);
        var a0 = s.Constant;
        var arg = f.Argument;
        switch (f.Which)
        {
            case MathFunction.Exp:
                return s.Exp(Expr.Exp(a0));
            case MathFunction.Ln:
                CheckLogArgument(f, arg, a0);
                return s.Ln(Expr.Ln(a0));
            case MathFunction.Sin:
                return s.SinCos(ExactValues.Sin(a0), ExactValues.Cos(a0), hyperbolic: false).Sin;
            case MathFunction.Cos:
                return s.SinCos(ExactValues.Sin(a0), ExactValues.Cos(a0), hyperbolic: false).Cos;
            case MathFunction.Sinh:
                return s.SinCos(Expr.Call(MathFunction.Sinh, a0), Expr.Call(MathFunction.Cosh, a0), hyperbolic: true).Sin;
            case MathFunction.Cosh:
                return s.SinCos(Expr.Call(MathFunction.Sinh, a0), Expr.Call(MathFunction.Cosh, a0), hyperbolic: true).Cos;
            case MathFunction.Tan:
            {
                var cos0 = ExactValues.Cos(a0);
                if (ExactValues.IsZero(cos0)) throw _problem.Pole(Expr.Cos(arg));
                // tan' = 1 + tan², so the coefficients are polynomials in tan(a₀).
                return s.Riccati(ExactValues.Sin(a0) / cos0, Expr.One, Expr.Zero, Expr.One);
            }
            case MathFunction.Cot:
            {
                var sin0 = ExactValues.Sin(a0);
                if (ExactValues.IsZero(sin0)) throw _problem.Pole(Expr.Sin(arg));
                return s.Riccati(ExactValues.Cos(a0) / sin0, Expr.MinusOne, Expr.Zero, Expr.MinusOne);
            }
            case MathFunction.Sec:
            {
                var (_, cos) = s.SinCos(ExactValues.Sin(a0), ExactValues.Cos(a0), hyperbolic: false);
                if (ExactValues.IsZero(cos.Constant)) throw _problem.Pole(Expr.Cos(arg));
                return PowerSeries.Divide(PowerSeries.Const(Expr.One, _order, _problem), cos);
            }
            case MathFunction.Csc:
            {
                var (sin, _) = s.SinCos(ExactValues.Sin(a0), ExactValues.Cos(a0), hyperbolic: false);
                if (ExactValues.IsZero(sin.Constant)) throw _problem.Pole(Expr.Sin(arg));
                return PowerSeries.Divide(PowerSeries.Const(Expr.One, _order, _problem), sin);
            }
            case MathFunction.Tanh:
                return s.Riccati(Expr.Call(MathFunction.Tanh, a0), Expr.One, Expr.Zero, Expr.MinusOne);
            case MathFunction.Sigmoid:
                return s.Riccati(Expr.Call(MathFunction.Sigmoid, a0), Expr.Zero, Expr.One, Expr.MinusOne);
            case MathFunction.Softplus:
            {
                // softplus' = sigmoid.
                if (_order == 0) return PowerSeries.Const(Expr.Call(MathFunction.Softplus, a0), 0, _problem);
                var shorter = s.Truncate(_order - 1);
                var sigma = shorter.Riccati(Expr.Call(MathFunction.Sigmoid, a0), Expr.Zero, Expr.One, Expr.MinusOne);
                return (sigma * s.Derivative()).Integrate(Expr.Call(MathFunction.Softplus, a0));
            }
            case MathFunction.Atan:
            {
                if (_order == 0) return PowerSeries.Const(Expr.Call(MathFunction.Atan, a0), 0, _problem);
                var shorter = s.Truncate(_order - 1);
                var denominator = PowerSeries.Const(Expr.One, _order - 1, _problem) + shorter * shorter;
                return PowerSeries.Divide(s.Derivative(), denominator).Integrate(Expr.Call(MathFunction.Atan, a0));
            }
            case MathFunction.Asin or MathFunction.Acos:
            {
                var w0 = Expr.Call(f.Which, a0);
                var g0 = C.Subtract(Expr.One, C.Multiply(a0, a0));
                if (ExactValues.IsZero(g0))
                    throw new SymbolicException(
                        $"{SeriesProblem.Describe(_problem.Function)} has a branch point at {_problem.PointText}: " +
                        $"{arg.ToHuman()} is {a0.ToHuman()} there and the derivative 1/sqrt(1 - u^2) of {FunctionTable.Get(f.Which).Name}(u) " +
                        "is infinite at u = ±1, so no Taylor series exists; try another point");
                if (ExactValues.Value(g0) is { } gv && !(gv > 0))
                    throw _problem.Undefined(f, arg, a0, $"{FunctionTable.Get(f.Which).Name}(u) is only defined for -1 <= u <= 1");
                if (_order == 0) return PowerSeries.Const(w0, 0, _problem);
                var shorter = s.Truncate(_order - 1);
                var g = PowerSeries.Const(Expr.One, _order - 1, _problem) - shorter * shorter;
                var root = g.Pow(Expr.Num(1, 2), Expr.Sqrt(g0));
                var derivative = PowerSeries.Divide(s.Derivative(), root);
                if (f.Which == MathFunction.Acos) derivative = derivative.Scale(Rational.MinusOne);
                return derivative.Integrate(w0);
            }
            case MathFunction.Abs or MathFunction.Sign or MathFunction.Relu or MathFunction.Step:
            {
                int sign = SignOf(f, arg, a0);
                return f.Which switch
                {
                    MathFunction.Abs => sign > 0 ? s : s.Scale(Rational.MinusOne),
                    MathFunction.Sign => PowerSeries.Const(Expr.Num(sign), _order, _problem),
                    MathFunction.Relu => sign > 0 ? s : PowerSeries.Const(Expr.Zero, _order, _problem),
                    _ => PowerSeries.Const(sign > 0 ? Expr.One : Expr.Zero, _order, _problem),
                };
            }
            default:
                throw new SymbolicException($"Taylor series of {FunctionTable.Get(f.Which).Name} are not supported.");
        }
    }

    /// <summary>The sign of the argument of a piecewise function at the point: where it is 0 the function has a kink or a jump.</summary>
    private int SignOf(Function f, Expr arg, Expr a0)
    {
        string name = FunctionTable.Get(f.Which).Name;
        if (ExactValues.IsZero(a0))
            throw _problem.NotSmooth(f, arg, f.Which is MathFunction.Abs or MathFunction.Relu
                ? $"{name}(u) has a corner at u = 0"
                : $"{name}(u) jumps at u = 0");
        var v = ExactValues.Value(a0);
        if (v is null)
            throw new SymbolicException(
                $"Cannot expand {f.ToHuman()} about {_problem.PointText}: the sign of {a0.ToHuman()} is unknown, and {name} depends on it; " +
                "give the expansion point as numbers.");
        if (double.IsNaN(v.Value)) throw _problem.Undefined(f, arg, a0, "it is not a real number");
        return Math.Sign(v.Value);
    }
}
