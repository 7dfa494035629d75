namespace Nabla.Optimization;

/// <summary>How far a point is from satisfying the Karush–Kuhn–Tucker conditions of
/// min f s.t. g = 0, h ≤ 0 (with L = f − Σλᵢgᵢ + Σμⱼhⱼ); all four are 0 at an exact KKT point.</summary>
/// <param name="Stationarity">‖∇f − Σλᵢ∇gᵢ + Σμⱼ∇hⱼ (+ bound multipliers)‖∞.</param>
/// <param name="PrimalFeasibility">The largest violation: max |gᵢ|, max(hⱼ, 0) and the distance outside any bound.</param>
/// <param name="DualFeasibility">max(−μⱼ, 0): inequality multipliers must be ≥ 0.</param>
/// <param name="Complementarity">max |μⱼ·hⱼ|: a multiplier may be non-zero only where its inequality is active.</param>
public sealed record KktResiduals(double Stationarity, double PrimalFeasibility, double DualFeasibility, double Complementarity);

/// <summary>One outer iteration of the augmented-Lagrangian method (iteration 0 is the start).</summary>
/// <param name="Iteration">The outer iteration.</param>
/// <param name="X">The minimiser of the augmented Lagrangian found in this iteration.</param>
/// <param name="Value">f there.</param>
/// <param name="Penalty">The penalty parameter ρ used in this iteration.</param>
/// <param name="MaxViolation">The largest constraint violation there (as <see cref="KktResiduals.PrimalFeasibility"/>).</param>
public sealed record ConstrainedStep(int Iteration, IReadOnlyList<double> X, double Value, double Penalty, double MaxViolation);

/// <summary>The outcome of <see cref="Optimize.AugmentedLagrangian"/>.</summary>
/// <param name="Variables">The variables, in the order of <paramref name="X"/>.</param>
/// <param name="X">The last iterate (the constrained minimiser when converged).</param>
/// <param name="Value">f at <paramref name="X"/>.</param>
/// <param name="EqualityMultipliers">λᵢ, one per equality, with ∇f = Σλᵢ∇gᵢ − Σμⱼ∇hⱼ (the Lagrange convention).</param>
/// <param name="InequalityMultipliers">μⱼ ≥ 0, one per inequality; 0 for an inactive one.</param>
/// <param name="Kkt">The KKT residuals at <paramref name="X"/>.</param>
/// <param name="OuterIterations">Multiplier updates made.</param>
/// <param name="Exit">Why the method stopped.</param>
/// <param name="Message">The exit in words, with the specifics.</param>
/// <param name="Trace">One entry per outer iteration, the start first (empty when tracing is off).</param>
public sealed record ConstrainedResult(IReadOnlyList<string> Variables, IReadOnlyList<double> X, double Value,
    IReadOnlyList<double> EqualityMultipliers, IReadOnlyList<double> InequalityMultipliers, KktResiduals Kkt,
    int OuterIterations, ExitReason Exit, string Message, IReadOnlyList<ConstrainedStep> Trace)
{
    /// <summary>True when the KKT test passed.</summary>
    public bool Converged => Exit == ExitReason.Converged;

    /// <summary>One signed multiplier per variable for its bounds: positive when the upper bound is active, negative
    /// when the lower one is, 0 otherwise (so ∇f − Σλᵢ∇gᵢ + Σμⱼ∇hⱼ + ν = 0).</summary>
    public IReadOnlyList<double> BoundMultipliers { get; init; } = [];

    /// <summary>Iterations of the inner (unconstrained) minimisations, summed over the outer iterations.</summary>
    public int InnerIterations { get; init; }

    /// <summary>Evaluations of f and the constraints (each together with their gradients), including the final
    /// Newton/KKT polish.</summary>
    public int Evaluations { get; init; }

    /// <summary>The solution by variable name.</summary>
    public IReadOnlyDictionary<string, double> Solution => Variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => X[p.i]);
}

/// <summary>Settings of <see cref="Optimize.AugmentedLagrangian"/>.</summary>
public sealed record AugmentedLagrangianOptions
{
    /// <summary>The first penalty parameter ρ.</summary>
    public double InitialPenalty { get; init; } = 10;

    /// <summary>ρ is multiplied by this when an outer iteration does not cut the violation to a quarter.</summary>
    public double PenaltyGrowth { get; init; } = 10;

    /// <summary>ρ never grows beyond this; stuck there with the constraints still violated means infeasible.</summary>
    public double MaxPenalty { get; init; } = 1e12;

    /// <summary>Converged when the violation and complementarity are at most this and the stationarity residual at
    /// most √Tolerance·(1 + ‖∇f‖∞).</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>The budget of multiplier updates.</summary>
    public int MaxOuterIterations { get; init; } = 50;

    /// <summary>The budget of iterations of each inner (unconstrained) minimisation.</summary>
    public int MaxInnerIterations { get; init; } = 1000;

    /// <summary>Wall-clock budget of the whole run.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep the per-iteration trace.</summary>
    public bool RecordTrace { get; init; } = true;

    /// <summary>Once the active set looks settled, finish with Newton's method on the KKT equations of the equalities
    /// and active inequalities (accepted only at a feasible point with multipliers ≥ 0 where the Hessian of the
    /// Lagrangian is positive definite on the constraints' tangent space): the answer is then exact to rounding
    /// instead of to the penalty method's tolerance.</summary>
    public bool Polish { get; init; } = true;

    /// <summary>The default settings (shared: records are immutable).</summary>
    internal static AugmentedLagrangianOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(InitialPenalty > 0) || double.IsInfinity(InitialPenalty))
            throw new ArgumentOutOfRangeException(nameof(InitialPenalty), InitialPenalty, "the initial penalty must be a finite number > 0.");
        if (!(PenaltyGrowth > 1) || double.IsInfinity(PenaltyGrowth))
            throw new ArgumentOutOfRangeException(nameof(PenaltyGrowth), PenaltyGrowth, "the penalty growth must be a finite number > 1.");
        if (!(MaxPenalty >= InitialPenalty) || double.IsInfinity(MaxPenalty))
            throw new ArgumentOutOfRangeException(nameof(MaxPenalty), MaxPenalty, "the largest penalty must be finite and at least the initial one.");
        if (!(Tolerance > 0) || double.IsInfinity(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "the tolerance must be a finite number > 0.");
        if (MaxOuterIterations is < 1 or > 10_000)
            throw new ArgumentOutOfRangeException(nameof(MaxOuterIterations), MaxOuterIterations, "the outer budget must be between 1 and 10,000.");
        if (MaxInnerIterations is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(MaxInnerIterations), MaxInnerIterations, "the inner budget must be between 1 and 1,000,000.");
        if (!(TimeBudget > TimeSpan.Zero))
            throw new ArgumentOutOfRangeException(nameof(TimeBudget), TimeBudget, "the time budget must be positive.");
    }
}
