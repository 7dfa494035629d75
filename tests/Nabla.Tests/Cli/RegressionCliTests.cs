using System.Text.Json.Nodes;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary>The fit and linfit verbs and batch ops (issue 6): answers checked against the closed-form straight-line
/// formulas and exact synthetic data.</summary>
public sealed class RegressionCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nabla-fit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonObject[] Answers(CliRun run) => [.. run.Lines.Select(l => JsonNode.Parse(l)!.AsObject())];

    /// <summary>Least-squares line by the textbook formulas (the independent oracle).</summary>
    private static (double Slope, double Intercept) Line(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum(), sxx = x.Sum(a => (a - mx) * (a - mx));
        return (sxy / sxx, my - sxy / sxx * mx);
    }

    [Fact]
    public void LinFitMatchesTheClosedFormLine()
    {
        double[] x = [0, 1, 2, 3, 4, 5], y = [1.1, 2.9, 5.2, 6.8, 9.1, 11.0];
        string path = Write("line.csv", "x,y\n" + string.Join('\n', x.Zip(y, (a, b) => FormattableString.Invariant($"{a},{b}"))));
        var json = Run("linfit", path, "--format", "json").Json;
        var (slope, intercept) = Line(x, y);
        Assert.Equal(slope, (double)json["parameters"]!["slope"]!, 12);
        Assert.Equal(intercept, (double)json["parameters"]!["intercept"]!, 12);
        Assert.Equal(4, (int)json["dof"]!);
        Assert.True((double)json["r"]! > 0.99);
    }

    [Fact]
    public void AModelLinearInItsParametersNeedsNoStart()
    {
        string path = Write("quad.tsv", "t\tv\n0\t1\n1\t2\n2\t5\n3\t10\n4\t17\n");   // v = t² + 1 exactly
        var json = Run("fit", path, "--model", "a t^2 + b t + c", "--x", "t", "--y", "v", "--format", "json").Json;
        Assert.True((bool)json["linear"]!);
        Assert.Equal(1.0, (double)json["parameters"]!["a"]!, 10);
        Assert.Equal(0.0, (double)json["parameters"]!["b"]!, 10);
        Assert.Equal(1.0, (double)json["parameters"]!["c"]!, 10);
    }

    [Fact]
    public void ANonLinearFitRecoversExactParametersAndWritesAPlot()
    {
        var x = Enumerable.Range(0, 12).Select(i => i * 0.5).ToArray();
        var y = x.Select(t => 3.0 * Math.Exp(-0.7 * t)).ToArray();
        string path = Write("decay.csv", "x,y\n" + string.Join('\n', x.Zip(y, (a, b) => FormattableString.Invariant($"{a:R},{b:R}"))));
        string svg = Path.Combine(_folder, "decay.svg");
        foreach (var method in new[] { "lm", "gn" })
        {
            var json = Run("fit", path, "--model", "a exp(-k x)", "--params", "a=1,k=0.3", "--method", method, "--plot", svg, "--format", "json").Json;
            Assert.Equal("converged", (string)json["exit"]!);
            Assert.Equal(3.0, (double)json["parameters"]!["a"]!, 8);
            Assert.Equal(0.7, (double)json["parameters"]!["k"]!, 8);
            Assert.Equal(method, (string)json["method"]!);
        }
        Assert.StartsWith("<?xml", File.ReadAllText(svg));
        string png = Path.Combine(_folder, "decay.png");
        Assert.Equal(0, Run("fit", path, "--model", "a exp(-k x)", "--params", "a=1,k=0.3", "--plot", png).Code);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void SteepestDescentTakesTheCoursesFixedSteps()
    {
        var json = Run("fit", Write("d.csv", "x,y\n0,1\n1,3\n2,5\n3,7\n"), "--model", "a x + b", "--params", "a=0,b=0",
            "--method", "sd", "--rate", "0.01", "--iterations", "5", "--trace", "--format", "json").Json;
        Assert.Equal(5, (int)json["iterations"]!);
        var trace = json["trace"]!.AsArray();
        Assert.Equal(6, trace.Count);   // the start and five steps
        // First step by hand: χ² = Σ(y − a x − b)², ∇ at 0 = (−2Σxy, −2Σy) = (−68, −32); p ← p − 0.01·∇.
        Assert.Equal(0.68, (double)trace[1]!["a"]!, 12);
        Assert.Equal(0.32, (double)trace[1]!["b"]!, 12);
    }

    [Fact]
    public void BatchFitTakesInlineDataAndSeveralPredictors()
    {
        string input = string.Join('\n',
            """{"id":1,"op":"fit","model":"a*x1 + b*x2","x":{"x1":[1,2,3,4],"x2":[1,0,1,0]},"y":[3,4,7,8]}""",
            """{"id":2,"op":"fit","model":"a*exp(-k*x)","x":[0,1,2,3],"y":[2,1.2130613194252668,0.7357588823428847,0.44626032029685964],"params":{"a":1,"k":1},"method":"lm"}""",
            """{"id":3,"op":"linfit","x":[1,2,3],"y":[2,4,6],"sigma":[0.1,0.1,0.1]}""",
            """{"id":4,"op":"fit","model":"a*x","x":[1,2],"y":[1]}""",
            """{"id":5,"op":"fit","model":"a*exp(-k*x)","x":[0,1,2],"y":[1,2,3]}""");
        var a = Answers(RunWithInput(input, "batch"));
        Assert.Equal(2.0, (double)a[0]["parameters"]!["a"]!, 10);   // y = 2 x1 + x2
        Assert.Equal(1.0, (double)a[0]["parameters"]!["b"]!, 10);
        Assert.Equal(2.0, (double)a[1]["parameters"]!["a"]!, 8);
        Assert.Equal(0.5, (double)a[1]["parameters"]!["k"]!, 8);
        Assert.Equal(2.0, (double)a[2]["parameters"]!["slope"]!, 12);
        Assert.False((bool)a[3]["ok"]!);
        Assert.False((bool)a[4]["ok"]!);
        Assert.Contains("start", (string)a[4]["error"]!["message"]!);
    }

    [Fact]
    public void BadDataFilesAreReportedWithTheirPosition()
    {
        var ragged = Run("linfit", Write("ragged.csv", "x,y\n1,2\n3\n"));
        Assert.Equal(1, ragged.Code);
        Assert.Contains("ragged.csv:3", ragged.Err);
        var word = Run("linfit", Write("word.csv", "x,y\n1,2\n3,four\n"));
        Assert.Equal(1, word.Code);
        Assert.Contains("four", word.Err);
        var missing = Run("linfit", Path.Combine(_folder, "nope.csv"));
        Assert.Equal(1, missing.Code);
        var column = Run("fit", Write("ok.csv", "x,y\n1,2\n2,3\n3,5\n"), "--model", "a x", "--y", "zz");
        Assert.Equal(1, column.Code);
        Assert.Contains("zz", column.Err);
        var plot = Run("fit", Write("ok2.csv", "x,y\n1,2\n2,3\n3,5\n"), "--model", "a x", "--plot", Path.Combine(_folder, "p.gif"));
        Assert.Equal(1, plot.Code);
        Assert.Contains(".svg or .png", plot.Err);
        var unused = Run("fit", Write("ok3.csv", "x,y\n1,2\n2,3\n3,5\n"), "--model", "a t");
        Assert.Equal(1, unused.Code);
        Assert.Contains("predictor", unused.Err);
    }
}
