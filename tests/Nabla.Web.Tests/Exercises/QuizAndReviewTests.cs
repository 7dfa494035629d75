using System.Net;
using System.Text.RegularExpressions;
using Nabla.Course.Progress;
using Nabla.Course.Templates;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;
using static Nabla.Web.Tests.Exercises.ExerciseTestSupport;

namespace Nabla.Web.Tests.Exercises;

/// <summary>The quiz (page, submission, sitting recorded) and the review page (queue, empty state).</summary>
public sealed partial class QuizAndReviewTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    [GeneratedRegex("data-template=\"(?<t>[^\"]+)\" data-seed=\"(?<s>[0-9]+)\"")]
    private static partial Regex QuestionPattern();

    private ProgressService Progress => (ProgressService)factory.Services.GetService(typeof(ProgressService))!;

    [Fact]
    public async Task TheQuizPageDrawsOneSeedPerQuestion()
    {
        using var client = await factory.CreateApiClientAsync();
        string html = await client.GetStringAsync("/modules/derivatives/quiz");
        var quiz = Content.FindModule("derivatives")!.Quiz!;
        var questions = QuestionPattern().Matches(html).Select(m => m.Groups["t"].Value).ToArray();
        Assert.Equal(quiz.Templates, questions);
        Assert.Contains("<title>" + quiz.Title, html, StringComparison.Ordinal);
        Assert.Contains("/js/quiz.js", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/modules/no-such-module/quiz")).StatusCode);
    }

    [Fact]
    public async Task ABlankSittingFailsAndIsRecordedAsAGameScoreWithoutAttempts()
    {
        using var client = await factory.CreateApiClientAsync();
        var quiz = Content.FindModule("multivariate")!.Quiz!;
        var answers = quiz.Templates.Select((t, i) => new { template = t, seed = 500 + i, input = "" }).ToArray();
        var result = await PostOk(client, "/api/quizzes/multivariate/submit", new { answers });
        Assert.False(result["passed"]!.GetValue<bool>());
        Assert.Equal(0, result["right"]!.GetValue<int>());
        Assert.Equal(quiz.Templates.Count, result["total"]!.GetValue<int>());
        Assert.All(result["questions"]!.AsArray(), q => Assert.False(q!["check"]!["counted"]!.GetValue<bool>()));
        var scores = Progress.Read(s => s.GameScores(ProgressService.LocalLearner, "quiz"));
        Assert.Contains(scores, g => g.Level == "multivariate" && g.Moves == 0 && !g.Won);
        Assert.All(quiz.Templates.Select((t, i) => (t, i)), q => Assert.Equal(0, StoredAttempts(factory, q.t, 500 + q.i)));
    }

    [Fact]
    public async Task ASittingWithEveryAnswerRightPassesAndRecordsEachAttempt()
    {
        using var client = await factory.CreateApiClientAsync();
        var quiz = Content.FindModule("derivatives")!.Quiz!;
        // The quiz plumbing is under test here (the maths of grading is tested above with hand-computed answers), so
        // each answer is the engine's own, typed as a learner would type it.
        var answers = quiz.Templates.Select((t, i) => new { template = t, seed = 700 + i, input = VariantGenerator.Generate(Content.Template(t), 700 + i).AnswerPlain }).ToArray();
        answers[0] = answers[0] with { input = "0" };
        var result = await PostOk(client, "/api/quizzes/derivatives/submit", new { answers });
        int total = quiz.Templates.Count;
        Assert.Equal(total - 1, result["right"]!.GetValue<int>());
        Assert.Equal((total - 1) / (double)total >= quiz.Pass, result["passed"]!.GetValue<bool>());
        Assert.False(result["questions"]![0]!["check"]!["correct"]!.GetValue<bool>());
        Assert.True(result["questions"]![1]!["check"]!["correct"]!.GetValue<bool>());
        Assert.All(answers, a => Assert.Equal(1, StoredAttempts(factory, a.template, a.seed)));
        var best = Progress.Read(s => s.GameScores(ProgressService.LocalLearner, "quiz").Where(g => g.Level == "derivatives").Max(g => g.Moves));
        Assert.Equal(total - 1, best);
        Assert.Equal(total - 1, result["bestRight"]!.GetValue<int>());
        string page = await client.GetStringAsync("/modules/derivatives/quiz");
        Assert.Contains($"Your best sitting so far: {total - 1} of {total} right", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReviewPageShowsOneExercisePerDueSkillOrTheNextDate()
    {
        using var client = await factory.CreateApiClientAsync();
        string learner = ProgressService.LocalLearner;
        Progress.Write(s => { foreach (var r in s.ReviewQueue(learner)) s.SaveReview(learner, r.Skill, null); });
        string empty = await client.GetStringAsync("/review");
        Assert.Contains("Nothing due", empty, StringComparison.Ordinal);
        Assert.Contains("no reviews are scheduled", empty, StringComparison.Ordinal);

        var later = DateTimeOffset.UtcNow.AddDays(3);
        Progress.Write(s => s.SaveReview(learner, "m1-chain-rule", new ReviewItem("m1-chain-rule", later, 1)));
        string next = await client.GetStringAsync("/review");
        Assert.Contains("next review on", next, StringComparison.Ordinal);
        Assert.Contains(later.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), next, StringComparison.Ordinal);

        Progress.Write(s => s.SaveReview(learner, "m2-gradient", new ReviewItem("m2-gradient", DateTimeOffset.UtcNow.AddDays(-1), 0)));
        string due = await client.GetStringAsync("/review");
        var template = Regex.Match(due, "class=\"nabla-exercise\" data-template=\"(?<t>[^\"]+)\"").Groups["t"].Value;
        Assert.Contains("m2-gradient", Content.Template(template).Skills);
        Assert.Contains(Content.Skills.Single(s => s.Id == "m2-gradient").Title.Replace("(", "", StringComparison.Ordinal)[..10], due, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing due", due, StringComparison.Ordinal);
        Progress.Write(s => { foreach (var r in s.ReviewQueue(learner)) s.SaveReview(learner, r.Skill, null); });
    }
}
