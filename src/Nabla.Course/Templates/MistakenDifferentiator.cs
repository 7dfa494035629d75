using Nabla.Symbolic;

namespace Nabla.Course.Templates;

/// <summary>
/// A differentiator over the engine's canonical expressions that can apply one rule deliberately wrong (a
/// <see cref="MistakeRule"/>), to predict the answer a learner who makes that mistake would give. Without a mistake
/// it agrees with <see cref="Calculus.Diff(Expr, Symbol, int, DiffOptions?)"/> (tested).
/// </summary>
internal sealed class MistakenDifferentiator
{
    private const int MaxDepth = 400;
    private static readonly Symbol Hole = (Symbol)Expr.Sym("u__outer");

    private readonly Symbol variable;
    private readonly MistakeRule? mistake;
    private readonly Dictionary<Expr, Expr> memo = [];
    private int depth;

    public MistakenDifferentiator(Symbol variable, MistakeRule? mistake)
    {
        this.variable = variable;
        this.mistake = mistake;
    }

    public Expr Derive(Expr e)
    {
        if (!e.Contains(variable))
            return mistake?.Constant is { } keep && e is Number or Constant ? keep(e) : Expr.Zero;
        if (memo.TryGetValue(e, out var known)) return known;
        if (++depth > MaxDepth) throw new BudgetExceededException("The expression is too deeply nested to differentiate for feedback.");
        try
        {
            var result = e switch
            {
                Symbol => Expr.One,
                Sum s => DeriveSum(s),
                Product p => DeriveProduct(p),
                Power p => DerivePower(p),
                Function f => DeriveFunction(f),
                _ => Calculus.Diff(e, variable),
            };
            memo[e] = result;
            return result;
        }
        finally
        {
            depth--;
        }
    }

    private Expr DeriveSum(Sum s)
    {
        var terms = new List<Expr>();
        if (mistake?.Constant is { } keep && !s.Constant.IsZero) terms.Add(keep(Expr.Num(s.Constant)));
        foreach (var t in s.Terms) terms.Add(Expr.Num(t.Coefficient) * Derive(t.Term));
        return Expr.Add(terms);
    }

    private Expr DeriveProduct(Product p)
    {
        var coefficient = Expr.Num(p.Coefficient);
        var factors = p.Factors.Select(f => f.ToExpr()).ToList();
        if (factors.Count == 1) return coefficient * Derive(factors[0]);
        var varying = factors.Where(f => f.Contains(variable)).ToList();
        var constant = Expr.Mul(factors.Where(f => !f.Contains(variable)).Append(coefficient));
        if (varying.Count == 1) return constant * Derive(varying[0]);
        var derivatives = varying.Select(Derive).ToList();
        if (mistake?.Product is { } product && product(varying, derivatives, variable) is { } wrong) return constant * wrong;
        return constant * ProductRule(varying, derivatives);
    }

    /// <summary>Σ_i f_i' Π_{j≠i} f_j.</summary>
    internal static Expr ProductRule(IReadOnlyList<Expr> factors, IReadOnlyList<Expr> derivatives)
    {
        var terms = new List<Expr>();
        for (int i = 0; i < factors.Count; i++)
        {
            var others = factors.Where((_, j) => j != i);
            terms.Add(Expr.Mul(others.Prepend(derivatives[i])));
        }
        return Expr.Add(terms);
    }

    private Expr DerivePower(Power p)
    {
        if (p.Exponent.Contains(variable)) return Calculus.Diff(p, variable);
        var inner = Derive(p.Base);
        if (mistake?.Power is { } rule && rule(p, inner, p.Base != variable) is { } wrong) return wrong;
        return p.Exponent * Expr.Pow(p.Base, p.Exponent - 1) * inner;
    }

    private Expr DeriveFunction(Function f)
    {
        var outer = Calculus.Diff(Expr.Call(f.Which, Hole), Hole).Substitute(Hole, f.Argument);
        var inner = Derive(f.Argument);
        if (mistake?.Function is { } rule && rule(f, outer, inner, f.Argument != variable) is { } wrong) return wrong;
        return outer * inner;
    }

    /// <summary>The <paramref name="order"/>-th derivative with the mistake applied at every order.</summary>
    public static Expr Diff(Expr f, Symbol variable, int order, MistakeRule? mistake)
    {
        var current = f;
        for (int k = 0; k < order; k++) current = new MistakenDifferentiator(variable, mistake).Derive(current);
        return current;
    }
}
