using System.Diagnostics;
using System.Globalization;

namespace Nabla.Optimization;

/// <summary>
/// One minimisation run. Every method shares the loop: test convergence at xₖ, build the update from the method's
/// rule, take it (fixed α or a line search), check the new point (finite, within the divergence limit), record it.
/// The result's x is always the last iterate at which f and ∇f were finite.
/// </summary>
internal sealed class MinimizeEngine
{
    private readonly CountingObjective _f;
    private readonly MinimizeOptions _o;
    private readonly LineSearchKind _search;
    private readonly int _n;
    private readonly List<MinimizeStep> _trace = [];

    private double[] _x, _g, _xNew, _gNew;
    private double _value = double.NaN;
    private int _iterations;

    // Momentum / Nesterov velocity, Adam moments.
    private readonly double[] _v, _m;
    // BFGS inverse Hessian (row-major); L-BFGS pairs (circular).
    private double[]? _inverseHessian;
    private readonly List<(double[] S, double[] Y, double Rho)> _pairs = [];
    private double _lastAlpha;

    public MinimizeEngine(Objective objective, IReadOnlyList<double> start, MinimizeOptions options)
    {
        _f = new CountingObjective(objective);
        _o = options;
        _search = options.EffectiveLineSearch;
        _n = objective.Dimension;
        _x = start.ToArray();
        _g = new double[_n];
        _xNew = new double[_n];
        _gNew = new double[_n];
        _v = new double[_n];
        _m = new double[_n];
        _lastAlpha = options.Rate;
    }

    private double _startValue = double.NaN;

    /// <summary>‖∇f‖∞ ≤ tol·max(1, min(|f|, |f(x₀)|)): relative to the size of f, so functions with large values are
    /// not held to an absolute test they cannot pass in floating point, but never looser than at the start, so a run
    /// away to f → −∞ (where |f| grows faster than |∇f|) is not mistaken for convergence.</summary>
    private bool GradientConverged(double[] g, double value) =>
        LineSearch.NormInf(g) <= _o.GradientTolerance * Math.Max(1, Math.Min(Math.Abs(value), Math.Abs(_startValue)));

    private double MinStep(double[] x) => Math.Max(_o.StepTolerance, 1e-300) * Math.Max(1, LineSearch.NormInf(x));

    public MinimizeResult Run()
    {
        var clock = Stopwatch.StartNew();
        if (_x.Any(v => !double.IsFinite(v)))
            return Finish(ExitReason.UndefinedAtStart, $"the start ({Point(_x)}) has a coordinate that is not a finite number.", evaluated: false);
        _value = _f.Value(_x);
        if (!double.IsFinite(_value))
            return Finish(ExitReason.UndefinedAtStart, $"f({Point(_x)}) = {Num(_value)}: f is not defined (or not finite) at the start.", evaluated: false);
        _startValue = _value;
        _f.Gradient(_x, _g);
        if (_g.Any(v => !double.IsFinite(v)))
            return Finish(ExitReason.UndefinedAtStart, $"∇f({Point(_x)}) = ({Point(_g)}) is not finite at the start.", evaluated: false);
        Record(0, 1, null);

        while (true)
        {
            if (GradientConverged(_g, _value))
                return Finish(ExitReason.Converged,
                    $"converged after {_iterations} iterations: ‖∇f‖∞ = {Num(LineSearch.NormInf(_g))} ≤ {Num(_o.GradientTolerance)}·max(1, min(|f|, |f(x₀)|)).");
            if (_iterations >= _o.MaxIterations)
                return Finish(ExitReason.MaxIterations, $"stopped after {_iterations} iterations (the maximum) with ‖∇f‖∞ = {Num(LineSearch.NormInf(_g))}.");
            EngineCancellation.ThrowIfCancelled("Minimize");
            if (_o.TimeBudget is { } budget && clock.Elapsed > budget)
                return Finish(ExitReason.MaxIterations, $"the time budget ({budget.TotalSeconds:0.###} s) ran out after {_iterations} iterations.");

            var step = Update();
            if (step.Exit is { } exit) return Finish(exit, step.Message!);

            double moved = 0, movedInf = 0;
            for (int i = 0; i < _n; i++)
            {
                double dx = _xNew[i] - _x[i];
                moved += dx * dx;
                movedInf = Math.Max(movedInf, Math.Abs(dx));
            }
            UpdateMemory();
            (_x, _xNew) = (_xNew, _x);
            (_g, _gNew) = (_gNew, _g);
            _value = step.Value;
            _iterations++;
            Record(Math.Sqrt(moved), step.Alpha, step.Note);
            if (movedInf <= _o.StepTolerance * Math.Max(1, LineSearch.NormInf(_x)) && !GradientConverged(_g, _value))
                return Finish(ExitReason.Stalled,
                    $"stalled after {_iterations} iterations: the step {Num(movedInf)} is below the step tolerance but ‖∇f‖∞ = {Num(LineSearch.NormInf(_g))}.");
        }
    }

