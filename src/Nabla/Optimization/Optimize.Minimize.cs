using Nabla.Symbolic;

namespace Nabla.Optimization;

public static partial class Optimize
{
    private static readonly (MinimizeMethod Method, string Name)[] MethodNames =
    [
        (MinimizeMethod.GradientDescent, "gd"), (MinimizeMethod.Momentum, "momentum"), (MinimizeMethod.Nesterov, "nesterov"),
        (MinimizeMethod.Adam, "adam"), (MinimizeMethod.Newton, "newton"), (MinimizeMethod.Hybrid, "hybrid"),
        (MinimizeMethod.Bfgs, "bfgs"), (MinimizeMethod.Lbfgs, "lbfgs"),
    ];

    /// <summary>The method's stable JSON/CLI name: "gd", "momentum", "nesterov", "adam", "newton", "hybrid", "bfgs", "lbfgs".</summary>
    public static string ToJsonName(this MinimizeMethod method)
    {
        foreach (var (m, name) in MethodNames)
            if (m == method) return name;
        throw new ArgumentOutOfRangeException(nameof(method), method, null);
    }

    /// <summary>Parses a method name (<see cref="ToJsonName(MinimizeMethod)"/>'s inverse, case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static MinimizeMethod ParseMethod(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (m, n) in MethodNames)
            if (string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)) return m;
        throw new ArgumentException(
            $"unknown minimisation method '{name}'; use one of {string.Join(", ", MethodNames.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>
    /// Minimises f from <paramref name="start"/> with the method, line search and tolerances of
    /// <paramref name="options"/> (BFGS with a strong Wolfe line search by default). Numeric trouble is reported in
    /// the result's <see cref="MinimizeResult.Exit"/> and message, never thrown.
    /// </summary>
    /// <exception cref="ArgumentNullException">objective or start is null.</exception>
    /// <exception cref="ArgumentException">start has the wrong length, or Newton/hybrid is asked of an objective
    /// without a Hessian.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid (see <see cref="MinimizeOptions.Validate"/>).</exception>
    public static MinimizeResult Minimize(Objective objective, IReadOnlyList<double> start, MinimizeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        options ??= new MinimizeOptions();
        options.Validate();
        if (start.Count != objective.Dimension)
            throw new ArgumentException(
                $"the objective has {objective.Dimension} variables ({string.Join(", ", objective.Variables)}) but the start has {start.Count} coordinates.",
                nameof(start));
        if (options.Method is MinimizeMethod.Newton or MinimizeMethod.Hybrid && !objective.HasHessian)
            throw new ArgumentException(
                $"{options.Method.ToJsonName()} needs the Hessian; give one to Objective.FromDelegates or use bfgs/lbfgs.", nameof(objective));
        return new MinimizeEngine(objective, start, options).Run();
    }

    /// <summary>
    /// Minimises an expression over its free symbols (in natural order, x2 before x10). Derivatives come from
    /// <see cref="MinimizeOptions.Derivative"/> (symbolic and compiled by default).
    /// </summary>
    /// <exception cref="ArgumentException">f has no free symbols, a free symbol has no start value (named), or the
    /// start names a symbol f does not have.</exception>
    public static MinimizeResult Minimize(Expr f, IReadOnlyDictionary<string, double> start, MinimizeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        options ??= new MinimizeOptions();
        options.Validate();
        var variables = Calculus.InferVariables(f).Select(s => s.Name).ToArray();
        if (variables.Length == 0)
            throw new ArgumentException($"{f} has no variables to minimise over.", nameof(f));
        foreach (var v in variables)
            if (!start.ContainsKey(v))
                throw new ArgumentException($"the start has no value for the variable '{v}' (f depends on {string.Join(", ", variables)}).", nameof(start));
        foreach (var name in start.Keys)
            if (!variables.Contains(name))
                throw new ArgumentException($"the start names '{name}', which is not a variable of {f} ({string.Join(", ", variables)}).", nameof(start));
        var objective = Objective.FromExpr(f, variables, options.Derivative);
        return Minimize(objective, variables.Select(v => start[v]).ToArray(), options);
    }

    /// <summary>
    /// Global search on a box: <paramref name="starts"/> points drawn uniformly from the box with a seeded generator
    /// (so the result is reproducible), minimised in parallel, converged runs deduplicated (two are the same minimum
    /// when ‖x₁ − x₂‖∞ ≤ 10⁻⁵·max(1, ‖x₁‖∞)) and sorted by value. Minima found outside the box are kept (the search
    /// is unconstrained; the box only places the starts).
    /// </summary>
    /// <exception cref="ArgumentException">The box does not match the objective's dimension, or a side is empty or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">starts is below 1 or above 100,000, or an option is invalid.</exception>
    public static MultiStartResult MultiStart(Objective objective, IReadOnlyList<(double Lower, double Upper)> box, int starts = 20, int seed = 0,
        MinimizeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentOutOfRangeException.ThrowIfLessThan(starts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(starts, 100_000);
        options ??= new MinimizeOptions();
        options.Validate();
        if (box.Count != objective.Dimension)
            throw new ArgumentException($"the box has {box.Count} sides but the objective has {objective.Dimension} variables.", nameof(box));
        for (int i = 0; i < box.Count; i++)
            if (!(double.IsFinite(box[i].Lower) && double.IsFinite(box[i].Upper) && box[i].Lower < box[i].Upper))
                throw new ArgumentException($"side {i} of the box, [{box[i].Lower}, {box[i].Upper}], must be finite with lower < upper.", nameof(box));
        var random = new Random(seed);
        var points = new double[starts][];
        for (int s = 0; s < starts; s++)
            points[s] = box.Select(side => side.Lower + random.NextDouble() * (side.Upper - side.Lower)).ToArray();
        var results = new MinimizeResult[starts];
        Parallel.For(0, starts, s => results[s] = Minimize(objective, points[s], options));

        var converged = results.Where(r => r.Converged).OrderBy(r => r.Value).ToList();
        var distinct = new List<MinimizeResult>();
        foreach (var r in converged)
            if (!distinct.Any(d => SamePoint(d.X, r.X))) distinct.Add(r);
        var best = distinct.Count > 0
            ? distinct[0]
            : results.OrderBy(r => double.IsNaN(r.Value) ? double.PositiveInfinity : r.Value).First();
        return new MultiStartResult(best, distinct, starts);
    }

    private static bool SamePoint(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double distance = 0, size = 1;
        for (int i = 0; i < a.Count; i++)
        {
            distance = Math.Max(distance, Math.Abs(a[i] - b[i]));
            size = Math.Max(size, Math.Abs(a[i]));
        }
        return distance <= 1e-5 * size;
    }
}
