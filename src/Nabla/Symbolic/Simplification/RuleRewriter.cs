namespace Nabla.Symbolic.Simplification;

/// <summary>
/// Applies a rule table bottom-up to a fixed point: children first, then the rules at the node in table order;
/// when one fires, its result is rewritten again. Bounded by a firing count, the nesting depth and the time
/// budget; when a bound is hit it stops rewriting and returns what it has (always equal to the input).
/// </summary>
internal sealed class RuleRewriter(Budget budget, IReadOnlyList<SimplificationRule> rules)
{
    private const int MaxFirings = 10_000;
    private readonly Dictionary<Expr, Expr> _memo = [];
    private int _firings;

    /// <summary>Names of the rules that fired, in order.</summary>
    public List<string> Fired { get; } = [];

    /// <summary>True when a bound stopped the rewriting early.</summary>
    public bool Exhausted { get; private set; }

    public Expr Rewrite(Expr e) => Rewrite(e, 0);

    private Expr Rewrite(Expr e, int depth)
    {
        var args = e.Args;
        if (args.Count == 0) return e;
        if (_memo.TryGetValue(e, out var done)) return done;
        if (depth > Expr.MaxDepth || budget.TimeUp)
        {
            Exhausted = true;
            return e;
        }
        Expr[]? changed = null;
        for (int i = 0; i < args.Count; i++)
        {
            var a = Rewrite(args[i], depth + 1);
            if (!ReferenceEquals(a, args[i])) (changed ??= [.. args])[i] = a;
        }
        var current = e;
        if (changed is not null)
        {
            try { current = e.WithArgs(changed); }
            catch (SymbolicException) { current = e; } // e.g. a denominator that simplified to 0: keep the input
        }
        foreach (var rule in rules)
        {
            if (rule.AppliesTo != current.Kind) continue;
            Expr? r;
            try { r = rule.Rewrite(current); }
            catch (SymbolicException) { r = null; }
            if (r is null || ReferenceEquals(r, current)) continue;
            if (++_firings > MaxFirings) { Exhausted = true; break; }
            Fired.Add(rule.Name);
            var result = Rewrite(r, depth + 1);
            _memo[e] = result;
            return result;
        }
        _memo[e] = current;
        return current;
    }
}
