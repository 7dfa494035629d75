namespace Nabla.Optimization;

/// <summary>The unconstrained minimisers (see docs/optimization-minimize.md for each update rule).</summary>
public enum MinimizeMethod
{
    /// <summary>Gradient descent: x ← x − γ∇f(x) (JSON name <c>"gd"</c>).</summary>
    GradientDescent,

    /// <summary>Heavy-ball momentum: v ← βv − γ∇f(x), x ← x + v (<c>"momentum"</c>).</summary>
    Momentum,

    /// <summary>Nesterov's accelerated gradient: the gradient is taken at the look-ahead point x + βv (<c>"nesterov"</c>).</summary>
    Nesterov,

    /// <summary>Adam: per-coordinate steps from bias-corrected running means of g and g² (<c>"adam"</c>).</summary>
    Adam,

    /// <summary>Newton's method: solve H·d = −∇f by Cholesky; a modified Hessian H + τI where H is not positive
    /// definite (<c>"newton"</c>).</summary>
    Newton,

    /// <summary>The course's hybrid: the Newton step unless it points uphill or is longer than
    /// <see cref="MinimizeOptions.MaxStep"/>, then a gradient step (<c>"hybrid"</c>).</summary>
    Hybrid,

    /// <summary>BFGS quasi-Newton with a dense inverse-Hessian approximation (<c>"bfgs"</c>).</summary>
    Bfgs,

    /// <summary>Limited-memory BFGS: the last <see cref="MinimizeOptions.Memory"/> step pairs, two-loop recursion (<c>"lbfgs"</c>).</summary>
    Lbfgs,
}

/// <summary>How the step length α along a search direction is chosen.</summary>
public enum LineSearchKind
{
    /// <summary>α = γ (<see cref="MinimizeOptions.Rate"/>) as given, no function-value check.</summary>
    Fixed,

    /// <summary>Backtracking until the Armijo (sufficient decrease) condition f(x + αd) ≤ f(x) + c₁α∇fᵀd holds.</summary>
    Backtracking,

    /// <summary>The strong Wolfe conditions (Armijo and |∇f(x + αd)ᵀd| ≤ c₂|∇f(x)ᵀd|) by bracketing and zoom
    /// (Nocedal &amp; Wright, algorithms 3.5 and 3.6).</summary>
    Wolfe,
}

/// <summary>One row of a minimiser's trace: the iterate after <paramref name="Iteration"/> updates (0 = the start).</summary>
/// <param name="Iteration">The number of updates made so far.</param>
/// <param name="X">The iterate.</param>
/// <param name="Value">f at the iterate.</param>
/// <param name="GradientNorm">The Euclidean norm ‖∇f‖₂ at the iterate.</param>
/// <param name="StepLength">‖xₖ − xₖ₋₁‖₂, the distance moved by this update (0 for the start).</param>
public sealed record MinimizeStep(int Iteration, IReadOnlyList<double> X, double Value, double GradientNorm, double StepLength)
{
    /// <summary>The line-search step α along the search direction (1 for the start and for steps taken as they are).</summary>
    public double Alpha { get; init; } = 1;

    /// <summary>What was special about this step, e.g. "Hessian not positive definite: used H + τI" or "hybrid:
    /// gradient step (the Newton step points uphill)"; null for an ordinary step.</summary>
    public string? Note { get; init; }
}

/// <summary>Settings of <see cref="Optimize.Minimize(Objective, IReadOnlyList{double}, MinimizeOptions?)"/>.</summary>
public sealed record MinimizeOptions
{
    /// <summary>The method (BFGS by default).</summary>
    public MinimizeMethod Method { get; init; } = MinimizeMethod.Bfgs;

    /// <summary>The line search; null takes the method's default: Fixed for gradient descent, momentum, Nesterov and
    /// Adam; Backtracking for Newton and the hybrid; Wolfe for BFGS and L-BFGS. Momentum, Nesterov and Adam only take
    /// fixed steps.</summary>
    public LineSearchKind? LineSearch { get; init; }

