using System.Text.Json.Nodes;
using System.Xml.Linq;
using Nabla.Cli;
using SkiaSharp;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary>
/// <c>nabla plot</c>, the verbs' <c>--plot</c> and <c>--loss-plot</c>, and the batch plot op: every kind writes an SVG that
/// parses as XML with enough drawing in it and a PNG that decodes to the requested size with more than a few colours;
/// bad input fails with exit code 1 and leaves no file behind.
/// </summary>
public sealed class PlotCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nabla-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>Every kind, by the flags that select it (inferred or explicit).</summary>
    public static TheoryData<string, string[]> Kinds => new()
    {
        { "function", ["x^3 - 2x"] },
        { "derivative", ["x^3 - 2x", "--kind", "derivative"] },
        { "secant", ["exp(x)", "--tangent-at", "0"] },
        { "taylor", ["sin(x)", "--order", "7", "--from", "-2pi", "--to", "2pi"] },
        { "newton", ["x^3 - 2x + 2", "--x0", "0"] },
        { "contour", ["x^2 + 3y^2"] },
        { "surface", ["sin(x) cos(y)", "--kind", "surface", "--from", "-pi", "--to", "pi"] },
        { "descent", ["x^2 + 10 y^2", "--start", "x=-4,y=1", "--method", "gd", "--rate", "0.09"] },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKindWritesAValidSvgAndPng(string kind, string[] args)
    {
        string svg = PathOf(kind + ".svg");
        var run = Run(["plot", .. args, "-o", svg, "--format", "json"]);
        Assert.Equal(0, run.Code);
        Assert.Equal(kind, (string)run.Json["kind"]!);
        Assert.Equal(svg, (string)run.Json["file"]!);
        Assert.True((bool)run.Json["ok"]!);
        AssertValidSvg(svg, minimumPaths: 8);

        string png = PathOf(kind + ".png");
        Assert.Equal(0, Run(["plot", .. args, "-o", png, "--width", "640", "--height", "480"]).Code);
        AssertValidPng(png, 640, 480);
        Assert.Equal(2, Directory.GetFiles(_folder).Length);   // no temporary files left behind
    }

    [Fact]
    public void TheHumanAnswerSaysWhereThePlotWent()
    {
        var run = Run("plot", "x^2", "-o", PathOf("square.svg"));
        Assert.Equal(0, run.Code);
        Assert.Contains("plot written to " + PathOf("square.svg"), run.Out);
        Assert.Contains("function", run.Out);
    }

    [Fact]
    public void TheLegendNamesTheTangentSlope()
    {
        // f(x) = x^3 at x0 = 1: the tangent's slope is 3, and the h = 1 secant's rise over run is (8 − 1)/1 = 7.
        string svg = PathOf("cube.svg");
        Assert.Equal(0, Run("plot", "x^3", "--tangent-at", "1", "-o", svg).Code);
        string text = File.ReadAllText(svg);
        Assert.Contains("slope f′(1) = 3", text);
        Assert.Contains("h = 1: rise/run = 7/1 = 7", text);
    }

    [Fact]
    public void UndefinedRegionsBecomeGapsNotErrors()
    {
        foreach (var f in new[] { "ln(x)", "1/x", "sqrt(x)", "tan(x)", "ln(x y)" })
        {
            string svg = PathOf("gap.svg");
            var run = Run("plot", f, "-o", svg);
            Assert.True(run.Code == 0, $"{f}: {run.Err}");
            AssertValidSvg(svg, minimumPaths: 5);
        }
    }

    [Theory]
    [InlineData("plot.gif", ".svg or .png")]
    [InlineData("missing-folder/plot.svg", "does not exist")]
    [InlineData("plot", ".svg or .png")]
    public void ABadPathIsAClearErrorAndWritesNothing(string name, string message)
    {
        var run = Run("plot", "x^2", "-o", PathOf(name), "--format", "json");
        Assert.Equal(1, run.Code);
        Assert.Contains(message, run.Err);
        Assert.False((bool)run.Json["ok"]!);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void APathThroughAFileIsAClearError()
    {
        File.WriteAllText(PathOf("file.txt"), "not a folder");
        var run = Run("plot", "x^2", "-o", Path.Combine(PathOf("file.txt"), "plot.svg"));
        Assert.Equal(1, run.Code);
        Assert.Contains("cannot write the plot", run.Err);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData(new[] { "x y z" }, "one variable")]
    [InlineData(new[] { "x^2", "--kind", "contour" }, "two variables")]
    [InlineData(new[] { "x^2", "--kind", "sideways" }, "unknown plot kind")]
    [InlineData(new[] { "ln(x)", "--tangent-at", "-1" }, "not defined at x = -1")]
    [InlineData(new[] { "x^2", "--kind", "secant" }, "--tangent-at")]
    [InlineData(new[] { "x^2", "--kind", "newton" }, "--x0")]
    [InlineData(new[] { "x^2 + y^2", "--kind", "descent" }, "--start")]
    [InlineData(new[] { "x^2", "--from", "2", "--to", "1" }, "less than")]
    [InlineData(new[] { "x^2", "--width", "5" }, "between 100 and 4000")]
    [InlineData(new[] { "x^2 +", "--kind", "function" }, "")]
    public void BadRequestsFailWithExitCodeOneAndNoFile(string[] args, string message)
    {
        var run = Run(["plot", .. args, "-o", PathOf("bad.svg")]);
        Assert.Equal(1, run.Code);
        Assert.Contains(message, run.Err);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void ACancelledPlotLeavesNoFile()
    {
        var responder = new Responder(NablaEngine.Instance);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var error = Assert.Throws<RequestException>(() => responder.ExecutePlot(new PlotRequest("sin(x)", PathOf("cancelled.svg")), cancelled.Token));
        Assert.Contains("cancelled", error.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AnExistingFileIsReplacedWhole()
    {
        string svg = PathOf("replace.svg");
        File.WriteAllText(svg, new string('x', 1_000_000));
        Assert.Equal(0, Run("plot", "x^2", "-o", svg).Code);
        AssertValidSvg(svg, minimumPaths: 5);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("diff", new[] { "x^3 - 2x" })]
    [InlineData("diff", new[] { "x^2 y", "--at", "x=1,y=2" })]
    [InlineData("grad", new[] { "x^2 + 3y^2" })]
    [InlineData("grad", new[] { "x^2 y", "--at", "x=1,y=2" })]
    [InlineData("taylor", new[] { "1/x", "--about", "x=4", "--order", "3" })]
    [InlineData("roots", new[] { "x^2 - 2", "--from", "1" })]
    [InlineData("roots", new[] { "cos(x) - x", "--from", "0", "--to", "1", "--method", "bisection" })]
    [InlineData("minimize", new[] { "(1 - x)^2 + 100 (y - x^2)^2", "--from", "x=-1.2,y=1" })]
    [InlineData("minimize", new[] { "(x - 2)^2", "--from", "x=0", "--method", "gd" })]
    public void TheVerbsDrawTheirAnswersWithPlot(string verb, string[] rest)
    {
        string[] args = [verb, .. rest];
        string svg = PathOf("verb.svg");
        var json = Run([.. args, "--plot", svg, "--format", "json"]);
        Assert.Equal(0, json.Code);
        Assert.Equal(svg, (string)json.Json["plot"]!);
        AssertValidSvg(svg, minimumPaths: 5);

        string png = PathOf("verb.png");
        var human = Run([.. args, "--plot", png]);
        Assert.Equal(0, human.Code);
        Assert.Contains("plot written to " + png, human.Out);
        AssertValidPng(png);
    }

    [Fact]
    public void PlainOutputKeepsTheResultOnTheLastLine()
    {
        var run = Run("diff", "x^2", "--plot", PathOf("d.svg"), "--format", "plain");
        Assert.Equal(0, run.Code);
        Assert.Equal("2*x", run.Lines[^1]);
        Assert.Contains("plot written to", run.Err);
    }

    [Theory]
    [InlineData(new[] { "diff", "x^2 y" }, "give values for y")]
    [InlineData(new[] { "grad", "x y z" }, "two variables")]
    [InlineData(new[] { "taylor", "exp(x) sin(y)", "--about", "x=0,y=0", "--order", "2" }, "one variable")]
    [InlineData(new[] { "diff", "x^2" }, ".svg or .png")]
    public void AVerbPlotThatCannotBeDrawnIsAClearError(string[] args, string message)
    {
        string file = message == ".svg or .png" ? "verb.bmp" : "verb.svg";
        var run = Run([.. args, "--plot", PathOf(file)]);
        Assert.Equal(1, run.Code);
        Assert.Contains(message, run.Err);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void TrainingWritesALossCurve()
    {
        string svg = PathOf("loss.svg");
        var run = Run("train", "course-net", "--iterations", "300", "--loss-plot", svg, "--format", "json");
        Assert.Equal(0, run.Code);
        Assert.Equal(svg, (string)run.Json["lossPlot"]!);
        Assert.True(run.Json["history"]!.AsArray().Count > 10);   // the existing JSON shape is unchanged
        AssertValidSvg(svg, minimumPaths: 5);

        string png = PathOf("mlp-loss.png");
        var mlp = Run("train", "mlp", "--layers", "8,16,3", "--samples", "300", "--batch", "30", "--epochs", "2", "--loss-plot", png);
        Assert.Equal(0, mlp.Code);
        Assert.Contains("loss curve written to " + png, mlp.Out);
        AssertValidPng(png);
    }

    [Fact]
    public void ALossPlotWithABadExtensionIsRejectedBeforeTraining()
    {
        var run = Run("train", "course-net", "--iterations", "10", "--loss-plot", PathOf("loss.jpg"));
        Assert.Equal(1, run.Code);
        Assert.Contains(".svg or .png", run.Err);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void FitPlotsShowTheResiduals()
    {
        string data = PathOf("data.csv");
        File.WriteAllText(data, "x,y\n0,1.1\n1,2.9\n2,5.2\n3,6.8\n4,9.1\n5,11\n");
        string svg = PathOf("fit.svg");
        Assert.Equal(0, Run("fit", data, "--model", "a x^2 + b", "--plot", svg).Code);
        Assert.Contains("residuals", File.ReadAllText(svg));
        AssertValidSvg(svg, minimumPaths: 8);
        string line = PathOf("line.png");
        Assert.Equal(0, Run("linfit", data, "--plot", line).Code);
        AssertValidPng(line, 800, 500);
    }

    [Fact]
    public void TheBatchPlotOpAnswersWithTheFile()
    {
        string svg = PathOf("batch.svg");
        string request = new JsonObject { ["id"] = 7, ["op"] = "plot", ["expr"] = "x^2 + y^2", ["file"] = svg }.ToJsonString();
        string bad = new JsonObject { ["op"] = "plot", ["expr"] = "x^2" }.ToJsonString();
        string secant = new JsonObject { ["op"] = "plot", ["expr"] = "sin(x)", ["file"] = PathOf("s.png"), ["tangentAt"] = 1, ["width"] = 300, ["height"] = 200 }.ToJsonString();
        var run = RunWithInput(request + "\n" + bad + "\n" + secant + "\n", "batch");
        var answers = run.Lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(3, answers.Length);
        Assert.Equal("contour", (string)answers[0]["kind"]!);
        Assert.Equal(7, (int)answers[0]["id"]!);
        Assert.False((bool)answers[1]["ok"]!);
        Assert.Contains("file", (string)answers[1]["error"]!["message"]!);
        Assert.Equal("secant", (string)answers[2]["kind"]!);
        AssertValidSvg(svg, minimumPaths: 8);
        AssertValidPng(PathOf("s.png"), 300, 200);
    }

    /// <summary>Parses the SVG as XML and checks it has the requested frame and at least so many drawn paths.</summary>
    internal static XDocument AssertValidSvg(string path, int minimumPaths)
    {
        var document = XDocument.Load(path);
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(svg + "svg", document.Root!.Name);
        int paths = document.Descendants(svg + "path").Count() + document.Descendants(svg + "line").Count() + document.Descendants(svg + "polyline").Count();
        Assert.True(paths >= minimumPaths, $"{path}: only {paths} paths");
        return document;
    }

    /// <summary>Checks the PNG signature, that it decodes, its size, and that it is not blank (many colours).</summary>
    internal static void AssertValidPng(string path, int? width = null, int? height = null)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        if (width is { } w) Assert.Equal(w, bitmap.Width);
        if (height is { } h) Assert.Equal(h, bitmap.Height);
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 10, $"{path}: only {colours.Count} colours");
    }
}
