using MathNet.Numerics.LinearAlgebra;
using Nabla.Numerics;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Regression;

/// <summary>
/// Non-linear least squares (<c>curve_fit</c>): fit a model <see cref="Expr"/> in predictors and parameters to data by
/// Levenberg-Marquardt, Gauss-Newton or steepest descent, with standard errors, covariance and the iteration trace.
/// </summary>
public static partial class Fit
{
    /// <summary>
    /// Fits <paramref name="model"/> to (predictors, y) by minimising χ² = Σ ((yᵢ − f(xᵢ; p))/σᵢ)². The parameters are
    /// the model's symbols other than the predictors, in natural order (<see cref="Calculus.InferVariables(Expr[])"/>);
    /// <paramref name="start"/> must give each a value.
    /// </summary>
    /// <param name="model">f(x…; p…), e.g. <c>a*exp(-b*x)</c>.</param>
    /// <param name="predictors">One column per predictor symbol, each with one value per point.</param>
    /// <param name="y">The observed responses.</param>
    /// <param name="start">A starting value for every parameter (and nothing else).</param>
    /// <param name="sigma">Per-point standard deviations (weights 1/σ²); none: all 1.</param>
    /// <param name="options">Method, tolerances, bounds; <see cref="FitOptions"/> defaults when null.</param>
    /// <returns>The fit; a fit that fails to converge still returns its best point with the exit reason and a message.</returns>
    /// <exception cref="ArgumentException">Mismatched lengths, fewer points than parameters, NaN/∞ data, σ ≤ 0, a
    /// start that misses a parameter or names something the model does not use, a function name as a symbol, or
    /// invalid options.</exception>
    public static FitResult Curve(Expr model, IReadOnlyDictionary<string, double[]> predictors, IReadOnlyList<double> y,
        IReadOnlyDictionary<string, double> start, IReadOnlyList<double>? sigma = null, FitOptions? options = null) =>
        CurveCore(model, predictors, y, start, sigma, options, null, null);

    /// <summary>Fits a model of one predictor, which must be named <c>x</c>: see the general overload.</summary>
    public static FitResult Curve(Expr model, IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyDictionary<string, double> start, IReadOnlyList<double>? sigma = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Curve(model, new Dictionary<string, double[]> { ["x"] = x.ToArray() }, y, start, sigma, options);
    }

