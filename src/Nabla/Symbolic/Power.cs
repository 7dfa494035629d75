using System.Diagnostics;
using System.Numerics;

namespace Nabla.Symbolic;

/// <summary><c>Base ^ Exponent</c>, canonical: the exponent is never 0 or 1, the base never 1, exact numeric powers
/// are folded, <c>e^x</c> is <c>exp(x)</c>, integer powers are distributed over products.</summary>
public sealed class Power : Expr
{
    /// <summary>
    /// Exact integer powers whose result would exceed this many bits stay unevaluated (2^(10^10)). The same bound as
    /// every exact number (<see cref="Rational.MaxBits"/>): with a smaller one, a number the simplifier computed
    /// within the Rational limit printed as <c>1/N</c> and parsed back as the unevaluated power <c>N^-1</c>.
    /// </summary>
    internal const long MaxExactBits = Rational.MaxBits;

    private Power(Expr b, Expr e)
        : base(StableHash.Combine(StableHash.Combine((int)ExprKind.Power, StableHashOf(b)), StableHashOf(e)),
               Math.Max(b.Depth, e.Depth) + 1, AddSizes(AddSizes(b.TreeSize, e.TreeSize), 1))
    {
        Base = b;
        Exponent = e;
    }

    /// <summary>The base.</summary>
    public Expr Base { get; }
    /// <summary>The exponent.</summary>
    public Expr Exponent { get; }

    /// <inheritdoc/>
    public override ExprKind Kind => ExprKind.Power;
    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Args => [Base, Exponent];
    /// <inheritdoc/>
    public override Expr WithArgs(IReadOnlyList<Expr> args) => Create(args[0], args[1]);

    internal override bool ShallowEquals(Expr other) =>
        other is Power p && ReferenceEquals(p.Base, Base) && ReferenceEquals(p.Exponent, Exponent);

    private protected override int CompareSameKind(Expr other, int budget)
    {
        var p = (Power)other;
        int c = Compare(Base, p.Base, budget);
        return c != 0 ? c : Compare(Exponent, p.Exponent, budget);
    }

    internal static Expr Raw(Expr b, Expr e) => InternTable.Intern(new Power(b, e));

    internal static Expr Create(Expr b, Expr e)
    {
        if (e is Number en)
        {
            if (en.Value.IsZero) return One;
            if (en.Value.IsOne) return b;
        }
        switch (b)
        {
            case Number bn:
                if (bn.Value.IsOne) return One;
                if (bn.Value.IsZero)
                {
                    if (e is Number z)
                    {
                        if (z.Value.Sign > 0) return Zero;
                        throw new SymbolicException("Division by zero.");
                    }
                    return Raw(b, e);
                }
                return e is Number r ? NumberPower(bn.Value, r.Value) : Raw(b, e);
            case Constant { Which: ConstantKind.E }:
                return Function.Create(MathFunction.Exp, e);
            case Power pb when e is Number en2:
                if (en2.Value.IsInteger ||
                    (pb.Exponent is Number inner && inner.Value.Abs() <= Rational.One))
                    return Create(pb.Base, Product.Create([pb.Exponent, e]));
                return Raw(b, e);
            case Product pp when e is Number en3:
                if (en3.Value.IsInteger)
                {
                    var parts = new List<Expr>(pp.Factors.Count + 1) { NumberPower(pp.Coefficient, en3.Value) };
                    foreach (var f in pp.Factors) parts.Add(Create(f.Base, Product.Create([f.Exponent, e])));
                    return Product.Create(parts);
                }
                if (!pp.Coefficient.IsOne && !pp.Coefficient.IsMinusOne)
                {
                    // (c·u)^r = |c|^r · (±u)^r for real powers of a positive factor.
                    var c = pp.Coefficient.Abs();
                    var rest = pp.Coefficient.Sign > 0 ? pp.WithoutCoefficient() : Negate(pp.WithoutCoefficient());
                    return Product.Create([NumberPower(c, en3.Value), Raw(rest, e)]);
                }
                return Raw(b, e);
            default:
                return Raw(b, e);
        }
    }

    /// <summary>True when <see cref="NumberPower"/> keeps b^e as written because its exact value is too large.</summary>
    internal static bool TooLargeToFold(Rational b, Rational e)
    {
        if (e.IsInteger)
        {
            var bits = Math.Max(BigInteger.Abs(b.Numerator).GetBitLength(), b.Denominator.GetBitLength());
            return !b.IsOne && !b.IsMinusOne && !b.IsZero && BigInteger.Abs(e.Numerator) * bits > MaxExactBits;
        }
        return b.Sign > 0 && BigInteger.Abs(e.Numerator) > 1 << 20;
    }

    /// <summary>Exact <c>b^e</c> for rationals: integer powers folded (within <see cref="MaxExactBits"/>), roots
    /// simplified (<c>√8 = 2√2</c>, <c>√(1/2) = √2/2</c>).</summary>
    internal static Expr NumberPower(Rational b, Rational e)
    {
        if (e.IsZero || b.IsOne) return One;
        if (e.IsOne) return Number.Create(b);
        if (b.IsZero)
        {
            if (e.Sign > 0) return Zero;
            throw new SymbolicException("Division by zero.");
        }
        if (e.IsInteger)
        {
            if (b.IsMinusOne) return e.Numerator.IsEven ? One : MinusOne;
            var bits = Math.Max(BigInteger.Abs(b.Numerator).GetBitLength(), b.Denominator.GetBitLength());
            if (BigInteger.Abs(e.Numerator) * bits > MaxExactBits) return Raw(Number.Create(b), Number.Create(e));
            return Number.Create(b.Pow((int)e.Numerator));
        }
        if (b.Sign < 0)
        {
            // Not a real number in general; kept as written (evaluates to NaN = undefined).
            return Raw(Number.Create(b), Number.Create(e));
        }
        if (BigInteger.Abs(e.Numerator) > 1 << 20) return Raw(Number.Create(b), Number.Create(e));
        var (coefficient, radicals) = RadicalNormalForm([(b.Numerator, e), (b.Denominator, -e)]);
        return Product.FromRadicals(coefficient, radicals);
    }

