using Nabla.NeuralNetworks;
using Nabla.Optimization;

namespace Nabla.Tests.NeuralNetworks;

public sealed class CourseTrainingTests
{
    private sealed class Recorder : IProgress<CourseTrainingProgress>
    {
        public List<CourseTrainingProgress> Reports { get; } = [];

        public void Report(CourseTrainingProgress value) => Reports.Add(value);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void TheCoursesLongRunDrawsTheHeart(int seed)
    {
        var net = CourseNetwork.Create(seed);
        var result = net.Train(CourseTrainingOptions.LongRun with { Seed = seed });
        Assert.Equal(ExitReason.MaxIterations, result.Exit);
        Assert.Equal(50_000, result.Iterations);
        Assert.True(result.FinalCost < 2e-3, $"seed {seed}: final cost {result.FinalCost}");
        Assert.True(result.InitialCost > 0.05, $"seed {seed}: the untrained network should be far off ({result.InitialCost})");
        // The fast loop's cost is the cost of the weights it leaves behind, by the plain-double definition.
        double check = net.Cost(HeartCurve.Inputs(), HeartCurve.Targets());
        Assert.Equal(check, result.FinalCost, 1e-12);
    }

    [Fact]
    public void TrainingFollowsTheExplicitJacobiansWhenThereIsNoNoise()
    {
        // One noiseless step by hand from ExplicitJacobians equals one step of the fast loop.
        var x = HeartCurve.Inputs();
        var y = HeartCurve.Targets();
        var byHand = CourseNetwork.Create(11);
        var fast = byHand.Clone();
        var J = byHand.ExplicitJacobians(x, y).All;
        for (int p = 0; p < 6; p++)
        {
            var w = byHand.Parameters[p].AsSpan();
            var j = J[p].AsSpan();
            for (int i = 0; i < w.Length; i++) w[i] -= 3.5 * j[i];
        }
        fast.Train(new CourseTrainingOptions { Iterations = 1, Noise = 0 });
        for (int p = 0; p < 6; p++)
        {
            var a = byHand.Parameters[p].AsSpan();
            var b = fast.Parameters[p].AsSpan();
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 1e-13);
        }
    }

    [Fact]
    public void ASeedGivesTheSameRunEveryTime()
    {
        var options = new CourseTrainingOptions { Iterations = 3_000, Seed = 42 };
        var first = CourseNetwork.Create(7).Train(options);
        var second = CourseNetwork.Create(7).Train(options);
        Assert.Equal(first.CostHistory, second.CostHistory);
        var other = CourseNetwork.Create(7).Train(options with { Seed = 43 });
        Assert.NotEqual(first.FinalCost, other.FinalCost);
    }

    [Fact]
    public void HistoryAndProgressReportTheCostEveryKIterations()
    {
        var recorder = new Recorder();
        var result = CourseNetwork.Create(1).Train(new CourseTrainingOptions { Iterations = 1_050, HistoryEvery = 100, Seed = 1 }, recorder);
        Assert.Equal(100, result.HistoryEvery);
        Assert.Equal(12, result.CostHistory.Count); // after 0, 100, …, 1000 steps, and the final 1050
        Assert.Equal(result.InitialCost, result.CostHistory[0]);
        Assert.Equal(result.FinalCost, result.CostHistory[^1]);
        Assert.Equal([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1050], recorder.Reports.Select(r => r.Iteration));
        Assert.All(recorder.Reports, r => Assert.Equal(1_050, r.TotalIterations));
        Assert.Equal(result.CostHistory, recorder.Reports.Select(r => r.Cost));
        Assert.True(recorder.Reports[^1].Elapsed >= recorder.Reports[0].Elapsed);

        // The cost after k steps of one run equals the final cost of a run of k steps.
        var shorter = CourseNetwork.Create(1).Train(new CourseTrainingOptions { Iterations = 300, Seed = 1 });
        Assert.Equal(result.CostHistory[3], shorter.FinalCost);
        Assert.Equal(100, new CourseTrainingOptions { Iterations = 10_000 }.EffectiveHistoryEvery);
    }

