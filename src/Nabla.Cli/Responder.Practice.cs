using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Templates;

namespace Nabla.Cli;

/// <summary>A practice answer (exercise or check), already in its JSON form.</summary>
/// <param name="Json">The answer object.</param>
public sealed record PracticeOutcome(JsonObject Json) : Outcome;

public sealed partial class Responder
{
    private readonly ConcurrentDictionary<string, CourseContent> courses = new(StringComparer.Ordinal);
    private readonly Grader grader = new();

    /// <summary>The course under <paramref name="contentPath"/> (found when null), loaded once per responder.</summary>
    /// <exception cref="RequestException">No content folder, or content with problems.</exception>
    public CourseContent Course(string? contentPath)
    {
        var root = CourseLoader.Locate(contentPath)
            ?? throw new RequestException("the course content was not found", "pass --content DIR (or \"content\" in a batch line), or set NABLA_CONTENT");
        return courses.GetOrAdd(root, r =>
        {
            try
            {
                return CourseLoader.LoadValid(r);
            }
            catch (ContentException ex)
            {
                throw new RequestException($"the course content has problems: {ex.Problems.FirstOrDefault()}", "run the content validation (dotnet test) and fix the files it names");
            }
        });
    }

    private Variant DrawVariant(string? content, string templateId, int seed)
    {
        var course = Course(content);
        if (!course.Templates.TryGetValue(templateId, out var template))
            throw new RequestException($"unknown template \"{templateId}\"", "list the templates with: nabla practice --list");
        try
        {
            return VariantGenerator.Generate(template, seed);
        }
        catch (TemplateException ex)
        {
            throw new RequestException($"template \"{templateId}\" cannot draw seed {seed}: {ex.Message}");
        }
    }

    /// <summary>
    /// Grades an assignment sent inline, exactly as <c>nabla lab check</c> does (compiled here, run in a child process
    /// under the lab's limits), without writing plots or recording progress: the answer is the check's JSON report.
    /// </summary>
    private static PracticeOutcome Lab(LabRequest request)
    {
        var assignment = Nabla.Course.Assignments.AssignmentCatalog.Find(request.Assignment)
            ?? throw new RequestException($"unknown assignment \"{request.Assignment}\"",
                $"one of: {string.Join(", ", Nabla.Course.Assignments.AssignmentCatalog.All.Select(a => a.Id))}");
        if (request.Code.Length > LabCompiler.MaxSourceLength)
            throw new RequestException($"the code is {request.Code.Length:N0} characters long", $"the lab accepts up to {LabCompiler.MaxSourceLength:N0} characters");
        var report = LabRunner.Check(assignment, request.Code, LabLimits.Default);
        return new PracticeOutcome(CliApp.LabResultJson(report, [], null));
    }

    private PracticeOutcome Exercise(ExerciseRequest request)
    {
        var v = DrawVariant(request.Content, request.Template, request.Seed);
        var json = new JsonObject
        {
            ["ok"] = true,
            ["template"] = v.Template.Id,
            ["seed"] = v.Seed,
            ["kind"] = v.Template.KindName,
            ["prompt"] = v.Prompt,
        };
        if (v.Options.Count > 0) json["options"] = new JsonArray(v.Options.Select(o => (JsonNode)JsonValue.Create(o.Text)!).ToArray());
        json["hints"] = v.Hints.Count;
        json["answer"] = v.AnswerPlain;
        json["answer_latex"] = v.AnswerLatex;
        return new PracticeOutcome(json);
    }

    private PracticeOutcome Check(CheckRequest request)
    {
        var v = DrawVariant(request.Content, request.Template, request.Seed);
        var r = grader.Grade(v, request.Answer, Math.Max(1, request.Attempt));
        var json = new JsonObject
        {
            ["ok"] = true,
            ["template"] = v.Template.Id,
            ["seed"] = v.Seed,
            ["valid"] = r.Read.IsValid,
            ["read_as"] = r.Read.Plain,
            ["read_as_latex"] = r.Read.Latex,
            ["warnings"] = new JsonArray(r.Read.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
            ["counted"] = r.Counted,
            ["correct"] = r.Correct,
            ["score"] = r.Score,
            ["summary"] = r.Summary,
            ["feedback"] = new JsonArray(r.Feedback.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = f.Id,
                ["message"] = f.Message,
                ["entry"] = f.Entry,
            }).ToArray()),
            ["entries"] = new JsonArray(r.Entries.Select(e => (JsonNode)new JsonObject
            {
                ["entry"] = e.Label,
                ["correct"] = e.Correct,
            }).ToArray()),
        };
        if (r.Read.Problem is { } p)
            json["problem"] = new JsonObject { ["message"] = p.Message, ["position"] = p.Position, ["hint"] = p.Hint };
        return new PracticeOutcome(json);
    }
}
