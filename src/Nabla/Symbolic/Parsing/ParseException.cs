namespace Nabla.Symbolic.Parsing;

/// <summary>
/// Input that is not a valid expression. Carries the position (0-based character index), the input, a display
/// with a caret under the spot, and a hint for common slips.
/// </summary>
public sealed class ParseException : SymbolicException
{
    /// <summary>Creates the exception.</summary>
    public ParseException(string message, string input, int position, int length = 1, string? hint = null)
        : base(message)
    {
        Input = input;
        Position = position;
        Length = Math.Max(1, length);
        Hint = hint;
    }

    /// <summary>Creates the exception, keeping the error from the core that caused it.</summary>
    public ParseException(string message, string input, int position, int length, string? hint, Exception? inner)
        : base(message, inner!)
    {
        Input = input;
        Position = position;
        Length = Math.Max(1, length);
        Hint = hint;
    }

    /// <summary>The text that was parsed.</summary>
    public string Input { get; }

    /// <summary>0-based index of the offending character (may equal the input length: "at the end").</summary>
    public int Position { get; }

    /// <summary>How many characters the problem spans.</summary>
    public int Length { get; }

    /// <summary>A suggestion such as "did you mean sin(x)?", or null.</summary>
    public string? Hint { get; }

    /// <summary>The message, the input (shortened around the spot when long), a caret line, and the hint.</summary>
    public string Display
    {
        get
        {
            const int window = 60;
            int start = Math.Max(0, Position - window / 2);
            int end = Math.Min(Input.Length, start + window);
            string prefix = start > 0 ? "…" : "";
            string suffix = end < Input.Length ? "…" : "";
            string shown = prefix + Input[start..end].Replace('\n', ' ').Replace('\t', ' ') + suffix;
            string caret = new string(' ', prefix.Length + Position - start) + new string('^', Math.Min(Length, Math.Max(1, end - Position)));
            var text = $"{Message}\n  {shown}\n  {caret}";
            return Hint is null ? text : $"{text}\nhint: {Hint}";
        }
    }
}
