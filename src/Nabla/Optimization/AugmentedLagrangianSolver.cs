using System.Diagnostics;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Optimization;

/// <summary>
/// The Powell–Hestenes–Rockafellar augmented Lagrangian for min f s.t. g = 0, h ≤ 0 (bounds become inequalities):
/// L_A(x) = f + Σ(λᵢgᵢ + ρgᵢ²/2) + Σ(max(0, μⱼ + ρhⱼ)² − μⱼ²)/(2ρ), minimised over x by BFGS with a backtracking
/// line search; then λᵢ += ρgᵢ, μⱼ = max(0, μⱼ + ρhⱼ), and ρ grows when the violation did not shrink enough.
/// Internally λ has the sign of the formula above; results report the Lagrange convention (−λ).
/// </summary>
internal sealed class AugmentedLagrangianSolver
{
    private readonly string[] _names;
    private readonly int _n;
    private readonly int _p; // equalities
    private readonly int _q; // user inequalities
    private readonly (int Variable, double Bound, bool Upper)[] _bounds;
    private readonly CompiledVectorFunction _values;    // f, g…, h…
    private readonly CompiledVectorFunction _gradients; // ∇f, ∇g…, ∇h…, each n long
    private readonly AugmentedLagrangianOptions _options;
    private readonly double[] _v;
    private readonly double[] _d;

    public AugmentedLagrangianSolver(Expr f, IReadOnlyList<Expr> equalities, IReadOnlyList<Expr> inequalities, IReadOnlyList<Symbol> variables,
        IReadOnlyDictionary<string, (double Lower, double Upper)>? bounds, AugmentedLagrangianOptions options)
    {
        _names = variables.Select(s => s.Name).ToArray();
        _n = _names.Length;
        _p = equalities.Count;
        _q = inequalities.Count;
        _options = options;
        var list = new List<(int, double, bool)>();
        if (bounds is not null)
            for (int i = 0; i < _n; i++)
                if (bounds.TryGetValue(_names[i], out var b))
                {
                    if (double.IsFinite(b.Lower)) list.Add((i, b.Lower, false));
                    if (double.IsFinite(b.Upper)) list.Add((i, b.Upper, true));
                }
        _bounds = [.. list];
        Expr[] all = [f, .. equalities, .. inequalities];
        _values = Compiler.Compile(all, variables);
        _gradients = Compiler.Compile(all.SelectMany(e => Calculus.Gradient(e, variables)).ToArray(), variables);
        _v = new double[all.Length];
        _d = new double[all.Length * _n];
    }

    private int Constraints => _q + _bounds.Length;

    /// <summary>f, g and h (user inequalities then bounds) at x; false when any is not finite.</summary>
    private bool Values(double[] x, out double f, double[] g, double[] h)
    {
        _values.Evaluate(x, _v);
        f = _v[0];
        for (int i = 0; i < _p; i++) g[i] = _v[1 + i];
        for (int j = 0; j < _q; j++) h[j] = _v[1 + _p + j];
        for (int k = 0; k < _bounds.Length; k++)
        {
            var (i, bound, upper) = _bounds[k];
            h[_q + k] = upper ? x[i] - bound : bound - x[i];
        }
        return _v.All(double.IsFinite);
    }

    /// <summary>Row r of the gradients: r = 0 for f, 1…p for g, p+1… for h (bounds ±eᵢ); evaluated by <see cref="Gradients"/>.</summary>
    private void Gradients(double[] x) => _gradients.Evaluate(x, _d);

    private double Grad(int row, int i) => _d[row * _n + i];

    private double ConstraintGrad(int j, int i)
    {
        if (j < _q) return Grad(1 + _p + j, i);
        var (v, _, upper) = _bounds[j - _q];
        return v != i ? 0 : upper ? 1 : -1;
    }

    /// <summary>L_A and its gradient at x for the given multipliers and penalty; NaN when undefined.</summary>
    private double Augmented(double[] x, double[] lambda, double[] mu, double rho, double[] gradient)
    {
        var g = new double[_p];
        var h = new double[Constraints];
        if (!Values(x, out double f, g, h)) return double.NaN;
        Gradients(x);
        double value = f;
        for (int i = 0; i < _n; i++) gradient[i] = Grad(0, i);
        for (int k = 0; k < _p; k++)
        {
            value += lambda[k] * g[k] + rho * g[k] * g[k] / 2;
            double w = lambda[k] + rho * g[k];
            for (int i = 0; i < _n; i++) gradient[i] += w * Grad(1 + k, i);
        }
        for (int j = 0; j < Constraints; j++)
        {
            double w = Math.Max(0, mu[j] + rho * h[j]);
            value += (w * w - mu[j] * mu[j]) / (2 * rho);
            if (w == 0) continue;
            for (int i = 0; i < _n; i++) gradient[i] += w * ConstraintGrad(j, i);
        }
        foreach (var v in gradient) if (!double.IsFinite(v)) return double.NaN;
        return value;
    }

