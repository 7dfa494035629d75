using System.Diagnostics;

namespace Nabla.Optimization;

/// <summary>
/// One run of the Powell–Hestenes–Rockafellar augmented Lagrangian on a prepared <see cref="ConstrainedProblem"/>
/// for min f s.t. g = 0, h ≤ 0 (bounds become inequalities):
/// L_A(x) = f + Σ(λᵢgᵢ + ρgᵢ²/2) + Σ(max(0, μⱼ + ρhⱼ)² − μⱼ²)/(2ρ), minimised over x by the engine's BFGS
/// (<see cref="MinimizeEngine"/>); then λᵢ += ρgᵢ, μⱼ = max(0, μⱼ + ρhⱼ), and ρ grows when the violation did not
/// shrink enough. Once the active set stops changing, Newton's method on the KKT equations of the active constraints
/// polishes the answer to rounding. Internally λ has the sign of the formula above; results report the Lagrange
/// convention (−λ). Holds the per-run buffers, so each run has its own instance.
/// </summary>
internal sealed class AugmentedLagrangianSolver
{
    private readonly ConstrainedProblem _problem;
    private readonly AugmentedLagrangianOptions _options;
    private readonly string[] _names;
    private readonly int _n, _p, _q, _rows;
    private readonly (int Variable, double Bound, bool Upper)[] _bounds;
    private readonly double[] _v;            // kernel outputs: f, g…, h…, then the gradients
    private readonly double[] _cacheX, _cacheGradient;
    private double _cacheValue;
    private bool _cacheValid;
    private int _evaluations, _innerIterations;
    private readonly double[] _evaluatedAt, _hessiansAt;
    private bool _evaluated, _evaluatedOk, _hessiansKnown;
    private readonly double[] _hessians;
    private double[] _lambda = [], _mu = [];
    private double _rho;

    public AugmentedLagrangianSolver(ConstrainedProblem problem, AugmentedLagrangianOptions options)
    {
        _problem = problem;
        _options = options;
        _names = problem.Names;
        _n = _names.Length;
        _p = problem.EqualityCount;
        _q = problem.InequalityCount;
        _rows = 1 + _p + _q;
        _bounds = problem.Bounds;
        _v = new double[problem.Kernel.OutputCount];
        _cacheX = new double[_n];
        _cacheGradient = new double[_n];
        _hessians = new double[problem.Hessians.OutputCount];
        _evaluatedAt = new double[_n];
        _hessiansAt = new double[_n];
    }

    private int Constraints => _q + _bounds.Length;

    /// <summary>Evaluates f, the constraints and all their gradients at x; false when any is not finite.</summary>
    private bool Evaluate(ReadOnlySpan<double> x)
    {
        // The outer loop, the polish and the result all look again at points the inner solve has just evaluated.
        if (_evaluated && x.SequenceEqual(_evaluatedAt)) return _evaluatedOk;
        _problem.Kernel.Evaluate(x, _v);
        _evaluations++;
        x.CopyTo(_evaluatedAt);
        _evaluated = true;
        _evaluatedOk = true;
        foreach (var a in _v)
            if (!double.IsFinite(a)) _evaluatedOk = false;
        return _evaluatedOk;
    }

    /// <summary>The Hessians of f and the constraints at x into <see cref="_hessians"/> (remembered for the last x).</summary>
    private void EvaluateHessians(ReadOnlySpan<double> x)
    {
        if (_hessiansKnown && x.SequenceEqual(_hessiansAt)) return;
        _problem.Hessians.Evaluate(x, _hessians);
        x.CopyTo(_hessiansAt);
        _hessiansKnown = true;
    }

    /// <summary>f, g and h (user inequalities then bounds) from the last <see cref="Evaluate"/> at x.</summary>
    private void Split(ReadOnlySpan<double> x, out double f, Span<double> g, Span<double> h)
    {
        f = _v[0];
        for (int i = 0; i < _p; i++) g[i] = _v[1 + i];
        for (int j = 0; j < _q; j++) h[j] = _v[1 + _p + j];
        for (int k = 0; k < _bounds.Length; k++)
        {
            var (i, bound, upper) = _bounds[k];
            h[_q + k] = upper ? x[i] - bound : bound - x[i];
        }
    }

    private bool Values(double[] x, out double f, double[] g, double[] h)
    {
        bool ok = Evaluate(x);
        Split(x, out f, g, h);
        return ok;
    }

