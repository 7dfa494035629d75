using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Nabla.Multivariate;

/// <summary>
/// The second-derivative test: the eigenvalues of the (symmetric) Hessian at a stationary point decide its kind.
/// Mixed signs make a saddle even when another eigenvalue is 0 (the function already rises one way and falls
/// another); otherwise a zero eigenvalue leaves the test inconclusive.
/// </summary>
internal static class HessianTest
{
    /// <summary>The eigenvalues of a symmetric matrix, smallest first (closed form up to 2×2, else Math.NET's symmetric EVD).</summary>
    public static double[] Eigenvalues(double[,] h)
    {
        int n = h.GetLength(0);
        if (n == 1) return [h[0, 0]];
        if (!AllFinite(h)) return [.. Enumerable.Repeat(double.NaN, n)];
        // Scaled to a largest entry in [1, 2) first: the solvers square entries, and Hessians with entries near 1e270
        // overflowed (Math.NET's symmetric solver threw IndexOutOfRangeException; the 2 × 2 formula gave ∞, which the
        // web could not write as JSON), and one of subnormal entries near 1e-310, whose squares underflow, threw too
        // (all found by fuzzing). Scaling by a power of two is exact, even for subnormals, so the scaled matrix stays
        // exactly symmetric (averaged with its transpose in case the input was not); eigenvalues scale linearly.
        double largest = 0;
        foreach (double v in h) largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0) return new double[n];
        int exponent = Math.ILogB(largest);
        var scaled = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                scaled[i, j] = (Math.ScaleB(h[i, j], -exponent) + Math.ScaleB(h[j, i], -exponent)) / 2;
        double[] values;
        if (n == 2)
        {
            double mean = (scaled[0, 0] + scaled[1, 1]) / 2, half = (scaled[0, 0] - scaled[1, 1]) / 2;
            double radius = Math.Sqrt(half * half + scaled[0, 1] * scaled[0, 1]);
            // Subtracting nearly equal numbers loses the small eigenvalue; recover it from the determinant instead.
            double big = mean >= 0 ? mean + radius : mean - radius;
            double det = scaled[0, 0] * scaled[1, 1] - scaled[0, 1] * scaled[1, 0];
            double small = big == 0 ? 0 : det / big;
            values = [big, small];
        }
        else
        {
            values = [.. Matrix<double>.Build.DenseOfArray(scaled).Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real)];
        }
        for (int i = 0; i < values.Length; i++) values[i] = Math.ScaleB(values[i], exponent);
        Array.Sort(values);
        return values;
    }

    public static (StationaryKind Kind, string Reason) Classify(IReadOnlyList<double> eigenvalues, double tolerance)
    {
        int n = eigenvalues.Count;
        if (eigenvalues.Any(double.IsNaN))
            return (StationaryKind.Degenerate, "the Hessian is undefined here: the test is inconclusive");
        double largest = eigenvalues.Max(Math.Abs);
        double zero = tolerance * Math.Max(1, largest);
        int positive = eigenvalues.Count(l => l > zero);
        int negative = eigenvalues.Count(l => l < -zero);
        string values = "(" + string.Join(", ", eigenvalues.Select(l => Math.Abs(l) <= zero ? "0.0" : Format(l))) + ")";
        if (n == 1)
        {
            string second = $"the second derivative f'' = {values[1..^1]}";
            return positive == 1 ? (StationaryKind.Minimum, $"{second} is positive: a minimum")
                : negative == 1 ? (StationaryKind.Maximum, $"{second} is negative: a maximum")
                : (StationaryKind.Degenerate, $"{second}: the second-derivative test is inconclusive");
        }
        string all = n == 2 ? "both eigenvalues" : $"all {n} eigenvalues";
        if (positive == n) return (StationaryKind.Minimum, $"{all} positive {values}: a minimum");
        if (negative == n) return (StationaryKind.Maximum, $"{all} negative {values}: a maximum");
        if (positive > 0 && negative > 0) return (StationaryKind.Saddle, $"eigenvalues of both signs {values}: a saddle");
        string which = positive + negative == 0 ? "every eigenvalue is 0" : "an eigenvalue is 0";
        return (StationaryKind.Degenerate, $"{which} {values}: the Hessian test is inconclusive");
    }

    private static bool AllFinite(double[,] h)
    {
        foreach (var v in h) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>Six significant digits, always with a decimal point so integers read as 2.0 rather than 2.</summary>
    internal static string Format(double value)
    {
        var s = value.ToString("G6", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains("Infinity") || s == "NaN" ? s : s + ".0";
    }
}
