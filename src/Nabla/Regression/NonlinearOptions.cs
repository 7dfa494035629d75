using Nabla.Optimization;

namespace Nabla.Regression;

/// <summary>How a non-linear fit walks down the χ² surface.</summary>
public enum FitMethod
{
    /// <summary>Levenberg-Marquardt: Gauss-Newton steps damped towards (scaled) steepest descent as needed — the
    /// robust default (JSON/CLI name <c>lm</c>).</summary>
    LevenbergMarquardt,

    /// <summary>Gauss-Newton: the linearised least-squares step, halved until χ² decreases (<c>gn</c>).</summary>
    GaussNewton,

    /// <summary>Steepest descent: p ← p − γ·∇χ², the course's "aggression" loop, or with a line search (<c>sd</c>).</summary>
    SteepestDescent,
}

/// <summary>Names of <see cref="FitMethod"/> values for JSON and the command line.</summary>
public static class FitMethods
{
    /// <summary>The stable short name: <c>"lm"</c>, <c>"gn"</c> or <c>"sd"</c>.</summary>
    public static string ToJsonName(this FitMethod method) => method switch
    {
        FitMethod.LevenbergMarquardt => "lm",
        FitMethod.GaussNewton => "gn",
        FitMethod.SteepestDescent => "sd",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Parses <c>lm</c>/<c>gn</c>/<c>sd</c> (case-insensitive; the full enum names are accepted too).</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones).</exception>
    public static FitMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var method in Enum.GetValues<FitMethod>())
            if (string.Equals(name.Trim(), method.ToJsonName(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(name.Trim(), method.ToString(), StringComparison.OrdinalIgnoreCase))
                return method;
        throw new ArgumentException($"unknown fit method '{name}'; use lm (Levenberg-Marquardt), gn (Gauss-Newton) or sd (steepest descent).", nameof(name));
    }
}

/// <summary>
/// Settings of a non-linear fit (<see cref="Fit.Curve(Symbolic.Expr, IReadOnlyDictionary{string, double[]}, IReadOnlyList{double}, IReadOnlyDictionary{string, double}, IReadOnlyList{double}?, FitOptions?)"/>).
/// See docs/regression-nonlinear.md for the exact stopping tests.
/// </summary>
public sealed record FitOptions
{
    /// <summary>The method (default Levenberg-Marquardt).</summary>
    public FitMethod Method { get; init; } = FitMethod.LevenbergMarquardt;

    /// <summary>Steepest descent only: the course's "aggression" γ in p ← p − γ·∇χ². Null: a backtracking line
    /// search along −∇χ² chooses each step.</summary>
    public double? Rate { get; init; }

    /// <summary>Steepest descent only: take exactly this many steps (the course's loop), without convergence tests.
    /// Null: iterate until converged or <see cref="MaxIterations"/>.</summary>
    public int? Iterations { get; init; }

    /// <summary>The most iterations (accepted or rejected trial steps count once per outer iteration).</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>
    /// The convergence tolerance t. A fit has converged when any of: (1) the Gauss-Newton step from the current point
    /// is predicted to lower χ² by at most t·χ² (equivalently, the gradient is orthogonal to the residuals to
    /// √t); (2) an accepted step lowered χ² by at most t·χ² and predicted no more; (3) the scaled step is at most
    /// t·(scaled parameter norm) while (1) holds to √t; (4) χ² is at the rounding floor of the data (an exact fit).
    /// Steepest descent without a fixed step count stops when χ² changed by at most t·χ² and the step is at most
    /// √t·(‖p‖ + √t) (or, with the line search, when no step along −∇χ² lowers χ²).
    /// </summary>
    public double Tolerance { get; init; } = 1e-15;

    /// <summary><c>curve_fit</c>'s <c>absolute_sigma</c>: when true the covariance is (JᵀWJ)⁻¹ as is; when false
    /// (default) it is scaled by the reduced χ², so only the relative sizes of the σ matter.</summary>
    public bool AbsoluteSigma { get; init; }

    /// <summary>Record every iterate in <see cref="FitResult.Trace"/>.</summary>
    public bool RecordTrace { get; init; } = true;

    /// <summary>Where the Jacobian ∂f/∂p comes from: symbolic and compiled (default), numeric central differences,
    /// or forward-mode automatic differentiation.</summary>
    public DerivativeSource Jacobian { get; init; } = DerivativeSource.Symbolic;

    /// <summary>Optional box constraints per parameter name; iterates are projected into the box.</summary>
    public IReadOnlyDictionary<string, (double Lower, double Upper)>? Bounds { get; init; }

    /// <summary>Wall-clock budget: past it the fit stops with <see cref="ExitReason.MaxIterations"/> and its best point.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(10);
}
