using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Nabla.NeuralNetworks;
using Nabla.Numerics;

namespace Nabla.Cli;

/// <summary>What <c>nabla train mlp</c> was asked to do.</summary>
/// <param name="Layers">Layer sizes, input first (e.g. 784, 256, 256, 10).</param>
/// <param name="Epochs">Passes over the data.</param>
/// <param name="Samples">Synthetic samples (Gaussian clusters, one per class).</param>
/// <param name="Batch">Mini-batch size.</param>
/// <param name="Double">Train in float64 instead of float32.</param>
/// <param name="Optimizer">sgd or adam.</param>
/// <param name="Rate">The learning rate (null: 0.05 for SGD, 0.001 for Adam).</param>
/// <param name="Seed">Seeds the data, the weights and the shuffling.</param>
public sealed record MlpTrainingRequest(IReadOnlyList<int> Layers, int Epochs, int Samples, int Batch, bool Double, string Optimizer, double? Rate, long Seed);

/// <summary>A finished <c>nabla train mlp</c> run.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="Result">The training outcome.</param>
/// <param name="Accuracy">The share of training samples classified right after training.</param>
/// <param name="Rate">The learning rate used.</param>
/// <param name="GemmPath">Which matrix-multiply path ran (system BLAS or the managed kernel).</param>
public sealed record MlpOutcome(MlpTrainingRequest Request, TrainingResult Result, double Accuracy, double Rate, string GemmPath) : Outcome;

public sealed partial class Responder
{
    /// <summary>Trains an MLP with ReLU hidden layers and softmax cross-entropy on synthetic clustered data.</summary>
    /// <exception cref="RequestException">A size, count or rate out of range, or an unknown optimiser (naming the flag).</exception>
    public static MlpOutcome TrainMlp(MlpTrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Layers.Count < 2 || request.Layers.Any(n => n is < 1 or > 100_000))
            throw new RequestException($"--layers: each size must be between 1 and 100,000 and there must be at least two, got {string.Join(",", request.Layers)}",
                "e.g. --layers 784,256,256,10 (inputs first, classes last)");
        if (request.Layers[^1] < 2) throw new RequestException("--layers: the last size is the number of classes and must be at least 2");
        if (request.Epochs is < 1 or > 10_000) throw new RequestException($"--epochs must be between 1 and 10,000, got {request.Epochs}");
        if (request.Samples is < 2 or > 10_000_000) throw new RequestException($"--samples must be between 2 and 10,000,000, got {request.Samples}");
        if (request.Batch < 1 || request.Batch > request.Samples)
            throw new RequestException($"--batch must be between 1 and the number of samples ({request.Samples}), got {request.Batch}");
        long weights = 0;
        for (int l = 1; l < request.Layers.Count; l++) weights += (long)request.Layers[l - 1] * request.Layers[l];
        if (weights > 200_000_000 || (long)request.Samples * request.Layers[0] > 2_000_000_000)
            throw new RequestException("the network or the data would not fit in memory", "use fewer or smaller layers, or fewer samples");
        string optimizer = request.Optimizer.Trim().ToLowerInvariant();
        if (optimizer is not ("sgd" or "adam"))
            throw new RequestException($"--optimizer: unknown optimiser \"{request.Optimizer}\"", "use sgd or adam");
        double rate = request.Rate ?? (optimizer == "sgd" ? 0.05 : 1e-3);
        if (!(rate > 0 && double.IsFinite(rate))) throw new RequestException($"--rate must be a positive number, got {FormatNumber(rate)}");
        return request.Double
            ? Train<double>(request, optimizer, rate, progress, cancellationToken)
            : Train<float>(request, optimizer, rate, progress, cancellationToken);
    }

    private static MlpOutcome Train<T>(MlpTrainingRequest request, string optimizer, double rate, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = SyntheticData.GaussianClusters<T>(request.Samples, request.Layers[0], request.Layers[^1], seed: request.Seed);
        var network = Sequential<T>.Mlp(request.Layers, "relu", null, Initializer.HeNormal, seed: request.Seed + 1);
        IOptimizer<T> step = optimizer == "sgd" ? new Sgd<T>(rate) : new Adam<T>(rate);
        var trainer = new Trainer<T>(network, new SoftmaxCrossEntropy<T>(), step,
            new TrainingOptions { Epochs = request.Epochs, BatchSize = request.Batch, Seed = request.Seed + 2 });
        var result = trainer.Train(data, null, progress, cancellationToken);
        return new MlpOutcome(request, result, SyntheticData.Accuracy(network, data), rate, Gemm.Describe());
    }

    /// <summary>The JSON answer: <c>{"ok":true,"cost":&lt;final loss&gt;,"seconds":…,"history":[…],…}</c> (history: the loss per epoch).</summary>
    public static JsonObject MlpJson(MlpOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = outcome.Result;
        var history = new JsonArray();
        foreach (double loss in r.EpochLosses) history.Add(Number(loss));
        return new JsonObject
        {
            ["ok"] = true,
            ["network"] = string.Join("-", outcome.Request.Layers),
            ["cost"] = Number(r.FinalLoss),
            ["seconds"] = r.Seconds,
            ["history"] = history,
            ["accuracy"] = outcome.Accuracy,
            ["epochs"] = r.Epochs,
            ["iterations"] = r.Iterations,
            ["dtype"] = outcome.Request.Double ? "f64" : "f32",
            ["optimizer"] = outcome.Request.Optimizer.ToLowerInvariant(),
            ["rate"] = outcome.Rate,
            ["stop"] = r.StopReason.ToString().ToLowerInvariant(),
            ["message"] = r.Message,
            ["gemm"] = outcome.GemmPath,
        };
    }

    /// <summary>The human summary.</summary>
    public static string MlpText(MlpOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = outcome.Result;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"MLP {string.Join("→", outcome.Request.Layers)} ({(outcome.Request.Double ? "float64" : "float32")}, {outcome.Request.Optimizer.ToLowerInvariant()} rate {outcome.Rate:G4}, batch {outcome.Request.Batch})");
        for (int e = 0; e < r.EpochLosses.Count; e++)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  epoch {e + 1,3}: loss {r.EpochLosses[e]:G6}");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"final loss {r.FinalLoss:G6}, training accuracy {outcome.Accuracy:P1}, {r.Iterations:N0} steps in {r.Seconds:F2} s ({outcome.GemmPath})");
        sb.Append(r.Message);
        return sb.ToString();
    }
}
