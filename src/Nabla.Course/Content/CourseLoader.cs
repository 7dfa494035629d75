using Nabla.Course.Templates;
using Nabla.Symbolic;
using YamlDotNet.RepresentationModel;

namespace Nabla.Course.Content;

/// <summary>
/// Loads a content folder (<c>modules/NN-slug/module.md</c>, <c>lessons/*.md</c>, <c>exercises/*.yaml</c>) and
/// validates it, collecting every problem with its file and line instead of stopping at the first.
/// </summary>
public static class CourseLoader
{
    /// <summary>Seeds the validator draws for each template (the test suite draws 200).</summary>
    public const int ValidationSeeds = 3;

    /// <summary>Loads and validates the content under <paramref name="root"/> (the folder holding <c>modules/</c>).</summary>
    /// <param name="root">The content folder.</param>
    /// <param name="drawVariants">Also draw <see cref="ValidationSeeds"/> variants of each template to catch templates that fail.</param>
    public static CourseContent Load(string root, bool drawVariants = true)
    {
        ArgumentNullException.ThrowIfNull(root);
        var problems = new List<ContentProblem>();
        var modules = new List<Module>();
        var modulesDir = Path.Combine(root, "modules");
        if (!Directory.Exists(modulesDir))
            throw new ContentException($"no modules/ folder under {root}");
        foreach (var dir in Directory.GetDirectories(modulesDir).Order(StringComparer.Ordinal))
        {
            if (LoadModule(root, dir, problems) is { } m) modules.Add(m);
        }
        modules.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(a.Id, b.Id));
        Validate(modules, problems, drawVariants);
        return new CourseContent(root, modules, problems);
    }

    /// <summary>Loads like <see cref="Load"/> and throws when the content has problems.</summary>
    /// <exception cref="ContentException">The content has problems (all are listed).</exception>
    public static CourseContent LoadValid(string root, bool drawVariants = false)
    {
        var content = Load(root, drawVariants);
        if (content.Problems.Count > 0) throw new ContentException(content.Problems);
        return content;
    }

    /// <summary>
    /// Finds the content folder: <paramref name="explicitPath"/>, else <c>NABLA_CONTENT</c>, else the first folder named
    /// <c>content</c> holding <c>modules/</c> found walking up from <paramref name="start"/> (default: the app's folder).
    /// </summary>
    /// <returns>The folder, or null when none is found.</returns>
    public static string? Locate(string? explicitPath = null, string? start = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        if (Environment.GetEnvironmentVariable("NABLA_CONTENT") is { Length: > 0 } env) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (Directory.Exists(Path.Combine(candidate, "modules"))) return candidate;
        }
        return null;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static Module? LoadModule(string root, string dir, List<ContentProblem> problems)
    {
        var file = Path.Combine(dir, "module.md");
        var rel = Relative(root, file);
        if (!File.Exists(file))
        {
            problems.Add(new(ProblemKind.Syntax, Relative(root, dir), 1, "module folder without module.md"));
            return null;
        }
        var text = File.ReadAllText(file);
        if (!YamlSource.SplitFrontMatter(text, out var front, out var body, out _))
        {
            problems.Add(new(ProblemKind.Syntax, rel, 1, "module.md must start with front matter between --- lines"));
            return null;
        }
        var src = new YamlSource(rel, 1, problems);
        var map = src.LoadMapping(front);
        if (map is null) return null;
        string id = src.String(map, "id", required: true) ?? Path.GetFileName(dir);
        var skills = new List<Skill>();
        if (YamlSource.Get(map, "skills") is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children)
            {
                if (item is YamlMappingNode s)
                    skills.Add(new Skill(src.String(s, "id", true) ?? "", src.String(s, "title") ?? "") { Line = src.Line(s) });
                else if (item is YamlScalarNode plain)
                    skills.Add(new Skill(plain.Value ?? "", plain.Value ?? "") { Line = src.Line(plain) });
            }
        }
        else src.Problem(ProblemKind.Syntax, src.Line(map), "missing \"skills\": a list of {id, title}");
        Quiz? quiz = null;
        if (YamlSource.Get(map, "quiz") is YamlMappingNode q)
            quiz = new Quiz(src.String(q, "title") ?? $"{id} quiz", src.StringList(q, "templates", true), src.Double(q, "pass") ?? 0.8);

        var lessons = new List<Lesson>();
        var lessonDir = Path.Combine(dir, "lessons");
        if (Directory.Exists(lessonDir))
            foreach (var lf in Directory.GetFiles(lessonDir, "*.md").Order(StringComparer.Ordinal))
                if (LoadLesson(root, lf, problems) is { } l) lessons.Add(l);
        lessons.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(a.Id, b.Id));

        var templates = new List<ExerciseTemplate>();
        var exerciseDir = Path.Combine(dir, "exercises");
        if (Directory.Exists(exerciseDir))
        {
            foreach (var tf in Directory.GetFiles(exerciseDir).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var trel = Relative(root, tf);
                if (ExerciseTemplate.Parse(File.ReadAllText(tf), trel, problems) is not { } t) continue;
                if (t.Id != Path.GetFileNameWithoutExtension(tf))
                    problems.Add(new(ProblemKind.Syntax, trel, 1, $"the template id \"{t.Id}\" must equal the file name \"{Path.GetFileNameWithoutExtension(tf)}\""));
                templates.Add(t with { Module = id });
            }
        }
        templates.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new Module(id, src.String(map, "title", true) ?? id, src.Int(map, "order") ?? 0, src.String(map, "summary") ?? "",
            skills, quiz, Relative(root, dir), body, lessons, templates) { FieldLines = src.FieldLines(map) };
    }

    private static Lesson? LoadLesson(string root, string file, List<ContentProblem> problems)
    {
        var rel = Relative(root, file);
        var text = File.ReadAllText(file);
        if (!YamlSource.SplitFrontMatter(text, out var front, out var body, out int bodyLine))
        {
            problems.Add(new(ProblemKind.Syntax, rel, 1, "a lesson must start with front matter between --- lines"));
            return null;
        }
        var src = new YamlSource(rel, 1, problems);
        var map = src.LoadMapping(front);
        if (map is null) return null;
        var (directives, hasPractice) = LessonMarkdown.Analyse(body, rel, bodyLine, problems);
        string id = src.String(map, "id", true) ?? Path.GetFileNameWithoutExtension(file);
        if (!hasPractice)
            problems.Add(new(ProblemKind.MissingPractice, rel, Math.Max(1, bodyLine + body.Split('\n').Length - 1),
                "the lesson must end with a \"## Practice\" section embedding at least one exercise"));
        return new Lesson(id, src.String(map, "title", true) ?? id, src.Int(map, "order") ?? 0, src.StringList(map, "skills", true),
            src.StringList(map, "widgets"), rel, body, bodyLine, directives) { FieldLines = src.FieldLines(map) };
    }

    private static void Validate(List<Module> modules, List<ContentProblem> problems, bool drawVariants)
    {
        var templates = new Dictionary<string, ExerciseTemplate>(StringComparer.Ordinal);
        var moduleIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var skillIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var lessonIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in modules)
        {
            var moduleFile = m.Folder + "/module.md";
            if (!moduleIds.TryAdd(m.Id, moduleFile))
                problems.Add(new(ProblemKind.DuplicateId, moduleFile, m.LineOf("id"), $"module id \"{m.Id}\" is also used by {moduleIds[m.Id]}"));
            foreach (var s in m.Skills)
                if (!skillIds.TryAdd(s.Id, moduleFile))
                    problems.Add(new(ProblemKind.DuplicateId, moduleFile, s.Line, $"skill id \"{s.Id}\" is also declared in {skillIds[s.Id]}"));
            foreach (var l in m.Lessons)
                if (!lessonIds.TryAdd(l.Id, l.File))
                    problems.Add(new(ProblemKind.DuplicateId, l.File, l.LineOf("id"), $"lesson id \"{l.Id}\" is also used by {lessonIds[l.Id]}"));
            foreach (var t in m.Templates)
                if (!templates.TryAdd(t.Id, t))
                    problems.Add(new(ProblemKind.DuplicateId, t.File, 1, $"template id \"{t.Id}\" is also used by {templates[t.Id].File}"));
        }

        foreach (var m in modules)
        {
            var moduleSkills = m.Skills.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var lesson in m.Lessons) ValidateLesson(lesson, moduleSkills, templates, problems);
            if (m.Quiz is { } quiz)
                foreach (var id in quiz.Templates.Where(id => !templates.ContainsKey(id)))
                    problems.Add(new(ProblemKind.QuizTemplateNotFound, m.Folder + "/module.md", m.LineOf("quiz"), $"the quiz lists template \"{id}\", which does not exist"));
            foreach (var t in m.Templates) ValidateTemplate(t, moduleSkills, problems, drawVariants);
        }
    }

    private static void ValidateLesson(Lesson lesson, HashSet<string> moduleSkills, Dictionary<string, ExerciseTemplate> templates, List<ContentProblem> problems)
    {
        foreach (var s in lesson.Skills.Where(s => !moduleSkills.Contains(s)))
            problems.Add(new(ProblemKind.UndeclaredSkill, lesson.File, lesson.LineOf("skills"), $"skill \"{s}\" is not declared in the module's skills"));
        foreach (var w in lesson.Widgets.Where(w => WidgetCatalogue.Find(w) is null))
            problems.Add(new(ProblemKind.UnknownWidget, lesson.File, lesson.LineOf("widgets"), $"front matter lists unknown widget \"{w}\""));
        foreach (var d in lesson.Directives)
        {
            if (d.Kind == "exercise")
            {
                if (!templates.ContainsKey(d.Name))
                    problems.Add(new(ProblemKind.UnknownTemplate, lesson.File, d.Line, $"exercise template \"{d.Name}\" does not exist"));
                continue;
            }
            if (WidgetCatalogue.Find(d.Name) is not { } spec)
            {
                problems.Add(new(ProblemKind.UnknownWidget, lesson.File, d.Line,
                    $"unknown widget \"{d.Name}\" (known: {string.Join(", ", WidgetCatalogue.All.Select(w => w.Name))})"));
                continue;
            }
            if (!lesson.Widgets.Contains(d.Name))
                problems.Add(new(ProblemKind.UndeclaredWidget, lesson.File, d.Line, $"widget \"{d.Name}\" is used but not listed in the front matter's widgets"));
            foreach (var (key, value) in d.Attributes)
            {
                if (spec.Attribute(key) is not { } attribute)
                {
                    problems.Add(new(ProblemKind.UnknownAttribute, lesson.File, d.Line,
                        $"widget \"{d.Name}\" has no attribute \"{key}\" (it takes: {string.Join(", ", spec.Attributes.Select(a => a.Name))})"));
                    continue;
                }
                if (CheckAttribute(attribute, value) is { } message)
                    problems.Add(new(ProblemKind.BadExpression, lesson.File, d.Line, $"widget \"{d.Name}\", {key}=\"{value}\": {message}"));
            }
            foreach (var missing in spec.Attributes.Where(a => a.Required && d.Attributes.All(kv => kv.Key != a.Name)))
                problems.Add(new(ProblemKind.UnknownAttribute, lesson.File, d.Line, $"widget \"{d.Name}\" needs the attribute \"{missing.Name}\""));
        }
    }

    /// <summary>Why an attribute value is invalid, or null.</summary>
    internal static string? CheckAttribute(WidgetAttribute attribute, string value)
    {
        switch (attribute.Type)
        {
            case AttributeType.Function:
                return Expr.TryParse(value, out _, out var error) ? null : $"not an expression: {error.Message}";
            case AttributeType.Number:
                if (!Expr.TryParse(value, out var n, out var nerror)) return $"not a number: {nerror.Message}";
                return n.FreeSymbols.Count == 0 && double.IsFinite(n.Evaluate(new Dictionary<string, double>())) ? null : "must be a number";
            case AttributeType.Integer:
                return int.TryParse(value, out int i) && i >= 0 ? null : "must be a whole number";
            case AttributeType.Word:
                return attribute.Allowed!.Contains(value) ? null : $"must be one of {string.Join(", ", attribute.Allowed!)}";
            default:
                return null;
        }
    }

    private static void ValidateTemplate(ExerciseTemplate t, HashSet<string> moduleSkills, List<ContentProblem> problems, bool drawVariants)
    {
        foreach (var s in t.Skills.Where(s => !moduleSkills.Contains(s)))
            problems.Add(new(ProblemKind.UndeclaredSkill, t.File, t.LineOf("skills"), $"skill \"{s}\" is not declared in the module's skills"));
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in t.Feedback)
        {
            if (!ruleIds.Add(rule.Id))
                problems.Add(new(ProblemKind.DuplicateId, t.File, rule.Line, $"feedback id \"{rule.Id}\" is used twice"));
            if (rule.MistakeName is { } name && Mistakes.Find(name) is null)
                problems.Add(new(ProblemKind.BadTemplate, t.File, rule.Line, $"unknown mistake \"{name}\" (known: {string.Join(", ", Mistakes.All.Select(m => m.Name))})"));
        }
        foreach (var p in t.Params)
            if (!CallSyntax.TryParseCall(p.Text, out var g, out _) || !Generators.Names.Contains(g))
                problems.Add(new(ProblemKind.BadExpression, t.File, p.Line, $"parameter \"{p.Name}\": \"{p.Text}\" is not a generator ({string.Join(", ", Generators.Names)})"));
        if (t.Kind is not (AnswerKind.Choice or AnswerKind.MatchGraph) && CallSyntax.TryParseCall(t.Answer.Compute, out var op, out _)
            && !Computations.Names.Contains(op) && !FunctionTable.TryGetByName(op, out _))
            problems.Add(new(ProblemKind.BadExpression, t.File, t.Answer.Line, $"unknown computation \"{op}\" (use {string.Join(", ", Computations.Names)})"));
        if (!drawVariants || problems.Any(p => p.File == t.File)) return;
        for (int seed = 1; seed <= ValidationSeeds; seed++)
        {
            try
            {
                var v = VariantGenerator.Generate(t, seed);
                foreach (var p in VariantGenerator.PromptProblems(v)) problems.Add(p with { Message = $"seed {seed}: {p.Message}" });
            }
            catch (TemplateException ex)
            {
                problems.Add(new(ProblemKind.BadTemplate, t.File, ex.Line, $"seed {seed}: {ex.Message}"));
                return;
            }
        }
    }
}
