using System.Numerics;

namespace Nabla.Symbolic.Simplification;

/// <summary>An exponent vector over the generators of a <see cref="PolyRing"/> (value semantics).</summary>
internal readonly struct Monomial : IEquatable<Monomial>
{
    private readonly int[] _exponents;
    private readonly int _hash;

    public Monomial(int[] exponents)
    {
        _exponents = exponents;
        int h = exponents.Length;
        foreach (var e in exponents) h = unchecked(h * 31 + e);
        _hash = h;
    }

    public static Monomial One(int variables) => new(new int[variables]);

    public static Monomial Variable(int variables, int index, int exponent)
    {
        var e = new int[variables];
        e[index] = exponent;
        return new Monomial(e);
    }

    public int Count => _exponents.Length;
    public int this[int i] => _exponents[i];
    public bool IsOne => Array.TrueForAll(_exponents, e => e == 0);

    public Monomial Multiply(Monomial other)
    {
        var e = new int[_exponents.Length];
        for (int i = 0; i < e.Length; i++) e[i] = checked(_exponents[i] + other._exponents[i]);
        return new Monomial(e);
    }

    /// <summary>True when this monomial divides <paramref name="other"/>.</summary>
    public bool Divides(Monomial other)
    {
        for (int i = 0; i < _exponents.Length; i++) if (_exponents[i] > other._exponents[i]) return false;
        return true;
    }

    /// <summary>this / other (the caller checked divisibility).</summary>
    public Monomial Divide(Monomial other)
    {
        var e = new int[_exponents.Length];
        for (int i = 0; i < e.Length; i++) e[i] = _exponents[i] - other._exponents[i];
        return new Monomial(e);
    }

    public Monomial With(int index, int exponent)
    {
        var e = (int[])_exponents.Clone();
        e[index] = exponent;
        return new Monomial(e);
    }

    /// <summary>Lexicographic order with generator 0 most significant.</summary>
    public int CompareLex(Monomial other)
    {
        for (int i = 0; i < _exponents.Length; i++)
        {
            int c = _exponents[i].CompareTo(other._exponents[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    public bool Equals(Monomial other)
    {
        if (_hash != other._hash) return false;
        return _exponents.AsSpan().SequenceEqual(other._exponents);
    }

    public override bool Equals(object? obj) => obj is Monomial m && Equals(m);
    public override int GetHashCode() => _hash;
}

/// <summary>
/// The generators ("variables") shared by a family of polynomials, and the budget their arithmetic runs under.
/// A generator is any expression treated as an opaque variable: a symbol, or an atom such as <c>sin(x)</c>,
/// <c>exp(x)</c> or <c>x^(1/2)</c>.
/// </summary>
internal sealed class PolyRing(IReadOnlyList<Expr> generators, Budget budget)
{
    public IReadOnlyList<Expr> Generators { get; } = generators;
    public Budget Budget { get; } = budget;
    public int Count => Generators.Count;
}

/// <summary>
/// A sparse multivariate polynomial over the rationals in the generators of its <see cref="PolyRing"/>.
/// Immutable once built. Univariate algorithms take the index of the generator to work in; the others are
/// then part of the coefficient ring.
/// </summary>
internal sealed class Poly
{
    private readonly Dictionary<Monomial, Rational> _terms;

    private Poly(PolyRing ring, Dictionary<Monomial, Rational> terms)
    {
        Ring = ring;
        _terms = terms;
    }

    public PolyRing Ring { get; }
    public IReadOnlyDictionary<Monomial, Rational> Terms => _terms;
    public int TermCount => _terms.Count;
    public bool IsZero => _terms.Count == 0;
    public bool IsConstant => _terms.Count == 0 || (_terms.Count == 1 && _terms.Keys.First().IsOne);
    public Rational ConstantValue => _terms.TryGetValue(Monomial.One(Ring.Count), out var c) ? c : Rational.Zero;
    public bool IsOne => IsConstant && ConstantValue.IsOne;

    public static Poly Zero(PolyRing ring) => new(ring, []);

    public static Poly Constant(PolyRing ring, Rational value)
    {
        var t = new Dictionary<Monomial, Rational>();
        if (!value.IsZero) t[Monomial.One(ring.Count)] = value;
        return new Poly(ring, t);
    }

    public static Poly Variable(PolyRing ring, int index, int exponent = 1) =>
        new(ring, new Dictionary<Monomial, Rational> { [Monomial.Variable(ring.Count, index, exponent)] = Rational.One });

    public static Poly Term(PolyRing ring, Monomial m, Rational c)
    {
        var t = new Dictionary<Monomial, Rational>();
        if (!c.IsZero) t[m] = c;
        return new Poly(ring, t);
    }

    private static void Accumulate(Dictionary<Monomial, Rational> into, Monomial m, Rational c)
    {
        if (c.IsZero) return;
        if (into.TryGetValue(m, out var old))
        {
            var s = old + c;
            if (s.IsZero) into.Remove(m); else into[m] = s;
        }
        else into[m] = c;
    }

    public Poly Add(Poly other)
    {
        var t = new Dictionary<Monomial, Rational>(_terms);
        foreach (var (m, c) in other._terms) Accumulate(t, m, c);
        return new Poly(Ring, t);
    }

    public Poly Subtract(Poly other)
    {
        var t = new Dictionary<Monomial, Rational>(_terms);
        foreach (var (m, c) in other._terms) Accumulate(t, m, -c);
        return new Poly(Ring, t);
    }

    public Poly Scale(Rational factor)
    {
        if (factor.IsZero) return Zero(Ring);
        if (factor.IsOne) return this;
        var t = new Dictionary<Monomial, Rational>(_terms.Count);
        foreach (var (m, c) in _terms) t[m] = c * factor;
        return new Poly(Ring, t);
    }

    public Poly MultiplyTerm(Monomial mono, Rational coefficient)
    {
        var t = new Dictionary<Monomial, Rational>(_terms.Count);
        if (coefficient.IsZero) return new Poly(Ring, t);
        foreach (var (m, c) in _terms) t[m.Multiply(mono)] = c * coefficient;
        return new Poly(Ring, t);
    }

    public Poly Multiply(Poly other)
    {
        if (IsZero || other.IsZero) return Zero(Ring);
        var t = new Dictionary<Monomial, Rational>();
        foreach (var (m1, c1) in _terms)
        {
            Ring.Budget.Tick("polynomial product");
            foreach (var (m2, c2) in other._terms) Accumulate(t, m1.Multiply(m2), c1 * c2);
        }
        var result = new Poly(Ring, t);
        Ring.Budget.CheckSize("polynomial product", result.EstimatedNodes());
        return result;
    }

    /// <summary>Rough size of the expression this polynomial prints as.</summary>
    public double EstimatedNodes() => (double)_terms.Count * (1 + Ring.Count);

    public Poly Pow(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n == 0) return Constant(Ring, Rational.One);
        if (n == 1 || IsZero) return this;
        if (_terms.Count == 1)
        {
            var (m, c) = _terms.First();
            var e = new int[Ring.Count];
            for (int i = 0; i < e.Length; i++) e[i] = checked(m[i] * n);
            return Term(Ring, new Monomial(e), c.Pow(n));
        }
        Ring.Budget.CheckSize("polynomial power", EstimatedPowerTerms(n) * (1 + Ring.Count));
        var result = this;
        for (int i = 1; i < n; i++) result = result.Multiply(this);
        return result;
    }

    /// <summary>Upper bound on the terms of this^n: the multinomial count and the degree box, whichever is smaller.</summary>
    public double EstimatedPowerTerms(int n)
    {
        double k = _terms.Count;
        double multinomial = 1; // C(n + k - 1, k - 1)
        for (int i = 1; i < k && multinomial < 1e300; i++) multinomial = multinomial * (n + i) / i;
        double box = 1;
        for (int v = 0; v < Ring.Count && box < 1e300; v++) box *= (double)Degree(v) * n + 1;
        return Math.Min(multinomial, box);
    }

    public Poly Negate() => Scale(Rational.MinusOne);

    public int Degree(int v)
    {
        int d = IsZero ? -1 : 0;
        foreach (var m in _terms.Keys) d = Math.Max(d, m[v]);
        return d;
    }

    public bool Occurs(int v)
    {
        foreach (var m in _terms.Keys) if (m[v] > 0) return true;
        return false;
    }

    /// <summary>The first generator that occurs, or −1 for a constant.</summary>
    public int FirstVariable()
    {
        for (int v = 0; v < Ring.Count; v++) if (Occurs(v)) return v;
        return -1;
    }

    public int VariableCount()
    {
        int n = 0;
        for (int v = 0; v < Ring.Count; v++) if (Occurs(v)) n++;
        return n;
    }

    /// <summary>The lexicographically leading term.</summary>
    public (Monomial Monomial, Rational Coefficient) LeadingTerm()
    {
        if (IsZero) throw new InvalidOperationException("The zero polynomial has no leading term.");
        Monomial best = default;
        Rational bc = default;
        bool first = true;
        foreach (var (m, c) in _terms)
        {
            if (first || m.CompareLex(best) > 0) { best = m; bc = c; first = false; }
        }
        return (best, bc);
    }

    /// <summary>Coefficient of v^degree as a polynomial free of v.</summary>
    public Poly CoefficientIn(int v, int degree)
    {
        var t = new Dictionary<Monomial, Rational>();
        foreach (var (m, c) in _terms) if (m[v] == degree) t[m.With(v, 0)] = c;
        return new Poly(Ring, t);
    }

    public IEnumerable<Poly> CoefficientsIn(int v)
    {
        var byDegree = new SortedDictionary<int, Dictionary<Monomial, Rational>>();
        foreach (var (m, c) in _terms)
        {
            if (!byDegree.TryGetValue(m[v], out var d)) byDegree[m[v]] = d = [];
            d[m.With(v, 0)] = c;
        }
        foreach (var d in byDegree.Values) yield return new Poly(Ring, d);
    }

    public Poly LeadingCoefficientIn(int v) => CoefficientIn(v, Degree(v));

    public Poly Derivative(int v)
    {
        var t = new Dictionary<Monomial, Rational>();
        foreach (var (m, c) in _terms)
            if (m[v] > 0) Accumulate(t, m.With(v, m[v] - 1), c * m[v]);
        return new Poly(Ring, t);
    }

    /// <summary>this / divisor when the division is exact, otherwise null (lexicographic division).</summary>
    public Poly? ExactDivide(Poly divisor)
    {
        if (divisor.IsZero) throw new DivideByZeroException("Polynomial division by zero.");
        if (IsZero) return this;
        if (divisor.IsConstant) return Scale(Rational.One / divisor.ConstantValue);
        var (lm, lc) = divisor.LeadingTerm();
        var remainder = new Dictionary<Monomial, Rational>(_terms);
        var quotient = new Dictionary<Monomial, Rational>();
        while (remainder.Count > 0)
        {
            Ring.Budget.Tick("polynomial division");
            Monomial rm = default; Rational rc = default; bool first = true;
            foreach (var (m, c) in remainder)
                if (first || m.CompareLex(rm) > 0) { rm = m; rc = c; first = false; }
            if (!lm.Divides(rm)) return null;
            var qm = rm.Divide(lm);
            var qc = rc / lc;
            Accumulate(quotient, qm, qc);
            // (k^531209 + 1) / (k + 1) has 531,209 terms: refused here, not after seconds of building them (fuzzing).
            if (quotient.Count > Ring.Budget.MaxNodes)
                throw new BudgetExceededException($"polynomial division: the quotient has more than {Ring.Budget.MaxNodes} terms (SimplifyOptions.MaxNodes).");
            foreach (var (m, c) in divisor._terms) Accumulate(remainder, m.Multiply(qm), -c * qc);
            if (remainder.Count > Ring.Budget.MaxNodes) throw new BudgetExceededException("polynomial division: the remainder grew too large.");
        }
        return new Poly(Ring, quotient);
    }

    /// <summary>Division with remainder in generator <paramref name="v"/> over the rationals; the divisor must
    /// involve only <paramref name="v"/> (univariate division).</summary>
    public (Poly Quotient, Poly Remainder) DivRem(Poly divisor, int v)
    {
        if (divisor.IsZero) throw new DivideByZeroException("Polynomial division by zero.");
        int db = divisor.Degree(v);
        var lc = divisor.LeadingCoefficientIn(v);
        if (!lc.IsConstant) throw new ArgumentException("DivRem needs a divisor whose leading coefficient is a number.");
        var q = Zero(Ring);
        var r = this;
        while (!r.IsZero && r.Degree(v) >= db)
        {
            Ring.Budget.Tick("polynomial division");
            int dr = r.Degree(v);
            var t = r.CoefficientIn(v, dr).Scale(Rational.One / lc.ConstantValue)
                .MultiplyTerm(Monomial.Variable(Ring.Count, v, dr - db), Rational.One);
            q = q.Add(t);
            r = r.Subtract(t.Multiply(divisor));
        }
        return (q, r);
    }

    /// <summary>lc(B)^(deg A − deg B + 1) · A mod B in generator v: a remainder that needs no division.</summary>
    public Poly PseudoRemainder(Poly divisor, int v)
    {
        int db = divisor.Degree(v);
        var lcb = divisor.LeadingCoefficientIn(v);
        var r = this;
        while (!r.IsZero && r.Degree(v) >= db)
        {
            Ring.Budget.Tick("polynomial remainder");
            int dr = r.Degree(v);
            var lcr = r.CoefficientIn(v, dr);
            r = r.Multiply(lcb).Subtract(lcr.MultiplyTerm(Monomial.Variable(Ring.Count, v, dr - db), Rational.One).Multiply(divisor));
        }
        return r;
    }

    /// <summary>The content in generator v: the GCD of the coefficients of the powers of v (a polynomial free of v).</summary>
    public Poly ContentIn(int v)
    {
        Poly? g = null;
        foreach (var c in CoefficientsIn(v))
        {
            g = g is null ? c.Monic() : Gcd(g, c);
            if (g.IsOne) break;
        }
        return g ?? Zero(Ring);
    }

    /// <summary>Divided by its content in v (made primitive in v).</summary>
    public Poly PrimitivePartIn(int v)
    {
        if (IsZero) return this;
        var c = ContentIn(v);
        return c.IsOne ? this : ExactDivide(c) ?? throw new InvalidOperationException("content must divide");
    }

    /// <summary>Scaled so that the lexicographically leading coefficient is 1.</summary>
    public Poly Monic()
    {
        if (IsZero) return this;
        var lc = LeadingTerm().Coefficient;
        return lc.IsOne ? this : Scale(Rational.One / lc);
    }

    /// <summary>
    /// The greatest common divisor, monic in lexicographic order. Multivariate polynomials are handled
    /// recursively (contents in the first generator, then a primitive pseudo-remainder sequence).
    /// </summary>
    public static Poly Gcd(Poly a, Poly b)
    {
        if (a.IsZero) return b.Monic();
        if (b.IsZero) return a.Monic();
        if (a.IsConstant || b.IsConstant) return Constant(a.Ring, Rational.One);
        a.Ring.Budget.CheckTime("polynomial GCD");
        // Monomial parts first: cheap and common.
        int v = -1;
        for (int i = 0; i < a.Ring.Count; i++) if (a.Occurs(i) || b.Occurs(i)) { v = i; break; }
        if (!a.Occurs(v)) return Gcd(a, b.ContentIn(v));
        if (!b.Occurs(v)) return Gcd(a.ContentIn(v), b);
        var ca = a.ContentIn(v);
        var cb = b.ContentIn(v);
        var c = Gcd(ca, cb);
        var pa = ca.IsOne ? a : a.ExactDivide(ca)!;
        var pb = cb.IsOne ? b : b.ExactDivide(cb)!;
        if (pa.Degree(v) < pb.Degree(v)) (pa, pb) = (pb, pa);
        while (!pb.IsZero)
        {
            var r = pa.PseudoRemainder(pb, v);
            if (r.IsZero) { pa = pb; break; }
            // A non-zero remainder free of v means the primitive inputs share no factor involving v.
            if (!r.Occurs(v)) { pa = Constant(a.Ring, Rational.One); break; }
            pa = pb;
            pb = r.PrimitivePartIn(v);
        }
        var g = pa.Occurs(v) ? pa.PrimitivePartIn(v) : Constant(a.Ring, Rational.One);
        return g.Multiply(c).Monic();
    }

    /// <summary>Splits into a rational content and a primitive part with coprime integer coefficients and a
    /// positive leading coefficient.</summary>
    public (Rational Content, Poly Primitive) IntegerPrimitive()
    {
        if (IsZero) return (Rational.Zero, this);
        BigInteger num = BigInteger.Zero, den = BigInteger.One;
        foreach (var c in _terms.Values)
        {
            num = BigInteger.GreatestCommonDivisor(num, c.Numerator);
            den = den / BigInteger.GreatestCommonDivisor(den, c.Denominator) * c.Denominator;
        }
        var content = new Rational(num, den);
        if (LeadingTerm().Coefficient.Sign < 0) content = -content;
        return (content, Scale(Rational.One / content));
    }

    /// <summary>Value at a rational point of a polynomial in the single generator v.</summary>
    public Rational EvaluateUnivariate(int v, Rational x)
    {
        Rational sum = Rational.Zero;
        foreach (var (m, c) in _terms) sum += c * x.Pow(m[v]);
        return sum;
    }

    /// <summary>The expression this polynomial denotes (terms rebuilt canonically).</summary>
    public Expr ToExpr()
    {
        var terms = new List<Expr>(_terms.Count);
        foreach (var (m, c) in _terms)
        {
            var factors = new List<Expr>(Ring.Count + 1) { Expr.Num(c) };
            for (int i = 0; i < Ring.Count; i++)
                if (m[i] != 0) factors.Add(Expr.Pow(Ring.Generators[i], m[i]));
            terms.Add(Expr.Mul(factors));
        }
        return Expr.Add(terms);
    }
}
