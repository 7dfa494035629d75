namespace Nabla.Symbolic.Simplification;

/// <summary>Budget for simplification.</summary>
public sealed record SimplifyOptions
{
    /// <summary>The default budget.</summary>
    public static SimplifyOptions Default { get; } = new();
    /// <summary>Largest intermediate expression (tree size) a rewrite may produce.</summary>
    public long MaxNodes { get; init; } = 20_000;
    /// <summary>Wall-clock budget; when it runs out the best form so far is returned.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>PLACEHOLDER facade until the simplifier lands (owned by the simplification work).</summary>
public static class Simplifier
{
    /// <summary>Simplifies under a budget; returns the best form found.</summary>
    public static Expr Simplify(Expr e, SimplifyOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");
    /// <summary>Expands products and integer powers of sums.</summary>
    public static Expr Expand(Expr e, SimplifyOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");
    /// <summary>Writes as one fraction p/q.</summary>
    public static Expr Together(Expr e, SimplifyOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");
    /// <summary>Cancels common factors of numerator and denominator.</summary>
    public static Expr Cancel(Expr e, SimplifyOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");
    /// <summary>Factors polynomials over the rationals.</summary>
    public static Expr Factor(Expr e, SimplifyOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");
}
