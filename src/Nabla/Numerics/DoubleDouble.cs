namespace Nabla.Numerics;

/// <summary>
/// An unevaluated sum hi + lo of two doubles with |lo| ≤ ulp(hi)/2: about 106 bits (32 decimal digits) of
/// precision, at the cost of a handful of double operations (error-free transformations: Knuth's TwoSum and an
/// FMA-based TwoProduct). Used where double rounding destroys the answer, e.g. residuals of order 1e-13 whose
/// squares feed standard deviations (NIST Lanczos1) or ill-conditioned least squares refined iteratively (Filip).
/// </summary>
public readonly record struct DoubleDouble(double Hi, double Lo)
{
    /// <summary>Zero.</summary>
    public static DoubleDouble Zero => default;

    /// <summary>A double, exactly.</summary>
    public static implicit operator DoubleDouble(double value) => new(value, 0);

    /// <summary>Rounds to the nearest double.</summary>
    public static explicit operator double(DoubleDouble value) => value.Hi + value.Lo;

    /// <summary>The nearest double.</summary>
    public double ToDouble() => Hi + Lo;

    /// <summary>a + b exactly, as (rounded sum, error) — Knuth's TwoSum, valid for any magnitudes.</summary>
    public static DoubleDouble TwoSum(double a, double b)
    {
        double s = a + b;
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        return new DoubleDouble(s, err);
    }

    /// <summary>a · b exactly, as (rounded product, error), using one fused multiply-add.</summary>
    public static DoubleDouble TwoProduct(double a, double b)
    {
        double p = a * b;
        return new DoubleDouble(p, Math.FusedMultiplyAdd(a, b, -p));
    }

    private static DoubleDouble QuickTwoSum(double a, double b)
    {
        double s = a + b;
        return new DoubleDouble(s, b - (s - a));
    }

    /// <summary>Sum (the accurate "IEEE" variant: relative error about 2⁻¹⁰⁶ even under cancellation).</summary>
    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var s = TwoSum(a.Hi, b.Hi);
        var t = TwoSum(a.Lo, b.Lo);
        var u = QuickTwoSum(s.Hi, s.Lo + t.Hi);
        return QuickTwoSum(u.Hi, u.Lo + t.Lo);
    }

    /// <summary>Negation (exact).</summary>
    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    /// <summary>Difference.</summary>
    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + -b;

    /// <summary>Product.</summary>
    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        var p = TwoProduct(a.Hi, b.Hi);
        double lo = p.Lo + (a.Hi * b.Lo + a.Lo * b.Hi);
        return QuickTwoSum(p.Hi, lo);
    }

    /// <summary>Quotient (two Newton-like correction terms).</summary>
    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        double q1 = a.Hi / b.Hi;
        var r = a - b * q1;
        double q2 = r.Hi / b.Hi;
        r -= b * q2;
        double q3 = r.Hi / b.Hi;
        return QuickTwoSum(q1, q2) + q3;
    }

    /// <summary>√a (one Newton step on the double square root); NaN for a negative argument.</summary>
    public static DoubleDouble Sqrt(DoubleDouble a)
    {
        if (a.Hi <= 0) return a.Hi == 0 ? Zero : new DoubleDouble(double.NaN, 0);
        double x = Math.Sqrt(a.Hi);
        var residual = a - TwoProduct(x, x);
        return QuickTwoSum(x, residual.Hi / (2 * x));
    }

    /// <summary>|a|.</summary>
    public static DoubleDouble Abs(DoubleDouble a) => a.Hi < 0 || (a.Hi == 0 && a.Lo < 0) ? -a : a;

    /// <summary>Σ xᵢ·yᵢ accumulated in double-double (each product exact before it is added).</summary>
    public static DoubleDouble Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"the vectors have lengths {x.Length} and {y.Length}.");
        var sum = Zero;
        for (int i = 0; i < x.Length; i++) sum += TwoProduct(x[i], y[i]);
        return sum;
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{Hi:R} + {Lo:R}");
}
