using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Cli;

namespace Nabla.Tests.Budgets;

/// <summary>
/// <c>nabla batch</c> lines with pathological content: every line is answered, within its budget plus slack, with
/// either a right answer or a user error (message, hint) — never an internal error, a hang or a lost line.
/// </summary>
public sealed class BatchPathologicalTests
{
    private static string Line(object request) => JsonSerializer.Serialize(request);

    public static TheoryData<string, string> Lines => new()
    {
        { "order over the cap", Line(new { op = "diff", expr = "sin(x)", order = 100_000 }) },
        { "taylor order over the cap", Line(new { op = "taylor", expr = "exp(x)", about = new { x = 0 }, order = 100_000 }) },
        { "exploding derivative", Line(new { op = "diff", expr = "x^(x^x)", order = 60 }) },
        { "huge integer", Line(new { op = "simplify", expr = new string('9', 45_000) }) },
        { "deep parentheses", Line(new { op = "diff", expr = new string('(', 5_000) + "x" + new string(')', 5_000) }) },
        { "too long expression", Line(new { op = "simplify", expr = string.Concat(Enumerable.Repeat("x+", 60_000)) + "x" }) },
        { "hessian of thousands of variables", Line(new { op = "hessian", expr = string.Join("+", Enumerable.Range(1, 2_000).Select(i => $"x_{i}^2")) }) },
        { "deep json", new string('[', 10_000) + new string(']', 10_000) },
        { "line over the length limit", "{\"op\":\"simplify\",\"expr\":\"" + new string('x', CliApp.MaxBatchLineLength) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void PathologicalLinesAreAnsweredWithUserErrors(string label, string line)
    {
        var app = new CliApp(debug: false);
        var answer = Within.Seconds(90, () => app.AnswerLine(line));
        Assert.False((bool)answer["ok"]!, label);
        var error = answer["error"]!.AsObject();
        Assert.Equal("user", (string?)error["kind"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]), label);
    }

    [Fact]
    public void HugeExponentDifferentiatesRight()
    {
        var answer = Within.Seconds(10, () => new CliApp(debug: false).AnswerLine(Line(new { op = "diff", expr = "x^(10^10)", at = new { x = 1 } })));
        Assert.True((bool)answer["ok"]!, answer.ToJsonString());
        Assert.Equal(1e10, (double)answer["value"]!, 1e-6 * 1e10);
    }

    [Fact]
    public void HugeNumericPowerStaysExact()
    {
        var answer = Within.Seconds(10, () => new CliApp(debug: false).AnswerLine(Line(new { op = "simplify", expr = "2^(10^10)" })));
        Assert.True((bool)answer["ok"]!, answer.ToJsonString());
        Assert.Equal("2^10000000000", (string?)answer["result"]);
    }

    [Fact]
    public void ExplodingExpansionInEquivalenceIsDecidedNumerically()
    {
        // (x+y+1)^5000 is never multiplied out (the symbolic stage has a 5,000-node budget); the numeric stage decides.
        var app = new CliApp(debug: false);
        var differ = Within.Seconds(30, () => app.AnswerLine(Line(new { op = "equiv", a = "(x+y+1)^5000", b = "(1+x+y)^5000 + 1" })));
        Assert.True((bool)differ["ok"]!, differ.ToJsonString());
        Assert.False((bool)differ["equivalent"]!);
        var same = Within.Seconds(30, () => app.AnswerLine(Line(new { op = "equiv", a = "(x+y+1)^5000", b = "(1+y+x)^5000" })));
        Assert.True((bool)same["equivalent"]!, same.ToJsonString());
    }

    [Fact]
    public void ALineOverTheBatchTimeLimitStopsWithAClearError()
    {
        // The derivative's own budget (10 s) would stop it later; the line's time limit stops it first.
        var app = new CliApp(debug: false) { BatchLineTimeLimit = TimeSpan.FromMilliseconds(400) };
        var answer = Within.Seconds(9, () => app.AnswerLine(Line(new { id = 7, op = "diff", expr = "x^(x^(x^x))", order = 80 })));
        Assert.False((bool)answer["ok"]!);
        Assert.Equal(7, (int)answer["id"]!);
        var error = answer["error"]!.AsObject();
        Assert.Equal("user", (string?)error["kind"]);
        Assert.Contains("time limit", (string?)error["message"]);
        Assert.Contains("NABLA_BATCH_TIME_LIMIT", (string?)error["hint"]);
        // The next line on the same app is unaffected.
        var next = app.AnswerLine(Line(new { op = "diff", expr = "x^3" }));
        Assert.True((bool)next["ok"]!, next.ToJsonString());
    }

    [Fact]
    public void AStreamOfPathologicalLinesIsAnsweredInOrder()
    {
        var lines = Lines.Select(row => (string)row[1]).Where(l => l.Length < 200_000).ToList();
        lines.Insert(3, Line(new { id = "ok", op = "diff", expr = "x^2" }));
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter();
        int code = Within.Seconds(180, () => new CliApp(debug: false).Run(["batch"], new StringReader(string.Join('\n', lines)), stdout, stderr));
        Assert.Equal(0, code);
        var answers = stdout.ToString().TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(lines.Count, answers.Length);
        Assert.Equal("ok", (string?)answers[3]["id"]);
        Assert.Equal("2*x", (string?)answers[3]["result"]);
    }
}
