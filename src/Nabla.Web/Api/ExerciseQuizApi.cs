using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Nabla.Course.Grading;
using Nabla.Course.Progress;
using Nabla.Course.Templates;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

internal sealed record QuizQuestionView(string Template, int Seed, bool Answered, CheckView Check);

internal sealed record QuizResultView(bool Ok, string Module, string Title, double Pass, int Right, int Total, double Fraction, bool Passed,
    int BestRight, IReadOnlyList<QuizQuestionView> Questions);

/// <summary>
/// A module quiz sitting: the page draws one seed per question; the learner submits every answer at once and gets the
/// score, pass/fail against the module's pass mark, and per-question feedback. Each answered question is recorded as
/// an attempt (mastery and reviews move as for any exercise) and the sitting as a game score
/// (<c>game = "quiz"</c>, <c>level</c> = the module id, <c>moves</c> = questions right) for the module page.
/// </summary>
public sealed class ExerciseQuizApi : IApiModule
{
    /// <inheritdoc />
    public void Map(RouteGroupBuilder api) => api.MapPost("/quizzes/{moduleId}/submit", SubmitAsync);

    private static Task<IResult> SubmitAsync(string moduleId, HttpContext http, CourseCatalog course, EngineCall engine, ProgressService progress) =>
        ExerciseApi.Guard(async () =>
        {
            if (moduleId.Length > 100 || course.Module(moduleId) is not { } module)
                throw ExerciseRequests.Fail($"unknown module \"{(moduleId.Length > 60 ? moduleId[..60] + "…" : moduleId)}\"", "module ids are in the course's URLs, e.g. /modules/derivatives", StatusCodes.Status404NotFound);
            if (module.Quiz is not { } quiz)
                throw ExerciseRequests.Fail($"module \"{module.Id}\" has no quiz", null, StatusCodes.Status404NotFound);
            var body = await ExerciseRequests.BodyAsync(http);
            var questions = ReadAnswers(body, quiz.Templates, course);
            string learner = ProgressService.LearnerOf(http);
            var attempts = questions.Select(q => ExerciseApi.NextAttempt(progress, learner, q.Template.Id, q.Seed)).ToArray();
            var variants = questions.Select(q => ExerciseRequests.Variant(q.Template, q.Seed)).ToArray();
            // The whole sitting shares one engine budget, so each question gets its share.
            var grader = new Grader(GradingOptions.Default with { TimeBudget = engine.Budget / (questions.Count + 1) });
            var graded = await engine.Run(_ => variants.Select((v, i) => grader.Grade(v, questions[i].Input, attempts[i])).ToArray(), http.RequestAborted);
            if (graded is not JsonHttpResult<GradeResult[]> { Value: { } results }) return graded;

            var views = new List<QuizQuestionView>();
            for (int i = 0; i < questions.Count; i++)
            {
                var r = results[i];
                var mastery = r.Counted ? progress.Record(learner, variants[i].Template.Id, variants[i].Seed, variants[i].Template.Skills, attempts[i], r.Correct, r.Score, r.FeedbackIds()) : [];
                var check = ExerciseViews.Check(variants[i], r, r.Counted ? attempts[i] : null, mastery, course.Content);
                views.Add(new QuizQuestionView(variants[i].Template.Id, variants[i].Seed, !string.IsNullOrWhiteSpace(questions[i].Input), check));
            }
            int right = results.Count(r => r.Correct);
            double fraction = right / (double)questions.Count;
            bool passed = fraction >= quiz.Pass - 1e-12;
            int best = 0;
            progress.Write(s =>
            {
                s.AddGameScore(new GameScore(learner, "quiz", module.Id, right, passed, DateTimeOffset.UtcNow));
                best = s.GameScores(learner, "quiz").Where(g => g.Level == module.Id).Max(g => g.Moves);
            });
            return Results.Json(new QuizResultView(true, module.Id, quiz.Title, quiz.Pass, right, questions.Count, fraction, passed, best, views));
        });

    private sealed record Answer(ExerciseTemplate Template, int Seed, string Input);

    /// <summary>One answer per quiz question, each naming its template and seed (the page's sitting).</summary>
    private static List<Answer> ReadAnswers(JsonObject body, IReadOnlyList<string> quizTemplates, CourseCatalog course)
    {
        if (!body.TryGetPropertyValue("answers", out var node) || node is not JsonArray answers)
            throw ExerciseRequests.Fail("\"answers\" must be an array", "send {\"answers\": [{\"template\": \"…\", \"seed\": 42, \"input\": \"…\"}, …]}, one per question");
        if (answers.Count != quizTemplates.Count)
            throw ExerciseRequests.Fail($"the quiz has {quizTemplates.Count} questions; {answers.Count} answers were sent", "send one answer per question (an empty input for a question left blank)");
        var result = new List<Answer>();
        for (int i = 0; i < answers.Count; i++)
        {
            if (answers[i] is not JsonObject answer)
                throw ExerciseRequests.Fail($"answer {i + 1} must be an object", "{\"template\": \"…\", \"seed\": 42, \"input\": \"…\"}");
            string? id = answer["template"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
            if (id != quizTemplates[i])
                throw ExerciseRequests.Fail($"answer {i + 1} must be for template \"{quizTemplates[i]}\"", "answer the quiz's questions in order");
            int seed = ExerciseRequests.Seed(answer)!.Value;
            string input = ExerciseRequests.Input(answer.TryGetPropertyValue("input", out var text) ? text : null, "input", required: false);
            result.Add(new Answer(ExerciseRequests.Template(course, id), seed, input));
        }
        return result;
    }
}
