using Nabla.Optimization;

namespace Nabla.Tests.Optimization;

/// <summary>Standard problems whose minima are known from the literature (not from this code).</summary>
public sealed class MinimizeStandardProblemTests
{
    [Theory]
    [InlineData(MinimizeMethod.Bfgs)]
    [InlineData(MinimizeMethod.Lbfgs)]
    [InlineData(MinimizeMethod.Newton)]
    [InlineData(MinimizeMethod.Hybrid)]
    public void Rosenbrock_from_the_classic_start_reaches_one_one(MinimizeMethod method)
    {
        var r = Optimize.Minimize(Problems.Rosenbrock, Problems.At(-1.2, 1), new MinimizeOptions { Method = method, MaxIterations = 5000 });
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(1, r["x"], 1e-6);
        Assert.Equal(1, r["y"], 1e-6);
        Assert.True(r.Value < 1e-12, $"f = {r.Value}");
        Assert.Equal(method.ToJsonName(), r.Method);
        Assert.Equal(r.Iterations + 1, r.Trace.Count);
    }

    [Theory]
    [InlineData(MinimizeMethod.Bfgs, 1.0, 1.0, 3.0, 2.0)]
    [InlineData(MinimizeMethod.Bfgs, -3.0, 3.0, -2.805118, 3.131313)]
    [InlineData(MinimizeMethod.Bfgs, -3.0, -3.0, -3.779310, -3.283186)]
    [InlineData(MinimizeMethod.Bfgs, 3.0, -2.0, 3.584428, -1.848127)]
    [InlineData(MinimizeMethod.Newton, 3.5, 2.5, 3.0, 2.0)]
    [InlineData(MinimizeMethod.Newton, -3.0, 3.0, -2.805118, 3.131313)]
    [InlineData(MinimizeMethod.Lbfgs, -3.5, -3.5, -3.779310, -3.283186)]
    [InlineData(MinimizeMethod.Lbfgs, 3.5, -1.5, 3.584428, -1.848127)]
    public void Himmelblau_each_minimum_from_a_nearby_start(MinimizeMethod method, double x0, double y0, double x, double y)
    {
        var r = Optimize.Minimize(Problems.Himmelblau, Problems.At(x0, y0), new MinimizeOptions { Method = method });
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(x, r["x"], 1e-5);
        Assert.Equal(y, r["y"], 1e-5);
        Assert.True(r.Value < 1e-12);
    }

    [Theory]
    [InlineData(MinimizeMethod.Bfgs)]
    [InlineData(MinimizeMethod.Lbfgs)]
    [InlineData(MinimizeMethod.Newton)]
    public void Beale_minimum_is_three_one_half(MinimizeMethod method)
    {
        var r = Optimize.Minimize(Problems.Beale, Problems.At(1, 1), new MinimizeOptions { Method = method });
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(3, r["x"], 1e-6);
        Assert.Equal(0.5, r["y"], 1e-6);
    }

    [Theory]
    [InlineData(MinimizeMethod.Bfgs)]
    [InlineData(MinimizeMethod.Lbfgs)]
    [InlineData(MinimizeMethod.Newton)]
    [InlineData(MinimizeMethod.Hybrid)]
    [InlineData(MinimizeMethod.GradientDescent)]
    [InlineData(MinimizeMethod.Momentum)]
    [InlineData(MinimizeMethod.Nesterov)]
    public void Booth_minimum_is_one_three(MinimizeMethod method)
    {
        // Booth's Hessian is [[10, 8], [8, 10]] (eigenvalues 2 and 18): γ = 0.05 < 2/18 keeps fixed steps stable.
        var r = Optimize.Minimize(Problems.Booth, Problems.At(0, 0), new MinimizeOptions { Method = method, Rate = 0.05, MaxIterations = 5000 });
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(1, r["x"], 1e-7);
        Assert.Equal(3, r["y"], 1e-7);
    }

    [Fact]
    public void Newton_on_a_quadratic_takes_one_step()
    {
        var r = Optimize.Minimize(Problems.Booth, Problems.At(-4, 7), new MinimizeOptions { Method = MinimizeMethod.Newton });
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(1, r.Iterations);
        Assert.Equal(1, r.X[0], 1e-12);
        Assert.Equal(3, r.X[1], 1e-12);
    }

    [Theory]
    [InlineData(DerivativeSource.Numeric)]
    [InlineData(DerivativeSource.Automatic)]
    public void Other_derivative_sources_find_the_same_minimum(DerivativeSource source)
    {
        var r = Optimize.Minimize(Problems.Rosenbrock, Problems.At(-1.2, 1),
            new MinimizeOptions { Derivative = source, GradientTolerance = 1e-6 });
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1, r["x"], 1e-4);
        Assert.Equal(1, r["y"], 1e-4);
    }
}
