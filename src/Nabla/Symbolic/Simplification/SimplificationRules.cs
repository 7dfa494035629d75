using System.Numerics;

namespace Nabla.Symbolic.Simplification;

/// <summary>
/// The table of identity rules that <see cref="Simplifier.Simplify"/> applies bottom-up to a fixed point.
/// Adding a rule is one entry here plus a test. Every rule shrinks its match or moves it towards one normal form
/// (for instance quotients of sine and cosine become tan/cot/sec/csc, never the other way), so rewriting
/// terminates. Rules assume the domain on which the input is defined: <c>exp(ln u) = u</c> holds for u &gt; 0,
/// which is exactly where <c>ln u</c> is defined.
/// </summary>
public static class SimplificationRules
{
    private enum PythagoreanForm
    {
        /// <summary>c·P²·R + σc·Q²·R → c·R</summary>
        Sum,
        /// <summary>c·R − c·P²·R → σc·Q²·R</summary>
        OneMinusP,
        /// <summary>c·R − σc·Q²·R → c·P²·R</summary>
        OneMinusQ,
    }

    /// <summary>The rules, tried in this order at each node.</summary>
    public static IReadOnlyList<SimplificationRule> All { get; } =
    [
        // ---- Pythagorean identities P² + σQ² = 1, each read three ways -------------------------------------
        Pythagorean("pythagorean-sin-cos", "a·sin²u + a·cos²u", "a", MathFunction.Sin, MathFunction.Cos, 1, PythagoreanForm.Sum),
        Pythagorean("one-minus-sin-squared", "a − a·sin²u", "a·cos²u", MathFunction.Sin, MathFunction.Cos, 1, PythagoreanForm.OneMinusP),
        Pythagorean("one-minus-cos-squared", "a − a·cos²u", "a·sin²u", MathFunction.Sin, MathFunction.Cos, 1, PythagoreanForm.OneMinusQ),
        Pythagorean("pythagorean-cosh-sinh", "a·cosh²u − a·sinh²u", "a", MathFunction.Cosh, MathFunction.Sinh, -1, PythagoreanForm.Sum),
        Pythagorean("cosh-squared-minus-one", "a·cosh²u − a", "a·sinh²u", MathFunction.Cosh, MathFunction.Sinh, -1, PythagoreanForm.OneMinusP),
        Pythagorean("one-plus-sinh-squared", "a + a·sinh²u", "a·cosh²u", MathFunction.Cosh, MathFunction.Sinh, -1, PythagoreanForm.OneMinusQ),
        Pythagorean("pythagorean-sec-tan", "a·sec²u − a·tan²u", "a", MathFunction.Sec, MathFunction.Tan, -1, PythagoreanForm.Sum),
        Pythagorean("sec-squared-minus-one", "a·sec²u − a", "a·tan²u", MathFunction.Sec, MathFunction.Tan, -1, PythagoreanForm.OneMinusP),
        Pythagorean("one-plus-tan-squared", "a + a·tan²u", "a·sec²u", MathFunction.Sec, MathFunction.Tan, -1, PythagoreanForm.OneMinusQ),
        Pythagorean("pythagorean-csc-cot", "a·csc²u − a·cot²u", "a", MathFunction.Csc, MathFunction.Cot, -1, PythagoreanForm.Sum),
        Pythagorean("csc-squared-minus-one", "a·csc²u − a", "a·cot²u", MathFunction.Csc, MathFunction.Cot, -1, PythagoreanForm.OneMinusP),
        Pythagorean("one-plus-cot-squared", "a + a·cot²u", "a·csc²u", MathFunction.Csc, MathFunction.Cot, -1, PythagoreanForm.OneMinusQ),
        new("double-angle-cos", "a·cos²u − a·sin²u", "a·cos(2u)", ExprKind.Sum, DoubleAngleCos),

        // ---- products ---------------------------------------------------------------------------------------
        new("trig-quotient", "sinᵃu·cosᵇu·tan·cot·sec·csc (net exponents)", "tan/cot/sec/csc form, e.g. sin u/cos u → tan u, cos u/sin u → cot u, sin u·csc u → 1",
            ExprKind.Product, TrigQuotient),
        new("tanh-quotient", "sinhᵃu·coshᵇu·tanhᶜu (net exponents)", "sinh u/cosh u → tanh u", ExprKind.Product, TanhQuotient),
        new("double-angle-sin", "a·sinᵏu·cosᵏu", "a·sinᵏ(2u)/2ᵏ", ExprKind.Product, DoubleAngleSin),
        new("exp-product", "exp(a)ᵐ·exp(b)ⁿ", "exp(m·a + n·b)", ExprKind.Product, ExpProduct),

        // ---- powers -----------------------------------------------------------------------------------------
        new("reciprocal-trig", "1/cos u, 1/sin u, 1/tan u, 1/cot u, 1/sec u, 1/csc u", "sec u, csc u, cot u, tan u, cos u, sin u",
            ExprKind.Power, ReciprocalTrig),
        new("root-of-even-power", "(u^(2k))^r, r not an integer (e.g. sqrt(u²))", "|u|^(2k·r) (e.g. |u|)", ExprKind.Power, RootOfEvenPower),
        new("abs-even-power", "|u|^(2k)", "u^(2k)", ExprKind.Power, AbsEvenPower),

        // ---- functions --------------------------------------------------------------------------------------
        new("exp-ln", "exp(a + c·ln u)", "u^c·exp(a) (assumes u > 0, where ln u is defined)", ExprKind.Function, ExpLn),
        new("ln-power", "ln(u^r)", "r·ln u for odd numerator of r; r·ln|u| for even", ExprKind.Function, LnPower),
        new("abs-of-even-power", "|u^(2k)|", "u^(2k)", ExprKind.Function, AbsOfEvenPower),
    ];

