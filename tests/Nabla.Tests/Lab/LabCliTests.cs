using System.Text.Json.Nodes;
using Nabla.Cli;
using Nabla.Course.Assignments;
using Nabla.Course.Progress;

namespace Nabla.Tests.Lab;

/// <summary><c>nabla lab</c> end to end, in-process (the check itself spawns the grader child from the test's output folder).</summary>
public sealed class LabCliTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "nabla-lab-test-" + Guid.NewGuid().ToString("N"));

    public LabCliTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = new CliApp(debug: true).Run(args, new StringReader(""), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Start_then_check_the_reference_scores_100_writes_plots_and_records_the_attempt()
    {
        string dir = Path.Combine(folder, "heights");
        var start = Run("lab", "start", "heights", dir);
        Assert.Equal(0, start.Code);
        string file = Path.Combine(dir, "heights.cs");
        Assert.Equal(AssignmentCatalog.Starter(AssignmentCatalog.Heights), File.ReadAllText(file));
        Assert.True(File.Exists(Path.Combine(dir, "instructions.md")));
        Assert.False(Directory.Exists(Path.Combine(dir, "reference")));

        File.WriteAllText(file, LabTestSupport.Reference(AssignmentCatalog.Heights));
        string store = Path.Combine(folder, "progress.db");
        var check = Run("lab", "check", "heights", dir, "--format", "json", "--store", store, "--learner", "ada");
        Assert.True(check.Code == 0, check.Err + check.Out);
        var json = JsonNode.Parse(check.Out)!;
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.Equal(100, json["report"]!["score"]!.GetValue<double>());
        Assert.True(json["report"]!["passed"]!.GetValue<bool>());
        var plots = json["plotFiles"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal([Path.Combine(dir, "heights-path.svg"), Path.Combine(dir, "heights-fit.svg")], plots);
        Assert.All(plots, p => Assert.Contains("<svg", File.ReadAllText(p)));

        using (var progress = new SqliteProgressStore(store))
        {
            var attempt = Assert.Single(progress.Attempts("ada"));
            Assert.Equal("lab:heights", attempt.TemplateId);
            Assert.True(attempt.Correct);
            Assert.Equal(1, attempt.Score);
            var score = Assert.Single(progress.GameScores("ada", "lab"));
            Assert.Equal(("heights", 100, true), (score.Level, score.Moves, score.Won));
        }

        // The learner's edited file is not overwritten by a second start, unless forced.
        var again = Run("lab", "start", "heights", dir);
        Assert.Equal(1, again.Code);
        Assert.Contains("not overwritten", again.Err);
        Assert.Equal(LabTestSupport.Reference(AssignmentCatalog.Heights), File.ReadAllText(file));
        Assert.Equal(0, Run("lab", "start", "heights", dir, "--force").Code);
        Assert.Equal(AssignmentCatalog.Starter(AssignmentCatalog.Heights), File.ReadAllText(file));
    }

    [Fact]
    public void Check_prints_a_table_with_feedback_for_the_starter()
    {
        string dir = Path.Combine(folder, "b");
        Assert.Equal(0, Run("lab", "start", "backprop", dir).Code);
        var check = Run("lab", "check", "backprop", dir, "--no-record", "--no-plots");
        Assert.True(check.Code == 0, check.Err);
        Assert.Contains("J_b3", check.Out);
        Assert.Contains("not written yet", check.Out);
        Assert.Contains("score: 0%", check.Out);
        Assert.Empty(Directory.GetFiles(dir, "*.svg"));
    }

    [Fact]
    public void A_compile_error_exits_1_with_the_compilers_message()
    {
        string dir = Path.Combine(folder, "c");
        Assert.Equal(0, Run("lab", "start", "heights", dir).Code);
        File.AppendAllText(Path.Combine(dir, "heights.cs"), "\nint broken = ;\n");
        var check = Run("lab", "check", "heights", dir, "--no-record");
        Assert.Equal(1, check.Code);
        Assert.Contains("does not compile", check.Out);
        Assert.Contains("error CS1525", check.Out);
    }

    [Fact]
    public void List_missing_files_and_unknown_assignments()
    {
        var list = Run("lab", "list", "--format", "json");
        Assert.Equal(0, list.Code);
        var ids = JsonNode.Parse(list.Out)!["assignments"]!.AsArray().Select(a => a!["id"]!.GetValue<string>());
        Assert.Equal(["backprop", "heights"], ids);
        Assert.Contains("backprop", Run("lab", "list").Out);

        var missing = Run("lab", "check", "heights", Path.Combine(folder, "nowhere"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("nabla lab start heights", missing.Err);

        var unknown = Run("lab", "start", "sudoku", Path.Combine(folder, "s"));
        Assert.Equal(1, unknown.Code);
        Assert.Contains("backprop, heights", unknown.Err);

        var help = Run("lab", "check", "--help");
        Assert.Contains("nabla lab check backprop", help.Out);
    }

    [Fact]
    public void TheBatchLabOpGradesInlineCodeAndAnswersErrorsPerLine()
    {
        var lines = new[]
        {
            new JsonObject { ["id"] = 1, ["op"] = "lab", ["assignment"] = "heights", ["code"] = LabTestSupport.Reference(AssignmentCatalog.Heights) }.ToJsonString(),
            new JsonObject { ["id"] = 2, ["op"] = "lab", ["assignment"] = "heights", ["code"] = "this is not C#" }.ToJsonString(),
            new JsonObject { ["id"] = 3, ["op"] = "lab", ["assignment"] = "nope", ["code"] = "" }.ToJsonString(),
            new JsonObject { ["id"] = 4, ["op"] = "lab", ["assignment"] = "heights" }.ToJsonString(),
        };
        var stdout = new StringWriter();
        int code = new CliApp().Run(["batch"], new StringReader(string.Join('\n', lines)), stdout, new StringWriter());
        var answers = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, answers.Count);
        Assert.NotEqual(2, code);
        Assert.True(answers[0]["ok"]!.GetValue<bool>());
        Assert.Equal(100, answers[0]["report"]!["score"]!.GetValue<double>());
        Assert.False(answers[1]["ok"]!.GetValue<bool>());
        Assert.Equal("compile", answers[1]["error"]!["kind"]!.GetValue<string>());
        Assert.Contains("unknown assignment", answers[2]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("code", answers[3]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 4], answers.Select(a => a["id"]!.GetValue<int>()));
    }
}
