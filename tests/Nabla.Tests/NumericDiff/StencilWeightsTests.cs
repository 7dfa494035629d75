using System.Numerics;
using Nabla.Symbolic;

namespace Nabla.Tests.NumericDiffTests;

/// <summary>Fornberg's weights against the textbook tables (exact rationals) and against the Taylor moment conditions.</summary>
public sealed class StencilWeightsTests
{
    private static Rational R(long n, long d = 1) => new(n, d);

    private static Rational[] Over(long denominator, params long[] numerators) =>
        numerators.Select(n => R(n, denominator)).ToArray();

    // Fornberg (1988), Table 1 / the standard central-difference tables.
    public static TheoryData<int, int, Rational[]> Central => new()
    {
        { 1, 2, Over(2, -1, 0, 1) },
        { 1, 4, Over(12, 1, -8, 0, 8, -1) },
        { 1, 6, Over(60, -1, 9, -45, 0, 45, -9, 1) },
        { 1, 8, [R(1, 280), R(-4, 105), R(1, 5), R(-4, 5), R(0), R(4, 5), R(-1, 5), R(4, 105), R(-1, 280)] },
        { 2, 2, Over(1, 1, -2, 1) },
        { 2, 4, Over(12, -1, 16, -30, 16, -1) },
        { 2, 6, Over(180, 2, -27, 270, -490, 270, -27, 2) },
        { 2, 8, [R(-1, 560), R(8, 315), R(-1, 5), R(8, 5), R(-205, 72), R(8, 5), R(-1, 5), R(8, 315), R(-1, 560)] },
        { 3, 2, Over(2, -1, 2, 0, -2, 1) },
        { 3, 4, Over(8, 1, -8, 13, 0, -13, 8, -1) },
        { 4, 2, Over(1, 1, -4, 6, -4, 1) },
        { 4, 4, Over(6, -1, 12, -39, 56, -39, 12, -1) },
        { 5, 2, Over(2, -1, 4, -5, 0, 5, -4, 1) },
        { 6, 2, Over(1, 1, -6, 15, -20, 15, -6, 1) },
    };

    [Theory]
    [MemberData(nameof(Central))]
    public void CentralStencilsEqualTheTextbookTables(int derivativeOrder, int accuracyOrder, Rational[] expected)
    {
        Assert.Equal(expected, NumericDiff.StencilWeights(derivativeOrder, accuracyOrder));
    }

    [Fact]
    public void OneSidedWeightsEqualTheTextbookTables()
    {
        Assert.Equal(Over(1, -1, 1), NumericDiff.Weights([0, 1], 1));
        Assert.Equal(Over(1, -1, 1), NumericDiff.Weights([-1, 0], 1));
        Assert.Equal(Over(2, -3, 4, -1), NumericDiff.Weights([0, 1, 2], 1));
        Assert.Equal(Over(1, 1, -2, 1), NumericDiff.Weights([0, 1, 2], 2));
        Assert.Equal(Over(12, -25, 48, -36, 16, -3), NumericDiff.Weights([0, 1, 2, 3, 4], 1));
        // Derivative order 0 on points around x: interpolation, so all weight on x itself.
        Assert.Equal(Over(1, 0, 1, 0), NumericDiff.Weights([-1, 0, 1], 0));
    }

    /// <summary>
    /// Independent check by Taylor expansion: Σ wₖ kʲ / j! must be 1 for j = d and 0 for every other j below d + p
    /// (and for a central stencil the first non-zero moment beyond d sits exactly at j = d + p).
    /// </summary>
    [Fact]
    public void EveryCentralStencilSatisfiesTheMomentConditionsOfItsOrder()
    {
        for (int d = 1; d <= 6; d++)
        {
            for (int p = 2; p <= 8; p += 2)
            {
                var w = NumericDiff.StencilWeights(d, p);
                int m = (w.Count - 1) / 2;
                Assert.Equal(2 * m + 1, w.Count);
                for (int j = 0; j <= d + p; j++)
                {
                    Rational moment = Rational.Zero;
                    for (int i = 0; i < w.Count; i++) moment += w[i] * new Rational(BigInteger.Pow(i - m, j));
                    moment /= Factorial(j);
                    Rational expected = j == d ? Rational.One : Rational.Zero;
                    if (j < d + p) Assert.True(moment == expected, $"d={d} p={p}: moment {j} is {moment}");
                    else Assert.True(!moment.IsZero, $"d={d} p={p}: the stencil is more accurate than O(h^{p})");
                }
                // Symmetric for even d, antisymmetric for odd d.
                for (int i = 0; i < w.Count; i++)
                    Assert.Equal(d % 2 == 0 ? w[i] : -w[i], w[w.Count - 1 - i]);
            }
        }
    }

    [Fact]
    public void WeightsOnAnArbitraryGridAreExactForPolynomialsOfTheirDegree()
    {
        // Offsets −3, −1, 2, 5: exact for cubics. f(t) = t³ − 2t² at x = 0.75 with h = 0.5, d = 2: f″ = 6x − 4 = 0.5.
        int[] offsets = [-3, -1, 2, 5];
        var w = NumericDiff.Weights(offsets, 2);
        double x = 0.75, h = 0.5, sum = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            double t = x + offsets[i] * h;
            sum += w[i].ToDouble() * (t * t * t - 2 * t * t);
        }
        Assert.Equal(0.5, sum / (h * h), 12);
    }

    private static Rational Factorial(int n)
    {
        BigInteger r = BigInteger.One;
        for (int i = 2; i <= n; i++) r *= i;
        return new Rational(r);
    }
}
