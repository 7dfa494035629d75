using CsCheck;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Optimization;

namespace Nabla.Tests.Optimization;

/// <summary>½xᵀAx − bᵀx with random symmetric positive definite A: the minimum is A⁻¹b (solved here by Math.NET's
/// LU, independently of the minimisers) and fixed-step gradient descent follows x_{k+1} = x_k − γ(Ax_k − b).</summary>
public sealed class MinimizeQuadraticTests
{
    private sealed record Case(double[,] A, double[] B, double[] Start, double LargestEigenvalue)
    {
        public double[] Solution()
        {
            var a = Matrix<double>.Build.DenseOfArray(A);
            return a.LU().Solve(Vector<double>.Build.DenseOfArray(B)).ToArray();
        }
    }

    /// <summary>A = MᵀM + I (so every eigenvalue is ≥ 1), 2 to 4 variables, entries of M, b and the start in [−2, 2].</summary>
    private static readonly Gen<Case> Cases = Gen.Int[2, 4].SelectMany(n =>
        Gen.Select(Gen.Double[-2, 2].Array[n * n], Gen.Double[-2, 2].Array[n], Gen.Double[-2, 2].Array[n], (m, b, start) =>
        {
            var a = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
                    a[i, j] = s;
                }
            var eigen = Matrix<double>.Build.DenseOfArray(a).Evd().EigenValues.Max(e => e.Real);
            return new Case(a, b, start, eigen);
        }));

    [Fact]
    public void Fixed_step_gradient_descent_follows_the_closed_form_recurrence()
    {
        Cases.Sample(c =>
        {
            int n = c.B.Length;
            double gamma = 1 / c.LargestEigenvalue;
            var problem = CountedProblem.Quadratic(c.A, c.B);
            var r = Optimize.Minimize(problem.Objective, c.Start, new MinimizeOptions
            {
                Method = MinimizeMethod.GradientDescent, Rate = gamma, MaxIterations = 30, GradientTolerance = 0, StepTolerance = 0,
            });
            var x = (double[])c.Start.Clone();
            for (int k = 0; k <= r.Iterations; k++)
            {
                for (int i = 0; i < n; i++) Assert.Equal(x[i], r.Trace[k].X[i], 1e-12 * (1 + Math.Abs(x[i])));
                var next = new double[n];
                for (int i = 0; i < n; i++)
                {
                    double ax = 0;
                    for (int j = 0; j < n; j++) ax += c.A[i, j] * x[j];
                    next[i] = x[i] - gamma * (ax - c.B[i]);
                }
                x = next;
            }
            Assert.True(r.Iterations == 30 || r.Exit != ExitReason.MaxIterations);
        }, iter: 200);
    }

    [Theory]
    [InlineData(MinimizeMethod.Bfgs)]
    [InlineData(MinimizeMethod.Lbfgs)]
    [InlineData(MinimizeMethod.Newton)]
    [InlineData(MinimizeMethod.Hybrid)]
    [InlineData(MinimizeMethod.GradientDescent)]
    [InlineData(MinimizeMethod.Momentum)]
    [InlineData(MinimizeMethod.Nesterov)]
    public void Every_method_reaches_the_solution_of_Ax_equals_b(MinimizeMethod method)
    {
        Cases.Sample(c =>
        {
            var problem = CountedProblem.Quadratic(c.A, c.B);
            var r = Optimize.Minimize(problem.Objective, c.Start, new MinimizeOptions
            {
                Method = method, Rate = 1 / c.LargestEigenvalue, MaxIterations = 20000,
            });
            Assert.True(r.Converged, r.Message);
            var solution = c.Solution();
            for (int i = 0; i < solution.Length; i++) Assert.Equal(solution[i], r.X[i], 1e-7);
        }, iter: 100);
    }

    [Fact]
    public void Adam_reaches_the_solution_of_Ax_equals_b()
    {
        // Adam's steps have size ≈ α per coordinate whatever the gradient, so it needs a small α to settle.
        Cases.Sample(c =>
        {
            var problem = CountedProblem.Quadratic(c.A, c.B);
            var r = Optimize.Minimize(problem.Objective, c.Start, new MinimizeOptions
            {
                Method = MinimizeMethod.Adam, Rate = 0.01, MaxIterations = 100_000, GradientTolerance = 1e-7,
            });
            Assert.True(r.Converged, r.Message);
            var solution = c.Solution();
            for (int i = 0; i < solution.Length; i++) Assert.Equal(solution[i], r.X[i], 1e-5);
        }, iter: 30);
    }

    [Fact]
    public void Newton_solves_a_quadratic_in_one_step()
    {
        Cases.Sample(c =>
        {
            var problem = CountedProblem.Quadratic(c.A, c.B);
            var r = Optimize.Minimize(problem.Objective, c.Start, new MinimizeOptions { Method = MinimizeMethod.Newton });
            Assert.True(r.Converged, r.Message);
            Assert.True(r.Iterations <= 1, $"{r.Iterations} iterations");
        }, iter: 100);
    }
}
