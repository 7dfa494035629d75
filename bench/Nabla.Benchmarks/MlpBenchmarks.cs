using Nabla.NeuralNetworks;
using Nabla.Numerics;

namespace Nabla.Benchmarks;

/// <summary>
/// The MLP of issue 7: 784 → 256 → 256 → 10, ReLU, softmax cross-entropy, float32, batch 128, SGD (rate 0.05), on
/// 60,000 synthetic samples (10 Gaussian class centres in 784-D plus noise, seeded). Same recipe as
/// bench/peers/torch_mlp.py. The data, the network and the trainer are built outside the timing.
/// </summary>
public static class MlpBenchmarks
{
    public const int Samples = 60_000;
    public static readonly int[] Sizes = [784, 256, 256, 10];

    /// <summary>One epoch (469 mini-batches). Every call restores the initial weights first, so every call times the
    /// same epoch; the check is the epoch's mean training loss. Prints the GEMM path to stderr.</summary>
    public static Func<double> Epoch()
    {
        var data = SyntheticData.GaussianClusters<float>(Samples, 784, 10, noise: 2.0, seed: 1);
        var network = Sequential<float>.Mlp(Sizes, "relu", null, Initializer.HeNormal, seed: 2);
        var trainer = new Trainer<float>(network, new SoftmaxCrossEntropy<float>(), new Sgd<float>(0.05),
            new TrainingOptions { Epochs = 1, BatchSize = 128, Seed = 3 });
        var initial = network.GetParameters();
        Console.Error.WriteLine($"mlp-epoch: GEMM path {Gemm.Describe()}");
        return () =>
        {
            network.SetParameters(initial);
            return trainer.Train(data).FinalLoss;
        };
    }
}
