using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Optimization;

namespace Nabla.Regression;

/// <summary>Where an iterative fit ended, before the uncertainties are computed.</summary>
internal sealed record SolverOutcome(double[] Parameters, ExitReason Exit, int Iterations, IReadOnlyList<FitStep> Trace, string Message);

/// <summary>
/// The three iterative least-squares methods on a <see cref="NonlinearProblem"/>. All keep the best point so far and
/// never throw on a bad model: a fit that runs away or hits NaN stops with an exit reason and that best point.
/// </summary>
internal sealed class NonlinearSolver
{
    private const double Epsilon = 2.220446049250313e-16;
    private readonly NonlinearProblem _problem;
    private readonly FitOptions _options;
    private readonly double[] _lower, _upper;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<FitStep> _trace = [];
    private readonly int _m, _n;

    public NonlinearSolver(NonlinearProblem problem, FitOptions options, double[] lower, double[] upper)
    {
        _problem = problem;
        _options = options;
        _lower = lower;
        _upper = upper;
        _m = problem.M;
        _n = problem.N;
    }

    /// <summary>Moré's scaling D = running max of column norms (true) or D = I (false).</summary>
    public bool Scaled { get; init; } = true;

    /// <summary>Add Transtrum's geodesic acceleration to each LM step.</summary>
    public bool Geodesic { get; init; }

    /// <summary>The initial damping λ (relative to D²).</summary>
    public double InitialLambda { get; init; } = 1e-3;

    private bool OutOfTime => _clock.Elapsed > _options.TimeBudget;

    private void Record(int iteration, double[] p, double chi2, double stepNorm, double lambda)
    {
        if (_options.RecordTrace) _trace.Add(new FitStep(iteration, (double[])p.Clone(), chi2, stepNorm, lambda));
    }

    private SolverOutcome Done(double[] p, ExitReason exit, int iterations, string message) => new(p, exit, iterations, _trace, message);

    public double[] Project(double[] p)
    {
        var q = (double[])p.Clone();
        for (int j = 0; j < q.Length; j++) q[j] = Math.Clamp(q[j], _lower[j], _upper[j]);
        return q;
    }

    /// <summary>χ² below which the residuals are rounding noise of the data (an exact fit).</summary>
    private double RoundingFloor()
    {
        double floor = 0;
        for (int i = 0; i < _m; i++)
        {
            double e = 16 * Epsilon * Math.Abs(_problem.Weights[i] * _problem.Y[i]) + double.Epsilon;
            floor += e * e;
        }
        return floor;
    }

    private static double Norm2(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return s;
    }

    private static double[] ColumnNorms(double[,] j)
    {
        int m = j.GetLength(0), n = j.GetLength(1);
        var d = new double[n];
        for (int c = 0; c < n; c++)
        {
            double s = 0;
            for (int i = 0; i < m; i++) s += j[i, c] * j[i, c];
            d[c] = Math.Sqrt(s);
        }
        return d;
    }

