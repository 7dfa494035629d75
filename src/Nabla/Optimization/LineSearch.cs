namespace Nabla.Optimization;

/// <summary>Counts every call a minimiser makes to its objective, so the results' evaluation counts are exact.</summary>
internal sealed class CountingObjective(Objective objective)
{
    public Objective Objective { get; } = objective;
    public int Values { get; private set; }
    public int Gradients { get; private set; }
    public int Hessians { get; private set; }

    public double Value(ReadOnlySpan<double> x)
    {
        Values++;
        return Objective.Value(x);
    }

    public void Gradient(ReadOnlySpan<double> x, Span<double> g)
    {
        Gradients++;
        Objective.Gradient(x, g);
    }

    public void Hessian(ReadOnlySpan<double> x, Span<double> h)
    {
        Hessians++;
        Objective.Hessian(x, h);
    }
}

/// <summary>How a line search ended.</summary>
internal enum LineSearchStatus { Accepted, Failed, Unbounded }

/// <summary>The result of a line search along d from x: the accepted α, the point x + αd, f there and (for Wolfe)
/// ∇f there.</summary>
internal readonly record struct LineSearchOutcome(LineSearchStatus Status, double Alpha, double Value, bool GradientKnown, string? Reason);

/// <summary>
/// Line searches along a descent direction d from x, writing the accepted point into <c>xNew</c> (and, for Wolfe, its
/// gradient into <c>gNew</c>). Non-finite trial values (a step out of f's domain, such as ln of a negative number)
/// count as "too far": the search backs off instead of failing. A trial value of −∞ means f is unbounded below.
/// </summary>
internal static class LineSearch
{
    private const int MaxTrials = 100;

    /// <summary>Armijo backtracking from α₀: shrink by safeguarded quadratic interpolation (to between 0.1α and 0.5α)
    /// until f(x + αd) ≤ f(x) + c₁α∇fᵀd; give up once the step αd is below <paramref name="minStep"/> (∞-norm).</summary>
    public static LineSearchOutcome Armijo(CountingObjective f, double[] x, double f0, double[] g, double[] d, double alpha0,
        double c1, double minStep, double[] xNew)
    {
        double slope = Dot(g, d);
        if (!(slope < 0)) return new(LineSearchStatus.Failed, 0, f0, false, "the search direction does not point downhill (∇fᵀd ≥ 0)");
        double dNorm = NormInf(d), alpha = alpha0;
        for (int trial = 0; trial < MaxTrials && alpha * dNorm > minStep; trial++)
        {
            Move(x, d, alpha, xNew);
            double value = f.Value(xNew);
            if (double.IsNegativeInfinity(value)) return new(LineSearchStatus.Unbounded, alpha, value, false, null);
            if (value <= f0 + c1 * alpha * slope) return new(LineSearchStatus.Accepted, alpha, value, false, null);
            double next = double.IsFinite(value) ? -slope * alpha * alpha / (2 * (value - f0 - slope * alpha)) : 0.5 * alpha;
            alpha = Math.Clamp(double.IsFinite(next) ? next : 0.5 * alpha, 0.1 * alpha, 0.5 * alpha);
        }
        return new(LineSearchStatus.Failed, alpha, f0, false,
            "backtracking found no step satisfying the Armijo condition before the step fell below the step tolerance");
    }

    /// <summary>Strong Wolfe line search (Nocedal &amp; Wright algorithm 3.5: expand until a bracket is found, then
    /// algorithm 3.6: zoom by safeguarded cubic interpolation). The step never exceeds <paramref name="alphaMax"/>;
    /// reaching it while f still decreases is reported as unbounded below.</summary>
    public static LineSearchOutcome Wolfe(CountingObjective f, double[] x, double f0, double[] g, double[] d, double alpha1,
        double alphaMax, double c1, double c2, double minStep, double[] xNew, double[] gNew)
    {
        double slope0 = Dot(g, d);
        if (!(slope0 < 0)) return new(LineSearchStatus.Failed, 0, f0, false, "the search direction does not point downhill (∇fᵀd ≥ 0)");
        double dNorm = NormInf(d), noise = RoundingNoise(f0);
        double prevAlpha = 0, prevValue = f0, prevSlope = slope0;
        double alpha = Math.Min(alpha1, alphaMax);
        for (int trial = 0; trial < MaxTrials; trial++)
        {
            Move(x, d, alpha, xNew);
            double value = f.Value(xNew);
            if (double.IsNegativeInfinity(value)) return new(LineSearchStatus.Unbounded, alpha, value, false, null);
            if (!double.IsFinite(value) || value > f0 + c1 * alpha * slope0 + noise || (trial > 0 && value > prevValue + noise))
                return Zoom(f, x, f0, slope0, d, dNorm, c1, c2, minStep, xNew, gNew,
                    prevAlpha, prevValue, prevSlope, alpha, value, double.NaN);
            f.Gradient(xNew, gNew);
            double slope = Dot(gNew, d);
            if (!double.IsFinite(slope))
                return Zoom(f, x, f0, slope0, d, dNorm, c1, c2, minStep, xNew, gNew,
                    prevAlpha, prevValue, prevSlope, alpha, double.NaN, double.NaN);
            if (Math.Abs(slope) <= -c2 * slope0) return new(LineSearchStatus.Accepted, alpha, value, true, null);
            if (slope >= 0)
                return Zoom(f, x, f0, slope0, d, dNorm, c1, c2, minStep, xNew, gNew,
                    alpha, value, slope, prevAlpha, prevValue, prevSlope);
            if (alpha >= alphaMax) return new(LineSearchStatus.Unbounded, alpha, value, true, null);
            (prevAlpha, prevValue, prevSlope) = (alpha, value, slope);
            alpha = Math.Min(2 * alpha, alphaMax);
        }
        return new(LineSearchStatus.Failed, alpha, f0, false, "the Wolfe search found no bracket within its trial budget");
    }

