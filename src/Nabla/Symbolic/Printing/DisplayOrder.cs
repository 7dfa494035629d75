using System.Numerics;

namespace Nabla.Symbolic.Printing;

/// <summary>
/// A product laid out for display as <c>±(NumeratorCoefficient · Numerator) / (DenominatorCoefficient · Denominator)</c>.
/// Every factor has a positive (or symbolic, not visibly negative) exponent; the lists are in display order.
/// </summary>
internal sealed record FractionLayout(
    bool Negative,
    BigInteger NumeratorCoefficient,
    IReadOnlyList<Factor> Numerator,
    BigInteger DenominatorCoefficient,
    IReadOnlyList<Factor> Denominator)
{
    /// <summary>True when something is written below a fraction bar.</summary>
    public bool HasDenominator => !DenominatorCoefficient.IsOne || Denominator.Count > 0;

    /// <summary>How many juxtaposed items the denominator has (a coefficient counts as one).</summary>
    public int DenominatorItems => Denominator.Count + (DenominatorCoefficient.IsOne ? 0 : 1);
}

/// <summary>What a factor looks like at its start, which decides how it is joined to the previous item.</summary>
internal enum FactorShape
{
    /// <summary>A letter-like atom: a symbol, a constant, <c>e^u</c>.</summary>
    Letter,
    /// <summary>A named function application (<c>sin(x)</c>, <c>|x|</c>).</summary>
    Function,
    /// <summary>Something in parentheses: <c>(x + 1)^2</c>.</summary>
    Parenthesised,
    /// <summary>Starts with a digit (<c>2^x</c>): needs a visible times or parentheses after another item.</summary>
    Numeric,
    /// <summary>A root: <c>sqrt(x)</c>, <c>√x</c>, <c>\sqrt[3]{x}</c>.</summary>
    Radical,
}

/// <summary>
/// The display order shared by the human, LaTeX and MathML printers: how the terms of a sum and the factors of a
/// product are arranged on the page, and how a product splits into a numerator and a denominator. The canonical
/// order of <see cref="Expr.CompareTo"/> is good for hashing and merging but not for reading (it puts
/// <c>1/x^2</c> before <c>x</c>); this order is what a teacher writes.
/// </summary>
/// <remarks>
/// Terms of a sum: first the polynomial terms (products of powers of symbols with numeric exponents, possibly times
/// numeric radicals or π), then the other terms grouped by their non-polynomial part (<c>sin(x)</c>, <c>e^x</c>…) in
/// canonical order of that part; inside a group, descending total degree of the symbol powers, then graded
/// lexicographic order of the symbols (<c>x^2 + 2x y + y^2</c>), then the canonical order. The constant comes last.
/// One exception: a sum does not open with a minus when it has a positive term; the first positive term moves to
/// the front (<c>1 - x</c>, <c>cos(x) - x sin(x)</c>, <c>1 - tanh^2(x)</c>).
/// Factors of a product: numeric radicals, constants, symbol powers (natural name order), numbers raised to symbolic
/// powers, functions (canonical order), exponentials, and last parenthesised sums and other compound bases
/// (<c>2x e^(x^2)</c>, <c>e^x (1/x - 1/x^2)</c>, <c>sigmoid(x)(1 - sigmoid(x))</c>, <c>(x + 2)(3x - 3)</c>).
/// </remarks>
internal static class DisplayOrder
{
    /// <summary>Views any expression as <c>coefficient · Π factors</c>.</summary>
    public static (Rational Coefficient, IReadOnlyList<Factor> Factors) AsProduct(Expr e) => e switch
    {
        Product p => (p.Coefficient, p.Factors),
        Power pw => (Rational.One, [new Factor(pw.Base, pw.Exponent)]),
        Number n => (n.Value, []),
        _ => (Rational.One, [new Factor(e, Expr.One)]),
    };

