using Nabla.Symbolic;
using C = Nabla.Series.CoefficientArithmetic;

namespace Nabla.Series;

/// <summary>
/// A power series c₀ + c₁t + … + cₙtⁿ + O(tⁿ⁺¹) with exact coefficients, truncated at a fixed order n. All
/// operations are O(n²) recurrences (Cauchy products and the ODE recurrences of the elementary functions), never
/// repeated differentiation. Operations that need a non-zero constant term (division, logarithm, fractional powers)
/// take the check as the caller's job: the caller knows which sub-expression is to blame and words the error.
/// </summary>
internal sealed class PowerSeries
{
    private readonly Expr[] _c;

    /// <summary>Checked once per computed coefficient, so one long recurrence cannot outrun the time budget.</summary>
    private readonly SeriesProblem? _budget;

    public PowerSeries(Expr[] coefficients, SeriesProblem? budget = null)
    {
        _c = coefficients;
        _budget = budget;
    }

    /// <summary>The truncation order n (coefficients 0..n are known).</summary>
    public int Order => _c.Length - 1;

    public Expr this[int k] => _c[k];

    public IReadOnlyList<Expr> Coefficients => _c;

    public Expr Constant => _c[0];

    public bool IsConstant
    {
        get
        {
            for (int k = 1; k < _c.Length; k++) if (!_c[k].IsZero) return false;
            return true;
        }
    }

    public static PowerSeries Const(Expr c, int order, SeriesProblem? budget = null)
    {
        var a = Zeros(order);
        a[0] = c;
        return new PowerSeries(a, budget);
    }

    /// <summary>c + h·t: the series of a variable expanded about c in direction h.</summary>
    public static PowerSeries Linear(Expr c, Expr h, int order, SeriesProblem? budget = null)
    {
        var a = Zeros(order);
        a[0] = c;
        if (order >= 1) a[1] = h;
        return new PowerSeries(a, budget);
    }

    private static Expr[] Zeros(int order)
    {
        var a = new Expr[order + 1];
        Array.Fill(a, Expr.Zero);
        return a;
    }

    public PowerSeries WithConstant(Expr c)
    {
        var a = (Expr[])_c.Clone();
        a[0] = c;
        return new PowerSeries(a, _budget);
    }

    /// <summary>Coefficients v..v+n of a series of order n + v, as a series of order n: division by tᵛ.</summary>
    public PowerSeries ShiftDown(int v, int order)
    {
        var a = new Expr[order + 1];
        for (int k = 0; k <= order; k++) a[k] = _c[k + v];
        return new PowerSeries(a, _budget);
    }

    public PowerSeries Truncate(int order)
    {
        if (order == Order) return this;
        var a = new Expr[order + 1];
        Array.Copy(_c, a, order + 1);
        return new PowerSeries(a, _budget);
    }

    public static PowerSeries operator +(PowerSeries a, PowerSeries b)
    {
        var r = new Expr[a._c.Length];
        for (int k = 0; k < r.Length; k++) r[k] = C.Add(a._c[k], b._c[k]);
        return new PowerSeries(r, a._budget ?? b._budget);
    }

    public static PowerSeries operator -(PowerSeries a, PowerSeries b)
    {
        var r = new Expr[a._c.Length];
        for (int k = 0; k < r.Length; k++) r[k] = C.Subtract(a._c[k], b._c[k]);
        return new PowerSeries(r, a._budget ?? b._budget);
    }

    public PowerSeries Scale(Rational r)
    {
        var a = new Expr[_c.Length];
        for (int k = 0; k < a.Length; k++) a[k] = C.Scale(_c[k], r);
        return new PowerSeries(a, _budget);
    }

    public PowerSeries ScaleBy(Expr c)
    {
        var a = new Expr[_c.Length];
        for (int k = 0; k < a.Length; k++) a[k] = C.Multiply(_c[k], c);
        return new PowerSeries(a, _budget);
    }

