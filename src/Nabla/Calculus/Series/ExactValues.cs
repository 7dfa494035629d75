using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Series;

/// <summary>
/// Facts about the constant terms met while expanding: exact sin/cos at rational multiples of π (so a series about
/// π/4 has √2/2 in it, not sin(π/4)), whether a constant is zero, and its sign.
/// </summary>
internal static class ExactValues
{
    /// <summary>sin(kπ/12) for k = 0..6 where it has a short exact form (k = 1, 5 would need nested radicals).</summary>
    private static readonly Expr?[] SinTwelfths =
    [
        Expr.Zero,
        null,
        Expr.Num(1, 2),
        Expr.Sqrt(2) / 2,
        Expr.Sqrt(3) / 2,
        null,
        Expr.One,
    ];

    public static Expr Sin(Expr a) => SinOfPiMultiple(a, 0) ?? Expr.Sin(a);

    public static Expr Cos(Expr a) => SinOfPiMultiple(a, 6) ?? Expr.Cos(a);

    /// <summary>sin(a + shift·π/12) when a is a rational multiple of π with an exact value; cos is a shift by 6.</summary>
    private static Expr? SinOfPiMultiple(Expr a, int shift)
    {
        Rational q;
        if (a.IsZero) q = Rational.Zero;
        else if (a is Constant { Which: ConstantKind.Pi }) q = Rational.One;
        else if (a is Product { Factors.Count: 1 } p && p.Factors[0].Base is Constant { Which: ConstantKind.Pi } && p.Factors[0].Exponent.IsOne)
            q = p.Coefficient;
        else return null;
        var twelfths = q * 12;
        if (!twelfths.IsInteger) return null;
        int k = (int)(((twelfths.Numerator + shift) % 24 + 24) % 24);
        // sin(π − θ) = sin θ and sin(θ + π) = −sin θ fold k into 0..6.
        bool negative = k >= 12;
        if (negative) k -= 12;
        if (k > 6) k = 12 - k;
        var value = SinTwelfths[k];
        if (value is null) return null;
        return negative ? -value : value;
    }

    /// <summary>Whether a coefficient is zero: exactly, after expansion when it has symbols, and numerically (relative
    /// to the size of its terms) when it is a real constant that the canonical form does not fold.</summary>
    public static bool IsZero(Expr c)
    {
        if (c.IsZero) return true;
        if (c is Number) return false;
        if (c.FreeSymbols.Count > 0)
        {
            if (c is not Sum) return false;
            try { return Simplifier.Expand(c).IsZero; }
            catch (BudgetExceededException) { return false; }
        }
        double v = c.Evaluate(new Dictionary<string, double>());
        if (double.IsNaN(v) || double.IsInfinity(v)) return false;
        if (c is not Sum s) return Math.Abs(v) < 1e-15;
        double magnitude = Math.Abs(s.Constant.ToDouble());
        foreach (var t in s.Terms) magnitude += Math.Abs(t.Coefficient.ToDouble() * t.Term.Evaluate(new Dictionary<string, double>()));
        return Math.Abs(v) <= 1e-12 * magnitude;
    }

    /// <summary>The value of a constant with no free symbols (NaN where it is not a real number), or null.</summary>
    public static double? Value(Expr c)
    {
        if (c is Number n) return n.Value.ToDouble();
        if (c.FreeSymbols.Count > 0) return null;
        return c.Evaluate(new Dictionary<string, double>());
    }
}