    [Fact]
    public void BadOptionsAreRejectedClearly()
    {
        var net = CourseNetwork.Create(1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(new CourseTrainingOptions { Iterations = -1 }));
        Assert.Equal("Iterations", e.ParamName);
        Assert.Contains("iterations must be between 0", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(new CourseTrainingOptions { Aggression = double.NaN }));
        Assert.Equal("Aggression", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(new CourseTrainingOptions { Aggression = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(new CourseTrainingOptions { Noise = double.PositiveInfinity }));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(new CourseTrainingOptions { Iterations = CourseTrainingOptions.MaxIterations + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(new CourseTrainingOptions { HistoryEvery = -5 }));
    }

    [Fact]
    public void ARunWhoseCostBecomesNaNStopsAndKeepsTheLastGoodWeights()
    {
        var net = CourseNetwork.Create(1);
        var before = net.Parameters.Select(p => p.ToArray()).ToArray();
        var result = net.Train(new CourseTrainingOptions { Iterations = 1_000, Aggression = double.MaxValue, Seed = 1 });
        Assert.Equal(ExitReason.NonFinite, result.Exit);
        Assert.Equal(0, result.Iterations);
        Assert.Contains("NaN or infinite at step 1", result.Message);
        Assert.Contains("kept the weights", result.Message);
        for (int p = 0; p < 6; p++) Assert.Equal(before[p], net.Parameters[p].ToArray());
        Assert.True(double.IsFinite(result.FinalCost));
        Assert.Equal(result.InitialCost, result.FinalCost);
    }

    [Fact]
    public void ANetworkWithANaNWeightIsUndefinedAtTheStart()
    {
        var net = CourseNetwork.Create(1);
        net.W2[3, 2] = double.NaN;
        var result = net.Train();
        Assert.Equal(ExitReason.UndefinedAtStart, result.Exit);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void TheLearnedCurveIsTheNetworkOnAFineGrid()
    {
        var net = CourseNetwork.Create(4);
        net.Train(new CourseTrainingOptions { Iterations = 2_000, Seed = 4 });
        var curve = net.SampleCurve(401);
        Assert.Equal(401, curve.X.Count);
        Assert.Equal(0, curve.X[0]);
        Assert.Equal(1, curve.X[^1]);
        var forward = net.Forward(HeartCurve.Inputs()).A3;
        // x = 0.25 is both grid point 100 and training sample 25.
        Assert.Equal(forward[0, 25], curve.Y0[100], 1e-15);
        Assert.Equal(forward[1, 25], curve.Y1[100], 1e-15);
    }

    [Fact]
    public void CancellationStopsTheRun()
    {
        using var cts = new CancellationTokenSource();
        var progress = new CancelAfter(cts, 3);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            CourseNetwork.Create(1).Train(new CourseTrainingOptions { Iterations = 100_000, HistoryEvery = 10 }, progress, cts.Token));
        Assert.Equal(3, progress.Count);
    }

    private sealed class CancelAfter(CancellationTokenSource cts, int reports) : IProgress<CourseTrainingProgress>
    {
        public int Count { get; private set; }

        public void Report(CourseTrainingProgress value)
        {
            if (++Count == reports) cts.Cancel();
        }
    }

    [Fact]
    public void HowTheRunIsSlicedDoesNotChangeTheWeights()
    {
        // One 25,000-step history chunk (three kernel slices) against 25 chunks of 1,000: the same noisy steps.
        var whole = CourseNetwork.Create(6);
        var pieces = whole.Clone();
        whole.Train(new CourseTrainingOptions { Iterations = 25_000, Aggression = 7, Seed = 6, HistoryEvery = 25_000 });
        pieces.Train(new CourseTrainingOptions { Iterations = 25_000, Aggression = 7, Seed = 6, HistoryEvery = 1_000 });
        foreach (var (a, b) in whole.Parameters.Zip(pieces.Parameters))
            Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void ALongRunStopsSoonAfterCancellationEvenInsideAHistoryChunk()
    {
        // 20 million steps: each history chunk is 200,000 steps (about a second, far more under load); the token
        // is watched between kernel slices, so cancelling mid-chunk stops within a slice.
        var net = CourseNetwork.Create(2);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            net.Train(new CourseTrainingOptions { Iterations = CourseTrainingOptions.MaxIterations, Aggression = 7, Seed = 2 }, null, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(double.IsFinite(net.Cost(HeartCurve.Inputs(), HeartCurve.Targets())));
    }
}
