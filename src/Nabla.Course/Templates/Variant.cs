using Nabla.Symbolic;

namespace Nabla.Course.Templates;

/// <summary>A feedback rule as it applies to one variant: its mutant and filled message.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Mutant">The mutant answer, or null when it could not be computed for this variant.</param>
/// <param name="Message">The message with placeholders filled.</param>
/// <param name="Applicable">False when the mutant equals the correct answer for this variant (then it never fires).</param>
public sealed record VariantFeedback(FeedbackRule Rule, CourseValue? Mutant, string Message, bool Applicable);

/// <summary>A shown option of a choice or match-graph variant (already shuffled).</summary>
/// <param name="Text">The option text (choice) or expression in plain syntax (match-graph).</param>
/// <param name="Latex">LaTeX for match-graph options; the text otherwise.</param>
/// <param name="Correct">Whether it is right.</param>
/// <param name="Feedback">What a learner who picks it reads, or null.</param>
/// <param name="Plot">For match-graph: sampled (x, y) values of the option over <see cref="Variant.PlotRange"/>.</param>
public sealed record VariantOption(string Text, string Latex, bool Correct, string? Feedback, IReadOnlyList<double>? Plot);

/// <summary>
/// One exercise drawn from a template with a seed. (template id, seed) always gives the same variant. The correct
/// answer is in <see cref="Answer"/>; hosts that serve learners keep it on the server.
/// </summary>
public sealed record Variant
{
    /// <summary>The template.</summary>
    public required ExerciseTemplate Template { get; init; }
    /// <summary>The seed.</summary>
    public required int Seed { get; init; }
    /// <summary>Parameters and definitions.</summary>
    public required Bindings Bindings { get; init; }
    /// <summary>The question in Markdown with <c>$…$</c> math, placeholders filled.</summary>
    public required string Prompt { get; init; }
    /// <summary>The correct answer for expression/number/vector/matrix kinds, else null.</summary>
    public CourseValue? Answer { get; init; }
    /// <summary>For choice kinds, the options in shown order.</summary>
    public IReadOnlyList<VariantOption> Options { get; init; } = [];
    /// <summary>Hints with placeholders filled, in order.</summary>
    public required IReadOnlyList<string> Hints { get; init; }
    /// <summary>Feedback rules with their mutants.</summary>
    public required IReadOnlyList<VariantFeedback> Feedback { get; init; }
    /// <summary>For match-graph: the function's sampled values over <see cref="PlotRange"/>, else null.</summary>
    public IReadOnlyList<double>? FunctionPlot { get; init; }

    /// <summary>The x values the plots are sampled at (match-graph).</summary>
    public static IReadOnlyList<double> PlotRange { get; } = Enumerable.Range(0, 61).Select(i => -3 + i * 0.1).ToArray();

    /// <summary>The 1-based number of the correct option (choice kinds), else 0.</summary>
    public int CorrectOption => Options.Select((o, i) => (o, i)).FirstOrDefault(p => p.o.Correct).i + (Options.Count > 0 ? 1 : 0);

    /// <summary>The correct answer as a learner would type it (plain syntax; the option number for choices).</summary>
    public string AnswerPlain => Answer?.ToPlain() ?? CorrectOption.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The correct answer in LaTeX.</summary>
    public string AnswerLatex => Answer?.ToLatex() ?? (Options.Count > 0 ? Options[CorrectOption - 1].Latex : "");

    /// <summary>The prompt with the options listed (choice kinds), as a terminal shows it.</summary>
    public string PromptWithOptions => Options.Count == 0
        ? Prompt
        : Prompt + "\n" + string.Join("\n", Options.Select((o, i) => $"  {i + 1}. {o.Text}"));

    internal Expr? AnswerExpr => (Answer as ScalarValue)?.Value;
}
