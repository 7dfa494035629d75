using Nabla.NeuralNetworks;
using Nabla.Numerics;
using Xunit;

namespace Nabla.Tests.NeuralNetworks;

/// <summary>Training on separable synthetic problems, early stopping, the NaN stop, optimisers and reproducibility.</summary>
public sealed class TrainingTests
{
    private static Dataset<T> Clusters<T>(long seed, int samples = 600) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        SyntheticData.GaussianClusters<T>(samples, features: 20, classes: 3, noise: 1.0, seed: seed);

    public static TheoryData<string> OptimizerNames => new() { "sgd", "momentum", "adam" };

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void ReducesTheLossAndClassifies(string optimizer)
    {
        var train = Clusters<double>(1);
        var test = Clusters<double>(1, 900); // same centres (same seed), later draws differ: first 600 repeat, rest are new
        var network = Sequential<double>.Mlp([20, 16, 3], "relu", seed: 4);
        IOptimizer<double> opt = optimizer switch
        {
            "sgd" => new Sgd<double>(0.05),
            "momentum" => new Momentum<double>(0.02),
            _ => new Adam<double>(0.01),
        };
        var progress = new List<TrainingProgress>();
        var trainer = new Trainer<double>(network, new SoftmaxCrossEntropy<double>(), opt, new TrainingOptions { Epochs = 8, BatchSize = 32, Seed = 5 });
        double before = trainer.Evaluate(train);
        var result = trainer.Train(train, progress: new SyncProgress(progress));
        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(8, result.Epochs);
        Assert.Equal(8 * 19, result.Iterations);
        Assert.Equal(8 * 19, result.IterationLosses.Count);
        Assert.True(result.EpochLosses[^1] < 0.2 * before, $"{before} → {result.EpochLosses[^1]}");
        Assert.True(SyntheticData.Accuracy(network, test) > 0.97);
        Assert.Equal(8, progress.Count);
        Assert.All(progress, p => Assert.True(p.IsEpochEnd));
        Assert.Equal(result.EpochLosses, progress.Select(p => p.Loss));
    }