    /// <summary>The Cauchy product, truncated: (ab)ₖ = Σⱼ aⱼ bₖ₋ⱼ.</summary>
    public static PowerSeries operator *(PowerSeries a, PowerSeries b)
    {
        int n = a.Order;
        // Skip leading zeros: products with a power of t (common for Δx) cost almost nothing.
        int va = a.LeadingZeros(), vb = b.LeadingZeros();
        var r = new Expr[n + 1];
        for (int k = 0; k <= n; k++)
        {
            (a._budget ?? b._budget)?.CheckTime();
            var acc = new C.Accumulator();
            for (int j = va; j <= k - vb; j++) acc.AddProduct(a._c[j], b._c[k - j], Rational.One);
            r[k] = acc.Result();
        }
        return new PowerSeries(r, a._budget ?? b._budget);
    }

    /// <summary>Number of leading coefficients that are exactly (canonically) zero.</summary>
    public int LeadingZeros()
    {
        int v = 0;
        while (v < _c.Length && _c[v].IsZero) v++;
        return v;
    }

    /// <summary>a / b for b with a non-zero constant term: qₖ = (aₖ − Σⱼ₌₁ᵏ bⱼ qₖ₋ⱼ) / b₀.</summary>
    public static PowerSeries Divide(PowerSeries a, PowerSeries b)
    {
        int n = a.Order;
        var q = new Expr[n + 1];
        for (int k = 0; k <= n; k++)
        {
            (a._budget ?? b._budget)?.CheckTime();
            var acc = new C.Accumulator();
            acc.Add(a._c[k]);
            for (int j = 1; j <= k; j++) acc.AddProduct(b._c[j], q[k - j], Rational.MinusOne);
            q[k] = C.Divide(acc.Result(), b._c[0]);
        }
        return new PowerSeries(q, a._budget ?? b._budget);
    }

    /// <summary>aᵐ for a natural number m by repeated squaring (valid whatever the constant term).</summary>
    public PowerSeries PowInteger(int m)
    {
        var result = Const(Expr.One, Order, _budget);
        var square = this;
        while (m > 0)
        {
            if ((m & 1) != 0) result = result * square;
            m >>= 1;
            if (m > 0) square = square * square;
        }
        return result;
    }

    /// <summary>
    /// a^α for any exponent α (rational or symbolic) when a₀ ≠ 0, with w₀ given (the caller supplies the exact
    /// a₀^α). J.C.P. Miller's recurrence from a·w' = α·a'·w: wₖ = Σⱼ₌₁ᵏ ((α+1)j − k) aⱼ wₖ₋ⱼ / (k a₀).
    /// </summary>
    public PowerSeries Pow(Expr alpha, Expr w0)
    {
        int n = Order;
        var w = new Expr[n + 1];
        w[0] = w0;
        var alphaPlusOne = C.Add(alpha, Expr.One);
        for (int k = 1; k <= n; k++)
        {
            _budget?.CheckTime();
            var acc = new C.Accumulator();
            for (int j = 1; j <= k; j++)
            {
                if (_c[j].IsZero) continue;
                var weight = C.Subtract(C.Scale(alphaPlusOne, j), Expr.Num(k));
                acc.Add(C.Multiply(weight, C.Multiply(_c[j], w[k - j])));
            }
            w[k] = C.Divide(C.Scale(acc.Result(), new Rational(1, k)), _c[0]);
        }
        return new PowerSeries(w, _budget);
    }

    /// <summary>exp(a) with w₀ = exp(a₀) supplied: from w' = a'w, wₖ = (1/k) Σⱼ₌₁ᵏ j aⱼ wₖ₋ⱼ.</summary>
    public PowerSeries Exp(Expr w0)
    {
        int n = Order;
        var w = new Expr[n + 1];
        w[0] = w0;
        for (int k = 1; k <= n; k++)
        {
            _budget?.CheckTime();
            var acc = new C.Accumulator();
            for (int j = 1; j <= k; j++)
                if (!_c[j].IsZero) acc.AddProduct(_c[j], w[k - j], j);
            w[k] = C.Scale(acc.Result(), new Rational(1, k));
        }
        return new PowerSeries(w, _budget);
    }

    /// <summary>ln(a) for a₀ ≠ 0 with w₀ = ln(a₀) supplied: from a·w' = a', wₖ = (aₖ − (1/k) Σⱼ₌₁ᵏ⁻¹ j wⱼ aₖ₋ⱼ) / a₀.</summary>
    public PowerSeries Ln(Expr w0)
    {
        int n = Order;
        var w = new Expr[n + 1];
        w[0] = w0;
        for (int k = 1; k <= n; k++)
        {
            _budget?.CheckTime();
            var acc = new C.Accumulator();
            for (int j = 1; j < k; j++)
                if (!_c[k - j].IsZero) acc.AddProduct(w[j], _c[k - j], j);
            var sum = C.Scale(acc.Result(), new Rational(-1, k));
            w[k] = C.Divide(C.Add(_c[k], sum), _c[0]);
        }
        return new PowerSeries(w, _budget);
    }

