namespace Nabla.Optimization;

/// <summary>
/// Why an iterative solver stopped. Every solver result carries one, because the course shows learners not just the
/// answer but how the method got there — or why it did not.
/// </summary>
public enum ExitReason
{
    /// <summary>The convergence test passed (step and/or residual below tolerance).</summary>
    Converged,

    /// <summary>The iteration budget ran out before convergence.</summary>
    MaxIterations,

    /// <summary>The derivative (or gradient) vanished where the function did not: Newton's step is undefined at a
    /// stationary point.</summary>
    DerivativeZero,

    /// <summary>The iterates ran away (|x| or f grew beyond any sensible bound).</summary>
    Diverged,

    /// <summary>The iterates revisited earlier values: the method is cycling (e.g. x³ − 2x + 2 from x = 0: 0 → 1 → 0).</summary>
    CycleDetected,

    /// <summary>f, its derivative or an iterate became NaN or infinite during the iteration.</summary>
    NonFinite,

    /// <summary>The function (or a derivative) is undefined or not finite at the starting point.</summary>
    UndefinedAtStart,

    /// <summary>A bracketing method was given an interval whose ends do not have opposite signs.</summary>
    NoSignChange,

    /// <summary>The Jacobian (or Hessian) of the system is singular at an iterate, so the Newton step is undefined.</summary>
    SingularJacobian,

    /// <summary>The line search could not find a step satisfying its conditions (usually: not a descent direction, or
    /// the function is too rough for the tolerance).</summary>
    LineSearchFailed,

    /// <summary>No feasible point was found for the constraints (in the search box, when one is given).</summary>
    Infeasible,

    /// <summary>Progress stalled: steps are at the limit of floating-point resolution but the convergence test is not met.</summary>
    Stalled,
}

/// <summary>Names of <see cref="ExitReason"/> values for JSON and people.</summary>
public static class ExitReasons
{
    /// <summary>The stable kebab-case name used in JSON output (<c>"converged"</c>, <c>"max-iterations"</c>,
    /// <c>"cycle-detected"</c> …). Part of the CLI's public contract: never rename one.</summary>
    public static string ToJsonName(this ExitReason reason) => reason switch
    {
        ExitReason.Converged => "converged",
        ExitReason.MaxIterations => "max-iterations",
        ExitReason.DerivativeZero => "derivative-zero",
        ExitReason.Diverged => "diverged",
        ExitReason.CycleDetected => "cycle-detected",
        ExitReason.NonFinite => "non-finite",
        ExitReason.UndefinedAtStart => "undefined-at-start",
        ExitReason.NoSignChange => "no-sign-change",
        ExitReason.SingularJacobian => "singular-jacobian",
        ExitReason.LineSearchFailed => "line-search-failed",
        ExitReason.Infeasible => "infeasible",
        ExitReason.Stalled => "stalled",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>A one-line explanation for a learner (the solver's own message adds the specifics: where, which value).</summary>
    public static string Describe(this ExitReason reason) => reason switch
    {
        ExitReason.Converged => "converged: the step and the residual fell below the tolerance",
        ExitReason.MaxIterations => "stopped after the maximum number of iterations without converging",
        ExitReason.DerivativeZero => "the derivative is zero here (a stationary point), so the Newton step x − f/f' is undefined",
        ExitReason.Diverged => "the iterates ran away instead of settling down",
        ExitReason.CycleDetected => "the iterates returned to an earlier value, so the method is cycling and will never converge",
        ExitReason.NonFinite => "a value became NaN or infinite during the iteration",
        ExitReason.UndefinedAtStart => "the function is undefined (or not finite) at the starting point",
        ExitReason.NoSignChange => "f has the same sign at both ends of the interval, so bisection cannot bracket a root",
        ExitReason.SingularJacobian => "the Jacobian is singular here, so the Newton step cannot be solved for",
        ExitReason.LineSearchFailed => "the line search found no acceptable step along the search direction",
        ExitReason.Infeasible => "no point satisfying the constraints was found",
        ExitReason.Stalled => "progress stalled at the limit of floating-point precision before the tolerance was met",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>Parses a JSON name back (<see cref="ToJsonName"/>'s inverse); null when unknown.</summary>
    public static ExitReason? FromJsonName(string name)
    {
        foreach (var reason in Enum.GetValues<ExitReason>())
            if (reason.ToJsonName() == name) return reason;
        return null;
    }
}
