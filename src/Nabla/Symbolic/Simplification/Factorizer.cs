using System.Numerics;

namespace Nabla.Symbolic.Simplification;

/// <summary>
/// The factorisation of an expression over the rationals: <c>Content · Π Factorᵢ^Multiplicityᵢ</c>.
/// Factors are primitive polynomials with integer coefficients and a positive leading coefficient;
/// denominator factors have negative multiplicities.
/// </summary>
/// <param name="Content">The rational constant in front.</param>
/// <param name="Factors">The non-constant factors with their multiplicities, in a deterministic order.</param>
public sealed record FactorResult(Rational Content, IReadOnlyList<(Expr Factor, int Multiplicity)> Factors)
{
    /// <summary>
    /// The product as a canonical expression. Because the core distributes a number over a single sum,
    /// <c>3·(2x + 1)</c> reads back as <c>6x + 3</c>; use <see cref="Content"/> and <see cref="Factors"/> to show
    /// the factored form.
    /// </summary>
    public Expr ToExpr()
    {
        var parts = new List<Expr>(Factors.Count + 1) { Expr.Num(Content) };
        foreach (var (f, m) in Factors) parts.Add(Expr.Pow(f, m));
        return Expr.Mul(parts);
    }
}

/// <summary>
/// Factorisation of polynomials over Q: rational content, common monomials, contents with respect to each
/// generator (so <c>x²y + xy²</c> gives <c>x·y·(x + y)</c>), square-free decomposition (Yun), and linear factors
/// from the rational root theorem for univariate factors with modest coefficients.
/// </summary>
internal sealed class Factorizer(Budget budget)
{
    /// <summary>Leading and trailing coefficients above this size are not searched for rational roots.</summary>
    private static readonly BigInteger MaxRootSearchCoefficient = BigInteger.Pow(10, 10);
    private const int MaxRootCandidates = 20_000;

    public FactorResult Factor(Expr e)
    {
        var (n, d) = new RationalFunctions(budget).NumeratorDenominator(e, cancelInside: true);
        var polys = PolynomialConverter.TryConvert([n, d], budget);
        if (polys is null) return new FactorResult(Rational.One, [(e, 1)]);
        var (pn, pd) = (polys[0], polys[1]);
        if (pn.IsZero) return new FactorResult(Rational.Zero, []);
        var g = Poly.Gcd(pn, pd);
        if (!g.IsOne) { pn = pn.ExactDivide(g)!; pd = pd.ExactDivide(g)!; }
        var (cn, fn) = FactorPoly(pn);
        var (cd, fd) = FactorPoly(pd);
        var factors = new List<(Expr, int)>();
        foreach (var (f, m) in fn) factors.Add((f.ToExpr(), m));
        foreach (var (f, m) in fd) factors.Add((f.ToExpr(), -m));
        return new FactorResult(cn / cd, factors);
    }

    /// <summary>Factors one polynomial into content · Π factor^multiplicity.</summary>
    public (Rational Content, List<(Poly Factor, int Multiplicity)> Factors) FactorPoly(Poly p)
    {
        var original = p;
        var factors = new List<(Poly, int)>();
        Collect(p, 1, factors, 0);
        // Merge repeated factors and order them deterministically (by degree, then printed form).
        var merged = new Dictionary<Expr, (Poly Poly, int Multiplicity)>();
        var order = new List<Expr>();
        foreach (var (f, m) in factors)
        {
            var key = f.ToExpr();
            if (merged.TryGetValue(key, out var old)) merged[key] = (old.Poly, old.Multiplicity + m);
            else { merged[key] = (f, m); order.Add(key); }
        }
        order.Sort((a, b) => a.CompareTo(b));
        var result = order.Select(k => merged[k]).Select(x => (x.Poly, x.Multiplicity)).ToList();
        // The content is whatever constant is left: computed by division so that it is exact by construction.
        var product = Poly.Constant(p.Ring, Rational.One);
        foreach (var (f, m) in result) product = product.Multiply(f.Pow(m));
        var rest = original.ExactDivide(product);
        if (rest is null || !rest.IsConstant)
            throw new InvalidOperationException("Factorisation lost a factor.");
        return (rest.ConstantValue, result);
    }

