using Nabla.Course.Templates;

namespace Nabla.Course.Content;

/// <summary>A skill a module teaches; ids are unique across the course.</summary>
/// <param name="Id">The id, e.g. <c>power-rule</c>.</param>
/// <param name="Title">What a learner reads.</param>
public sealed record Skill(string Id, string Title)
{
    /// <summary>The 1-based line of the skill in <c>module.md</c>.</summary>
    public int Line { get; init; } = 1;
}

/// <summary>A module's graded quiz: a fixed list of templates and a pass mark.</summary>
/// <param name="Title">The quiz title.</param>
/// <param name="Templates">Template ids, in order.</param>
/// <param name="Pass">The pass mark, a fraction in [0, 1].</param>
public sealed record Quiz(string Title, IReadOnlyList<string> Templates, double Pass);

/// <summary>A widget or exercise directive in a lesson.</summary>
/// <param name="Kind"><c>widget</c> or <c>exercise</c>.</param>
/// <param name="Name">The widget name or template id.</param>
/// <param name="Attributes">Attributes in the order written (empty for exercises).</param>
/// <param name="Line">1-based line in the lesson file.</param>
public sealed record Directive(string Kind, string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes, int Line);

/// <summary>One lesson: front matter and its Markdown body.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Title">Title.</param>
/// <param name="Order">Position within the module.</param>
/// <param name="Skills">Skills the lesson teaches.</param>
/// <param name="Widgets">Widgets the front matter declares.</param>
/// <param name="File">The file path (relative to the content root).</param>
/// <param name="Body">The Markdown after the front matter.</param>
/// <param name="BodyLine">The 1-based file line on which <paramref name="Body"/> starts.</param>
/// <param name="Directives">Widgets and exercises the body embeds, in order.</param>
public sealed record Lesson(string Id, string Title, int Order, IReadOnlyList<string> Skills, IReadOnlyList<string> Widgets,
    string File, string Body, int BodyLine, IReadOnlyList<Directive> Directives)
{
    /// <summary>The 1-based line of each front-matter field (for problems).</summary>
    public IReadOnlyDictionary<string, int> FieldLines { get; init; } = new Dictionary<string, int>();

    internal int LineOf(string field) => FieldLines.GetValueOrDefault(field, 2);

    /// <summary>Ids of the templates the lesson embeds, in order.</summary>
    public IEnumerable<string> ExerciseIds => Directives.Where(d => d.Kind == "exercise").Select(d => d.Name);
}

/// <summary>One module of the course.</summary>
/// <param name="Id">Unique id, e.g. <c>derivatives</c>.</param>
/// <param name="Title">Title.</param>
/// <param name="Order">Position in the course.</param>
/// <param name="Summary">One sentence.</param>
/// <param name="Skills">Skills taught.</param>
/// <param name="Quiz">The graded quiz, or null.</param>
/// <param name="Folder">The module folder (relative to the content root), e.g. <c>modules/01-derivatives</c>.</param>
/// <param name="Introduction">The Markdown body of <c>module.md</c>.</param>
/// <param name="Lessons">Lessons sorted by order.</param>
/// <param name="Templates">Exercise templates of the module, sorted by id.</param>
public sealed record Module(string Id, string Title, int Order, string Summary, IReadOnlyList<Skill> Skills, Quiz? Quiz,
    string Folder, string Introduction, IReadOnlyList<Lesson> Lessons, IReadOnlyList<ExerciseTemplate> Templates)
{
    /// <summary>The 1-based line of each front-matter field of <c>module.md</c> (for problems).</summary>
    public IReadOnlyDictionary<string, int> FieldLines { get; init; } = new Dictionary<string, int>();

    internal int LineOf(string field) => FieldLines.GetValueOrDefault(field, 2);
}

/// <summary>The whole course as loaded from a content folder, with every problem found while loading.</summary>
public sealed class CourseContent
{
    private readonly Dictionary<string, ExerciseTemplate> templates;
    private readonly Dictionary<string, Module> skillModules;

    internal CourseContent(string root, IReadOnlyList<Module> modules, IReadOnlyList<ContentProblem> problems)
    {
        Root = root;
        Modules = modules;
        Problems = problems;
        templates = new Dictionary<string, ExerciseTemplate>(StringComparer.Ordinal);
        skillModules = new Dictionary<string, Module>(StringComparer.Ordinal);
        foreach (var m in modules)
        {
            foreach (var t in m.Templates) templates.TryAdd(t.Id, t);
            foreach (var s in m.Skills) skillModules.TryAdd(s.Id, m);
        }
    }

    /// <summary>The content folder (the one holding <c>modules/</c>).</summary>
    public string Root { get; }

    /// <summary>Modules sorted by order.</summary>
    public IReadOnlyList<Module> Modules { get; }

    /// <summary>Problems found while loading and validating (empty for valid content).</summary>
    public IReadOnlyList<ContentProblem> Problems { get; }

    /// <summary>Every template, by id.</summary>
    public IReadOnlyDictionary<string, ExerciseTemplate> Templates => templates;

    /// <summary>The template with id <paramref name="id"/>.</summary>
    /// <exception cref="ContentException">No such template.</exception>
    public ExerciseTemplate Template(string id) =>
        templates.TryGetValue(id, out var t) ? t : throw new ContentException($"unknown template \"{id}\"");

    /// <summary>The module with id <paramref name="id"/>, or null.</summary>
    public Module? FindModule(string id) => Modules.FirstOrDefault(m => m.Id == id);

    /// <summary>The module that declares skill <paramref name="skillId"/>, or null.</summary>
    public Module? ModuleOfSkill(string skillId) => skillModules.GetValueOrDefault(skillId);

    /// <summary>Every skill of every module.</summary>
    public IEnumerable<Skill> Skills => Modules.SelectMany(m => m.Skills);
}
