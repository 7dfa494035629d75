using System.Diagnostics;
using Nabla.Numerics;
using Nabla.Optimization;

namespace Nabla.NeuralNetworks;

/// <summary>
/// How to train the course network: stochastic steepest descent, where every entry of every Jacobian is multiplied
/// by (1 + noise·N(0, 1)) before the step W ← W − aggression·J. The noise shakes the descent out of the flat
/// plateaus a sigmoid network starts on. Defaults are the course's first run; <see cref="LongRun"/> its long run.
/// </summary>
public sealed record CourseTrainingOptions
{
    /// <summary>The most iterations one run may take (about a minute here): the time budget of a training call.</summary>
    public const int MaxIterations = 20_000_000;

    /// <summary>Steps to take (default 10,000). Between 0 and <see cref="MaxIterations"/>.</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>The step size (learning rate), finite and ≥ 0 (default 3.5).</summary>
    public double Aggression { get; init; } = 3.5;

    /// <summary>The relative noise on each Jacobian entry, finite and ≥ 0 (default 1; 0 is plain steepest descent).</summary>
    public double Noise { get; init; } = 1;

    /// <summary>Seeds the noise (the network's own seed is <see cref="CourseNetwork.Create"/>'s).</summary>
    public long Seed { get; init; }

    /// <summary>Record the cost every this many iterations (also how often progress is reported); 0 (default) picks
    /// about 100 records per run.</summary>
    public int HistoryEvery { get; init; }

    /// <summary>The course's long run: 50,000 iterations with aggression 7 and noise 1.</summary>
    public static CourseTrainingOptions LongRun => new() { Iterations = 50_000, Aggression = 7, Noise = 1 };

    /// <summary>The interval actually used: <see cref="HistoryEvery"/>, or ⌈iterations/100⌉ (at least 1).</summary>
    public int EffectiveHistoryEvery => HistoryEvery > 0 ? HistoryEvery : Math.Max(1, (Iterations + 99) / 100);

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Which option, its value, and the allowed range.</exception>
    public void Validate()
    {
        if (Iterations < 0 || Iterations > MaxIterations)
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"iterations must be between 0 and {MaxIterations:N0}.");
        if (!double.IsFinite(Aggression) || Aggression < 0)
            throw new ArgumentOutOfRangeException(nameof(Aggression), Aggression, "aggression (the step size) must be a finite number ≥ 0.");
        if (!double.IsFinite(Noise) || Noise < 0)
            throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "noise must be a finite number ≥ 0.");
        if (HistoryEvery < 0)
            throw new ArgumentOutOfRangeException(nameof(HistoryEvery), HistoryEvery, "the history interval must be ≥ 0 (0 picks one).");
    }
}

/// <summary>Where a training run is: reported every <see cref="CourseTrainingOptions.EffectiveHistoryEvery"/> iterations.</summary>
/// <param name="Iteration">Steps taken so far.</param>
/// <param name="TotalIterations">Steps asked for.</param>
/// <param name="Cost">The cost after <paramref name="Iteration"/> steps.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record CourseTrainingProgress(int Iteration, int TotalIterations, double Cost, TimeSpan Elapsed);

/// <summary>The outcome of <see cref="CourseNetwork.Train"/>.</summary>
/// <param name="Iterations">Steps taken and kept (fewer than asked when the run stopped early).</param>
/// <param name="InitialCost">The cost before training.</param>
/// <param name="FinalCost">The cost of the weights the network holds now.</param>
/// <param name="CostHistory">The cost after 0, k, 2k, … steps (k = <paramref name="HistoryEvery"/>); the last entry is
/// always <paramref name="FinalCost"/>, after <paramref name="Iterations"/> steps.</param>
/// <param name="HistoryEvery">k, the iterations between history entries.</param>
/// <param name="Seconds">Wall time of the run.</param>
/// <param name="Exit"><see cref="ExitReason.MaxIterations"/> when every step was taken; <see cref="ExitReason.NonFinite"/>
/// when the cost or a weight became NaN/∞ (that step is undone); <see cref="ExitReason.UndefinedAtStart"/> when the
/// cost was not finite before training.</param>
/// <param name="Message">One line for a learner saying how the run ended.</param>
public sealed record CourseTrainingResult(
    int Iterations,
    double InitialCost,
    double FinalCost,
    IReadOnlyList<double> CostHistory,
    int HistoryEvery,
    double Seconds,
    ExitReason Exit,
    string Message);

