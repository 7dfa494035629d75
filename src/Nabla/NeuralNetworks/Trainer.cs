using System.Diagnostics;
using System.Numerics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    Completed,
    /// <summary>The validation loss did not improve for <see cref="TrainingOptions.Patience"/> epochs; the parameters of the best epoch were restored.</summary>
    EarlyStopping,
    /// <summary>A mini-batch loss was NaN or ±∞; the last parameters that gave a finite loss were restored.</summary>
    NonFiniteLoss,
    /// <summary>The cancellation token fired.</summary>
    Cancelled,
}

/// <summary>How to train.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training data (default 10).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per mini-batch (default 32; the last batch of an epoch may be shorter).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed of the per-epoch shuffles.</summary>
    public long Seed { get; init; }

    /// <summary>Shuffle the samples every epoch (default true); false takes them in order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Early stopping: stop after this many epochs without a better validation loss (needs validation data); null never stops early.</summary>
    public int? Patience { get; init; }

    /// <summary>Report progress every this many iterations (0: only at the end of each epoch).</summary>
    public int ReportEvery { get; init; }
}

/// <summary>One progress report: where training is and the latest losses.</summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The number of epochs requested.</param>
/// <param name="Iteration">Mini-batches done so far (over all epochs).</param>
/// <param name="TotalIterations">Mini-batches in the whole run if it completes.</param>
/// <param name="Loss">The last mini-batch loss, or at the end of an epoch the epoch's mean training loss.</param>
/// <param name="ValidationLoss">The validation loss at the end of an epoch, when validation data was given.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="IsEpochEnd">True for the report at the end of an epoch.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, long Iteration, long TotalIterations, double Loss,
    double? ValidationLoss, TimeSpan Elapsed, bool IsEpochEnd);

/// <summary>What a training run did.</summary>
/// <param name="EpochLosses">Mean training loss of each completed epoch.</param>
/// <param name="ValidationLosses">Validation loss after each completed epoch (empty without validation data).</param>
/// <param name="IterationLosses">The loss of every mini-batch.</param>
/// <param name="StopReason">Why it ended.</param>
/// <param name="Message">One sentence a user can read, e.g. why training stopped.</param>
/// <param name="Epochs">Epochs completed.</param>
/// <param name="Iterations">Mini-batches trained on.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record TrainingResult(IReadOnlyList<double> EpochLosses, IReadOnlyList<double> ValidationLosses,
    IReadOnlyList<double> IterationLosses, StopReason StopReason, string Message, int Epochs, long Iterations, double Seconds)
{
    /// <summary>The last finite training loss (the last epoch's mean, or the last good mini-batch), NaN if none.</summary>
    public double FinalLoss => EpochLosses.Count > 0 ? EpochLosses[^1] : IterationLosses.LastOrDefault(double.IsFinite, double.NaN);
}

