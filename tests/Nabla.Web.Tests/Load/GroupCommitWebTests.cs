using System.Net;
using System.Text.Json.Nodes;
using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Progress;
using Nabla.Course.Templates;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Load;

/// <summary>
/// The answer check under concurrency, through HTTP: many checks of one learner and one question at once are
/// committed in batches (group commit), yet end up exactly as if they had been made one after another.
/// </summary>
public sealed class GroupCommitWebTests(LoadWebFactory factory) : IClassFixture<LoadWebFactory>
{
    private const string Monomial = "m1-power-rule-monomial"; // f = a x^n, f' = a n x^(n-1)

    private static readonly Lazy<CourseContent> Course = new(() => CourseLoader.LoadValid(CourseLoader.Locate(Path.Combine(RepositoryPaths.Root, "content"))!));

    private static string RightAnswer(Variant variant)
    {
        long Param(string name) => (long)(variant.Bindings.Get(name)?.Expr ?? throw new InvalidOperationException($"no parameter {name}"))
            .Evaluate(new Dictionary<string, double>());
        long a = Param("a"), n = Param("n");
        return $"{a * n}*x^({n - 1})";
    }

    [Fact]
    public async Task ConcurrentChecksOfOneQuestionAreNumberedOneToNAndScoredAsTheirAttempt()
    {
        const int seed = 4242, checks = 40;
        var variant = VariantGenerator.Generate(Course.Value.Template(Monomial), seed);
        string right = RightAnswer(variant);
        using var client = await factory.ApiClientAsync();
        // Every third answer is wrong, so correctness differs between attempts and mastery depends on their order.
        var inputs = Enumerable.Range(0, checks).Select(i => i % 3 == 1 ? "x" : right).ToArray();
        var answers = await Task.WhenAll(inputs.Select(async input =>
        {
            using var response = await ApiAssert.Post(client, $"/api/exercises/{Monomial}/check", new { seed, input });
            return (Input: input, Json: await ApiAssert.Ok(response));
        }));

        // Each answer shows a distinct attempt number 1..N, and its score is the grade of that attempt (the penalty of
        // its own number), computed here by the grader directly.
        var grader = new Grader();
        var numbers = answers.Select(a => a.Json["attempt"]!.GetValue<int>()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, checks), numbers);
        foreach (var (input, json) in answers)
        {
            int attempt = json["attempt"]!.GetValue<int>();
            var expected = grader.Grade(variant, input, attempt);
            Assert.Equal(expected.Correct, json["correct"]!.GetValue<bool>());
            Assert.Equal(expected.Score, json["score"]!.GetValue<double>(), 9);
        }

        // Stored: the same N attempts, numbered 1..N in the order they were written, each as its answer said.
        var progress = (ProgressService)factory.Services.GetService(typeof(ProgressService))!;
        var stored = progress.Read(s => s.Attempts(ProgressService.LocalLearner)).Where(a => a.TemplateId == Monomial && a.Seed == seed).ToList();
        Assert.Equal(Enumerable.Range(1, checks), stored.Select(a => a.Attempt));
        var byNumber = answers.ToDictionary(a => a.Json["attempt"]!.GetValue<int>(), a => a.Json);
        foreach (var a in stored)
        {
            Assert.Equal(byNumber[a.Attempt]["correct"]!.GetValue<bool>(), a.Correct);
            Assert.Equal(byNumber[a.Attempt]["score"]!.GetValue<double>(), a.Score, 9);
        }

        // Mastery and reviews: replaying the stored attempts one by one through the tracker on a fresh store gives the
        // same state as the batches did.
        string dir = Directory.CreateTempSubdirectory("nabla-load-replay-").FullName;
        try
        {
            using var replay = new SqliteProgressStore(Path.Combine(dir, "progress.db"));
            var tracker = new ProgressTracker(replay);
            foreach (var a in stored) tracker.Record(ProgressService.LocalLearner, a.TemplateId, a.Seed, a.Skills, a.Attempt, a.Correct, a.Score);
            var expectedMastery = replay.AllMastery(ProgressService.LocalLearner).Select(m => (m.Skill, m.Level, m.Attempts, m.FirstTryCorrect, m.Streak));
            var actualMastery = progress.Read(s => s.AllMastery(ProgressService.LocalLearner))
                .Where(m => variant.Template.Skills.Contains(m.Skill)).Select(m => (m.Skill, m.Level, m.Attempts, m.FirstTryCorrect, m.Streak));
            Assert.Equal(expectedMastery, actualMastery);
            var expectedReviews = replay.ReviewQueue(ProgressService.LocalLearner).Select(r => (r.Skill, r.Step));
            var actualReviews = progress.Read(s => s.ReviewQueue(ProgressService.LocalLearner))
                .Where(r => variant.Template.Skills.Contains(r.Skill)).Select(r => (r.Skill, r.Step));
            Assert.Equal(expectedReviews, actualReviews);
            // The last answer shown carries the final mastery.
            var last = byNumber[checks]["mastery"]!.AsArray().Select(m => (m!["skill"]!.GetValue<string>(), m["attempts"]!.GetValue<int>()));
            Assert.Equal(replay.AllMastery(ProgressService.LocalLearner).Select(m => (m.Skill, m.Attempts)).OrderBy(m => m.Skill), last.OrderBy(m => m.Item1));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task AnUncountedCheckAmongConcurrentOnesLeavesNoGapInTheNumbers()
    {
        const int seed = 777, checks = 24;
        var variant = VariantGenerator.Generate(Course.Value.Template(Monomial), seed);
        string right = RightAnswer(variant);
        using var client = await factory.ApiClientAsync();
        // Unreadable answers ("2x +") are not counted: they take no number and store nothing.
        var inputs = Enumerable.Range(0, checks).Select(i => i % 4 == 2 ? "2x +" : right).ToArray();
        var answers = await Task.WhenAll(inputs.Select(async input =>
        {
            using var response = await ApiAssert.Post(client, $"/api/exercises/{Monomial}/check", new { seed, input });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await ApiAssert.Ok(response);
        }));
        int counted = inputs.Count(i => i == right);
        Assert.All(answers.Where(a => !a["counted"]!.GetValue<bool>()), a => Assert.Null(a["attempt"]));
        Assert.Equal(Enumerable.Range(1, counted), answers.Where(a => a["counted"]!.GetValue<bool>()).Select(a => a["attempt"]!.GetValue<int>()).Order());
        var progress = (ProgressService)factory.Services.GetService(typeof(ProgressService))!;
        var stored = progress.Read(s => s.Attempts(ProgressService.LocalLearner)).Where(a => a.TemplateId == Monomial && a.Seed == seed).ToList();
        Assert.Equal(Enumerable.Range(1, counted), stored.Select(a => a.Attempt));
    }
}
