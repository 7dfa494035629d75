using Nabla.Symbolic;

namespace Nabla;

/// <summary>Budget and switches for differentiation.</summary>
public sealed record DiffOptions
{
    /// <summary>The default options.</summary>
    public static DiffOptions Default { get; } = new();
    /// <summary>Largest derivative (distinct DAG nodes) allowed before failing with a clear error.</summary>
    public int MaxNodes { get; init; } = 2_000_000;
    /// <summary>Highest order accepted.</summary>
    public int MaxOrder { get; init; } = 100;
    /// <summary>Wall-clock budget.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>One rule application in a derivation.</summary>
/// <param name="Rule">Rule name, e.g. "product rule", "chain rule", "power rule", "table: sin".</param>
/// <param name="Expression">The sub-expression being differentiated.</param>
/// <param name="Formula">The rule's formula in plain words/symbols, e.g. "(uv)' = u'v + uv'".</param>
/// <param name="Result">Its derivative (canonical).</param>
/// <param name="Explanation">A sentence for a learner, e.g. "Apply the product rule with u = x^3, v = sin(x)".</param>
/// <param name="Depth">Nesting level in the derivation (0 = the whole expression).</param>
public sealed record DerivationStep(string Rule, Expr Expression, string Formula, Expr Result, string Explanation, int Depth);

/// <summary>A derivative together with the steps that produced it.</summary>
/// <param name="Function">What was differentiated.</param>
/// <param name="Variable">With respect to what.</param>
/// <param name="Order">How many times.</param>
/// <param name="Result">The derivative.</param>
/// <param name="Steps">Rule applications, outermost first.</param>
public sealed record Derivation(Expr Function, Symbol Variable, int Order, Expr Result, IReadOnlyList<DerivationStep> Steps);

/// <summary>PLACEHOLDER facade until differentiation lands.</summary>
public static class Calculus
{
    /// <summary>The <paramref name="order"/>-th derivative of <paramref name="f"/> with respect to <paramref name="variable"/>.</summary>
    public static Expr Diff(Expr f, Symbol variable, int order = 1, DiffOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");

    /// <summary>The derivative with every rule application recorded.</summary>
    public static Derivation DiffWithSteps(Expr f, Symbol variable, int order = 1, DiffOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");
}
