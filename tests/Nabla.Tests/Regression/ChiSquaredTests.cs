using CsCheck;
using Nabla.Regression;
using ChiSquaredDistribution = MathNet.Numerics.Distributions.ChiSquared;
using ChiSquared = Nabla.Regression.ChiSquared;

namespace Nabla.Tests.Regression;

public sealed class ChiSquaredTests
{
    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]   // the textbook 95% critical values
    [InlineData(6.634896601021214, 1, 0.01)]
    [InlineData(18.307038053275146, 10, 0.05)]
    [InlineData(2.0, 2, 0.36787944117144233)]   // dof 2: p = e^(−χ²/2)
    public void P_values_match_table_values(double chi2, int dof, double expected)
    {
        // Build data whose χ² is exactly chi2: one residual carries all of it.
        var y = new double[dof + 1];
        var fitted = new double[dof + 1];
        y[0] = Math.Sqrt(chi2);
        var result = ChiSquared.Compute(y, fitted, null, 1);
        Assert.Equal(dof, result.DegreesOfFreedom);
        Assert.Equal(chi2, result.Value, 12);
        Assert.Equal(expected, result.PValue, 9);
    }

    [Fact]
    public void P_values_agree_with_the_distributions_cdf()
    {
        Gen.Select(Gen.Int[1, 60], Gen.Double[0.01, 150]).Sample((dof, chi2) =>
        {
            var y = new double[dof + 2];
            y[0] = Math.Sqrt(chi2);
            var result = ChiSquared.Compute(y, new double[dof + 2], null, 2);
            double oracle = 1 - ChiSquaredDistribution.CDF(dof, chi2);
            return Math.Abs(result.PValue - oracle) <= 1e-9 * Math.Max(1e-3, oracle) + 1e-13;
        }, iter: 500);
    }

    [Fact]
    public void Value_reduced_and_residuals_are_the_weighted_sums()
    {
        double[] y = [1, 2, 4, 7], f = [1.5, 2, 3, 7.5], s = [0.5, 1, 2, 0.25];
        var r = ChiSquared.Compute(y, f, s, 2);
        double expected = 1.0 + 0 + 0.25 + 4.0;   // ((y−f)/σ)²: 1, 0, 1/4, 4
        Assert.Equal(expected, r.Value, 14);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(expected / 2, r.Reduced, 14);
        Assert.Equal([-0.5, 0, 1, -0.5], r.Residuals);
        Assert.Equal(Math.Exp(-expected / 2), r.PValue, 12);
    }

    [Fact]
    public void Without_sigma_it_is_the_sum_of_squared_residuals()
    {
        var r = ChiSquared.Compute([1, 2, 3], [1, 1, 1], null, 0);
        Assert.Equal(5, r.Value);
        Assert.Equal(3, r.DegreesOfFreedom);
    }

    [Fact]
    public void No_degrees_of_freedom_gives_NaN_reduced_and_p()
    {
        var r = ChiSquared.Compute([1, 2], [0, 0], null, 2);
        Assert.Equal(0, r.DegreesOfFreedom);
        Assert.True(double.IsNaN(r.Reduced));
        Assert.True(double.IsNaN(r.PValue));
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_reason()
    {
        Assert.Contains("pair up", Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, 2], [1], null, 0)).Message);
        Assert.Contains("sigma has 1", Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, 2], [1, 2], [1], 0)).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, 2], [1, 2], [1, 0], 0)).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, 2], [1, 2], [1, -2], 0)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, double.NaN], [1, 2], null, 0)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, 2], [1, double.PositiveInfinity], null, 0)).Message);
        Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, 2], [1, 2], null, 3));
        Assert.Throws<ArgumentException>(() => ChiSquared.Compute([1, 2], [1, 2], null, -1));
    }
}