public sealed partial class CourseNetwork
{
    /// <summary>Steps the training kernel takes between looks at the cancellation token (about 40 ms unloaded).</summary>
    private const int CancellationSlice = 10_000;

    /// <summary>
    /// Trains on the heart curve (<see cref="HeartCurve"/>) by stochastic steepest descent, updating this network's
    /// weights in place. Each step computes the six Jacobians by the chain rule (the same arithmetic as
    /// <see cref="ExplicitJacobians"/>, in a vectorised, allocation-free loop), multiplies every entry by
    /// (1 + noise·N(0, 1)) and steps W ← W − aggression·J. If the cost or a weight becomes NaN or infinite (an
    /// aggression far too large), the run stops, that step is undone and the last good weights are kept.
    /// </summary>
    /// <param name="options">Iterations, aggression, noise, seed; null for the defaults.</param>
    /// <param name="progress">Told the cost every <see cref="CourseTrainingOptions.EffectiveHistoryEvery"/> steps, on
    /// the training thread (it should be quick).</param>
    /// <param name="cancellationToken">Checked at each progress report.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="CourseTrainingOptions.Validate"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the weights are those of the last report.</exception>
    public CourseTrainingResult Train(CourseTrainingOptions? options = null, IProgress<CourseTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new CourseTrainingOptions();
        options.Validate();
        var x = HeartCurve.Inputs().AsSpan();
        var y = HeartCurve.Targets().AsSpan();
        var kernel = new CourseNetworkKernel(x, y, options.Seed);
        kernel.LoadParameters(this);

        int total = options.Iterations, every = options.EffectiveHistoryEvery;
        var history = new List<double>(total / every + 2);
        var clock = Stopwatch.StartNew();
        double initial = kernel.Evaluate(), cost = initial;
        history.Add(initial);
        if (!double.IsFinite(initial))
            return Finish(0, ExitReason.UndefinedAtStart,
                $"the cost is {initial} before training (a weight is NaN or infinite), so there is nothing to descend");
        progress?.Report(new CourseTrainingProgress(0, total, initial, clock.Elapsed));

        int done = 0;
        while (done < total)
        {
            int chunk = Math.Min(every, total - done);
            // A history chunk is 1/100 of the run (200,000 steps of a 20-million-step run, seconds on a loaded
            // machine), so the kernel runs it in slices and the token is watched between slices: Ctrl-C stops
            // within one slice. Slicing does not change the steps (the kernel's state carries over between calls).
            int ok = 0;
            while (ok < chunk)
            {
                int slice = Math.Min(chunk - ok, CancellationSlice);
                int taken = kernel.Run(slice, options.Aggression, options.Noise, out cost);
                ok += taken;
                if (taken < slice) break;
                if (ok < chunk && cancellationToken.IsCancellationRequested)
                {
                    kernel.StoreParameters(this);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            done += ok;
            if (ok < chunk)
            {
                kernel.StoreParameters(this);
                history.Add(cost);
                return Finish(done, ExitReason.NonFinite,
                    $"the cost or a weight became NaN or infinite at step {done + 1} (aggression {options.Aggression:G6} " +
                    $"overshoots); training stopped there and kept the weights after step {done} (cost {cost:G6})");
            }
            history.Add(cost);
            if (progress is not null || cancellationToken.CanBeCanceled)
            {
                kernel.StoreParameters(this);
                progress?.Report(new CourseTrainingProgress(done, total, cost, clock.Elapsed));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        kernel.StoreParameters(this);
        return Finish(done, ExitReason.MaxIterations, $"took all {total:N0} steps; the cost went from {initial:G6} to {cost:G6}");

        CourseTrainingResult Finish(int iterations, ExitReason exit, string message) =>
            new(iterations, initial, cost, history, every, clock.Elapsed.TotalSeconds, exit, message);
    }
}