    // ---- helpers --------------------------------------------------------------------------------------------

    private static List<(Expr Term, Rational Coefficient)> TermsOf(Sum s)
    {
        var list = new List<(Expr, Rational)>(s.Terms.Count + 1);
        foreach (var t in s.Terms) list.Add((t.Term, t.Coefficient));
        if (!s.Constant.IsZero) list.Add((Expr.One, s.Constant));
        return list;
    }

    private static IReadOnlyList<Expr> FactorsOf(Expr term) => term is Product p ? p.Args : [term];

    private static bool IsIntegerAtLeast(Expr e, int min, out int value)
    {
        value = 0;
        if (e is not Number { Value: { IsInteger: true } v } || v.Numerator < min || v.Numerator > int.MaxValue) return false;
        value = (int)v.Numerator;
        return true;
    }

    private static bool IsInteger(Expr e, out int value)
    {
        value = 0;
        if (e is not Number { Value: { IsInteger: true } v } || BigInteger.Abs(v.Numerator) > int.MaxValue) return false;
        value = (int)v.Numerator;
        return true;
    }

    /// <summary>The sum with two terms dropped and <paramref name="add"/> added.</summary>
    private static Expr Replace(List<(Expr Term, Rational Coefficient)> terms, Expr remove1, Expr remove2, Expr add)
    {
        var parts = new List<Expr>(terms.Count);
        foreach (var (t, c) in terms)
            if (!ReferenceEquals(t, remove1) && !ReferenceEquals(t, remove2)) parts.Add(Expr.Mul(Expr.Num(c), t));
        parts.Add(add);
        return Expr.Add(parts);
    }

    private static SimplificationRule Pythagorean(string name, string pattern, string result, MathFunction p, MathFunction q, int sigma, PythagoreanForm form) =>
        new(name, pattern, result, ExprKind.Sum, e => PythagoreanRewrite(e, p, q, sigma, form));

    private static Expr? PythagoreanRewrite(Expr e, MathFunction p, MathFunction q, int sigma, PythagoreanForm form)
    {
        if (e is not Sum s) return null;
        var terms = TermsOf(s);
        var index = new Dictionary<Expr, Rational>();
        foreach (var (t, c) in terms) index[t] = c;
        foreach (var (t, c) in terms)
        {
            foreach (var factor in FactorsOf(t))
            {
                var (b, x) = factor.SplitPower();
                if (b is not Function f || !IsIntegerAtLeast(x, 2, out _)) continue;
                var u = f.Argument;
                var r = Expr.Mul(t, Expr.Pow(b, -2));
                switch (form)
                {
                    case PythagoreanForm.Sum when f.Which == p:
                    {
                        var other = Expr.Mul(Expr.Pow(Expr.Call(q, u), 2), r);
                        if (index.TryGetValue(other, out var co) && co == c * sigma)
                            return Replace(terms, t, other, Expr.Mul(Expr.Num(c), r));
                        break;
                    }
                    case PythagoreanForm.OneMinusP when f.Which == p:
                        if (index.TryGetValue(r, out var cr) && cr == -c)
                            return Replace(terms, t, r, Expr.Mul(Expr.Num(cr * sigma), Expr.Pow(Expr.Call(q, u), 2), r));
                        break;
                    case PythagoreanForm.OneMinusQ when f.Which == q:
                        if (index.TryGetValue(r, out var cq) && c == -cq * sigma)
                            return Replace(terms, t, r, Expr.Mul(Expr.Num(cq), Expr.Pow(Expr.Call(p, u), 2), r));
                        break;
                }
            }
        }
        return null;
    }

