using System.Text.RegularExpressions;
using Nabla.Course.Assignments;
using Nabla.Course.Content;
using Nabla.Course.Progress;
using Nabla.Course.Templates;

namespace Nabla.Course.Reports;

/// <summary>A skill as a report names it.</summary>
/// <param name="Id">The skill id.</param>
/// <param name="Title">What an instructor reads.</param>
public sealed record ReportSkill(string Id, string Title);

/// <summary>An exercise template as a report needs it: its title and the readable labels of its feedback ids.</summary>
/// <param name="Id">The template id.</param>
/// <param name="Title">The template title.</param>
/// <param name="Skills">The skills it exercises.</param>
/// <param name="Labels">The template's own feedback ids (rules, choice options) and what each means.</param>
public sealed record ReportTemplate(string Id, string Title, IReadOnlyList<string> Skills, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The readable label of <paramref name="feedbackId"/> on this template (built-in ids included).</summary>
    public string Label(string feedbackId) =>
        Labels.TryGetValue(feedbackId, out var label) ? label : FeedbackLabels.BuiltIn(feedbackId);
}

/// <summary>A module as a report needs it.</summary>
/// <param name="Id">The module id.</param>
/// <param name="Title">The module title.</param>
/// <param name="Skills">Its skills, in course order.</param>
/// <param name="Templates">Its exercise templates.</param>
public sealed record ReportModule(string Id, string Title, IReadOnlyList<ReportSkill> Skills, IReadOnlyList<ReportTemplate> Templates);

/// <summary>A programming assignment (lab) as a report needs it.</summary>
/// <param name="Id">The assignment id; its attempts are stored under template id <c>lab:ID</c>.</param>
/// <param name="Title">The title.</param>
public sealed record ReportAssignment(string Id, string Title)
{
    /// <summary>The prefix of the template id under which assignment attempts are stored (web and CLI alike).</summary>
    public const string TemplatePrefix = "lab:";

    /// <summary>The template id its attempts carry.</summary>
    public string TemplateId => TemplatePrefix + Id;
}

/// <summary>
/// What reports know of the course: modules, skills, templates and assignments. Built from the loaded content with
/// <see cref="From"/>; tests build small ones by hand.
/// </summary>
/// <param name="Modules">Modules in course order.</param>
/// <param name="Assignments">Programming assignments.</param>
public sealed partial record ReportCourse(IReadOnlyList<ReportModule> Modules, IReadOnlyList<ReportAssignment> Assignments)
{
    /// <summary>The report view of loaded course content and the assignment catalogue.</summary>
    public static ReportCourse From(CourseContent content, IEnumerable<Assignment>? assignments = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var modules = content.Modules.Select(m => new ReportModule(m.Id, m.Title,
            m.Skills.Select(s => new ReportSkill(s.Id, s.Title)).ToList(),
            m.Templates.Select(FromTemplate).ToList())).ToList();
        var labs = (assignments ?? AssignmentCatalog.All).Select(a => new ReportAssignment(a.Id, a.Title)).ToList();
        return new ReportCourse(modules, labs);
    }

    private static ReportTemplate FromTemplate(ExerciseTemplate t)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = t.Params.Concat(t.Defines).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        string Generic(string text) => Placeholder().Replace(text, m => names.Contains(m.Groups[1].Value) ? m.Groups[1].Value : m.Value);
        foreach (var rule in t.Feedback) labels.TryAdd(rule.Id, Generic(rule.Message));
        for (int i = 0; i < t.Options.Count; i++)
        {
            string text = Generic(t.Options[i].Text);
            // Ids of options are 1-based, as the grader writes them (option-N).
            labels.TryAdd($"option-{i + 1}", t.Options[i].Feedback is { Length: > 0 } f
                ? $"Chose option {i + 1} ({text}): {Generic(f)}"
                : $"Chose option {i + 1} ({text})");
        }
        return new ReportTemplate(t.Id, t.Title, t.Skills, labels);
    }

    // A message's placeholders differ per variant; across variants the instructor reads the parameter's name
    // ({a} and {g:latex} become a and g, so "$2 \cdot {k} x$" reads "$2 \cdot k x$").
    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(?::[A-Za-z]+)?\}")]
    private static partial Regex Placeholder();
}

/// <summary>One learner of a class with everything stored about them.</summary>
/// <param name="Id">The learner id (the progress store key).</param>
/// <param name="DisplayName">The name they chose (learner-controlled text: encode it wherever it is shown).</param>
/// <param name="Attempts">Their attempts, in any order.</param>
/// <param name="Mastery">Their stored mastery records (skills never practised may be missing).</param>
public sealed record ClassLearner(string Id, string DisplayName, IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<SkillMastery> Mastery);

/// <summary>Readable labels of the grader's built-in feedback ids.</summary>
public static class FeedbackLabels
{
    /// <summary>The id under which wrong first tries with no recorded feedback id are counted.</summary>
    public const string NoneId = "(none)";

    // The grader's built-in ids (Grading/Grader.cs); option-N and template rules are labelled per template.
    private static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["not-equivalent"] = "Not equivalent to the answer, and no known mistake matched",
        ["entries-wrong"] = "Some entries wrong, and no known mistake matched",
        ["form-expanded"] = "Right value, but not expanded",
        ["form-simplified"] = "Right value, but not simplified",
        ["form-factored"] = "Right value, but not factored",
        [NoneId] = "No feedback recorded (a wrong choice without feedback, or an attempt stored before feedback ids were kept)",
    };

    /// <summary>The label of a built-in id; an unknown id is labelled by itself.</summary>
    public static string BuiltIn(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (Table.TryGetValue(id, out var label)) return label;
        if (id.StartsWith("option-", StringComparison.Ordinal) && int.TryParse(id.AsSpan("option-".Length), out int n)) return $"Chose option {n}";
        return id;
    }
}
