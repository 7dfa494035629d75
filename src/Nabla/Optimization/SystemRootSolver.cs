using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Optimization;

/// <summary>
/// Newton's method for a square system F(x) = 0: F and its Jacobian are compiled once (the Jacobian symbolic, by
/// forward-mode AD or by central differences), then each step solves J·d = −F by LU with partial pivoting.
/// Reused by <see cref="Optimize.Lagrange"/> for ∇L = 0 from many starts, so building it is separate from running it.
/// </summary>
internal sealed class SystemRootSolver
{
    /// <summary>A pivot of U at most this (rows of J scaled to a largest entry of 1) counts as 0: J is numerically singular.</summary>
    private const double SingularPivot = 1e-13;

    private const double CbrtEpsilon = 6.0554544523933395e-6;

    // Symbolic: one kernel computes F and J together (one compilation, shared sub-expressions); the last point's
    // values are kept because Newton always asks for J where it has just evaluated F.
    private readonly CompiledVectorFunction _residual;
    private readonly bool _combined;
    private readonly double[] _values;
    private double[]? _cachedAt;
    private readonly Expr[] _equations;
    private readonly Symbol[] _symbols;
    private readonly DerivativeSource _source;

    public SystemRootSolver(IReadOnlyList<Expr> equations, IReadOnlyList<Symbol> variables, DerivativeSource source)
    {
        _equations = [.. equations];
        _symbols = [.. variables];
        _source = source;
        _combined = source == DerivativeSource.Symbolic;
        if (_combined)
        {
            var j = Calculus.Jacobian(_equations, _symbols);
            var entries = new Expr[N + N * N];
            Array.Copy(_equations, entries, N);
            for (int r = 0; r < N; r++)
                for (int c = 0; c < N; c++) entries[N + r * N + c] = j[r, c];
            _residual = Compiler.Compile(entries, _symbols);
        }
        else _residual = Compiler.Compile(_equations, _symbols);
        _values = new double[_residual.OutputCount];
    }

    public int N => _symbols.Length;

    public IReadOnlyList<string> Names => _symbols.Select(s => s.Name).ToArray();

    /// <summary>F(x); false when an entry is NaN or infinite.</summary>
    public bool Residual(ReadOnlySpan<double> x, Span<double> f)
    {
        EvaluateAt(x);
        _values.AsSpan(0, N).CopyTo(f);
        foreach (var v in f) if (!double.IsFinite(v)) return false;
        return true;
    }

    private void EvaluateAt(ReadOnlySpan<double> x)
    {
        if (_cachedAt is not null && x.SequenceEqual(_cachedAt)) return;
        _residual.Evaluate(x, _values);
        _cachedAt = x.ToArray();
    }

