using Nabla.Symbolic;

namespace Nabla.Tests.Taylor;

internal static class Conditioning
{
    /// <summary>
    /// Σ|terms| of an exact coefficient at a point: the scale of the rounding error when it is evaluated in double.
    /// Exact coefficients such as σ(e^5.5)·e^22 − … cancel almost completely, so a comparison with an independent
    /// double value must allow an absolute error relative to this size, not to the (tiny) result.
    /// </summary>
    public static double Magnitude(Expr c, IReadOnlyDictionary<string, double> point)
    {
        if (c is not Sum s) return Math.Abs(c.Evaluate(point));
        double m = Math.Abs(s.Constant.ToDouble());
        foreach (var t in s.Terms) m += Math.Abs(t.Coefficient.ToDouble() * t.Term.Evaluate(point));
        return m;
    }
}
