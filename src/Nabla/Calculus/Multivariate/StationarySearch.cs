using System.Diagnostics;
using System.Globalization;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Multivariate;

/// <summary>
/// One call of <see cref="Calculus.StationaryPoints"/>: tries the exact solver, otherwise runs damped Newton
/// iterations on ∇f = 0 (the Jacobian of ∇f is the Hessian) from a grid of starts, deduplicates, and classifies
/// every point by the eigenvalues of the Hessian.
/// </summary>
internal sealed class StationarySearch
{
    private readonly Expr _f;
    private readonly IReadOnlyList<Symbol> _variables;
    private readonly Expr[] _gradient;
    private readonly Expr[,] _hessian;
    private readonly StationaryOptions _options;
    private readonly int _n;
    private readonly CompiledFunction _value;
    // Outputs: the n gradient entries, then the Hessian's upper triangle row by row.
    private readonly CompiledVectorFunction _derivatives;
    private readonly double[] _scratch;

    public StationarySearch(Expr f, IReadOnlyList<Symbol> variables, Expr[] gradient, Expr[,] hessian, StationaryOptions options)
    {
        _f = f;
        _variables = variables;
        _gradient = gradient;
        _hessian = hessian;
        _options = options;
        _n = variables.Count;
        var outputs = new List<Expr>(gradient);
        for (int i = 0; i < _n; i++)
            for (int j = i; j < _n; j++)
                outputs.Add(hessian[i, j]);
        _value = Compiler.Compile(f, variables);
        _derivatives = Compiler.Compile(outputs, variables);
        _scratch = new double[outputs.Count];
    }

    public static void CheckOptions(StationaryOptions options)
    {
        static void Positive(double value, string name)
        {
            if (!(value > 0) || !double.IsFinite(value))
                throw new ArgumentException($"StationaryOptions.{name} must be a positive number (it is {value}).", nameof(options));
        }
        if (options.GridSize < 1) throw new ArgumentException("StationaryOptions.GridSize must be at least 1.", nameof(options));
        if (options.MaxStarts < 1) throw new ArgumentException("StationaryOptions.MaxStarts must be at least 1.", nameof(options));
        if (options.MaxIterations < 1) throw new ArgumentException("StationaryOptions.MaxIterations must be at least 1.", nameof(options));
        if (options.MaxPoints < 1) throw new ArgumentException("StationaryOptions.MaxPoints must be at least 1.", nameof(options));
        if (options.TimeBudget <= TimeSpan.Zero) throw new ArgumentException("StationaryOptions.TimeBudget must be positive.", nameof(options));
        Positive(options.Tolerance, nameof(options.Tolerance));
        Positive(options.DeduplicationTolerance, nameof(options.DeduplicationTolerance));
        Positive(options.EigenvalueTolerance, nameof(options.EigenvalueTolerance));
        CheckInterval("every variable", (options.Lower, options.Upper));
        if (options.Bounds is not null)
            foreach (var (name, interval) in options.Bounds) CheckInterval(name, interval);
    }

    private static void CheckInterval(string name, (double Lower, double Upper) interval)
    {
        if (!double.IsFinite(interval.Lower) || !double.IsFinite(interval.Upper) || !(interval.Lower < interval.Upper))
            throw new ArgumentException(
                $"The search interval of {name} is [{interval.Lower}, {interval.Upper}]; it needs finite ends with lower < upper.", "options");
    }

    public StationaryPointsResult Run()
    {
        if (_options.TryExact)
        {
            var exact = ExactStationary.TrySolve(_gradient, _variables, _options);
            if (exact is not null)
            {
                var points = exact.Points.Select(p => Classify(p.Coordinates, p.Exact)).ToList();
                return Result(points, exact.Method, exact: true, exact.Complete);
            }
        }
        return Numeric();
    }

    private StationaryPointsResult Result(List<StationaryPoint> points, string method, bool exact, bool complete)
    {
        points.Sort(ComparePoints);
        return new StationaryPointsResult(_variables, _gradient, _hessian, points, method) { Exact = exact, Complete = complete };
    }