    /// <summary>∂(row)/∂xᵢ from the last evaluation: row 0 is f, 1…p the equalities, p+1… the inequalities.</summary>
    private double Grad(int row, int i) => _v[_rows + row * _n + i];

    /// <summary>hⱼ(x) for user inequalities (from the last evaluation, which must be at x) and bounds.</summary>
    private double ConstraintValue(int j, ReadOnlySpan<double> x)
    {
        if (j < _q) return _v[1 + _p + j];
        var (i, bound, upper) = _bounds[j - _q];
        return upper ? x[i] - bound : bound - x[i];
    }

    /// <summary>∂hⱼ/∂xᵢ for user inequalities and bounds (±eᵢ).</summary>
    private double ConstraintGrad(int j, int i)
    {
        if (j < _q) return Grad(1 + _p + j, i);
        var (v, _, upper) = _bounds[j - _q];
        return v != i ? 0 : upper ? 1 : -1;
    }

    /// <summary>L_A at x for the current multipliers and penalty, its gradient left in the cache; NaN when undefined.</summary>
    private double Augmented(ReadOnlySpan<double> x)
    {
        x.CopyTo(_cacheX);
        _cacheValid = true;
        if (!Evaluate(x)) return _cacheValue = double.NaN;
        var gradient = _cacheGradient;
        double value = _v[0];
        for (int i = 0; i < _n; i++) gradient[i] = Grad(0, i);
        for (int k = 0; k < _p; k++)
        {
            double gk = _v[1 + k];
            value += _lambda[k] * gk + _rho * gk * gk / 2;
            double w = _lambda[k] + _rho * gk;
            for (int i = 0; i < _n; i++) gradient[i] += w * Grad(1 + k, i);
        }
        for (int j = 0; j < Constraints; j++)
        {
            double hj = ConstraintValue(j, x);
            double w = Math.Max(0, _mu[j] + _rho * hj);
            value += (w * w - _mu[j] * _mu[j]) / (2 * _rho);
            if (w == 0) continue;
            for (int i = 0; i < _n; i++) gradient[i] += w * ConstraintGrad(j, i);
        }
        foreach (var a in gradient)
            if (!double.IsFinite(a)) return _cacheValue = double.NaN;
        return _cacheValue = value;
    }

    private double AugmentedValue(ReadOnlySpan<double> x) => Augmented(x);

