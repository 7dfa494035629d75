namespace Nabla.Symbolic.Parsing;

/// <summary>How the parser reads learner input.</summary>
public sealed record ParseOptions
{
    /// <summary>The default: multi-letter names stay names (<c>theta</c>, <c>rate</c>, <c>x_1</c>).</summary>
    public static ParseOptions Default { get; } = new();

    /// <summary>Exercise mode: unknown multi-letter names split into single-letter variables (<c>xy</c> → x·y).</summary>
    public static ParseOptions SplitLetters { get; } = new() { SplitMultiLetterNames = true };

    /// <summary>When true, <c>xy</c> means <c>x*y</c>; function and constant names are still recognised.</summary>
    public bool SplitMultiLetterNames { get; init; }

    /// <summary>Longest input accepted, in characters.</summary>
    public int MaxLength { get; init; } = 100_000;

    /// <summary>Deepest nesting of parentheses and function calls accepted.</summary>
    public int MaxNesting { get; init; } = 200;
}
