using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Multivariate;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Optimization;

/// <summary>
/// Lagrange multipliers: L = f − Σλᵢgᵢ, the system ∇L = 0 (∂L/∂xⱼ = 0 and gᵢ = 0) solved by damped Newton from one or
/// many starts, the points deduplicated and each classified on the tangent space of the constraints.
/// </summary>
internal sealed class LagrangeSolver
{
    private readonly Expr _f;
    private readonly Symbol[] _x;
    private readonly Symbol[] _lambda;
    private readonly Expr[] _constraints;
    private readonly LagrangeOptions _options;
    private readonly int _n;
    private readonly int _m;
    private readonly Expr _lagrangian;
    private readonly SystemRootSolver _system;
    private readonly CompiledFunction _value;
    private readonly CompiledVectorFunction _gradients; // ∇f then ∇g₁ … ∇gₘ, for least-squares multipliers
    private readonly (double Lower, double Upper)[] _box;

    public LagrangeSolver(Expr f, IReadOnlyList<Expr> constraints, IReadOnlyList<Symbol> variables, IReadOnlyList<Symbol> multipliers,
        LagrangeOptions options)
    {
        _f = f;
        _x = [.. variables];
        _lambda = [.. multipliers];
        _constraints = [.. constraints];
        _options = options;
        _n = _x.Length;
        _m = _constraints.Length;
        _lagrangian = Expr.Add([f, .. _constraints.Select((g, i) => -1 * (Expr)_lambda[i] * g)]);
        var equations = Calculus.Gradient(_lagrangian, _x).Concat(_constraints).ToArray();
        _system = new SystemRootSolver(equations, [.. _x, .. _lambda], options.Newton.Derivative);
        _value = Compiler.Compile(f, _x);
        _gradients = Compiler.Compile([.. Calculus.Gradient(f, _x), .. _constraints.SelectMany(g => Calculus.Gradient(g, _x))], _x);
        _box = options.Box is null ? [.. Enumerable.Repeat((-10.0, 10.0), _n)] : [.. options.Box];
    }

    public Expr Lagrangian => _lagrangian;