    /// <summary>The general fit, optionally with the data also given exactly in double-double (NIST's decimal files).</summary>
    internal static FitResult CurveCore(Expr model, IReadOnlyDictionary<string, double[]> predictors, IReadOnlyList<double> y,
        IReadOnlyDictionary<string, double> start, IReadOnlyList<double>? sigma, FitOptions? options,
        IReadOnlyDictionary<string, DoubleDouble[]>? predictorsExtended, DoubleDouble[]? yExtended)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(start);
        options ??= new FitOptions();
        CheckOptions(options);
        return CurveCore(new NonlinearProblem(model, predictors, y, sigma, options.Jacobian, predictorsExtended, yExtended), start, options);
    }

    /// <summary>A fit of an already validated and compiled problem (reused across starts, e.g. by <see cref="NistProblem"/>).</summary>
    internal static FitResult CurveCore(NonlinearProblem problem, IReadOnlyDictionary<string, double> start, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(start);
        CheckOptions(options);
        var model = problem.Model;
        var names = problem.ParameterNames;
        foreach (var name in start.Keys)
        {
            NonlinearProblem.CheckName(name, "parameter");
            if (problem.PredictorNames.Contains(name))
                throw new ArgumentException($"'{name}' is a predictor (a data column), not a parameter; remove it from the start values.", nameof(start));
            if (!names.Contains(name))
                throw new ArgumentException($"the model {model} does not mention the parameter '{name}'; its parameters are {string.Join(", ", names)}.", nameof(start));
        }
        var p0 = new double[names.Length];
        for (int j = 0; j < names.Length; j++)
        {
            if (!start.TryGetValue(names[j], out var v))
                throw new ArgumentException($"no start value for the parameter '{names[j]}'; the model's parameters are {string.Join(", ", names)} (symbols that are not predictors).", nameof(start));
            if (!double.IsFinite(v))
                throw new ArgumentException($"the start value of '{names[j]}' is {v}; it must be a finite number.", nameof(start));
            p0[j] = v;
        }
        var lower = Enumerable.Repeat(double.NegativeInfinity, names.Length).ToArray();
        var upper = Enumerable.Repeat(double.PositiveInfinity, names.Length).ToArray();
        if (options.Bounds is not null)
            foreach (var (name, (lo, hi)) in options.Bounds)
            {
                int j = Array.IndexOf(names, name);
                if (j < 0) throw new ArgumentException($"a bound is given for '{name}', which is not a parameter of the model ({string.Join(", ", names)}).", nameof(options));
                if (double.IsNaN(lo) || double.IsNaN(hi) || lo > hi)
                    throw new ArgumentException($"the bounds of '{name}' ({lo}, {hi}) are not an interval lower ≤ upper.", nameof(options));
                lower[j] = lo;
                upper[j] = hi;
            }
        var solver = new NonlinearSolver(problem, options, lower, upper);
        var outcome = options.Method switch
        {
            FitMethod.LevenbergMarquardt => LevenbergMarquardtWithRestart(problem, options, lower, upper, p0),
            FitMethod.GaussNewton => solver.GaussNewton(p0),
            FitMethod.SteepestDescent => solver.SteepestDescent(p0),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "unknown fit method"),
        };
        return NonlinearFinish.Build(problem, solver, outcome, options);
    }

    /// <summary>
    /// Plain scaled LM first; when it does not converge, or converges where the Jacobian is rank-deficient (a
    /// plateau such as BoxBOD's b2 → ∞, where every direction looks flat), a second run from the same start with
    /// geodesic acceleration, keeping whichever ends with the lower χ².
    /// </summary>
    private static SolverOutcome LevenbergMarquardtWithRestart(NonlinearProblem problem, FitOptions options, double[] lower, double[] upper, double[] p0)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = new NonlinearSolver(problem, options, lower, upper).LevenbergMarquardt(p0);
        if (first.Exit == ExitReason.UndefinedAtStart) return first;
        if (first.Exit == ExitReason.Converged && FullRank(problem, first)) return first;
        // A stall where rounding in the double residuals alone can explain the Gauss-Newton prediction left over
        // (χ²·√t ≤ floor = Σ(16ε·wᵢyᵢ)², NIST Lanczos1) is not a plateau that another route could leave: a restart
        // would stall at the same rounding level, and the finish decides convergence with double-double residuals.
        if (first.Exit == ExitReason.Stalled && ChiSquared(problem, first.Parameters) * Math.Sqrt(Math.Max(options.Tolerance, 2.220446049250313e-16)) <= NonlinearFinish.RoundingFloor(problem))
            return first;
        var remaining = options.TimeBudget - clock.Elapsed;
        if (remaining <= TimeSpan.Zero) return first;
        // The restart shares the one time budget.
        var second = new NonlinearSolver(problem, options with { TimeBudget = remaining }, lower, upper) { Geodesic = true }.LevenbergMarquardt(p0);
        double chiFirst = ChiSquared(problem, first.Parameters), chiSecond = ChiSquared(problem, second.Parameters);
        if (!(chiSecond < chiFirst) && double.IsFinite(chiFirst)) return first;
        return second with { Message = $"{second.Message} (Restarted with geodesic acceleration because plain Levenberg-Marquardt {(first.Exit == ExitReason.Converged ? "ended where the Jacobian is rank-deficient" : "did not converge")}, at χ² = {chiFirst:G6}.)" };
    }

    private static double ChiSquared(NonlinearProblem problem, double[] p) => problem.Residuals(p, new double[problem.M]);

    private static bool FullRank(NonlinearProblem problem, SolverOutcome outcome)
    {
        var columns = outcome.Jacobian;
        if (columns is null)
        {
            columns = NonlinearFinish.NewColumns(problem);
            if (!problem.JacobianColumns(outcome.Parameters, columns, problem.NewEvaluation())) return false;
        }
        // The cheap QR condition bound settles the usual well-conditioned case without an SVD.
        var qr = new DampedQr(problem.M, problem.N);
        qr.Factor(columns, default);
        if (qr.ClearlyFullRank) return true;
        var svd = JacobianSvd.Of(columns, problem.M);
        return svd.S[problem.N - 1] > svd.Cutoff;
    }

    private static void CheckOptions(FitOptions o)
    {
        if (o.MaxIterations < 1) throw new ArgumentException($"MaxIterations must be at least 1 (got {o.MaxIterations}).", nameof(o));
        if (!double.IsFinite(o.Tolerance) || o.Tolerance < 0) throw new ArgumentException($"Tolerance must be a finite number ≥ 0 (got {o.Tolerance}).", nameof(o));
        if (o.Rate is { } rate && (!double.IsFinite(rate) || rate <= 0)) throw new ArgumentException($"the rate (aggression) must be a positive finite number (got {rate}).", nameof(o));
        if (o.Iterations is < 0) throw new ArgumentException($"Iterations must be ≥ 0 (got {o.Iterations}).", nameof(o));
        if (o.TimeBudget <= TimeSpan.Zero) throw new ArgumentException("TimeBudget must be positive.", nameof(o));
    }
}

