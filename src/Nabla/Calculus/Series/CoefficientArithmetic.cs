using Nabla.Symbolic;

namespace Nabla.Series;

/// <summary>
/// Arithmetic on the exact coefficients of a truncated power series. Coefficients are canonical expressions;
/// rational ones (the common case) take a fast path that never builds a sum or product node, and products of
/// symbolic coefficients are distributed one level so that coefficients stay expanded sums of monomials
/// (<c>e·(1 + sin(1))</c> becomes <c>e + e·sin(1)</c>), which keeps them small and lets zero be recognised.
/// </summary>
internal static class CoefficientArithmetic
{
    public static Expr Add(Expr a, Expr b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        if (a is Number na && b is Number nb) return Expr.Num(na.Value + nb.Value);
        return Expr.Add(a, b);
    }

    public static Expr Subtract(Expr a, Expr b)
    {
        if (b.IsZero) return a;
        if (a is Number na && b is Number nb) return Expr.Num(na.Value - nb.Value);
        return Add(a, Scale(b, Rational.MinusOne));
    }

    public static Expr Scale(Expr a, Rational r)
    {
        if (r.IsZero || a.IsZero) return Expr.Zero;
        if (r.IsOne) return a;
        if (a is Number n) return Expr.Num(n.Value * r);
        return Expr.Mul(Expr.Num(r), a);
    }

    public static Expr Multiply(Expr a, Expr b)
    {
        if (a.IsZero || b.IsZero) return Expr.Zero;
        if (a.IsOne) return b;
        if (b.IsOne) return a;
        if (a is Number na) return b is Number nb ? Expr.Num(na.Value * nb.Value) : Scale(b, na.Value);
        if (b is Number nb2) return Scale(a, nb2.Value);
        if (a is not Sum && b is not Sum) return Expr.Mul(a, b);
        var left = Terms(a);
        var right = Terms(b);
        var products = new List<Expr>(left.Count * right.Count);
        foreach (var l in left)
            foreach (var r in right)
                products.Add(Expr.Mul(l, r));
        return Expr.Add(products);
    }

    /// <summary>a / d for a coefficient d known to be non-zero.</summary>
    public static Expr Divide(Expr a, Expr d)
    {
        if (d is Number n) return Scale(a, Rational.One / n.Value);
        return Multiply(a, Expr.Pow(d, Expr.MinusOne));
    }

    private static IReadOnlyList<Expr> Terms(Expr e) => e is Sum ? e.Args : [e];

    /// <summary>Collects a sum with the rational part accumulated exactly and the rest added once.</summary>
    public struct Accumulator
    {
        private Rational _rational;
        private List<Expr>? _symbolic;

        public void Add(Expr term)
        {
            if (term is Number n) _rational += n.Value;
            else (_symbolic ??= []).Add(term);
        }

        /// <summary>Adds a·b·scale; rational products never become number nodes (the hot loop of every recurrence).</summary>
        public void AddProduct(Expr a, Expr b, Rational scale)
        {
            if (a is Number na && b is Number nb)
            {
                if (!na.Value.IsZero && !nb.Value.IsZero) _rational += na.Value * nb.Value * scale;
                return;
            }
            var p = Multiply(a, b);
            if (!p.IsZero) Add(Scale(p, scale));
        }

        public readonly Expr Result()
        {
            if (_symbolic is null) return Expr.Num(_rational);
            if (!_rational.IsZero) _symbolic.Add(Expr.Num(_rational));
            return _symbolic.Count == 1 ? _symbolic[0] : Expr.Add(_symbolic);
        }
    }
}
