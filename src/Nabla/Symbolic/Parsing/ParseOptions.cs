namespace Nabla.Symbolic.Parsing;

/// <summary>How the parser reads learner input.</summary>
public sealed record ParseOptions
{
    /// <summary>The default: multi-letter names stay names (<c>theta</c>, <c>rate</c>, <c>x_1</c>).</summary>
    public static ParseOptions Default { get; } = new();

    /// <summary>Exercise mode: unknown multi-letter names split into single-letter variables (<c>xy</c> → x·y).</summary>
    public static ParseOptions SplitLetters { get; } = new() { SplitMultiLetterNames = true };

    /// <summary>
    /// When true, <c>xy</c> means <c>x*y</c>; function names, <c>pi</c> and Greek names are still recognised (longest
    /// match first, so <c>sinhx</c> is sinh(x)), digits right after a letter are its index (<c>x2</c> is the variable
    /// x2) and a subscript belongs to the last letter (<c>xy_1</c> is x·y_1).
    /// </summary>
    public bool SplitMultiLetterNames { get; init; }

    /// <summary>Longest input accepted, in characters.</summary>
    public int MaxLength { get; init; } = 100_000;

    /// <summary>
    /// Deepest nesting accepted: each parenthesis, bracket, absolute-value bar, root, function call and each '^' of
    /// a power tower counts one level. The parser checks this before descending, so no input can overflow the stack.
    /// </summary>
    public int MaxNesting { get; init; } = 200;
}
