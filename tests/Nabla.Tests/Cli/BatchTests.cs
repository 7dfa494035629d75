using System.Text.Json.Nodes;
using Nabla.Symbolic;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary><c>nabla batch</c>: one JSON answer per request line; bad lines answer errors and the stream continues.</summary>
public sealed class BatchTests
{
    private static JsonObject[] Answers(CliRun run) => [.. run.Lines.Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public void AnswersEveryLineAndContinuesAfterBadOnes()
    {
        string input = string.Join('\n',
            """{"id":1,"op":"diff","expr":"x^2 sin(x)","wrt":"x","order":1}""",
            """this is not json""",
            """{"id":"u","op":"integrate","expr":"x"}""",
            """{"id":3,"op":"diff","expr":"2 + * x"}""",
            """{"id":4,"op":"simplify"}""",
            "",
            """{"id":5,"op":"equiv","a":"(x+1)^2","b":"x^2+2x+1"}""",
            """[1,2]""",
            """{"id":6,"op":"simplify","expr":"x + x"}""");
        var run = RunWithInput(input, "batch");
        Assert.Equal(0, run.Code);
        var answers = Answers(run);
        Assert.Equal(8, answers.Length); // the blank line is skipped

        Assert.True((bool)answers[0]["ok"]!);
        Assert.Equal(1, (int)answers[0]["id"]!);
        AssertSameFunction(x => 2 * x * Math.Sin(x) + x * x * Math.Cos(x), Expr.Parse((string)answers[0]["result"]!));

        Assert.False((bool)answers[1]["ok"]!);
        Assert.Contains("JSON", (string)answers[1]["error"]!["message"]!);
        Assert.Null(answers[1]["id"]);

        Assert.False((bool)answers[2]["ok"]!);
        Assert.Equal("u", (string)answers[2]["id"]!);
        Assert.Contains("integrate", (string)answers[2]["error"]!["message"]!);

        Assert.False((bool)answers[3]["ok"]!);
        Assert.Equal(3, (int)answers[3]["id"]!);
        Assert.Equal(4, (int)answers[3]["error"]!["position"]!);

        Assert.False((bool)answers[4]["ok"]!);
        Assert.Contains("expr", (string)answers[4]["error"]!["message"]!);

        Assert.True((bool)answers[5]["ok"]!);
        Assert.True((bool)answers[5]["equivalent"]!);
        Assert.Equal(5, (int)answers[5]["id"]!);

        Assert.False((bool)answers[6]["ok"]!);

        Assert.True((bool)answers[7]["ok"]!);
        Assert.Same(Expr.Num(2) * Expr.Sym("x"), Expr.Parse((string)answers[7]["result"]!));
    }

    [Fact]
    public void ErrorObjectsHaveMessagePositionAndHint()
    {
        var answer = Answers(RunWithInput("""{"op":"nope"}""", "batch"))[0];
        var error = answer["error"]!.AsObject();
        Assert.True(error.ContainsKey("message"));
        Assert.True(error.ContainsKey("position"));
        Assert.True(error.ContainsKey("hint"));
        Assert.Null(error["position"]);
        Assert.Contains("diff", (string)error["hint"]!);
    }

    [Fact]
    public void AtAddsTheValueAndStepsAddTheDerivation()
    {
        var answer = Answers(RunWithInput(
            """{"op":"diff","expr":"x^2 y^3","wrt":"y","at":{"x":1,"y":2},"steps":true}""", "batch"))[0];
        Assert.True((bool)answer["ok"]!);
        Assert.Equal(12.0, (double)answer["value"]!); // 3 x^2 y^2 at (1, 2)
        var steps = answer["steps"]!.AsArray();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.True(s!.AsObject().ContainsKey("explanation")));
    }

    [Fact]
    public void AtMissingAVariableIsAnErrorNamingIt()
    {
        var answer = Answers(RunWithInput("""{"op":"diff","expr":"x y","wrt":"x","at":{"x":1}}""", "batch"))[0];
        Assert.False((bool)answer["ok"]!);
        Assert.Contains("y", (string)answer["error"]!["message"]!);
    }

    [Fact]
    public void MistypedFieldsAreErrors()
    {
        string input = string.Join('\n',
            """{"op":"diff","expr":"x^2","order":"two"}""",
            """{"op":"diff","expr":42}""",
            """{"op":"diff","expr":"x^2","at":[1]}""",
            """{"op":"diff","expr":"x^2","steps":"yes"}""",
            """{"op":"diff","expr":"x^2","order":1.5}""");
        var answers = Answers(RunWithInput(input, "batch"));
        Assert.Equal(5, answers.Length);
        Assert.All(answers, a => Assert.False((bool)a["ok"]!));
    }

    [Fact]
    public void RequestShapeErrorsAreUserErrorsThatNeedNoEngine()
    {
        string input = string.Join('\n',
            """{"op":"diff","op":"simplify","expr":"x"}""",
            """{"expr":"x"}""",
            """{"op":"equiv","a":"x"}""",
            """{"op":"diff","expr":"x","order":1e400}""",
            """{"op":"diff""",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "null");
        var run = RunWithInput(input, "batch");
        Assert.Equal(0, run.Code);
        var answers = Answers(run);
        Assert.Equal(7, answers.Length);
        Assert.All(answers, a =>
        {
            Assert.False((bool)a["ok"]!);
            Assert.Equal("user", (string)a["error"]!["kind"]!);
        });
    }

