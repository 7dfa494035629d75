using MathNet.Numerics;

namespace Nabla.Regression;

/// <summary>The goodness of fit χ² = Σ ((yᵢ − fᵢ)/σᵢ)², with its degrees of freedom, reduced value, p-value and residuals.</summary>
/// <param name="Value">χ² (with σᵢ = 1 when no σ were given: then it is the plain sum of squared residuals).</param>
/// <param name="DegreesOfFreedom">Points − fitted parameters.</param>
/// <param name="Reduced">χ² / degrees of freedom (NaN when there are none): about 1 for a good model with honest σ.</param>
/// <param name="PValue">P(χ²_dof ≥ Value): the chance of a fit at least this bad if the model and the σ are right
/// (NaN without degrees of freedom; meaningless without real σ).</param>
/// <param name="Residuals">yᵢ − fᵢ (unweighted).</param>
public sealed record ChiSquaredResult(double Value, int DegreesOfFreedom, double Reduced, double PValue, IReadOnlyList<double> Residuals);

/// <summary>χ², the course's measure of how well a model's predictions fᵢ match data yᵢ with uncertainties σᵢ.</summary>
public static class ChiSquared
{
    /// <summary>Computes χ² = Σ ((yᵢ − fittedᵢ)/σᵢ)² and its statistics.</summary>
    /// <param name="y">The observations.</param>
    /// <param name="fitted">The model's predictions at the same points.</param>
    /// <param name="sigma">One standard deviation per point, or null for σᵢ = 1.</param>
    /// <param name="parameters">How many parameters were fitted (degrees of freedom = points − parameters).</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is NaN or infinite, a σ is not positive, or
    /// <paramref name="parameters"/> is negative or exceeds the number of points.</exception>
    public static ChiSquaredResult Compute(IReadOnlyList<double> y, IReadOnlyList<double> fitted, IReadOnlyList<double>? sigma, int parameters)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(fitted);
        int n = y.Count;
        if (fitted.Count != n) throw new ArgumentException($"y has {n} values but fitted has {fitted.Count}: they must pair up point by point.", nameof(fitted));
        if (sigma is not null && sigma.Count != n) throw new ArgumentException($"sigma has {sigma.Count} values but there are {n} points.", nameof(sigma));
        if (parameters < 0) throw new ArgumentException($"the number of parameters cannot be negative (got {parameters}).", nameof(parameters));
        if (parameters > n) throw new ArgumentException($"{parameters} parameters cannot be fitted to {n} points.", nameof(parameters));
        var residuals = new double[n];
        double sum = 0, compensation = 0;   // Neumaier summation: many small terms after a few large ones
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i])) throw new ArgumentException($"y[{i}] = {y[i]} is not a finite number.", nameof(y));
            if (!double.IsFinite(fitted[i])) throw new ArgumentException($"fitted[{i}] = {fitted[i]} is not a finite number.", nameof(fitted));
            double s = 1;
            if (sigma is not null)
            {
                s = sigma[i];
                if (!(s > 0 && double.IsFinite(s))) throw new ArgumentException($"sigma[{i}] = {s}: every σ must be a positive finite number.", nameof(sigma));
            }
            residuals[i] = y[i] - fitted[i];
            double term = residuals[i] / s;
            term *= term;
            double t = sum + term;
            compensation += Math.Abs(sum) >= term ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        double value = sum + compensation;
        int dof = n - parameters;
        return new ChiSquaredResult(value, dof, dof > 0 ? value / dof : double.NaN, UpperTail(value, dof), residuals);
    }

    /// <summary>P(χ²_dof ≥ value) from the regularised upper incomplete gamma function Q(dof/2, value/2), which keeps
    /// its relative accuracy far into the tail (1 − CDF would round to 0 below about 1e-16).</summary>
    internal static double UpperTail(double value, int dof)
    {
        if (dof <= 0 || double.IsNaN(value)) return double.NaN;
        if (value <= 0) return 1.0;
        if (double.IsPositiveInfinity(value)) return 0.0;
        return SpecialFunctions.GammaUpperRegularized(dof / 2.0, value / 2.0);
    }
}
