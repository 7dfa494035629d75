using System.Numerics;

namespace Nabla.Symbolic;

/// <summary>One factor <c>Base^Exponent</c> of a <see cref="Product"/>.</summary>
/// <param name="Base">The base (never a number with a rational exponent that could be folded).</param>
/// <param name="Exponent">The exponent (never 0).</param>
public readonly record struct Factor(Expr Base, Expr Exponent)
{
    /// <summary>The factor as an expression <c>Base^Exponent</c>.</summary>
    public Expr ToExpr() => Power.Create(Base, Exponent);
}

/// <summary>
/// <c>Coefficient · Π Baseᵢ^Exponentᵢ</c>, canonical: bases distinct and sorted, exponents merged (<c>x·x = x^2</c>),
/// the coefficient an exact rational, numeric radicals in normal form. A product has at least two factors, or a
/// coefficient other than 1 and at least one factor.
/// </summary>
public sealed class Product : Expr
{
    private readonly Factor[] _factors;
    private Expr? _withoutCoefficient;

    private Product(Rational coefficient, Factor[] factors)
        : base(HashOf(coefficient, factors), DepthOf(factors), SizeOf(factors))
    {
        Coefficient = coefficient;
        _factors = factors;
    }

    /// <summary>The rational coefficient.</summary>
    public Rational Coefficient { get; }

    /// <summary>The factors, in canonical order.</summary>
    public IReadOnlyList<Factor> Factors => _factors;

    /// <inheritdoc/>
    public override ExprKind Kind => ExprKind.Product;

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Args
    {
        get
        {
            var args = new List<Expr>(_factors.Length + 1);
            if (!Coefficient.IsOne) args.Add(Number.Create(Coefficient));
            foreach (var f in _factors) args.Add(f.Exponent.IsOne ? f.Base : Power.Raw(f.Base, f.Exponent));
            return args;
        }
    }

    /// <inheritdoc/>
    public override Expr WithArgs(IReadOnlyList<Expr> args) => Create(args);

    /// <summary>This product with coefficient 1 (the "term" a sum stores).</summary>
    public Expr WithoutCoefficient()
    {
        if (Coefficient.IsOne) return this;
        return _withoutCoefficient ??= FromCanonical(Rational.One, _factors);
    }

    internal override bool ShallowEquals(Expr other)
    {
        if (other is not Product p || p.Coefficient != Coefficient || p._factors.Length != _factors.Length) return false;
        for (int i = 0; i < _factors.Length; i++)
            if (!ReferenceEquals(p._factors[i].Base, _factors[i].Base) || !ReferenceEquals(p._factors[i].Exponent, _factors[i].Exponent))
                return false;
        return true;
    }

    private protected override int CompareSameKind(Expr other, int budget)
    {
        var p = (Product)other;
        int n = Math.Min(_factors.Length, p._factors.Length);
        for (int i = 0; i < n; i++)
        {
            int c = Compare(_factors[i].Base, p._factors[i].Base, budget);
            if (c != 0) return c;
            c = Compare(_factors[i].Exponent, p._factors[i].Exponent, budget);
            if (c != 0) return c;
        }
        int len = _factors.Length.CompareTo(p._factors.Length);
        return len != 0 ? len : Coefficient.CompareTo(p.Coefficient);
    }

    private static int HashOf(Rational coefficient, Factor[] factors)
    {
        int h = StableHash.Combine((int)ExprKind.Product, coefficient.GetHashCode());
        foreach (var f in factors) h = StableHash.Combine(StableHash.Combine(h, StableHashOf(f.Base)), StableHashOf(f.Exponent));
        return h;
    }

    private static int DepthOf(Factor[] factors)
    {
        int d = 0;
        foreach (var f in factors) d = Math.Max(d, Math.Max(f.Base.Depth, f.Exponent.IsOne ? 0 : f.Exponent.Depth + 1));
        return d + 1;
    }

    private static long SizeOf(Factor[] factors)
    {
        long s = 1;
        foreach (var f in factors)
            s = AddSizes(s, f.Exponent.IsOne ? f.Base.TreeSize : AddSizes(AddSizes(f.Base.TreeSize, f.Exponent.TreeSize), 1));
        return s;
    }

    /// <summary>Builds the canonical node from already-canonical parts (sorted, merged factors).</summary>
    private static Expr FromCanonical(Rational coefficient, Factor[] factors)
    {
        if (coefficient.IsZero) return Zero;
        if (factors.Length == 0) return Number.Create(coefficient);
        if (factors.Length == 1)
        {
            var f = factors[0];
            if (coefficient.IsOne) return f.Exponent.IsOne ? f.Base : Power.Raw(f.Base, f.Exponent);
            if (f.Base is Sum s && f.Exponent.IsOne) return s.Scale(coefficient);
        }
        return InternTable.Intern(new Product(coefficient, factors));
    }