    private int ComparePoints(StationaryPoint a, StationaryPoint b)
    {
        int c = a.Kind.CompareTo(b.Kind);
        if (c != 0) return c;
        foreach (var v in _variables)
        {
            c = a.Location[v.Name].CompareTo(b.Location[v.Name]);
            if (c != 0) return c;
        }
        return 0;
    }

    // ---------------------------------------------------------------- numeric search

    private StationaryPointsResult Numeric()
    {
        var clock = Stopwatch.StartNew();
        var boxes = _variables.Select(v => _options.IntervalOf(v.Name)).ToArray();
        var (starts, grid) = Starts(boxes);
        var found = new List<(double[] X, double Residual)>();
        int tried = 0, outside = 0, undefined = 0;
        string? stoppedBecause = null;
        foreach (var start in starts)
        {
            EngineCancellation.ThrowIfCancelled("StationaryPoints");
            if (clock.Elapsed > _options.TimeBudget)
            {
                stoppedBecause = $"the time budget of {_options.TimeBudget.TotalSeconds:0.##} s ran out after {tried} of {starts.Count} starts (StationaryOptions.TimeBudget)";
                break;
            }
            if (found.Count >= _options.MaxPoints)
            {
                stoppedBecause = $"it stopped at {_options.MaxPoints} points (StationaryOptions.MaxPoints) after {tried} of {starts.Count} starts";
                break;
            }
            tried++;
            if (Newton(start, boxes) is not { } solution) continue;
            if (!InBox(solution.X, boxes)) { outside++; continue; }
            // ∇f can be defined where f is not (ln(x) + x has f' = 0 at x = −1): such a point is not stationary.
            if (!double.IsFinite(_value.Evaluate(solution.X))) { undefined++; continue; }
            int same = found.FindIndex(p => Same(p.X, solution.X));
            if (same < 0) found.Add(solution);
            else if (solution.Residual < found[same].Residual) found[same] = solution;
        }
        var points = found.Select(p => Classify(p.X, null)).ToList();
        string box = string.Join(" × ", boxes.Select(b => $"[{Format(b.Lower)}, {Format(b.Upper)}]"));
        var method = $"numeric: Newton's method on ∇f = 0 (its Jacobian is the Hessian) with a backtracking line search, " +
                     $"from {grid} in {box}; ";
        method += points.Count switch
        {
            0 => "no stationary point was found in the box",
            1 => "1 stationary point found",
            _ => $"{points.Count} distinct stationary points found",
        };
        if (outside > 0) method += " (iterations that ended outside the box were ignored)";
        if (undefined > 0) method += " (zeros of ∇f where f itself is undefined were ignored)";
        if (stoppedBecause is not null) method += "; the search is incomplete: " + stoppedBecause;
        return Result(points, method, exact: false, stoppedBecause is null);
    }

    private (List<double[]> Starts, string Description) Starts((double Lower, double Upper)[] boxes)
    {
        int affordable = (int)Math.Floor(Math.Pow(_options.MaxStarts, 1.0 / _n) + 1e-9);
        var starts = new List<double[]>();
        if (affordable >= 2 || _options.GridSize == 1)
        {
            int perAxis = Math.Max(1, Math.Min(_options.GridSize, affordable));
            var index = new int[_n];
            while (true)
            {
                var x = new double[_n];
                for (int i = 0; i < _n; i++)
                {
                    var (lo, hi) = boxes[i];
                    x[i] = lo + (index[i] + 0.5) * (hi - lo) / perAxis;
                }
                starts.Add(x);
                int k = _n - 1;
                while (k >= 0 && ++index[k] == perAxis) index[k--] = 0;
                if (k < 0) break;
            }
            var shape = string.Join("×", Enumerable.Repeat(perAxis.ToString(CultureInfo.InvariantCulture), _n));
            return (starts, $"a {shape} grid of {starts.Count} start{(starts.Count == 1 ? "" : "s")}");
        }
        // Too many variables for even 2 points per axis: seeded random starts keep the result reproducible.
        var rng = new Random(20240917);
        for (int s = 0; s < _options.MaxStarts; s++)
        {
            var x = new double[_n];
            for (int i = 0; i < _n; i++) x[i] = boxes[i].Lower + rng.NextDouble() * (boxes[i].Upper - boxes[i].Lower);
            starts.Add(x);
        }
        return (starts, $"{starts.Count} seeded random starts");
    }

