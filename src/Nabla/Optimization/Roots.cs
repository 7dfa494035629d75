using Nabla.Symbolic;
using static Nabla.Optimization.UnivariateFunction;

namespace Nabla.Optimization;

/// <summary>
/// Root finders of one variable — Newton-Raphson, bisection and the secant method — that record every iterate and
/// say why they stopped (converged, cycling, stationary point hit, diverged, left the domain …), plus
/// <see cref="AllRealRoots"/> for every real root in an interval. Numerical trouble is reported through
/// <see cref="RootResult.Exit"/>, never thrown: exceptions mean a programming error (null, invalid options, an
/// expression with the wrong number of variables).
/// </summary>
public static partial class Roots
{
    /// <summary>The longest cycle of iterates looked for (0 → 1 → 0 has length 2).</summary>
    private const int LongestCycle = 8;

    /// <summary>Sign-change samples per side when checking whether Newton jumped past a nearer root.</summary>
    private const int NearerRootSamples = 32;

    /// <summary>
    /// Newton-Raphson on an expression of one variable: xₙ₊₁ = xₙ − damping·f(xₙ)/f'(xₙ). f' comes from
    /// <see cref="RootOptions.Derivative"/>: symbolic (compiled; forward-mode AD if the symbolic derivative exceeds
    /// its budget), numeric (central differences) or automatic (dual numbers).
    /// </summary>
    /// <exception cref="ArgumentException">f does not have exactly one free symbol (they are named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public static RootResult NewtonRaphson(Expr f, double start, RootOptions? options = null)
    {
        options = Checked(options);
        return Newton(FromExpr(f, withSlope: true, options.Derivative), start, options);
    }

