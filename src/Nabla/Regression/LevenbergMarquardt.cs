using System.Diagnostics;
using System.Numerics.Tensors;
using Nabla.Optimization;

namespace Nabla.Regression;

/// <summary>Where an iterative fit ended, before the uncertainties are computed.</summary>
/// <remarks><paramref name="Jacobian"/>, when given, holds the weighted Jacobian's columns at <paramref name="Parameters"/>,
/// so the finish need not evaluate it again.</remarks>
internal sealed record SolverOutcome(double[] Parameters, ExitReason Exit, int Iterations, IReadOnlyList<FitStep> Trace, string Message,
    double[][]? Jacobian = null);

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
    private double[]? _probe, _acceleration;   // geodesic-acceleration buffers, allocated on first use per run

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

    /// <summary>
    /// Geodesic acceleration on the trust-region steps (Transtrum and Sethna 2012): the trust-region step v (the
    /// "velocity") gets the second-order correction a/2 when 2‖Da‖ ≤ 0.75‖Dv‖, and the gain ratio compares the
    /// actual χ² reduction of v + a/2 with the reduction the linear model predicts for v. On a curved valley
    /// (Bennett5, MGH09/10/17) the correction bends the step along the valley, so the radius no longer has to stay
    /// small to keep ρ up. Default true; the Nielsen-damped <see cref="Geodesic"/> run ignores it.
    /// </summary>
    public bool Accelerated { get; init; } = true;

    /// <summary>The initial damping λ (relative to D²).</summary>
    public double InitialLambda { get; init; } = 1e-3;

    private bool OutOfTime => _clock.Elapsed > _options.TimeBudget | CancelledOrFalse();

    private static bool CancelledOrFalse()
    {
        EngineCancellation.ThrowIfCancelled("least-squares fit");
        return false;
    }

    private void Record(int iteration, double[] p, double chi2, double stepNorm, double lambda)
    {
        if (_options.RecordTrace) _trace.Add(new FitStep(iteration, (double[])p.Clone(), chi2, stepNorm, lambda));
    }

    private SolverOutcome Done(double[] p, ExitReason exit, int iterations, string message, double[][]? jacobian = null) =>
        new(p, exit, iterations, _trace, message, jacobian);

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
        return TensorPrimitives.SumOfSquares(v);
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
    /// Levenberg-Marquardt with Moré's scaling (D = running maximum of the Jacobian's column norms), MINPACK's trust
    /// region for λ (or, in the <see cref="Geodesic"/> restart, Nielsen's update), geodesic acceleration of the
    /// trust-region steps (<see cref="Accelerated"/>), and each step min ‖r − Jδ‖² + λ‖Dδ‖² solved from the QR of J,
    /// computed once per iteration, with only the small n×n problem redone per trial λ (<see cref="DampedQr"/>).
    /// </summary>
    public SolverOutcome LevenbergMarquardt(double[] start)
    {
        double tol = _options.Tolerance;
        var p = Project(start);
        var work = _problem.NewEvaluation();
        var r = new double[_m];
        var rNew = new double[_m];
        var jacobian = new double[_n][];
        for (int k = 0; k < _n; k++) jacobian[k] = new double[_m];
        double chi2 = _problem.Residuals(p, r, work);
        Record(0, p, chi2, 0, 0);
        if (!double.IsFinite(chi2))
            return Done(p, ExitReason.UndefinedAtStart, 0, $"the model is not finite at the start ({Format(p)}) for some data point; choose another start.");
        if (!_problem.JacobianColumns(p, jacobian, work))
            return Done(p, ExitReason.UndefinedAtStart, 0, $"the Jacobian ∂f/∂p is not finite at the start ({Format(p)}); choose another start.");
        var qr = new DampedQr(_m, _n);
        // When the Jacobian costs little more than the model (its derivatives reuse the model's exp/sin/cos: ENSO,
        // the Gauss problems), each trial point is evaluated with its Jacobian in one kernel call: most trials are
        // accepted, and an accepted one then needs no further evaluation.
        double[][]? trialJacobian = null;
        bool trialJacobianOk = false;
        if (_problem.JacobianIsCheap)
        {
            trialJacobian = new double[_n][];
            for (int k = 0; k < _n; k++) trialJacobian[k] = new double[_m];
        }
        var d = new double[_n];
        for (int k = 0; k < _n; k++)
        {
            double norm = Math.Sqrt(Norm2(jacobian[k]));
            d[k] = norm > 0 ? norm : 1;
        }
        double lambda = InitialLambda, nu = 2, floor = RoundingFloor();
        if (!Scaled)
        {
            lambda *= d.Max(v => v * v);
            Array.Fill(d, 1.0);
        }
        var delta = new double[_n];
        var step = new double[_n];
        var pNew = new double[_n];
        var rvv = Geodesic || Accelerated ? new double[_m] : [];
        var velocity = new double[_n];
        double velocityScaled = 0;
        bool accelerated = false;
        // MINPACK's initial trust radius: 100·‖Dp₀‖ (100 when p₀ = 0), cut to the first step's length.
        double radius = 100 * ScaledNorm(p, d);
        if (radius == 0) radius = 100;
        bool radiusSet = false;
        int iteration = 0;
        while (true)
        {
            if (chi2 <= floor) return Done(p, ExitReason.Converged, iteration, $"converged to an exact fit (χ² = {chi2:G3} is at the rounding level of the data).", jacobian);
            qr.Factor(jacobian, r);
            double gaussNewton = qr.ClearlyFullRank ? Norm2(qr.QtR) : JacobianSvd.Of(jacobian, _m).GaussNewtonPrediction(r);
            if (gaussNewton <= tol * chi2)
                return Done(p, ExitReason.Converged, iteration, $"converged after {iteration} iterations: no step can lower χ² = {chi2:G10} by more than {tol:G2} of itself.", jacobian);
            if (iteration >= _options.MaxIterations)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations (the maximum) at χ² = {chi2:G10}, parameters {Format(p)}.", jacobian);
            if (OutOfTime)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations: the time budget of {_options.TimeBudget.TotalSeconds:G3} s ran out (χ² = {chi2:G10}).", jacobian);
            iteration++;
            double chiNew, predicted, stepNorm;
            while (true)
            {
                if (Geodesic) qr.Solve(d, lambda, delta);
                else
                {
                    lambda = qr.TrustRegionStep(d, radius, lambda, delta);
                    if (iteration == 1 && !radiusSet)
                    {
                        radius = Math.Min(radius, ScaledNorm(delta, d));
                        radiusSet = true;
                    }
                    if (Accelerated)
                    {
                        delta.CopyTo(velocity, 0);
                        velocityScaled = ScaledNorm(delta, d);
                        accelerated = Accelerate(p, delta, jacobian, qr, d, lambda, r, rNew, rvv, work);
                    }
                }
                if (Geodesic && !Accelerate(p, delta, jacobian, qr, d, lambda, r, rNew, rvv, work))
                {
                    lambda *= nu;
                    nu *= 2;
                    if (lambda > 1e300) Array.Clear(delta);
                    else continue;
                }
                bool projected = false;
                double stepScaled = 0, pScaled = 0;
                for (int k = 0; k < _n; k++)
                {
                    double unclamped = p[k] + delta[k];
                    pNew[k] = Math.Clamp(unclamped, _lower[k], _upper[k]);
                    step[k] = pNew[k] - p[k];
                    // Only a bound changes the step's direction; (p + δ) − p ≠ δ by rounding alone is no projection.
                    projected |= pNew[k] != unclamped;
                    stepScaled += step[k] * step[k] * d[k] * d[k];
                    pScaled += p[k] * p[k] * d[k] * d[k];
                }
                stepNorm = Math.Sqrt(stepScaled);
                if (!(stepNorm > tol * (Math.Sqrt(pScaled) + tol)) || lambda > 1e300)
                {
                    bool nearlyStationary = gaussNewton <= Math.Sqrt(tol) * chi2;
                    return Done(p, nearlyStationary ? ExitReason.Converged : ExitReason.Stalled, iteration, nearlyStationary
                        ? $"converged after {iteration} iterations: the step is below the tolerance relative to the parameters, at χ² = {chi2:G10}."
                        : $"stalled after {iteration} iterations at χ² = {chi2:G10}: steps shrank to rounding level before the χ² gradient vanished.", jacobian);
                }
                chiNew = trialJacobian is null ? _problem.Residuals(pNew, rNew, work)
                    : _problem.ResidualsAndJacobian(pNew, rNew, trialJacobian, work, out trialJacobianOk);
                if (projected || Geodesic)
                {
                    double rest = 0;
                    for (int i = 0; i < _m; i++)
                    {
                        double jd = 0;
                        for (int k = 0; k < _n; k++) jd += jacobian[k][i] * step[k];
                        rest += (r[i] - jd) * (r[i] - jd);
                    }
                    predicted = chi2 - rest;
                }
                else if (accelerated) predicted = qr.JacobianTimesNorm2(velocity) + 2 * lambda * velocityScaled * velocityScaled;
                else predicted = qr.JacobianTimesNorm2(step) + 2 * lambda * stepScaled;
                double rho = (chi2 - chiNew) / predicted;
                if (!Geodesic)
                {
                    // MINPACK lmder's trust-region update: shrink Δ (by 1/2, or by the quadratic model's estimate,
                    // at most 1/10) after a poor step, double it after a good one; λ follows Δ through lmpar.
                    double pNorm = accelerated ? velocityScaled : stepNorm;
                    bool finite = double.IsFinite(chiNew);
                    if (!finite || !(predicted > 0) || !(rho > 0.25))
                    {
                        double actualReduction = finite ? chi2 - chiNew : double.NegativeInfinity;
                        double directional = accelerated ? -(qr.JacobianTimesNorm2(velocity) + lambda * velocityScaled * velocityScaled) : -(qr.JacobianTimesNorm2(step) + lambda * stepScaled);
                        double factor = actualReduction >= 0 ? 0.5 : 0.5 * directional / (directional + 0.5 * actualReduction);
                        if (!finite || chiNew >= 100 * chi2 || !(factor >= 0.1)) factor = 0.1;
                        radius = factor * Math.Min(radius, pNorm / 0.1);
                        lambda /= factor;
                    }
                    else if (lambda == 0 || rho >= 0.75)
                    {
                        radius = pNorm / 0.5;
                        lambda *= 0.5;
                    }
                    if (finite && predicted > 0 && rho >= 1e-4) break;
                    continue;
                }
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
            (p, pNew) = (pNew, p);
            (r, rNew) = (rNew, r);
            chi2 = chiNew;
            Record(iteration, p, chi2, stepNorm, lambda);
            if (Runaway(p)) return Done(p, ExitReason.Diverged, iteration, $"the parameters ran away ({Format(p)}) after {iteration} iterations.");
            bool jacobianOk;
            if (trialJacobian is null) jacobianOk = _problem.JacobianColumns(p, jacobian, work);
            else
            {
                (jacobian, trialJacobian) = (trialJacobian, jacobian);
                jacobianOk = trialJacobianOk;
            }
            if (!jacobianOk)
                return Done(p, ExitReason.NonFinite, iteration, $"the Jacobian became non-finite at {Format(p)} (χ² = {chi2:G10}) after {iteration} iterations.");
            for (int k = 0; k < _n; k++) d[k] = Math.Max(d[k], Math.Sqrt(Norm2(jacobian[k])));
            if (actual <= tol * before && predicted <= tol * before)
                return Done(p, ExitReason.Converged, iteration, $"converged after {iteration} iterations: the last step changed χ² = {chi2:G10} by at most {tol:G2} of itself.", jacobian);
        }
    }

    private static double ScaledNorm(double[] v, double[] d)
    {
        double sum = 0;
        for (int k = 0; k < v.Length; k++) sum += v[k] * d[k] * v[k] * d[k];
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Transtrum's geodesic acceleration: the second directional derivative of the residuals along the step v (one
    /// finite difference) gives a correction a with [J; √λD]·a ≈ [−r_vv; 0]; the step becomes v + a/2, allowed only
    /// while 2‖Da‖ ≤ 0.75‖Dv‖ (otherwise the step is rejected and λ grows).
    /// </summary>
    private bool Accelerate(double[] p, double[] velocity, double[][] jacobian, DampedQr qr, double[] d, double lambda,
        double[] r, double[] scratch, double[] rvv, NonlinearProblem.Evaluation work)
    {
        const double h = 0.1;
        var probe = _probe ??= new double[_n];
        for (int k = 0; k < _n; k++) probe[k] = p[k] + h * velocity[k];
        if (!double.IsFinite(_problem.Residuals(probe, scratch, work))) return false;
        // R = −r is the model-minus-data residual; R_vv ≈ (2/h)·((R(p+hv) − R(p))/h − Jv).
        // Column by column (the Jacobian's layout), as −(2/h²)·(r − r(p+hv)) + Σₖ (2/h)·vₖ·Jₖ.
        var second = rvv.AsSpan(0, _m);
        TensorPrimitives.Subtract(r.AsSpan(0, _m), scratch.AsSpan(0, _m), second);
        TensorPrimitives.Multiply(second, -(2 / h) / h, second);
        for (int k = 0; k < _n; k++) TensorPrimitives.MultiplyAdd(jacobian[k].AsSpan(0, _m), (2 / h) * velocity[k], second, second);
        Span<double> qtRvv = stackalloc double[_n];
        qr.ApplyQt(rvv, qtRvv);
        var acceleration = _acceleration ??= new double[_n];
        qr.Solve(d, lambda, acceleration, qtRvv);
        double a = 0, v = 0;
        for (int k = 0; k < _n; k++)
        {
            a += acceleration[k] * acceleration[k] * d[k] * d[k];
            v += velocity[k] * velocity[k] * d[k] * d[k];
        }
        a = Math.Sqrt(a);
        v = Math.Sqrt(v);
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
            var svd = JacobianSvd.Of(jacobian);
            double gaussNewton = svd.GaussNewtonPrediction(r);
            if (gaussNewton <= tol * chi2)
                return Done(p, ExitReason.Converged, iteration, $"converged after {iteration} iterations: no step can lower χ² = {chi2:G10} by more than {tol:G2} of itself.");
            if (iteration >= _options.MaxIterations)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations (the maximum) at χ² = {chi2:G10}, parameters {Format(p)}.");
            if (OutOfTime)
                return Done(p, ExitReason.MaxIterations, iteration, $"stopped after {iteration} iterations: the time budget ran out (χ² = {chi2:G10}).");
            iteration++;
            var delta = svd.PseudoInverseStep(r);
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
