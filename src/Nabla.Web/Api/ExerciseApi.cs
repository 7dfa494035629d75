using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Nabla.Course.Grading;
using Nabla.Course.Progress;
using Nabla.Course.Templates;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>
/// The exercise API: draw a variant of a template (seeded), read an answer ("read as"), check it (marks, targeted
/// feedback, score, attempt number counted from the stored attempts, new mastery), hints, the worked solution, and
/// the learner's standing. The server regenerates the variant from (template, seed) on every call and keeps the
/// correct answer to itself; only the solution the learner asks for shows it.
/// </summary>
public sealed class ExerciseApi : IApiModule
{
    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSingleton<ExerciseVariants>();

    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/exercises/{templateId}");
        group.MapPost("/variant", DrawAsync);
        group.MapPost("/validate", ValidateAsync);
        group.MapPost("/check", CheckAsync);
        group.MapPost("/hint", HintAsync);
        group.MapPost("/solution", SolutionAsync);
        group.MapGet("/status", Status);
    }

    private static readonly Grader Grader = new();

    /// <summary>Runs a handler, turning a request-validation failure into its 4xx answer.</summary>
    internal static async Task<IResult> Guard(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ExerciseRequests.Invalid invalid)
        {
            return invalid.Result;
        }
    }

    private static Task<IResult> DrawAsync(string templateId, HttpContext http, CourseCatalog course, EngineCall engine, ExerciseVariants variants) => Guard(async () =>
    {
        var template = ExerciseRequests.Template(course, templateId);
        var body = await ExerciseRequests.BodyAsync(http);
        int seed = ExerciseRequests.Seed(body, optional: true) ?? Random.Shared.Next(1, int.MaxValue);
        return await Engine(engine, http, () => ExerciseViews.Variant(variants.Get(template, seed), course.Content));
    });

    private static Task<IResult> ValidateAsync(string templateId, HttpContext http, CourseCatalog course, EngineCall engine, ExerciseVariants variants) => Guard(async () =>
    {
        var template = ExerciseRequests.Template(course, templateId);
        var body = await ExerciseRequests.BodyAsync(http);
        int seed = ExerciseRequests.Seed(body)!.Value;
        string input = ExerciseRequests.Input(body);
        return await Engine(engine, http, () => ExerciseViews.Read(Grader.Read(variants.Get(template, seed), input)));
    });

    private static Task<IResult> CheckAsync(string templateId, HttpContext http, CourseCatalog course, EngineCall engine, ProgressService progress,
        IOptions<RateLimitOptions> limits, ExerciseVariants variants) => Guard(async () =>
    {
        var template = ExerciseRequests.Template(course, templateId);
        var body = await ExerciseRequests.BodyAsync(http);
        int seed = ExerciseRequests.Seed(body)!.Value;
        string input = ExerciseRequests.Input(body);
        string learner = ProgressService.LearnerOf(http);
        var variant = variants.Get(template, seed);
        RecordedCheck<IResult> check;
        try
        {
            // Recorded only once the grading finished within the budget, so a late grade never changes progress; the
            // answer waits for the commit (a 2xx attempt is stored), see ProgressService.GradeAndRecordAsync.
            check = await progress.GradeAndRecordAsync(learner, template.Id, seed, template.Skills,
                attempt => engine.Run(_ => new Graded(variant, Grader.Grade(variant, input, attempt)), http.RequestAborted),
                graded => graded is JsonHttpResult<Graded> { Value.Result: { Counted: true } r } ? new GradedAttempt(r.Correct, r.Score, r.FeedbackIds()) : null,
                limits.Value.ProgressWriteQueue);
        }
        catch (ProgressBusyException)
        {
            return RateLimiting.Overloaded(http, limits.Value);
        }
        if (check.Grade is not JsonHttpResult<Graded> { Value: { } g }) return check.Grade;
        return Results.Json(ExerciseViews.Check(g.Variant, g.Result, check.Attempt, check.Mastery, course.Content));
    });

    private static Task<IResult> HintAsync(string templateId, HttpContext http, CourseCatalog course, EngineCall engine, ExerciseVariants variants) => Guard(async () =>
    {
        var template = ExerciseRequests.Template(course, templateId);
        var body = await ExerciseRequests.BodyAsync(http);
        int seed = ExerciseRequests.Seed(body)!.Value;
        long index = ExerciseRequests.RequiredInteger(body, "index", 0, 1_000);
        return await Engine(engine, http, () =>
        {
            var variant = variants.Get(template, seed);
            if (Grader.Hint(variant, (int)index) is not { } hint)
                throw ExerciseRequests.Fail(variant.Hints.Count == 0 ? "this exercise has no hints" : $"this exercise has {variant.Hints.Count} hints: index {index} is past the last one",
                    variant.Hints.Count == 0 ? "try the worked solution" : $"ask for index 0 to {variant.Hints.Count - 1}");
            return new HintView(true, template.Id, seed, (int)index, variant.Hints.Count, hint, LessonMarkdown(hint));
        });
    });

    private static Task<IResult> SolutionAsync(string templateId, HttpContext http, CourseCatalog course, EngineCall engine, ExerciseVariants variants) => Guard(async () =>
    {
        var template = ExerciseRequests.Template(course, templateId);
        var body = await ExerciseRequests.BodyAsync(http);
        int seed = ExerciseRequests.Seed(body)!.Value;
        return await Engine(engine, http, () =>
        {
            var solution = Grader.Solve(variants.Get(template, seed));
            string markdown = ExerciseSolutions.Markdown(solution.Markdown);
            return new SolutionView(true, template.Id, seed, markdown, LessonMarkdown(markdown), solution.Text);
        });
    });

    private static IResult Status(string templateId, HttpContext http, CourseCatalog course, ProgressService progress)
    {
        try
        {
            var template = ExerciseRequests.Template(course, templateId);
            string learner = ProgressService.LearnerOf(http);
            return Results.Json(progress.Read(s => ExerciseViews.Status(template.Id, s.Attempts(learner))));
        }
        catch (ExerciseRequests.Invalid invalid)
        {
            return invalid.Result;
        }
    }

    /// <summary>The attempt number of the next check of (template, seed): one more than the stored attempts.</summary>
    internal static int NextAttempt(ProgressService progress, string learner, string templateId, int seed) =>
        progress.Read(s => s.AttemptCount(learner, templateId, seed)) + 1;

    /// <summary>Runs engine work under the budget; a validation failure inside it still answers its own 4xx.</summary>
    internal static async Task<IResult> Engine<T>(EngineCall engine, HttpContext http, Func<T> work)
    {
        var result = await engine.Run<object>(_ =>
        {
            try
            {
                return work()!;
            }
            catch (ExerciseRequests.Invalid invalid)
            {
                return invalid.Result;
            }
        }, http.RequestAborted);
        return result;
    }

    private static string LessonMarkdown(string markdown) => Course.Content.LessonMarkdown.ToHtml(markdown);

    internal sealed record Graded(Variant Variant, GradeResult Result);
}
