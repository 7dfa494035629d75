using System.CommandLine;
using Nabla.NeuralNetworks;
using Spectre.Console;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    /// <summary><c>nabla train</c>: a parent for the training verbs (<c>course-net</c> now).</summary>
    private Command TrainCommand(TextWriter stdout, TextWriter stderr)
    {
        var train = new Command("train",
            """
            Train a neural network and report its cost.

            Examples:
              nabla train course-net
              nabla train course-net --iterations 50000 --aggression 7 --plot heart.svg
              nabla train mlp --layers 784,256,256,10 --epochs 2
            """);
        train.Add(CourseNetCommand(stdout, stderr));
        train.Add(MlpCommand(stdout, stderr));
        return train;
    }

    private Command CourseNetCommand(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new CourseTrainingOptions();
        var iterations = new Option<int>("--iterations") { Description = "Steps of steepest descent (default 10000; the course's long run: 50000).", DefaultValueFactory = _ => defaults.Iterations, HelpName = "N" };
        var aggression = new Option<double>("--aggression") { Description = "The step size: W ← W − aggression·J (default 3.5; long run: 7).", DefaultValueFactory = _ => defaults.Aggression, HelpName = "a" };
        var noise = new Option<double>("--noise") { Description = "Each Jacobian entry is multiplied by 1 + noise·N(0,1) (default 1; 0 is plain steepest descent).", DefaultValueFactory = _ => defaults.Noise, HelpName = "s" };
        var seed = new Option<long>("--seed") { Description = "Seeds the initial weights, N(0, ½²), and the noise (default 1).", DefaultValueFactory = _ => 1, HelpName = "k" };
        var plot = new Option<string?>("--plot") { Description = "Write the heart (training data and the learned curve) to this file (.svg or .png).", HelpName = "heart.svg" };
        var lossPlot = LossPlotOption();
        var format = TrainFormatOption();
        var command = new Command("course-net",
            """
            Train the course's network 1→6→7→2 (sigmoid everywhere) to draw a heart: 100 inputs x = 0 … 0.99, targets
            on the heart curve, cost C = ‖a³ − y‖²/n, backpropagation by the chain rule, and stochastic steepest
            descent (each Jacobian entry times 1 + noise·N(0,1), step −aggression·J).

            Examples:
              nabla train course-net
              nabla train course-net --iterations 50000 --aggression 7 --seed 3 --plot heart.svg
              nabla train course-net --format json
              nabla train course-net --iterations 50000 --aggression 7 --loss-plot loss.svg
            """)
        { iterations, aggression, noise, seed, plot, lossPlot, format };
        command.SetAction((parse, cancellationToken) => Task.FromResult(RunCourseNet(stdout, stderr, parse.GetValue(format) == "json",
            parse.GetValue(seed),
            new CourseTrainingOptions
            {
                Iterations = parse.GetValue(iterations),
                Aggression = parse.GetValue(aggression),
                Noise = parse.GetValue(noise),
                Seed = parse.GetValue(seed),
            },
            parse.GetValue(plot), parse.GetValue(lossPlot), WithInterrupt(cancellationToken))));
        return command;
    }

    private int RunCourseNet(TextWriter stdout, TextWriter stderr, bool json, long seed, CourseTrainingOptions options, string? plot,
        string? lossPlot, CancellationToken cancellationToken) => RunTraining(stdout, stderr, json, bar =>
        {
            if (lossPlot is not null) PlotFile.Check(lossPlot, "--loss-plot loss.svg");
            var outcome = bar
                ? WithProgressBar(stderr, task =>
                {
                    task.MaxValue = Math.Max(1, options.Iterations);
                    var progress = new SynchronousProgress<CourseTrainingProgress>(p =>
                    {
                        task.Value = p.Iteration;
                        task.Description = $"step {p.Iteration:N0}, cost {p.Cost:G4}";
                    });
                    return Responder.TrainCourseNet(seed, options, plot, progress, cancellationToken);
                })
                : Responder.TrainCourseNet(seed, options, plot, null, cancellationToken);
            string? loss = lossPlot is null ? null : PlotRenderer.Write(PlotBuilder.Loss(outcome.Result.CostHistory, outcome.Result.HistoryEvery,
                $"Course network 1→6→7→2, seed {seed}: cost {PlotBuilder.Format(outcome.Result.FinalCost)} after {outcome.Result.Iterations:N0} steps"),
                lossPlot, cancellationToken: cancellationToken);
            return WithLossPlot(json ? JsonOutput.ToLine(WithLossPlot(Responder.CourseNetJson(outcome), loss)) : Responder.CourseNetText(outcome), json, loss);
        });

    /// <summary>
    /// Runs a training verb: <paramref name="train"/> gets whether to draw a live progress bar (only for a person at a
    /// terminal: not for JSON, not into pipes or files, not in tests) and returns the text to print. Errors, including
    /// cancellation, are answered as every verb answers them.
    /// </summary>
    private int RunTraining(TextWriter stdout, TextWriter stderr, bool json, Func<bool, string> train)
    {
        string text;
        try
        {
            bool bar = !json && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected && !Console.IsOutputRedirected;
            text = train(bar);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = ex is OperationCanceledException
                ? ErrorInfo.FromException(new RequestException("training cancelled"), debug)
                : ErrorInfo.FromException(ex, debug);
            if (json) stdout.WriteLine(JsonOutput.ToLine(Responder.ErrorJson(error)));
            stderr.WriteLine(error.Display);
            return error.ExitCode;
        }
        stdout.WriteLine(text);
        return ExitCodes.Ok;
    }

    /// <summary>Runs <paramref name="train"/> under a Spectre.Console progress bar on stderr, cleared when done.</summary>
    private static T WithProgressBar<T>(TextWriter stderr, Func<ProgressTask, T> train)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: 1);
                result = train(task);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>--format for the training verbs: a summary for people (with a progress bar) or one JSON object.</summary>
    private static Option<string> TrainFormatOption()
    {
        var format = new Option<string>("--format")
        {
            Description = "human (default: a progress bar on stderr, then a summary) or json ({\"ok\":true,\"cost\":…,\"seconds\":…,\"history\":[…]}).",
            DefaultValueFactory = _ => "human",
            HelpName = "human|json",
        };
        format.AcceptOnlyFromAmong("human", "json");
        return format;
    }

    private Command MlpCommand(TextWriter stdout, TextWriter stderr)
    {
        var layers = new Option<string>("--layers")
        {
            Description = "Layer sizes, inputs first and classes last (default 784,256,256,10); ReLU between, softmax cross-entropy at the end.",
            DefaultValueFactory = _ => "784,256,256,10",
            HelpName = "784,256,256,10",
        };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data (default 1).", DefaultValueFactory = _ => 1, HelpName = "E" };
        var samples = new Option<int>("--samples") { Description = "Synthetic samples: Gaussian clusters, one per class (default 60000).", DefaultValueFactory = _ => 60_000, HelpName = "N" };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size (default 128).", DefaultValueFactory = _ => 128, HelpName = "B" };
        var dtype = new Option<string>("--dtype") { Description = "f32 (default) or f64.", DefaultValueFactory = _ => "f32", HelpName = "f32|f64" };
        dtype.AcceptOnlyFromAmong("f32", "f64");
        var optimizer = new Option<string>("--optimizer") { Description = "sgd (default) or adam.", DefaultValueFactory = _ => "sgd", HelpName = "sgd|adam" };
        var rate = new Option<double?>("--rate") { Description = "Learning rate (default 0.05 for sgd, 0.001 for adam).", HelpName = "r" };
        var seed = new Option<long>("--seed") { Description = "Seeds the data, the weights and the shuffling (default 1).", DefaultValueFactory = _ => 1, HelpName = "k" };
        var lossPlot = LossPlotOption();
        var format = TrainFormatOption();
        var command = new Command("mlp",
            """
            Train a multilayer perceptron (ReLU hidden layers, softmax cross-entropy) on synthetic clustered data, no
            downloads: a quick check of the engine's training speed on your machine (says which GEMM path ran).

            Examples:
              nabla train mlp
              nabla train mlp --layers 784,256,256,10 --epochs 3 --optimizer adam
              nabla train mlp --layers 20,32,3 --samples 2000 --batch 64 --dtype f64 --format json
              nabla train mlp --layers 20,32,3 --samples 2000 --epochs 5 --loss-plot mlp-loss.svg
            """)
        { layers, epochs, samples, batch, dtype, optimizer, rate, seed, lossPlot, format };
        command.SetAction((parse, cancellationToken) => Task.FromResult(RunMlp(stdout, stderr, parse.GetValue(format) == "json", () =>
            new MlpTrainingRequest(ParseLayers(parse.GetValue(layers)!), parse.GetValue(epochs), parse.GetValue(samples), parse.GetValue(batch),
                parse.GetValue(dtype) == "f64", parse.GetValue(optimizer)!, parse.GetValue(rate), parse.GetValue(seed)), parse.GetValue(lossPlot), WithInterrupt(cancellationToken))));
        return command;
    }

    private static List<int> ParseLayers(string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int size))
                throw new RequestException($"--layers: \"{part}\" is not a whole number", "e.g. --layers 784,256,256,10");
            sizes.Add(size);
        }
        return sizes;
    }

    private int RunMlp(TextWriter stdout, TextWriter stderr, bool json, Func<MlpTrainingRequest> build, string? lossPlot, CancellationToken cancellationToken) =>
        RunTraining(stdout, stderr, json, bar =>
        {
            if (lossPlot is not null) PlotFile.Check(lossPlot, "--loss-plot loss.svg");
            var request = build();
            var outcome = bar
                ? WithProgressBar(stderr, task => Responder.TrainMlp(request, new SynchronousProgress<TrainingProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalIterations);
                    task.Value = p.Iteration;
                    task.Description = $"epoch {p.Epoch}/{p.Epochs}, loss {p.Loss:G4}";
                }), cancellationToken))
                : Responder.TrainMlp(request, null, cancellationToken);
            string? loss = lossPlot is null ? null : PlotRenderer.Write(PlotBuilder.Loss(outcome.Result.IterationLosses, 1,
                $"MLP {string.Join("→", request.Layers)}: loss {PlotBuilder.Format(outcome.Result.FinalLoss)} after {outcome.Result.Iterations:N0} mini-batches",
                "mini-batch", "loss"), lossPlot, cancellationToken: cancellationToken);
            return WithLossPlot(json ? JsonOutput.ToLine(WithLossPlot(Responder.MlpJson(outcome), loss)) : Responder.MlpText(outcome), json, loss);
        });

    /// <summary>Reports on the training thread at once (<see cref="Progress{T}"/> would post to the thread pool and lag).</summary>
    private sealed class SynchronousProgress<TValue>(Action<TValue> report) : IProgress<TValue>
    {
        public void Report(TValue value) => report(value);
    }
}
