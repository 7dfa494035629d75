using System.Numerics;
using Nabla.Symbolic;

namespace Nabla;

/// <summary>
/// A finite-difference formula f⁽ᵈ⁾(x) ≈ Σₖ wₖ·f(x + oₖ·h) / hᵈ on integer offsets oₖ, with its exact weights.
/// </summary>
internal sealed class FiniteDifferenceStencil
{
    public FiniteDifferenceStencil(int[] offsets, Rational[] weights, int derivativeOrder, int accuracyOrder)
    {
        Offsets = offsets;
        ExactWeights = weights;
        Weights = Array.ConvertAll(weights, w => w.ToDouble());
        DerivativeOrder = derivativeOrder;
        AccuracyOrder = accuracyOrder;
        foreach (var w in Weights) WeightSum += Math.Abs(w);
    }

    /// <summary>Grid offsets in units of h, ascending.</summary>
    public int[] Offsets { get; }

    /// <summary>The weights as exact rationals (one per offset).</summary>
    public Rational[] ExactWeights { get; }

    /// <summary>The weights rounded to double.</summary>
    public double[] Weights { get; }

    /// <summary>d in f⁽ᵈ⁾.</summary>
    public int DerivativeOrder { get; }

    /// <summary>p: the truncation error is O(hᵖ).</summary>
    public int AccuracyOrder { get; }

    /// <summary>Σ|wₖ|, the factor by which rounding errors in f are amplified (before dividing by hᵈ).</summary>
    public double WeightSum { get; }

    /// <summary>True when the truncation error contains only even powers of h (symmetric stencils), so that one
    /// Richardson step gains two orders.</summary>
    public bool IsCentral => Offsets[0] == -Offsets[^1];
}

/// <summary>
/// Fornberg's algorithm for finite-difference weights, run in exact rational arithmetic, and the read-only tables of
/// the stencils <see cref="NumericDiff"/> uses (computed once, never mutated).
/// </summary>
internal static class NumericStencils
{
    public const int MaxDerivativeOrder = 6;
    public const int MaxAccuracyOrder = 8;
    public const int MaxPoints = 64;

    // [d - 1][p / 2 - 1]: central stencils for derivative d = 1..6 and accuracy p = 2, 4, 6, 8.
    private static readonly FiniteDifferenceStencil[][] CentralTable = BuildCentral();
    // [d - 1]: one-sided stencils on 0..d (forward) and −d..0 (backward), accuracy 1.
    private static readonly FiniteDifferenceStencil[] ForwardTable = BuildOneSided(+1);
    private static readonly FiniteDifferenceStencil[] BackwardTable = BuildOneSided(-1);

    public static FiniteDifferenceStencil Central(int derivativeOrder, int accuracyOrder) =>
        CentralTable[derivativeOrder - 1][accuracyOrder / 2 - 1];

    public static FiniteDifferenceStencil Forward(int derivativeOrder) => ForwardTable[derivativeOrder - 1];

    public static FiniteDifferenceStencil Backward(int derivativeOrder) => BackwardTable[derivativeOrder - 1];

    /// <summary>Half-width m of the central stencil −m..m for derivative d with accuracy p (p even).</summary>
    public static int CentralHalfWidth(int derivativeOrder, int accuracyOrder) =>
        (derivativeOrder + 1) / 2 - 1 + accuracyOrder / 2;

    /// <summary>
    /// Weights wₖ such that Σ wₖ·f(x + oₖ·h)/hᵈ approximates f⁽ᵈ⁾(x) with the highest accuracy the offsets allow
    /// (Fornberg 1988, "Generation of finite difference formulas on arbitrarily spaced grids"). Exact: every
    /// quantity is rational when the offsets are integers.
    /// </summary>
    public static Rational[] Weights(IReadOnlyList<int> offsets, int derivativeOrder)
    {
        int n = offsets.Count;
        int m = derivativeOrder;
        // c[j, k]: weight of point j for derivative k, using the first i + 1 points (updated in place as i grows).
        var c = new Rational[n, m + 1];
        Rational c1 = Rational.One;
        Rational c4 = offsets[0];
        c[0, 0] = Rational.One;
        for (int i = 1; i < n; i++)
        {
            int mn = Math.Min(i, m);
            Rational c2 = Rational.One;
            Rational c5 = c4;
            c4 = offsets[i];
            for (int j = 0; j < i; j++)
            {
                Rational c3 = new BigInteger(offsets[i] - offsets[j]);
                c2 *= c3;
                if (j == i - 1)
                {
                    for (int k = mn; k >= 1; k--)
                        c[i, k] = c1 * (new Rational(k) * c[i - 1, k - 1] - c5 * c[i - 1, k]) / c2;
                    c[i, 0] = -c1 * c5 * c[i - 1, 0] / c2;
                }
                for (int k = mn; k >= 1; k--)
                    c[j, k] = (c4 * c[j, k] - new Rational(k) * c[j, k - 1]) / c3;
                c[j, 0] = c4 * c[j, 0] / c3;
            }
            c1 = c2;
        }
        var weights = new Rational[n];
        for (int j = 0; j < n; j++) weights[j] = c[j, m];
        return weights;
    }

    private static FiniteDifferenceStencil[][] BuildCentral()
    {
        var table = new FiniteDifferenceStencil[MaxDerivativeOrder][];
        for (int d = 1; d <= MaxDerivativeOrder; d++)
        {
            table[d - 1] = new FiniteDifferenceStencil[MaxAccuracyOrder / 2];
            for (int p = 2; p <= MaxAccuracyOrder; p += 2)
            {
                int m = CentralHalfWidth(d, p);
                var offsets = Enumerable.Range(-m, 2 * m + 1).ToArray();
                table[d - 1][p / 2 - 1] = new FiniteDifferenceStencil(offsets, Weights(offsets, d), d, p);
            }
        }
        return table;
    }

    private static FiniteDifferenceStencil[] BuildOneSided(int direction)
    {
        var table = new FiniteDifferenceStencil[MaxDerivativeOrder];
        for (int d = 1; d <= MaxDerivativeOrder; d++)
        {
            var offsets = Enumerable.Range(0, d + 1).Select(k => direction * k).Order().ToArray();
            table[d - 1] = new FiniteDifferenceStencil(offsets, Weights(offsets, d), d, 1);
        }
        return table;
    }
}