    public LagrangeResult Run(double[]? fromX, double[]? fromLambda)
    {
        var names = _x.Select(s => s.Name).ToArray();
        var clock = Stopwatch.StartNew();
        bool OutOfTime()
        {
            EngineCancellation.ThrowIfCancelled("Lagrange");
            return clock.Elapsed > _options.TimeBudget;
        }
        var newton = _options.Newton with { RecordTrace = false };
        var found = new List<(double[] X, double[] Lambda, double Residual)>();
        double bestViolation = double.PositiveInfinity;
        var failures = new Dictionary<ExitReason, int>();
        var random = new Random(_options.Seed);
        int total = fromX is null ? _options.Starts : 1, runs = 0;
        bool complete = true;
        for (int s = 0; s < total; s++)
        {
            if (OutOfTime()) { complete = false; break; }
            double[] x0;
            double[]? lambda0;
            if (fromX is not null)
            {
                x0 = fromX;
                lambda0 = fromLambda;
            }
            else
            {
                x0 = _box.Select(b => b.Lower + random.NextDouble() * (b.Upper - b.Lower)).ToArray();
                lambda0 = null;
            }
            lambda0 ??= LeastSquaresMultipliers(x0) ?? Enumerable.Range(0, _m).Select(_ => -10 + 20 * random.NextDouble()).ToArray();
            runs++;
            var result = _system.Run([.. x0, .. lambda0], newton, lineSearch: true, OutOfTime, watchFrom: _n,
                v => bestViolation = Math.Min(bestViolation, v));
            var z = result.X.ToArray();
            var x = z[.._n];
            double scale = Math.Max(1, SystemRootSolver.Norm(z));
            bool isRoot = result.ResidualNorm <= 1e-8 * scale && double.IsFinite(_value.Evaluate(x));
            if (!isRoot)
            {
                var reason = result.Exit == ExitReason.Converged ? ExitReason.Stalled : result.Exit;
                failures[reason] = failures.GetValueOrDefault(reason) + 1;
                continue;
            }
            if (fromX is null && !InBox(x)) continue;
            int same = found.FindIndex(p => MaxAbsDifference(p.X, x) <= _options.DuplicateTolerance * (1 + Math.Max(MaxAbs(p.X), MaxAbs(x))));
            if (same < 0) found.Add((x, z[_n..], result.ResidualNorm));
            else if (result.ResidualNorm < found[same].Residual) found[same] = (x, z[_n..], result.ResidualNorm);
        }

        var points = found.Select(p => Classify(p.X, p.Lambda)).OrderBy(p => p.Value).ThenBy(p => p.X[0]).ToList();
        string where = fromX is null
            ? $"{runs} start(s) in the box {string.Join(", ", names.Select((v, i) => $"{v} ∈ [{SystemRootSolver.Format(_box[i].Lower)}, {SystemRootSolver.Format(_box[i].Upper)}]"))}"
            : $"the start {SystemRootSolver.Point(names, fromX)}";
        string budget = complete ? "" : $" The time budget ({_options.TimeBudget.TotalSeconds:G3} s) ran out after {runs} of {total} starts, so there may be more points.";
        if (points.Count == 0)
        {
            if (!(bestViolation <= 1e-6))
                return Result(points, ExitReason.Infeasible,
                    $"{ExitReason.Infeasible.Describe()}: from {where}, Newton never reached the constraint set " +
                    $"(the smallest constraint violation max|gᵢ| seen was {SystemRootSolver.Format(bestViolation)}). " +
                    "Check that the constraints can hold, or widen the box." + budget, runs, complete);
            var commonest = failures.Count == 0 ? ExitReason.MaxIterations : failures.MaxBy(p => p.Value).Key;
            return Result(points, commonest,
                $"no stationary point of L was found from {where}, although the constraint set was reached; the commonest outcome " +
                $"of the Newton runs was: {commonest.Describe()}." + budget, runs, complete);
        }
        var min = points[0];
        var max = points[^1];
        string kinds = string.Join(", ", points.GroupBy(p => p.Kind).Select(g => $"{g.Count()} {g.Key.ToJsonName()}"));
        return Result(points, ExitReason.Converged,
            $"found {points.Count} stationary point(s) of L ({kinds}) from {where}; the lowest value f = {SystemRootSolver.Format(min.Value)} is at " +
            $"{SystemRootSolver.Point(names, min.X)}, the highest f = {SystemRootSolver.Format(max.Value)} at {SystemRootSolver.Point(names, max.X)}." + budget,
            runs, complete);

        LagrangeResult Result(List<ConstrainedPoint> list, ExitReason exit, string message, int starts, bool done) =>
            new(names, _lagrangian, list, list.Count > 0 ? list[0] : null, list.Count > 0 ? list[^1] : null, exit, message, starts)
            {
                MultiplierNames = _lambda.Select(l => l.Name).ToArray(),
                Complete = done,
            };
    }

    /// <summary>λ minimising ‖∇f − Σλᵢ∇gᵢ‖ at x (QR least squares); null where undefined.</summary>
    private double[]? LeastSquaresMultipliers(double[] x)
    {
        var values = new double[(_m + 1) * _n];
        _gradients.Evaluate(x, values);
        if (!values.All(double.IsFinite)) return null;
        var a = Matrix<double>.Build.Dense(_n, _m, (r, c) => values[(c + 1) * _n + r]);
        var b = Vector<double>.Build.Dense(_n, r => values[r]);
        var svd = a.Svd(true);
        if (svd.Rank < _m) return null;
        var lambda = svd.Solve(b).ToArray();
        return lambda.All(double.IsFinite) ? lambda : null;
    }