    [Fact]
    public void SplitSelectsSplitLetterParsing()
    {
        var answers = Answers(RunWithInput(string.Join('\n',
            """{"op":"diff","expr":"xy","wrt":"x","split":true}""",
            """{"op":"diff","expr":"xy","wrt":"x"}"""), "batch"));
        Assert.Same(Expr.Sym("y"), Expr.Parse((string)answers[0]["result"]!));
        Assert.Same(Expr.Num(0), Expr.Parse((string)answers[1]["result"]!));
    }

    [Fact]
    public void IdOfAnyJsonTypeIsEchoed()
    {
        var answers = Answers(RunWithInput(string.Join('\n',
            """{"id":{"task":7,"tags":["a"]},"op":"simplify","expr":"x"}""",
            """{"id":2.5,"op":"nope"}"""), "batch"));
        Assert.Equal(7, (int)answers[0]["id"]!["task"]!);
        Assert.Equal("a", (string)answers[0]["id"]!["tags"]![0]!);
        Assert.Equal(2.5, (double)answers[1]["id"]!);
    }

    [Theory]
    [InlineData("""{"op":"diff","expr":"x^2 sin(x)","at":{"x":0.5},"steps":true}""", "diff", "x^2 sin(x)", "--at", "x=0.5", "--steps")]
    [InlineData("""{"op":"simplify","expr":"x + x"}""", "simplify", "x + x")]
    [InlineData("""{"op":"equiv","a":"x^2","b":"x"}""", "equiv", "x^2", "x")]
    [InlineData("""{"op":"diff","expr":"2 + * x"}""", "diff", "2 + * x")]
    public void FormatJsonPrintsExactlyWhatABatchLineAnswers(string line, params string[] verb)
    {
        var batch = RunWithInput(line, "batch");
        var single = Run([.. verb, "--format", "json"]);
        Assert.Equal(batch.Text, single.Text);
    }

    [Fact]
    public void AClientThatWaitsForEachAnswerGetsItBeforeSendingTheNextLine()
    {
        // The client sends one line and will not send the next until the first answer has been flushed to it: the
        // batch loop must flush when it has nothing more queued, or this conversation would deadlock (the reader
        // gives up after 10 s and the test fails on the missing second answer).
        var stdout = new FlushCountingWriter();
        var stdin = new ConversationReader(stdout,
            """{"op":"simplify","expr":"x"}""",
            """{"op":"nope"}""");
        int code = new Nabla.Cli.CliApp(debug: false).Run(["batch"], stdin, stdout, new StringWriter());
        Assert.Equal(0, code);
        Assert.True(stdin.EveryLineWaitedForTheAnswerBefore, "a line was only answered after the client gave up waiting");
        Assert.Equal(new[] { 1, 2 }, stdout.LinesAtFlush.Distinct().Take(2));
    }

    [Fact]
    public void APipedStreamIsAnsweredInInputOrderUsingBothCores()
    {
        // Many lines arriving at once are answered concurrently; the order of the answers must still be the order of
        // the requests (checked by the echoed ids and by each answer's own content).
        var lines = Enumerable.Range(0, 400).Select(i => i % 7 == 3
            ? $$"""{"id":{{i}},"op":"diff","expr":"x^{{i}} +* 1"}"""
            : $$"""{"id":{{i}},"op":"diff","expr":"x^{{i}}"}""");
        var answers = Answers(RunWithInput(string.Join('\n', lines), "batch"));
        Assert.Equal(400, answers.Length);
        for (int i = 0; i < answers.Length; i++)
        {
            Assert.Equal(i, (int)answers[i]["id"]!);
            Assert.Equal(i % 7 != 3, (bool)answers[i]["ok"]!);
            if (i % 7 != 3 && i > 1) Assert.Same(Expr.Num(i) * Expr.Pow(Expr.Sym("x"), i - 1), Expr.Parse((string)answers[i]["result"]!));
        }
    }

    [Fact]
    public void EmptyInputAnswersNothingAndSucceeds()
    {
        var run = RunWithInput("", "batch");
        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Out);
    }

    private sealed class FlushCountingWriter : StringWriter
    {
        private readonly Lock gate = new();

        public List<int> LinesAtFlush { get; } = [];

        public int FlushedLines
        {
            get { lock (gate) return LinesAtFlush.Count == 0 ? 0 : LinesAtFlush[^1]; }
        }

        public override void Flush()
        {
            lock (gate) LinesAtFlush.Add(ToString().Count(c => c == '\n'));
            base.Flush();
        }
    }

    /// <summary>A client that sends line k only after k answers have been flushed to it (giving up after 10 s).</summary>
    private sealed class ConversationReader(FlushCountingWriter answers, params string[] lines) : TextReader
    {
        private int next;

        public bool EveryLineWaitedForTheAnswerBefore { get; private set; } = true;

        public override string? ReadLine()
        {
            if (next == lines.Length) return null;
            if (!SpinWait.SpinUntil(() => answers.FlushedLines >= next, TimeSpan.FromSeconds(10)))
                EveryLineWaitedForTheAnswerBefore = false;
            return lines[next++];
        }
    }
}