    private static Expr? DoubleAngleCos(Expr e)
    {
        if (e is not Sum s) return null;
        var terms = TermsOf(s);
        var index = new Dictionary<Expr, Rational>();
        foreach (var (t, c) in terms) index[t] = c;
        foreach (var (t, c) in terms)
            foreach (var factor in FactorsOf(t))
            {
                var (b, x) = factor.SplitPower();
                if (b is not Function { Which: MathFunction.Cos } f || !IsIntegerAtLeast(x, 2, out _)) continue;
                var r = Expr.Mul(t, Expr.Pow(b, -2));
                var other = Expr.Mul(Expr.Pow(Expr.Sin(f.Argument), 2), r);
                if (index.TryGetValue(other, out var co) && co == -c)
                    return Replace(terms, t, other, Expr.Mul(Expr.Num(c), Expr.Cos(Expr.Mul(2, f.Argument)), r));
            }
        return null;
    }

    /// <summary>Net exponents of two "basis" functions per argument, read off a product.</summary>
    private static (Dictionary<Expr, (int S, int C)> Net, List<Expr> Others, List<Expr> Order) NetExponents(
        Product p, Func<MathFunction, (int S, int C)?> contribution)
    {
        var net = new Dictionary<Expr, (int S, int C)>();
        var order = new List<Expr>();
        var others = new List<Expr> { Expr.Num(p.Coefficient) };
        foreach (var f in p.Factors)
        {
            if (f.Base is Function fn && contribution(fn.Which) is { } per && IsInteger(f.Exponent, out int k) && Math.Abs(k) < 1 << 20)
            {
                var u = fn.Argument;
                if (!net.TryGetValue(u, out var old)) { old = (0, 0); order.Add(u); }
                net[u] = (old.S + per.S * k, old.C + per.C * k);
            }
            else others.Add(f.ToExpr());
        }
        return (net, others, order);
    }

    private static Expr? TrigQuotient(Expr e)
    {
        if (e is not Product p) return null;
        var (net, parts, order) = NetExponents(p, f => f switch
        {
            MathFunction.Sin => (1, 0),
            MathFunction.Cos => (0, 1),
            MathFunction.Tan => (1, -1),
            MathFunction.Cot => (-1, 1),
            MathFunction.Sec => (0, -1),
            MathFunction.Csc => (-1, 0),
            _ => null,
        });
        foreach (var u in order)
        {
            var (s, c) = net[u];
            if (s >= 0 && c >= 0)
            {
                parts.Add(Expr.Pow(Expr.Sin(u), s));
                parts.Add(Expr.Pow(Expr.Cos(u), c));
            }
            else if (s > 0 && c < 0)
            {
                int k = Math.Min(s, -c);
                parts.Add(Expr.Pow(Expr.Call(MathFunction.Tan, u), k));
                parts.Add(Expr.Pow(Expr.Sin(u), s - k));
                parts.Add(Expr.Pow(Expr.Call(MathFunction.Sec, u), -c - k));
            }
            else if (s < 0 && c > 0)
            {
                int k = Math.Min(-s, c);
                parts.Add(Expr.Pow(Expr.Call(MathFunction.Cot, u), k));
                parts.Add(Expr.Pow(Expr.Cos(u), c - k));
                parts.Add(Expr.Pow(Expr.Call(MathFunction.Csc, u), -s - k));
            }
            else
            {
                parts.Add(Expr.Pow(Expr.Call(MathFunction.Csc, u), -s));
                parts.Add(Expr.Pow(Expr.Call(MathFunction.Sec, u), -c));
            }
        }
        var result = Expr.Mul(parts);
        return ReferenceEquals(result, e) ? null : result;
    }

    private static Expr? TanhQuotient(Expr e)
    {
        if (e is not Product p) return null;
        var (net, parts, order) = NetExponents(p, f => f switch
        {
            MathFunction.Sinh => (1, 0),
            MathFunction.Cosh => (0, 1),
            MathFunction.Tanh => (1, -1),
            _ => null,
        });
        foreach (var u in order)
        {
            var (s, c) = net[u];
            int k = s > 0 && c < 0 ? Math.Min(s, -c) : s < 0 && c > 0 ? -Math.Min(-s, c) : 0;
            parts.Add(Expr.Pow(Expr.Call(MathFunction.Tanh, u), k));
            parts.Add(Expr.Pow(Expr.Call(MathFunction.Sinh, u), s - k));
            parts.Add(Expr.Pow(Expr.Call(MathFunction.Cosh, u), c + k));
        }
        var result = Expr.Mul(parts);
        return ReferenceEquals(result, e) ? null : result;
    }

