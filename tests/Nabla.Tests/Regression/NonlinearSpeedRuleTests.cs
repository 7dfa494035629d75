using Nabla.Optimization;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Tests.Regression;

/// <summary>The rules behind the NIST suite's speed: predictor-only and parameter-only columns, the trial Jacobian,
/// geodesic acceleration, the own thin SVD, the damped solve on the non-zero rows only.</summary>
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

    [Fact]
    public void ParameterOnlyPartsGiveTheSameResidualsAndJacobianAsThePlainModel()
    {
        // c⁻², c⁻³ (Gauss), d³ and exp(d) depend on the parameters only and become columns computed once per
        // parameter vector; with weights, and with one evaluation buffer reused across parameter vectors (so a
        // column filled for one vector must not leak into the next), everything must match a direct double
        // evaluation and central differences.
        var model = Expr.Parse("a*exp(-(x-b)^2/c^2) + d^3*x + exp(d)*x^2");
        var xs = Enumerable.Range(1, 25).Select(i => i * 0.2).ToArray();
        var ys = xs.Select(x => Math.Cos(x) + 2).ToArray();
        var sigma = xs.Select(x => 0.5 + x / 10).ToArray();
        var problem = new NonlinearProblem(model, new Dictionary<string, double[]> { ["x"] = xs }, ys, sigma, DerivativeSource.Symbolic);
        Assert.True(problem.JacobianIsCheap);
        static double F(double[] q, double x) => q[0] * Math.Exp(-(x - q[1]) * (x - q[1]) / (q[2] * q[2])) + q[3] * q[3] * q[3] * x + Math.Exp(q[3]) * x * x;
        var work = problem.NewEvaluation();
        double[][] points = [[1.5, 2.0, 0.8, -0.3], [0.7, 2.5, -1.1, 0.4], [1.5, 2.0, 0.8, -0.3], [0.7, 2.5, -1.1, 0.4]];
        foreach (var p in points)
        {
            var r = new double[xs.Length];
            double chi2 = problem.Residuals(p, r, work);
            double expectedChi2 = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double expected = (ys[i] - F(p, xs[i])) / sigma[i];
                expectedChi2 += expected * expected;
                Assert.Equal(expected, r[i], 1e-12 * (1 + Math.Abs(expected)));
            }
            Assert.Equal(expectedChi2, chi2, 1e-11 * expectedChi2);
            var columns = Enumerable.Range(0, 4).Select(_ => new double[xs.Length]).ToArray();
            Assert.True(problem.JacobianColumns(p, columns, work));
            for (int j = 0; j < 4; j++)
                for (int i = 0; i < xs.Length; i++)
                {
                    var up = (double[])p.Clone();
                    var down = (double[])p.Clone();
                    up[j] += 1e-6;
                    down[j] -= 1e-6;
                    double numeric = (F(up, xs[i]) - F(down, xs[i])) / 2e-6 / sigma[i];
                    Assert.Equal(numeric, columns[j][i], 1e-6 * (1 + Math.Abs(numeric)));
                }
            // The one-call trial evaluation gives exactly the separate residuals and Jacobian.
            var r2 = new double[xs.Length];
            var columns2 = Enumerable.Range(0, 4).Select(_ => new double[xs.Length]).ToArray();
            Assert.Equal(chi2, problem.ResidualsAndJacobian(p, r2, columns2, problem.NewEvaluation(), out bool ok));
            Assert.True(ok);
            Assert.Equal(r, r2);
            for (int j = 0; j < 4; j++) Assert.Equal(columns[j], columns2[j]);
        }
    }

    [Fact]
    public void TheJacobianIsCheapOnlyWhenTheDerivativesAddNoFunctionCalls()
    {
        var xs = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        var ys = xs.Select(x => 1 / x).ToArray();
        NonlinearProblem Problem(string model) => new(Expr.Parse(model), new Dictionary<string, double[]> { ["x"] = xs }, ys, null, DerivativeSource.Symbolic);
        // d/db of a·exp(−b·x) reuses exp(−b·x); of Bennett5's b1·(b2+x)^(−1/b3) needs ln(b2+x) and another power.
        Assert.True(Problem("a*exp(-b*x)").JacobianIsCheap);
        Assert.True(Problem("b1 + b2*cos(2*pi*x/b4) + b3*sin(2*pi*x/b4)").JacobianIsCheap);
        Assert.False(Problem("b1*(b2+x)^(-1/b3)").JacobianIsCheap);
        Assert.False(new NonlinearProblem(Expr.Parse("a*exp(-b*x)"), new Dictionary<string, double[]> { ["x"] = xs }, ys, null, DerivativeSource.Numeric).JacobianIsCheap);
    }

    [Fact]
    public void TheDampedSolveMatchesADenseLeastSquaresSolveOfTheStackedSystem()
    {
        // min ‖Jδ − r‖² + λ‖Dδ‖² is the least-squares solution of [J; √λD]δ ≈ [r; 0]: Math.NET's QR of the stacked
        // (m+n)×n matrix is the independent reference for the structured solve on [R; √λD].
        var random = new Random(11);
        int m = 30, n = 6;
        var columns = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5).ToArray();
        var d = Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var rhs = Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5).ToArray();
        var qr = new DampedQr(m, n);
        qr.Factor(columns, r);
        foreach (double lambda in new[] { 0.0, 1e-6, 0.3, 5.0, 1e4 })
        {
            foreach (bool ownRhs in new[] { false, true })
            {
                var target = ownRhs ? rhs : r;
                var stacked = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m + n, n, (i, j) => i < m ? columns[j][i] : i - m == j ? Math.Sqrt(lambda) * d[j] : 0);
                var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(m + n, i => i < m ? target[i] : 0);
                var expected = stacked.QR().Solve(b);
                var delta = new double[n];
                if (ownRhs)
                {
                    var qtb = new double[n];
                    qr.ApplyQt(rhs, qtb);
                    qr.Solve(d, lambda, delta, qtb);
                }
                else qr.Solve(d, lambda, delta);
                for (int k = 0; k < n; k++) Assert.Equal(expected[k], delta[k], 1e-11 * (1 + Math.Abs(expected[k])));
            }
        }
    }
}
