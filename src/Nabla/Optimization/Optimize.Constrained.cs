using Nabla.Symbolic;

namespace Nabla.Optimization;

/// <summary>Optimisers; this part holds constrained optimisation: Lagrange multipliers and the augmented Lagrangian.</summary>
public static partial class Optimize
{
    /// <summary>
    /// The stationary points of f on the set where every constraint gᵢ = 0, by Lagrange multipliers: builds
    /// L = f − Σλᵢgᵢ symbolically and solves ∇L = 0 (∇f = Σλᵢ∇gᵢ together with the constraints) by damped Newton —
    /// from <paramref name="from"/> when given, else from <see cref="LagrangeOptions.Starts"/> seeded random starts in
    /// the box (default [−10, 10] per variable). Points are deduplicated, classified as constrained minimum, maximum
    /// or saddle (eigenvalues of the Hessian of L on the constraints' tangent space; the bordered Hessian determinants
    /// are given in each point's reason), and the lowest and highest f found are named. Runs under
    /// <see cref="LagrangeOptions.TimeBudget"/> (5 s). See docs/optimization-constrained.md.
    /// </summary>
    /// <param name="f">The function to extremise.</param>
    /// <param name="constraints">g₁ … gₘ, each meaning gᵢ = 0.</param>
    /// <param name="variables">The variables; by default the free symbols of f and the constraints in natural order.</param>
    /// <param name="from">One start: a value for every variable, and optionally the multiplier(s) ("lambda" for one
    /// constraint, "lambda1", "lambda2", … for several; otherwise estimated by least squares).</param>
    /// <param name="options">Box, number of starts, seed, Newton settings, deduplication tolerance, time budget.</param>
    /// <exception cref="ArgumentException">No constraints, no variables, a symbol that is not a variable, a variable
    /// named like a multiplier, a bad box, or <paramref name="from"/> missing a variable or naming an unknown one.</exception>
    /// <example><code>
    /// var r = Optimize.Lagrange(Expr.Parse("x*y"), [Expr.Parse("x^2 + y^2 - 1")]);
    /// // four points (±1/√2, ±1/√2): two maxima (f = 1/2, λ = 1/2), two minima (f = −1/2, λ = −1/2)
    /// </code></example>
    public static LagrangeResult Lagrange(Expr f, IReadOnlyList<Expr> constraints, IReadOnlyList<string>? variables = null,
        IReadOnlyDictionary<string, double>? from = null, LagrangeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(constraints);
        if (constraints.Count == 0)
            throw new ArgumentException("give at least one constraint g = 0 (without constraints, use Calculus.StationaryPoints).", nameof(constraints));
        for (int i = 0; i < constraints.Count; i++)
            if (constraints[i] is null) throw new ArgumentNullException(nameof(constraints), $"constraint {i + 1} is null.");
        options ??= new LagrangeOptions();
        options.Newton.Validate();
        if (options.Starts < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Starts, "Starts must be at least 1.");
        if (!(options.DuplicateTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.DuplicateTolerance, "DuplicateTolerance must be positive.");
        if (!(options.TimeBudget > TimeSpan.Zero)) throw new ArgumentOutOfRangeException(nameof(options), options.TimeBudget, "TimeBudget must be positive.");
        if (!(options.EigenvalueTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(options), options.EigenvalueTolerance, "EigenvalueTolerance must be ≥ 0.");

        var all = new List<Expr>(constraints) { f };
        var symbols = variables is null
            ? Calculus.InferVariables(all).ToArray()
            : variables.Select(v => (Symbol)Expr.Sym(v)).ToArray();
        if (symbols.Length == 0) throw new ArgumentException("f and the constraints have no variables.", nameof(variables));
        if (symbols.Distinct().Count() != symbols.Length) throw new ArgumentException("a variable is listed twice.", nameof(variables));
        var stray = Calculus.InferVariables(all).Where(s => !symbols.Contains(s)).Select(s => s.Name).ToArray();
        if (stray.Length > 0)
            throw new ArgumentException(
                $"f or a constraint uses {string.Join(", ", stray)}, which is not among the variables ({string.Join(", ", symbols.Select(s => s.Name))}); " +
                "list it or substitute a value first.", nameof(variables));
        var multiplierNames = constraints.Count == 1 ? ["lambda"] : Enumerable.Range(1, constraints.Count).Select(i => $"lambda{i}").ToArray();
        var clash = symbols.Select(s => s.Name).Intersect(multiplierNames).ToArray();
        if (clash.Length > 0)
            throw new ArgumentException($"the variable name {string.Join(", ", clash)} is reserved for a Lagrange multiplier; rename the variable.", nameof(variables));
        if (options.Box is not null)
        {
            if (options.Box.Count != symbols.Length)
                throw new ArgumentException($"the box has {options.Box.Count} interval(s) but there are {symbols.Length} variables.", nameof(options));
            foreach (var (lower, upper) in options.Box)
                if (!(double.IsFinite(lower) && double.IsFinite(upper) && lower < upper))
                    throw new ArgumentException($"the box interval [{lower}, {upper}] must be finite with lower < upper.", nameof(options));
        }

        double[]? fromX = null, fromLambda = null;
        if (from is not null)
        {
            var names = symbols.Select(s => s.Name).ToArray();
            var missing = names.Where(v => !from.ContainsKey(v)).ToArray();
            if (missing.Length > 0)
                throw new ArgumentException($"the start has no value for {string.Join(", ", missing)}.", nameof(from));
            var unknown = from.Keys.Where(k => !names.Contains(k) && !multiplierNames.Contains(k)).ToArray();
            if (unknown.Length > 0)
                throw new ArgumentException(
                    $"the start names {string.Join(", ", unknown)}, which is neither a variable ({string.Join(", ", names)}) nor a multiplier ({string.Join(", ", multiplierNames)}).",
                    nameof(from));
            fromX = names.Select(v => from[v]).ToArray();
            var given = multiplierNames.Where(from.ContainsKey).ToArray();
            if (given.Length > 0 && given.Length < multiplierNames.Length)
                throw new ArgumentException($"give every multiplier ({string.Join(", ", multiplierNames)}) or none.", nameof(from));
            if (given.Length > 0) fromLambda = multiplierNames.Select(v => from[v]).ToArray();
        }

        var lambdas = multiplierNames.Select(v => (Symbol)Expr.Sym(v)).ToArray();
        return new LagrangeSolver(f, constraints, symbols, lambdas, options).Run(fromX, fromLambda);
    }
    /// <summary>
    /// Minimises f subject to equalities gᵢ = 0, inequalities hⱼ ≤ 0 and optional bounds (handled as inequalities)
    /// by the augmented-Lagrangian method: each outer iteration minimises
    /// L_A = f + Σ(λᵢgᵢ + ρgᵢ²/2) + Σ(max(0, μⱼ + ρhⱼ)² − μⱼ²)/(2ρ) over x with BFGS (the engine of
    /// <see cref="Minimize(Objective, IReadOnlyList{double}, MinimizeOptions?)"/>), then
    /// updates the multipliers and, when the violation did not fall to a quarter, the penalty ρ. Once the active set
    /// settles, Newton's method on the KKT equations polishes the answer to rounding
    /// (<see cref="AugmentedLagrangianOptions.Polish"/>). Stops when the KKT residuals are below
    /// <see cref="AugmentedLagrangianOptions.Tolerance"/>; numeric trouble is an exit reason
    /// (<see cref="ExitReason.UndefinedAtStart"/>, <see cref="ExitReason.NonFinite"/>, <see cref="ExitReason.Infeasible"/>,
    /// <see cref="ExitReason.MaxIterations"/>). Multipliers follow the Lagrange convention ∇f = Σλᵢ∇gᵢ − Σμⱼ∇hⱼ, μⱼ ≥ 0.
    /// This differentiates and compiles the problem on every call; to solve one problem from many starts (or many
    /// times), build a <see cref="ConstrainedProblem"/> once and call its Solve. See docs/optimization-constrained.md.
    /// </summary>
    /// <param name="f">The function to minimise.</param>
    /// <param name="equalities">g₁ … gₚ, each meaning gᵢ = 0 (may be empty).</param>
    /// <param name="inequalities">h₁ … h_q, each meaning hⱼ ≤ 0 (may be empty); write x + y ≥ 1 as 1 − x − y.</param>
    /// <param name="start">A value for every variable (the free symbols of f and the constraints; projected into the bounds).</param>
    /// <param name="bounds">Optional lower/upper bounds by variable name (±∞ for a one-sided bound).</param>
    /// <param name="options">Penalty schedule, tolerance, budgets, trace.</param>
    /// <exception cref="ArgumentException">A variable missing from <paramref name="start"/>, a name in
    /// <paramref name="start"/> or <paramref name="bounds"/> that is not a variable, or a bound with lower &gt; upper.</exception>
    /// <example><code>
    /// var r = Optimize.AugmentedLagrangian(Expr.Parse("x^2 + y^2"), [], [Expr.Parse("1 - x - y")],
    ///     new Dictionary&lt;string, double&gt; { ["x"] = 0, ["y"] = 0 });
    /// // r.X ≈ (0.5, 0.5), r.InequalityMultipliers[0] ≈ 1
    /// </code></example>
    public static ConstrainedResult AugmentedLagrangian(Expr f, IReadOnlyList<Expr> equalities, IReadOnlyList<Expr> inequalities,
        IReadOnlyDictionary<string, double> start, IReadOnlyDictionary<string, (double Lower, double Upper)>? bounds = null,
        AugmentedLagrangianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(equalities);
        ArgumentNullException.ThrowIfNull(inequalities);
        ArgumentNullException.ThrowIfNull(start);
        (options ?? AugmentedLagrangianOptions.Default).Validate();
        if (equalities.Any(e => e is null) || inequalities.Any(e => e is null))
            throw new ArgumentNullException(nameof(equalities), "a constraint is null.");
        var symbols = Calculus.InferVariables([f, .. equalities, .. inequalities]).ToList();
        // A bounded variable that f and the constraints do not use is still a variable when the start gives it a value.
        if (bounds is not null)
            foreach (var name in bounds.Keys)
                if (!symbols.Any(s => s.Name == name) && start.ContainsKey(name)) symbols.Add((Symbol)Expr.Sym(name));
        symbols.Sort((a, b) => Symbol.NaturalCompare(a.Name, b.Name));
        var names = symbols.Select(s => s.Name).ToArray();
        if (names.Length == 0) throw new ArgumentException("f and the constraints have no variables.", nameof(f));
        var missing = names.Where(v => !start.ContainsKey(v)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"the start has no value for {string.Join(", ", missing)}; give every variable a starting value.", nameof(start));
        return ConstrainedProblem.Create(f, equalities, inequalities, names, bounds).Solve(start, options);
    }
}
