using Nabla.Symbolic;

namespace Nabla.Regression;

/// <summary>
/// The course's graded assignment (module 6): fit a Gaussian to a histogram of heights by steepest descent. Bins of
/// width 2.5 cm with left edges 50, 52.5, …, 297.5 (100 bins, centres = edge + 1.25); the non-zero frequencies sit at
/// left edges 160 … 197.5 and are normalised so Σ y·width = 1; the model is
/// f(x; mu, sig) = exp(−(x − mu)²/(2 sig²))/(sig·√(2π)) with parameters named <c>mu</c> and <c>sig</c>, and χ² is
/// unweighted, Σ (y − f)².
/// </summary>
public static class HeightsAssignment
{
    private static readonly double[] Raw =
        [0.031, 0.013, 0.023, 0.064, 0.065, 0.126, 0.132, 0.127, 0.113, 0.091, 0.105, 0.050, 0.018, 0.018, 0.018, 0.001];

    private static readonly double[] CentreValues = Enumerable.Range(0, 100).Select(k => 50 + 2.5 * k + 1.25).ToArray();

    private static readonly double[] FrequencyValues = BuildFrequencies();

    private static double[] BuildFrequencies()
    {
        var y = new double[100];
        int first = (int)((160 - 50) / 2.5);
        for (int k = 0; k < Raw.Length; k++) y[first + k] = Raw[k];
        double area = y.Sum() * 2.5;
        for (int k = 0; k < y.Length; k++) y[k] /= area;
        return y;
    }

    /// <summary>The bin width, 2.5 (cm).</summary>
    public static double BinWidth => 2.5;

    /// <summary>The 100 bin centres 51.25, 53.75, …, 298.75.</summary>
    public static IReadOnlyList<double> Centres => CentreValues;

    /// <summary>The frequency density per bin, normalised so Σ y·width = 1.</summary>
    public static IReadOnlyList<double> Frequencies => FrequencyValues;

    /// <summary>The normal density exp(−(x − mu)²/(2 sig²))/(sig·√(2π)) in x with parameters mu and sig.</summary>
    public static Expr Model { get; } = Expr.Parse("exp(-(x - mu)^2/(2*sig^2))/(sig*sqrt(2*pi))");

    /// <summary>
    /// The course's loop: <paramref name="steps"/> steps of (mu, sig) ← (mu, sig) − aggression·∇χ² from the given
    /// start, χ² unweighted. The result's trace holds every iterate.
    /// </summary>
    public static FitResult SteepestDescent(double mu = 155, double sig = 6, double aggression = 2000, int steps = 50) =>
        Fit.Curve(Model, Centres, Frequencies, new Dictionary<string, double> { ["mu"] = mu, ["sig"] = sig }, null,
            new FitOptions { Method = FitMethod.SteepestDescent, Rate = aggression, Iterations = steps });

    /// <summary>The χ² minimum by Levenberg-Marquardt from the same start (the reference the descent should approach).</summary>
    public static FitResult LevenbergMarquardt(double mu = 155, double sig = 6) =>
        Fit.Curve(Model, Centres, Frequencies, new Dictionary<string, double> { ["mu"] = mu, ["sig"] = sig });
}
