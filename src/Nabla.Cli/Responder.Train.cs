using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nabla.NeuralNetworks;
using Nabla.Optimization;

namespace Nabla.Cli;

/// <summary>A finished <c>nabla train course-net</c> run: what was asked, what came out, where the plot went.</summary>
/// <param name="Seed">The seed of the initial weights and of the noise.</param>
/// <param name="Options">The training options used.</param>
/// <param name="Result">The training outcome.</param>
/// <param name="PlotPath">The full path of the written plot, or null.</param>
public sealed record CourseNetOutcome(long Seed, CourseTrainingOptions Options, CourseTrainingResult Result, string? PlotPath) : Outcome;

public sealed partial class Responder
{
    /// <summary>
    /// Trains the course network 1 → 6 → 7 → 2 on the heart curve from <see cref="CourseNetwork.Create"/>(seed),
    /// writing the plot when a path is given. Option errors become <see cref="RequestException"/>s that name the flag.
    /// </summary>
    public static CourseNetOutcome TrainCourseNet(long seed, CourseTrainingOptions options, string? plotPath,
        IProgress<CourseTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            string flag = e.ParamName switch
            {
                nameof(CourseTrainingOptions.Iterations) => "--iterations",
                nameof(CourseTrainingOptions.Aggression) => "--aggression",
                nameof(CourseTrainingOptions.Noise) => "--noise",
                _ => "an option",
            };
            string message = e.Message.Split(" (Parameter", 2)[0];
            throw new RequestException($"{flag}: {message}", "the course uses --iterations 10000 --aggression 3.5 --noise 1, or 50000 and 7 for the long run");
        }
        if (plotPath is not null) CourseNetPlotter.CheckExtension(plotPath);
        var network = CourseNetwork.Create(seed);
        var result = network.Train(options, progress, cancellationToken);
        string? written = plotPath is null ? null : CourseNetPlotter.Write(plotPath, network, result);
        return new CourseNetOutcome(seed, options, result, written);
    }

    /// <summary>The JSON answer: <c>{"ok":true,"cost":…,"seconds":…,"history":[…],…}</c>.</summary>
    public static JsonObject CourseNetJson(CourseNetOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = outcome.Result;
        var history = new JsonArray();
        foreach (double c in r.CostHistory) history.Add(c);
        var json = new JsonObject
        {
            ["ok"] = true,
            ["network"] = "1-6-7-2",
            ["cost"] = r.FinalCost,
            ["initialCost"] = r.InitialCost,
            ["seconds"] = r.Seconds,
            ["iterations"] = r.Iterations,
            ["aggression"] = outcome.Options.Aggression,
            ["noise"] = outcome.Options.Noise,
            ["seed"] = outcome.Seed,
            ["exit"] = r.Exit.ToJsonName(),
            ["message"] = r.Message,
            ["historyEvery"] = r.HistoryEvery,
            ["history"] = history,
        };
        if (outcome.PlotPath is not null) json["plot"] = outcome.PlotPath;
        return json;
    }

    /// <summary>The human summary printed after training.</summary>
    public static string CourseNetText(CourseNetOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = outcome.Result;
        var o = outcome.Options;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Course network 1→6→7→2 (sigmoid) trained on the heart curve, seed {outcome.Seed}");
        text.AppendLine(c, $"  {r.Iterations:N0} steps of noisy steepest descent, aggression {o.Aggression:G6}, noise {o.Noise:G6}, in {r.Seconds:F3} s");
        text.AppendLine(c, $"  cost C = ‖a³ − y‖²/n: {r.InitialCost:G6} → {r.FinalCost:G6}");
        if (r.Exit != ExitReason.MaxIterations) text.AppendLine(c, $"  stopped early: {r.Message}");
        if (outcome.PlotPath is not null) text.AppendLine(c, $"  plot written to {outcome.PlotPath}");
        return text.ToString().TrimEnd('\n');
    }
}

/// <summary>Draws the heart: the 100 training targets (y₀, y₁) as points and the trained network's curve
/// (a³₀(x), a³₁(x)) for x from 0 to 1, to SVG or PNG.</summary>
internal static class CourseNetPlotter
{
    private const int Size = 600;

    public static void CheckExtension(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".svg" or ".png"))
            throw new RequestException($"the plot file must end in .svg or .png, got \"{path}\"", "e.g. --plot heart.svg");
    }

    public static string Write(string path, CourseNetwork network, CourseTrainingResult result)
    {
        CheckExtension(path);
        var targets = HeartCurve.Targets();
        var y0 = new double[HeartCurve.SampleCount];
        var y1 = new double[HeartCurve.SampleCount];
        for (int k = 0; k < y0.Length; k++)
        {
            y0[k] = targets[0, k];
            y1[k] = targets[1, k];
        }
        var curve = network.SampleCurve(401);
        var plot = new ScottPlot.Plot();
        var points = plot.Add.ScatterPoints(y0, y1);
        points.LegendText = "training data (y₀, y₁)";
        var line = plot.Add.ScatterLine(curve.Y0.ToArray(), curve.Y1.ToArray());
        line.LegendText = "network output (a³₀, a³₁), x from 0 to 1";
        line.LineWidth = 2;
        plot.XLabel("y₀");
        plot.YLabel("y₁");
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"1→6→7→2 after {result.Iterations:N0} steps: cost {result.FinalCost:G4}"));
        plot.ShowLegend();
        return PlotFile.Save(plot, path, Size, Size);
    }
}
