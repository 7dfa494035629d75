namespace Nabla.Symbolic.Simplification;

/// <summary>
/// Together (one fraction over a common denominator) and Cancel (that fraction with the polynomial GCD of
/// numerator and denominator divided out). Function arguments are processed first (deep).
/// </summary>
internal sealed class RationalFunctions(Budget budget)
{
    /// <summary>A numerator (no negative powers at its top level) over a product of powers.</summary>
    private sealed record Fraction(Expr Numerator, Dictionary<(Expr Base, Expr Term), Rational> Denominator);

    private readonly Dictionary<Expr, Fraction> _fractions = [];
    private readonly Dictionary<Expr, Expr> _cancelled = [];
    private bool _cancelInside;

    /// <summary>Writes <paramref name="e"/> as one fraction; function arguments are brought together too.</summary>
    public Expr Together(Expr e)
    {
        _cancelInside = false;
        return Build(ToFraction(e, 0));
    }

    /// <summary>One fraction in lowest terms: numerator and denominator expanded, their GCD divided out, and a
    /// rational factor in front.</summary>
    public Expr Cancel(Expr e)
    {
        _cancelInside = true;
        return CancelCore(e, 0);
    }

    /// <summary>The fraction as (numerator, denominator) expressions, after Together.</summary>
    public (Expr Numerator, Expr Denominator) NumeratorDenominator(Expr e, bool cancelInside)
    {
        _cancelInside = cancelInside;
        var f = ToFraction(e, 0);
        return (f.Numerator, DenominatorExpr(f.Denominator));
    }

    private Expr CancelCore(Expr e, int depth)
    {
        if (_cancelled.TryGetValue(e, out var done)) return done;
        var f = ToFraction(e, depth);
        var n = f.Numerator;
        var d = DenominatorExpr(f.Denominator);
        Expr result;
        var polys = PolynomialConverter.TryConvert([n, d], budget);
        if (polys is null) result = Build(f);
        else
        {
            var (pn, pd) = (polys[0], polys[1]);
            var g = Poly.Gcd(pn, pd);
            if (!g.IsOne)
            {
                pn = pn.ExactDivide(g) ?? throw new InvalidOperationException("The GCD must divide the numerator.");
                pd = pd.ExactDivide(g) ?? throw new InvalidOperationException("The GCD must divide the denominator.");
            }
            var (cn, qn) = pn.IntegerPrimitive();
            var (cd, qd) = pd.IntegerPrimitive();
            result = pn.IsZero ? Expr.Zero : Expr.Mul(Expr.Num(cn / cd), qn.ToExpr(), Expr.Pow(qd.ToExpr(), -1));
        }
        budget.CheckSize("Cancel", result.TreeSize);
        _cancelled[e] = result;
        return result;
    }

    private Expr Inner(Expr e, int depth) => _cancelInside ? CancelCore(e, depth + 1) : Build(ToFraction(e, depth + 1));

