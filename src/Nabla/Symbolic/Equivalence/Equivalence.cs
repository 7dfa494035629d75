namespace Nabla.Symbolic.Equivalence;

/// <summary>How equivalence was decided.</summary>
public enum EquivalenceMethod
{
    /// <summary>The canonical (simplified) difference is 0.</summary>
    Symbolic,
    /// <summary>Values agree at every sampled point where both sides are defined.</summary>
    NumericSampling,
    /// <summary>Values differ at a point (see the counterexample).</summary>
    Counterexample,
    /// <summary>No point was found where both sides are defined.</summary>
    Undetermined,
}

/// <summary>Options for <see cref="Equivalence.Check"/>.</summary>
public sealed record EquivalenceOptions
{
    /// <summary>The default options.</summary>
    public static EquivalenceOptions Default { get; } = new();
    /// <summary>Points where both sides are defined that must agree.</summary>
    public int SamplePoints { get; init; } = 24;
    /// <summary>Relative tolerance.</summary>
    public double RelativeTolerance { get; init; } = 1e-8;
    /// <summary>Absolute tolerance.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-10;
    /// <summary>Seed for the sample points (results are reproducible).</summary>
    public int Seed { get; init; } = 20261127;
}

/// <summary>The verdict, with the evidence.</summary>
/// <param name="Equivalent">True when the two expressions are judged equal.</param>
/// <param name="Method">How it was decided.</param>
/// <param name="Counterexample">A point where they differ, when not equivalent.</param>
/// <param name="ValueA">The first expression's value at the counterexample.</param>
/// <param name="ValueB">The second expression's value at the counterexample.</param>
/// <param name="PointsTested">Sample points where both sides were defined.</param>
public sealed record EquivalenceResult(
    bool Equivalent,
    EquivalenceMethod Method,
    IReadOnlyDictionary<string, double>? Counterexample,
    double? ValueA,
    double? ValueB,
    int PointsTested);

/// <summary>PLACEHOLDER facade until equivalence lands.</summary>
public static class Equivalence
{
    /// <summary>Decides whether <paramref name="a"/> and <paramref name="b"/> are the same function.</summary>
    public static EquivalenceResult Check(Expr a, Expr b, EquivalenceOptions? options = null) => throw new NotImplementedException("PLACEHOLDER");

    /// <summary>Shorthand for <c>Check(a, b).Equivalent</c>.</summary>
    public static bool AreEquivalent(Expr a, Expr b) => Check(a, b).Equivalent;
}
