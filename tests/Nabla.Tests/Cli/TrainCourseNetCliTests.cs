using System.Text.Json.Nodes;
using Nabla.NeuralNetworks;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

public sealed class TrainCourseNetCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nabla-train-" + Guid.NewGuid().ToString("N"));

    public TrainCourseNetCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void JsonGivesTheFinalCostTheHistoryAndTheTime()
    {
        var run = Run("train", "course-net", "--iterations", "1500", "--seed", "3", "--format", "json");
        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err); // no progress bar in JSON mode or into a captured stream
        var json = run.Json;
        Assert.True(json["ok"]!.GetValue<bool>());
        var history = json["history"]!.AsArray().Select(h => h!.GetValue<double>()).ToArray();
        Assert.Equal(101, history.Length); // every 15 steps: 0, 15, …, 1500
        Assert.Equal(15, json["historyEvery"]!.GetValue<int>());
        double cost = json["cost"]!.GetValue<double>();
        Assert.Equal(history[^1], cost);
        Assert.True(json["seconds"]!.GetValue<double>() >= 0);
        Assert.Equal("max-iterations", json["exit"]!.GetValue<string>());

        // The same run through the library: the CLI's --seed seeds both the weights and the noise.
        var expected = CourseNetwork.Create(3).Train(new CourseTrainingOptions { Iterations = 1500, Seed = 3 });
        Assert.Equal(expected.FinalCost, cost);
        Assert.True(cost < history[0]);
    }

    [Fact]
    public void HumanOutputIsASummaryAndThePlotIsWritten()
    {
        string svg = Path.Combine(_folder, "heart.svg");
        var run = Run("train", "course-net", "--iterations", "500", "--aggression", "7", "--noise", "0.5", "--plot", svg);
        Assert.Equal(0, run.Code);
        Assert.Contains("1→6→7→2", run.Out);
        Assert.Contains("500 steps", run.Out);
        Assert.Contains("aggression 7", run.Out);
        Assert.Contains("plot written to", run.Out);
        string content = File.ReadAllText(svg);
        Assert.Contains("<svg", content);
        Assert.Contains("training data", content);

        string png = Path.Combine(_folder, "heart.png");
        Assert.Equal(0, Run("train", "course-net", "--iterations", "10", "--plot", png).Code);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Theory]
    [InlineData("--iterations", "-1", "--iterations")]
    [InlineData("--aggression", "NaN", "--aggression")]
    [InlineData("--noise", "-2", "--noise")]
    public void BadOptionsAreUserErrorsNamingTheFlag(string flag, string value, string named)
    {
        var run = Run("train", "course-net", flag, value, "--format", "json");
        Assert.Equal(1, run.Code);
        var error = run.Json["error"]!.AsObject();
        Assert.False(run.Json["ok"]!.GetValue<bool>());
        Assert.StartsWith(named, error["message"]!.GetValue<string>());
        Assert.Contains(named, run.Err);
    }

    [Fact]
    public void APlotFileOfTheWrongKindIsRejectedBeforeTraining()
    {
        var run = Run("train", "course-net", "--plot", Path.Combine(_folder, "heart.gif"));
        Assert.Equal(1, run.Code);
        Assert.Contains(".svg or .png", run.Err);
        Assert.False(File.Exists(Path.Combine(_folder, "heart.gif")));
    }

    [Fact]
    public void AHugeAggressionStopsWithAReasonAndExitCodeZero()
    {
        var run = Run("train", "course-net", "--aggression", "1.7e308", "--format", "json");
        Assert.Equal(0, run.Code);
        Assert.Equal("non-finite", run.Json["exit"]!.GetValue<string>());
        Assert.True(double.IsFinite(run.Json["cost"]!.GetValue<double>()));
        Assert.Contains("kept the weights", run.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public void TrainNeedsASubcommand()
    {
        var run = Run("train");
        Assert.Equal(1, run.Code);
        Assert.Contains("course-net", run.Out + run.Err);
    }
}
