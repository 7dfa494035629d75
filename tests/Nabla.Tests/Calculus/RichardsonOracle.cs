namespace Nabla.Tests.CalculusTests;

/// <summary>
/// An oracle independent of the engine: the central difference (f(x+h) − f(x−h))/2h refined by Richardson
/// extrapolation over halving steps (Ridders' tableau), which cancels the h², h⁴, … error terms. It also returns an
/// error estimate, so tests can skip points where the function is not smooth enough for the oracle to be trusted.
/// </summary>
public static class RichardsonOracle
{
    public readonly record struct Estimate(double Value, double Error);

    public static Estimate Richardson(Func<double, double> f, double x, double h0 = 0.1, int levels = 10)
    {
        var table = new double[levels, levels];
        double best = double.NaN, error = double.PositiveInfinity, h = h0;
        for (int i = 0; i < levels; i++)
        {
            table[i, 0] = (f(x + h) - f(x - h)) / (2 * h);
            double factor = 4;
            for (int j = 1; j <= i; j++)
            {
                table[i, j] = table[i, j - 1] + (table[i, j - 1] - table[i - 1, j - 1]) / (factor - 1);
                factor *= 4;
                double e = Math.Max(Math.Abs(table[i, j] - table[i, j - 1]), Math.Abs(table[i, j] - table[i - 1, j - 1]));
                if (e <= error) { error = e; best = table[i, j]; }
            }
            // Once the new row is much worse than the best so far, rounding error dominates: stop.
            if (i > 0 && Math.Abs(table[i, i] - table[i - 1, i - 1]) >= 2 * error) break;
            h /= 2;
        }
        return new Estimate(best, error);
    }
}