/// <summary>
/// Turns where a solver stopped into a <see cref="FitResult"/>: residuals and χ² in double-double, a few
/// Gauss-Newton refinement steps on those residuals for converged LM/GN fits, and the covariance from the SVD of J.
/// </summary>
internal static class NonlinearFinish
{
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>Σ (16ε·wᵢ|yᵢ|)²: the χ² that rounding the data alone can produce (as the solver's stall test).</summary>
    internal static double RoundingFloor(NonlinearProblem problem)
    {
        double floor = 0;
        for (int i = 0; i < problem.M; i++)
        {
            double e = 16 * Epsilon * Math.Abs(problem.Weights[i] * problem.Y[i]) + double.Epsilon;
            floor += e * e;
        }
        return floor;
    }

    private static double[] Unweighted(NonlinearProblem problem, double[] weighted)
    {
        var r = new double[weighted.Length];
        for (int i = 0; i < r.Length; i++) r[i] = problem.Sigma is null ? weighted[i] : weighted[i] * problem.Sigma[i];
        return r;
    }

    private static bool BelowResolution(double[] delta, double[] p)
    {
        for (int j = 0; j < p.Length; j++)
            if (!(Math.Abs(delta[j]) <= 4 * Epsilon * Math.Abs(p[j]))) return false;
        return true;
    }

    /// <summary>How far J⁺e, for rounding errors ‖e‖ ≤ <paramref name="rounding"/>, can move each parameter:
    /// |δⱼ| ≤ ‖e‖·√(Σₖ Vⱼₖ²/sₖ²).</summary>
    private static double[] RoundingMovement(JacobianSvd svd, int n, double rounding)
    {
        var (s, v) = (svd.S, svd.V);
        double cut = svd.Cutoff;
        var movement = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int k = 0; k < s.Count; k++) if (s[k] > cut) sum += v[j, k] * v[j, k] / (s[k] * s[k]);
            movement[j] = rounding * Math.Sqrt(sum);
        }
        return movement;
    }

    /// <summary>Whether rounding in the double residuals can move some parameter by more than
    /// <paramref name="relative"/> of its value.</summary>
    private static bool RoundingMovesParameters(double[] movement, double[] p, double relative)
    {
        for (int j = 0; j < p.Length; j++)
            if (!(movement[j] <= relative * Math.Abs(p[j]))) return true;
        return false;
    }

    /// <summary>Whether a refinement step computed from double residuals is clearly signal: some parameter moves by
    /// more than 1000 times what rounding in those residuals could move it.</summary>
    private static bool AboveRounding(double[] delta, double[] movement)
    {
        for (int j = 0; j < delta.Length; j++)
            if (Math.Abs(delta[j]) > 1000 * movement[j]) return true;
        return false;
    }

    /// <summary>Column buffers for a weighted Jacobian of <paramref name="problem"/>.</summary>
    internal static double[][] NewColumns(NonlinearProblem problem)
    {
        var columns = new double[problem.N][];
        for (int k = 0; k < problem.N; k++) columns[k] = new double[problem.M];
        return columns;
    }

    private static bool MovedBeyond(double[] from, double[] to, double relative)
    {
        for (int j = 0; j < from.Length; j++)
            if (!(Math.Abs(to[j] - from[j]) <= relative * Math.Abs(from[j]))) return true;
        return false;
    }

    public static FitResult Build(NonlinearProblem problem, NonlinearSolver solver, SolverOutcome outcome, FitOptions options)
    {
        int m = problem.M, n = problem.N;
        var p = outcome.Parameters;
        var work = problem.NewEvaluation();
        // The solver's last Jacobian is at the final point when it hands it over; otherwise it is evaluated here.
        var columns = outcome.Jacobian ?? NewColumns(problem);
        bool jacobianOk = outcome.Jacobian is not null || problem.JacobianColumns(p, columns, work);
        var exit = outcome.Exit;
        string message = outcome.Message;
        // One thin SVD of J serves the refinement steps and the covariance while the refinement only moves p in its
        // last digits (J is recomputed after a larger step).
        var svd = jacobianOk ? JacobianSvd.Of(columns, m) : null;
        // Double-double residuals matter only when rounding in the double residuals (at most ‖e‖ = √floor, floor =
        // Σ(16ε·wᵢyᵢ)²) is not negligible: near the residuals' size (Lanczos1, ‖r‖ ≈ 1e-13‖y‖), from the start;
        // or when J⁺ amplifies it into the parameters beyond 1e-13 of their value (Lanczos3, ENSO), but only for the
        // refinement steps that are not clearly larger than that amplified rounding (ENSO's first steps move its
        // periods by ≈5e-7 of their value: double residuals give the same steps). Otherwise the double residuals give
        // the same refinement at a fraction of the cost (the 250-point Gauss problems: ‖r‖ ≈ 0.02‖y‖).
        var weighted = new double[m];
        double chiDouble = problem.Residuals(p, weighted, work);
        double floor = RoundingFloor(problem);
        var movement = jacobianOk ? RoundingMovement(svd!, n, Math.Sqrt(floor)) : null;
        bool amplified = movement is null || RoundingMovesParameters(movement, p, 1e-13);
        bool extended = !jacobianOk || !(chiDouble >= 1e16 * floor);
        double[] residuals;
        DoubleDouble chi2;
        if (extended) (residuals, weighted, chi2) = problem.ExtendedResiduals(p);
        else (residuals, chi2) = (Unweighted(problem, weighted), chiDouble);
        if (exit is ExitReason.Converged or ExitReason.Stalled && options.Method != FitMethod.SteepestDescent && jacobianOk)
        {
            // Iterative refinement: the double-precision iteration stops where rounding in the residuals hides the
            // gradient; Gauss-Newton steps on residuals computed in double-double move the last digits.
            for (int k = 0; k < 3; k++)
            {
                var delta = svd!.PseudoInverseStep(weighted);
                if (!extended && amplified && !AboveRounding(delta, movement!))
                {
                    (residuals, weighted, chi2) = problem.ExtendedResiduals(p);
                    extended = true;
                    delta = svd.PseudoInverseStep(weighted);
                }
                // A step below the resolution of the parameters changes nothing worth another evaluation.
                if (BelowResolution(delta, p)) break;
                var candidate = solver.Project(p.Zip(delta, (a, b) => a + b).ToArray());
                if (candidate.SequenceEqual(p)) break;
                double[] nextResiduals, nextWeighted;
                DoubleDouble nextChi2;
                if (extended) (nextResiduals, nextWeighted, nextChi2) = problem.ExtendedResiduals(candidate);
                else
                {
                    nextWeighted = new double[m];
                    nextChi2 = problem.Residuals(candidate, nextWeighted, work);
                    nextResiduals = Unweighted(problem, nextWeighted);
                }
                // In double, χ² cannot see a last-digit step (its change is below the rounding of the residuals): such
                // a step is accepted unless χ² rises beyond that rounding.
                double noise = extended ? 0 : 4 * Math.Sqrt(chi2.Hi * floor);
                if (!((nextChi2 - chi2).Hi < noise)) break;
                // The fixed point of steps with a stale J solves J₀ᵀr = 0, not Jᵀr = 0: after a step that moved p
                // beyond 1e-9 (Lanczos3: 4e-7) J is recomputed; below that the change is lost in J's own rounding.
                if (MovedBeyond(p, candidate, 1e-9))
                {
                    var nextColumns = NewColumns(problem);
                    if (!problem.JacobianColumns(candidate, nextColumns, work)) break;
                    svd = JacobianSvd.Of(nextColumns, m);
                }
                p = candidate;
                (residuals, weighted, chi2) = (nextResiduals, nextWeighted, nextChi2);
            }
            // A double-precision stall can be rounding in the residuals alone (NIST Lanczos1: residuals ~1e-13): with
            // the residuals now exact, the convergence test is decided again.
            if (exit == ExitReason.Stalled)
            {
                var remaining = svd!.PseudoInverseStep(weighted);
                if (BelowResolution(remaining, p) || svd.GaussNewtonPrediction(weighted) <= options.Tolerance * chi2.ToDouble())
                {
                    exit = ExitReason.Converged;
                    message = $"converged: double-precision steps stalled at the rounding level of the residuals; with the residuals in double-double the remaining Gauss-Newton step is below the resolution of the parameters (χ² = {chi2.ToDouble():G10}).";
                }
            }
        }
        double chiSquared = chi2.ToDouble();
        int dof = m - n;
        var covariance = new double[n, n];
        int rank = 0;
        double condition = double.PositiveInfinity;
        if (jacobianOk)
        {
            var (s, v) = (svd!.S, svd.V);
            double cut = svd.Cutoff;
            rank = s.Count(v => v > cut);
            condition = s[n - 1] > 0 ? Math.Pow(s[0] / s[n - 1], 2) : double.PositiveInfinity;
            double scale = options.AbsoluteSigma ? 1 : dof > 0 ? chiSquared / dof : double.PositiveInfinity;
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                {
                    double sum = 0;
                    for (int k = 0; k < n; k++) if (s[k] > cut) sum += v[a, k] * v[b, k] / (s[k] * s[k]);
                    covariance[a, b] = rank < n ? double.PositiveInfinity : sum * scale;
                }
        }
        else
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++) covariance[a, b] = double.NaN;
        var errors = Enumerable.Range(0, n).Select(k => Math.Sqrt(covariance[k, k])).ToArray();
        var correlation = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) correlation[a, b] = a == b ? 1 : covariance[a, b] / (errors[a] * errors[b]);
        double pValue = dof > 0 ? MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(dof / 2.0, chiSquared / 2) : double.NaN;
        if (rank < n && jacobianOk)
            message += $" The Jacobian has rank {rank} < {n}: some parameter combinations are not determined by the data, so the covariance is infinite.";
        return new FitResult
        {
            ParameterNames = problem.ParameterNames,
            Parameters = p,
            StandardErrors = errors,
            Covariance = covariance,
            Correlation = correlation,
            ChiSquared = chiSquared,
            DegreesOfFreedom = dof,
            PValue = pValue,
            Residuals = residuals,
            ConditionNumber = condition,
            Rank = rank,
            AbsoluteSigma = options.AbsoluteSigma,
            Method = options.Method.ToJsonName(),
            Exit = exit,
            Iterations = outcome.Iterations,
            Trace = outcome.Trace,
            Message = message,
        };
    }
}
