using System.Text.Json.Nodes;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary>
/// Issue 8's acceptance: a batch file of 1,000 mixed requests, bad lines included, completes with one answer per
/// line, in order, each right for its request.
/// </summary>
public sealed class BatchMixedStreamTests
{
    /// <summary>Good requests of every batch op, with a check on the answer computed independently of Nabla.</summary>
    private static readonly (string Line, Action<JsonObject> Check)[] Good =
    [
        ("""{"op":"diff","expr":"x^2 sin(x)","at":{"x":1}}""", a => Near(2 * Math.Sin(1) + Math.Cos(1), a["value"])),
        ("""{"op":"diff","expr":"exp(2x)","order":3,"at":{"x":0}}""", a => Near(8, a["value"])),
        ("""{"op":"simplify","expr":"x + x + 3x"}""", a => Assert.Equal("5*x", (string)a["result"]!)),
        ("""{"op":"equiv","a":"(x+1)^2","b":"x^2+2x+1"}""", a => Assert.True((bool)a["equivalent"]!)),
        ("""{"op":"equiv","a":"(x+1)^2","b":"x^2+1"}""", a => Assert.False((bool)a["equivalent"]!)),
        ("""{"op":"grad","expr":"x^2 y","vars":["x","y"],"at":{"x":1,"y":2}}""", a => Assert.Equal(4.0, (double)a["value"]![0]!, 12)),
        ("""{"op":"jacobian","exprs":["x^2-y^2","2*x*y"],"vars":["x","y"],"at":{"x":1,"y":2}}""", a => Assert.Equal(-4.0, (double)a["value"]![0]![1]!, 12)),
        ("""{"op":"hessian","expr":"x^3 - 3*x*y^2","vars":["x","y"],"at":{"x":1,"y":2}}""", a => Assert.Equal(6.0, (double)a["value"]![0]![0]!, 12)),
        ("""{"op":"stationary","expr":"(x-1)^2+(y+2)^2","vars":["x","y"]}""", a => Near(-2, a["points"]![0]!["at"]!["y"])),
        ("""{"op":"chain","expr":"x*y","with":{"x":"t+1","y":"t-1"},"wrt":"t","at":{"t":2}}""", a => Near(4, a["value"])),
        ("""{"op":"taylor","expr":"exp(x)","about":{"x":0},"order":3}""", a => Assert.NotNull(a["result"])),
        ("""{"op":"numdiff","expr":"sin(x)","at":{"x":1}}""", a => Near(Math.Cos(1), a["value"], 1e-8)),
        ("""{"op":"roots","expr":"x^2-2","from":1.5,"method":"newton"}""", a => Near(Math.Sqrt(2), a["solution"]!["x"], 1e-10)),
        ("""{"op":"minimize","expr":"(x-3)^2+(y+1)^2","from":{"x":0,"y":0},"method":"bfgs"}""", a => Near(3, a["solution"]!["x"], 1e-6)),
        ("""{"op":"linfit","x":[1,2,3,4],"y":[3,5,7,9]}""", a => Near(2, a["parameters"]!["slope"], 1e-12)),
    ];

    /// <summary>Bad lines of every kind: each must get an error answer, and the stream must go on.</summary>
    private static readonly string[] Bad =
    [
        "this is not json",
        """{"op":"integrate","expr":"x"}""",
        """{"op":"diff","expr":"2 + * x"}""",
        """{"op":"diff"}""",
        """[1, 2, 3]""",
        """{"op":"diff","expr":"x^2","order":-1}""",
        """{"op":"roots","expr":"x^2+1","from":"abc"}""",
        """{"op":"taylor","expr":"sin(x)","about":{"x":0},"order":1000000}""",
        """{"op":"linfit","x":[1,2],"y":[1]}""",
    ];

    [Fact]
    public void AThousandMixedRequestsGetOneAnswerPerLineInOrder()
    {
        var random = new Random(2026);
        var plan = new List<(bool Good, int Index)>();
        var lines = new List<string>();
        for (int i = 0; i < 1000; i++)
        {
            bool good = random.NextDouble() < 0.8;
            int index = random.Next(good ? Good.Length : Bad.Length);
            plan.Add((good, index));
            string line = good ? Good[index].Line : Bad[index];
            // Ids go on the requests that are JSON objects; the others cannot carry one.
            lines.Add(line.StartsWith('{') ? "{\"id\":" + i + "," + line[1..] : line);
        }
        var run = RunWithInput(string.Join('\n', lines), "batch");
        Assert.Equal(0, run.Code);
        Assert.Equal(1000, run.Lines.Length);
        for (int i = 0; i < 1000; i++)
        {
            var answer = JsonNode.Parse(run.Lines[i])!.AsObject();
            var (good, index) = plan[i];
            Assert.True(good == (bool)answer["ok"]!, $"line {i} ({lines[i]}): {run.Lines[i]}");
            if (lines[i].StartsWith('{')) Assert.Equal(i, (int)answer["id"]!);
            if (good) Good[index].Check(answer);
            else Assert.False(string.IsNullOrWhiteSpace((string?)answer["error"]!["message"]), run.Lines[i]);
        }
    }

    private static void Near(double expected, JsonNode? actual, double tolerance = 1e-12) =>
        Assert.True(Math.Abs(expected - (double)actual!) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
