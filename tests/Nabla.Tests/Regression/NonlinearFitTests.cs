using CsCheck;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Optimization;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Tests.Regression;

public sealed class NonlinearFitTests
{
    private static readonly double[] Xs = Enumerable.Range(0, 25).Select(i => i * 0.25).ToArray();

    private static Dictionary<string, double> P(params (string, double)[] values) => values.ToDictionary(v => v.Item1, v => v.Item2);

    private static double[] Sample(Func<double, double> f, double[] xs) => xs.Select(f).ToArray();

    [Fact]
    public void RecoversExponentialParametersFromExactData()
    {
        var model = Expr.Parse("a*exp(-b*x)");
        Gen.Select(Gen.Double[0.5, 5], Gen.Double[0.1, 2]).Sample((a, b) =>
        {
            var y = Sample(x => a * Math.Exp(-b * x), Xs);
            var fit = Fit.Curve(model, Xs, y, P(("a", 1), ("b", 1)));
            Assert.Equal(ExitReason.Converged, fit.Exit);
            Assert.Equal(a, fit["a"], 1e-9 * a);
            Assert.Equal(b, fit["b"], 1e-9 * b);
        }, iter: 40);
    }

    [Fact]
    public void RecoversGaussianParametersFromExactData()
    {
        var model = Expr.Parse("A*exp(-(x-m)^2/(2*s^2))");
        Gen.Select(Gen.Double[0.5, 3], Gen.Double[2, 4], Gen.Double[0.6, 1.5]).Sample((amplitude, m, s) =>
        {
            var y = Sample(x => amplitude * Math.Exp(-(x - m) * (x - m) / (2 * s * s)), Xs);
            var fit = Fit.Curve(model, Xs, y, P(("A", 1), ("m", 3), ("s", 1)));
            Assert.Equal(ExitReason.Converged, fit.Exit);
            Assert.Equal(amplitude, fit["A"], 1e-8 * amplitude);
            Assert.Equal(m, fit["m"], 1e-8 * m);
            Assert.Equal(s, fit["s"], 1e-8 * s);
        }, iter: 40);
    }

    [Fact]
    public void RecoversLogisticParametersFromExactData()
    {
        var model = Expr.Parse("K/(1+exp(-r*(x-x0)))");
        Gen.Select(Gen.Double[1, 10], Gen.Double[0.5, 3], Gen.Double[2, 4]).Sample((k, r, x0) =>
        {
            var y = Sample(x => k / (1 + Math.Exp(-r * (x - x0))), Xs);
            var fit = Fit.Curve(model, Xs, y, P(("K", 5), ("r", 1), ("x0", 3)));
            Assert.Equal(ExitReason.Converged, fit.Exit);
            Assert.Equal(k, fit["K"], 1e-8 * k);
            Assert.Equal(r, fit["r"], 1e-8 * r);
            Assert.Equal(x0, fit["x0"], 1e-8 * x0);
        }, iter: 40);
    }

    private static (double[] Y, double[] Sigma) NoisyExponential(int seed)
    {
        var random = new Random(seed);
        var sigma = Xs.Select(_ => 0.02 + 0.05 * random.NextDouble()).ToArray();
        var y = Xs.Select((x, i) => 2.5 * Math.Exp(-0.7 * x) + 0.3 + sigma[i] * (random.NextDouble() * 2 - 1)).ToArray();
        return (y, sigma);
    }