    /// <summary>The Jacobian at x, row-major; false when an entry is not finite.</summary>
    public bool Jacobian(double[] x, double[] f, double[] j)
    {
        switch (_source)
        {
            case DerivativeSource.Symbolic:
                EvaluateAt(x);
                _values.AsSpan(N, N * N).CopyTo(j);
                break;
            case DerivativeSource.Automatic:
            {
                var at = new Dictionary<string, double>(N);
                for (int i = 0; i < N; i++) at[_symbols[i].Name] = x[i];
                for (int r = 0; r < N; r++)
                    AutoDiff.ExprBridge.ForwardGradient(_equations[r], _symbols, at).CopyTo(j, r * N);
                break;
            }
            default:
            {
                // Central differences, h = ∛ε·max(1, |xⱼ|): balances truncation (h²) against rounding (ε/h).
                var point = (double[])x.Clone();
                var up = new double[N];
                var down = new double[N];
                for (int c = 0; c < N; c++)
                {
                    double xc = point[c], h = CbrtEpsilon * Math.Max(1, Math.Abs(xc));
                    point[c] = xc + h;
                    Residual(point, up);
                    point[c] = xc - h;
                    Residual(point, down);
                    point[c] = xc;
                    for (int r = 0; r < N; r++) j[r * N + c] = (up[r] - down[r]) / (2 * h);
                }
                break;
            }
        }
        foreach (var v in j) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>
    /// Solves J·d = −F by LU (Math.NET, partial pivoting) after scaling each row to a largest entry of 1 (so an
    /// equation's units do not decide singularity); false when a row is 0 or a pivot is negligible (J singular).
    /// </summary>
    public static bool NewtonStep(double[] jacobian, double[] f, int n, double[] step)
    {
        var rowScale = new double[n];
        for (int r = 0; r < n; r++)
        {
            double m = 0;
            for (int c = 0; c < n; c++) m = Math.Max(m, Math.Abs(jacobian[r * n + c]));
            if (m == 0) return false;
            rowScale[r] = 1 / m;
        }
        var a = Matrix<double>.Build.Dense(n, n, (r, c) => jacobian[r * n + c] * rowScale[r]);
        var lu = a.LU();
        var u = lu.U;
        for (int i = 0; i < n; i++)
            if (!(Math.Abs(u[i, i]) > SingularPivot)) return false;
        var d = lu.Solve(Vector<double>.Build.Dense(n, i => -f[i] * rowScale[i]));
        for (int i = 0; i < n; i++)
        {
            step[i] = d[i];
            if (!double.IsFinite(step[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// Runs Newton from <paramref name="start"/>. With <paramref name="lineSearch"/> the (damped) step is halved until
    /// ‖F‖ decreases (Armijo on ½‖F‖²) — the robust variant the multi-start searches use; without it, the plain method
    /// the course shows (so cycles and far jumps happen and are reported). <paramref name="bestViolation"/> receives the
    /// smallest max|Fᵢ| over <paramref name="watchFrom"/> rows seen along the way (for infeasibility reports).
    /// </summary>
    public SystemRootResult Run(double[] start, RootOptions options, bool lineSearch, Func<bool>? outOfTime = null,
        int watchFrom = 0, Action<double>? bestViolation = null)
    {
        int n = N;
        var names = Names;
        var trace = new List<SystemRootStep>();
        var x = (double[])start.Clone();
        var f = new double[n];
        var j = new double[n * n];
        var step = new double[n];
        var trial = new double[n];
        var fTrial = new double[n];
        var history = new List<double[]>();

        SystemRootResult Finish(int iterations, ExitReason exit, string detail) =>
            new(names, x, (double[])f.Clone(), Norm(f), iterations, exit, detail, trace);

        void Watch(double[] values)
        {
            if (bestViolation is null) return;
            double v = 0;
            for (int i = watchFrom; i < n; i++) v = Math.Max(v, Math.Abs(values[i]));
            if (double.IsFinite(v)) bestViolation(v);
        }

        if (!x.All(double.IsFinite) || !Residual(x, f))
        {
            if (options.RecordTrace) trace.Add(new SystemRootStep(0, (double[])x.Clone(), Norm(f), 0));
            return Finish(0, ExitReason.UndefinedAtStart,
                $"{ExitReason.UndefinedAtStart.Describe()}: F({Point(names, x)}) = {Vector(f)}.");
        }
        Watch(f);
        if (options.RecordTrace) trace.Add(new SystemRootStep(0, (double[])x.Clone(), Norm(f), 0));
        history.Add((double[])x.Clone());
        double functionTolerance = options.FunctionTolerance;
        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            double residual = Norm(f);
            if (residual == 0 || residual <= functionTolerance)
                return Finish(iteration - 1, ExitReason.Converged,
                    $"converged: ‖F‖ = {Format(residual)} at {Point(names, x)} after {iteration - 1} iteration(s).");
            if (outOfTime is not null && outOfTime())
                return Finish(iteration - 1, ExitReason.MaxIterations, "stopped: the time budget ran out.");
            if (!Jacobian(x, f, j))
                return Finish(iteration - 1, ExitReason.NonFinite,
                    $"{ExitReason.NonFinite.Describe()}: the Jacobian is not finite at {Point(names, x)}.");
            if (!NewtonStep(j, f, n, step))
                return Finish(iteration - 1, ExitReason.SingularJacobian,
                    $"{ExitReason.SingularJacobian.Describe()}: at {Point(names, x)} the Jacobian {Matrix(j, n)} has no inverse " +
                    "(det J = 0); try another start.");
            double t = options.Damping;
            double half = residual * residual / 2;
            bool accepted = false;
            while (true)
            {
                for (int i = 0; i < n; i++) trial[i] = x[i] + t * step[i];
                bool finite = Residual(trial, fTrial);
                if (!lineSearch)
                {
                    if (!finite)
                    {
                        Array.Copy(trial, x, n);
                        Array.Copy(fTrial, f, n);
                        if (options.RecordTrace) trace.Add(new SystemRootStep(iteration, (double[])x.Clone(), double.NaN, t * Norm(step)));
                        return Finish(iteration, ExitReason.NonFinite,
                            $"{ExitReason.NonFinite.Describe()}: the Newton step went to {Point(names, x)}, where F = {Vector(f)}.");
                    }
                    accepted = true;
                    break;
                }
                if (finite && Norm(fTrial) * Norm(fTrial) / 2 <= (1 - 1e-4 * t) * half) { accepted = true; break; }
                t /= 2;
                if (t < 1e-10) break;
            }
            if (!accepted)
                return Finish(iteration - 1, ExitReason.Stalled,
                    $"{ExitReason.Stalled.Describe()}: no fraction of the Newton step reduces ‖F‖ = {Format(residual)} at {Point(names, x)}.");
            double stepNorm = t * Norm(step);
            (x, trial) = (trial, x);
            (f, fTrial) = (fTrial, f);
            Watch(f);
            if (options.RecordTrace) trace.Add(new SystemRootStep(iteration, (double[])x.Clone(), Norm(f), stepNorm));
            double size = Math.Max(1, Norm(x));
            if (x.Any(v => Math.Abs(v) > options.DivergenceLimit))
                return Finish(iteration, ExitReason.Diverged,
                    $"{ExitReason.Diverged.Describe()}: |x| passed {Format(options.DivergenceLimit)} (now {Point(names, x)}).");
            if (stepNorm <= options.Tolerance * size)
                return Finish(iteration, ExitReason.Converged,
                    $"converged: the step {Format(stepNorm)} is below the tolerance; ‖F‖ = {Format(Norm(f))} at {Point(names, x)} after {iteration} iteration(s).");
            // A cycle: back (to rounding) at an earlier iterate after a step that was not small — a converging
            // sequence only comes close to earlier iterates with ever smaller steps.
            for (int k = history.Count - 2; k >= Math.Max(0, history.Count - 64); k--)
            {
                double distance = Distance(x, history[k]);
                if (distance <= 1e-9 * size && stepNorm > 1e3 * distance && stepNorm > 1e-6 * size)
                    return Finish(iteration, ExitReason.CycleDetected,
                        $"{ExitReason.CycleDetected.Describe()}: iteration {iteration} is back at iterate {k} {Point(names, x)}, " +
                        $"a cycle of length {history.Count - k}.");
            }
            history.Add((double[])x.Clone());
        }
        double final = Norm(f);
        if (final == 0 || final <= functionTolerance)
            return Finish(options.MaxIterations, ExitReason.Converged,
                $"converged: ‖F‖ = {Format(final)} at {Point(names, x)} after {options.MaxIterations} iteration(s).");
        return Finish(options.MaxIterations, ExitReason.MaxIterations,
            $"{ExitReason.MaxIterations.Describe()} ({options.MaxIterations}); last iterate {Point(names, x)} with ‖F‖ = {Format(final)}.");
    }

    internal static double Norm(ReadOnlySpan<double> v)
    {
        double scale = 0;
        foreach (var a in v) scale = Math.Max(scale, Math.Abs(a));
        if (scale == 0 || !double.IsFinite(scale)) return scale == 0 ? 0 : double.IsNaN(scale) ? double.NaN : double.PositiveInfinity;
        double s = 0;
        foreach (var a in v) s += (a / scale) * (a / scale);
        return scale * Math.Sqrt(s);
    }

    private static double Distance(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    internal static string Point(IReadOnlyList<string> names, IReadOnlyList<double> x) =>
        "(" + string.Join(", ", names.Select((name, i) => $"{name} = {Format(x[i])}")) + ")";

    private static string Vector(IReadOnlyList<double> v) => "(" + string.Join(", ", v.Select(Format)) + ")";

    private static string Matrix(double[] j, int n) =>
        "[" + string.Join("; ", Enumerable.Range(0, n).Select(r => string.Join(", ", Enumerable.Range(0, n).Select(c => Format(j[r * n + c]))))) + "]";
}
