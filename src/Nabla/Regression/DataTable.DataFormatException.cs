namespace Nabla.Regression;

/// <summary>
/// A data file (or text) that cannot be read as a table of numbers, or a column that does not exist. The message reads
/// <c>file:line:column: what is wrong</c> followed by a hint on how to fix it.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception; the message is composed from the position, the problem and the hint.</summary>
    /// <param name="source">The file path, or <c>&lt;text&gt;</c> for parsed text.</param>
    /// <param name="line">The 1-based line (0 when the problem is not on a line, e.g. an unknown column).</param>
    /// <param name="column">The 1-based character column in that line (0 when not applicable).</param>
    /// <param name="problem">What is wrong, e.g. <c>'1,5' is not a number</c>.</param>
    /// <param name="hint">How to fix it (may be empty).</param>
    public DataFormatException(string source, int line, int column, string problem, string hint)
        : base(Compose(source, line, column, problem, hint))
    {
        Source = source;
        Line = line;
        Column = column;
        Problem = problem;
        Hint = hint;
    }

    /// <summary>The file path, or <c>&lt;text&gt;</c> (hides <see cref="Exception.Source"/>, which would name an assembly).</summary>
    public new string Source { get; }

    /// <summary>The 1-based line of the problem (0 when it concerns no particular line).</summary>
    public int Line { get; }

    /// <summary>The 1-based character column of the problem in its line (0 when it concerns no particular place).</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position or the hint.</summary>
    public string Problem { get; }

    /// <summary>A suggestion on how to fix the data (may be empty).</summary>
    public string Hint { get; }

    private static string Compose(string source, int line, int column, string problem, string hint)
    {
        string where = line > 0 ? (column > 0 ? $"{source}:{line}:{column}" : $"{source}:{line}") : source;
        return hint.Length == 0 ? $"{where}: {problem}" : $"{where}: {problem}\n  hint: {hint}";
    }
}
