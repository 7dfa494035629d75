using Nabla.Optimization;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Tests.Regression;

/// <summary>The rules behind the NIST suite's speed: predictor-only columns, geodesic acceleration, the own thin SVD.</summary>
public sealed class NonlinearSpeedRuleTests
{
    [Fact]
    public void PredictorOnlyPartsGiveTheSameResidualsAndJacobianAsThePlainModel()
    {
        // x³, cos(x/2) and exp(x)·x depend on the predictor only and become precomputed columns; the residuals and
        // the Jacobian must match a direct double evaluation of the model and central differences.
        var model = Expr.Parse("a*x^3 + b*cos(x/2) + c*exp(-d*x) + exp(x)*x*a");
        var xs = Enumerable.Range(1, 30).Select(i => i * 0.1).ToArray();
        var ys = xs.Select(x => Math.Sin(3 * x) + x).ToArray();
        var problem = new NonlinearProblem(model, new Dictionary<string, double[]> { ["x"] = xs }, ys, null, DerivativeSource.Symbolic);
        double[] p = [0.3, -1.2, 2.5, 0.7];
        double F(double[] q, double x) => q[0] * x * x * x + q[1] * Math.Cos(x / 2) + q[2] * Math.Exp(-q[3] * x) + Math.Exp(x) * x * q[0];
        var r = new double[xs.Length];
        problem.Residuals(p, r, problem.NewEvaluation());
        for (int i = 0; i < xs.Length; i++) Assert.Equal(ys[i] - F(p, xs[i]), r[i], 1e-12 * (1 + Math.Abs(ys[i])));
        var columns = Enumerable.Range(0, 4).Select(_ => new double[xs.Length]).ToArray();
        Assert.True(problem.JacobianColumns(p, columns, problem.NewEvaluation()));
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < xs.Length; i++)
            {
                var up = (double[])p.Clone();
                var down = (double[])p.Clone();
                up[j] += 1e-6;
                down[j] -= 1e-6;
                double numeric = (F(up, xs[i]) - F(down, xs[i])) / 2e-6;
                Assert.Equal(numeric, columns[j][i], 1e-6 * (1 + Math.Abs(numeric)));
            }
    }

    [Fact]
    public void GeodesicAccelerationFollowsBennett5sCurvedValley()
    {
        // The plain trust region needed 744 iterations from start 1 (as MINPACK: ≈766); the accelerated steps bend
        // with the valley. The bound is loose on purpose: it tells a crawl from a walk, not a tuning.
        var problem = NistProblem.Load(Path.Combine(NistNonlinearTests.Directory(), "Bennett5.dat"));
        var fit = problem.Fit(1);
        Assert.Equal(ExitReason.Converged, fit.Exit);
        Assert.InRange(fit.Iterations, 1, 200);
        for (int j = 0; j < 3; j++)
            Assert.InRange(NistNonlinearTests.Digits(fit.Parameters[j], problem.CertifiedValues[j]), 6, 15);
    }

    [Fact]
    public void ThinSvdHasTheSingularValuesAndSolvesLeastSquares()
    {
        var random = new Random(7);
        int m = 40, n = 5;
        var j = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < n; k++) j[i, k] = random.NextDouble() - 0.5;
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
        var svd = JacobianSvd.Of(j);
        var reference = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(j).Svd(true);
        for (int k = 0; k < n; k++) Assert.Equal(reference.S[k], svd.S[k], 1e-12 * reference.S[0]);
        // The pseudo-inverse step solves the normal equations JᵀJδ = Jᵀr (J has full rank here).
        var delta = svd.PseudoInverseStep(r);
        var jm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(j);
        var expected = (jm.TransposeThisAndMultiply(jm)).Solve(jm.TransposeThisAndMultiply(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(r)));
        for (int k = 0; k < n; k++) Assert.Equal(expected[k], delta[k], 1e-10 * (1 + Math.Abs(expected[k])));
        // ‖U₁ᵀr‖² = ‖J δ‖² for the least-squares δ.
        var jd = jm * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(delta);
        Assert.Equal(jd.DotProduct(jd), svd.GaussNewtonPrediction(r), 1e-10 * jd.DotProduct(jd));
    }
}