    /// <summary>What one update produced: the new point is in _xNew/_gNew with value Value, or an exit.</summary>
    private readonly record struct StepOutcome(double Value, double Alpha, string? Note, ExitReason? Exit, string? Message);

    private static StepOutcome Stop(ExitReason exit, string message) => new(double.NaN, 0, null, exit, message);

    private StepOutcome Update()
    {
        switch (_o.Method)
        {
            case MinimizeMethod.GradientDescent:
            {
                var d = Negated(_g);
                if (_search == LineSearchKind.Fixed) return TakeFixed(d, _o.Rate, null);
                // Let a line search grow the step again after it had to shrink it.
                return Search(d, _iterations == 0 ? _o.Rate : 2 * _lastAlpha, null);
            }
            case MinimizeMethod.Momentum:
            {
                // v ← βv − γ∇f(x), x ← x + v
                for (int i = 0; i < _n; i++) _v[i] = _o.Momentum * _v[i] - _o.Rate * _g[i];
                return TakeFixed(_v, 1, null);
            }
            case MinimizeMethod.Nesterov:
            {
                // v ← βv − γ∇f(x + βv), x ← x + v: the gradient is taken where momentum is about to carry x.
                var ahead = new double[_n];
                for (int i = 0; i < _n; i++) ahead[i] = _x[i] + _o.Momentum * _v[i];
                var gAhead = new double[_n];
                _f.Gradient(ahead, gAhead);
                if (gAhead.Any(v => !double.IsFinite(v)))
                    return Stop(ExitReason.NonFinite, $"∇f at the look-ahead point ({Point(ahead)}) is not finite.");
                for (int i = 0; i < _n; i++) _v[i] = _o.Momentum * _v[i] - _o.Rate * gAhead[i];
                return TakeFixed(_v, 1, null);
            }
            case MinimizeMethod.Adam:
            {
                int t = _iterations + 1;
                var d = new double[_n];
                double c1 = 1 - Math.Pow(_o.Beta1, t), c2 = 1 - Math.Pow(_o.Beta2, t);
                for (int i = 0; i < _n; i++)
                {
                    _m[i] = _o.Beta1 * _m[i] + (1 - _o.Beta1) * _g[i];
                    _v[i] = _o.Beta2 * _v[i] + (1 - _o.Beta2) * _g[i] * _g[i];
                    d[i] = -_o.Rate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + _o.Epsilon);
                }
                return TakeFixed(d, 1, null);
            }
            case MinimizeMethod.Newton:
            {
                var h = EvaluateHessian(out var bad);
                if (h is null) return bad;
                var (d, note) = ModifiedNewtonDirection(h);
                if (d is null) return Stop(ExitReason.NonFinite, "the Newton step could not be computed (the Hessian is not finite).");
                return _search == LineSearchKind.Fixed ? TakeFixed(d, _o.Rate, note) : Search(d, 1, note);
            }
            case MinimizeMethod.Hybrid:
            {
                var h = EvaluateHessian(out var bad);
                if (h is null) return bad;
                var (d, note) = HybridStep(h);
                return _search == LineSearchKind.Fixed ? TakeFixed(d, 1, note) : Search(d, 1, note);
            }
            case MinimizeMethod.Bfgs:
            {
                _inverseHessian ??= Identity(_n);
                var d = MultiplyNegated(_inverseHessian, _g);
                string? note = null;
                if (!(LineSearch.Dot(d, _g) < 0))
                {
                    _inverseHessian = Identity(_n);
                    d = Negated(_g);
                    note = "BFGS direction was not downhill: reset the inverse Hessian to I";
                }
                return QuasiNewtonStep(d, note);
            }
            case MinimizeMethod.Lbfgs:
            {
                var d = TwoLoop();
                string? note = null;
                if (!(LineSearch.Dot(d, _g) < 0))
                {
                    _pairs.Clear();
                    d = Negated(_g);
                    note = "L-BFGS direction was not downhill: forgot the stored pairs";
                }
                return QuasiNewtonStep(d, note);
            }
            default:
                throw new InvalidOperationException($"unknown method {_o.Method}.");
        }
    }

    private StepOutcome QuasiNewtonStep(double[] d, string? note)
    {
        // Without curvature information yet, d = −∇f has the gradient's units: scale the first trial to length ≲ 1.
        double first = (_o.Method == MinimizeMethod.Bfgs ? _iterations == 0 || IsIdentity(_inverseHessian!) : _pairs.Count == 0)
            ? Math.Min(1, 1 / LineSearch.Norm2(d))
            : 1;
        return _search == LineSearchKind.Fixed ? TakeFixed(d, _o.Rate, note) : Search(d, first, note);
    }

    private double[]? EvaluateHessian(out StepOutcome failure)
    {
        var h = new double[_n * _n];
        _f.Hessian(_x, h);
        failure = default;
        if (h.All(double.IsFinite)) return h;
        failure = Stop(ExitReason.NonFinite, $"the Hessian at ({Point(_x)}) is not finite.");
        return null;
    }

    /// <summary>Newton's direction −H⁻¹∇f by Cholesky. Where H is not positive definite, the direction uses H + τI
    /// with τ raised from τ₀ (the smallest shift that makes the diagonal positive) by doubling until Cholesky
    /// succeeds (Nocedal &amp; Wright algorithm 3.3, β = 10⁻³·max(1, ‖H‖_F)), so the step always points downhill.</summary>
    private (double[]? Direction, string? Note) ModifiedNewtonDirection(double[] h)
    {
        var l = new double[_n * _n];
        if (Cholesky.TryFactor(h, _n, 0, l)) return (Cholesky.SolveNegated(l, _n, _g), null);
        double frobenius = Math.Sqrt(h.Sum(v => v * v)), beta = 1e-3 * Math.Max(1, frobenius);
        double minDiagonal = Enumerable.Range(0, _n).Min(i => h[i * _n + i]);
        double tau = minDiagonal > 0 ? beta : beta - minDiagonal;
        for (int attempt = 0; attempt < 200; attempt++, tau = Math.Max(2 * tau, beta))
            if (Cholesky.TryFactor(h, _n, tau, l))
                return (Cholesky.SolveNegated(l, _n, _g), $"Hessian not positive definite: used H + τI with τ = {Num(tau)}");
        return (null, null);
    }

    /// <summary>The course's hybrid rule: the plain Newton step −H⁻¹∇f unless it cannot be solved for, points uphill
    /// (∇fᵀd ≥ 0) or is longer than MaxStep; then the gradient step −γ∇f, shortened to MaxStep if longer.</summary>
    private (double[] Step, string? Note) HybridStep(double[] h)
    {
        string reason;
        var newton = SolveNewton(h);
        if (newton is null) reason = "the Hessian is singular";
        else if (!(LineSearch.Dot(newton, _g) < 0)) reason = "the Newton step points uphill";
        else if (LineSearch.Norm2(newton) > _o.MaxStep) reason = $"the Newton step is longer than {Num(_o.MaxStep)}";
        else return (newton, null);
        var d = new double[_n];
        for (int i = 0; i < _n; i++) d[i] = -_o.Rate * _g[i];
        double length = LineSearch.Norm2(d);
        if (length > _o.MaxStep)
            for (int i = 0; i < _n; i++) d[i] *= _o.MaxStep / length;
        return (d, $"hybrid: gradient step ({reason})");
    }

    private double[]? SolveNewton(double[] h)
    {
        var l = new double[_n * _n];
        if (Cholesky.TryFactor(h, _n, 0, l)) return Cholesky.SolveNegated(l, _n, _g);
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(_n, _n, h);
        var lu = matrix.LU();
        if (lu.Determinant == 0 || !double.IsFinite(lu.Determinant)) return null;
        var d = lu.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(Negated(_g))).ToArray();
        return d.All(double.IsFinite) ? d : null;
    }

    /// <summary>x_new = x + α·d with no function-value check.</summary>
    private StepOutcome TakeFixed(double[] d, double alpha, string? note)
    {
        LineSearch.Move(_x, d, alpha, _xNew);
        if (CheckPoint(_xNew) is { } bad) return bad;
        double value = _f.Value(_xNew);
        if (double.IsNegativeInfinity(value))
            return Stop(ExitReason.Diverged, $"f({Point(_xNew)}) = −∞: f is unbounded below.");
        if (!double.IsFinite(value))
            return Stop(ExitReason.NonFinite, $"f({Point(_xNew)}) = {Num(value)} after {_iterations + 1} iterations (the step left f's domain or overflowed).");
        _f.Gradient(_xNew, _gNew);
        if (_gNew.Any(v => !double.IsFinite(v)))
            return Stop(ExitReason.NonFinite, $"∇f({Point(_xNew)}) is not finite after {_iterations + 1} iterations.");
        return new(value, alpha, note, null, null);
    }

    private StepOutcome Search(double[] d, double alpha0, string? note)
    {
        double minStep = MinStep(_x);
        LineSearchOutcome outcome;
        if (_search == LineSearchKind.Backtracking)
            outcome = LineSearch.Armijo(_f, _x, _value, _g, d, alpha0, _o.SufficientDecrease, minStep, _xNew);
        else
        {
            double reach = _o.DivergenceLimit * 2 / Math.Max(LineSearch.NormInf(d), double.Epsilon);
            outcome = LineSearch.Wolfe(_f, _x, _value, _g, d, alpha0, Math.Max(alpha0, reach), _o.SufficientDecrease, _o.Curvature,
                minStep, _xNew, _gNew);
        }
        if (outcome.Status == LineSearchStatus.Failed && -LineSearch.Dot(_g, d) * alpha0 <= 1e-12 * Math.Max(1, Math.Abs(_value)))
            return Stop(ExitReason.Stalled,
                $"stalled after {_iterations} iterations: along the search direction f can only change at the level of rounding (predicted decrease {Num(-LineSearch.Dot(_g, d) * alpha0)}), so the line search cannot make progress; ‖∇f‖∞ = {Num(LineSearch.NormInf(_g))}.");
        if (outcome.Status == LineSearchStatus.Failed)
            return Stop(ExitReason.LineSearchFailed, $"iteration {_iterations + 1}: {outcome.Reason} (at x = ({Point(_x)}), ‖∇f‖∞ = {Num(LineSearch.NormInf(_g))}).");
        if (outcome.Status == LineSearchStatus.Unbounded)
            return Stop(ExitReason.Diverged, $"iteration {_iterations + 1}: f keeps decreasing along the search direction (f = {Num(outcome.Value)} at ({Point(_xNew)})): f is unbounded below.");
        _lastAlpha = outcome.Alpha;
        if (CheckPoint(_xNew) is { } bad) return bad;
        if (!outcome.GradientKnown) _f.Gradient(_xNew, _gNew);
        if (_gNew.Any(v => !double.IsFinite(v)))
            return Stop(ExitReason.NonFinite, $"∇f({Point(_xNew)}) is not finite after {_iterations + 1} iterations.");
        return new(outcome.Value, outcome.Alpha, note, null, null);
    }

    private StepOutcome? CheckPoint(double[] x)
    {
        double size = LineSearch.NormInf(x);
        if (double.IsNaN(size)) return Stop(ExitReason.NonFinite, $"the iterate after {_iterations} iterations became NaN.");
        if (size > _o.DivergenceLimit)
            return Stop(ExitReason.Diverged, $"the iterates ran away: ‖x‖∞ = {Num(size)} exceeds {Num(_o.DivergenceLimit)} at iteration {_iterations + 1}.");
        return null;
    }

    /// <summary>Feeds s = x_new − x, y = ∇f_new − ∇f to BFGS / L-BFGS, skipping pairs with sᵀy ≤ 0 (they would
    /// destroy positive definiteness).</summary>
    private void UpdateMemory()
    {
        if (_o.Method is not (MinimizeMethod.Bfgs or MinimizeMethod.Lbfgs)) return;
        var s = new double[_n];
        var y = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            s[i] = _xNew[i] - _x[i];
            y[i] = _gNew[i] - _g[i];
        }
        double sy = LineSearch.Dot(s, y);
        if (!(sy > 1e-12 * LineSearch.Norm2(s) * LineSearch.Norm2(y)) || !double.IsFinite(sy)) return;
        if (_o.Method == MinimizeMethod.Lbfgs)
        {
            if (_pairs.Count == _o.Memory) _pairs.RemoveAt(0);
            _pairs.Add((s, y, 1 / sy));
            return;
        }
        var h = _inverseHessian!;
        if (IsIdentity(h))
        {
            // Nocedal & Wright (6.20): scale the initial I by sᵀy/yᵀy before the first update.
            double scale = sy / LineSearch.Dot(y, y);
            for (int i = 0; i < _n; i++) h[i * _n + i] = scale;
        }
        // H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ, expanded: H + ((sᵀy + yᵀHy)/(sᵀy)²)ssᵀ − (Hy sᵀ + s (Hy)ᵀ)/sᵀy.
        var hy = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            double sum = 0;
            for (int j = 0; j < _n; j++) sum += h[i * _n + j] * y[j];
            hy[i] = sum;
        }
        double yhy = LineSearch.Dot(y, hy), a = (sy + yhy) / (sy * sy);
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < _n; j++)
                h[i * _n + j] += a * s[i] * s[j] - (hy[i] * s[j] + s[i] * hy[j]) / sy;
    }

    /// <summary>L-BFGS two-loop recursion: d = −Hₖ∇f with H⁰ = (sᵀy/yᵀy)·I from the newest pair.</summary>
    private double[] TwoLoop()
    {
        var q = (double[])_g.Clone();
        var alphas = new double[_pairs.Count];
        for (int k = _pairs.Count - 1; k >= 0; k--)
        {
            var (s, y, rho) = _pairs[k];
            alphas[k] = rho * LineSearch.Dot(s, q);
            for (int i = 0; i < _n; i++) q[i] -= alphas[k] * y[i];
        }
        if (_pairs.Count > 0)
        {
            var (s, y, _) = _pairs[^1];
            double gamma = LineSearch.Dot(s, y) / LineSearch.Dot(y, y);
            for (int i = 0; i < _n; i++) q[i] *= gamma;
        }
        for (int k = 0; k < _pairs.Count; k++)
        {
            var (s, y, rho) = _pairs[k];
            double beta = rho * LineSearch.Dot(y, q);
            for (int i = 0; i < _n; i++) q[i] += (alphas[k] - beta) * s[i];
        }
        for (int i = 0; i < _n; i++) q[i] = -q[i];
        return q;
    }

    private void Record(double stepLength, double alpha, string? note)
    {
        if (!_o.RecordTrace) return;
        _trace.Add(new MinimizeStep(_iterations, _x.ToArray(), _value, LineSearch.Norm2(_g), stepLength) { Alpha = alpha, Note = note });
    }

    private MinimizeResult Finish(ExitReason exit, string message, bool evaluated = true) => new()
    {
        Variables = _f.Objective.Variables,
        X = _x.ToArray(),
        Value = _value,
        Gradient = evaluated ? _g.ToArray() : Enumerable.Repeat(double.NaN, _n).ToArray(),
        GradientNorm = evaluated ? LineSearch.Norm2(_g) : double.NaN,
        Iterations = _iterations,
        Exit = exit,
        Message = message,
        Trace = _trace.ToArray(),
        FunctionEvaluations = _f.Values,
        GradientEvaluations = _f.Gradients,
        HessianEvaluations = _f.Hessians,
        Method = _o.Method.ToJsonName(),
    };

    private static double[] Negated(double[] v) => v.Select(a => -a).ToArray();

    private double[] MultiplyNegated(double[] m, double[] v)
    {
        var r = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            double s = 0;
            for (int j = 0; j < _n; j++) s += m[i * _n + j] * v[j];
            r[i] = -s;
        }
        return r;
    }

    private static double[] Identity(int n)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = 1;
        return m;
    }

    private bool IsIdentity(double[] m)
    {
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < _n; j++)
                if (m[i * _n + j] != (i == j ? 1 : 0)) return false;
        return true;
    }

    internal static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    internal static string Point(IReadOnlyList<double> x) => string.Join(", ", x.Select(Num));
}

/// <summary>
/// A Cholesky factorisation that reports "not positive definite" by return value: Newton's modified-Hessian loop
/// tries several shifts per iteration, and Math.NET's factorisation signals failure by exception, which would make
/// that loop pay for a throw per attempt.
/// </summary>
internal static class Cholesky
{
    /// <summary>Factors A + τI = LLᵀ (A row-major n×n) into <paramref name="l"/>; false when not positive definite.</summary>
    public static bool TryFactor(double[] a, int n, double tau, double[] l)
    {
        Array.Clear(l);
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[j * n + j] + tau;
            for (int k = 0; k < j; k++) diagonal -= l[j * n + k] * l[j * n + k];
            if (!(diagonal > 0)) return false;
            double ljj = Math.Sqrt(diagonal);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = s / ljj;
            }
        }
        return true;
    }

    /// <summary>Solves LLᵀd = −g.</summary>
    public static double[] SolveNegated(double[] l, int n, double[] g)
    {
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = -g[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * z[k];
            z[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = z[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * z[k];
            z[i] = s / l[i * n + i];
        }
        return z;
    }
}
