using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Progress;
using Nabla.Course.Templates;

namespace Nabla.Web.Api;

// The exercise API's answers (serialised camelCase). None of them carries the correct answer: only the solution the
// learner asks for does.

internal sealed record SkillView(string Id, string Title);

internal sealed record EntryShape(string Kind, int Rows, int Columns, IReadOnlyList<string> Variables, string Example, string Label);

internal sealed record PlotView(IReadOnlyList<double> X, IReadOnlyList<double?> Y);

internal sealed record OptionView(int Number, string Text, string Html, string Latex, PlotView? Plot);

internal sealed record VariantView(bool Ok, string Template, string Title, int Seed, string Kind, int Difficulty, IReadOnlyList<SkillView> Skills,
    string Prompt, string PromptHtml, EntryShape Entry, IReadOnlyList<OptionView> Options, PlotView? FunctionPlot, int Hints);

internal sealed record ProblemView(string Message, int? Position, string? Hint, string Display);

internal sealed record ReadView(bool Ok, bool Valid, string Input, string Plain, string Latex, IReadOnlyList<string> Warnings, ProblemView? Problem);

internal sealed record EntryView(int Index, string Label, bool Correct, IReadOnlyList<string> Feedback);

internal sealed record FeedbackView(string Id, string Message, string? Entry);

internal sealed record MasteryView(string Skill, string Title, string Level, string LevelName, int Attempts, int FirstTryCorrect, int Streak);

internal sealed record CheckView(bool Ok, string Template, int Seed, bool Counted, bool Correct, double Score, string Summary, int? Attempt,
    ReadView Read, IReadOnlyList<EntryView> Entries, IReadOnlyList<FeedbackView> Feedback, IReadOnlyList<MasteryView> Mastery);

internal sealed record HintView(bool Ok, string Template, int Seed, int Index, int Count, string Markdown, string Html);

internal sealed record SolutionView(bool Ok, string Template, int Seed, string Markdown, string Html, string Text);

internal sealed record LastVariantView(int Seed, int Attempts, bool Correct, int? RightAt, double BestScore, DateTimeOffset At);

internal sealed record StatusView(bool Ok, string Template, int Attempts, LastVariantView? Last, int? ResumeSeed, string Summary);

/// <summary>Builds the answers from engine results.</summary>
internal static class ExerciseViews
{
    public static IReadOnlyList<double?> Finite(IReadOnlyList<double> values) =>
        values.Select(v => double.IsFinite(v) ? Math.Round(v, 6) : (double?)null).ToArray(); // JSON has no NaN: a gap in the curve

    private static PlotView Plot(IReadOnlyList<double> y) =>
        new(Course.Templates.Variant.PlotRange.Select(x => Math.Round(x, 6)).ToArray(), Finite(y));