    /// <summary>γ, the fixed step (gradient descent, momentum, Nesterov, the hybrid's gradient step, Fixed steps of
    /// the other methods) and Adam's α; with a line search on gradient descent, the first trial step.</summary>
    public double Rate { get; init; } = 0.1;

    /// <summary>β, the momentum coefficient of momentum and Nesterov (0 ≤ β &lt; 1).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Adam's β₁ (decay of the running mean of g).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's β₂ (decay of the running mean of g²).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's ε in the denominator √v̂ + ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Converged when ‖∇f‖∞ ≤ GradientTolerance·max(1, min(|f|, |f(x₀)|)): relative to f's size for large
    /// f, absolute near 0, and never looser than at the start (so a run away to f → −∞ is not taken for
    /// convergence).</summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>Stalled when an update moves x by at most StepTolerance·max(1, ‖x‖∞) (in the ∞-norm) while the
    /// gradient test still fails; a line search also gives up below this step.</summary>
    public double StepTolerance { get; init; } = 1e-14;

    /// <summary>The iteration budget (updates of x).</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>The hybrid's limit on the Newton step's length (Euclidean); its gradient step is also capped to it.</summary>
    public double MaxStep { get; init; } = 1.0;

    /// <summary>L-BFGS: how many (s, y) pairs to remember.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Keep the per-iteration trace (on by default: the course shows it).</summary>
    public bool RecordTrace { get; init; } = true;

    /// <summary>Wall-time budget; when it runs out the result says so with <see cref="ExitReason.MaxIterations"/>.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>c₁ of the Armijo condition (Backtracking and Wolfe), 0 &lt; c₁ &lt; 1.</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>c₂ of the strong Wolfe curvature condition, c₁ &lt; c₂ &lt; 1.</summary>
    public double Curvature { get; init; } = 0.9;

    /// <summary>Iterates with ‖x‖∞ beyond this count as diverged.</summary>
    public double DivergenceLimit { get; init; } = 1e12;

    /// <summary>Where the derivatives come from when minimising an expression.</summary>
    public DerivativeSource Derivative { get; init; } = DerivativeSource.Symbolic;

    /// <summary>The line search actually used: <see cref="LineSearch"/> or the method's default.</summary>
    public LineSearchKind EffectiveLineSearch => LineSearch ?? Method switch
    {
        MinimizeMethod.Newton or MinimizeMethod.Hybrid => LineSearchKind.Backtracking,
        MinimizeMethod.Bfgs or MinimizeMethod.Lbfgs => LineSearchKind.Wolfe,
        _ => LineSearchKind.Fixed,
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Method))
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "unknown method.");
        if (LineSearch is { } kind && !Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(LineSearch), kind, "unknown line search.");
        if (Method is MinimizeMethod.Momentum or MinimizeMethod.Nesterov or MinimizeMethod.Adam && EffectiveLineSearch != LineSearchKind.Fixed)
            throw new ArgumentOutOfRangeException(nameof(LineSearch), LineSearch,
                $"{Method.ToJsonName()} takes fixed steps γ (Rate); use gd, newton, hybrid, bfgs or lbfgs for a line search.");
        if (!(Rate > 0) || double.IsInfinity(Rate))
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "the rate γ must be a finite number > 0.");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "the momentum β must be in [0, 1).");
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Adam's β₁ must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Adam's β₂ must be in [0, 1).");
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon))
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Adam's ε must be a finite number > 0.");
        if (!(GradientTolerance >= 0) || double.IsInfinity(GradientTolerance))
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "the gradient tolerance must be a finite number ≥ 0.");
        if (!(StepTolerance >= 0) || double.IsInfinity(StepTolerance))
            throw new ArgumentOutOfRangeException(nameof(StepTolerance), StepTolerance, "the step tolerance must be a finite number ≥ 0.");
        if (MaxIterations is < 0 or > 10_000_000)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "the iteration budget must be between 0 and 10,000,000.");
        if (!(MaxStep > 0) || double.IsInfinity(MaxStep))
            throw new ArgumentOutOfRangeException(nameof(MaxStep), MaxStep, "the maximum step must be a finite number > 0.");
        if (Memory is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(Memory), Memory, "the L-BFGS memory must be between 1 and 1000.");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TimeBudget), budget, "the time budget must be positive.");
        if (!(SufficientDecrease > 0 && SufficientDecrease < 1))
            throw new ArgumentOutOfRangeException(nameof(SufficientDecrease), SufficientDecrease, "c₁ must be in (0, 1).");
        if (!(Curvature > SufficientDecrease && Curvature < 1))
            throw new ArgumentOutOfRangeException(nameof(Curvature), Curvature, "c₂ must be in (c₁, 1).");
        if (!(DivergenceLimit > 0))
            throw new ArgumentOutOfRangeException(nameof(DivergenceLimit), DivergenceLimit, "the divergence limit must be positive.");
        if (!Enum.IsDefined(Derivative))
            throw new ArgumentOutOfRangeException(nameof(Derivative), Derivative, "unknown derivative source.");
    }
}

