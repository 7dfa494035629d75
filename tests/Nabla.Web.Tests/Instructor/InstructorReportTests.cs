using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Course.Progress;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;
using static Nabla.Web.Tests.Exercises.ExerciseTestSupport;
using static Nabla.Web.Tests.Instructor.InstructorTestSupport;

namespace Nabla.Web.Tests.Instructor;

/// <summary>
/// The instructor pages end to end in hosted mode: learners answer through the real exercise API, the instructor reads
/// the class report, the learner history and the CSV files; everyone else is kept out.
/// </summary>
public sealed class InstructorReportTests(HostedWebFactory factory) : IClassFixture<HostedWebFactory>
{
    internal const string ChainExp = "m1-chain-rule-exp"; // f = a exp(k x^2 + b x), f' = a (2k x + b) exp(k x^2 + b x)
    internal const string InnerDroppedMessage = "The exponential stays the same, but you must multiply by the derivative of the exponent.";

    private static string Right(int seed)
    {
        long a = Param(ChainExp, seed, "a"), k = Param(ChainExp, seed, "k"), b = Param(ChainExp, seed, "b");
        return $"({N(a)})*(2*({N(k)})*x + ({N(b)}))*exp(({N(k)})*x^2 + ({N(b)})*x)";
    }

    // The chain rule with the inner derivative dropped: what the template's inner-dropped rule names.
    private static string InnerDropped(int seed)
    {
        long a = Param(ChainExp, seed, "a"), k = Param(ChainExp, seed, "k"), b = Param(ChainExp, seed, "b");
        return $"({N(a)})*exp(({N(k)})*x^2 + ({N(b)})*x)";
    }

    private static async Task<string[]> Answer(HttpClient learner, int seed, string input)
    {
        var check = await Check(learner, ChainExp, seed, input);
        return FeedbackIds(check).ToArray();
    }

    /// <summary>
    /// Ann drops the inner derivative (seed 11); Bob is right (seed 12); Cy drops it too (seed 13) and answers x on
    /// another variant (seed 14), then gets seed 14 right on the second try. First tries: 4, right: 1; wrong first
    /// tries: 3, of which 2 (67%) inner-dropped and 1 (33%) not-equivalent.
    /// </summary>
    internal static async Task<(HttpClient Instructor, CourseClass Class, string AnnId)> ClassWithAnswers(HostedWebFactory factory, string className)
    {
        var (instructor, _, course) = await NewInstructor(factory, className);
        var (ann, annId) = await NewLearner(factory, course, "Ann <script>alert(1)</script>");
        var (bob, _) = await NewLearner(factory, course, "=HYPERLINK(\"http://evil.test\",\"click\")");
        var (cy, _) = await NewLearner(factory, course, "Cy, \"the\" learner");
        Assert.Equal(["inner-dropped"], await Answer(ann, 11, InnerDropped(11)));
        Assert.Empty(await Answer(bob, 12, Right(12)));
        Assert.Equal(["inner-dropped"], await Answer(cy, 13, InnerDropped(13)));
        Assert.Equal(["not-equivalent"], await Answer(cy, 14, "x"));
        Assert.Empty(await Answer(cy, 14, Right(14)));
        return (instructor, course, annId);
    }

