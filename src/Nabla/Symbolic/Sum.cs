namespace Nabla.Symbolic;

/// <summary>One term <c>Coefficient · Term</c> of a <see cref="Sum"/>.</summary>
/// <param name="Term">The term, never a number, a sum, or a product with a coefficient other than 1.</param>
/// <param name="Coefficient">Its rational coefficient (never 0).</param>
public readonly record struct SumTerm(Expr Term, Rational Coefficient)
{
    /// <summary>The term times its coefficient, as an expression.</summary>
    public Expr ToExpr() => Coefficient.IsOne ? Term : Product.Create([Number.Create(Coefficient), Term]);
}

/// <summary>
/// <c>Constant + Σ Coefficientᵢ · Termᵢ</c>, canonical: like terms collected (<c>x + x = 2x</c>, <c>x − x = 0</c>),
/// terms distinct and sorted. A sum has at least two terms, or a non-zero constant and at least one term.
/// </summary>
public sealed class Sum : Expr
{
    private readonly SumTerm[] _terms;

    private Sum(Rational constant, SumTerm[] terms) : base(HashOf(constant, terms), DepthOf(terms), SizeOf(terms))
    {
        Constant = constant;
        _terms = terms;
    }

    /// <summary>The rational constant term.</summary>
    public Rational Constant { get; }

    /// <summary>The non-constant terms, in canonical order.</summary>
    public IReadOnlyList<SumTerm> Terms => _terms;

    /// <inheritdoc/>
    public override ExprKind Kind => ExprKind.Sum;

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Args
    {
        get
        {
            var args = new List<Expr>(_terms.Length + 1);
            foreach (var t in _terms) args.Add(t.ToExpr());
            if (!Constant.IsZero) args.Add(Number.Create(Constant));
            return args;
        }
    }

    /// <inheritdoc/>
    public override Expr WithArgs(IReadOnlyList<Expr> args) => Create(args);

    internal override bool ShallowEquals(Expr other)
    {
        if (other is not Sum s || s.Constant != Constant || s._terms.Length != _terms.Length) return false;
        for (int i = 0; i < _terms.Length; i++)
            if (!ReferenceEquals(s._terms[i].Term, _terms[i].Term) || s._terms[i].Coefficient != _terms[i].Coefficient)
                return false;
        return true;
    }

    private protected override int CompareSameKind(Expr other, int budget)
    {
        var s = (Sum)other;
        int n = Math.Min(_terms.Length, s._terms.Length);
        for (int i = 0; i < n; i++)
        {
            int c = Compare(_terms[i].Term, s._terms[i].Term, budget);
            if (c != 0) return c;
            c = _terms[i].Coefficient.CompareTo(s._terms[i].Coefficient);
            if (c != 0) return c;
        }
        int len = _terms.Length.CompareTo(s._terms.Length);
        return len != 0 ? len : Constant.CompareTo(s.Constant);
    }

    private static int HashOf(Rational constant, SumTerm[] terms)
    {
        int h = StableHash.Combine((int)ExprKind.Sum, constant.GetHashCode());
        foreach (var t in terms) h = StableHash.Combine(StableHash.Combine(h, StableHashOf(t.Term)), t.Coefficient.GetHashCode());
        return h;
    }

    private static int DepthOf(SumTerm[] terms)
    {
        int d = 0;
        foreach (var t in terms) d = Math.Max(d, t.Term.Depth + (t.Coefficient.IsOne ? 0 : 1));
        return d + 1;
    }

    private static long SizeOf(SumTerm[] terms)
    {
        long s = 1;
        foreach (var t in terms) s = AddSizes(s, AddSizes(t.Term.TreeSize, t.Coefficient.IsOne ? 0 : 2));
        return s;
    }

    /// <summary>This sum times a rational (distributes: <c>2(x + 1) = 2x + 2</c>).</summary>
    internal Expr Scale(Rational factor)
    {
        if (factor.IsZero) return Zero;
        if (factor.IsOne) return this;
        var terms = new SumTerm[_terms.Length];
        for (int i = 0; i < terms.Length; i++) terms[i] = new SumTerm(_terms[i].Term, _terms[i].Coefficient * factor);
        return InternTable.Intern(new Sum(Constant * factor, terms));
    }

    internal static Expr Create(IEnumerable<Expr> operands)
    {
        Rational constant = Rational.Zero;
        var coefficients = new Dictionary<Expr, Rational>();
        List<Expr>? order = null;

        void AddTerm(Expr term, Rational c)
        {
            if (coefficients.TryGetValue(term, out var existing)) coefficients[term] = existing + c;
            else { coefficients[term] = c; (order ??= []).Add(term); }
        }

        foreach (var operand in operands)
        {
            switch (operand)
            {
                case Number n:
                    constant += n.Value;
                    break;
                case Sum s:
                    constant += s.Constant;
                    foreach (var t in s._terms) AddTerm(t.Term, t.Coefficient);
                    break;
                case Product p:
                    AddTerm(p.WithoutCoefficient(), p.Coefficient);
                    break;
                default:
                    AddTerm(operand, Rational.One);
                    break;
            }
        }
        if (order is null) return Number.Create(constant);

        var terms = new List<SumTerm>(order.Count);
        foreach (var t in order)
        {
            var c = coefficients[t];
            if (!c.IsZero) terms.Add(new SumTerm(t, c));
        }
        if (terms.Count == 0) return Number.Create(constant);
        if (terms.Count == 1 && constant.IsZero) return terms[0].ToExpr();
        var array = terms.ToArray();
        Array.Sort(array, static (a, b) => Compare(a.Term, b.Term, 400));
        return InternTable.Intern(new Sum(constant, array));
    }
}
