using Nabla.Course.Content;
using YamlDotNet.RepresentationModel;

namespace Nabla.Course.Templates;

/// <summary>What the learner answers with.</summary>
public enum AnswerKind
{
    /// <summary>An expression, marked by engine equivalence then the form check.</summary>
    Expression,
    /// <summary>A number (the learner may type an expression such as <c>2/3</c>), marked within a tolerance.</summary>
    Number,
    /// <summary>A vector <c>[a, b]</c>, marked per entry.</summary>
    Vector,
    /// <summary>A matrix <c>[[a, b], [c, d]]</c>, marked per entry.</summary>
    Matrix,
    /// <summary>Multiple choice.</summary>
    Choice,
    /// <summary>Match a graph to its derivative: options are expressions, the engine supplies plot data.</summary>
    MatchGraph,
}

/// <summary>The form an expression answer must be in (checked after equivalence).</summary>
public enum AnswerForm
{
    /// <summary>Any equivalent expression.</summary>
    Any,
    /// <summary>No shorter form exists (the engine's simplifier cannot shorten it).</summary>
    Simplified,
    /// <summary>Multiplied out: a sum of terms with no product of sums left.</summary>
    Expanded,
    /// <summary>Written as a product (when the engine can factor it).</summary>
    Factored,
}

/// <summary>A line of a template (a parameter, definition, requirement…) as written, with its file line.</summary>
/// <param name="Name">The name (empty for requirements).</param>
/// <param name="Text">The text as written.</param>
/// <param name="Line">1-based line in the template file.</param>
public sealed record TemplateLine(string Name, string Text, int Line);

/// <summary>A feedback rule: when the answer is equivalent to the mutant, say the message.</summary>
/// <param name="Id">Unique within the template.</param>
/// <param name="Mutant"><c>mistake(NAME)</c> or an expression with placeholders.</param>
/// <param name="Message">What the learner reads (placeholders allowed).</param>
/// <param name="Line">1-based line.</param>
public sealed record FeedbackRule(string Id, string Mutant, string Message, int Line)
{
    /// <summary>The named mistake, when the mutant is <c>mistake(NAME)</c>; otherwise null.</summary>
    public string? MistakeName => Mutant.StartsWith("mistake(", StringComparison.Ordinal) && Mutant.EndsWith(')')
        ? Mutant["mistake(".Length..^1].Trim()
        : null;
}

/// <summary>A multiple-choice or match-graph option.</summary>
/// <param name="Text">Text (choice) or expression (match-graph), placeholders allowed.</param>
/// <param name="Correct">Whether it is the right option.</param>
/// <param name="Feedback">What a learner who picks it reads, or null.</param>
/// <param name="Line">1-based line.</param>
public sealed record TemplateOption(string Text, bool Correct, string? Feedback, int Line);

/// <summary>The answer section of a template.</summary>
/// <param name="Compute">The computation, e.g. <c>diff(f, x)</c>.</param>
/// <param name="Line">Its line.</param>
/// <param name="Variables">Symbols the answer may use.</param>
/// <param name="Form">The form required.</param>
/// <param name="Tolerance">Relative tolerance for numbers.</param>
public sealed record AnswerSpec(string Compute, int Line, IReadOnlyList<string> Variables, AnswerForm Form, double Tolerance);

/// <summary>An exercise template as written in <c>exercises/ID.yaml</c> (see docs/authoring.md).</summary>
public sealed record ExerciseTemplate
{
    /// <summary>The id (= file name without extension).</summary>
    public required string Id { get; init; }
    /// <summary>Title.</summary>
    public required string Title { get; init; }
    /// <summary>Skills exercised.</summary>
    public required IReadOnlyList<string> Skills { get; init; }
    /// <summary>Answer kind.</summary>
    public required AnswerKind Kind { get; init; }
    /// <summary>1 (direct) … 3 (multi-step).</summary>
    public int Difficulty { get; init; } = 1;
    /// <summary>Parameters in drawing order.</summary>
    public required IReadOnlyList<TemplateLine> Params { get; init; }
    /// <summary>Definitions in order.</summary>
    public required IReadOnlyList<TemplateLine> Defines { get; init; }
    /// <summary>Requirements on a variant.</summary>
    public required IReadOnlyList<TemplateLine> Requires { get; init; }
    /// <summary>The question (Markdown with math and placeholders).</summary>
    public required TemplateLine Question { get; init; }
    /// <summary>The answer section (for choice kinds, <see cref="AnswerSpec.Compute"/> may be empty).</summary>
    public required AnswerSpec Answer { get; init; }
    /// <summary>Progressive hints.</summary>
    public required IReadOnlyList<TemplateLine> Hints { get; init; }
    /// <summary><c>steps</c>, or a Markdown string with placeholders, or null.</summary>
    public TemplateLine? Solution { get; init; }
    /// <summary>Feedback rules.</summary>
    public required IReadOnlyList<FeedbackRule> Feedback { get; init; }
    /// <summary>Options for choice and match-graph kinds.</summary>
    public required IReadOnlyList<TemplateOption> Options { get; init; }
    /// <summary>The file, relative to the content root.</summary>
    public required string File { get; init; }
    /// <summary>The module id the template belongs to (empty when loaded alone).</summary>
    public string Module { get; init; } = "";

