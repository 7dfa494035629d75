using Nabla.Optimization;

namespace Nabla.Tests.Optimization;

public sealed class MinimizeMultiStartTests
{
    private static readonly (double X, double Y)[] HimmelblauMinima =
        [(3, 2), (-2.805118, 3.131313), (-3.779310, -3.283186), (3.584428, -1.848127)];

    [Theory]
    [InlineData(MinimizeMethod.Bfgs)]
    [InlineData(MinimizeMethod.Newton)]
    public void Finds_all_four_Himmelblau_minima_on_the_box(MinimizeMethod method)
    {
        var problem = CountedProblem.Himmelblau();
        var r = Optimize.MultiStart(problem.Objective, [(-5, 5), (-5, 5)], starts: 40, seed: 1, new MinimizeOptions { Method = method });
        Assert.Equal(40, r.Starts);
        Assert.Equal(4, r.DistinctMinima.Count);
        foreach (var (x, y) in HimmelblauMinima)
            Assert.Contains(r.DistinctMinima, m => Math.Abs(m.X[0] - x) < 1e-5 && Math.Abs(m.X[1] - y) < 1e-5);
        Assert.All(r.DistinctMinima, m => Assert.True(m.Converged && m.Value < 1e-10));
        for (int i = 1; i < r.DistinctMinima.Count; i++) Assert.True(r.DistinctMinima[i - 1].Value <= r.DistinctMinima[i].Value);
        Assert.Same(r.DistinctMinima[0], r.Best);
    }

    [Fact]
    public void The_same_seed_gives_the_same_result()
    {
        var problem = CountedProblem.Himmelblau();
        var a = Optimize.MultiStart(problem.Objective, [(-5, 5), (-5, 5)], starts: 10, seed: 7);
        var b = Optimize.MultiStart(problem.Objective, [(-5, 5), (-5, 5)], starts: 10, seed: 7);
        Assert.Equal(a.DistinctMinima.Select(m => m.X.ToArray()), b.DistinctMinima.Select(m => m.X.ToArray()));
    }

    [Fact]
    public void Best_is_the_global_minimum_of_a_tilted_double_well()
    {
        // f = (x² − 1)² + 0.3x: two minima near ±1; the one near x = −1 is lower (the tilt favours negative x).
        var objective = Objective.FromDelegates(1, x => Math.Pow(x[0] * x[0] - 1, 2) + 0.3 * x[0],
            (x, g) => g[0] = 4 * x[0] * (x[0] * x[0] - 1) + 0.3);
        var r = Optimize.MultiStart(objective, [(-2, 2)], starts: 20);
        Assert.Equal(2, r.DistinctMinima.Count);
        Assert.True(r.Best.X[0] < 0);
        // The global minimiser solves 4x³ − 4x + 0.3 = 0 near −1; check the derivative vanishes there.
        double xm = r.Best.X[0];
        Assert.True(Math.Abs(4 * xm * xm * xm - 4 * xm + 0.3) < 1e-7);
    }

    [Fact]
    public void Bad_boxes_throw()
    {
        var problem = CountedProblem.Himmelblau();
        Assert.Throws<ArgumentException>(() => Optimize.MultiStart(problem.Objective, [(-5, 5)]));
        Assert.Throws<ArgumentException>(() => Optimize.MultiStart(problem.Objective, [(1, 1), (-5, 5)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimize.MultiStart(problem.Objective, [(-5, 5), (-5, 5)], starts: 0));
    }
}
