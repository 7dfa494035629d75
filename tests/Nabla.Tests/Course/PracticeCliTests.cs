using System.Text.Json.Nodes;
using Nabla.Cli;

namespace Nabla.Tests.Course;

public sealed class PracticeCliTests
{
    private static string Content => CourseFixtures.ValidRoot;

    private static (int Code, string Out, string Err) Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = new CliApp().Run(args, new StringReader(stdin), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ListJsonHasExactlyModulesSkillsAndTemplates()
    {
        var (code, output, _) = Run("", "practice", "--list", "--format", "json", "--content", Content);
        Assert.Equal(0, code);
        var root = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["modules"], root.Select(kv => kv.Key));
        var module = root["modules"]![0]!.AsObject();
        Assert.Equal(["id", "skills", "templates"], module.Select(kv => kv.Key));
        Assert.Equal("demo", (string)module["id"]!);
        Assert.Contains("jacobian", module["skills"]!.AsArray().Select(s => (string)s!));
        var jacobian = module["templates"]!.AsArray().Single(t => (string)t!["id"]! == "jacobian-fixed")!.AsObject();
        Assert.Equal(["id", "skills", "kind"], jacobian.Select(kv => kv.Key));
        Assert.Equal("matrix", (string)jacobian["kind"]!);
        Assert.Equal(["jacobian"], jacobian["skills"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public void BatchExerciseGivesThePromptAndTheAnswer()
    {
        var app = new CliApp();
        var json = app.AnswerLine($$"""{"op":"exercise","template":"power-rule-monomial","seed":4,"content":{{JsonValue.Create(Content).ToJsonString()}}}""");
        Assert.True((bool)json["ok"]!);
        Assert.Equal("expression", (string)json["kind"]!);
        Assert.Contains("Differentiate", (string)json["prompt"]!, StringComparison.Ordinal);
        var answer = Nabla.Symbolic.Expr.Parse((string)json["answer"]!);
        // The prompt's function is a·x^n; the answer must be its derivative (checked against a finite difference).
        var v = Nabla.Course.Templates.VariantGenerator.Generate(CourseFixtures.Valid.Template("power-rule-monomial"), 4);
        var f = v.Bindings.Get("f")!.Expr!;
        double h = 1e-6, x = 1.3;
        double numeric = (f.Evaluate(("x", x + h)) - f.Evaluate(("x", x - h))) / (2 * h);
        Assert.Equal(numeric, answer.Evaluate(("x", x)), 4);
    }

    [Fact]
    public void BatchCheckMarksAndExplains()
    {
        var app = new CliApp();
        string content = JsonValue.Create(Content).ToJsonString();
        var right = app.AnswerLine($$"""{"op":"check","template":"product-rule-fixed","seed":1,"answer":"3x^2 sin x + x^3 cos x","content":{{content}}}""");
        Assert.True((bool)right["correct"]!);
        Assert.Equal(1.0, (double)right["score"]!);
        Assert.True((bool)right["valid"]!);
        Assert.False(string.IsNullOrEmpty((string)right["read_as"]!));

        var wrong = app.AnswerLine($$"""{"id":7,"op":"check","template":"product-rule-fixed","seed":1,"answer":"3x^2 cos x","content":{{content}}}""");
        Assert.False((bool)wrong["correct"]!);
        Assert.Equal(7, (int)wrong["id"]!);
        var feedback = wrong["feedback"]!.AsArray();
        Assert.Equal("uv-prime", (string)feedback[0]!["id"]!);
        Assert.Contains("product rule", (string)feedback[0]!["message"]!, StringComparison.Ordinal);

        var malformed = app.AnswerLine($$"""{"op":"check","template":"product-rule-fixed","seed":1,"answer":"3x^2 +","content":{{content}}}""");
        Assert.False((bool)malformed["valid"]!);
        Assert.False((bool)malformed["counted"]!);
        Assert.NotNull(malformed["problem"]!["message"]);

        var unknown = app.AnswerLine($$"""{"op":"check","template":"nope","seed":1,"answer":"x","content":{{content}}}""");
        Assert.False((bool)unknown["ok"]!);
    }

    [Fact]
    public void ThePracticeLoopReadsGradesHintsAndSavesProgress()
    {
        string store = Path.Combine(Path.GetTempPath(), $"nabla-practice-{Guid.NewGuid():N}.db");
        try
        {
            // product-rule is the skill of two fixture templates; whichever is drawn, "?" gives a hint or says there
            // is none, a wrong answer gets feedback, "solution" shows the worked solution and records the attempt.
            var (code, output, err) = Run("?\nnot an answer +\n0\nsolution\nquit\n", "practice", "product-rule", "--seed", "3", "--content", Content, "--store", store, "--learner", "tester");
            Assert.True(code == 0, err);
            Assert.Contains("Practising product-rule", output, StringComparison.Ordinal);
            Assert.Contains("Answer: ", output, StringComparison.Ordinal);
            Assert.Contains("Progress saved", output, StringComparison.Ordinal);
            using var db = new Nabla.Course.Progress.SqliteProgressStore(store);
            var attempts = db.Attempts("tester");
            Assert.NotEmpty(attempts);
            Assert.All(attempts, a => Assert.Contains("product-rule", a.Skills));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(store);
        }
    }
}
