namespace Nabla.Optimization;

/// <summary>Settings shared by the root finders (1D and systems). Defaults suit well-scaled problems of the course.</summary>
public sealed record RootOptions
{
    /// <summary>Converged when the step is at most Tolerance·max(1, |x|) (relative step test; for systems, on the
    /// norm of the step relative to the norm of x).</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Also converged when |f(x)| (or the residual norm of a system) is at most this (0: step test only,
    /// plus an exact zero).</summary>
    public double FunctionTolerance { get; init; }

    /// <summary>The iteration budget.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Newton's step is multiplied by this (0 &lt; damping ≤ 1); 1 is the plain method.</summary>
    public double Damping { get; init; } = 1.0;

    /// <summary>Where f' (or the Jacobian) comes from when the function is an expression.</summary>
    public DerivativeSource Derivative { get; init; } = DerivativeSource.Symbolic;

    /// <summary>Iterates with |x| beyond this count as diverged.</summary>
    public double DivergenceLimit { get; init; } = 1e12;

    /// <summary>After Newton converges, sample f between the start and the root (and as far on the other side) and add
    /// a note when it changes sign closer to the start: Newton jumped past a nearer root. On by default for learners;
    /// costs about 64 extra evaluations of f per solve, so tight loops (and the SciPy comparison) turn it off.</summary>
    public bool DetectSkippedRoots { get; init; } = true;

    /// <summary>Keep the per-iteration trace (on by default: the course shows it).</summary>
    public bool RecordTrace { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "the tolerance must be a finite number ≥ 0.");
        if (!(FunctionTolerance >= 0) || double.IsInfinity(FunctionTolerance))
            throw new ArgumentOutOfRangeException(nameof(FunctionTolerance), FunctionTolerance, "the function tolerance must be a finite number ≥ 0.");
        if (MaxIterations is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "the iteration budget must be between 1 and 1,000,000.");
        if (!(Damping > 0 && Damping <= 1))
            throw new ArgumentOutOfRangeException(nameof(Damping), Damping, "the damping factor must be in (0, 1].");
        if (!(DivergenceLimit > 0))
            throw new ArgumentOutOfRangeException(nameof(DivergenceLimit), DivergenceLimit, "the divergence limit must be positive.");
    }
}