    /// <summary>‖Q₁ᵀr‖²: the χ² reduction the full Gauss-Newton step would achieve on the linearised model.</summary>
    internal static double GaussNewtonPrediction(double[,] j, double[] r)
    {
        var svd = Matrix<double>.Build.DenseOfArray(j).Svd(true);
        var s = svd.S;
        double tol = s.Count > 0 ? s[0] * Math.Max(j.GetLength(0), j.GetLength(1)) * Epsilon : 0;
        var utr = svd.U.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(r));
        double sum = 0;
        for (int k = 0; k < s.Count; k++) if (s[k] > tol) sum += utr[k] * utr[k];
        return sum;
    }

    /// <summary>min ‖r − Jδ‖² + λ‖Dδ‖², by Householder QR of the stacked matrix [J; √λ·D] (never the normal equations).</summary>
    private static double[] DampedStep(double[,] j, double[] d, double lambda, double[] r)
    {
        int m = j.GetLength(0), n = j.GetLength(1);
        var a = Matrix<double>.Build.Dense(m + n, n);
        for (int i = 0; i < m; i++)
            for (int c = 0; c < n; c++) a[i, c] = j[i, c];
        double root = Math.Sqrt(lambda);
        for (int c = 0; c < n; c++) a[m + c, c] = root * d[c];
        var b = Vector<double>.Build.Dense(m + n);
        for (int i = 0; i < m; i++) b[i] = r[i];
        return a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Solve(b).ToArray();
    }

    /// <summary>The minimum-norm least-squares solution of Jδ ≈ r (truncated SVD pseudo-inverse).</summary>
    internal static double[] PseudoInverseStep(double[,] j, double[] r)
    {
        var svd = Matrix<double>.Build.DenseOfArray(j).Svd(true);
        var s = svd.S;
        double tol = s.Count > 0 ? s[0] * Math.Max(j.GetLength(0), j.GetLength(1)) * Epsilon : 0;
        var utr = svd.U.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(r));
        var z = Vector<double>.Build.Dense(j.GetLength(1));
        for (int k = 0; k < s.Count; k++) if (s[k] > tol) z[k] = utr[k] / s[k];
        return svd.VT.TransposeThisAndMultiply(z).ToArray();
    }

    private static double[] Times(double[,] j, double[] v)
    {
        int m = j.GetLength(0), n = j.GetLength(1);
        var result = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int c = 0; c < n; c++) s += j[i, c] * v[c];
            result[i] = s;
        }
        return result;
    }

    private static bool Runaway(double[] p) => p.Any(v => !double.IsFinite(v) || Math.Abs(v) > 1e300);

    private static string Format(double[] p) => string.Join(", ", p.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));

    private bool Start(double[] p, double[] r, double[,] jacobian, out double chi2, out SolverOutcome? failed)
    {
        chi2 = _problem.Residuals(p, r);
        Record(0, p, chi2, 0, 0);
        failed = null;
        if (!double.IsFinite(chi2))
        {
            failed = Done(p, ExitReason.UndefinedAtStart, 0, $"the model is not finite at the start ({Format(p)}) for some data point; choose another start.");
            return false;
        }
        if (!_problem.Jacobian(p, jacobian))
        {
            failed = Done(p, ExitReason.UndefinedAtStart, 0, $"the Jacobian ∂f/∂p is not finite at the start ({Format(p)}); choose another start.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Levenberg-Marquardt with Moré's scaling (D = running maximum of the Jacobian's column norms), Nielsen's
    /// update of λ from the gain ratio ρ, and each step solved by QR of [J; √λD].
    /// </summary>
    public SolverOutcome LevenbergMarquardt(double[] start)
    {
        double tol = _options.Tolerance;
        var p = Project(start);
        var r = new double[_m];
        var rNew = new double[_m];
        var jacobian = new double[_m, _n];
        if (!Start(p, r, jacobian, out double chi2, out var failed)) return failed!;
        var d = ColumnNorms(jacobian).Select(v => v > 0 ? v : 1).ToArray();
        double lambda = InitialLambda, nu = 2, floor = RoundingFloor();
        if (!Scaled)
        {
            lambda *= d.Max(v => v * v);
            Array.Fill(d, 1.0);
        }
        int iteration = 0;
        while (true)
        {
            if (chi2 <= floor) return Done(p, ExitReason.Converged, iteration, $"converged to an exact fit (χ² = {chi2:G3} is at the rounding level of the data).");
            double gaussNewton = GaussNewtonPrediction(jacobian, r);
            if (gaussNewton <= tol * chi2)
                return Done(p, ExitReason.Converged, iteration, $"converged after {iteration} iterations: no step can lower χ² = {chi2:G10} by more than {tol:G2} of itself.");
            if (iteration >= _options.MaxIterations)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations (the maximum) at χ² = {chi2:G10}, parameters {Format(p)}.");
            if (OutOfTime)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations: the time budget of {_options.TimeBudget.TotalSeconds:G3} s ran out (χ² = {chi2:G10}).");
            iteration++;
            double[] pNew;
            double chiNew, predicted, stepNorm;
            while (true)
            {
                var delta = DampedStep(jacobian, d, lambda, r);
                if (Geodesic && !Accelerate(p, delta, jacobian, d, lambda, r, rNew))
                {
                    lambda *= nu;
                    nu *= 2;
                    if (lambda > 1e300) delta = new double[_n];
                    else continue;
                }
                pNew = Project(p.Zip(delta, (a, b) => a + b).ToArray());
                var step = pNew.Zip(p, (a, b) => a - b).ToArray();
                bool projected = !step.SequenceEqual(delta);
                stepNorm = Math.Sqrt(step.Select((v, k) => v * v * d[k] * d[k]).Sum());
                double pNorm = Math.Sqrt(p.Select((v, k) => v * v * d[k] * d[k]).Sum());
                if (stepNorm <= tol * (pNorm + tol) || lambda > 1e300)
                {
                    bool nearlyStationary = gaussNewton <= Math.Sqrt(tol) * chi2;
                    return Done(p, nearlyStationary ? ExitReason.Converged : ExitReason.Stalled, iteration, nearlyStationary
                        ? $"converged after {iteration} iterations: the step is below the tolerance relative to the parameters, at χ² = {chi2:G10}."
                        : $"stalled after {iteration} iterations at χ² = {chi2:G10}: steps shrank to rounding level before the χ² gradient vanished.");
                }
                chiNew = _problem.Residuals(pNew, rNew);
                var jd = Times(jacobian, step);
                predicted = projected || Geodesic
                    ? chi2 - Norm2(r.Zip(jd, (a, b) => a - b).ToArray())
                    : Norm2(jd) + 2 * lambda * step.Select((v, k) => v * v * d[k] * d[k]).Sum();
                double rho = (chi2 - chiNew) / predicted;
                if (double.IsFinite(chiNew) && predicted > 0 && rho > 1e-4)
                {
                    lambda *= Math.Max(1.0 / 3, 1 - Math.Pow(2 * rho - 1, 3));
                    lambda = Math.Max(lambda, 1e-300);
                    nu = 2;
                    break;
                }
                lambda *= nu;
                nu *= 2;
            }
            double actual = chi2 - chiNew, before = chi2;
            p = pNew;
            (r, rNew) = (rNew, r);
            chi2 = chiNew;
            Record(iteration, p, chi2, stepNorm, lambda);
            if (Runaway(p)) return Done(p, ExitReason.Diverged, iteration, $"the parameters ran away ({Format(p)}) after {iteration} iterations.");
            if (!_problem.Jacobian(p, jacobian))
                return Done(p, ExitReason.NonFinite, iteration, $"the Jacobian became non-finite at {Format(p)} (χ² = {chi2:G10}) after {iteration} iterations.");
            var norms = ColumnNorms(jacobian);
            for (int k = 0; k < _n; k++) d[k] = Math.Max(d[k], norms[k]);
            if (actual <= tol * before && predicted <= tol * before)
                return Done(p, ExitReason.Converged, iteration, $"converged after {iteration} iterations: the last step changed χ² = {chi2:G10} by at most {tol:G2} of itself.");
        }
    }

    /// <summary>
    /// Transtrum's geodesic acceleration: the second directional derivative of the residuals along the step v (one
    /// finite difference) gives a correction a with [J; √λD]·a ≈ [−r_vv; 0]; the step becomes v + a/2, allowed only
    /// while 2‖Da‖ ≤ 0.75‖Dv‖ (otherwise the step is rejected and λ grows).
    /// </summary>
    private bool Accelerate(double[] p, double[] velocity, double[,] jacobian, double[] d, double lambda, double[] r, double[] scratch)
    {
        const double h = 0.1;
        var probe = p.Zip(velocity, (a, b) => a + h * b).ToArray();
        if (!double.IsFinite(_problem.Residuals(probe, scratch))) return false;
        var jv = Times(jacobian, velocity);
        // R = −r is the model-minus-data residual; R_vv ≈ (2/h)·((R(p+hv) − R(p))/h − Jv).
        var rvv = new double[_m];
        for (int i = 0; i < _m; i++) rvv[i] = -(2 / h) * ((r[i] - scratch[i]) / h - jv[i]);
        var acceleration = DampedStep(jacobian, d, lambda, rvv);
        double a = Math.Sqrt(acceleration.Select((v, k) => v * v * d[k] * d[k]).Sum());
        double v = Math.Sqrt(velocity.Select((x, k) => x * x * d[k] * d[k]).Sum());
        if (!double.IsFinite(a) || 2 * a > 0.75 * v) return false;
        for (int k = 0; k < _n; k++) velocity[k] += 0.5 * acceleration[k];
        return true;
    }

    /// <summary>Gauss-Newton: the least-squares step of the linearised model (pseudo-inverse), halved until χ² drops.</summary>
    public SolverOutcome GaussNewton(double[] start)
    {
        double tol = _options.Tolerance;
        var p = Project(start);
        var r = new double[_m];
        var rNew = new double[_m];
        var jacobian = new double[_m, _n];
        if (!Start(p, r, jacobian, out double chi2, out var failed)) return failed!;
        double floor = RoundingFloor();
        int iteration = 0;
        while (true)
        {
            if (chi2 <= floor) return Done(p, ExitReason.Converged, iteration, $"converged to an exact fit (χ² = {chi2:G3} is at the rounding level of the data).");
            double gaussNewton = GaussNewtonPrediction(jacobian, r);
            if (gaussNewton <= tol * chi2)
                return Done(p, ExitReason.Converged, iteration, $"converged after {iteration} iterations: no step can lower χ² = {chi2:G10} by more than {tol:G2} of itself.");
            if (iteration >= _options.MaxIterations)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations (the maximum) at χ² = {chi2:G10}, parameters {Format(p)}.");
            if (OutOfTime)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations: the time budget ran out (χ² = {chi2:G10}).");
            iteration++;
            var delta = PseudoInverseStep(jacobian, r);
            double factor = 1, chiNew = double.NaN;
            double[] pNew = p;
            bool accepted = false;
            for (int halving = 0; halving < 60; halving++, factor /= 2)
            {
                pNew = Project(p.Zip(delta, (a, b) => a + factor * b).ToArray());
                chiNew = _problem.Residuals(pNew, rNew);
                if (double.IsFinite(chiNew) && chiNew < chi2) { accepted = true; break; }
            }
            if (!accepted)
            {
                bool nearlyStationary = gaussNewton <= Math.Sqrt(tol) * chi2;
                return Done(p, nearlyStationary ? ExitReason.Converged : ExitReason.LineSearchFailed, iteration, nearlyStationary
                    ? $"converged after {iteration} iterations: no Gauss-Newton step lowers χ² = {chi2:G10} any more (rounding level)."
                    : $"the Gauss-Newton step does not lower χ² = {chi2:G10} even when halved 60 times; try Levenberg-Marquardt.");
            }
            double stepNorm = Math.Sqrt(pNew.Zip(p, (a, b) => (a - b) * (a - b)).Sum());
            double before = chi2;
            p = pNew;
            (r, rNew) = (rNew, r);
            chi2 = chiNew;
            Record(iteration, p, chi2, stepNorm, 0);
            if (Runaway(p)) return Done(p, ExitReason.Diverged, iteration, $"the parameters ran away ({Format(p)}) after {iteration} iterations.");
            if (!_problem.Jacobian(p, jacobian))
                return Done(p, ExitReason.NonFinite, iteration, $"the Jacobian became non-finite at {Format(p)} after {iteration} iterations.");
            if (before - chi2 <= tol * before && gaussNewton <= Math.Sqrt(tol) * before)
                return Done(p, ExitReason.Converged, iteration, $"converged after {iteration} iterations: the last step changed χ² = {chi2:G10} by at most {tol:G2} of itself.");
        }
    }

    /// <summary>
    /// Steepest descent on χ²: with a rate γ, the course's p ← p − γ·∇χ² (∇χ² = −2Jᵀr); without, a backtracking
    /// (Armijo) line search along −∇χ². With a fixed step count, exactly that many steps are taken.
    /// </summary>
    public SolverOutcome SteepestDescent(double[] start)
    {
        double tol = _options.Tolerance;
        var p = Project(start);
        var r = new double[_m];
        var rNew = new double[_m];
        var jacobian = new double[_m, _n];
        if (!Start(p, r, jacobian, out double chi2, out var failed)) return failed!;
        double chiStart = chi2;
        var best = p;
        double bestChi2 = chi2;
        int limit = _options.Iterations ?? _options.MaxIterations;
        bool fixedCount = _options.Iterations is not null;
        double alpha = double.NaN;
        var gradient = new double[_n];
        for (int iteration = 1; iteration <= limit; iteration++)
        {
            if (OutOfTime)
                return Done(best, ExitReason.MaxIterations, iteration - 1, $"stopped after {iteration - 1} steps: the time budget ran out (best χ² = {bestChi2:G10}).");
            for (int k = 0; k < _n; k++)
            {
                double s = 0;
                for (int i = 0; i < _m; i++) s += jacobian[i, k] * r[i];
                gradient[k] = -2 * s;
            }
            double gradientNorm = Math.Sqrt(Norm2(gradient));
            double[] pNew;
            double chiNew;
            if (_options.Rate is { } rate)
            {
                pNew = Project(p.Zip(gradient, (a, g) => a - rate * g).ToArray());
                chiNew = _problem.Residuals(pNew, rNew);
            }
            else
            {
                if (gradientNorm == 0)
                    return Done(p, ExitReason.Converged, iteration - 1, $"converged: the gradient of χ² is zero at {Format(p)}.");
                if (double.IsNaN(alpha)) alpha = 1e-3 * Math.Max(1, Math.Sqrt(Norm2(p))) / gradientNorm;
                else alpha *= 4;
                bool found = false;
                chiNew = double.NaN;
                pNew = p;
                for (int tries = 0; tries < 80; tries++, alpha /= 2)
                {
                    pNew = Project(p.Zip(gradient, (a, g) => a - alpha * g).ToArray());
                    chiNew = _problem.Residuals(pNew, rNew);
                    double decrease = p.Zip(pNew, (a, b) => a - b).Zip(gradient, (s, g) => s * g).Sum();
                    if (double.IsFinite(chiNew) && chi2 - chiNew >= 1e-4 * decrease && chiNew <= chi2) { found = true; break; }
                }
                if (!found)
                    return Done(best, ExitReason.Converged, iteration - 1, $"converged after {iteration - 1} steps: no step along −∇χ² lowers χ² = {bestChi2:G10} any more.");
            }
            double stepNorm = Math.Sqrt(pNew.Zip(p, (a, b) => (a - b) * (a - b)).Sum());
            Record(iteration, pNew, chiNew, stepNorm, 0);
            if (!double.IsFinite(chiNew))
                return Done(best, ExitReason.NonFinite, iteration, $"χ² became non-finite at step {iteration} (parameters {Format(pNew)}); the rate may be too large. Returning the best point, χ² = {bestChi2:G10}.");
            if (Runaway(pNew) || chiNew > 1e12 * Math.Max(chiStart, 1e-300))
                return Done(best, ExitReason.Diverged, iteration, $"steepest descent diverged at step {iteration} (χ² = {chiNew:G4}); the rate is too large. Returning the best point, χ² = {bestChi2:G10}.");
            double before = chi2;
            p = pNew;
            (r, rNew) = (rNew, r);
            chi2 = chiNew;
            if (chi2 < bestChi2) { best = p; bestChi2 = chi2; }
            if (!_problem.Jacobian(p, jacobian))
                return Done(best, ExitReason.NonFinite, iteration, $"the Jacobian became non-finite at {Format(p)} after {iteration} steps.");
            if (!fixedCount && Math.Abs(before - chi2) <= tol * before && stepNorm <= Math.Sqrt(tol) * (Math.Sqrt(Norm2(p)) + Math.Sqrt(tol)))
                return Done(best, ExitReason.Converged, iteration, $"converged after {iteration} steps: χ² = {bestChi2:G10} changed by at most {tol:G2} of itself.");
        }
        return fixedCount
            ? Done(p, ExitReason.MaxIterations, limit, $"took the {limit} requested steps (a fixed loop, not a convergence test); χ² = {chi2:G10} at {Format(p)}.")
            : Done(best, ExitReason.MaxIterations, limit, $"stopped after {limit} steps (the maximum) without converging; best χ² = {bestChi2:G10}.");
    }
}