    /// <summary>The 1-based line of each top-level field (for problems).</summary>
    public IReadOnlyDictionary<string, int> FieldLines { get; init; } = new Dictionary<string, int>();

    internal int LineOf(string field) => FieldLines.GetValueOrDefault(field, 1);

    /// <summary>The kind's name as written in YAML (<c>match-graph</c>…).</summary>
    public string KindName => KindNames[Kind];

    internal static readonly IReadOnlyDictionary<AnswerKind, string> KindNames = new Dictionary<AnswerKind, string>
    {
        [AnswerKind.Expression] = "expression",
        [AnswerKind.Number] = "number",
        [AnswerKind.Vector] = "vector",
        [AnswerKind.Matrix] = "matrix",
        [AnswerKind.Choice] = "choice",
        [AnswerKind.MatchGraph] = "match-graph",
    };

    /// <summary>Parses a template from YAML text, reporting problems (with lines) into <paramref name="problems"/>.</summary>
    /// <returns>The template, or null when it is too broken to use.</returns>
    public static ExerciseTemplate? Parse(string yaml, string file, List<ContentProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(problems);
        var src = new YamlSource(file, 0, problems);
        var map = src.LoadMapping(yaml);
        if (map is null) return null;
        string id = src.String(map, "id", required: true) ?? "";
        string title = src.String(map, "title") ?? id;
        var skills = src.StringList(map, "skills", required: true);
        string kindText = src.String(map, "kind", required: true) ?? "expression";
        var kind = KindNames.FirstOrDefault(k => k.Value == kindText).Key;
        if (!KindNames.Values.Contains(kindText))
            src.Problem(ProblemKind.Syntax, src.Line(YamlSource.Get(map, "kind") ?? map),
                $"unknown kind \"{kindText}\": use one of {string.Join(", ", KindNames.Values)}");
        int difficulty = src.Int(map, "difficulty") ?? 1;

        var parameters = NamedLines(src, map, "params");
        var defines = NamedLines(src, map, "define");
        var requires = new List<TemplateLine>();
        if (YamlSource.Get(map, "require") is { } req)
        {
            if (req is YamlSequenceNode seq)
                foreach (var item in seq.Children.OfType<YamlScalarNode>()) requires.Add(new("", item.Value ?? "", src.Line(item)));
            else src.Problem(ProblemKind.Syntax, src.Line(req), "\"require\" must be a list of comparisons");
        }
        var questionNode = YamlSource.Get(map, "question");
        var question = new TemplateLine("question", src.String(map, "question", required: true) ?? "", questionNode is null ? 1 : src.Line(questionNode));

        AnswerSpec answer = new("", 1, ["x"], AnswerForm.Any, 1e-6);
        var answerNode = YamlSource.Get(map, "answer");
        if (answerNode is YamlMappingNode a)
        {
            bool needsCompute = kind is not (AnswerKind.Choice or AnswerKind.MatchGraph);
            var computeNode = YamlSource.Get(a, "compute");
            string compute = src.String(a, "compute", required: needsCompute) ?? "";
            var variables = YamlSource.Get(a, "variables") is null ? ["x"] : src.StringList(a, "variables");
            string formText = src.String(a, "form") ?? "any";
            var form = formText switch
            {
                "any" => AnswerForm.Any,
                "simplified" => AnswerForm.Simplified,
                "expanded" => AnswerForm.Expanded,
                "factored" => AnswerForm.Factored,
                _ => Bad(src, a, $"unknown form \"{formText}\": use any, simplified, expanded or factored"),
            };
            answer = new AnswerSpec(compute, computeNode is null ? src.Line(a) : src.Line(computeNode), variables, form, src.Double(a, "tolerance") ?? 1e-6);
        }
        else if (kind is not (AnswerKind.Choice or AnswerKind.MatchGraph))
            src.Problem(ProblemKind.Syntax, src.Line(answerNode ?? map), "missing \"answer\" section with \"compute\"");

        var hints = new List<TemplateLine>();
        if (YamlSource.Get(map, "hints") is YamlSequenceNode hintSeq)
            foreach (var h in hintSeq.Children.OfType<YamlScalarNode>()) hints.Add(new("hint", h.Value ?? "", src.Line(h)));
        TemplateLine? solution = YamlSource.Get(map, "solution") is YamlScalarNode sol ? new("solution", sol.Value ?? "", src.Line(sol)) : null;

        var feedback = new List<FeedbackRule>();
        if (YamlSource.Get(map, "feedback") is { } fbNode)
        {
            if (fbNode is YamlSequenceNode fbSeq)
            {
                foreach (var item in fbSeq.Children)
                {
                    if (item is not YamlMappingNode fb)
                    {
                        src.Problem(ProblemKind.Syntax, src.Line(item), "each feedback rule is a mapping with id, mutant and message");
                        continue;
                    }
                    feedback.Add(new FeedbackRule(src.String(fb, "id", true) ?? "", src.String(fb, "mutant", true) ?? "",
                        src.String(fb, "message", true) ?? "", src.Line(fb)));
                }
            }
            else src.Problem(ProblemKind.Syntax, src.Line(fbNode), "\"feedback\" must be a list of rules");
        }

        var options = new List<TemplateOption>();
        if (YamlSource.Get(map, "options") is YamlSequenceNode optSeq)
        {
            foreach (var item in optSeq.Children)
            {
                if (item is YamlMappingNode o)
                {
                    string text = src.String(o, "text") ?? src.String(o, "expr") ?? "";
                    bool correct = (src.String(o, "correct") ?? "false").Equals("true", StringComparison.OrdinalIgnoreCase);
                    options.Add(new TemplateOption(text, correct, src.String(o, "feedback"), src.Line(o)));
                }
                else if (item is YamlScalarNode s) options.Add(new TemplateOption(s.Value ?? "", false, null, src.Line(s)));
            }
        }
        if (kind is AnswerKind.Choice or AnswerKind.MatchGraph)
        {
            if (options.Count < 2) src.Problem(ProblemKind.Syntax, src.Line(map), $"a {kindText} template needs at least two options");
            else if (options.Count(o => o.Correct) != 1) src.Problem(ProblemKind.Syntax, src.Line(map), "exactly one option must be marked correct: true");
        }

        if (string.IsNullOrEmpty(id)) return null;
        return new ExerciseTemplate
        {
            Id = id, Title = title, Skills = skills, Kind = kind, Difficulty = difficulty, Params = parameters, Defines = defines,
            Requires = requires, Question = question, Answer = answer, Hints = hints, Solution = solution, Feedback = feedback,
            Options = options, File = file, FieldLines = src.FieldLines(map),
        };
    }

    private static AnswerForm Bad(YamlSource src, YamlNode node, string message)
    {
        src.Problem(ProblemKind.Syntax, src.Line(node), message);
        return AnswerForm.Any;
    }

    private static List<TemplateLine> NamedLines(YamlSource src, YamlMappingNode map, string key)
    {
        var lines = new List<TemplateLine>();
        var node = YamlSource.Get(map, key);
        if (node is null) return lines;
        if (node is not YamlMappingNode m)
        {
            src.Problem(ProblemKind.Syntax, src.Line(node), $"\"{key}\" must be a mapping of name: value lines");
            return lines;
        }
        foreach (var (k, v) in m.Children)
        {
            string name = (k as YamlScalarNode)?.Value ?? "";
            if (v is YamlScalarNode s) lines.Add(new TemplateLine(name, s.Value ?? "", src.Line(k)));
            else src.Problem(ProblemKind.Syntax, src.Line(k), $"\"{key}.{name}\" must be a single value (quote it)");
        }
        return lines;
    }
}
