using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary><c>nabla train mlp</c>: the JSON contract of issue 7 and its argument errors.</summary>
public sealed class TrainMlpCliTests
{
    [Fact]
    public void ASmallMlpLearnsTheClustersAndAnswersTheSpecifiedJson()
    {
        var run = Run("train", "mlp", "--layers", "20,32,3", "--samples", "1500", "--batch", "50", "--epochs", "4", "--format", "json");
        Assert.Equal(0, run.Code);
        var json = run.Json;
        Assert.True((bool)json["ok"]!);
        var history = json["history"]!.AsArray().Select(h => (double)h!).ToArray();
        Assert.Equal(4, history.Length);
        Assert.True(history[^1] < history[0], $"the loss should fall: {string.Join(", ", history)}");
        Assert.Equal(history[^1], (double)json["cost"]!);
        Assert.True((double)json["seconds"]! > 0);
        Assert.True((double)json["accuracy"]! > 0.8, $"accuracy {(double)json["accuracy"]!}");
        Assert.Equal(4 * 30, (long)json["iterations"]!);   // 1500 / 50 batches per epoch
        Assert.Equal("f32", (string)json["dtype"]!);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRunInDoublePrecision()
    {
        string[] args = ["train", "mlp", "--layers", "10,8,2", "--samples", "400", "--batch", "40", "--dtype", "f64", "--optimizer", "adam", "--seed", "7", "--format", "json"];
        double cost = (double)Run(args).Json["cost"]!;
        Assert.Equal(cost, (double)Run(args).Json["cost"]!);
        args[^3] = "8";   // --seed 8: other data, weights and shuffling, so the equality above is not trivial
        Assert.NotEqual(cost, (double)Run(args).Json["cost"]!);
    }

    [Theory]
    [InlineData("--layers", "20,x", "whole number")]
    [InlineData("--layers", "20", "at least two")]
    [InlineData("--batch", "0", "--batch")]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--optimizer", "rmsprop", "sgd or adam")]
    [InlineData("--rate", "-1", "--rate")]
    public void BadArgumentsAreNamed(string flag, string value, string expected)
    {
        var options = new Dictionary<string, string> { ["--layers"] = "6,4,2", ["--samples"] = "100", ["--batch"] = "10" };
        options[flag] = value;
        var run = Run(["train", "mlp", .. options.SelectMany(o => new[] { o.Key, o.Value })]);
        Assert.Equal(1, run.Code);
        Assert.Contains(expected, run.Err);
    }
}
