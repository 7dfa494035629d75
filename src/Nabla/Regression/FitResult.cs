using Nabla.Optimization;

namespace Nabla.Regression;

/// <summary>One iterate of an iterative fit: the parameters, χ² there, the step taken to reach it and (for
/// Levenberg-Marquardt) the damping λ; the start is iteration 0.</summary>
public sealed record FitStep(int Iteration, IReadOnlyList<double> Parameters, double ChiSquared, double StepNorm, double Lambda);

/// <summary>
/// The outcome of a fit, linear or not, with <c>scipy.optimize.curve_fit</c> semantics for uncertainties: the
/// covariance is (JᵀWJ)⁻¹, scaled by the reduced χ² unless the σ were declared absolute (<see cref="AbsoluteSigma"/>).
/// </summary>
public sealed record FitResult
{
    /// <summary>The parameter names, in the order of every per-parameter array.</summary>
    public required IReadOnlyList<string> ParameterNames { get; init; }

    /// <summary>The best-fit parameter values.</summary>
    public required IReadOnlyList<double> Parameters { get; init; }

    /// <summary>One standard deviation per parameter: √diag(covariance).</summary>
    public required IReadOnlyList<double> StandardErrors { get; init; }

    /// <summary>The parameter covariance matrix.</summary>
    public required double[,] Covariance { get; init; }

    /// <summary>The correlation matrix: covariance / (σᵢσⱼ).</summary>
    public required double[,] Correlation { get; init; }

    /// <summary>χ² = Σ ((yᵢ − f(xᵢ))/σᵢ)² (σᵢ = 1 when none are given) at the best fit.</summary>
    public required double ChiSquared { get; init; }

    /// <summary>Degrees of freedom: points − parameters.</summary>
    public required int DegreesOfFreedom { get; init; }

    /// <summary>χ² / degrees of freedom (NaN when there are none).</summary>
    public double ReducedChiSquared => DegreesOfFreedom > 0 ? ChiSquared / DegreesOfFreedom : double.NaN;

    /// <summary>P(χ²_dof ≥ observed χ²): meaningful only when the σ are real measurement errors.</summary>
    public required double PValue { get; init; }

    /// <summary>yᵢ − f(xᵢ) at the best fit (unweighted).</summary>
    public required IReadOnlyList<double> Residuals { get; init; }

    /// <summary>The 2-norm condition number of JᵀWJ (of the design matrix's normal matrix for linear fits): large
    /// values mean some parameter combinations are poorly determined.</summary>
    public required double ConditionNumber { get; init; }

    /// <summary>The numerical rank of the (weighted) Jacobian or design matrix; less than the parameter count means
    /// the parameters are not all identifiable.</summary>
    public required int Rank { get; init; }

    /// <summary>Whether the σ were taken as absolute (covariance not rescaled by the reduced χ²).</summary>
    public required bool AbsoluteSigma { get; init; }

    /// <summary>The method used: "linear-qr", "linear-svd", "lm", "gn", "sd" ….</summary>
    public required string Method { get; init; }

    /// <summary>Why the fit stopped (<see cref="ExitReason.Converged"/> for a direct linear solve).</summary>
    public required ExitReason Exit { get; init; }

    /// <summary>Iterations taken (0 for a direct linear solve).</summary>
    public required int Iterations { get; init; }

    /// <summary>The iterates, start first (empty for a direct linear solve or when tracing is off).</summary>
    public IReadOnlyList<FitStep> Trace { get; init; } = [];

    /// <summary>A human sentence on how the fit ended (what converged, or why it stopped and where).</summary>
    public required string Message { get; init; }

    /// <summary>The parameter value by name.</summary>
    public double this[string parameter] => Parameters[IndexOf(parameter)];

    /// <summary>The standard error of a parameter by name.</summary>
    public double ErrorOf(string parameter) => StandardErrors[IndexOf(parameter)];

    private int IndexOf(string parameter)
    {
        for (int i = 0; i < ParameterNames.Count; i++)
            if (ParameterNames[i] == parameter) return i;
        throw new ArgumentException($"no parameter named '{parameter}'; the parameters are {string.Join(", ", ParameterNames)}.", nameof(parameter));
    }
}
