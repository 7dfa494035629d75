namespace Nabla.Symbolic;

public abstract partial class Expr
{
    /// <summary>
    /// Evaluates in double precision with the given variable values. Results outside a function's real domain are
    /// NaN (e.g. <c>ln(-1)</c>, <c>sqrt(-1)</c>); division by zero gives ±∞.
    /// </summary>
    /// <exception cref="SymbolicException">A free variable has no value.</exception>
    public double Evaluate(IReadOnlyDictionary<string, double> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        EnsureRecursable("Evaluate");
        var memo = new Dictionary<Expr, double>();
        return EvaluateCore(this, bindings, memo);
    }

    /// <summary>Evaluates with values given as pairs, e.g. <c>e.Evaluate(("x", 1.0), ("y", 2.0))</c>.</summary>
    public double Evaluate(params (string Name, double Value)[] bindings) =>
        Evaluate(bindings.ToDictionary(b => b.Name, b => b.Value, StringComparer.Ordinal));

    private static double EvaluateCore(Expr e, IReadOnlyDictionary<string, double> bindings, Dictionary<Expr, double> memo)
    {
        switch (e)
        {
            case Number n: return n.Value.ToDouble();
            case Constant c: return c.Value;
            case Symbol s:
                return bindings.TryGetValue(s.Name, out var v)
                    ? v
                    : throw new SymbolicException($"No value was given for the variable '{s.Name}'.");
        }
        if (memo.TryGetValue(e, out var cached)) return cached;
        double result;
        switch (e)
        {
            case Sum sum:
            {
                result = sum.Constant.ToDouble();
                foreach (var t in sum.Terms) result += t.Coefficient.ToDouble() * EvaluateCore(t.Term, bindings, memo);
                break;
            }
            case Product p:
            {
                result = p.Coefficient.ToDouble();
                foreach (var f in p.Factors)
                    result *= PowDouble(EvaluateCore(f.Base, bindings, memo), f.Exponent, bindings, memo);
                break;
            }
            case Power pw:
                result = PowDouble(EvaluateCore(pw.Base, bindings, memo), pw.Exponent, bindings, memo);
                break;
            case Function f:
                result = f.Info.Evaluate(EvaluateCore(f.Argument, bindings, memo));
                break;
            default:
                throw new InvalidOperationException($"Unexpected node kind {e.Kind}.");
        }
        memo[e] = result;
        return result;
    }

    private static double PowDouble(double b, Expr exponent, IReadOnlyDictionary<string, double> bindings, Dictionary<Expr, double> memo)
    {
        if (exponent is Number n)
        {
            var r = n.Value;
            if (r.IsInteger && BigIntegerFitsInt(r)) return PowInt(b, (int)r.Numerator);
            if (r == Rational.Half) return Math.Sqrt(b);
            if (r == -Rational.Half) return 1 / Math.Sqrt(b);
            return RealPow(b, r.ToDouble(), r);
        }
        return RealPow(b, EvaluateCore(exponent, bindings, memo), null);
    }

    private static bool BigIntegerFitsInt(Rational r) => r.Numerator >= int.MinValue && r.Numerator <= int.MaxValue;

    /// <summary>b^k by repeated squaring (exact for small integer k, and defined for negative b).</summary>
    internal static double PowInt(double b, int k)
    {
        if (k == 1) return b;
        if (k == 2) return b * b;
        if (k == -1) return 1 / b;
        return Math.Pow(b, k);
    }

    /// <summary>Real power: negative bases only with odd-denominator rational exponents (cube root of −8 is −2).</summary>
    internal static double RealPow(double b, double e, Rational? exact)
    {
        if (b >= 0 || double.IsNaN(b)) return Math.Pow(b, e);
        if (exact is { } r && !r.Denominator.IsEven)
        {
            double magnitude = Math.Pow(-b, e);
            return r.Numerator.IsEven ? magnitude : -magnitude;
        }
        return Math.Pow(b, e); // NaN for a non-integer exponent
    }

    /// <summary>Replaces sub-expressions (usually symbols) by expressions, rebuilding canonically.</summary>
    public Expr Substitute(IReadOnlyDictionary<Expr, Expr> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        if (replacements.Count == 0) return this;
        EnsureRecursable("Substitute");
        var memo = new Dictionary<Expr, Expr>();
        return SubstituteCore(this, replacements, memo);
    }

    /// <summary>Replaces one sub-expression by another.</summary>
    public Expr Substitute(Expr target, Expr replacement) =>
        Substitute(new Dictionary<Expr, Expr> { [target] = replacement });

    private static Expr SubstituteCore(Expr e, IReadOnlyDictionary<Expr, Expr> map, Dictionary<Expr, Expr> memo)
    {
        if (map.TryGetValue(e, out var direct)) return direct;
        if (e.Args.Count == 0) return e;
        if (memo.TryGetValue(e, out var done)) return done;
        var args = e.Args;
        Expr[]? changed = null;
        for (int i = 0; i < args.Count; i++)
        {
            var a = SubstituteCore(args[i], map, memo);
            if (!ReferenceEquals(a, args[i]))
            {
                changed ??= [.. args];
                changed[i] = a;
            }
        }
        var result = changed is null ? e : e.WithArgs(changed);
        memo[e] = result;
        return result;
    }

    /// <summary>The variables occurring in this expression, in natural order (<c>x2</c> before <c>x10</c>).</summary>
    public IReadOnlyList<Symbol> FreeSymbols
    {
        get
        {
            var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
            var symbols = new List<Symbol>();
            var stack = new Stack<Expr>();
            stack.Push(this);
            while (stack.Count > 0)
            {
                var e = stack.Pop();
                if (!seen.Add(e)) continue;
                if (e is Symbol s) { symbols.Add(s); continue; }
                foreach (var a in e.Args) stack.Push(a);
            }
            symbols.Sort((a, b) => Symbol.NaturalCompare(a.Name, b.Name));
            return symbols;
        }
    }

    /// <summary>True when <paramref name="symbol"/> occurs in this expression.</summary>
    public bool Contains(Expr symbol)
    {
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (ReferenceEquals(e, symbol)) return true;
            if (!seen.Add(e)) continue;
            foreach (var a in e.Args) stack.Push(a);
        }
        return false;
    }

    /// <summary>The plain form (see <see cref="Printing.PlainPrinter"/>), which parses back to this expression; for an
    /// expression too large or deep to print, a short description instead (ToString never throws).</summary>
    public override string ToString()
    {
        if (TreeSize > Printing.PlainPrinter.MaxPrintedNodes || Depth > MaxDepth)
            return $"<{Kind} expression: {TreeSize:N0} nodes written out, depth {Depth}>";
        return Printing.PlainPrinter.Print(this);
    }

    /// <summary>Number of distinct nodes in the DAG (shared sub-expressions counted once).</summary>
    public int DagSize
    {
        get
        {
            var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<Expr>();
            stack.Push(this);
            while (stack.Count > 0)
            {
                var e = stack.Pop();
                if (!seen.Add(e)) continue;
                foreach (var a in e.Args) stack.Push(a);
            }
            return seen.Count;
        }
    }
}