    /// <summary>Damped Newton on g(x) = ∇f(x) = 0 with merit φ = |g|²/2; null when it does not converge to a zero of g.</summary>
    private (double[] X, double Residual)? Newton(double[] start, (double Lower, double Upper)[] boxes)
    {
        var x = (double[])start.Clone();
        var g = new double[_n];
        var h = new double[_n, _n];
        var step = new double[_n];
        var trial = new double[_n];
        var gTrial = new double[_n];
        var hTrial = new double[_n, _n];
        if (!Evaluate(x, g, h)) return null;
        double phi = Dot(g, g) / 2;
        bool converged = false;
        for (int iteration = 0; iteration < _options.MaxIterations; iteration++)
        {
            if (phi == 0) { converged = true; break; }
            if (!NewtonStep(g, h, step)) return null;
            double size = MaxAbs(step);
            if (size <= _options.Tolerance * (1 + MaxAbs(x))) { converged = true; break; }
            double t = 1;
            bool accepted = false;
            while (t >= 1e-10)
            {
                for (int i = 0; i < _n; i++) trial[i] = x[i] + t * step[i];
                if (Evaluate(trial, gTrial, hTrial))
                {
                    double phiTrial = Dot(gTrial, gTrial) / 2;
                    if (phiTrial <= (1 - 1e-4 * t) * phi)
                    {
                        (x, trial) = (trial, x);
                        (g, gTrial) = (gTrial, g);
                        (h, hTrial) = (hTrial, h);
                        phi = phiTrial;
                        accepted = true;
                        break;
                    }
                }
                t /= 2;
            }
            if (!accepted) { converged = true; break; } // stalled: the acceptance test below decides
            if (Escaped(x, boxes)) return null;
        }
        if (!converged && MaxAbs(g) > Math.Sqrt(_options.Tolerance)) return null;
        double residual = MaxAbs(g);
        double hNorm = 0;
        for (int i = 0; i < _n; i++) for (int j = 0; j < _n; j++) hNorm = Math.Max(hNorm, Math.Abs(h[i, j]));
        if (!(residual <= Math.Sqrt(_options.Tolerance) * (1 + hNorm * (1 + MaxAbs(x))))) return null;
        SnapTinyCoordinates(x, residual);
        return (x, residual);
    }

    /// <summary>Coordinates within 1e-11 of 0 become exactly 0 when that does not make the gradient worse (prints 0, not 3e-17).</summary>
    private void SnapTinyCoordinates(double[] x, double residual)
    {
        if (!x.Any(v => v != 0 && Math.Abs(v) < 1e-11)) return;
        var snapped = x.Select(v => Math.Abs(v) < 1e-11 ? 0 : v).ToArray();
        var g = new double[_n];
        var h = new double[_n, _n];
        if (Evaluate(snapped, g, h) && MaxAbs(g) <= Math.Max(residual, _options.Tolerance)) Array.Copy(snapped, x, _n);
    }