    [Fact]
    public async Task Instructor_sees_the_feedback_share_of_the_dropped_inner_derivative()
    {
        var (instructor, course, _) = await ClassWithAnswers(factory, "Chain rule class");
        var response = await instructor.GetAsync($"/instructor/classes/{course.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "reports are not cached");
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Chain rule class</h1>", html, StringComparison.Ordinal);
        // The exercise row: 3 learners, 5 attempts, 1 of 4 first tries right, then the distribution.
        int row = html.IndexOf($"id=\"exercise-{ChainExp}\"", StringComparison.Ordinal);
        Assert.True(row > 0, "the chain-rule exercise is listed");
        string exercise = html[row..html.IndexOf("</tr>", row, StringComparison.Ordinal)];
        Assert.Contains("<td class=\"num\">3</td>", exercise, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">5</td>", exercise, StringComparison.Ordinal);
        Assert.Contains("25% (1 of 4)", exercise, StringComparison.Ordinal);
        Assert.Contains("<strong>67%</strong> of wrong first tries (2 of 3)", exercise, StringComparison.Ordinal);
        Assert.Contains(InnerDroppedMessage, exercise, StringComparison.Ordinal);
        Assert.Contains("<strong>33%</strong> of wrong first tries (1 of 3)", exercise, StringComparison.Ordinal);
        Assert.True(exercise.IndexOf("inner-dropped", StringComparison.Ordinal) < exercise.IndexOf("not-equivalent", StringComparison.Ordinal),
            "most frequent first");
        // Learner names are encoded, never markup.
        Assert.Contains("Ann &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skill_progress_counts_each_learner_once()
    {
        var (instructor, course, _) = await ClassWithAnswers(factory, "Skills class");
        string html = await instructor.GetStringAsync($"/instructor/classes/{course.Id}");
        // m1-chain-rule: Ann and Cy missed their first tries (attempted), Bob was right at the first try (familiar).
        var content = Content;
        string skillTitle = content.Skills.Single(s => s.Id == "m1-chain-rule").Title;
        int row = html.IndexOf($"<th scope=\"row\">{System.Net.WebUtility.HtmlEncode(skillTitle)}</th>", StringComparison.Ordinal);
        Assert.True(row > 0, "the chain-rule skill is listed");
        string skill = html[row..html.IndexOf("</tr>", row, StringComparison.Ordinal)];
        var counts = System.Text.RegularExpressions.Regex.Matches(skill, "<td class=\"num\">(\\d+)</td>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["0", "2", "1", "0", "0"], counts); // not started, attempted, familiar, proficient, mastered
    }

    [Fact]
    public async Task Learner_history_lists_every_attempt_with_its_feedback()
    {
        var (instructor, course, annId) = await ClassWithAnswers(factory, "History class");
        var response = await instructor.GetAsync($"/instructor/classes/{course.Id}/learners/{annId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Ann &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        int history = html.IndexOf("id=\"history\"", StringComparison.Ordinal);
        string rows = html[history..];
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(rows, "result-wrong"));
        Assert.Contains(InnerDroppedMessage, rows, StringComparison.Ordinal);
        Assert.Contains(ChainExp, rows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_csv_has_a_row_per_learner_with_formulas_defused()
    {
        var (instructor, course, annId) = await ClassWithAnswers(factory, "Export class");
        var response = await instructor.GetAsync($"/instructor/classes/{course.Id}/export.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"class-{course.Id}-progress.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var rows = ParseCsv(await CsvText(response));
        Assert.Equal(4, rows.Count);
        var header = rows[0];
        int name = header.IndexOf("display_name"), attempts = header.IndexOf("attempts"), firsts = header.IndexOf("first_tries"),
            right = header.IndexOf("first_try_correct"), chain = header.IndexOf("skill:m1-chain-rule");
        Assert.True(chain > 0, "a column per skill");
        var byName = rows.Skip(1).ToDictionary(r => r[name]);
        Assert.Equal(["'=HYPERLINK(\"http://evil.test\",\"click\")", "Ann <script>alert(1)</script>", "Cy, \"the\" learner"], byName.Keys.Order(StringComparer.Ordinal));
        var cy = byName["Cy, \"the\" learner"];
        Assert.Equal(("3", "2", "0", "attempted"), (cy[attempts], cy[firsts], cy[right], cy[chain]));
        Assert.Equal("familiar", byName["'=HYPERLINK(\"http://evil.test\",\"click\")"][chain]);
        Assert.Equal(annId, byName["Ann <script>alert(1)</script>"][0]);
    }

    [Fact]
    public async Task Attempts_and_feedback_csv_carry_the_feedback_ids()
    {
        var (instructor, course, annId) = await ClassWithAnswers(factory, "Attempts class");
        var attempts = ParseCsv(await CsvText(await instructor.GetAsync($"/instructor/classes/{course.Id}/attempts.csv")));
        Assert.Equal(1 + 5, attempts.Count);
        var ann = Assert.Single(attempts, r => r[0] == annId);
        Assert.Equal((ChainExp, "11", "1", "false", "inner-dropped"), (ann[3], ann[6], ann[7], ann[8], ann[10]));

        var feedback = ParseCsv(await CsvText(await instructor.GetAsync($"/instructor/classes/{course.Id}/feedback.csv")));
        var inner = Assert.Single(feedback, r => r[0] == ChainExp && r[8] == "inner-dropped");
        Assert.Equal(("3", "2"), (inner[7], inner[10]));
        Assert.Equal(2.0 / 3, double.Parse(inner[11], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(InnerDroppedMessage, inner[9]);
        Assert.Equal(HttpStatusCode.NotFound, (await instructor.GetAsync($"/instructor/classes/{course.Id}/secrets.csv")).StatusCode);
    }

    [Fact]
    public async Task Assignment_scores_show_the_best_submission()
    {
        var (instructor, _, course) = await NewInstructor(factory, "Assignments class");
        var (_, learnerId) = await NewLearner(factory, course, "Dee");
        var progress = factory.Services.GetRequiredService<ProgressService>();
        var at = DateTimeOffset.UtcNow;
        // Stored as the web workspace and `nabla lab check` store them: template lab:<id>, score/100.
        progress.Write(s =>
        {
            s.AddAttempt(new AttemptRecord(learnerId, "lab:backprop", 0, [], 1, false, 0.55, at));
            s.AddAttempt(new AttemptRecord(learnerId, "lab:backprop", 0, [], 2, true, 0.9, at.AddMinutes(5)));
        });
        string html = await instructor.GetStringAsync($"/instructor/classes/{course.Id}");
        int section = html.IndexOf("id=\"assignments\"", StringComparison.Ordinal);
        string assignments = html[section..];
        Assert.Contains("1 submitted, 1 passed", assignments, StringComparison.Ordinal);
        Assert.Contains("90 / 100", assignments, StringComparison.Ordinal);
        var rows = ParseCsv(await CsvText(await instructor.GetAsync($"/instructor/classes/{course.Id}/export.csv")));
        int best = rows[0].IndexOf("assignment:backprop:best_score");
        Assert.Equal(("90", "2"), (rows[1][best], rows[1][best + 1]));
    }

    [Fact]
    public async Task Instructor_lists_only_their_own_classes()
    {
        var (mine, _, myClass) = await NewInstructor(factory, "My own class");
        var (_, _, theirs) = await NewInstructor(factory, "Somebody else's class");
        string html = await mine.GetStringAsync("/instructor");
        Assert.Contains($"href=\"/instructor/classes/{myClass.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/instructor/classes/{theirs.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.JoinCode, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instructor_of_class_a_cannot_see_class_b_or_its_learners()
    {
        var (a, _, classA) = await NewInstructor(factory, "Class A");
        var (_, _, classB) = await NewInstructor(factory, "Class B secret");
        var (_, learnerB) = await NewLearner(factory, classB, "Learner of B");
        foreach (var path in new[] { $"/instructor/classes/{classB.Id}", $"/instructor/classes/{classB.Id}/export.csv",
                     $"/instructor/classes/{classB.Id}/attempts.csv", $"/instructor/classes/{classB.Id}/learners/{learnerB}",
                     // B's learner is not reachable through A's URL either.
                     $"/instructor/classes/{classA.Id}/learners/{learnerB}", "/instructor/classes/999999" })
        {
            var response = await a.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Class B secret", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Learner of B", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_learner_of_the_class_cannot_open_instructor_pages()
    {
        var (_, _, course) = await NewInstructor(factory, "Learners keep out");
        var (learner, learnerId) = await NewLearner(factory, course, "Curious learner");
        foreach (var path in new[] { "/instructor", $"/instructor/classes/{course.Id}", $"/instructor/classes/{course.Id}/export.csv",
                     $"/instructor/classes/{course.Id}/learners/{learnerId}" })
            await AssertHidden(await learner.GetAsync(path), course.JoinCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var (_, _, course) = await NewInstructor(factory, "Anonymous keep out");
        using var anonymous = Anonymous(factory);
        foreach (var path in new[] { "/instructor", $"/instructor/classes/{course.Id}", $"/instructor/classes/{course.Id}/export.csv" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.AbsolutePath : response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task An_admin_sees_any_class()
    {
        var (_, _, course) = await NewInstructor(factory, "Class an admin audits");
        var admin = await factory.SignedInClient(Email("admin"), Roles.Admin);
        var response = await admin.GetAsync($"/instructor/classes/{course.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Class an admin audits", await admin.GetStringAsync("/instructor"), StringComparison.Ordinal);
    }
}