    internal static Expr FromRadicals(Rational coefficient, List<(BigInteger Base, Rational Exponent)> radicals)
    {
        var factors = new Factor[radicals.Count];
        for (int i = 0; i < radicals.Count; i++)
            factors[i] = new Factor(Number.Create(radicals[i].Base), Number.Create(radicals[i].Exponent));
        Array.Sort(factors, CompareFactors);
        return FromCanonical(coefficient, factors);
    }

    private static int CompareFactors(Factor a, Factor b)
    {
        int c = Compare(a.Base, b.Base, 400);
        return c != 0 ? c : Compare(a.Exponent, b.Exponent, 400);
    }

    internal static Expr Create(IEnumerable<Expr> operands) => Create(operands, MaxPasses);

    // The first pass may rebuild merged powers once; later passes only flatten (see below), at most MaxPasses in all.
    private const int MaxPasses = 3;

    private static Expr Create(IEnumerable<Expr> operands, int passesLeft)
    {
        Rational coefficient = Rational.One;
        var exponents = new Dictionary<Expr, Expr>();
        List<Expr>? order = null; // distinct bases in first-seen order; sorted at the end

        void AddFactor(Expr b, Expr e)
        {
            if (exponents.TryGetValue(b, out var existing)) exponents[b] = Sum.Create([existing, e]);
            else { exponents[b] = e; (order ??= []).Add(b); }
        }

        foreach (var operand in operands)
        {
            switch (operand)
            {
                case Number n:
                    coefficient *= n.Value;
                    break;
                case Product p:
                    coefficient *= p.Coefficient;
                    foreach (var f in p._factors) AddFactor(f.Base, f.Exponent);
                    break;
                case Power pw:
                    AddFactor(pw.Base, pw.Exponent);
                    break;
                default:
                    AddFactor(operand, One);
                    break;
            }
        }
        if (coefficient.IsZero) return Zero;
        if (order is null) return Number.Create(coefficient);

        var factors = new List<Factor>(order.Count);
        List<(BigInteger, Rational)>? radicals = null;
        List<Expr>? refold = null;
        foreach (var b in order)
        {
            var e = exponents[b];
            if (e.IsZero) continue;
            if (b is Number bn && e is Number en)
            {
                if (Power.TooLargeToFold(bn.Value, en.Value))
                {
                    // Kept as written, as Power.NumberPower keeps it (2^(10^10), 3^-81304): its normal form cannot be
                    // computed exactly, and folding threw, so "1/3^81304" (the printed form of 3^-81304) did not parse back.
                    factors.Add(new Factor(b, e));
                    continue;
                }
                if (bn.Value.Sign > 0)
                {
                    // Positive numeric radicals are put into normal form together (sqrt(2)*sqrt(6) = 2*sqrt(3)).
                    (radicals ??= []).Add((bn.Value.Numerator, en.Value));
                    if (!bn.Value.IsInteger) radicals.Add((bn.Value.Denominator, -en.Value));
                    continue;
                }
                var folded = Power.NumberPower(bn.Value, en.Value);
                if (folded is Number fn) { coefficient *= fn.Value; continue; }
                factors.Add(new Factor(b, e));
                continue;
            }
            if (e.IsOne && b is Product or Power && passesLeft > 1)
            {
                // Merged exponents that add up to 1 leave a product or a power as a plain factor
                // (√(a·f)·√(a·f) = a·f): it is flattened, or the product would print as "(a*f)" and read back as a
                // different expression (found by fuzzing differentiation).
                (refold ??= []).Add(b);
                continue;
            }
            if (!e.IsOne && passesLeft == MaxPasses && b is Sum or Product or Power or Constant { Which: ConstantKind.E })
            {
                // Merged exponents may let the power simplify ((x^2)^(1/2) squared is x^2): rebuild it once.
                var pw = Power.Create(b, e);
                if (pw is not Power p || !ReferenceEquals(p.Base, b) || !ReferenceEquals(p.Exponent, e))
                {
                    (refold ??= []).Add(pw);
                    continue;
                }
            }
            factors.Add(new Factor(b, e));
        }
        if (coefficient.IsZero) return Zero;
        if (radicals is not null)
        {
            var (c, rad) = Power.RadicalNormalForm(radicals);
            coefficient *= c;
            foreach (var (rb, re) in rad) factors.Add(new Factor(Number.Create(rb), Number.Create(re)));
        }
        if (refold is not null)
        {
            var again = new List<Expr>(factors.Count + refold.Count + 1) { Number.Create(coefficient) };
            foreach (var f in factors) again.Add(f.Exponent.IsOne ? f.Base : Power.Raw(f.Base, f.Exponent));
            again.AddRange(refold);
            return Create(again, passesLeft - 1);
        }
        var array = factors.ToArray();
        Array.Sort(array, CompareFactors);
        return FromCanonical(coefficient, array);
    }
}
