using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Optimization;

/// <summary>
/// A constrained minimisation problem min f s.t. gᵢ = 0, hⱼ ≤ 0 and optional bounds, prepared once: f, the
/// constraints, their gradients (one compiled vector kernel, so shared sub-expressions are computed once per point)
/// and their Hessians (for the final Newton/KKT polish) are differentiated symbolically and compiled in
/// <see cref="Create"/>. <see cref="Solve(IReadOnlyList{double}, AugmentedLagrangianOptions?)"/> then runs the
/// augmented-Lagrangian method from any start without touching the expressions again. Immutable after creation, so
/// one problem may be solved from several threads at once. See docs/optimization-constrained.md.
/// </summary>
/// <example><code>
/// var problem = ConstrainedProblem.Create(Expr.Parse("(x - 1)^2 + (y - 2)^2"), [], [Expr.Parse("x + y - 2")]);
/// var r = problem.Solve([0.0, 0.0]);   // r.X = (0.5, 1.5), r.InequalityMultipliers[0] = 1
/// </code></example>
public sealed class ConstrainedProblem
{
    private readonly string[] _names;
    private readonly (int Variable, double Bound, bool Upper)[] _bounds;

    private ConstrainedProblem(string[] names, int equalities, int inequalities, (int, double, bool)[] bounds,
        CompiledVectorFunction kernel, CompiledVectorFunction hessians)
    {
        _names = names;
        EqualityCount = equalities;
        InequalityCount = inequalities;
        _bounds = bounds;
        Kernel = kernel;
        Hessians = hessians;
    }

    /// <summary>The variables, in the order of a start vector and of the result's X.</summary>
    public IReadOnlyList<string> Variables => _names;

    /// <summary>The number of equality constraints gᵢ = 0.</summary>
    public int EqualityCount { get; }

    /// <summary>The number of inequality constraints hⱼ ≤ 0 (bounds not counted).</summary>
    public int InequalityCount { get; }

    /// <summary>f, g…, h…, then ∇f, ∇g…, ∇h… (each n long), compiled together.</summary>
    internal CompiledVectorFunction Kernel { get; }

    /// <summary>∇²f, ∇²g…, ∇²h…, each n×n row-major, compiled together.</summary>
    internal CompiledVectorFunction Hessians { get; }

    internal string[] Names => _names;

    internal (int Variable, double Bound, bool Upper)[] Bounds => _bounds;