    /// <summary>The Newton step H·d = −g; where H is singular, a Levenberg–Marquardt step (HᵀH + μI)·d = −Hᵀg.</summary>
    private bool NewtonStep(double[] g, double[,] h, double[] step)
    {
        var a = new double[_n, _n];
        var b = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            b[i] = -g[i];
            for (int j = 0; j < _n; j++) a[i, j] = h[i, j];
        }
        if (LinearSolve(a, b, step) && step.All(double.IsFinite)) return true;
        double trace = 0;
        var hth = new double[_n, _n];
        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _n; j++)
            {
                double s = 0;
                for (int k = 0; k < _n; k++) s += h[k, i] * h[k, j];
                hth[i, j] = s;
            }
            trace += hth[i, i];
            double r = 0;
            for (int k = 0; k < _n; k++) r -= h[k, i] * g[k];
            b[i] = r;
        }
        double mu = 1e-8 * trace / _n + 1e-14;
        for (int i = 0; i < _n; i++) hth[i, i] += mu;
        return LinearSolve(hth, b, step) && step.All(double.IsFinite);
    }

    /// <summary>Gaussian elimination with partial pivoting; false when the matrix is numerically singular.</summary>
    private static bool LinearSolve(double[,] a, double[] b, double[] x)
    {
        int n = b.Length;
        double scale = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) scale = Math.Max(scale, Math.Abs(a[i, j]));
        if (scale == 0 || !double.IsFinite(scale)) return false;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (Math.Abs(a[pivot, col]) <= 1e-13 * scale) return false;
            if (pivot != col)
            {
                for (int c = 0; c < n; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (int r = col + 1; r < n; r++)
            {
                double factor = a[r, col] / a[col, col];
                if (factor == 0) continue;
                for (int c = col; c < n; c++) a[r, c] -= factor * a[col, c];
                b[r] -= factor * b[col];
            }
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= a[i, j] * x[j];
            x[i] = s / a[i, i];
        }
        return true;
    }

    private bool Evaluate(double[] x, double[] g, double[,] h)
    {
        _derivatives.Evaluate(x, _scratch);
        for (int i = 0; i < _n; i++) g[i] = _scratch[i];
        int k = _n;
        for (int i = 0; i < _n; i++)
        {
            for (int j = i; j < _n; j++)
            {
                h[i, j] = h[j, i] = _scratch[k++];
            }
        }
        return _scratch.All(double.IsFinite);
    }

    private static bool InBox(double[] x, (double Lower, double Upper)[] boxes)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double slack = 1e-9 * (boxes[i].Upper - boxes[i].Lower);
            if (x[i] < boxes[i].Lower - slack || x[i] > boxes[i].Upper + slack) return false;
        }
        return true;
    }

    /// <summary>Far outside the box: the iteration is heading to a point we would discard anyway (or diverging).</summary>
    private static bool Escaped(double[] x, (double Lower, double Upper)[] boxes)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double width = boxes[i].Upper - boxes[i].Lower;
            if (x[i] < boxes[i].Lower - 10 * width || x[i] > boxes[i].Upper + 10 * width) return true;
        }
        return false;
    }

    private bool Same(double[] a, double[] b) =>
        MaxAbsDifference(a, b) <= _options.DeduplicationTolerance * (1 + Math.Max(MaxAbs(a), MaxAbs(b)));

    private static double MaxAbsDifference(double[] a, double[] b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (var x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    // ---------------------------------------------------------------- classification

    private StationaryPoint Classify(double[] x, Rational?[]? exact)
    {
        var g = new double[_n];
        var h = new double[_n, _n];
        Evaluate(x, g, h);
        var eigenvalues = HessianTest.Eigenvalues(h);
        var (kind, reason) = HessianTest.Classify(eigenvalues, _options.EigenvalueTolerance);
        var location = new Dictionary<string, double>(_n);
        for (int i = 0; i < _n; i++) location[_variables[i].Name] = x[i];
        var point = new StationaryPoint(location, _value.Evaluate(x), eigenvalues, kind, reason);
        if (exact is not null && exact.All(e => e.HasValue))
        {
            var exactLocation = new Dictionary<string, Expr>(_n);
            var substitution = new Dictionary<Expr, Expr>(_n);
            for (int i = 0; i < _n; i++)
            {
                var value = Expr.Num(exact[i]!.Value);
                exactLocation[_variables[i].Name] = value;
                substitution[_variables[i]] = value;
            }
            point = point with { ExactLocation = exactLocation, ExactValue = _f.Substitute(substitution) };
        }
        return point;
    }

    internal static string Format(double value)
    {
        if (value == 0) return "0";
        return value.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
