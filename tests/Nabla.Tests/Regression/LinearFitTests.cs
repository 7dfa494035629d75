using CsCheck;
using Nabla.Optimization;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Tests.Regression;

public sealed class LinearFitTests
{
    private static readonly double[] X = [0.5, 1.3, 2.1, 2.9, 4.2, 5.0, 6.4, 7.7];
    private static readonly double[] Y = [1.9, 3.1, 4.4, 5.2, 7.8, 8.9, 11.6, 13.9];
    private static readonly double[] S = [0.2, 0.3, 0.2, 0.5, 0.4, 0.3, 0.6, 0.5];

    private static void Close(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1e-300, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Straight_line_matches_the_closed_form_formulas()
    {
        // The textbook formulas with Δ = nΣx² − (Σx)² (an independent oracle: sums, not a factorisation).
        int n = X.Length;
        double sx = X.Sum(), sy = Y.Sum(), sxx = X.Sum(v => v * v), sxy = X.Zip(Y, (a, b) => a * b).Sum();
        double delta = n * sxx - sx * sx;
        double m = (n * sxy - sx * sy) / delta, c = (sxx * sy - sx * sxy) / delta;
        double ssr = X.Zip(Y, (a, b) => (b - m * a - c) * (b - m * a - c)).Sum();
        double s2 = ssr / (n - 2);
        double xm = sx / n, ym = sy / n;
        double r = X.Zip(Y, (a, b) => (a - xm) * (b - ym)).Sum()
                   / Math.Sqrt(X.Sum(a => (a - xm) * (a - xm)) * Y.Sum(b => (b - ym) * (b - ym)));

        var fit = Fit.Line(X, Y);
        Close(m, fit.Slope);
        Close(c, fit.Intercept);
        Close(Math.Sqrt(n * s2 / delta), fit.SlopeError, 1e-10);
        Close(Math.Sqrt(s2 * sxx / delta), fit.InterceptError, 1e-10);
        Close(r, fit.R);
        Close(ssr, fit.Fit.ChiSquared, 1e-10);
        Assert.Equal(n - 2, fit.Fit.DegreesOfFreedom);
        Assert.Equal(["intercept", "slope"], fit.Fit.ParameterNames);
        Assert.Equal("linear-qr", fit.Fit.Method);
        Assert.Equal(ExitReason.Converged, fit.Fit.Exit);
        Assert.Equal(2, fit.Fit.Rank);
    }

    [Fact]
    public void Weighted_line_with_absolute_sigma_matches_the_weighted_formulas()
    {
        double[] w = [.. S.Select(s => 1 / (s * s))];
        double sw = w.Sum(), swx = w.Zip(X, (a, b) => a * b).Sum(), swy = w.Zip(Y, (a, b) => a * b).Sum();
        double swxx = Enumerable.Range(0, X.Length).Sum(i => w[i] * X[i] * X[i]);
        double swxy = Enumerable.Range(0, X.Length).Sum(i => w[i] * X[i] * Y[i]);
        double delta = sw * swxx - swx * swx;
        double m = (sw * swxy - swx * swy) / delta, c = (swxx * swy - swx * swxy) / delta;
        double chi2 = Enumerable.Range(0, X.Length).Sum(i => w[i] * Math.Pow(Y[i] - m * X[i] - c, 2));

        var absolute = Fit.Line(X, Y, S, absoluteSigma: true);
        Close(m, absolute.Slope);
        Close(c, absolute.Intercept);
        Close(Math.Sqrt(sw / delta), absolute.SlopeError, 1e-10);
        Close(Math.Sqrt(swxx / delta), absolute.InterceptError, 1e-10);
        Close(chi2, absolute.Fit.ChiSquared, 1e-10);
        Assert.True(absolute.Fit.AbsoluteSigma);

        // curve_fit semantics: relative σ scale the covariance by the reduced χ².
        var relative = Fit.Line(X, Y, S);
        double reduced = chi2 / (X.Length - 2);
        Close(absolute.SlopeError * Math.Sqrt(reduced), relative.SlopeError, 1e-10);
        Close(absolute.Fit.Covariance[0, 1] * reduced, relative.Fit.Covariance[0, 1], 1e-10);
        Close(absolute.Fit.Correlation[0, 1], relative.Fit.Correlation[0, 1], 1e-10);
    }

    [Fact]
    public void Weighted_fit_equals_unweighted_fit_on_rows_scaled_by_one_over_sigma()
    {
        Gen.Select(Gen.Int[3, 12], Gen.Int[1, 3], Gen.Int[0, 1000]).Sample((n, p, seed) =>
        {
            if (n <= p) return true;
            var rng = new Random(seed);
            var design = new double[n, p];
            var scaled = new double[n, p];
            var y = new double[n]; var ys = new double[n]; var sigma = new double[n];
            for (int i = 0; i < n; i++)
            {
                sigma[i] = 0.1 + 2 * rng.NextDouble();
                y[i] = rng.NextDouble() * 10 - 5;
                ys[i] = y[i] / sigma[i];
                for (int j = 0; j < p; j++)
                {
                    design[i, j] = rng.NextDouble() * 4 - 2;
                    scaled[i, j] = design[i, j] / sigma[i];
                }
            }
            string[] names = [.. Enumerable.Range(0, p).Select(j => $"b{j}")];
            var weighted = Fit.Linear(design, y, names, sigma);
            var plain = Fit.Linear(scaled, ys, names);
            for (int j = 0; j < p; j++)
            {
                if (Math.Abs(weighted.Parameters[j] - plain.Parameters[j]) > 1e-8 * (1 + Math.Abs(plain.Parameters[j]))) return false;
                if (Math.Abs(weighted.StandardErrors[j] - plain.StandardErrors[j]) > 1e-8 * (1 + plain.StandardErrors[j])) return false;
            }
            return Math.Abs(weighted.ChiSquared - plain.ChiSquared) <= 1e-8 * (1 + plain.ChiSquared);
        }, iter: 200);
    }

    [Fact]
    public void Polynomials_recover_exact_coefficients_from_noise_free_data()
    {
        // x on a grid of halves and integer coefficients: every y is exact in double, so the data are truly noise-free.
        Gen.Select(Gen.Int[0, 6], Gen.Int[-5, 5].Array[7], Gen.Int[-6, 3]).Sample((degree, ints, shift) =>
        {
            var coefficients = ints.Take(degree + 1).Select(k => (double)k).ToArray();
            int n = degree + 6;
            var x = Enumerable.Range(0, n).Select(i => shift + 0.5 * i).ToArray();
            var y = x.Select(v => coefficients.Select((c, k) => c * Math.Pow(v, k)).Sum()).ToArray();
            var fit = Fit.Polynomial(x, y, degree);
            for (int k = 0; k <= degree; k++)
                if (Math.Abs(fit.Parameters[k] - coefficients[k]) > 1e-9 * (1 + Math.Abs(coefficients[k]))) return false;
            return fit.ParameterNames[degree] == $"c{degree}" && fit.Rank == degree + 1;
        }, iter: 300);
    }

    [Fact]
    public void Svd_and_qr_agree_on_a_well_conditioned_design()
    {
        var design = new double[X.Length, 3];
        for (int i = 0; i < X.Length; i++) { design[i, 0] = 1; design[i, 1] = X[i]; design[i, 2] = Math.Sin(X[i]); }
        var qr = Fit.Linear(design, Y, ["a", "b", "c"]);
        var svd = Fit.Linear(design, Y, ["a", "b", "c"], solver: LinearSolver.SVD);
        Assert.Equal("linear-svd", svd.Method);
        for (int j = 0; j < 3; j++)
        {
            Close(qr.Parameters[j], svd.Parameters[j], 1e-11);
            Close(qr.StandardErrors[j], svd.StandardErrors[j], 1e-9);
        }
    }

    [Fact]
    public void Rank_deficiency_is_reported_and_the_minimum_norm_solution_returned()
    {
        // Column 3 = column 2: only b + c is determined; the data follow y = 1 + 2x exactly.
        var design = new double[X.Length, 3];
        var y = new double[X.Length];
        for (int i = 0; i < X.Length; i++) { design[i, 0] = 1; design[i, 1] = X[i]; design[i, 2] = X[i]; y[i] = 1 + 2 * X[i]; }
        var fit = Fit.Linear(design, y, ["a", "b", "c"]);
        Assert.Equal(2, fit.Rank);
        Assert.Contains("rank deficient", fit.Message);
        Assert.Equal("linear-svd", fit.Method);
        Close(1, fit.Parameters[0], 1e-10);
        Close(1, fit.Parameters[1], 1e-10);   // minimum norm splits b + c = 2 evenly
        Close(1, fit.Parameters[2], 1e-10);
        Assert.All(fit.Residuals, r => Assert.True(Math.Abs(r) < 1e-12));
    }

    [Fact]
    public void An_all_zero_column_is_reported_and_its_parameter_left_at_zero()
    {
        var design = new double[X.Length, 2];
        for (int i = 0; i < X.Length; i++) design[i, 0] = X[i];
        var fit = Fit.Linear(design, Y, ["m", "unused"]);
        Assert.Equal(1, fit.Rank);
        Assert.Equal(0, fit["unused"]);
        Close(X.Zip(Y, (a, b) => a * b).Sum() / X.Sum(v => v * v), fit["m"], 1e-12);   // slope through the origin
    }

    [Fact]
    public void Basis_functions_build_the_same_design_as_a_matrix()
    {
        var x = Expr.Sym("x");
        var predictors = new Dictionary<string, double[]> { ["x"] = X };
        var byBasis = Fit.Linear([Expr.Num(1), x, Expr.Sin(x)], predictors, Y, S);
        var design = new double[X.Length, 3];
        for (int i = 0; i < X.Length; i++) { design[i, 0] = 1; design[i, 1] = X[i]; design[i, 2] = Math.Sin(X[i]); }
        var byMatrix = Fit.Linear(design, Y, ["a0", "a1", "a2"], S);
        Assert.Equal(["a0", "a1", "a2"], byBasis.ParameterNames);
        for (int j = 0; j < 3; j++) Close(byMatrix.Parameters[j], byBasis.Parameters[j], 1e-12);
    }

    [Fact]
    public void Condition_number_is_that_of_the_normal_matrix()
    {
        // Orthogonal columns of norms 1 and 10: cond(X) = 10, cond(XᵀX) = 100.
        var design = new double[,] { { 1, 0 }, { 0, 10 }, { 0, 0 } };
        var fit = Fit.Linear(design, [1, 2, 3], ["a", "b"]);
        Close(100, fit.ConditionNumber, 1e-12);
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        Assert.Contains("pair up", Assert.Throws<ArgumentException>(() => Fit.Line([1, 2, 3], [1, 2])).Message);
        Assert.Contains("at least as many points", Assert.Throws<ArgumentException>(() => Fit.Polynomial([1, 2], [1, 2], 2)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Fit.Line([1, 2, double.NaN], [1, 2, 3])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Fit.Line([1, 2, 3], [1, double.PositiveInfinity, 3])).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => Fit.Line([1, 2, 3], [1, 2, 3], [1, 0, 1])).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => Fit.Line([1, 2, 3], [1, 2, 3], [1, -1, 1])).Message);
        Assert.Contains("sigma has 2", Assert.Throws<ArgumentException>(() => Fit.Line([1, 2, 3], [1, 2, 3], [1, 1])).Message);
        Assert.Contains("all x values are equal", Assert.Throws<ArgumentException>(() => Fit.Line([2, 2, 2], [1, 2, 3])).Message);
        Assert.Contains("3 rows", Assert.Throws<ArgumentException>(() => Fit.Linear(new double[3, 1], [1, 2], ["a"])).Message);
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => Fit.Linear(new double[3, 2], [1, 2, 3], ["a", "a"])).Message);
        Assert.Contains("degree", Assert.Throws<ArgumentException>(() => Fit.Polynomial([1, 2], [1, 2], -1)).Message);
        var predictors = new Dictionary<string, double[]> { ["x"] = [1, 2, 3] };
        Assert.Contains("not a predictor", Assert.Throws<ArgumentException>(() => Fit.Linear([Expr.Sym("t")], predictors, [1, 2, 3])).Message);
        Assert.Contains("undefined at point 0", Assert.Throws<ArgumentException>(() =>
            Fit.Linear([Expr.Ln(Expr.Sym("x") - 1)], predictors, [1, 2, 3])).Message);
        Assert.Contains("has 2 values", Assert.Throws<ArgumentException>(() =>
            Fit.Linear([Expr.Sym("x")], new Dictionary<string, double[]> { ["x"] = [1, 2] }, [1, 2, 3])).Message);
    }

    [Fact]
    public void Oversized_problems_are_refused_before_any_work()
    {
        var x = new double[3000];
        var error = Assert.Throws<BudgetExceededException>(() => Fit.Polynomial(x, x, 999));
        Assert.Contains("work budget", error.Message);
    }

    [Fact]
    public void No_degrees_of_freedom_means_infinite_relative_errors_but_finite_absolute_ones()
    {
        var relative = Fit.Line([1, 2], [3, 5]);
        Assert.Equal(2, relative.Slope, 12);
        Assert.True(double.IsPositiveInfinity(relative.SlopeError));
        Assert.Contains("no scatter left", relative.Fit.Message);
        var absolute = Fit.Line([1, 2], [3, 5], [0.5, 0.5], absoluteSigma: true);
        Assert.Equal(Math.Sqrt(0.5), absolute.SlopeError, 12);   // σ_m² = S/Δ = 8/(8·20 − 12²) = 1/2 with wᵢ = 1/σᵢ² = 4
    }

    [Fact]
    public void P_value_and_dof_are_filled_in()
    {
        var fit = Fit.Line(X, Y, S, absoluteSigma: true);
        var chi = ChiSquared.Compute(Y, [.. X.Select(v => fit.Slope * v + fit.Intercept)], S, 2);
        Close(chi.Value, fit.Fit.ChiSquared, 1e-10);
        Close(chi.PValue, fit.Fit.PValue, 1e-8);
        Assert.Equal(0, fit.Fit.Iterations);
        Assert.Empty(fit.Fit.Trace);
    }
}