    /// <summary>
    /// Differentiates and compiles the problem once.
    /// </summary>
    /// <param name="f">The function to minimise.</param>
    /// <param name="equalities">g₁ … gₚ, each meaning gᵢ = 0 (may be empty).</param>
    /// <param name="inequalities">h₁ … h_q, each meaning hⱼ ≤ 0 (may be empty); write x + y ≥ 1 as 1 − x − y.</param>
    /// <param name="variables">The variables in order; by default the free symbols of f and the constraints in natural order.</param>
    /// <param name="bounds">Optional lower/upper bounds by variable name (±∞ for a one-sided bound).</param>
    /// <exception cref="ArgumentException">No variables, a variable listed twice, a free symbol that is not a
    /// variable, a bound naming something that is not a variable, or a bound with lower &gt; upper.</exception>
    public static ConstrainedProblem Create(Expr f, IReadOnlyList<Expr> equalities, IReadOnlyList<Expr> inequalities,
        IReadOnlyList<string>? variables = null, IReadOnlyDictionary<string, (double Lower, double Upper)>? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(equalities);
        ArgumentNullException.ThrowIfNull(inequalities);
        if (equalities.Any(e => e is null) || inequalities.Any(e => e is null))
            throw new ArgumentNullException(nameof(equalities), "a constraint is null.");
        Expr[] all = [f, .. equalities, .. inequalities];
        var symbols = variables is null ? Calculus.InferVariables(all).ToArray() : variables.Select(Symbol.Create).ToArray();
        var names = symbols.Select(s => s.Name).ToArray();
        if (names.Length == 0) throw new ArgumentException("f and the constraints have no variables.", nameof(f));
        if (names.Distinct().Count() != names.Length) throw new ArgumentException("a variable is listed twice.", nameof(variables));
        var stray = Calculus.InferVariables(all).Where(s => !symbols.Contains(s)).Select(s => s.Name).ToArray();
        if (stray.Length > 0)
            throw new ArgumentException(
                $"f or a constraint uses {string.Join(", ", stray)}, which is not among the variables ({string.Join(", ", names)}); " +
                "list it or substitute a value first.", nameof(variables));
        var list = new List<(int, double, bool)>();
        if (bounds is not null)
        {
            var unknown = bounds.Keys.Where(k => !names.Contains(k)).ToArray();
            if (unknown.Length > 0)
                throw new ArgumentException($"the bounds name {string.Join(", ", unknown)}, which is not a variable ({string.Join(", ", names)}).", nameof(bounds));
            foreach (var (name, (lower, upper)) in bounds)
                if (double.IsNaN(lower) || double.IsNaN(upper) || lower > upper)
                    throw new ArgumentException($"the bounds of {name}, [{lower}, {upper}], are empty or not numbers.", nameof(bounds));
            for (int i = 0; i < names.Length; i++)
                if (bounds.TryGetValue(names[i], out var b))
                {
                    if (double.IsFinite(b.Lower)) list.Add((i, b.Lower, false));
                    if (double.IsFinite(b.Upper)) list.Add((i, b.Upper, true));
                }
        }

        int n = symbols.Length;
        var outputs = new List<Expr>(all.Length * (1 + n));
        outputs.AddRange(all);
        foreach (var e in all) outputs.AddRange(Calculus.Gradient(e, symbols));
        var kernel = Compiler.Compile(outputs, symbols);
        var second = new List<Expr>(all.Length * n * n);
        foreach (var e in all)
        {
            var h = Calculus.Hessian(e, symbols);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) second.Add(h[i, j]);
        }
        var hessians = Compiler.Compile(second, symbols);
        return new ConstrainedProblem(names, equalities.Count, inequalities.Count, [.. list], kernel, hessians);
    }

    /// <summary>Solves from a start given by variable name (projected into the bounds).</summary>
    /// <exception cref="ArgumentException">A variable is missing from <paramref name="start"/>, or it names one that is not a variable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public ConstrainedResult Solve(IReadOnlyDictionary<string, double> start, AugmentedLagrangianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        var missing = _names.Where(v => !start.ContainsKey(v)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"the start has no value for {string.Join(", ", missing)}; give every variable a starting value.", nameof(start));
        var unknown = start.Keys.Where(k => !_names.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"the start names {string.Join(", ", unknown)}, which f and the constraints do not use (variables: {string.Join(", ", _names)}).", nameof(start));
        var x = new double[_names.Length];
        for (int i = 0; i < x.Length; i++) x[i] = start[_names[i]];
        return Run(x, options);
    }

    /// <summary>Solves from a start given in <see cref="Variables"/> order (projected into the bounds).</summary>
    /// <exception cref="ArgumentException">The start does not have one value per variable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public ConstrainedResult Solve(IReadOnlyList<double> start, AugmentedLagrangianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.Count != _names.Length)
            throw new ArgumentException($"the problem has {_names.Length} variables ({string.Join(", ", _names)}) but the start has {start.Count} values.", nameof(start));
        var x = new double[_names.Length];
        for (int i = 0; i < x.Length; i++) x[i] = start[i];
        return Run(x, options);
    }

    private ConstrainedResult Run(double[] x, AugmentedLagrangianOptions? options)
    {
        options ??= AugmentedLagrangianOptions.Default;
        options.Validate();
        return new AugmentedLagrangianSolver(this, options).Run(x);
    }
}