    [Fact]
    public void GaussNewtonAgreesWithLevenbergMarquardtOnEasyProblems()
    {
        var model = Expr.Parse("a*exp(-b*x)+c");
        for (int seed = 1; seed <= 10; seed++)
        {
            var (y, sigma) = NoisyExponential(seed);
            var lm = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma);
            var gn = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma, new FitOptions { Method = FitMethod.GaussNewton });
            Assert.Equal(ExitReason.Converged, gn.Exit);
            Assert.Equal("gn", gn.Method);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(lm.Parameters[j], gn.Parameters[j], 1e-9 * Math.Abs(lm.Parameters[j]));
                Assert.Equal(lm.StandardErrors[j], gn.StandardErrors[j], 1e-7 * lm.StandardErrors[j]);
            }
        }
    }

    /// <summary>J = ∂f/∂p written by hand, weighted by 1/σ.</summary>
    private static Matrix<double> HandJacobian(double a, double b, double[] sigma) =>
        Matrix<double>.Build.Dense(Xs.Length, 3, (i, j) => (j switch
        {
            0 => Math.Exp(-b * Xs[i]),
            1 => -a * Xs[i] * Math.Exp(-b * Xs[i]),
            _ => 1.0,
        }) / sigma[i]);

    [Fact]
    public void CovarianceIsInverseNormalMatrixScaledByReducedChiSquared()
    {
        var model = Expr.Parse("a*exp(-b*x)+c");
        var (y, sigma) = NoisyExponential(7);
        var fit = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma);
        var j = HandJacobian(fit["a"], fit["b"], sigma);
        double chi2 = Xs.Select((x, i) => Math.Pow((y[i] - (fit["a"] * Math.Exp(-fit["b"] * x) + fit["c"])) / sigma[i], 2)).Sum();
        var expected = (j.TransposeThisAndMultiply(j)).Inverse() * (chi2 / (Xs.Length - 3));
        Assert.Equal(chi2, fit.ChiSquared, 1e-10 * chi2);
        Assert.Equal(Xs.Length - 3, fit.DegreesOfFreedom);
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
                Assert.Equal(expected[r, c], fit.Covariance[r, c], 1e-8 * Math.Sqrt(expected[r, r] * expected[c, c]));
            Assert.Equal(Math.Sqrt(expected[r, r]), fit.StandardErrors[r], 1e-8 * Math.Sqrt(expected[r, r]));
            Assert.Equal(1, fit.Correlation[r, r], 12);
        }
        Assert.Equal(fit.Covariance[0, 1] / (fit.StandardErrors[0] * fit.StandardErrors[1]), fit.Correlation[0, 1], 12);
        // p-value: P(χ²_dof ≥ χ²) from Math.NET's distribution.
        double p = 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(fit.DegreesOfFreedom, fit.ChiSquared);
        Assert.Equal(p, fit.PValue, 1e-10);
    }

    [Fact]
    public void AbsoluteSigmaLeavesTheCovarianceUnscaled()
    {
        var model = Expr.Parse("a*exp(-b*x)+c");
        var (y, sigma) = NoisyExponential(3);
        var scaled = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma);
        var absolute = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma, new FitOptions { AbsoluteSigma = true });
        Assert.True(absolute.AbsoluteSigma);
        var j = HandJacobian(absolute["a"], absolute["b"], sigma);
        var expected = j.TransposeThisAndMultiply(j).Inverse();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(expected[r, c], absolute.Covariance[r, c], 1e-8 * Math.Sqrt(expected[r, r] * expected[c, c]));
                Assert.Equal(scaled.Covariance[r, c], absolute.Covariance[r, c] * scaled.ReducedChiSquared, 1e-8 * Math.Abs(scaled.Covariance[r, c]) + 1e-300);
            }
        // Multiplying every σ by 10 changes nothing in the default (relative) semantics, and the absolute errors ×10.
        var sigma10 = sigma.Select(s => 10 * s).ToArray();
        var scaled10 = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma10);
        var absolute10 = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma10, new FitOptions { AbsoluteSigma = true });
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(scaled.StandardErrors[r], scaled10.StandardErrors[r], 1e-7 * scaled.StandardErrors[r]);
            Assert.Equal(10 * absolute.StandardErrors[r], absolute10.StandardErrors[r], 1e-7 * absolute10.StandardErrors[r]);
        }
    }

    [Fact]
    public void WeightedFitMatchesTheWeightedNormalEquationsOfALinearModel()
    {
        // A model linear in its parameters: the weighted least-squares solution is (AᵀWA)⁻¹AᵀWy, solved here by Math.NET.
        var model = Expr.Parse("a + b*x + c*x^2");
        var random = new Random(11);
        var sigma = Xs.Select(_ => 0.1 + random.NextDouble()).ToArray();
        var y = Xs.Select(x => 1 - 2 * x + 0.5 * x * x + random.NextDouble()).ToArray();
        var fit = Fit.Curve(model, Xs, y, P(("a", 0), ("b", 0), ("c", 0)), sigma);
        var a = Matrix<double>.Build.Dense(Xs.Length, 3, (i, j) => Math.Pow(Xs[i], j) / sigma[i]);
        var b = Vector<double>.Build.Dense(Xs.Length, i => y[i] / sigma[i]);
        var expected = a.QR().Solve(b);
        for (int j = 0; j < 3; j++) Assert.Equal(expected[j], fit.Parameters[j], 1e-9 * Math.Max(1, Math.Abs(expected[j])));
        // Unweighted differs (the weights matter).
        var unweighted = Fit.Curve(model, Xs, y, P(("a", 0), ("b", 0), ("c", 0)));
        Assert.NotEqual(fit["a"], unweighted["a"], 6);
    }

    [Theory]
    [InlineData(DerivativeSource.Numeric)]
    [InlineData(DerivativeSource.Automatic)]
    public void OtherJacobianSourcesReachTheSameFit(DerivativeSource source)
    {
        var model = Expr.Parse("a*exp(-b*x)+c");
        var (y, sigma) = NoisyExponential(5);
        var symbolic = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma);
        var other = Fit.Curve(model, Xs, y, P(("a", 2), ("b", 0.5), ("c", 0)), sigma, new FitOptions { Jacobian = source });
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(symbolic.Parameters[j], other.Parameters[j], 1e-7 * Math.Abs(symbolic.Parameters[j]));
            Assert.Equal(symbolic.StandardErrors[j], other.StandardErrors[j], 1e-5 * symbolic.StandardErrors[j]);
        }
    }

    [Fact]
    public void SeveralPredictorsAreSupported()
    {
        var model = Expr.Parse("a*u + b*exp(-c*v)");
        var u = Enumerable.Range(0, 30).Select(i => Math.Sin(i)).ToArray();
        var v = Enumerable.Range(0, 30).Select(i => i * 0.1).ToArray();
        var y = u.Zip(v, (ui, vi) => 1.5 * ui + 2 * Math.Exp(-0.8 * vi)).ToArray();
        var fit = Fit.Curve(model, new Dictionary<string, double[]> { ["u"] = u, ["v"] = v }, y, P(("a", 1), ("b", 1), ("c", 1)));
        Assert.Equal(["a", "b", "c"], fit.ParameterNames);
        Assert.Equal(1.5, fit["a"], 1e-9);
        Assert.Equal(2, fit["b"], 1e-9);
        Assert.Equal(0.8, fit["c"], 1e-9);
    }

    [Fact]
    public void BoundsKeepParametersInTheBox()
    {
        var model = Expr.Parse("a*exp(-b*x)");
        var y = Sample(x => 2 * Math.Exp(-0.5 * x), Xs);
        var fit = Fit.Curve(model, Xs, y, P(("a", 1), ("b", 1)), null,
            new FitOptions { Bounds = new Dictionary<string, (double, double)> { ["b"] = (0.8, 2) } });
        Assert.Equal(0.8, fit["b"], 12);
        Assert.All(fit.Trace, s => Assert.InRange(s.Parameters[1], 0.8, 2));
    }

    [Fact]
    public void SteepestDescentWithLineSearchConvergesOnAnEasyProblem()
    {
        var model = Expr.Parse("a*x + b");
        var y = Xs.Select(x => 3 * x - 1 + 0.01 * Math.Sin(7 * x)).ToArray();
        var lm = Fit.Curve(model, Xs, y, P(("a", 0), ("b", 0)));
        var sd = Fit.Curve(model, Xs, y, P(("a", 0), ("b", 0)), null,
            new FitOptions { Method = FitMethod.SteepestDescent, MaxIterations = 20000, Tolerance = 1e-14 });
        Assert.Equal("sd", sd.Method);
        Assert.Equal(lm["a"], sd["a"], 1e-4);
        Assert.Equal(lm["b"], sd["b"], 1e-4);
        Assert.True(sd.Trace.Zip(sd.Trace.Skip(1)).All(t => t.Second.ChiSquared <= t.First.ChiSquared));
    }

    [Fact]
    public void TraceStartsAtTheStartAndLmIsMonotone()
    {
        var model = Expr.Parse("a*exp(-b*x)");
        var y = Sample(x => 2 * Math.Exp(-0.5 * x), Xs);
        var fit = Fit.Curve(model, Xs, y, P(("a", 1), ("b", 1)));
        Assert.Equal(0, fit.Trace[0].Iteration);
        Assert.Equal([1.0, 1.0], fit.Trace[0].Parameters);
        Assert.True(fit.Trace.Zip(fit.Trace.Skip(1)).All(t => t.Second.ChiSquared < t.First.ChiSquared));
        var quiet = Fit.Curve(model, Xs, y, P(("a", 1), ("b", 1)), null, new FitOptions { RecordTrace = false });
        Assert.Empty(quiet.Trace);
    }

    [Fact]
    public void DivergingSteepestDescentReturnsTheBestPointWithoutThrowing()
    {
        var model = Expr.Parse("a*exp(-b*x)");
        var y = Sample(x => 2 * Math.Exp(-0.5 * x), Xs);
        var fit = Fit.Curve(model, Xs, y, P(("a", 1), ("b", 1)), null,
            new FitOptions { Method = FitMethod.SteepestDescent, Rate = 1e3, Iterations = 100 });
        Assert.Contains(fit.Exit, new[] { ExitReason.Diverged, ExitReason.NonFinite });
        Assert.Equal(fit.Trace.Where(s => double.IsFinite(s.ChiSquared)).Min(s => s.ChiSquared), fit.ChiSquared, 1e-12);
        Assert.False(string.IsNullOrWhiteSpace(fit.Message));
    }

    [Fact]
    public void UndefinedStartIsReportedNotThrown()
    {
        var model = Expr.Parse("a*ln(x - b)");
        var fit = Fit.Curve(model, Xs, Xs.Select(x => x + 1).ToArray(), P(("a", 1), ("b", 5)));
        Assert.Equal(ExitReason.UndefinedAtStart, fit.Exit);
    }

    [Fact]
    public void MaxIterationsKeepsTheLatestPoint()
    {
        var model = Expr.Parse("a*exp(-b*x)");
        var y = Sample(x => 2 * Math.Exp(-0.5 * x), Xs);
        var fit = Fit.Curve(model, Xs, y, P(("a", 10), ("b", 3)), null, new FitOptions { MaxIterations = 2 });
        Assert.Equal(ExitReason.MaxIterations, fit.Exit);
        Assert.Equal(2, fit.Iterations);
        Assert.True(fit.ChiSquared < fit.Trace[0].ChiSquared);
    }

    public static TheoryData<string> BadInputs() =>
    [
        "lengths", "few", "nan-y", "inf-x", "sigma-zero", "sigma-length", "missing-start", "extra-start", "predictor-start",
        "function-name", "nan-start", "bad-rate", "bad-bound",
    ];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputThrowsAClearArgumentException(string which)
    {
        var model = Expr.Parse("a*exp(-b*x)");
        double[] x = [1, 2, 3, 4];
        double[] y = [1, 0.5, 0.25, 0.125];
        var start = P(("a", 1), ("b", 1));
        Action act = which switch
        {
            "lengths" => () => Fit.Curve(model, x, [1, 2, 3], start),
            "few" => () => Fit.Curve(model, [1.0], [1.0], start),
            "nan-y" => () => Fit.Curve(model, x, [1, double.NaN, 3, 4], start),
            "inf-x" => () => Fit.Curve(model, [1, double.PositiveInfinity, 3, 4], y, start),
            "sigma-zero" => () => Fit.Curve(model, x, y, start, [1, 0, 1, 1]),
            "sigma-length" => () => Fit.Curve(model, x, y, start, [1, 1]),
            "missing-start" => () => Fit.Curve(model, x, y, P(("a", 1))),
            "extra-start" => () => Fit.Curve(model, x, y, P(("a", 1), ("b", 1), ("k", 2))),
            "predictor-start" => () => Fit.Curve(model, x, y, P(("a", 1), ("b", 1), ("x", 2))),
            "function-name" => () => Fit.Curve(model, x, y, P(("a", 1), ("b", 1), ("sin", 2))),
            "nan-start" => () => Fit.Curve(model, x, y, P(("a", double.NaN), ("b", 1))),
            "bad-rate" => () => Fit.Curve(model, x, y, start, null, new FitOptions { Method = FitMethod.SteepestDescent, Rate = -1 }),
            "bad-bound" => () => Fit.Curve(model, x, y, start, null, new FitOptions { Bounds = new Dictionary<string, (double, double)> { ["c"] = (0, 1) } }),
            _ => throw new InvalidOperationException(which),
        };
        var error = Assert.ThrowsAny<ArgumentException>(act);
        var expectedWords = which switch
        {
            "lengths" => "has 4 values but y has 3",
            "few" => "fewer than the 2 parameters",
            "nan-y" => "y is NaN at point 2",
            "inf-x" => "at point 2",
            "sigma-zero" => "sigma is 0 at point 2",
            "sigma-length" => "sigma has 2 values",
            "missing-start" => "no start value for the parameter 'b'",
            "extra-start" => "does not mention the parameter 'k'",
            "predictor-start" => "'x' is a predictor",
            "function-name" => "'sin' is the name of a function",
            "nan-start" => "start value of 'a' is NaN",
            "bad-rate" => "rate",
            _ => "not a parameter",
        };
        Assert.Contains(expectedWords, error.Message);
    }

    [Fact]
    public void FunctionNamesCannotBeParsedAsParameters()
    {
        // The parser reads "sin" only as a function, so a parameter named like one can only arrive through the
        // start dictionary (rejected above) — and the model itself cannot contain such a symbol.
        Assert.False(Expr.TryParse("sin*x", out _));
    }

    [Fact]
    public void MethodNamesRoundTrip()
    {
        foreach (var method in Enum.GetValues<FitMethod>())
            Assert.Equal(method, FitMethods.Parse(method.ToJsonName()));
        Assert.Equal(FitMethod.SteepestDescent, FitMethods.Parse("SD"));
        Assert.Contains("lm", Assert.Throws<ArgumentException>(() => FitMethods.Parse("newton")).Message);
    }
}