/// <summary>
/// Mini-batch training: each epoch shuffles the samples (seeded), and for every batch runs forward, the loss and its
/// gradient, backpropagation and one optimiser step. Batch buffers are allocated once per batch size and reused, so
/// the loop allocates nothing per batch.
/// </summary>
/// <remarks>
/// Safety: before every step the parameters that produced the current (finite) loss are copied aside; if a later loss
/// is NaN or ±∞, those are restored and training stops with <see cref="StopReason.NonFiniteLoss"/>.
/// </remarks>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BufferCache<T> _batchInputs = new(), _batchTargets = new(), _gradients = new();
    private readonly Dictionary<int, (int[] Labels, Targets<T>? LabelTargets)> _labelBuffers = [];
    private readonly Dictionary<Tensor<T>, Targets<T>> _valueTargets = new(ReferenceEqualityComparer.Instance);

    /// <summary>A trainer for <paramref name="network"/> minimising <paramref name="loss"/> with <paramref name="optimizer"/>.</summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public Trainer(Sequential<T> network, ILoss<T> loss, IOptimizer<T> optimizer, TrainingOptions? options = null)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Options = options ?? new TrainingOptions();
        if (Options.Epochs < 0) throw new ArgumentException($"epochs must be ≥ 0 (got {Options.Epochs}).");
        if (Options.BatchSize <= 0) throw new ArgumentException($"the batch size must be positive (got {Options.BatchSize}).");
        if (Options.Patience is <= 0) throw new ArgumentException($"patience must be positive (got {Options.Patience}).");
        if (Options.ReportEvery < 0) throw new ArgumentException($"ReportEvery must be ≥ 0 (got {Options.ReportEvery}).");
    }

    /// <summary>The network being trained (updated in place).</summary>
    public Sequential<T> Network { get; }

    /// <summary>The loss.</summary>
    public ILoss<T> Loss { get; }

    /// <summary>The optimiser.</summary>
    public IOptimizer<T> Optimizer { get; }

    /// <summary>The options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Trains on <paramref name="training"/>; with <paramref name="validation"/> the validation loss is computed
    /// after each epoch (and drives early stopping).</summary>
    /// <exception cref="ArgumentException">The data does not fit the network or the loss (e.g. a label out of range,
    /// named with the class count) — raised before any training.</exception>
    public TrainingResult Train(Dataset<T> training, Dataset<T>? validation = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        CheckData(training, "training");
        if (validation is not null) CheckData(validation, "validation");
        if (Options.Patience is not null && validation is null)
            throw new ArgumentException("early stopping (Patience) needs validation data.");

        var clock = Stopwatch.StartNew();
        int n = training.Count, batch = Math.Min(Options.BatchSize, n);
        int perEpoch = (n + batch - 1) / batch;
        long total = (long)perEpoch * Options.Epochs;
        var iterationLosses = new List<double>((int)Math.Min(total, 1 << 24));
        var epochLosses = new List<double>(Options.Epochs);
        var validationLosses = new List<double>(validation is null ? 0 : Options.Epochs);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var rng = new TensorRandom(Options.Seed);
        var parameters = Network.Parameters;
        var lastGood = parameters.Select(p => new T[p.Value.Length]).ToArray();
        T[][]? best = null;
        double bestValidation = double.PositiveInfinity;
        int sinceBest = 0;
        long iteration = 0;
        var reason = StopReason.Completed;
        string message = $"completed {Options.Epochs} epoch(s)";
        int epochsDone = 0;

        for (int epoch = 1; epoch <= Options.Epochs && reason == StopReason.Completed; epoch++)
        {
            if (Options.Shuffle) Shuffle(order, ref rng);
            double weighted = 0;
            for (int start = 0; start < n; start += batch)
            {
                if (cancellationToken.IsCancellationRequested) { reason = StopReason.Cancelled; message = $"cancelled in epoch {epoch}"; break; }
                int size = Math.Min(batch, n - start);
                var (x, targets) = Batch(training, order.AsSpan(start, size));
                Network.ZeroGradients();
                var output = Network.Forward(x, training: true);
                var gradient = _gradients.Get(output.Shape[0], output.Shape[1]);
                double loss = Loss.Evaluate(output, targets, gradient);
                if (!double.IsFinite(loss))
                {
                    if (iteration > 0) RestoreParameters(lastGood);
                    reason = StopReason.NonFiniteLoss;
                    message = $"the loss became {loss} at iteration {iteration + 1} (epoch {epoch}); the last parameters with a finite loss were restored";
                    break;
                }
                for (int p = 0; p < parameters.Count; p++) parameters[p].Value.AsSpan().CopyTo(lastGood[p]);
                Network.Backward(gradient);
                Optimizer.Step(parameters);
                iteration++;
                iterationLosses.Add(loss);
                weighted += loss * size;
                if (progress is not null && Options.ReportEvery > 0 && iteration % Options.ReportEvery == 0)
                    progress.Report(new TrainingProgress(epoch, Options.Epochs, iteration, total, loss, null, clock.Elapsed, false));
            }
            if (reason != StopReason.Completed) break;
            epochsDone = epoch;
            double epochLoss = weighted / n;
            epochLosses.Add(epochLoss);
            double? validationLoss = null;
            if (validation is not null)
            {
                validationLoss = Evaluate(validation);
                validationLosses.Add(validationLoss.Value);
                if (validationLoss < bestValidation)
                {
                    bestValidation = validationLoss.Value;
                    sinceBest = 0;
                    if (Options.Patience is not null) best = Network.GetParameters();
                }
                else if (Options.Patience is int patience && ++sinceBest >= patience)
                {
                    Network.SetParameters(best!);
                    reason = StopReason.EarlyStopping;
                    message = $"stopped early after epoch {epoch}: the validation loss did not improve for {patience} epoch(s); the best parameters (validation loss {bestValidation:G6}) were restored";
                }
            }
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, iteration, total, epochLoss, validationLoss, clock.Elapsed, true));
        }
        return new TrainingResult(epochLosses, validationLosses, iterationLosses, reason, message, epochsDone, iteration, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The loss over a whole dataset (forward only, in batches of the batch size; sample-weighted mean).</summary>
    public double Evaluate(Dataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckData(data, "evaluation");
        int n = data.Count, batch = Math.Min(Options.BatchSize, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double sum = 0;
        for (int start = 0; start < n; start += batch)
        {
            int size = Math.Min(batch, n - start);
            var (x, targets) = Batch(data, order.AsSpan(start, size));
            sum += Loss.Evaluate(Network.Forward(x, training: false), targets, null) * size;
        }
        return sum / n;
    }

    private void CheckData(Dataset<T> data, string what)
    {
        if (Network.InputSize is int f && data.Features != f)
            throw new ArgumentException($"the {what} data has {data.Features} features but the network takes {f} inputs.");
        if (data.Count == 0) throw new ArgumentException($"the {what} data has no samples.");
        Loss.Validate(data.Targets, Network.OutputSize);
    }

    private (Tensor<T> Inputs, Targets<T> Targets) Batch(Dataset<T> data, ReadOnlySpan<int> indices)
    {
        int size = indices.Length;
        var x = _batchInputs.Get(data.Features, size);
        Dataset<T>.Gather(data.SampleMajorInputs, data.Features, indices, x.AsSpan());
        if (data.Targets.Labels is { } labels)
        {
            if (!_labelBuffers.TryGetValue(size, out var entry))
            {
                var buffer = new int[size];
                _labelBuffers[size] = entry = (buffer, Targets<T>.FromLabels(buffer));
            }
            for (int j = 0; j < size; j++) entry.Labels[j] = labels[indices[j]];
            return (x, entry.LabelTargets!);
        }
        int k = data.Targets.Values!.Shape[0];
        var y = _batchTargets.Get(k, size);
        Dataset<T>.Gather(data.SampleMajorTargets!, k, indices, y.AsSpan());
        if (!_valueTargets.TryGetValue(y, out var t)) _valueTargets[y] = t = Targets<T>.FromValues(y);
        return (x, t);
    }

    private void RestoreParameters(T[][] values) => Network.SetParameters(values);

    private static void Shuffle(int[] order, ref TensorRandom rng)
    {
        // Fisher–Yates with the engine's seeded generator, so a seed gives the same batches everywhere.
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(rng.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