    /// <summary>
    /// sin(a) and cos(a) together (or sinh and cosh with <paramref name="hyperbolic"/>), with the values at a₀
    /// supplied: from s' = a'c and c' = ∓a's, sₖ = (1/k) Σ j aⱼ cₖ₋ⱼ and cₖ = ∓(1/k) Σ j aⱼ sₖ₋ⱼ. This is the
    /// angle-addition formula sin(a₀ + u) = sin a₀ cos u + cos a₀ sin u carried out coefficient by coefficient.
    /// </summary>
    public (PowerSeries Sin, PowerSeries Cos) SinCos(Expr sin0, Expr cos0, bool hyperbolic)
    {
        int n = Order;
        var s = new Expr[n + 1];
        var c = new Expr[n + 1];
        s[0] = sin0;
        c[0] = cos0;
        var sign = hyperbolic ? Rational.One : Rational.MinusOne;
        for (int k = 1; k <= n; k++)
        {
            _budget?.CheckTime();
            var accS = new C.Accumulator();
            var accC = new C.Accumulator();
            for (int j = 1; j <= k; j++)
            {
                if (_c[j].IsZero) continue;
                accS.AddProduct(_c[j], c[k - j], j);
                accC.AddProduct(_c[j], s[k - j], j);
            }
            s[k] = C.Scale(accS.Result(), new Rational(1, k));
            c[k] = C.Scale(accC.Result(), sign / k);
        }
        return (new PowerSeries(s, _budget), new PowerSeries(c, _budget));
    }

    /// <summary>
    /// w = F(a) for a function with F' = α + βF + γF² (tan: 1 + F², tanh: 1 − F², sigmoid: F − F², cot: −1 − F²), with
    /// w₀ = F(a₀) supplied: from w' = a'·v with v = α + βw + γw², wₖ = (1/k) Σⱼ₌₁ᵏ j aⱼ vₖ₋ⱼ. The coefficients come out
    /// as polynomials in F(a₀), e.g. σ(1 − σ) at first order for the sigmoid, as learners know it.
    /// </summary>
    public PowerSeries Riccati(Expr w0, Expr alpha, Expr beta, Expr gamma)
    {
        int n = Order;
        var w = new Expr[n + 1];
        var v = new Expr[n + 1];
        w[0] = w0;
        for (int k = 0; k <= n; k++)
        {
            _budget?.CheckTime();
            if (k > 0)
            {
                var acc = new C.Accumulator();
                for (int j = 1; j <= k; j++)
                    if (!_c[j].IsZero) acc.AddProduct(_c[j], v[k - j], j);
                w[k] = C.Scale(acc.Result(), new Rational(1, k));
            }
            var square = new C.Accumulator();
            for (int i = 0; i <= k; i++) square.AddProduct(w[i], w[k - i], Rational.One);
            var vk = C.Add(C.Multiply(beta, w[k]), C.Multiply(gamma, square.Result()));
            v[k] = k == 0 ? C.Add(alpha, vk) : vk;
        }
        return new PowerSeries(w, _budget);
    }

    /// <summary>The derivative d/dt, one order shorter.</summary>
    public PowerSeries Derivative()
    {
        int n = Order;
        if (n == 0) return Const(Expr.Zero, 0, _budget);
        var d = new Expr[n];
        for (int k = 0; k < n; k++) d[k] = C.Scale(_c[k + 1], k + 1);
        return new PowerSeries(d, _budget);
    }

    /// <summary>The antiderivative with constant term w₀, one order longer.</summary>
    public PowerSeries Integrate(Expr w0)
    {
        var w = new Expr[_c.Length + 1];
        w[0] = w0;
        for (int k = 0; k < _c.Length; k++) w[k + 1] = C.Scale(_c[k], new Rational(1, k + 1));
        return new PowerSeries(w, _budget);
    }
}
