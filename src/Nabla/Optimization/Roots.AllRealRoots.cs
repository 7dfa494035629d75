using Nabla.Symbolic;

namespace Nabla.Optimization;

public static partial class Roots
{
    /// <summary>The most samples <see cref="AllRealRoots"/> accepts (a bound on the work one call can do).</summary>
    public const int MaxSamples = 1_000_000;

    /// <summary>Iterations allowed to polish one bracketed root (bisection alone needs at most ~1100 for any doubles).</summary>
    private const int PolishIterations = 1200;

    /// <summary>The spacing of doubles at 1 (2⁻⁵²): the polish never asks for a relative step below a few of these.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>How much smaller than its neighbouring samples |f| must be at a stationary point to count as a touching root.</summary>
    private const double TouchingRatio = 1e-6;

    /// <summary>
    /// Every real root of f in [lower, upper], sorted. f and f' are sampled at <paramref name="samples"/> equally
    /// spaced points; each sign change of f is bracketed and polished by safeguarded Newton (a Newton step when it
    /// stays inside the bracket and shrinks it fast enough, otherwise a bisection step), and each sign change of f'
    /// where f does not change sign is located by bisection on f' and accepted as a touching root (even
    /// multiplicity) when |f| there is at most max(<see cref="RootOptions.FunctionTolerance"/>, 10⁻⁶·(the larger |f|
    /// of the two samples around it)): at a true touching root f vanishes up to rounding while the samples, a
    /// spacing away, do not. Multiplicities are estimated from f/f' ≈ (x − r)/m on both sides of the root.
    /// </summary>
    /// <remarks>
    /// Limits: two roots closer than the sample spacing (with no sign change of f' between samples to betray them)
    /// can be missed; a touching root is only found where f' changes sign between samples; sign changes across a
    /// pole (|f| growing at the polished point) are discarded, but jumps of f (e.g. sign(x)) are reported as roots;
    /// a near miss (a minimum of |f| below 10⁻⁶ of its neighbouring samples, e.g. x² + 10⁻¹² with the default spacing)
    /// is reported as a double root.
    /// </remarks>
    /// <exception cref="ArgumentException">f does not have exactly one free symbol; the interval is empty or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">samples is below 2 or above <see cref="MaxSamples"/>, or an option is invalid.</exception>
    public static IReadOnlyList<RealRoot> AllRealRoots(Expr f, double lower, double upper, int samples = 2000, RootOptions? options = null)
    {
        options = Checked(options);
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || !(lower < upper))
            throw new ArgumentException($"the interval [{lower}, {upper}] must have finite ends with lower < upper.", nameof(lower));
        if (samples is < 2 or > MaxSamples)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, $"between 2 and {MaxSamples} samples are needed.");
        var fn = UnivariateFunction.FromExpr(f, withSlope: true, options.Derivative);

        var xs = new double[samples];
        var fs = new double[samples];
        var ds = new double[samples];
        double spacing = (upper - lower) / (samples - 1);
        for (int i = 0; i < samples; i++)
        {
            xs[i] = i == samples - 1 ? upper : lower + i * spacing;
            (fs[i], ds[i]) = fn.ValueAndSlope(xs[i]);
        }

        var found = new List<(double X, bool Crossing)>();
        for (int i = 0; i < samples; i++)
        {
            if (fs[i] == 0) found.Add((xs[i], Crossing: ds[i] != 0 || SignChangesAround(fs, i)));
            if (i == samples - 1 || !double.IsFinite(fs[i]) || !double.IsFinite(fs[i + 1])) continue;
            if (fs[i] * fs[i + 1] < 0)
            {
                double root = Polish(fn, xs[i], fs[i], xs[i + 1], fs[i + 1], options.Tolerance);
                double value = fn.Value(root);
                if (Math.Abs(value) <= Math.Max(Math.Abs(fs[i]), Math.Abs(fs[i + 1]))) found.Add((root, Crossing: true));
            }
            else if (fs[i] * fs[i + 1] > 0 && double.IsFinite(ds[i]) && double.IsFinite(ds[i + 1]) && ds[i] * ds[i + 1] <= 0)
            {
                double c = ds[i] == 0 ? xs[i] : ds[i + 1] == 0 ? xs[i + 1] : Stationary(fn, xs[i], ds[i], xs[i + 1]);
                double value = fn.Value(c);
                double touching = Math.Max(options.FunctionTolerance, TouchingRatio * Math.Max(Math.Abs(fs[i]), Math.Abs(fs[i + 1])));
                if (Math.Abs(value) <= touching) found.Add((c, Crossing: false));
            }
        }

        found.Sort((a, b) => a.X.CompareTo(b.X));
        var roots = new List<RealRoot>();
        foreach (var (x, crossing) in found)
        {
            if (roots.Count > 0 && Math.Abs(x - roots[^1].X) <= 1e-8 * Math.Max(1, Math.Abs(x))) continue;
            double delta = Math.Min(1e-3 * Math.Max(1, Math.Abs(x)), spacing / 4);
            roots.Add(new RealRoot(x, Multiplicity(fn, x, delta, crossing), fn.Value(x)));
        }
        return roots;
    }

    private static bool SignChangesAround(double[] fs, int i) =>
        i > 0 && i < fs.Length - 1 && fs[i - 1] * fs[i + 1] < 0;

    /// <summary>Safeguarded Newton on a bracket [a, b] with f(a)·f(b) &lt; 0 (the bracket always shrinks).</summary>
    private static double Polish(UnivariateFunction fn, double a, double fa, double b, double fb, double tolerance)
    {
        if (fa > 0) (a, b) = (b, a); // keep f(a) < 0 < f(b)
        double x = a + (b - a) / 2, previousStep = Math.Abs(b - a), step = previousStep;
        var (fx, dx) = fn.ValueAndSlope(x);
        for (int k = 0; k < PolishIterations && fx != 0 && double.IsFinite(fx); k++)
        {
            double newton = x - fx / dx;
            bool inside = double.IsFinite(newton) && (newton - a) * (newton - b) < 0;
            if (inside && Math.Abs(2 * fx) <= Math.Abs(previousStep * dx))
            {
                previousStep = step;
                step = newton - x;
                x = newton;
            }
            else
            {
                previousStep = step;
                step = (b - a) / 2;
                double mid = a + step;
                step = mid - x;
                x = mid;
            }
            if (Math.Abs(step) <= Math.Max(tolerance, 4 * MachineEpsilon) * Math.Max(1, Math.Abs(x)) || x == a || x == b) break;
            (fx, dx) = fn.ValueAndSlope(x);
            if (fx < 0) a = x;
            else b = x;
        }
        return x;
    }

    /// <summary>Bisection on f' for a stationary point between a and b, where f' changes sign.</summary>
    private static double Stationary(UnivariateFunction fn, double a, double da, double b)
    {
        for (int k = 0; k < PolishIterations; k++)
        {
            double mid = a + (b - a) / 2;
            if (mid <= Math.Min(a, b) || mid >= Math.Max(a, b)) return mid;
            var (_, dm) = fn.ValueAndSlope(mid);
            if (dm == 0 || !double.IsFinite(dm)) return mid;
            if (Math.Sign(dm) == Math.Sign(da)) (a, da) = (mid, dm);
            else b = mid;
        }
        return a + (b - a) / 2;
    }

    /// <summary>
    /// Near a root r of multiplicity m, f(x)/f'(x) ≈ (x − r)/m; averaging the estimates at r ± δ cancels the first-order
    /// effect of an error in r. Rounded to the nearest odd (crossing) or even (touching) count.
    /// </summary>
    private static int Multiplicity(UnivariateFunction fn, double r, double delta, bool crossing)
    {
        var (fUp, dUp) = fn.ValueAndSlope(r + delta);
        var (fDown, dDown) = fn.ValueAndSlope(r - delta);
        double estimate = 0.5 * (delta * dUp / fUp + delta * dDown / -fDown);
        int fallback = crossing ? 1 : 2;
        if (!double.IsFinite(estimate) || estimate <= 0 || estimate > 1000) return fallback;
        int m = crossing
            ? Math.Max(1, 2 * (int)Math.Round((estimate - 1) / 2) + 1)
            : Math.Max(2, 2 * (int)Math.Round(estimate / 2));
        return m;
    }
}