    /// <summary>
    /// The second-order test on the constraint set: H = ∇ₓ²L and B = the constraint gradients (rows) at the point;
    /// the eigenvalues of ZᵀHZ, Z an orthonormal basis of B's null space (the tangent space), decide the kind; the
    /// last n − m leading principal minors of the bordered Hessian [[0, B], [Bᵀ, H]] are reported alongside.
    /// </summary>
    private ConstrainedPoint Classify(double[] x, double[] lambda)
    {
        var names = _x.Select(s => s.Name).ToArray();
        double value = _value.Evaluate(x);
        int size = _n + _m;
        var z = x.Concat(lambda).ToArray();
        var f = new double[size];
        var j = new double[size * size];
        _system.Residual(z, f);
        if (!_system.Jacobian(z, f, j))
            return new ConstrainedPoint(names, x, lambda, value, ConstrainedPointKind.Unknown,
                "the second derivatives of L are not finite here: the test is inconclusive");
        var h = Matrix<double>.Build.Dense(_n, _n, (r, c) => 0.5 * (j[r * size + c] + j[c * size + r]));
        var b = Matrix<double>.Build.Dense(_m, _n, (r, c) => j[(_n + r) * size + c]);
        var svd = b.Svd(true);
        if (svd.Rank < _m)
            return new ConstrainedPoint(names, x, lambda, value, ConstrainedPointKind.Unknown,
                "the constraint gradients are linearly dependent (or zero) here, so the tangent space and the bordered Hessian test do not apply");
        if (_n == _m)
            return new ConstrainedPoint(names, x, lambda, value, ConstrainedPointKind.Unknown,
                "there are as many constraints as variables, so the constraint set is isolated points: no direction to compare f along");
        var basis = svd.VT.Transpose().SubMatrix(0, _n, _m, _n - _m); // columns m … n−1 of V span the null space of B
        var projected = basis.Transpose() * h * basis;
        var eigenvalues = HessianTest.Eigenvalues(projected.ToArray());
        double zero = _options.EigenvalueTolerance * Math.Max(1, eigenvalues.Max(Math.Abs));
        int positive = eigenvalues.Count(e => e > zero), negative = eigenvalues.Count(e => e < -zero);
        string list = "(" + string.Join(", ", eigenvalues.Select(e => Math.Abs(e) <= zero ? "0.0" : HessianTest.Format(e))) + ")";
        var kind = positive == eigenvalues.Length ? ConstrainedPointKind.Minimum
            : negative == eigenvalues.Length ? ConstrainedPointKind.Maximum
            : positive > 0 && negative > 0 ? ConstrainedPointKind.Saddle
            : ConstrainedPointKind.Unknown;
        string verdict = kind switch
        {
            ConstrainedPointKind.Minimum => "all positive: a constrained minimum",
            ConstrainedPointKind.Maximum => "all negative: a constrained maximum",
            ConstrainedPointKind.Saddle => "of both signs: a constrained saddle",
            _ => "with a zero: the second-order test is inconclusive",
        };
        string reason = $"Hessian of L on the tangent space of the constraints has eigenvalue(s) {list}, {verdict}; " + BorderedMinors(h, b);
        return new ConstrainedPoint(names, x, lambda, value, kind, reason);
    }

    /// <summary>The course's bordered Hessian test in words: the minors of order 2m+1 … n+m and the sign rule.</summary>
    private string BorderedMinors(Matrix<double> h, Matrix<double> b)
    {
        int size = _n + _m;
        var bordered = Matrix<double>.Build.Dense(size, size);
        bordered.SetSubMatrix(0, _m, b);
        bordered.SetSubMatrix(_m, 0, b.Transpose());
        bordered.SetSubMatrix(_m, _m, h);
        var minors = Enumerable.Range(2 * _m + 1, _n - _m).Select(k => bordered.SubMatrix(0, k, 0, k).Determinant()).ToArray();
        string values = string.Join(", ", minors.Select(HessianTest.Format));
        string rule = _m % 2 == 0 ? "min when all are positive" : "min when all are negative";
        return _n - _m == 1 && _m == 1
            ? $"bordered Hessian determinant {values} (> 0: max, < 0: min)"
            : $"bordered Hessian leading minors of order {2 * _m + 1}…{size}: {values} ({rule}; max when they alternate in sign starting with {(_m % 2 == 0 ? "negative" : "positive")})";
    }

    private bool InBox(double[] x)
    {
        for (int i = 0; i < _n; i++)
        {
            double slack = 1e-9 * (_box[i].Upper - _box[i].Lower);
            if (x[i] < _box[i].Lower - slack || x[i] > _box[i].Upper + slack) return false;
        }
        return true;
    }

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : v.Max(Math.Abs);

    private static double MaxAbsDifference(double[] a, double[] b)
    {
        double d = 0;
        for (int i = 0; i < a.Length; i++) d = Math.Max(d, Math.Abs(a[i] - b[i]));
        return d;
    }
}
