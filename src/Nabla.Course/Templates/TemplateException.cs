namespace Nabla.Course.Templates;

/// <summary>A template that cannot produce a variant: an author's error (with the line) or no valid draw.</summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TemplateException(string message, int line = 1) : base(message) => Line = line;

    /// <summary>Creates the exception.</summary>
    public TemplateException() : this("invalid template") { }

    /// <summary>Creates the exception.</summary>
    public TemplateException(string message, Exception inner) : base(message, inner) => Line = 1;

    /// <summary>Creates the exception.</summary>
    public TemplateException(string message, int line, Exception inner) : base(message, inner) => Line = line;

    /// <summary>The 1-based line in the template file.</summary>
    public int Line { get; }
}