/// <summary>The outcome of a minimisation: where it stopped, why, how it got there and what it cost.</summary>
public sealed record MinimizeResult
{
    /// <summary>The variable names, in the order of the coordinates of <see cref="X"/>.</summary>
    public required IReadOnlyList<string> Variables { get; init; }

    /// <summary>The last iterate at which f and ∇f were finite (the minimiser when <see cref="Converged"/>).</summary>
    public required IReadOnlyList<double> X { get; init; }

    /// <summary>f at <see cref="X"/>.</summary>
    public required double Value { get; init; }

    /// <summary>∇f at <see cref="X"/>.</summary>
    public required IReadOnlyList<double> Gradient { get; init; }

    /// <summary>‖∇f‖₂ at <see cref="X"/>.</summary>
    public required double GradientNorm { get; init; }

    /// <summary>The number of updates of x made.</summary>
    public required int Iterations { get; init; }

    /// <summary>Why the method stopped.</summary>
    public required ExitReason Exit { get; init; }

    /// <summary>A sentence for a learner: the exit reason with the specifics (where, which value).</summary>
    public required string Message { get; init; }

    /// <summary>The start and every iterate (empty when <see cref="MinimizeOptions.RecordTrace"/> is off).</summary>
    public required IReadOnlyList<MinimizeStep> Trace { get; init; }

    /// <summary>How many times f was evaluated (including line-search trials).</summary>
    public required int FunctionEvaluations { get; init; }

    /// <summary>How many times ∇f was evaluated.</summary>
    public required int GradientEvaluations { get; init; }

    /// <summary>How many times the Hessian was evaluated (Newton and the hybrid only).</summary>
    public required int HessianEvaluations { get; init; }

    /// <summary>The method's JSON name (<c>"gd"</c>, <c>"bfgs"</c> …).</summary>
    public required string Method { get; init; }

    /// <summary>True when the gradient test passed.</summary>
    public bool Converged => Exit == ExitReason.Converged;

    /// <summary>The coordinate of <see cref="X"/> for a variable name.</summary>
    /// <exception cref="KeyNotFoundException">No variable has that name.</exception>
    public double this[string variable]
    {
        get
        {
            for (int i = 0; i < Variables.Count; i++)
                if (Variables[i] == variable) return X[i];
            throw new KeyNotFoundException($"'{variable}' is not one of the variables ({string.Join(", ", Variables)}).");
        }
    }
}

/// <summary>The outcome of <see cref="Optimize.MultiStart"/>.</summary>
/// <param name="Best">The run with the lowest value (among converged runs when there is one).</param>
/// <param name="DistinctMinima">One converged run per distinct point found, lowest value first.</param>
/// <param name="Starts">How many starts were run.</param>
public sealed record MultiStartResult(MinimizeResult Best, IReadOnlyList<MinimizeResult> DistinctMinima, int Starts);
