using Nabla.NeuralNetworks;

namespace Nabla.Benchmarks;

/// <summary>
/// The course network's long training run (issue 7): 1 → 6 → 7 → 2, sigmoid everywhere, on the heart curve, 50,000
/// steps of noisy steepest descent with aggression 7 and noise 1, from a fixed seed. bench/peers/numpy_course_training.py
/// runs the same recipe in NumPy (its own random numbers, so the final costs agree in size, not digits).
/// </summary>
public static class CourseTrainingBenchmarks
{
    private const long Seed = 1;

    /// <summary>One full run per call, each from the same fresh network; returns the final cost.</summary>
    public static Func<double> FullRun() => () =>
    {
        var network = CourseNetwork.Create(Seed);
        return network.Train(CourseTrainingOptions.LongRun with { Seed = Seed }).FinalCost;
    };
}