    /// <summary>The terms of a sum in display order, the constant (if any) as a term <c>c · 1</c>.</summary>
    public static IReadOnlyList<SumTerm> Terms(Sum sum)
    {
        var keyed = new List<(SumTerm Term, TermKey Key)>(sum.Terms.Count);
        foreach (var t in sum.Terms) keyed.Add((t, TermKey.Of(t.Term)));
        keyed.Sort(static (a, b) => CompareTerms(a.Key, b.Key, a.Term.Term, b.Term.Term));
        var result = new List<SumTerm>(keyed.Count + 1);
        foreach (var (t, _) in keyed) result.Add(t);
        if (!sum.Constant.IsZero) result.Add(new SumTerm(Expr.One, sum.Constant));
        if (result[0].Coefficient.Sign < 0)
        {
            // A teacher writes 1 - x, cos(x) - x sin(x), 1 - tanh^2(x): the first positive term leads.
            int positive = result.FindIndex(t => t.Coefficient.Sign > 0);
            if (positive > 0)
            {
                var lead = result[positive];
                result.RemoveAt(positive);
                result.Insert(0, lead);
            }
        }
        return result;
    }

    /// <summary>
    /// Splits <c>coefficient · Π factors</c> into numerator and denominator: factors with a negative exponent go below
    /// the bar with the exponent negated (<c>x^(-2)</c> → <c>1/x^2</c>), except exponentials, which stay on top with
    /// the power folded in (<c>exp(x)^(-1)</c> → <c>e^(-x)</c>, valid for every real x).
    /// </summary>
    public static FractionLayout Layout(Rational coefficient, IReadOnlyList<Factor> factors)
    {
        var numerator = new List<Factor>(factors.Count);
        var denominator = new List<Factor>();
        foreach (var f in factors)
        {
            if (f.Base is Function { Which: MathFunction.Exp } exp && !f.Exponent.IsOne)
            {
                var folded = Expr.Exp(Expr.Mul(f.Exponent, exp.Argument));
                if (folded is Number n) coefficient *= n.Value;
                else numerator.Add(new Factor(folded, Expr.One));
                continue;
            }
            if (IsVisiblyNegative(f.Exponent)) denominator.Add(new Factor(f.Base, Expr.Negate(f.Exponent)));
            else numerator.Add(f);
        }
        numerator.Sort(CompareFactors);
        denominator.Sort(CompareFactors);
        return new FractionLayout(coefficient.Sign < 0, BigInteger.Abs(coefficient.Numerator), numerator,
            coefficient.Denominator, denominator);
    }

    /// <summary>Layout of a whole expression viewed as a product.</summary>
    public static FractionLayout Layout(Expr e)
    {
        var (c, f) = AsProduct(e);
        return Layout(c, f);
    }

    /// <summary>True for <c>-2</c>, <c>-1/2</c> and <c>-3y</c>: exponents that print with a leading minus.</summary>
    public static bool IsVisiblyNegative(Expr e) => e switch
    {
        Number n => n.Value.Sign < 0,
        Product p => p.Coefficient.Sign < 0,
        _ => false,
    };

    /// <summary>Display rank of a factor by its base (lower ranks are written first).</summary>
    public static int Rank(Factor f) => f.Base switch
    {
        Number => f.Exponent is Number ? 0 : 3,
        Constant => 1,
        Symbol => 2,
        Function { Which: MathFunction.Exp } => 5,
        Function => 4,
        _ => 6, // parenthesised sums and other compound bases close the product: sigmoid(x)(1 - sigmoid(x))
    };

    /// <summary>Display order of two factors: rank, then canonical order of base and exponent.</summary>
    public static int CompareFactors(Factor a, Factor b)
    {
        int c = Rank(a).CompareTo(Rank(b));
        if (c != 0) return c;
        c = a.Base.CompareTo(b.Base);
        return c != 0 ? c : a.Exponent.CompareTo(b.Exponent);
    }

    /// <summary>The fraction 1/n when the exponent is exactly that for an integer n ≥ 2 (a root), else 0.</summary>
    public static int RootIndex(Expr exponent)
    {
        if (exponent is Number { Value: var r } && r.Numerator.IsOne && !r.IsInteger && r.Denominator <= 1_000_000)
            return (int)r.Denominator;
        return 0;
    }

