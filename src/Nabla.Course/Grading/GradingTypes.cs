using Nabla.Course.Templates;

namespace Nabla.Course.Grading;

/// <summary>Budgets and scoring policy of the grader.</summary>
public sealed record GradingOptions
{
    /// <summary>The default options.</summary>
    public static GradingOptions Default { get; } = new();

    /// <summary>Longest answer read, in characters; longer input gets a validation message and no score change.</summary>
    public int MaxAnswerLength { get; init; } = 2_000;

    /// <summary>Most distinct sub-expressions an answer (all entries together) may have.</summary>
    public int MaxAnswerNodes { get; init; } = 2_000;

    /// <summary>Deepest nesting the parser accepts in an answer.</summary>
    public int MaxNesting { get; init; } = 60;

    /// <summary>Wall-clock budget of one check; past it the answer is not scored and the learner is told why.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Score lost per earlier attempt (attempt 1 scores in full).</summary>
    public double PenaltyPerAttempt { get; init; } = 0.1;

    /// <summary>The lowest multiplier attempts can bring a correct answer's score down to.</summary>
    public double MinimumAttemptFactor { get; init; } = 0.5;

    /// <summary>The fraction of the score an equivalent answer in the wrong form earns.</summary>
    public double WrongFormFactor { get; init; } = 0.5;
}

/// <summary>Why an input could not be read (the answer is not scored).</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Position">0-based character index in the input, when known.</param>
/// <param name="Hint">How to fix it, when known.</param>
/// <param name="Display">Multi-line form with a caret under the spot (terminals).</param>
public sealed record InputProblem(string Message, int? Position, string? Hint, string Display);

/// <summary>How an input was read: the validation step, shown to the learner before marking ("read as").</summary>
/// <param name="Input">What was typed.</param>
/// <param name="Plain">The reading in plain syntax (empty when invalid).</param>
/// <param name="Latex">The reading in LaTeX (empty when invalid).</param>
/// <param name="Warnings">Things the learner may not have meant (unexpected variables, implicit multiplication).</param>
/// <param name="Problem">Why the input cannot be read, or null when it is valid.</param>
public sealed record ReadResult(string Input, string Plain, string Latex, IReadOnlyList<string> Warnings, InputProblem? Problem)
{
    /// <summary>True when the input was read and can be marked.</summary>
    public bool IsValid => Problem is null;

    /// <summary>The value read (expression kinds), or null.</summary>
    public CourseValue? Value { get; init; }

    /// <summary>The option picked (1-based, choice kinds), or 0.</summary>
    public int Option { get; init; }
}

/// <summary>The mark of one entry of a vector or matrix answer (or of the whole answer for other kinds).</summary>
/// <param name="Index">Row-major index.</param>
/// <param name="Label"><c>entry (1, 2)</c>, <c>entry 2</c> or <c>the answer</c>.</param>
/// <param name="Correct">Whether this entry is right.</param>
/// <param name="FeedbackIds">Ids of the feedback rules that fired on this entry.</param>
public sealed record EntryMark(int Index, string Label, bool Correct, IReadOnlyList<string> FeedbackIds);

/// <summary>One piece of feedback.</summary>
/// <param name="Id">The rule id (template rules), or a built-in id: <c>not-equivalent</c>, <c>form-expanded</c>, <c>option-N</c>…</param>
/// <param name="Message">What the learner reads.</param>
/// <param name="Entry">The entry it concerns (<c>entry (1, 2)</c>), or null for the whole answer.</param>
public sealed record FeedbackItem(string Id, string Message, string? Entry);

/// <summary>The verdict on one attempt.</summary>
/// <param name="Read">How the input was read.</param>
/// <param name="Counted">False when the input was invalid or could not be checked within the budget: no score change.</param>
/// <param name="Correct">Whether the answer is right (and in the required form).</param>
/// <param name="Score">The score in [0, 1] after attempt penalties (0 when not counted).</param>
/// <param name="Entries">Per-entry marks.</param>
/// <param name="Feedback">Feedback, most specific first.</param>
/// <param name="Summary">One sentence for the learner.</param>
public sealed record GradeResult(ReadResult Read, bool Counted, bool Correct, double Score, IReadOnlyList<EntryMark> Entries,
    IReadOnlyList<FeedbackItem> Feedback, string Summary)
{
    /// <summary>The distinct ids of the feedback that fired, in order: what the progress store keeps as answer notes.</summary>
    public IReadOnlyList<string> FeedbackIds() => Feedback.Select(f => f.Id).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>A worked solution.</summary>
/// <param name="Text">For terminals: the steps as indented text and the answer.</param>
/// <param name="Markdown">For the web: Markdown with LaTeX math.</param>
public sealed record Solution(string Text, string Markdown);