    [Fact]
    public void FloatTrainingWorksAndIsReproducible()
    {
        double[] Run(long shuffleSeed)
        {
            var network = Sequential<float>.Mlp([20, 12, 12, 3], "tanh", seed: 9);
            var trainer = new Trainer<float>(network, new SoftmaxCrossEntropy<float>(), new Adam<float>(0.01),
                new TrainingOptions { Epochs = 4, BatchSize = 50, Seed = shuffleSeed, ReportEvery = 3 });
            var r = trainer.Train(Clusters<float>(3));
            Assert.True(r.EpochLosses[^1] < r.EpochLosses[0]);
            return [.. r.IterationLosses];
        }
        // Same seed, same history to the bit (the parallel GEMM must not make training order-dependent); another
        // shuffling seed gives another history, so the equality is not comparing constants.
        double[] first = Run(2), repeated = Run(2), otherSeed = Run(3);
        Assert.Equal(first, repeated);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void CourseCostRegressionLearnsASmoothCurve()
    {
        int n = 64;
        var x = Tensor<double>.Zeros(1, n);
        var y = Tensor<double>.Zeros(1, n);
        for (int j = 0; j < n; j++) { x[0, j] = j / (n - 1.0); y[0, j] = 0.5 + 0.4 * Math.Sin(2 * Math.PI * x[0, j]); }
        var network = Sequential<double>.Mlp([1, 12, 1], "tanh", "sigmoid", seed: 3);
        var trainer = new Trainer<double>(network, new CourseCost<double>(), new Adam<double>(0.02), new TrainingOptions { Epochs = 400, BatchSize = 16, Seed = 1 });
        var result = trainer.Train(Dataset<double>.Regression(x, y));
        Assert.True(result.EpochLosses[^1] < 0.1 * result.EpochLosses[0], $"{result.EpochLosses[0]} → {result.EpochLosses[^1]}");
        Assert.True(result.EpochLosses[^1] < 5e-3);
    }

    [Fact]
    public void NonFiniteLossStopsAndKeepsTheLastGoodParameters()
    {
        // Linear least squares with a far too large step: the weights grow ×(≈1e3) per step until the loss overflows.
        var x = Tensor<double>.RandomNormal(new TensorShape(2, 20), 0, 1, 1);
        var y = Tensor<double>.RandomNormal(new TensorShape(1, 20), 0, 1, 2);
        var data = Dataset<double>.Regression(x, y);
        var network = new Sequential<double>(new Dense<double>(2, 1, Initializer.XavierNormal, 1));
        var trainer = new Trainer<double>(network, new MeanSquaredError<double>(), new Sgd<double>(1e3),
            new TrainingOptions { Epochs = 10_000, BatchSize = 20, Shuffle = false });
        var result = trainer.Train(data);
        Assert.Equal(StopReason.NonFiniteLoss, result.StopReason);
        Assert.Contains("restored", result.Message);
        Assert.True(result.Iterations < 10_000);
        Assert.All(network.Parameters, p => Assert.False(p.Value.HasNaN()));
        Assert.All(network.Parameters, p => Assert.All(p.Value.ToArray(), v => Assert.True(double.IsFinite(v))));
        // The restored parameters are the ones whose loss was the last one recorded.
        Assert.Equal(result.IterationLosses[^1], trainer.Evaluate(data));
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestEpoch()
    {
        var train = Clusters<double>(7);
        // Validation labels shifted by one class: the better the network fits, the worse it does here, so epoch 1 is best.
        var shifted = train.Targets.Labels!.Select(l => (l + 1) % 3).ToArray();
        var validation = Dataset<double>.Classification(train.Inputs, shifted);
        var network = Sequential<double>.Mlp([20, 8, 3], "relu", seed: 1);
        var trainer = new Trainer<double>(network, new SoftmaxCrossEntropy<double>(), new Adam<double>(0.01),
            new TrainingOptions { Epochs = 50, BatchSize = 32, Patience = 2 });
        var result = trainer.Train(train, validation);
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.True(result.Epochs < 50);
        int best = result.ValidationLosses.ToList().IndexOf(result.ValidationLosses.Min());
        Assert.Equal(result.Epochs - 3, best);
        Assert.Equal(result.ValidationLosses[best], trainer.Evaluate(validation), 1e-12);
    }

    [Fact]
    public void CancellationStops()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var network = Sequential<double>.Mlp([20, 4, 3], seed: 1);
        var result = new Trainer<double>(network, new SoftmaxCrossEntropy<double>(), new Sgd<double>(0.1)).Train(Clusters<double>(1), cancellationToken: cts.Token);
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void InitialisersHaveTheirSpread()
    {
        double Std(Tensor<double> t) { var a = t.ToArray(); double m = a.Average(); return Math.Sqrt(a.Sum(v => (v - m) * (v - m)) / a.Length); }
        Assert.Equal(Math.Sqrt(2.0 / 400), Std(Initializer.HeNormal.Create<double>(400, 300, 1)), 3e-3 * Math.Sqrt(2.0 / 400) * 10);
        Assert.Equal(Math.Sqrt(2.0 / 700), Std(Initializer.XavierNormal.Create<double>(400, 300, 1)), 0.03 * Math.Sqrt(2.0 / 700));
        Assert.Equal(Math.Sqrt(6.0 / 700) / Math.Sqrt(3), Std(Initializer.XavierUniform.Create<double>(400, 300, 1)), 0.03 * Math.Sqrt(2.0 / 700));
        Assert.Equal(Math.Sqrt(6.0 / 400) / Math.Sqrt(3), Std(Initializer.HeUniform.Create<double>(400, 300, 1)), 0.03 * Math.Sqrt(2.0 / 400));
        Assert.Equal(0.5, Std(Initializer.Normal(0.5).Create<double>(400, 300, 1)), 0.015);
        Assert.Equal(new TensorShape(300, 400), Initializer.HeNormal.Create<double>(400, 300, 1).Shape);
        Assert.Equal(Initializer.HeNormal.Create<float>(5, 6, 42).ToArray(), Initializer.HeNormal.Create<float>(5, 6, 42).ToArray());
    }

    [Fact]
    public void AdamFirstStepMovesEachWeightByTheRate()
    {
        // With bias correction, Adam's first step is rate·g/(|g| + ε) ≈ rate·sign(g) for every weight.
        var p = new Parameter<double>("w", Tensor<double>.FromArray([1.0, -2, 3]));
        Tensor<double>.FromArray([0.5, -4, 1e-3]).AsSpan().CopyTo(p.Gradient.AsSpan());
        new Adam<double>(0.1).Step([p]);
        Assert.Equal([0.9, -1.9, 2.9], p.Value.ToArray().Select(v => Math.Round(v, 4)));
    }

    private sealed class SyncProgress(List<TrainingProgress> sink) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => sink.Add(value);
    }
}