    /// <summary>True for a positive integer exponent small enough to print as <c>sin^2(x)</c>.</summary>
    public static bool IsPositiveInteger(Expr exponent, out BigInteger value)
    {
        if (exponent is Number { Value: { IsInteger: true, Sign: > 0 } r })
        {
            value = r.Numerator;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Functions conventionally written with the power on the name: <c>sin^2(x)</c>, <c>cosh^3(x)</c>.</summary>
    public static bool TakesPowerOnName(MathFunction f) => f is MathFunction.Sin or MathFunction.Cos or MathFunction.Tan
        or MathFunction.Sec or MathFunction.Csc or MathFunction.Cot or MathFunction.Sinh or MathFunction.Cosh
        or MathFunction.Tanh;

    /// <summary>
    /// How a factor starts on the page. <paramref name="allRoots"/>: the form writes every <c>u^(1/n)</c> with a
    /// radical sign (LaTeX, MathML); otherwise only square roots are radicals and <c>x^(1/3)</c> is a power.
    /// </summary>
    public static FactorShape Shape(Factor f, bool allRoots)
    {
        int root = RootIndex(f.Exponent);
        if (root == 2 || (root > 2 && allRoots)) return FactorShape.Radical;
        return f.Base switch
        {
            Symbol or Constant or Function { Which: MathFunction.Exp } => FactorShape.Letter,
            Function => FactorShape.Function,
            Number { Value: { IsInteger: true, Sign: >= 0 } } => FactorShape.Numeric,
            _ => FactorShape.Parenthesised,
        };
    }

    private static int CompareTerms(TermKey a, TermKey b, Expr ta, Expr tb)
    {
        // Polynomial terms first, then the other terms grouped by their non-polynomial part.
        int c = a.Group.Count == 0 ? (b.Group.Count == 0 ? 0 : -1) : (b.Group.Count == 0 ? 1 : 0);
        if (c != 0) return c;
        int n = Math.Min(a.Group.Count, b.Group.Count);
        for (int i = 0; i < n; i++)
        {
            c = CompareFactors(a.Group[i], b.Group[i]);
            if (c != 0) return c;
        }
        c = a.Group.Count.CompareTo(b.Group.Count);
        if (c != 0) return c;
        c = b.Degree.CompareTo(a.Degree); // descending degree
        if (c != 0) return c;
        // Graded lexicographic: the first symbol (natural order) with a different exponent; higher exponent first.
        int i1 = 0, i2 = 0;
        while (i1 < a.Powers.Count || i2 < b.Powers.Count)
        {
            int s = i1 >= a.Powers.Count ? 1 : i2 >= b.Powers.Count ? -1 : a.Powers[i1].Symbol.CompareTo(b.Powers[i2].Symbol);
            Rational ea = s <= 0 ? a.Powers[i1].Exponent : Rational.Zero;
            Rational eb = s >= 0 ? b.Powers[i2].Exponent : Rational.Zero;
            c = eb.CompareTo(ea);
            if (c != 0) return c;
            if (s <= 0) i1++;
            if (s >= 0) i2++;
        }
        return ta.CompareTo(tb);
    }

    private sealed record TermKey(Rational Degree, List<(Symbol Symbol, Rational Exponent)> Powers, List<Factor> Group)
    {
        public static TermKey Of(Expr term)
        {
            var layout = AsProduct(term);
            Rational degree = Rational.Zero;
            var powers = new List<(Symbol, Rational)>();
            var group = new List<Factor>();
            foreach (var f in layout.Factors)
            {
                if (f.Base is Symbol s && f.Exponent is Number n)
                {
                    degree += n.Value;
                    powers.Add((s, n.Value));
                }
                else if (Rank(f) > 1)
                {
                    // Numeric radicals and constants (√2, π) read like coefficients; everything else sets the group.
                    group.Add(f.Base is Function { Which: MathFunction.Exp } ex && !f.Exponent.IsOne
                        ? new Factor(Expr.Exp(Expr.Mul(f.Exponent, ex.Argument)), Expr.One)
                        : f);
                }
            }
            // Factors of a canonical product are sorted with symbols in natural order already; keep that order.
            powers.Sort(static (p, q) => p.Item1.CompareTo(q.Item1));
            group.Sort(CompareFactors);
            return new TermKey(degree, powers, group);
        }
    }
}