    /// <summary>
    /// Writes a product of positive integers raised to rational powers as <c>c · Π bᵢ^fᵢ</c> with 0 &lt; fᵢ &lt; 1,
    /// distinct fᵢ, and square-free-like bases: the canonical form of numeric radicals.
    /// </summary>
    internal static (Rational Coefficient, List<(BigInteger Base, Rational Exponent)> Radicals) RadicalNormalForm(
        IEnumerable<(BigInteger Base, Rational Exponent)> items)
    {
        var primeExponents = new Dictionary<BigInteger, Rational>();
        Rational coefficient = Rational.One;
        foreach (var (b, e) in items)
        {
            Debug.Assert(b.Sign > 0);
            if (b.IsOne || e.IsZero) continue;
            if (e.IsInteger)
            {
                coefficient *= IntPow(b, e.Numerator);
                continue;
            }
            foreach (var (p, k) in Factorize(b))
            {
                primeExponents.TryGetValue(p, out var existing);
                primeExponents[p] = existing + e * k;
            }
        }
        var grouped = new SortedDictionary<Rational, BigInteger>();
        foreach (var (p, total) in primeExponents)
        {
            // total = whole + frac with 0 <= frac < 1
            var whole = Floor(total);
            var frac = total - whole;
            if (!whole.IsZero) coefficient *= IntPow(p, whole);
            if (!frac.IsZero)
                grouped[frac] = grouped.TryGetValue(frac, out var acc) ? acc * p : p;
        }
        var radicals = new List<(BigInteger, Rational)>(grouped.Count);
        foreach (var (f, b) in grouped) radicals.Add((b, f));
        return (coefficient, radicals);
    }

    private static Rational IntPow(BigInteger b, BigInteger k)
    {
        if (BigInteger.Abs(k) * (long)b.GetBitLength() > MaxExactBits)
            throw new BudgetExceededException("A numeric power is too large to compute exactly.");
        var v = BigInteger.Pow(b, (int)BigInteger.Abs(k));
        return k.Sign >= 0 ? new Rational(v) : new Rational(BigInteger.One, v);
    }

    private static BigInteger Floor(Rational r) =>
        r.IsInteger ? r.Numerator : BigInteger.Divide(r.Numerator - (r.Sign < 0 ? r.Denominator - 1 : 0), r.Denominator);

    /// <summary>Trial division by small primes; a large unfactored cofactor is returned as if prime.</summary>
    private static List<(BigInteger Prime, int Multiplicity)> Factorize(BigInteger n)
    {
        var result = new List<(BigInteger, int)>();
        int k2 = (int)BigInteger.TrailingZeroCount(n);
        if (k2 > 0)
        {
            n >>= k2;
            result.Add((2, k2));
        }
        for (int p = 3; p <= 10007 && (BigInteger)p * p <= n; p += 2)
        {
            int k = Strip(ref n, p);
            if (k > 0) result.Add((p, k));
        }
        if (!n.IsOne)
        {
            // A leftover that is a perfect square of a big prime is still worth recognising.
            var root = ISqrt(n);
            if (root * root == n) result.Add((root, 2));
            else result.Add((n, 1));
        }
        return result;
    }

    /// <summary>
    /// Divides every factor <paramref name="p"/> out of <paramref name="m"/> and returns how many there were. Dividing
    /// one p at a time took a division per factor, seconds for the 10⁴-fold powers that exact radicals reach
    /// (<c>√(√(…(x/12)…)^-69802)</c>, found by fuzzing); dividing by p, p², p⁴, … and back down takes O(log k) divisions.
    /// </summary>
    private static int Strip(ref BigInteger m, int p)
    {
        if (!(m % p).IsZero) return 0;
        var powers = new List<BigInteger> { p };
        int k = 0;
        while (true)
        {
            var quotient = BigInteger.DivRem(m, powers[^1], out var remainder);
            if (!remainder.IsZero) break;
            m = quotient;
            k += 1 << (powers.Count - 1);
            if (powers[^1].GetBitLength() * 2 > m.GetBitLength() + 1) break;
            powers.Add(powers[^1] * powers[^1]);
        }
        for (int i = powers.Count - 1; i >= 0; i--)
        {
            var quotient = BigInteger.DivRem(m, powers[i], out var remainder);
            if (!remainder.IsZero) continue;
            m = quotient;
            k += 1 << i;
            i++; // the same power may divide again
        }
        return k;
    }

    private static BigInteger ISqrt(BigInteger n)
    {
        if (n < 2) return n;
        if (n.GetBitLength() > 1000) return BigInteger.Zero; // too big to matter here; treated as not a square
        // Newton's method from above. (Starting from Math.Sqrt and stepping by one hung: a double carries 53 bits, so
        // for a 140-digit n that start is off by about 10^50.)
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }
}