    /// <summary>The engine asks for ∇L_A where it has just asked for L_A: reuse that evaluation.</summary>
    private void AugmentedGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (!_cacheValid || !x.SequenceEqual(_cacheX)) Augmented(x);
        if (double.IsNaN(_cacheValue)) gradient.Fill(double.NaN);
        else _cacheGradient.CopyTo(gradient);
    }

    /// <summary>∇²L_A = ∇²f + Σ(λᵢ + ρgᵢ)∇²gᵢ + ρΣ∇gᵢ∇gᵢᵀ + Σ_{wⱼ>0}(wⱼ∇²hⱼ + ρ∇hⱼ∇hⱼᵀ), wⱼ = μⱼ + ρhⱼ (the
    /// generalised Hessian where an inequality switches on).</summary>
    private void AugmentedHessian(ReadOnlySpan<double> x, Span<double> result)
    {
        if (!_cacheValid || !x.SequenceEqual(_cacheX)) Augmented(x);
        if (double.IsNaN(_cacheValue)) { result.Fill(double.NaN); return; }
        int nn = _n * _n;
        EvaluateHessians(x);
        _hessians.AsSpan(0, nn).CopyTo(result);
        for (int k = 0; k < _p; k++)
        {
            double gk = _v[1 + k], w = _lambda[k] + _rho * gk;
            for (int t = 0; t < nn; t++) result[t] += w * _hessians[(1 + k) * nn + t];
            for (int i = 0; i < _n; i++)
                for (int j = 0; j < _n; j++) result[i * _n + j] += _rho * Grad(1 + k, i) * Grad(1 + k, j);
        }
        for (int c = 0; c < Constraints; c++)
        {
            double hc = ConstraintValue(c, x);
            double w = _mu[c] + _rho * hc;
            if (!(w > 0)) continue;
            if (c < _q)
                for (int t = 0; t < nn; t++) result[t] += w * _hessians[(1 + _p + c) * nn + t];
            for (int i = 0; i < _n; i++)
                for (int j = 0; j < _n; j++) result[i * _n + j] += _rho * ConstraintGrad(c, i) * ConstraintGrad(c, j);
        }
    }

    public ConstrainedResult Run(double[] x)
    {
        var clock = Stopwatch.StartNew();
        bool OutOfTime()
        {
            EngineCancellation.ThrowIfCancelled("AugmentedLagrangian");
            return clock.Elapsed > _options.TimeBudget;
        }
        int m = Constraints;
        // Start inside the bounds: projection is free and keeps f where it is meant to be evaluated.
        foreach (var (i, bound, upper) in _bounds)
            x[i] = upper ? Math.Min(x[i], bound) : Math.Max(x[i], bound);
        var lambda = _lambda = new double[_p];
        var mu = _mu = new double[m];
        var g = new double[_p];
        var h = new double[m];
        var trace = new List<ConstrainedStep>();
        _rho = _options.InitialPenalty;
        if (!Values(x, out double f, g, h) || x.Any(v => !double.IsFinite(v)))
            return Result(x, 0, ExitReason.UndefinedAtStart,
                $"{ExitReason.UndefinedAtStart.Describe()}: f or a constraint is not finite at {SystemRootSolver.Point(_names, x)}.", trace);
        double violation = Violation(g, h);
        if (_options.RecordTrace) trace.Add(new ConstrainedStep(0, (double[])x.Clone(), f, _rho, violation));
        var objective = Objective.FromDelegates(_names, AugmentedValue, AugmentedGradient, AugmentedHessian);
        double previous = double.PositiveInfinity; // the start is not a minimiser of L_A, so its violation sets no bar
        int stuck = 0;
        var active = new bool[m];
        bool activeKnown = false;
        for (int outer = 1; outer <= _options.MaxOuterIterations; outer++)
        {
            if (OutOfTime())
                return Result(x, outer - 1, ExitReason.MaxIterations,
                    $"stopped: the time budget ({_options.TimeBudget.TotalSeconds:G3} s) ran out after {outer - 1} outer iteration(s); " +
                    $"violation {SystemRootSolver.Format(violation)} at {SystemRootSolver.Point(_names, x)}.", trace);
            _cacheValid = false; // the multipliers or the penalty changed: L_A is a new function
            var inner = new MinimizeEngine(objective, x, new MinimizeOptions
            {
                Method = MinimizeMethod.Newton,
                GradientTolerance = 0.1 * _options.Tolerance,
                MaxIterations = _options.MaxInnerIterations,
                RecordTrace = false,
                TimeBudget = _options.TimeBudget - clock.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.FromTicks(1),
            }).Run();
            _innerIterations += inner.Iterations;
            for (int i = 0; i < _n; i++) x[i] = inner.X[i];
            if (!Values(x, out f, g, h))
                return Result(x, outer, ExitReason.NonFinite,
                    $"{ExitReason.NonFinite.Describe()}: at {SystemRootSolver.Point(_names, x)}.", trace);
            for (int k = 0; k < _p; k++) lambda[k] += _rho * g[k];
            bool settled = activeKnown;
            for (int j = 0; j < m; j++)
            {
                mu[j] = Math.Max(0, mu[j] + _rho * h[j]);
                if (active[j] != mu[j] > 0) settled = false;
                active[j] = mu[j] > 0;
            }
            activeKnown = true;
            violation = Violation(g, h);
            var kkt = Kkt(g, h);
            double gradientScale = GradientScale();
            bool converged = kkt.PrimalFeasibility <= _options.Tolerance && kkt.Complementarity <= _options.Tolerance &&
                kkt.Stationarity <= Math.Sqrt(_options.Tolerance) * gradientScale;
            if (_options.Polish && (settled || converged || violation <= Math.Sqrt(_options.Tolerance)) && TryPolish(x, active))
            {
                Values(x, out f, g, h);
                if (_options.RecordTrace) trace.Add(new ConstrainedStep(outer, (double[])x.Clone(), f, _rho, Violation(g, h)));
                return Result(x, outer, ExitReason.Converged,
                    $"converged: the active set settled and Newton's method on the KKT equations met them to rounding at " +
                    $"{SystemRootSolver.Point(_names, x)}, f = {SystemRootSolver.Format(f)}, after {outer} outer iteration(s) (penalty ρ = {SystemRootSolver.Format(_rho)}).", trace);
            }
            if (_options.RecordTrace) trace.Add(new ConstrainedStep(outer, (double[])x.Clone(), f, _rho, violation));
            if (converged)
                return Result(x, outer, ExitReason.Converged,
                    $"converged: the KKT residuals are below the tolerance at {SystemRootSolver.Point(_names, x)}, f = {SystemRootSolver.Format(f)}, " +
                    $"after {outer} outer iteration(s) (penalty ρ = {SystemRootSolver.Format(_rho)}).", trace);
            if (violation > 0.25 * previous)
            {
                if (_rho >= _options.MaxPenalty && violation > _options.Tolerance && ++stuck >= 3)
                    return Result(x, outer, ExitReason.Infeasible,
                        $"{ExitReason.Infeasible.Describe()}: the penalty reached its limit {SystemRootSolver.Format(_options.MaxPenalty)} and the " +
                        $"constraints are still violated by {SystemRootSolver.Format(violation)} at {SystemRootSolver.Point(_names, x)}.", trace);
                _rho = Math.Min(_rho * _options.PenaltyGrowth, _options.MaxPenalty);
            }
            else stuck = 0;
            previous = violation;
        }
        return Result(x, _options.MaxOuterIterations, ExitReason.MaxIterations,
            $"{ExitReason.MaxIterations.Describe()} ({_options.MaxOuterIterations} outer); violation {SystemRootSolver.Format(violation)} at " +
            $"{SystemRootSolver.Point(_names, x)}.", trace);
    }

    /// <summary>max(1, 1 + |∂f/∂xᵢ|) from the last evaluation: the scale of the stationarity residual.</summary>
    private double GradientScale()
    {
        double scale = 1;
        for (int i = 0; i < _n; i++) scale = Math.Max(scale, 1 + Math.Abs(Grad(0, i)));
        return scale;
    }

    /// <summary>
    /// Newton's method on the KKT equations ∇f + Σλᵢ∇gᵢ + Σ_active μⱼ∇hⱼ = 0, gᵢ = 0, h_active = 0 from the current
    /// x and multipliers. Accepted (x, λ, μ overwritten) only at a strict local constrained minimum: the equations met
    /// to rounding, every inequality satisfied, active multipliers ≥ 0, and the Hessian of the Lagrangian positive
    /// definite on the null space of the active constraints' Jacobian (second-order sufficient conditions).
    /// </summary>
    private bool TryPolish(double[] x0, bool[] activeSet)
    {
        int m = Constraints;
        var active = new List<int>(m);
        for (int j = 0; j < m; j++) if (activeSet[j]) active.Add(j);
        int k = _p + active.Count, size = _n + k;
        if (k > _n) return false; // more active constraints than variables: the KKT matrix is singular
        var x = (double[])x0.Clone();
        var nu = new double[k];
        for (int e = 0; e < _p; e++) nu[e] = _lambda[e];
        for (int a = 0; a < active.Count; a++) nu[_p + a] = _mu[active[a]];
        var matrix = new double[size * size];
        var rhs = new double[size];
        var hl = new double[_n * _n];
        var jac = new double[k * _n];
        double lastResidual = double.PositiveInfinity;
        for (int iteration = 0; ; iteration++)
        {
            if (!Evaluate(x)) return false;
            double residual = KktSystem(x, nu, active, hl, jac, rhs, needHessian: true);
            if (!double.IsFinite(residual)) return false;
            // Stop at the level of rounding, when Newton no longer gains, or after a generous budget.
            if (residual <= 1e-15 * GradientScale() || residual > 0.5 * lastResidual || iteration >= 12) break;
            lastResidual = residual;
            Array.Clear(matrix);
            for (int r = 0; r < _n; r++)
                for (int c = 0; c < _n; c++) matrix[r * size + c] = hl[r * _n + c];
            for (int a = 0; a < k; a++)
                for (int i = 0; i < _n; i++)
                    matrix[(_n + a) * size + i] = matrix[i * size + _n + a] = jac[a * _n + i];
            if (!SolveInPlace(matrix, rhs, size)) return false;
            for (int i = 0; i < _n; i++) x[i] += rhs[i];
            for (int a = 0; a < k; a++) nu[a] += rhs[_n + a];
        }
        // The last evaluation is at the final x with the final ν.
        double scale = GradientScale(), xScale = Math.Max(1, LineSearch.NormInf(x));
        const double target = 1e-11;
        var g = new double[_p];
        var h = new double[m];
        Split(x, out _, g, h);
        double stationarity = 0;
        for (int i = 0; i < _n; i++) stationarity = Math.Max(stationarity, Math.Abs(StationarityRow(i, nu, active)));
        if (!(stationarity <= target * scale)) return false;
        foreach (var gi in g) if (!(Math.Abs(gi) <= target * xScale)) return false;
        for (int j = 0; j < m; j++) if (!(h[j] <= target * xScale)) return false;
        for (int a = 0; a < active.Count; a++) if (!(nu[_p + a] >= 0)) return false;
        if (!SecondOrderSufficient(hl, jac, k)) return false;
        Array.Copy(x, x0, _n);
        for (int e = 0; e < _p; e++) _lambda[e] = nu[e];
        Array.Clear(_mu);
        for (int a = 0; a < active.Count; a++) _mu[active[a]] = nu[_p + a];
        return true;
    }

    private double StationarityRow(int i, double[] nu, List<int> active)
    {
        double r = Grad(0, i);
        for (int e = 0; e < _p; e++) r += nu[e] * Grad(1 + e, i);
        for (int a = 0; a < active.Count; a++) r += nu[_p + a] * ConstraintGrad(active[a], i);
        return r;
    }

    /// <summary>Fills the Hessian of the Lagrangian, the active Jacobian and −F (stationarity then constraints)
    /// at x from the last evaluation; returns ‖F‖∞.</summary>
    private double KktSystem(double[] x, double[] nu, List<int> active, double[] hl, double[] jac, double[] rhs, bool needHessian)
    {
        int nn = _n * _n;
        if (needHessian)
        {
            EvaluateHessians(x);
            var hess = _hessians;
            Array.Copy(hess, hl, nn);
            for (int e = 0; e < _p; e++)
                for (int t = 0; t < nn; t++) hl[t] += nu[e] * hess[(1 + e) * nn + t];
            for (int a = 0; a < active.Count; a++)
                if (active[a] < _q)
                    for (int t = 0; t < nn; t++) hl[t] += nu[_p + a] * hess[(1 + _p + active[a]) * nn + t];
        }
        double norm = 0;
        for (int i = 0; i < _n; i++)
        {
            double r = StationarityRow(i, nu, active);
            rhs[i] = -r;
            norm = Math.Max(norm, Math.Abs(r));
        }
        for (int e = 0; e < _p; e++)
        {
            for (int i = 0; i < _n; i++) jac[e * _n + i] = Grad(1 + e, i);
            rhs[_n + e] = -_v[1 + e];
            norm = Math.Max(norm, Math.Abs(_v[1 + e]));
        }
        for (int a = 0; a < active.Count; a++)
        {
            int j = active[a];
            for (int i = 0; i < _n; i++) jac[(_p + a) * _n + i] = ConstraintGrad(j, i);
            double hj = ConstraintValue(j, x);
            rhs[_n + _p + a] = -hj;
            norm = Math.Max(norm, Math.Abs(hj));
        }
        return norm;
    }

    /// <summary>Gaussian elimination with partial pivoting on a small dense system; the solution replaces b.</summary>
    private static bool SolveInPlace(double[] a, double[] b, int size)
    {
        double biggest = 0;
        foreach (var v in a) biggest = Math.Max(biggest, Math.Abs(v));
        double tiny = 1e-14 * Math.Max(biggest, double.Epsilon);
        for (int col = 0; col < size; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < size; r++)
                if (Math.Abs(a[r * size + col]) > Math.Abs(a[pivot * size + col])) pivot = r;
            if (!(Math.Abs(a[pivot * size + col]) > tiny)) return false;
            if (pivot != col)
            {
                for (int c = 0; c < size; c++) (a[col * size + c], a[pivot * size + c]) = (a[pivot * size + c], a[col * size + c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (int r = col + 1; r < size; r++)
            {
                double factor = a[r * size + col] / a[col * size + col];
                if (factor == 0) continue;
                for (int c = col; c < size; c++) a[r * size + c] -= factor * a[col * size + c];
                b[r] -= factor * b[col];
            }
        }
        for (int r = size - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int c = r + 1; c < size; c++) s -= a[r * size + c] * b[c];
            b[r] = s / a[r * size + r];
        }
        foreach (var v in b) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>Zᵀ∇²L Z positive definite (with a relative margin of 10⁻¹⁰), Z a basis of the null space of the
    /// active Jacobian A: the point is a strict local constrained minimum, not a maximum or saddle. Z comes from
    /// reducing A to [I M] by Gauss–Jordan elimination with full pivoting (Z = [−M; I] in the pivoted order); any basis
    /// will do, since the signs of the eigenvalues of ZᵀHZ do not depend on it (Sylvester's law of inertia).</summary>
    private bool SecondOrderSufficient(double[] hl, double[] jac, int k)
    {
        int n = _n, free = n - k;
        if (free == 0) return true;
        var a = (double[])jac.Clone();
        var column = new int[n];
        for (int i = 0; i < n; i++) column[i] = i;
        double biggest = 0;
        foreach (var v in a) biggest = Math.Max(biggest, Math.Abs(v));
        for (int r = 0; r < k; r++)
        {
            int pr = r, pc = r;
            for (int i = r; i < k; i++)
                for (int c = r; c < n; c++)
                    if (Math.Abs(a[i * n + column[c]]) > Math.Abs(a[pr * n + column[pc]])) (pr, pc) = (i, c);
            double pivot = a[pr * n + column[pc]];
            if (!(Math.Abs(pivot) > 1e-12 * biggest)) return false; // dependent active gradients
            if (pr != r)
                for (int c = 0; c < n; c++) (a[r * n + c], a[pr * n + c]) = (a[pr * n + c], a[r * n + c]);
            (column[r], column[pc]) = (column[pc], column[r]);
            int pivotColumn = column[r];
            for (int c = 0; c < n; c++) a[r * n + c] /= pivot;
            for (int i = 0; i < k; i++)
            {
                if (i == r) continue;
                double factor = a[i * n + pivotColumn];
                if (factor == 0) continue;
                for (int c = 0; c < n; c++) a[i * n + c] -= factor * a[r * n + c];
            }
        }
        // Column t of Z: 1 at free variable column[k + t], −A[r, column[k + t]] at basic variable column[r].
        var z = new double[n * free];
        for (int t = 0; t < free; t++)
        {
            int variable = column[k + t];
            z[variable * free + t] = 1;
            for (int r = 0; r < k; r++) z[column[r] * free + t] = -a[r * n + variable];
        }
        var hz = new double[n * free];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < free; t++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += hl[i * n + j] * z[j * free + t];
                hz[i * free + t] = sum;
            }
        var reduced = new double[free * free];
        double size = 0;
        for (int s = 0; s < free; s++)
            for (int t = 0; t < free; t++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += z[i * free + s] * hz[i * free + t];
                reduced[s * free + t] = sum;
                size = Math.Max(size, Math.Abs(sum));
            }
        if (size == 0) return false;
        return Cholesky.TryFactor(reduced, free, -1e-10 * size, new double[free * free]);
    }

    private static double Violation(double[] g, double[] h)
    {
        double v = 0;
        foreach (var a in g) v = Math.Max(v, Math.Abs(a));
        foreach (var a in h) v = Math.Max(v, a);
        return v;
    }

    /// <summary>The KKT residuals (internal-sign λ, μ ≥ 0) at the point of the last evaluation, whose constraint
    /// values are g and h.</summary>
    private KktResiduals Kkt(double[] g, double[] h)
    {
        double stationarity = 0;
        for (int i = 0; i < _n; i++)
        {
            double r = Grad(0, i);
            for (int k = 0; k < _p; k++) r += _lambda[k] * Grad(1 + k, i);
            for (int j = 0; j < Constraints; j++) if (_mu[j] != 0) r += _mu[j] * ConstraintGrad(j, i);
            stationarity = Math.Max(stationarity, Math.Abs(r));
        }
        double complementarity = 0, dual = 0;
        for (int j = 0; j < Constraints; j++)
        {
            complementarity = Math.Max(complementarity, Math.Abs(_mu[j] * h[j]));
            dual = Math.Max(dual, -_mu[j]);
        }
        return new KktResiduals(stationarity, Violation(g, h), dual, complementarity);
    }

    private ConstrainedResult Result(double[] x, int outer, ExitReason exit, string message, List<ConstrainedStep> trace)
    {
        var g = new double[_p];
        var h = new double[Constraints];
        var kkt = Values(x, out double f, g, h) ? Kkt(g, h) : new KktResiduals(double.NaN, double.NaN, double.NaN, double.NaN);
        var bound = new double[_n];
        for (int k = 0; k < _bounds.Length; k++)
        {
            var (i, _, upper) = _bounds[k];
            bound[i] += upper ? _mu[_q + k] : -_mu[_q + k];
        }
        return new ConstrainedResult(_names, x, f, _lambda.Select(l => -l).ToArray(), _mu[.._q], kkt, outer, exit, message, trace)
        {
            BoundMultipliers = bound,
            InnerIterations = _innerIterations,
            Evaluations = _evaluations,
        };
    }
}