    private Fraction ToFraction(Expr e, int depth)
    {
        if (depth > Expr.MaxDepth) throw new BudgetExceededException("Together: the expression is nested too deeply.");
        if (e.Args.Count == 0) return new Fraction(e, []);
        if (_fractions.TryGetValue(e, out var cached)) return cached;
        budget.Tick("Together");
        Fraction result;
        switch (e)
        {
            case Function f:
                result = new Fraction(f.WithArgs([Inner(f.Argument, depth)]), []);
                break;
            case Power pw:
            {
                var exponent = Inner(pw.Exponent, depth);
                if (exponent is Number { Value.IsInteger: true } n && System.Numerics.BigInteger.Abs(n.Value.Numerator) <= int.MaxValue)
                {
                    int k = (int)n.Value.Numerator;
                    var fb = ToFraction(pw.Base, depth + 1);
                    if (k > 0)
                    {
                        var den = new Dictionary<(Expr Base, Expr Term), Rational>();
                        foreach (var (key, c) in fb.Denominator) den[key] = c * k;
                        result = new Fraction(Expr.Pow(fb.Numerator, k), den);
                    }
                    else
                    {
                        var den = new Dictionary<(Expr Base, Expr Term), Rational>();
                        var numerator = Expr.Pow(DenominatorExpr(fb.Denominator), -k);
                        numerator = Expr.Mul(numerator, AddToDenominator(den, fb.Numerator, -k));
                        result = new Fraction(numerator, den);
                    }
                }
                else
                {
                    var b = Inner(pw.Base, depth);
                    var (c, t) = exponent.SplitCoefficient();
                    result = c.Sign < 0
                        ? new Fraction(Expr.One, new Dictionary<(Expr Base, Expr Term), Rational> { [(b, t)] = -c })
                        : new Fraction(Expr.Pow(b, exponent), []);
                }
                break;
            }
            case Product:
            {
                var numerators = new List<Expr>();
                var den = new Dictionary<(Expr Base, Expr Term), Rational>();
                foreach (var a in e.Args)
                {
                    var fa = ToFraction(a, depth + 1);
                    numerators.Add(fa.Numerator);
                    foreach (var (key, c) in fa.Denominator) den[key] = den.TryGetValue(key, out var old) ? old + c : c;
                }
                result = new Fraction(Expr.Mul(numerators), den);
                break;
            }
            case Sum:
            {
                var parts = e.Args.Select(a => ToFraction(a, depth + 1)).ToList();
                var lcm = new Dictionary<(Expr Base, Expr Term), Rational>();
                foreach (var p in parts)
                    foreach (var (key, c) in p.Denominator)
                        if (!lcm.TryGetValue(key, out var old) || old < c) lcm[key] = c;
                var terms = new List<Expr>(parts.Count);
                foreach (var p in parts)
                {
                    var factors = new List<Expr> { p.Numerator };
                    foreach (var (key, c) in lcm)
                    {
                        var missing = c - (p.Denominator.TryGetValue(key, out var have) ? have : Rational.Zero);
                        if (!missing.IsZero) factors.Add(Expr.Pow(key.Base, Expr.Mul(Expr.Num(missing), key.Term)));
                    }
                    terms.Add(Expr.Mul(factors));
                }
                result = new Fraction(Expr.Add(terms), lcm);
                budget.CheckSize("Together", result.Numerator.TreeSize);
                break;
            }
            default:
                result = new Fraction(e, []);
                break;
        }
        _fractions[e] = result;
        return result;
    }

    /// <summary>Adds <paramref name="q"/>^<paramref name="multiplicity"/> to a denominator; returns the part
    /// that belongs in the numerator (a rational coefficient, or a factor that already had a negative exponent).</summary>
    private static Expr AddToDenominator(Dictionary<(Expr Base, Expr Term), Rational> den, Expr q, int multiplicity)
    {
        var numerator = new List<Expr>();
        var (coefficient, rest) = q.SplitCoefficient();
        numerator.Add(Expr.Num(coefficient.Pow(-multiplicity)));
        IEnumerable<Expr> factors = rest is Product p ? p.Args : [rest];
        foreach (var f in factors)
        {
            if (f.IsOne) continue;
            var (b, x) = f.SplitPower();
            var (c, t) = x.SplitCoefficient();
            if (c.Sign > 0)
            {
                var key = (b, t);
                den[key] = (den.TryGetValue(key, out var old) ? old : Rational.Zero) + c * multiplicity;
            }
            else numerator.Add(Expr.Pow(f, -multiplicity));
        }
        return Expr.Mul(numerator);
    }

    private static Expr DenominatorExpr(Dictionary<(Expr Base, Expr Term), Rational> den)
    {
        var factors = new List<Expr>(den.Count);
        foreach (var (key, c) in den) factors.Add(Expr.Pow(key.Base, Expr.Mul(Expr.Num(c), key.Term)));
        return Expr.Mul(factors);
    }

    private static Expr Build(Fraction f) =>
        f.Denominator.Count == 0 ? f.Numerator : Expr.Mul(f.Numerator, Expr.Pow(DenominatorExpr(f.Denominator), -1));
}
