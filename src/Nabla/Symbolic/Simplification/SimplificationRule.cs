namespace Nabla.Symbolic.Simplification;

/// <summary>
/// One entry of the simplification rule table: a local rewrite tried at every node of kind
/// <see cref="AppliesTo"/>, bottom-up, until nothing fires. <see cref="Rewrite"/> returns the replacement, or
/// null when the rule does not match; it must return an expression equal to its input wherever the input is
/// defined (possibly on a larger domain) and must not undo another rule, so that rewriting terminates.
/// </summary>
/// <param name="Name">A short stable name, shown as a step (e.g. <c>pythagorean-sin-cos</c>).</param>
/// <param name="Pattern">The pattern in words/formula, for documentation and help texts.</param>
/// <param name="Result">What the pattern becomes.</param>
/// <param name="AppliesTo">The node kind the rule is tried on.</param>
/// <param name="Rewrite">The rewrite; null when it does not apply.</param>
public sealed record SimplificationRule(string Name, string Pattern, string Result, ExprKind AppliesTo, Func<Expr, Expr?> Rewrite)
{
    /// <summary>"name: pattern → result".</summary>
    public override string ToString() => $"{Name}: {Pattern} → {Result}";
}

/// <summary>The outcome of <see cref="Simplifier.SimplifyWithReport"/>.</summary>
/// <param name="Result">The simplest form found (never larger than the input by the complexity measure).</param>
/// <param name="RulesApplied">The rules and strategies (<c>cancel</c>, <c>expand</c>, <c>factor</c>,
/// <c>together</c>) that produced <paramref name="Result"/>, in the order they fired.</param>
/// <param name="BudgetExhausted">True when the time or size budget stopped some work; the result is then the
/// best form found before that point.</param>
public sealed record SimplifyResult(Expr Result, IReadOnlyList<string> RulesApplied, bool BudgetExhausted);