    private static Expr? DoubleAngleSin(Expr e)
    {
        if (e is not Product p) return null;
        foreach (var f in p.Factors)
        {
            if (f.Base is not Function { Which: MathFunction.Sin } sin || !IsIntegerAtLeast(f.Exponent, 1, out int k)) continue;
            var cos = Expr.Cos(sin.Argument);
            if (!p.Factors.Any(g => ReferenceEquals(g.Base, cos) && ReferenceEquals(g.Exponent, f.Exponent))) continue;
            var parts = new List<Expr> { Expr.Num(p.Coefficient / new Rational(BigInteger.Pow(2, k))) };
            foreach (var g in p.Factors)
                if (!ReferenceEquals(g.Base, cos) && !ReferenceEquals(g.Base, sin)) parts.Add(g.ToExpr());
            parts.Add(Expr.Pow(Expr.Sin(Expr.Mul(2, sin.Argument)), k));
            return Expr.Mul(parts);
        }
        return null;
    }

    private static Expr? ExpProduct(Expr e)
    {
        if (e is not Product p) return null;
        var exponents = new List<Expr>();
        var others = new List<Expr> { Expr.Num(p.Coefficient) };
        foreach (var f in p.Factors)
        {
            if (f.Base is Function { Which: MathFunction.Exp } ex) exponents.Add(Expr.Mul(f.Exponent, ex.Argument));
            else others.Add(f.ToExpr());
        }
        if (exponents.Count < 2) return null;
        others.Add(Expr.Exp(Expr.Add(exponents)));
        return Expr.Mul(others);
    }

    private static readonly Dictionary<MathFunction, MathFunction> Reciprocal = new()
    {
        [MathFunction.Sin] = MathFunction.Csc, [MathFunction.Cos] = MathFunction.Sec, [MathFunction.Tan] = MathFunction.Cot,
        [MathFunction.Cot] = MathFunction.Tan, [MathFunction.Sec] = MathFunction.Cos, [MathFunction.Csc] = MathFunction.Sin,
    };

    private static Expr? ReciprocalTrig(Expr e)
    {
        if (e is not Power { Base: Function f } pw || !IsInteger(pw.Exponent, out int k) || k >= 0) return null;
        if (!Reciprocal.TryGetValue(f.Which, out var g)) return null;
        return Expr.Pow(Expr.Call(g, f.Argument), -k);
    }

    private static bool IsEvenInteger(Expr e) => e is Number { Value: { IsInteger: true } v } && v.Numerator.IsEven && !v.IsZero;

    private static Expr? RootOfEvenPower(Expr e)
    {
        if (e is not Power { Exponent: Number { Value.IsInteger: false } r } pw) return null;
        switch (pw.Base)
        {
            case Power inner when IsEvenInteger(inner.Exponent):
                return Expr.Pow(Expr.Call(MathFunction.Abs, inner.Base), Expr.Mul(inner.Exponent, r));
            case Product prod when prod.Coefficient.IsOne && prod.Factors.All(f => IsEvenInteger(f.Exponent)):
                return Expr.Mul(prod.Factors.Select(f => Expr.Pow(Expr.Call(MathFunction.Abs, f.Base), Expr.Mul(f.Exponent, r))));
            default:
                return null;
        }
    }

    private static Expr? AbsEvenPower(Expr e) =>
        e is Power { Base: Function { Which: MathFunction.Abs } a } pw && IsEvenInteger(pw.Exponent) ? Expr.Pow(a.Argument, pw.Exponent) : null;

    private static Expr? AbsOfEvenPower(Expr e) =>
        e is Function { Which: MathFunction.Abs, Argument: Power inner } && IsEvenInteger(inner.Exponent) ? inner : null;

    private static Expr? ExpLn(Expr e)
    {
        if (e is not Function { Which: MathFunction.Exp } ex) return null;
        var terms = ex.Argument is Sum s ? s.Args : [ex.Argument];
        var factors = new List<Expr>();
        var rest = new List<Expr>();
        foreach (var t in terms)
        {
            var (c, core) = t.SplitCoefficient();
            if (core is Function { Which: MathFunction.Ln } ln) factors.Add(Expr.Pow(ln.Argument, Expr.Num(c)));
            else rest.Add(t);
        }
        if (factors.Count == 0) return null;
        factors.Add(Expr.Exp(Expr.Add(rest)));
        return Expr.Mul(factors);
    }

    private static Expr? LnPower(Expr e)
    {
        if (e is not Function { Which: MathFunction.Ln, Argument: Power { Exponent: Number r } pw }) return null;
        var b = r.Value.Numerator.IsEven ? Expr.Call(MathFunction.Abs, pw.Base) : pw.Base;
        return Expr.Mul(Expr.Num(r.Value), Expr.Ln(b));
    }
}
