using System.Numerics;

namespace Nabla.Symbolic.Simplification;

/// <summary>
/// Distributes products over sums and expands integer powers of sums, recursively (also inside function
/// arguments, exponents and denominators). Sizes are estimated BEFORE a product or power is multiplied out, so
/// <c>(x+y+z)^200</c> fails at once with <see cref="BudgetExceededException"/> instead of filling memory.
/// </summary>
internal sealed class Expander(Budget budget)
{
    private const string Operation = "Expand";
    private readonly Dictionary<Expr, Expr> _memo = [];

    public Expr Expand(Expr e) => Expand(e, 0);

    private Expr Expand(Expr e, int depth)
    {
        if (e.Args.Count == 0) return e;
        if (depth > Expr.MaxDepth) throw new BudgetExceededException($"{Operation}: the expression is nested too deeply.");
        if (_memo.TryGetValue(e, out var done)) return done;
        budget.Tick(Operation);
        Expr result;
        switch (e)
        {
            case Power pw:
            {
                var b = Expand(pw.Base, depth + 1);
                var x = Expand(pw.Exponent, depth + 1);
                if (b is Sum s && x is Number { Value.IsInteger: true } n
                    && BigInteger.Abs(n.Value.Numerator) is var m && m >= 2 && m <= int.MaxValue)
                {
                    int k = (int)m;
                    var expanded = Build(Power(TermsOf(s), k));
                    result = n.Value.Sign > 0 ? expanded : Expr.Pow(expanded, -1);
                }
                else result = Expr.Pow(b, x);
                break;
            }
            case Product:
            {
                var plain = new List<Expr>();
                var sums = new List<Sum>();
                foreach (var a in e.Args)
                {
                    var x = Expand(a, depth + 1);
                    if (x is Sum s) sums.Add(s); else plain.Add(x);
                }
                var rest = Expr.Mul(plain);
                if (rest is Sum restSum) { sums.Insert(0, restSum); rest = Expr.One; }
                var acc = new List<(Expr Term, Rational Coefficient)> { Split(rest) };
                foreach (var s in sums) acc = Multiply(acc, TermsOf(s));
                result = Build(acc);
                break;
            }
            default:
            {
                var args = e.Args;
                var expanded = new Expr[args.Count];
                for (int i = 0; i < args.Count; i++) expanded[i] = Expand(args[i], depth + 1);
                result = e.WithArgs(expanded);
                break;
            }
        }
        budget.CheckSize(Operation, result.TreeSize);
        _memo[e] = result;
        return result;
    }

    private static (Expr Term, Rational Coefficient) Split(Expr e)
    {
        var (c, t) = e.SplitCoefficient();
        return (t, c);
    }

    private static List<(Expr Term, Rational Coefficient)> TermsOf(Sum s)
    {
        var list = new List<(Expr, Rational)>(s.Terms.Count + 1);
        foreach (var t in s.Terms) list.Add((t.Term, t.Coefficient));
        if (!s.Constant.IsZero) list.Add((Expr.One, s.Constant));
        return list;
    }

    private List<(Expr Term, Rational Coefficient)> Multiply(
        List<(Expr Term, Rational Coefficient)> a, List<(Expr Term, Rational Coefficient)> b)
    {
        double sizeA = 0, sizeB = 0;
        foreach (var t in a) sizeA += t.Term.TreeSize + 2;
        foreach (var t in b) sizeB += t.Term.TreeSize + 2;
        budget.CheckSize(Operation, sizeA * b.Count + sizeB * a.Count);
        var coefficients = new Dictionary<Expr, Rational>();
        var order = new List<Expr>();
        void Add(Expr term, Rational c)
        {
            if (coefficients.TryGetValue(term, out var old)) coefficients[term] = old + c;
            else { coefficients[term] = c; order.Add(term); }
        }
        foreach (var (ta, ca) in a)
        {
            budget.Tick(Operation);
            foreach (var (tb, cb) in b)
            {
                var p = Expr.Mul(ta, tb);
                var c = ca * cb;
                if (p is Sum s)
                {
                    // e.g. sqrt(x+1)·sqrt(x+1) = x + 1
                    foreach (var (t, k) in TermsOf(s)) Add(t, k * c);
                }
                else
                {
                    var (t, k) = Split(p);
                    Add(t, k * c);
                }
            }
        }
        var result = new List<(Expr, Rational)>(order.Count);
        foreach (var t in order)
            if (!coefficients[t].IsZero) result.Add((t, coefficients[t]));
        return result;
    }

    private List<(Expr Term, Rational Coefficient)> Power(List<(Expr Term, Rational Coefficient)> terms, int n)
    {
        // Multinomial count C(n + k − 1, k − 1) bounds the number of terms; each is a product of at most
        // min(n, k) distinct parts.
        int k = terms.Count;
        double count = 1;
        for (int i = 1; i < k && count < 1e300; i++) count = count * (n + i) / i;
        double avg = 0;
        foreach (var t in terms) avg += t.Term.TreeSize;
        avg /= Math.Max(1, k);
        budget.CheckSize(Operation, count * (1 + avg * Math.Min(n, k)));
        var acc = terms;
        for (int i = 1; i < n; i++) acc = Multiply(acc, terms);
        return acc;
    }

    private Expr Build(List<(Expr Term, Rational Coefficient)> terms)
    {
        var parts = new List<Expr>(terms.Count);
        foreach (var (t, c) in terms) parts.Add(c.IsOne ? t : Expr.Mul(Expr.Num(c), t));
        var result = Expr.Add(parts);
        budget.CheckSize(Operation, result.TreeSize);
        return result;
    }
}
