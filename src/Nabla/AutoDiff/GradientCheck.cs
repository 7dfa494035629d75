namespace Nabla.AutoDiff;

/// <summary>The check of one partial derivative.</summary>
/// <param name="Index">The parameter's position in the parameter vector (0-based).</param>
/// <param name="Analytic">The gradient entry under test (from AD or a hand-derived formula).</param>
/// <param name="Numeric">The central-difference estimate (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h.</param>
/// <param name="RelativeError">|analytic − numeric| / max(|analytic|, |numeric|, <see cref="GradientCheck.Tiny"/>);
/// NaN when either side is not finite.</param>
/// <param name="Passed">True when both sides are finite and the relative error is below the tolerance.</param>
/// <param name="Problem">Why this entry failed, in words; null when it passed.</param>
public sealed record ParameterCheck(int Index, double Analytic, double Numeric, double RelativeError, bool Passed, string? Problem);

/// <summary>The result of a gradient check.</summary>
/// <param name="Parameters">One row per parameter.</param>
/// <param name="MaxRelativeError">The largest relative error over the parameters (NaN if any entry is not finite).</param>
/// <param name="Passed">True when every parameter passed.</param>
public sealed record GradientCheckReport(IReadOnlyList<ParameterCheck> Parameters, double MaxRelativeError, bool Passed)
{
    /// <summary>The reasons for failure, one sentence per failing parameter (empty when the check passed).</summary>
    public IReadOnlyList<string> Problems =>
        [.. Parameters.Where(p => p.Problem is not null).Select(p => p.Problem!)];

    /// <summary>A one-line summary for a learner.</summary>
    public string Summary => Passed
        ? $"Gradient check passed: largest relative error {MaxRelativeError:E2} over {Parameters.Count} parameters."
        : $"Gradient check failed: {string.Join("; ", Problems)}.";
}

/// <summary>
/// Gradient checking: compare a gradient (from automatic differentiation or derived by hand) with central differences,
/// parameter by parameter. The criterion is the one of <i>Mathematics for Machine Learning</i>: relative error below
/// 10⁻⁶ with step h = 10⁻⁴ in double precision. NaN or infinity on either side fails the check with a reason.
/// </summary>
public static class GradientCheck
{
    /// <summary>The pass criterion for the relative error (double precision, h = 10⁻⁴).</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>The floor of the relative-error denominator, so that two zeros agree (0/0 is taken as 0). A gradient
    /// entry that is truly 0 but whose numeric estimate carries rounding noise still fails: the criterion is relative.</summary>
    public const double Tiny = 1e-300;

    /// <summary>Compares <paramref name="analyticGradient"/> with central differences of <paramref name="f"/> at <paramref name="x"/>.</summary>
    /// <param name="f">The scalar function.</param>
    /// <param name="x">The point (not modified).</param>
    /// <param name="analyticGradient">The gradient to check, one entry per parameter.</param>
    /// <param name="h">The finite-difference step.</param>
    /// <exception cref="ArgumentException">The gradient and the point differ in length, or h is not positive and finite.</exception>
    public static GradientCheckReport Compare(Func<double[], double> f, double[] x, double[] analyticGradient, double h = 1e-4) =>
        Compare(f, x, analyticGradient, h, DefaultTolerance);

    /// <summary>As <see cref="Compare(Func{double[], double}, double[], double[], double)"/> with a custom pass tolerance
    /// on the relative error (e.g. looser for single-precision models).</summary>
    public static GradientCheckReport Compare(Func<double[], double> f, double[] x, double[] analyticGradient, double h, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(analyticGradient);
        if (analyticGradient.Length != x.Length)
            throw new ArgumentException(
                $"The gradient has {analyticGradient.Length} entries but there are {x.Length} parameters.", nameof(analyticGradient));
        if (!(h > 0) || double.IsInfinity(h)) throw new ArgumentException($"The step h must be positive and finite, not {h}.", nameof(h));
        if (!(tolerance > 0)) throw new ArgumentException($"The tolerance must be positive, not {tolerance}.", nameof(tolerance));

        var probe = (double[])x.Clone();
        var rows = new ParameterCheck[x.Length];
        double maxError = 0;
        for (int i = 0; i < x.Length; i++)
        {
            probe[i] = x[i] + h;
            double up = f(probe);
            probe[i] = x[i] - h;
            double down = f(probe);
            probe[i] = x[i];
            double numeric = (up - down) / (2 * h);
            double analytic = analyticGradient[i];

            string? problem = null;
            double error = double.NaN;
            if (!double.IsFinite(analytic))
                problem = $"the analytic gradient has {Describe(analytic)} at parameter {i}";
            else if (!double.IsFinite(numeric))
                problem = $"the numeric gradient has {Describe(numeric)} at parameter {i} (f(x + h·e{i}) = {Describe(up)}, f(x − h·e{i}) = {Describe(down)})";
            else
            {
                error = Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), Tiny);
                if (!(error < tolerance))
                    problem = $"parameter {i}: analytic {analytic:R} vs numeric {numeric:R}, relative error {error:E2} ≥ {tolerance:E0}";
            }
            if (double.IsNaN(error) || double.IsNaN(maxError)) maxError = double.NaN;
            else maxError = Math.Max(maxError, error);
            rows[i] = new ParameterCheck(i, analytic, numeric, error, problem is null, problem);
        }
        return new GradientCheckReport(rows, maxError, rows.All(r => r.Passed));
    }

    private static string Describe(double v) => double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+∞" : double.IsNegativeInfinity(v) ? "−∞" : v.ToString("R");
}
