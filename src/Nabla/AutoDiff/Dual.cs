using System.Numerics;

namespace Nabla.AutoDiff;

/// <summary>
/// A dual number a + b·ε with ε² = 0: <see cref="Value"/> carries f(x) and <see cref="Derivative"/> carries the
/// directional derivative f′(x)·ẋ along the seed direction. Every operation applies its own local derivative (the
/// chain rule, one step at a time), so running ordinary code on dual numbers is forward-mode automatic
/// differentiation. Outside a function's real domain the value is NaN, exactly as <c>Expr.Evaluate</c>, and so is
/// the derivative.
/// </summary>
/// <typeparam name="T">The real number type (<see cref="double"/> or <see cref="float"/>).</typeparam>
/// <param name="Value">The primal value f(x).</param>
/// <param name="Derivative">The tangent: the derivative of the value along the seed direction.</param>
public readonly record struct Dual<T>(T Value, T Derivative) where T : IFloatingPointIeee754<T>
{
    private static T Two => T.One + T.One;
    private static T Half => T.One / Two;

    /// <summary>A constant: its derivative is zero.</summary>
    public static Dual<T> Constant(T value) => new(value, T.Zero);

    /// <summary>An independent variable seeded with derivative 1 (differentiate with respect to it).</summary>
    public static Dual<T> Variable(T value) => new(value, T.One);

    /// <summary>A constant (derivative zero), so plain numbers mix with dual numbers.</summary>
    public static implicit operator Dual<T>(T value) => new(value, T.Zero);

    /// <summary>Keeps the derivative NaN wherever the value is undefined (a finite slope of an undefined value is
    /// meaningless; e.g. the formula 1/x for ln would give a slope at x = −1).</summary>
    private static Dual<T> Make(T value, T derivative) => new(value, T.IsNaN(value) ? T.NaN : derivative);

    // ---- arithmetic: (u ± v)' = u' ± v', (uv)' = u'v + uv', (u/v)' = (u'v − uv')/v² -------------------------

    /// <summary>Sum: (u + v)′ = u′ + v′.</summary>
    public static Dual<T> operator +(Dual<T> u, Dual<T> v) => new(u.Value + v.Value, u.Derivative + v.Derivative);
    /// <summary>Sum with a constant.</summary>
    public static Dual<T> operator +(Dual<T> u, T c) => new(u.Value + c, u.Derivative);
    /// <summary>Sum with a constant.</summary>
    public static Dual<T> operator +(T c, Dual<T> u) => new(c + u.Value, u.Derivative);
    /// <summary>Difference: (u − v)′ = u′ − v′.</summary>
    public static Dual<T> operator -(Dual<T> u, Dual<T> v) => new(u.Value - v.Value, u.Derivative - v.Derivative);
    /// <summary>Difference with a constant.</summary>
    public static Dual<T> operator -(Dual<T> u, T c) => new(u.Value - c, u.Derivative);
    /// <summary>Difference with a constant.</summary>
    public static Dual<T> operator -(T c, Dual<T> u) => new(c - u.Value, -u.Derivative);
    /// <summary>Negation: (−u)′ = −u′.</summary>
    public static Dual<T> operator -(Dual<T> u) => new(-u.Value, -u.Derivative);
    /// <summary>Product rule: (uv)′ = u′v + uv′.</summary>
    public static Dual<T> operator *(Dual<T> u, Dual<T> v) =>
        new(u.Value * v.Value, u.Derivative * v.Value + u.Value * v.Derivative);
    /// <summary>Product with a constant: (cu)′ = cu′.</summary>
    public static Dual<T> operator *(Dual<T> u, T c) => new(u.Value * c, u.Derivative * c);
    /// <summary>Product with a constant: (cu)′ = cu′.</summary>
    public static Dual<T> operator *(T c, Dual<T> u) => new(c * u.Value, c * u.Derivative);
    /// <summary>Quotient rule: (u/v)′ = (u′v − uv′)/v².</summary>
    public static Dual<T> operator /(Dual<T> u, Dual<T> v) =>
        new(u.Value / v.Value, (u.Derivative * v.Value - u.Value * v.Derivative) / (v.Value * v.Value));
    /// <summary>Quotient by a constant: (u/c)′ = u′/c.</summary>
    public static Dual<T> operator /(Dual<T> u, T c) => new(u.Value / c, u.Derivative / c);
    /// <summary>Constant over a dual number: (c/v)′ = −cv′/v².</summary>
    public static Dual<T> operator /(T c, Dual<T> v) => new(c / v.Value, -c * v.Derivative / (v.Value * v.Value));

    // ---- the function table: each function's value and local derivative side by side ---------------------

    /// <summary>sin: (sin u)′ = cos(u)·u′.</summary>
    public static Dual<T> Sin(Dual<T> u) => new(T.Sin(u.Value), T.Cos(u.Value) * u.Derivative);
    /// <summary>cos: (cos u)′ = −sin(u)·u′.</summary>
    public static Dual<T> Cos(Dual<T> u) => new(T.Cos(u.Value), -T.Sin(u.Value) * u.Derivative);
    /// <summary>tan: (tan u)′ = sec²(u)·u′.</summary>
    public static Dual<T> Tan(Dual<T> u)
    {
        T sec = T.One / T.Cos(u.Value);
        return Make(T.Tan(u.Value), sec * sec * u.Derivative);
    }
    /// <summary>sec = 1/cos: (sec u)′ = sec(u)·tan(u)·u′.</summary>
    public static Dual<T> Sec(Dual<T> u)
    {
        T sec = T.One / T.Cos(u.Value);
        return Make(sec, sec * T.Tan(u.Value) * u.Derivative);
    }
    /// <summary>csc = 1/sin: (csc u)′ = −csc(u)·cot(u)·u′.</summary>
    public static Dual<T> Csc(Dual<T> u)
    {
        T sin = T.Sin(u.Value), csc = T.One / sin;
        return Make(csc, -csc * (T.Cos(u.Value) / sin) * u.Derivative);
    }
    /// <summary>cot = cos/sin: (cot u)′ = −csc²(u)·u′.</summary>
    public static Dual<T> Cot(Dual<T> u)
    {
        T sin = T.Sin(u.Value), csc = T.One / sin;
        return Make(T.Cos(u.Value) / sin, -csc * csc * u.Derivative);
    }
    /// <summary>asin: (asin u)′ = u′/√(1 − u²); NaN outside [−1, 1].</summary>
    public static Dual<T> Asin(Dual<T> u) =>
        Make(T.Asin(u.Value), u.Derivative / T.Sqrt(T.One - u.Value * u.Value));
    /// <summary>acos: (acos u)′ = −u′/√(1 − u²); NaN outside [−1, 1].</summary>
    public static Dual<T> Acos(Dual<T> u) =>
        Make(T.Acos(u.Value), -u.Derivative / T.Sqrt(T.One - u.Value * u.Value));
    /// <summary>atan: (atan u)′ = u′/(1 + u²).</summary>
    public static Dual<T> Atan(Dual<T> u) => new(T.Atan(u.Value), u.Derivative / (T.One + u.Value * u.Value));
    /// <summary>sinh: (sinh u)′ = cosh(u)·u′.</summary>
    public static Dual<T> Sinh(Dual<T> u) => new(T.Sinh(u.Value), T.Cosh(u.Value) * u.Derivative);
    /// <summary>cosh: (cosh u)′ = sinh(u)·u′.</summary>
    public static Dual<T> Cosh(Dual<T> u) => new(T.Cosh(u.Value), T.Sinh(u.Value) * u.Derivative);
    /// <summary>tanh: (tanh u)′ = (1 − tanh²(u))·u′.</summary>
    public static Dual<T> Tanh(Dual<T> u)
    {
        T t = T.Tanh(u.Value);
        return new(t, (T.One - t * t) * u.Derivative);
    }
    /// <summary>exp: (eᵘ)′ = eᵘ·u′.</summary>
    public static Dual<T> Exp(Dual<T> u)
    {
        T e = T.Exp(u.Value);
        return new(e, e * u.Derivative);
    }
    /// <summary>Natural logarithm: (ln u)′ = u′/u; NaN for u ≤ 0 (like <c>ln</c> in the function table).</summary>
    public static Dual<T> Log(Dual<T> u) =>
        Make(u.Value > T.Zero ? T.Log(u.Value) : T.NaN, u.Derivative / u.Value);
    /// <summary>Square root: (√u)′ = u′/(2√u); NaN for u &lt; 0, infinite slope at 0.</summary>
    public static Dual<T> Sqrt(Dual<T> u)
    {
        T s = T.Sqrt(u.Value);
        return Make(s, u.Derivative / (Two * s));
    }
    /// <summary>Absolute value: (|u|)′ = sign(u)·u′ (0 at the corner u = 0, as the symbolic rule gives).</summary>
    public static Dual<T> Abs(Dual<T> u) => Make(T.Abs(u.Value), SignOf(u.Value) * u.Derivative);
    /// <summary>Sign (−1, 0 or 1): derivative 0 (the jump at 0 has none; we follow the symbolic rule).</summary>
    public static Dual<T> Sign(Dual<T> u) => Make(SignOf(u.Value), T.Zero * u.Derivative);
    /// <summary>Logistic sigmoid σ(u) = 1/(1 + e⁻ᵘ): σ′ = σ(1 − σ)·u′. Evaluated without overflow for large |u|.</summary>
    public static Dual<T> Sigmoid(Dual<T> u)
    {
        T s = SigmoidOf(u.Value);
        return new(s, s * (T.One - s) * u.Derivative);
    }
    /// <summary>softplus(u) = ln(1 + eᵘ): softplus′ = σ(u)·u′. Evaluated without overflow for large |u|.</summary>
    public static Dual<T> Softplus(Dual<T> u)
    {
        T x = u.Value, thirty = T.CreateChecked(30);
        T value = x > thirty ? x : x < -thirty ? T.Exp(x) : T.Log(T.One + T.Exp(x));
        return new(value, SigmoidOf(x) * u.Derivative);
    }
    /// <summary>relu(u) = max(0, u): relu′ = step(u)·u′, undefined (NaN) at u = 0 like the symbolic rule.</summary>
    public static Dual<T> Relu(Dual<T> u) =>
        Make(T.IsNaN(u.Value) ? T.NaN : T.Max(T.Zero, u.Value), StepOf(u.Value) * u.Derivative);
    /// <summary>Heaviside step: 0 for u &lt; 0, 1 for u &gt; 0, NaN at 0; derivative 0 where defined.</summary>
    public static Dual<T> Step(Dual<T> u) => Make(StepOf(u.Value), T.Zero * u.Derivative);

    // ---- powers -------------------------------------------------------------------------------------------

    /// <summary>Integer power uⁿ: (uⁿ)′ = n·uⁿ⁻¹·u′; defined for negative u.</summary>
    public static Dual<T> Pow(Dual<T> u, int n)
    {
        if (n == 0) return Make(T.One, T.Zero * u.Derivative);
        T value = n switch { 1 => u.Value, 2 => u.Value * u.Value, -1 => T.One / u.Value, _ => T.Pow(u.Value, T.CreateChecked(n)) };
        T below = n == 1 ? T.One : n == 2 ? u.Value : T.Pow(u.Value, T.CreateChecked(n - 1));
        return Make(value, T.CreateChecked(n) * below * u.Derivative);
    }

    /// <summary>
    /// Rational power u^(p/q): (u^r)′ = r·u^(r−1)·u′. For negative u it is real only when q is odd (the cube root
    /// of −8 is −2), as in <c>Expr.Evaluate</c>; otherwise NaN.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="denominator"/> is not positive.</exception>
    public static Dual<T> Pow(Dual<T> u, int numerator, int denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        if (numerator % denominator == 0) return Pow(u, numerator / denominator);
        T r = T.CreateChecked(numerator) / T.CreateChecked(denominator);
        T value = RealPow(u.Value, r, (long)numerator, denominator);
        T below = RealPow(u.Value, r - T.One, (long)numerator - denominator, denominator);
        return Make(value, r * below * u.Derivative);
    }

    /// <summary>Real power u^p with a constant exponent: (uᵖ)′ = p·uᵖ⁻¹·u′. Negative u needs an integer p (a
    /// non-integer power of a negative number is NaN; use the rational overload for odd roots).</summary>
    public static Dual<T> Pow(Dual<T> u, T p)
    {
        if (T.IsInteger(p) && T.Abs(p) <= T.CreateChecked(int.MaxValue - 1)) return Pow(u, int.CreateChecked(p));
        return Make(T.Pow(u.Value, p), p * T.Pow(u.Value, p - T.One) * u.Derivative);
    }

    /// <summary>General power u^v: (uᵛ)′ = v·uᵛ⁻¹·u′ + uᵛ·ln(u)·v′. The ln term only enters when v varies, so a
    /// negative base with a constant integer exponent keeps its derivative.</summary>
    public static Dual<T> Pow(Dual<T> u, Dual<T> v)
    {
        if (v.Derivative == T.Zero) return Pow(u, v.Value);
        T value = T.Pow(u.Value, v.Value);
        T log = u.Value > T.Zero ? T.Log(u.Value) : T.NaN;
        return Make(value, v.Value * T.Pow(u.Value, v.Value - T.One) * u.Derivative + value * log * v.Derivative);
    }

    private static T SignOf(T x) => T.IsNaN(x) ? T.NaN : x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;

    private static T StepOf(T x) => x > T.Zero ? T.One : x < T.Zero ? T.Zero : T.NaN;

    private static T SigmoidOf(T x)
    {
        if (x >= T.Zero) return T.One / (T.One + T.Exp(-x));
        T e = T.Exp(x);
        return e / (T.One + e);
    }

    /// <summary>b^(num/den) with the odd-root rule for negative b (num/den in lowest terms or not: only the parity
    /// of the reduced numerator and denominator matters).</summary>
    private static T RealPow(T b, T exponent, long numerator, long denominator)
    {
        if (b >= T.Zero || T.IsNaN(b)) return T.Pow(b, exponent);
        long g = (long)BigInteger.GreatestCommonDivisor(numerator, denominator);
        numerator /= g;
        denominator /= g;
        if (denominator % 2 == 0) return T.NaN;
        T magnitude = T.Pow(-b, exponent);
        return numerator % 2 == 0 ? magnitude : -magnitude;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Value} + {Derivative}ε";
}