    /// <summary>Newton-Raphson on delegates for f and f'.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public static RootResult NewtonRaphson(Func<double, double> f, Func<double, double> derivative, double start, RootOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(derivative);
        options = Checked(options);
        return Newton(FromDelegates(f, derivative), start, options);
    }

    /// <summary>Bisection on [lower, upper] (either order), which must bracket a sign change of f.</summary>
    /// <exception cref="ArgumentException">f does not have exactly one free symbol.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public static RootResult Bisection(Expr f, double lower, double upper, RootOptions? options = null)
    {
        options = Checked(options);
        return Bisect(FromExpr(f, withSlope: false, options.Derivative), lower, upper, options, null);
    }

    /// <summary>Bisection of a delegate on [lower, upper] (either order), which must bracket a sign change of f.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public static RootResult Bisection(Func<double, double> f, double lower, double upper, RootOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options = Checked(options);
        return Bisect(FromDelegates(f, null), lower, upper, options, null);
    }

    /// <summary>The secant method from x₀, x₁: Newton with f' replaced by the slope of the line through the last two
    /// iterates (no derivative needed; order of convergence (1 + √5)/2 ≈ 1.618 at a simple root).</summary>
    /// <exception cref="ArgumentException">f does not have exactly one free symbol.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public static RootResult Secant(Expr f, double x0, double x1, RootOptions? options = null)
    {
        options = Checked(options);
        return SecantMethod(FromExpr(f, withSlope: false, options.Derivative), x0, x1, options);
    }

    /// <summary>The secant method on a delegate from x₀, x₁.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public static RootResult Secant(Func<double, double> f, double x0, double x1, RootOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options = Checked(options);
        return SecantMethod(FromDelegates(f, null), x0, x1, options);
    }

    /// <summary>
    /// One entry for every method from a single start (the CLI's <c>nabla roots</c>): Newton from
    /// <paramref name="start"/>; secant from (start, start + max(10⁻⁴, 10⁻⁴·|start|)); bisection on a bracket found by
    /// doubling outward from <paramref name="start"/> until f changes sign (<see cref="ExitReason.NoSignChange"/> when
    /// none is found before |x| passes <see cref="RootOptions.DivergenceLimit"/>). The bisection trace covers the
    /// halvings only; the evaluation count includes the bracket search.
    /// </summary>
    /// <exception cref="ArgumentException">f does not have exactly one free symbol.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option or the method is invalid.</exception>
    public static RootResult Find(Expr f, double start, RootMethod method, RootOptions? options = null) => method switch
    {
        RootMethod.Newton => NewtonRaphson(f, start, options),
        RootMethod.Secant => Secant(f, start, start + Math.Max(1e-4, 1e-4 * Math.Abs(start)), options),
        RootMethod.Bisection => BisectionFrom(f, start, Checked(options)),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown root-finding method."),
    };

    private static RootOptions Checked(RootOptions? options)
    {
        options ??= new RootOptions();
        options.Validate();
        return options;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Steps(int n) => Count(n, "step");

    private static bool Finite(double v) => double.IsFinite(v);

    private static bool SmallEnough(double fx, RootOptions o) => fx == 0 || Math.Abs(fx) <= o.FunctionTolerance;

    private static bool StepConverged(double step, double x, RootOptions o) => Math.Abs(step) <= o.Tolerance * Math.Max(1, Math.Abs(x));

    private static string WithNote(string message, UnivariateFunction f) => f.Note is null ? message : $"{message} (note: {f.Note})";

    /// <summary>Finds whether <paramref name="next"/> revisits one of the last iterates; returns the cycle's text.</summary>
    private static string? Cycle(List<double> iterates, double next, RootOptions o)
    {
        int last = iterates.Count - 1;
        double tolerance = o.Tolerance * Math.Max(1, Math.Abs(next));
        for (int length = 2; length <= LongestCycle && last - length + 1 >= 0; length++)
        {
            int from = last - length + 1;
            if (Math.Abs(next - iterates[from]) <= tolerance)
            {
                var path = iterates.Skip(from).Append(next).Select(Show);
                return string.Join(" → ", path);
            }
        }
        return null;
    }

    private static RootResult Newton(UnivariateFunction fn, double start, RootOptions o)
    {
        const string method = "newton";
        var trace = new List<RootStep>();
        var iterates = new List<double> { start };
        double x = start;
        var (fx, dx) = fn.ValueAndSlope(x);
        RootResult Done(int n, ExitReason exit, string message, double step = double.NaN)
        {
            if (o.RecordTrace) trace.Add(new RootStep(n, x, fx, dx, step));
            return new RootResult(x, fx, n, exit, WithNote(message, fn), trace, fn.Evaluations, method);
        }

        if (!Finite(fx))
            return Done(0, ExitReason.UndefinedAtStart, $"f is undefined at the start x = {Show(start)} (f = {Show(fx)}); start where f is defined.");
        if (SmallEnough(fx, o))
            return Done(0, ExitReason.Converged, $"the start x = {Show(start)} is already a root (f = {Show(fx)}).");
        if (!Finite(dx))
            return Done(0, ExitReason.UndefinedAtStart, $"f'({Show(start)}) = {Show(dx)} is not finite, so Newton's step is undefined at the start; try another start.");

        for (int n = 0; ; n++)
        {
            if (dx == 0)
                return Done(n, ExitReason.DerivativeZero,
                    $"f'({Show(x)}) = 0 while f({Show(x)}) = {Show(fx)}: x = {Show(x)} is a stationary point, so the Newton step −f/f' is undefined; try another start.");
            double step = -o.Damping * fx / dx;
            if (!Finite(step))
                return Done(n, ExitReason.DerivativeZero,
                    $"f'({Show(x)}) = {Show(dx)} is so close to 0 that the Newton step −f/f' overflows (f = {Show(fx)}); try another start.");
            if (n == o.MaxIterations)
                return Done(n, ExitReason.MaxIterations,
                    $"no convergence after {Count(n, "iteration")}: the last iterate is x = {Show(x)} with f = {Show(fx)}.");
            double next = x + step;
            if (o.RecordTrace) trace.Add(new RootStep(n, x, fx, dx, step));
            var (fNext, dNext) = fn.ValueAndSlope(next);
            double previous = x;
            (x, fx, dx) = (next, fNext, dNext);
            if (Math.Abs(next) > o.DivergenceLimit)
                return Done(n + 1, ExitReason.Diverged,
                    $"the iterates ran away: x = {Show(next)} after {Steps(n + 1)} is beyond the divergence limit {Show(o.DivergenceLimit)}.");
            if (!Finite(fNext))
                return Done(n + 1, ExitReason.NonFinite,
                    $"f({Show(next)}) = {Show(fNext)}: the step from x = {Show(previous)} left the domain of f.");
            if (SmallEnough(fNext, o) || StepConverged(step, next, o))
            {
                var message = $"converged to x = {Show(next)} (f = {Show(fNext)}) in {Steps(n + 1)}.";
                var nearer = o.DetectSkippedRoots ? NearerRoot(fn, start, next) : null;
                if (nearer is not null) message += " " + nearer;
                return Done(n + 1, ExitReason.Converged, message);
            }
            if (!Finite(dNext))
                return Done(n + 1, ExitReason.NonFinite,
                    $"f'({Show(next)}) = {Show(dNext)} is not finite (f = {Show(fNext)}), so the next Newton step is undefined.");
            var cycle = Cycle(iterates, next, o);
            if (cycle is not null)
                return Done(n + 1, ExitReason.CycleDetected,
                    $"cycle {cycle} detected after {Steps(n + 1)}: Newton-Raphson will never converge from here; try another start.");
            iterates.Add(next);
        }
    }

    /// <summary>
    /// A note when f changes sign somewhere closer to the start than the root found: Newton jumped past a nearer
    /// root (typical after starting near a stationary point, where the tangent is almost flat).
    /// </summary>
    private static string? NearerRoot(UnivariateFunction fn, double start, double root)
    {
        double distance = root - start;
        if (distance == 0 || !Finite(distance)) return null;
        // Towards the root, stop one sample short of it so its own sign change is not counted; away from it, go the
        // full distance.
        foreach (var (direction, count) in new[] { (1.0, NearerRootSamples - 1), (-1.0, NearerRootSamples) })
        {
            double previousX = start, previousF = fn.Value(start);
            for (int k = 1; k <= count; k++)
            {
                double t = start + direction * distance * k / NearerRootSamples, ft = fn.Value(t);
                if (Finite(ft) && Finite(previousF) && (ft == 0 || previousF * ft < 0))
                {
                    double a = Math.Min(previousX, t), b = Math.Max(previousX, t);
                    return $"Note: f changes sign in [{Show(a)}, {Show(b)}], closer to the start x = {Show(start)} than the root found: Newton jumped past a nearer root.";
                }
                (previousX, previousF) = (t, ft);
            }
        }
        return null;
    }

    private static RootResult Bisect(UnivariateFunction fn, double lower, double upper, RootOptions o, string? prefix)
    {
        const string method = "bisection";
        var trace = new List<RootStep>();
        double a = Math.Min(lower, upper), b = Math.Max(lower, upper);
        string Say(string s) => WithNote(prefix is null ? s : $"{prefix} {s}", fn);
        RootResult Result(double x, double fx, int n, ExitReason exit, string message) =>
            new(x, fx, n, exit, Say(message), trace, fn.Evaluations, method);

        if (!Finite(a) || !Finite(b))
            return Result(double.NaN, double.NaN, 0, ExitReason.UndefinedAtStart, $"the interval [{Show(a)}, {Show(b)}] must have finite ends.");
        double fa = fn.Value(a), fb = fn.Value(b);
        if (!Finite(fa))
            return Result(a, fa, 0, ExitReason.UndefinedAtStart, $"f is undefined at the lower end x = {Show(a)} (f = {Show(fa)}).");
        if (!Finite(fb))
            return Result(b, fb, 0, ExitReason.UndefinedAtStart, $"f is undefined at the upper end x = {Show(b)} (f = {Show(fb)}).");
        if (SmallEnough(fa, o)) return Result(a, fa, 0, ExitReason.Converged, $"the lower end x = {Show(a)} is a root (f = {Show(fa)}).");
        if (SmallEnough(fb, o)) return Result(b, fb, 0, ExitReason.Converged, $"the upper end x = {Show(b)} is a root (f = {Show(fb)}).");
        if (Math.Sign(fa) == Math.Sign(fb))
            return Result(a, fa, 0, ExitReason.NoSignChange,
                $"f({Show(a)}) = {Show(fa)} and f({Show(b)}) = {Show(fb)} have the same sign, so [{Show(a)}, {Show(b)}] does not bracket a root.");
        double bound = Math.Max(Math.Abs(fa), Math.Abs(fb));

        for (int n = 0; ; n++)
        {
            double half = (b - a) / 2, mid = a + half, fm = fn.Value(mid);
            if (o.RecordTrace) trace.Add(new RootStep(n, mid, fm, double.NaN, half));
            if (!Finite(fm))
                return Result(mid, fm, n, ExitReason.NonFinite, $"f({Show(mid)}) = {Show(fm)} inside the bracket [{Show(a)}, {Show(b)}]: f is not defined everywhere between the ends.");
            bool resolved = mid <= a || mid >= b; // no double lies strictly inside: the bracket cannot shrink further
            if (SmallEnough(fm, o) || StepConverged(half, mid, o) || resolved)
            {
                if (Math.Abs(fm) > bound)
                    return Result(mid, fm, n, ExitReason.Diverged,
                        $"f changes sign at x ≈ {Show(mid)} by growing without bound (f = {Show(fm)}, larger than at both ends): that is a pole, not a root.");
                return Result(mid, fm, n, ExitReason.Converged, $"converged to x = {Show(mid)} (f = {Show(fm)}) after {Count(n, "halving")}; the root lies in [{Show(a)}, {Show(b)}].");
            }
            if (n == o.MaxIterations)
                return Result(mid, fm, n, ExitReason.MaxIterations, $"no convergence after {Count(n, "halving")}: the root lies in [{Show(a)}, {Show(b)}].");
            if (Math.Sign(fm) == Math.Sign(fa)) (a, fa) = (mid, fm);
            else b = mid;
        }
    }

    private static RootResult BisectionFrom(Expr f, double start, RootOptions o)
    {
        var fn = FromExpr(f, withSlope: false, o.Derivative);
        var empty = Array.Empty<RootStep>();
        double f0 = fn.Value(start);
        if (!Finite(start) || !Finite(f0))
            return new RootResult(start, f0, 0, ExitReason.UndefinedAtStart,
                WithNote($"f is undefined at the start x = {Show(start)} (f = {Show(f0)}); start where f is defined.", fn), empty, fn.Evaluations, "bisection");
        if (SmallEnough(f0, o))
            return new RootResult(start, f0, 0, ExitReason.Converged,
                WithNote($"the start x = {Show(start)} is already a root (f = {Show(f0)}).", fn),
                o.RecordTrace ? [new RootStep(0, start, f0, double.NaN, 0)] : empty, fn.Evaluations, "bisection");
        // Double outward on both sides; each new sample is compared with its inner neighbour on the same side, so the
        // bracket handed to bisection is the first (innermost) interval with a sign change.
        double h = Math.Max(1e-2, 1e-2 * Math.Abs(start));
        double leftX = start, leftF = f0, rightX = start, rightF = f0;
        while (Math.Abs(start) + h <= o.DivergenceLimit)
        {
            double r = start + h, fr = fn.Value(r);
            if (Finite(fr) && Finite(rightF) && Math.Sign(fr) != Math.Sign(rightF))
                return Bisect(fn, rightX, r, o, $"bracket [{Show(rightX)}, {Show(r)}] found by doubling outward from x = {Show(start)};");
            double l = start - h, fl = fn.Value(l);
            if (Finite(fl) && Finite(leftF) && Math.Sign(fl) != Math.Sign(leftF))
                return Bisect(fn, l, leftX, o, $"bracket [{Show(l)}, {Show(leftX)}] found by doubling outward from x = {Show(start)};");
            (rightX, rightF, leftX, leftF) = (r, fr, l, fl);
            h *= 2;
        }
        return new RootResult(start, f0, 0, ExitReason.NoSignChange,
            WithNote($"no sign change of f found by doubling outward from x = {Show(start)} up to |x| = {Show(o.DivergenceLimit)} (f({Show(start)}) = {Show(f0)}), so bisection has no bracket; f may not have a real root, or only roots where it touches zero without crossing.", fn),
            empty, fn.Evaluations, "bisection");
    }

    private static RootResult SecantMethod(UnivariateFunction fn, double x0, double x1, RootOptions o)
    {
        const string method = "secant";
        var trace = new List<RootStep>();
        double f0 = fn.Value(x0);
        RootResult Result(double x, double fx, int n, ExitReason exit, string message) =>
            new(x, fx, n, exit, WithNote(message, fn), trace, fn.Evaluations, method);
        void Row(int n, double x, double fx, double slope, double step)
        {
            if (o.RecordTrace) trace.Add(new RootStep(n, x, fx, slope, step));
        }

        if (!Finite(f0))
            return Result(x0, f0, 0, ExitReason.UndefinedAtStart, $"f is undefined at the first start x₀ = {Show(x0)} (f = {Show(f0)}).");
        if (SmallEnough(f0, o))
        {
            Row(0, x0, f0, double.NaN, double.NaN);
            return Result(x0, f0, 0, ExitReason.Converged, $"the start x₀ = {Show(x0)} is already a root (f = {Show(f0)}).");
        }
        double f1 = fn.Value(x1);
        Row(0, x0, f0, double.NaN, x1 - x0);
        if (!Finite(f1))
            return Result(x1, f1, 1, ExitReason.UndefinedAtStart, $"f is undefined at the second start x₁ = {Show(x1)} (f = {Show(f1)}).");
        if (x1 == x0)
            return Result(x1, f1, 0, ExitReason.DerivativeZero, $"the two starts are equal (x₀ = x₁ = {Show(x0)}), so there is no secant line; give two different starts.");
        var iterates = new List<double> { x0 };
        double previousX = x0, previousF = f0, x = x1, fx = f1;
        for (int n = 1; ; n++)
        {
            if (SmallEnough(fx, o))
            {
                Row(n, x, fx, double.NaN, double.NaN);
                return Result(x, fx, n, ExitReason.Converged, $"converged to x = {Show(x)} (f = {Show(fx)}) in {Steps(n)}.");
            }
            double slope = (fx - previousF) / (x - previousX);
            double step = -fx / slope;
            if (slope == 0 || !Finite(step))
            {
                Row(n, x, fx, slope, double.NaN);
                return Result(x, fx, n, ExitReason.DerivativeZero,
                    $"the secant through x = {Show(previousX)} and x = {Show(x)} is horizontal (f = {Show(previousF)} and {Show(fx)}), so its step is undefined; try other starts.");
            }
            if (n >= o.MaxIterations)
            {
                Row(n, x, fx, slope, double.NaN);
                return Result(x, fx, n, ExitReason.MaxIterations, $"no convergence after {Count(n, "iteration")}: the last iterate is x = {Show(x)} with f = {Show(fx)}.");
            }
            Row(n, x, fx, slope, step);
            iterates.Add(x);
            double next = x + step, fNext = fn.Value(next);
            (previousX, previousF, x, fx) = (x, fx, next, fNext);
            if (Math.Abs(next) > o.DivergenceLimit)
            {
                Row(n + 1, x, fx, double.NaN, double.NaN);
                return Result(x, fx, n + 1, ExitReason.Diverged, $"the iterates ran away: x = {Show(next)} is beyond the divergence limit {Show(o.DivergenceLimit)}.");
            }
            if (!Finite(fNext))
            {
                Row(n + 1, x, fx, double.NaN, double.NaN);
                return Result(x, fx, n + 1, ExitReason.NonFinite, $"f({Show(next)}) = {Show(fNext)}: the step from x = {Show(previousX)} left the domain of f.");
            }
            if (StepConverged(step, next, o))
            {
                Row(n + 1, x, fx, double.NaN, double.NaN);
                return Result(x, fx, n + 1, ExitReason.Converged, $"converged to x = {Show(next)} (f = {Show(fNext)}) in {Steps(n + 1)}.");
            }
            var cycle = Cycle(iterates, next, o);
            if (cycle is not null)
            {
                Row(n + 1, x, fx, double.NaN, double.NaN);
                return Result(x, fx, n + 1, ExitReason.CycleDetected, $"cycle {cycle} detected: the secant method will never converge from here; try other starts.");
            }
        }
    }
}