    private void Collect(Poly p, int multiplicity, List<(Poly, int)> into, int depth)
    {
        if (depth > 4 * (p.Ring.Count + 2)) throw new BudgetExceededException("Factor: recursion too deep.");
        budget.CheckTime("Factor");
        if (p.IsConstant) return;
        p = p.IntegerPrimitive().Primitive;
        // Common monomial x^a y^b ...
        for (int v = 0; v < p.Ring.Count; v++)
        {
            int min = int.MaxValue;
            foreach (var m in p.Terms.Keys) min = Math.Min(min, m[v]);
            if (min > 0 && min != int.MaxValue)
            {
                into.Add((Poly.Variable(p.Ring, v), multiplicity * min));
                p = p.ExactDivide(Poly.Variable(p.Ring, v, min))!;
            }
        }
        if (p.IsConstant) return;
        // Contents with respect to each generator: polynomials in the other generators.
        if (p.VariableCount() > 1)
        {
            for (int v = 0; v < p.Ring.Count; v++)
            {
                if (!p.Occurs(v)) continue;
                var content = p.ContentIn(v);
                if (!content.IsConstant)
                {
                    Collect(content, multiplicity, into, depth + 1);
                    p = p.ExactDivide(content)!;
                }
            }
        }
        p = p.IntegerPrimitive().Primitive;
        if (p.IsConstant) return;
        int main = p.FirstVariable();
        foreach (var (s, m) in SquareFree(p, main))
        {
            if (s.IsConstant) continue;
            if (s.VariableCount() == 1) foreach (var f in SplitRationalRoots(s, main)) into.Add((f, multiplicity * m));
            else into.Add((s.IntegerPrimitive().Primitive, multiplicity * m));
        }
    }

    /// <summary>Yun's algorithm: p = Π sᵢ^i with the sᵢ square-free and pairwise coprime (p primitive in v).</summary>
    public List<(Poly Factor, int Multiplicity)> SquareFree(Poly p, int v)
    {
        var result = new List<(Poly, int)>();
        var b = p.Derivative(v);
        var c = Poly.Gcd(p, b);
        var w = p.ExactDivide(c)!;
        var y = b.ExactDivide(c)!;
        var z = y.Subtract(w.Derivative(v));
        for (int i = 1; !w.IsConstant; i++)
        {
            budget.CheckTime("Factor");
            if (i > 100_000) throw new BudgetExceededException("Factor: multiplicity too large.");
            var g = Poly.Gcd(w, z);
            if (!g.IsConstant) result.Add((g, i));
            w = w.ExactDivide(g)!;
            y = z.ExactDivide(g)!;
            z = y.Subtract(w.Derivative(v));
        }
        return result;
    }

    /// <summary>Splits off linear factors q·x − p for the rational roots p/q of a square-free univariate polynomial.</summary>
    private IEnumerable<Poly> SplitRationalRoots(Poly s, int v)
    {
        var f = s.IntegerPrimitive().Primitive;
        if (f.Degree(v) <= 1) return [f];
        var leading = BigInteger.Abs(f.LeadingCoefficientIn(v).ConstantValue.Numerator);
        var trailing = BigInteger.Abs(f.CoefficientIn(v, 0).ConstantValue.Numerator);
        if (trailing.IsZero || leading > MaxRootSearchCoefficient || trailing > MaxRootSearchCoefficient) return [f];
        var ps = Divisors(trailing);
        var qs = Divisors(leading);
        if ((long)ps.Count * qs.Count * 2 > MaxRootCandidates) return [f];
        var factors = new List<Poly>();
        var candidates = new SortedSet<Rational>();
        foreach (var p in ps)
            foreach (var q in qs)
            {
                candidates.Add(new Rational(p, q));
                candidates.Add(new Rational(-p, q));
            }
        foreach (var r in candidates)
        {
            if (f.Degree(v) < 1) break;
            budget.Tick("Factor");
            if (!f.EvaluateUnivariate(v, r).IsZero) continue;
            // linear factor den·x − num
            var linear = Poly.Variable(f.Ring, v).Scale(r.Denominator).Subtract(Poly.Constant(f.Ring, r.Numerator));
            factors.Add(linear);
            f = f.ExactDivide(linear)!.IntegerPrimitive().Primitive;
        }
        if (!f.IsConstant) factors.Add(f);
        return factors;
    }

    /// <summary>The positive divisors of n in increasing order (trial division up to √n; callers bound n).</summary>
    internal static List<BigInteger> Divisors(BigInteger n)
    {
        var small = new List<BigInteger>();
        var large = new List<BigInteger>();
        for (BigInteger d = 1; d * d <= n; d++)
        {
            if (!(n % d).IsZero) continue;
            small.Add(d);
            if (d * d != n) large.Add(n / d);
        }
        large.Reverse();
        small.AddRange(large);
        return small;
    }
}