    /// <summary>Algorithm 3.6: lo satisfies the Armijo condition and has the lowest value seen; the interval between lo
    /// and hi contains strong Wolfe points. A NaN hiValue means f was not finite there (the trial is bisected).</summary>
    private static LineSearchOutcome Zoom(CountingObjective f, double[] x, double f0, double slope0, double[] d, double dNorm,
        double c1, double c2, double minStep, double[] xNew, double[] gNew,
        double lo, double loValue, double loSlope, double hi, double hiValue, double hiSlope)
    {
        double noise = RoundingNoise(f0);
        for (int trial = 0; trial < MaxTrials; trial++)
        {
            if (Math.Abs(hi - lo) * dNorm <= minStep) break;
            double alpha = Interpolate(lo, loValue, loSlope, hi, hiValue, hiSlope);
            double low = Math.Min(lo, hi), high = Math.Max(lo, hi), margin = 0.1 * (high - low);
            if (!(alpha >= low + margin && alpha <= high - margin)) alpha = 0.5 * (lo + hi);
            Move(x, d, alpha, xNew);
            double value = f.Value(xNew);
            if (double.IsNegativeInfinity(value)) return new(LineSearchStatus.Unbounded, alpha, value, false, null);
            if (!double.IsFinite(value) || value > f0 + c1 * alpha * slope0 + noise || value > loValue + noise)
            {
                (hi, hiValue, hiSlope) = (alpha, double.IsFinite(value) ? value : double.NaN, double.NaN);
                continue;
            }
            f.Gradient(xNew, gNew);
            double slope = Dot(gNew, d);
            if (!double.IsFinite(slope))
            {
                (hi, hiValue, hiSlope) = (alpha, double.NaN, double.NaN);
                continue;
            }
            if (Math.Abs(slope) <= -c2 * slope0) return new(LineSearchStatus.Accepted, alpha, value, true, null);
            if (slope * (hi - lo) >= 0) (hi, hiValue, hiSlope) = (lo, loValue, loSlope);
            (lo, loValue, loSlope) = (alpha, value, slope);
        }
        return new(LineSearchStatus.Failed, lo, f0, false,
            "the Wolfe search's bracket shrank below the step tolerance without meeting the curvature condition");
    }

    /// <summary>The rounding error of a value near f0: near a minimum, f changes by less than this along the whole
    /// step, so comparisons of values alone cannot steer the search. Differences within it are ties and the slopes
    /// (accurate to far smaller steps) decide, as in Hager and Zhang's approximate Wolfe conditions.</summary>
    private static double RoundingNoise(double f0) => 8 * double.Epsilon + 1e-15 * Math.Abs(f0);

    /// <summary>The minimiser of the cubic through both ends (values and slopes), or of the quadratic through lo's
    /// value and slope and hi's value when hi's slope is unknown; NaN when neither is defined.</summary>
    private static double Interpolate(double a, double fa, double da, double b, double fb, double db)
    {
        if (!double.IsFinite(fb)) return double.NaN;
        if (double.IsFinite(db))
        {
            double d1 = da + db - 3 * (fa - fb) / (a - b);
            double disc = d1 * d1 - da * db;
            if (disc >= 0)
            {
                double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
                return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
            }
        }
        double h = b - a, denominator = 2 * (fb - fa - da * h);
        return denominator > 0 ? a - da * h * h / denominator : double.NaN;
    }

    internal static void Move(double[] x, double[] d, double alpha, double[] result)
    {
        for (int i = 0; i < x.Length; i++) result[i] = x[i] + alpha * d[i];
    }

    internal static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    internal static double NormInf(ReadOnlySpan<double> a)
    {
        double m = 0;
        foreach (double v in a) m = Math.Max(m, Math.Abs(v));
        return double.IsNaN(m) ? double.NaN : m;
    }

    internal static double Norm2(ReadOnlySpan<double> a)
    {
        double s = 0;
        foreach (double v in a) s += v * v;
        return Math.Sqrt(s);
    }
}