    /// <summary>BFGS on L_A from x (in place) until ‖∇L_A‖∞ ≤ tolerance, the budget, or no descent is possible.</summary>
    private void InnerMinimise(double[] x, double[] lambda, double[] mu, double rho, double tolerance, Func<bool> outOfTime)
    {
        int n = _n;
        var grad = new double[n];
        var trial = new double[n];
        var gradTrial = new double[n];
        var d = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];
        var inverse = new double[n * n];
        void Reset() { Array.Clear(inverse); for (int i = 0; i < n; i++) inverse[i * n + i] = 1; }
        Reset();
        bool fresh = true;
        double value = Augmented(x, lambda, mu, rho, grad);
        if (double.IsNaN(value)) return;
        for (int iteration = 0; iteration < _options.MaxInnerIterations; iteration++)
        {
            double gmax = grad.Max(Math.Abs);
            if (gmax <= tolerance || outOfTime()) return;
            double slope = 0;
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum -= inverse[i * n + k] * grad[k];
                d[i] = sum;
                slope += sum * grad[i];
            }
            if (!(slope < 0)) { Reset(); fresh = true; for (int i = 0; i < n; i++) d[i] = -grad[i]; slope = -grad.Sum(v => v * v); }
            // A fresh (identity) inverse has no notion of scale: start with a step of length at most 1.
            if (fresh)
            {
                double length = Math.Sqrt(d.Sum(v => v * v));
                if (length > 1) { for (int i = 0; i < n; i++) d[i] /= length; slope /= length; }
            }
            double t = 1, trialValue = double.NaN;
            while (t > 1e-16)
            {
                for (int i = 0; i < n; i++) trial[i] = x[i] + t * d[i];
                trialValue = Augmented(trial, lambda, mu, rho, gradTrial);
                if (!double.IsNaN(trialValue) && trialValue <= value + 1e-4 * t * slope) break;
                t /= 2;
            }
            if (!(t > 1e-16))
            {
                if (fresh) return; // not even a gradient step helps: converged as far as rounding allows
                Reset();
                fresh = true;
                continue;
            }
            double sy = 0, yy = 0;
            for (int i = 0; i < n; i++)
            {
                s[i] = trial[i] - x[i];
                y[i] = gradTrial[i] - grad[i];
                sy += s[i] * y[i];
                yy += y[i] * y[i];
            }
            Array.Copy(trial, x, n);
            Array.Copy(gradTrial, grad, n);
            value = trialValue;
            if (sy <= 1e-12 * Math.Sqrt(yy * s.Sum(v => v * v))) continue; // no curvature information: keep the inverse
            if (fresh)
            {
                // Scale the identity to the curvature just seen (Nocedal & Wright 6.20) before the first update.
                double scale = sy / yy;
                for (int i = 0; i < n; i++) inverse[i * n + i] = scale;
                fresh = false;
            }
            // H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ with ρ = 1/sᵀy.
            double r = 1 / sy, yhy = 0;
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += inverse[i * n + k] * y[k];
                hy[i] = sum;
                yhy += y[i] * sum;
            }
            for (int i = 0; i < n; i++)
                for (int k = 0; k < n; k++)
                    inverse[i * n + k] += -r * (hy[i] * s[k] + s[i] * hy[k]) + (r * r * yhy + r) * s[i] * s[k];
        }
    }

    public ConstrainedResult Run(double[] start)
    {
        var clock = Stopwatch.StartNew();
        bool OutOfTime() => clock.Elapsed > _options.TimeBudget;
        int m = Constraints;
        var x = (double[])start.Clone();
        // Start inside the bounds: projection is free and keeps f where it is meant to be evaluated.
        foreach (var (i, bound, upper) in _bounds)
            x[i] = upper ? Math.Min(x[i], bound) : Math.Max(x[i], bound);
        var lambda = new double[_p];
        var mu = new double[m];
        var g = new double[_p];
        var h = new double[m];
        var trace = new List<ConstrainedStep>();
        double rho = _options.InitialPenalty;
        if (!Values(x, out double f, g, h))
            return Result(x, lambda, mu, 0, ExitReason.UndefinedAtStart,
                $"{ExitReason.UndefinedAtStart.Describe()}: f or a constraint is not finite at {SystemRootSolver.Point(_names, x)}.", trace);
        double violation = Violation(g, h);
        if (_options.RecordTrace) trace.Add(new ConstrainedStep(0, (double[])x.Clone(), f, rho, violation));
        double previous = double.PositiveInfinity; // the start is not a minimiser of L_A, so its violation sets no bar
        int stuck = 0;
        for (int outer = 1; outer <= _options.MaxOuterIterations; outer++)
        {
            if (OutOfTime())
                return Result(x, lambda, mu, outer - 1, ExitReason.MaxIterations,
                    $"stopped: the time budget ({_options.TimeBudget.TotalSeconds:G3} s) ran out after {outer - 1} outer iteration(s); " +
                    $"violation {SystemRootSolver.Format(violation)} at {SystemRootSolver.Point(_names, x)}.", trace);
            InnerMinimise(x, lambda, mu, rho, 0.1 * _options.Tolerance, OutOfTime);
            if (!Values(x, out f, g, h))
                return Result(x, lambda, mu, outer, ExitReason.NonFinite,
                    $"{ExitReason.NonFinite.Describe()}: at {SystemRootSolver.Point(_names, x)}.", trace);
            for (int k = 0; k < _p; k++) lambda[k] += rho * g[k];
            for (int j = 0; j < m; j++) mu[j] = Math.Max(0, mu[j] + rho * h[j]);
            violation = Violation(g, h);
            if (_options.RecordTrace) trace.Add(new ConstrainedStep(outer, (double[])x.Clone(), f, rho, violation));
            var kkt = Kkt(x, lambda, mu);
            double gradientScale = 1;
            for (int i = 0; i < _n; i++) gradientScale = Math.Max(gradientScale, 1 + Math.Abs(Grad(0, i)));
            if (kkt.PrimalFeasibility <= _options.Tolerance && kkt.Complementarity <= _options.Tolerance &&
                kkt.Stationarity <= Math.Sqrt(_options.Tolerance) * gradientScale)
                return Result(x, lambda, mu, outer, ExitReason.Converged,
                    $"converged: the KKT residuals are below the tolerance at {SystemRootSolver.Point(_names, x)}, f = {SystemRootSolver.Format(f)}, " +
                    $"after {outer} outer iteration(s) (penalty ρ = {SystemRootSolver.Format(rho)}).", trace);
            if (violation > 0.25 * previous)
            {
                if (rho >= _options.MaxPenalty && violation > _options.Tolerance && ++stuck >= 3)
                    return Result(x, lambda, mu, outer, ExitReason.Infeasible,
                        $"{ExitReason.Infeasible.Describe()}: the penalty reached its limit {SystemRootSolver.Format(_options.MaxPenalty)} and the " +
                        $"constraints are still violated by {SystemRootSolver.Format(violation)} at {SystemRootSolver.Point(_names, x)}.", trace);
                rho = Math.Min(rho * _options.PenaltyGrowth, _options.MaxPenalty);
            }
            else stuck = 0;
            previous = violation;
        }
        return Result(x, lambda, mu, _options.MaxOuterIterations, ExitReason.MaxIterations,
            $"{ExitReason.MaxIterations.Describe()} ({_options.MaxOuterIterations} outer); violation {SystemRootSolver.Format(violation)} at " +
            $"{SystemRootSolver.Point(_names, x)}.", trace);
    }

    private static double Violation(double[] g, double[] h)
    {
        double v = 0;
        foreach (var a in g) v = Math.Max(v, Math.Abs(a));
        foreach (var a in h) v = Math.Max(v, a);
        return v;
    }

    /// <summary>The KKT residuals at x (internal-sign λ, μ ≥ 0); leaves the gradients of x in the buffer.</summary>
    private KktResiduals Kkt(double[] x, double[] lambda, double[] mu)
    {
        var g = new double[_p];
        var h = new double[Constraints];
        if (!Values(x, out _, g, h)) return new KktResiduals(double.NaN, double.NaN, double.NaN, double.NaN);
        Gradients(x);
        double stationarity = 0;
        for (int i = 0; i < _n; i++)
        {
            double r = Grad(0, i);
            for (int k = 0; k < _p; k++) r += lambda[k] * Grad(1 + k, i);
            for (int j = 0; j < Constraints; j++) if (mu[j] != 0) r += mu[j] * ConstraintGrad(j, i);
            stationarity = Math.Max(stationarity, Math.Abs(r));
        }
        double complementarity = 0, dual = 0;
        for (int j = 0; j < Constraints; j++)
        {
            complementarity = Math.Max(complementarity, Math.Abs(mu[j] * h[j]));
            dual = Math.Max(dual, -mu[j]);
        }
        return new KktResiduals(stationarity, Violation(g, h), dual, complementarity);
    }

    private ConstrainedResult Result(double[] x, double[] lambda, double[] mu, int outer, ExitReason exit, string message, List<ConstrainedStep> trace)
    {
        var g = new double[_p];
        var h = new double[Constraints];
        Values(x, out double f, g, h);
        var bound = new double[_n];
        for (int k = 0; k < _bounds.Length; k++)
        {
            var (i, _, upper) = _bounds[k];
            bound[i] += upper ? mu[_q + k] : -mu[_q + k];
        }
        return new ConstrainedResult(_names, x, f, lambda.Select(l => -l).ToArray(), mu[.._q], Kkt(x, lambda, mu), outer, exit, message, trace)
        {
            BoundMultipliers = bound,
        };
    }
}