    public static string InlineHtml(string markdown)
    {
        string html = LessonMarkdown.ToHtml(markdown).Trim();
        // One paragraph renders as <p>…</p>; inside an option label or a feedback line the paragraph is unwanted.
        if (html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal) && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0)
            html = html[3..^4];
        return html;
    }

    public static VariantView Variant(Variant v, CourseContent course)
    {
        var t = v.Template;
        var skills = t.Skills.Select(id => new SkillView(id, SkillTitle(course, id))).ToArray();
        // A match-graph option is shown as its graph only: its formula would turn reading graphs into differentiating.
        var options = v.Options.Select((o, i) => t.Kind == AnswerKind.MatchGraph
            ? new OptionView(i + 1, $"Graph {i + 1}", $"Graph {i + 1}", $"\\text{{Graph {i + 1}}}", o.Plot is { } p ? Plot(p) : null)
            : new OptionView(i + 1, o.Text, InlineHtml(o.Text), o.Latex, null)).ToArray();
        var plot = v.FunctionPlot is { } f ? Plot(f) : null;
        return new VariantView(true, t.Id, t.Title, v.Seed, t.KindName, t.Difficulty, skills, v.Prompt, LessonMarkdown.ToHtml(v.Prompt),
            Shape(v), options, plot, v.Hints.Count);
    }

    public static EntryShape Shape(Variant v)
    {
        var t = v.Template;
        var variables = t.Answer.Variables;
        return t.Kind switch
        {
            AnswerKind.Choice or AnswerKind.MatchGraph => new EntryShape("choice", 1, 1, [], "", "Choose one"),
            AnswerKind.Number => new EntryShape("number", 1, 1, [], "3/4", "Your answer (a number; fractions like 3/4 and sqrt(2) are fine)"),
            AnswerKind.Vector => new EntryShape("vector", v.Answer!.Shape.Rows, 1, variables, "[" + string.Join(", ", Enumerable.Range(0, v.Answer.Shape.Rows).Select(i => (char)('a' + i))) + "]",
                $"Your answer (a vector of {v.Answer.Shape.Rows} entries, in square brackets)"),
            AnswerKind.Matrix => new EntryShape("matrix", v.Answer!.Shape.Rows, v.Answer.Shape.Columns, variables, MatrixExample(v.Answer.Shape),
                $"Your answer (a {v.Answer.Shape.Rows} × {v.Answer.Shape.Columns} matrix, one bracket per row)"),
            _ => new EntryShape("expression", 1, 1, variables, "", variables.Count > 0 ? $"Your answer (an expression in {string.Join(", ", variables)})" : "Your answer"),
        };
    }

    private static string MatrixExample((int Rows, int Columns) shape)
    {
        int letter = 0;
        var rows = Enumerable.Range(0, shape.Rows).Select(_ => "[" + string.Join(", ", Enumerable.Range(0, shape.Columns).Select(_ => (char)('a' + letter++ % 26))) + "]");
        return "[" + string.Join(", ", rows) + "]";
    }

    public static string SkillTitle(CourseContent course, string skillId) =>
        course.Skills.FirstOrDefault(s => s.Id == skillId)?.Title ?? skillId;

    public static ReadView Read(ReadResult r) => new(true, r.IsValid, r.Input, r.Plain, r.Latex, r.Warnings,
        r.Problem is { } p ? new ProblemView(p.Message, p.Position, p.Hint, p.Display) : null);

    public static CheckView Check(Variant v, GradeResult r, int? attempt, IReadOnlyList<SkillMastery> mastery, CourseContent course) =>
        new(true, v.Template.Id, v.Seed, r.Counted, r.Correct, r.Score, r.Summary, attempt, Read(r.Read),
            r.Entries.Select(e => new EntryView(e.Index, e.Label, e.Correct, e.FeedbackIds)).ToArray(),
            r.Feedback.Select(f => new FeedbackView(f.Id, f.Message, f.Entry)).ToArray(),
            mastery.Select(m => Mastery(m, course)).ToArray());

    public static MasteryView Mastery(SkillMastery m, CourseContent course) =>
        new(m.Skill, SkillTitle(course, m.Skill), m.Level.ToString().ToLowerInvariant(), LevelName(m.Level), m.Attempts, m.FirstTryCorrect, m.Streak);

    public static string LevelName(MasteryLevel level) => level switch
    {
        MasteryLevel.NotStarted => "not started",
        MasteryLevel.Attempted => "attempted",
        MasteryLevel.Familiar => "familiar",
        MasteryLevel.Proficient => "proficient",
        MasteryLevel.Mastered => "mastered",
        _ => level.ToString(),
    };

    /// <summary>The learner's standing on a template from the stored attempts (the most recent seed they worked on).</summary>
    public static StatusView Status(string templateId, IReadOnlyList<AttemptRecord> attempts)
    {
        var mine = attempts.Where(a => a.TemplateId == templateId).ToList();
        if (mine.Count == 0) return new StatusView(true, templateId, 0, null, null, "Not tried yet.");
        var last = mine[^1];
        var onSeed = mine.Where(a => a.Seed == last.Seed).ToList();
        var firstRight = onSeed.FirstOrDefault(a => a.Correct);
        var view = new LastVariantView(last.Seed, onSeed.Count, firstRight is not null, firstRight?.Attempt, onSeed.Max(a => a.Score), last.At);
        string score = $"score {view.BestScore * 100:0}%";
        string summary = firstRight switch
        {
            { Attempt: 1 } => $"Last time: right at the first try ({score}).",
            { } r => $"Last time: right at try {r.Attempt} ({score}).",
            null => $"Last time: not right yet after {onSeed.Count} {(onSeed.Count == 1 ? "try" : "tries")}.",
        };
        return new StatusView(true, templateId, mine.Count, view, firstRight is null ? last.Seed : null, summary);
    }
}
