namespace Nabla.Course.Content;

/// <summary>What kind of problem the content validator found (one test per kind in the test suite).</summary>
public enum ProblemKind
{
    /// <summary>A file that cannot be read: bad YAML, missing front matter, a missing required field.</summary>
    Syntax,
    /// <summary>A widget directive names a widget that is not in the catalogue.</summary>
    UnknownWidget,
    /// <summary>A widget directive has an attribute the widget does not take, or lacks a required one.</summary>
    UnknownAttribute,
    /// <summary>An exercise directive (or a quiz) names a template that does not exist.</summary>
    UnknownTemplate,
    /// <summary>An attribute, define, mutant or computation is not a valid expression.</summary>
    BadExpression,
    /// <summary>Unbalanced <c>$</c> delimiters, braces or <c>\left</c>/<c>\right</c> in a formula.</summary>
    BrokenMath,
    /// <summary>A LaTeX control sequence KaTeX does not know.</summary>
    UnknownLatexCommand,
    /// <summary>A lesson or template uses a skill its module does not declare.</summary>
    UndeclaredSkill,
    /// <summary>A lesson does not end with a <c>## Practice</c> section embedding an exercise.</summary>
    MissingPractice,
    /// <summary>Two modules, lessons, skills, templates or feedback rules share an id.</summary>
    DuplicateId,
    /// <summary>A module's quiz lists a template that does not exist.</summary>
    QuizTemplateNotFound,
    /// <summary>A template that is well-formed but whose variants cannot be generated or graded.</summary>
    BadTemplate,
    /// <summary>A lesson uses a widget its front matter does not list.</summary>
    UndeclaredWidget,
}

/// <summary>One problem in the content, with the file and 1-based line it is on.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="File">The file, relative to the content root when possible.</param>
/// <param name="Line">1-based line number (1 when the whole file is concerned).</param>
/// <param name="Message">What is wrong, in words an author can act on.</param>
public sealed record ContentProblem(ProblemKind Kind, string File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Kind}: {Message}";
}

/// <summary>The content could not be loaded or failed validation.</summary>
public sealed class ContentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContentException(string message) : base(message) => Problems = [];

    /// <summary>Creates the exception listing <paramref name="problems"/>.</summary>
    public ContentException(IReadOnlyList<ContentProblem> problems)
        : base($"{problems.Count} content problem(s):\n" + string.Join("\n", problems)) => Problems = problems;

    /// <summary>Creates the exception.</summary>
    public ContentException() : this("invalid course content") { }

    /// <summary>Creates the exception.</summary>
    public ContentException(string message, Exception inner) : base(message, inner) => Problems = [];

    /// <summary>The problems found.</summary>
    public IReadOnlyList<ContentProblem> Problems { get; }
}
