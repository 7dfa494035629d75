using System.Diagnostics;
using System.Globalization;
using Nabla.Course.Templates;
using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Nabla.Symbolic.Simplification;

namespace Nabla.Course.Grading;

/// <summary>
/// The grading pipeline: validate (read as) → mark (engine equivalence, numeric tolerance, per entry, form) →
/// feedback (the template's rules on their mutants, per entry) → score with attempt penalties. Hints and worked
/// solutions come from the variant. Every check runs under <see cref="GradingOptions"/> budgets; an input that cannot
/// be read or checked is never scored. Thread-safe (no mutable state).
/// </summary>
public sealed class Grader
{
    private static readonly SimplifyOptions FormBudget = new() { MaxNodes = 20_000, TimeBudget = TimeSpan.FromMilliseconds(250) };

    /// <summary>Creates a grader.</summary>
    public Grader(GradingOptions? options = null) => Options = options ?? GradingOptions.Default;

    /// <summary>The budgets and scoring policy.</summary>
    public GradingOptions Options { get; }

    /// <summary>The validation step only: how <paramref name="input"/> is read, warnings, or why it cannot be read.</summary>
    public ReadResult Read(Variant variant, string? input)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return AnswerReader.Read(variant, input, Options);
    }

    /// <summary>Grades one attempt (<paramref name="attempt"/> is 1 for the first try).</summary>
    public GradeResult Grade(Variant variant, string? input, int attempt = 1)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var clock = Stopwatch.StartNew();
        var read = AnswerReader.Read(variant, input, Options);
        if (!read.IsValid)
            return new GradeResult(read, false, false, 0, [], [], read.Problem!.Message + " (not marked: your score is unchanged)");
        try
        {
            return variant.Template.Kind is AnswerKind.Choice or AnswerKind.MatchGraph
                ? GradeOption(variant, read, attempt)
                : GradeValue(variant, read, attempt, clock);
        }
        catch (Exception ex) when (ex is SymbolicException or OverBudget)
        {
            var message = ex is OverBudget
                ? $"Your answer could not be checked within {Options.TimeBudget.TotalSeconds:0.#} s."
                : $"Your answer could not be checked: {ex.Message}";
            return new GradeResult(read with { Problem = new InputProblem(message, null, "Simplify it and try again.", message) },
                false, false, 0, [], [], message + " (not marked: your score is unchanged)");
        }
    }

    /// <summary>Hint number <paramref name="index"/> (0-based), or null when there are no more.</summary>
    public static string? Hint(Variant variant, int index)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return index >= 0 && index < variant.Hints.Count ? variant.Hints[index] : null;
    }

    /// <summary>The worked solution (engine steps, or the template's own text).</summary>
    public static Solution Solve(Variant variant) => Solutions.Build(variant);

    private sealed class OverBudget : Exception;

    private double AttemptFactor(int attempt) =>
        Math.Max(Options.MinimumAttemptFactor, 1 - Options.PenaltyPerAttempt * Math.Max(0, attempt - 1));

    private GradeResult GradeOption(Variant variant, ReadResult read, int attempt)
    {
        var option = variant.Options[read.Option - 1];
        var marks = new[] { new EntryMark(0, "the answer", option.Correct, []) };
        if (option.Correct)
            return new GradeResult(read, true, true, AttemptFactor(attempt), marks, [], "Correct.");
        var feedback = option.Feedback is { } f ? new[] { new FeedbackItem($"option-{read.Option}", f, null) } : [];
        return new GradeResult(read, true, false, 0, marks, feedback, "Not this one.");
    }

    private void Check(Stopwatch clock)
    {
        EngineCancellation.ThrowIfCancelled("Grade");
        if (clock.Elapsed > Options.TimeBudget) throw new OverBudget();
    }

    private bool Same(Expr answer, Expr expected, AnswerKind kind, double tolerance)
    {
        if (kind == AnswerKind.Number)
        {
            double a = answer.Evaluate(new Dictionary<string, double>()), b = expected.Evaluate(new Dictionary<string, double>());
            return double.IsFinite(a) && Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));
        }
        return Equivalence.Check(answer, expected).Equivalent;
    }

    private GradeResult GradeValue(Variant variant, ReadResult read, int attempt, Stopwatch clock)
    {
        var t = variant.Template;
        var given = read.Value!.Entries;
        var expected = variant.Answer!.Entries;
        var correct = new bool[given.Count];
        var entryFeedback = new List<string>[given.Count];
        for (int i = 0; i < given.Count; i++)
        {
            correct[i] = Same(given[i], expected[i], t.Kind, t.Answer.Tolerance);
            entryFeedback[i] = [];
            Check(clock);
        }
        bool allCorrect = correct.All(c => c);
        var feedback = new List<FeedbackItem>();
        bool multi = variant.Answer is not ScalarValue;

        if (!allCorrect)
        {
            foreach (var rule in variant.Feedback.Where(r => r.Applicable && r.Mutant is not null))
            {
                var mutant = rule.Mutant!.Entries;
                if (mutant.Count != given.Count) continue;
                bool whole = true;
                for (int i = 0; i < given.Count && whole; i++) whole = Same(given[i], mutant[i], t.Kind, t.Answer.Tolerance);
                Check(clock);
                if (whole)
                {
                    feedback.Add(new FeedbackItem(rule.Rule.Id, rule.Message, null));
                    for (int i = 0; i < given.Count; i++)
                        if (!correct[i]) entryFeedback[i].Add(rule.Rule.Id);
                    continue;
                }
                if (!multi) continue;
                for (int i = 0; i < given.Count; i++)
                {
                    if (correct[i] || Same(mutant[i], expected[i], t.Kind, t.Answer.Tolerance) || !Same(given[i], mutant[i], t.Kind, t.Answer.Tolerance)) continue;
                    var label = variant.Answer.EntryLabel(i);
                    feedback.Add(new FeedbackItem(rule.Rule.Id, $"{label}: {rule.Message}", label));
                    entryFeedback[i].Add(rule.Rule.Id);
                }
                Check(clock);
            }
            if (feedback.Count == 0 && !multi)
                feedback.Add(new FeedbackItem("not-equivalent", Counterexample(given[0], expected[0], t.Kind), null));
        }

        var marks = Enumerable.Range(0, given.Count)
            .Select(i => new EntryMark(i, variant.Answer.EntryLabel(i), correct[i], entryFeedback[i])).ToArray();
        if (multi && !allCorrect)
        {
            var wrong = marks.Where(m => !m.Correct).Select(m => m.Label).ToList();
            feedback.Add(new FeedbackItem("entries-wrong", $"{wrong.Count} of {marks.Length} entries are not right: {string.Join(", ", wrong)}.", null));
        }

        double fraction = given.Count == 0 ? 0 : correct.Count(c => c) / (double)given.Count;
        bool formOk = true;
        if (allCorrect && t.Kind == AnswerKind.Expression && t.Answer.Form != AnswerForm.Any)
        {
            formOk = FormHolds(given[0], t.Answer.Form);
            if (!formOk)
                feedback.Add(new FeedbackItem($"form-{t.Answer.Form.ToString().ToLowerInvariant()}", FormMessage(t.Answer.Form), null));
        }
        double score = fraction * AttemptFactor(attempt) * (formOk ? 1 : Options.WrongFormFactor);
        bool isCorrect = allCorrect && formOk;
        string summary = isCorrect ? "Correct."
            : allCorrect ? "Right value, but not in the form asked for."
            : multi ? $"{correct.Count(c => c)} of {given.Count} entries right."
            : "Not right yet.";
        return new GradeResult(read, true, isCorrect, Math.Round(score, 6), marks, feedback, summary);
    }

    private static string Counterexample(Expr given, Expr expected, AnswerKind kind)
    {
        if (kind == AnswerKind.Number)
            return $"Your value is {Format(given.Evaluate(new Dictionary<string, double>()))}, which is not the expected value.";
        var r = Equivalence.Check(given, expected);
        if (r.Method == EquivalenceMethod.Counterexample && r.Counterexample is { Count: > 0 } point)
            return $"Not equivalent to the expected answer: at {string.Join(", ", point.Select(kv => $"{kv.Key} = {Format(kv.Value)}"))} " +
                   $"your answer is {Format(r.ValueA ?? double.NaN)}, which is not the expected value there.";
        if (r.Method == EquivalenceMethod.Counterexample)
            return $"Your answer is the constant {Format(r.ValueA ?? double.NaN)}, which is not the expected value.";
        return "Your answer could not be shown equal to the expected one: it may be undefined where the expected answer is defined.";
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static bool FormHolds(Expr answer, AnswerForm form)
    {
        try
        {
            return form switch
            {
                AnswerForm.Expanded => ReferenceEquals(answer, answer.Expand(FormBudget)),
                AnswerForm.Simplified => answer.TreeSize <= answer.Simplify(FormBudget).TreeSize,
                AnswerForm.Factored => answer is not Sum || answer.Factor(FormBudget) is Sum,
                _ => true,
            };
        }
        catch (SymbolicException)
        {
            return true; // the form could not be decided within budget: do not penalise the learner for the engine's limit
        }
    }

    private static string FormMessage(AnswerForm form) => form switch
    {
        AnswerForm.Expanded => "Your answer is right but not expanded: multiply out the brackets.",
        AnswerForm.Simplified => "Your answer is right but can be simplified further.",
        AnswerForm.Factored => "Your answer is right but not factored: write it as a product.",
        _ => "",
    };
}
