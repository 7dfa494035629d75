namespace Nabla.Optimization;

/// <summary>What the constrained second-order test says about a point where ∇f = Σλᵢ∇gᵢ on the constraint set.</summary>
public enum ConstrainedPointKind
{
    /// <summary>A local minimum of f on the constraint set.</summary>
    Minimum,

    /// <summary>A local maximum of f on the constraint set.</summary>
    Maximum,

    /// <summary>f rises along some directions of the constraint set and falls along others.</summary>
    Saddle,

    /// <summary>The test is inconclusive (a zero eigenvalue, dependent constraint gradients, or no freedom left).</summary>
    Unknown,
}

/// <summary>JSON names of <see cref="ConstrainedPointKind"/>.</summary>
public static class ConstrainedPointKinds
{
    /// <summary><c>"min"</c>, <c>"max"</c>, <c>"saddle"</c> or <c>"unknown"</c> (part of the CLI's JSON contract).</summary>
    public static string ToJsonName(this ConstrainedPointKind kind) => kind switch
    {
        ConstrainedPointKind.Minimum => "min",
        ConstrainedPointKind.Maximum => "max",
        ConstrainedPointKind.Saddle => "saddle",
        ConstrainedPointKind.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>A stationary point of the Lagrangian: a candidate for a constrained extremum.</summary>
/// <param name="Variables">The variable names (not the multipliers), in the order of <paramref name="X"/>.</param>
/// <param name="X">The coordinates.</param>
/// <param name="Multipliers">λ₁ … λₘ, one per constraint (∇f = Σλᵢ∇gᵢ there).</param>
/// <param name="Value">f at the point.</param>
/// <param name="Kind">Constrained minimum, maximum, saddle or unknown.</param>
/// <param name="Reason">How it was classified: the eigenvalues of the Hessian of L on the constraints' tangent space
/// and the bordered Hessian determinant(s).</param>
public sealed record ConstrainedPoint(IReadOnlyList<string> Variables, IReadOnlyList<double> X, IReadOnlyList<double> Multipliers,
    double Value, ConstrainedPointKind Kind, string Reason)
{
    /// <summary>The coordinates by variable name.</summary>
    public IReadOnlyDictionary<string, double> Location => Variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => X[p.i]);
}

/// <summary>The outcome of <see cref="Optimize.Lagrange"/>.</summary>
/// <param name="Variables">The variables (the multipliers are named λ = "lambda", or "lambda1", "lambda2", … for several).</param>
/// <param name="Lagrangian">L = f − Σλᵢgᵢ, built symbolically.</param>
/// <param name="Points">Every distinct stationary point of L found, lowest f first.</param>
/// <param name="GlobalMin">The point with the lowest f among <paramref name="Points"/> (null when none).</param>
/// <param name="GlobalMax">The point with the highest f among <paramref name="Points"/> (null when none).</param>
/// <param name="Exit"><see cref="ExitReason.Converged"/> when at least one point was found; <see cref="ExitReason.Infeasible"/>
/// when no start reached the constraint set; otherwise the commonest failure of the starts.</param>
/// <param name="Message">What was searched (box, starts) and found, in words.</param>
/// <param name="Starts">Newton runs made.</param>
public sealed record LagrangeResult(IReadOnlyList<string> Variables, Symbolic.Expr Lagrangian, IReadOnlyList<ConstrainedPoint> Points,
    ConstrainedPoint? GlobalMin, ConstrainedPoint? GlobalMax, ExitReason Exit, string Message, int Starts)
{
    /// <summary>The multiplier names, one per constraint, in order.</summary>
    public IReadOnlyList<string> MultiplierNames { get; init; } = [];

    /// <summary>False when the time budget stopped the search before every start ran.</summary>
    public bool Complete { get; init; } = true;
}

/// <summary>Settings of <see cref="Optimize.Lagrange"/>.</summary>
public sealed record LagrangeOptions
{
    /// <summary>The search box, one interval per variable (in variable order); null means [−10, 10] for each. Starts
    /// are drawn in it and points outside it are dropped. Multipliers start from the least-squares solution of
    /// ∇f = Σλᵢ∇gᵢ at the start (or uniformly in [−10, 10] where that is undefined).</summary>
    public IReadOnlyList<(double Lower, double Upper)>? Box { get; init; }

    /// <summary>Newton starts when no start is given (seeded uniform random points in the box).</summary>
    public int Starts { get; init; } = 200;

    /// <summary>Seed of the starts, so the result is reproducible.</summary>
    public int Seed { get; init; }

    /// <summary>Settings of each Newton run on ∇L = 0 (runs use a backtracking line search on ‖∇L‖).</summary>
    public RootOptions Newton { get; init; } = new();

    /// <summary>Two points are one when their coordinates differ by at most this × (1 + their size).</summary>
    public double DuplicateTolerance { get; init; } = 1e-6;

    /// <summary>Wall-clock budget of the multi-start search (default 5 s); when it runs out the result says so.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An eigenvalue of the projected Hessian counts as 0 when |μ| ≤ this × max(1, largest |μ|).</summary>
    public double EigenvalueTolerance { get; init; } = 1e-8;
}
