using System.Globalization;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla;

/// <summary>Which finite-difference formula produced a <see cref="NumericDerivative"/>.</summary>
public enum NumericMethod
{
    /// <summary>One-sided to the right: (f(x+h) − f(x))/h, error O(h).</summary>
    Forward,
    /// <summary>One-sided to the left: (f(x) − f(x−h))/h, error O(h).</summary>
    Backward,
    /// <summary>Symmetric: (f(x+h) − f(x−h))/2h, error O(h²) (also any other central stencil but the five-point one).</summary>
    Central,
    /// <summary>The five-point central stencil, e.g. (f(x−2h) − 8f(x−h) + 8f(x+h) − f(x+2h))/12h, error O(h⁴).</summary>
    Stencil5,
    /// <summary>Central differences at halving steps combined by Richardson extrapolation (Ridders' tableau).</summary>
    Richardson,
}

/// <summary>A numeric derivative with an estimate of how far it may be from the true value.</summary>
/// <param name="Value">The estimate of f⁽ᵈ⁾(x).</param>
/// <param name="ErrorEstimate">Estimated |Value − exact|: truncation (from comparing step sizes or tableau entries)
/// plus round-off (ε·Σ|wₖ f(x + kh)|/hᵈ).</param>
/// <param name="Step">The step h actually used (after rounding so that x + h − x = h exactly); for Richardson, the
/// smallest step of the chosen tableau entry.</param>
/// <param name="Method">The formula.</param>
/// <param name="Evaluations">How many times f was called.</param>
public sealed record NumericDerivative(double Value, double ErrorEstimate, double Step, NumericMethod Method, int Evaluations)
{
    /// <summary>d in f⁽ᵈ⁾ (1 for the first derivative).</summary>
    public int DerivativeOrder { get; init; } = 1;

    /// <summary>p such that the truncation error is O(hᵖ): 1 for forward/backward, 2 for central, 4 for the five-point
    /// stencil; for Richardson, the order of the chosen tableau entry.</summary>
    public int AccuracyOrder { get; init; }
}

/// <summary>One row of a rise-over-run table.</summary>
/// <param name="Step">The run h.</param>
/// <param name="Slope">The secant slope (f(x + h) − f(x))/h: rise over run.</param>
/// <param name="Error">Slope − exact derivative when the exact derivative was given, else NaN.</param>
public sealed record SecantRow(double Step, double Slope, double Error);

/// <summary>
/// Numeric differentiation of functions of one variable: forward, backward and central differences, central stencils
/// of any accuracy (weights by Fornberg's algorithm, exact), Richardson extrapolation, automatic step choice, error
/// estimates, and the "rise over run" table that opens the course. See docs/numeric-differentiation.md.
/// </summary>
/// <remarks>
/// <para>Steps: when none is given, h = 2^round(log₂(ε^(1/(p+d))·max(|x|, 1))) for a formula of accuracy p and
/// derivative order d (forward/backward ≈ √ε, central ≈ ε^(1/3)), which balances truncation (∝ hᵖ) against round-off
/// (∝ ε/hᵈ). Every step, given or automatic, is replaced by (x + h) − x so that the run is exactly representable.</para>
/// <para>Every method evaluates f(x) first. If f returns NaN or ±∞ at any point it needs, an
/// <see cref="ArgumentException"/> names that point ("f is not defined at x + h = …"): a number computed across a
/// gap in the domain would be meaningless.</para>
/// </remarks>
public static class NumericDiff
{
    private const double Epsilon = 2.220446049250313e-16; // 2^-52, the spacing of doubles at 1
    private const int MaxTableauLevels = 32;
    private const int MaxRiseOverRunRows = 64;

    /// <summary>The forward difference (f(x+h) − f(x))/h.</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">Where to differentiate.</param>
    /// <param name="step">h; by default ≈ √ε·max(|x|, 1).</param>
    /// <exception cref="ArgumentException">f is not defined (NaN or ±∞) at a point the formula needs, or x is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive and finite, or too small to move x.</exception>
    public static NumericDerivative Forward(Func<double, double> f, double x, double? step = null) =>
        Apply(f, x, NumericStencils.Forward(1), step, NumericMethod.Forward);

    /// <summary>The backward difference (f(x) − f(x−h))/h.</summary>
    /// <inheritdoc cref="Forward" path="/param"/>
    /// <inheritdoc cref="Forward" path="/exception"/>
    public static NumericDerivative Backward(Func<double, double> f, double x, double? step = null) =>
        Apply(f, x, NumericStencils.Backward(1), step, NumericMethod.Backward);

    /// <summary>The central difference (f(x+h) − f(x−h))/2h; by default h ≈ ε^(1/3)·max(|x|, 1).</summary>
    /// <inheritdoc cref="Forward" path="/param"/>
    /// <inheritdoc cref="Forward" path="/exception"/>
    public static NumericDerivative Central(Func<double, double> f, double x, double? step = null) =>
        Apply(f, x, NumericStencils.Central(1, 2), step, NumericMethod.Central);

    /// <summary>
    /// A central finite-difference stencil on x − mh … x + mh for the <paramref name="derivativeOrder"/>-th
    /// derivative with truncation error O(h^<paramref name="accuracyOrder"/>); the weights are those of
    /// <see cref="StencilWeights"/>. By default h ≈ ε^(1/(p+d))·max(|x|, 1).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">Where to differentiate.</param>
    /// <param name="derivativeOrder">d, from 1 to 6.</param>
    /// <param name="accuracyOrder">p: 2, 4, 6 or 8.</param>
    /// <param name="step">h, or null for the automatic choice.</param>
    /// <exception cref="ArgumentException">f is not defined at a point the stencil needs, or x is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An order or the step is out of range.</exception>
    public static NumericDerivative Stencil(Func<double, double> f, double x, int derivativeOrder, int accuracyOrder, double? step = null)
    {
        CheckDerivativeOrder(derivativeOrder);
        CheckAccuracyOrder(accuracyOrder);
        var stencil = NumericStencils.Central(derivativeOrder, accuracyOrder);
        return Apply(f, x, stencil, step, stencil.Offsets.Length == 5 ? NumericMethod.Stencil5 : NumericMethod.Central);
    }

    /// <summary>
    /// Richardson extrapolation (Ridders' tableau): central differences of accuracy 2 at steps h₀, h₀/2, h₀/4, …,
    /// each column cancelling the next even power of h. An entry's error estimate is its distance from its two parents
    /// plus twice the round-off of its finest row; the entry with the smallest estimate wins. The tableau stops when
    /// the error stops improving: once the newest row's round-off alone exceeds the best estimate (round-off only
    /// grows as h shrinks), or a few rows below the round-off-optimal step.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">Where to differentiate.</param>
    /// <param name="derivativeOrder">d, from 1 to 6.</param>
    /// <param name="initialStep">h₀; by default a power of two ≥ 1/8, at least 16× the round-off-optimal central step.
    /// An automatic h₀ at which f is undefined is shrunk (÷8) until f is defined; a given one is used as is.</param>
    /// <exception cref="ArgumentException">f is not defined at a point the first row needs, or x is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The order or the step is out of range.</exception>
    public static NumericDerivative Richardson(Func<double, double> f, double x, int derivativeOrder = 1, double? initialStep = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoint(x);
        CheckDerivativeOrder(derivativeOrder);
        var stencil = NumericStencils.Central(derivativeOrder, 2);
        var sampler = new Sampler(f, x);
        double scale = Math.Max(Math.Abs(x), 1);
        double optimalStep = Math.Pow(Epsilon, 1.0 / (2 + derivativeOrder)) * scale;

        double h;
        double first, firstRoundoff;
        if (initialStep is { } given)
        {
            h = Representable(x, given, nameof(initialStep));
            if (!TryApply(ref sampler, stencil, h, out first, out firstRoundoff)) throw sampler.NotDefined();
        }
        else
        {
            // Large enough for many halvings before round-off matters, small enough to see the local behaviour of f.
            h = Representable(x, PowerOfTwo(Math.Max(0.125, 16 * optimalStep)), nameof(initialStep));
            while (!TryApply(ref sampler, stencil, h, out first, out firstRoundoff))
            {
                if (h / 8 < optimalStep) throw sampler.NotDefined();
                h = Representable(x, h / 8, nameof(initialStep));
            }
        }
        int levels = Math.Clamp((int)Math.Ceiling(Math.Log2(h / optimalStep)) + 4, 3, MaxTableauLevels);

        Span<double> previous = stackalloc double[MaxTableauLevels];
        Span<double> row = stackalloc double[MaxTableauLevels];
        row[0] = first;
        double roundoff = firstRoundoff;
        // The entry with the smallest total estimate wins: its distance from its two parents (truncation) plus twice
        // the round-off of its finest row (extrapolation amplifies round-off by less than 2).
        double best = first, bestTotal = double.PositiveInfinity, bestStep = h;
        int bestOrder = 2;
        for (int i = 0; i < levels; i++)
        {
            if (i > 0)
            {
                h = Representable(x, h / 2, nameof(initialStep));
                if (!TryApply(ref sampler, stencil, h, out row[0], out roundoff))
                {
                    if (double.IsPositiveInfinity(bestTotal)) throw sampler.NotDefined();
                    break; // keep the best so far
                }
                double factor = 4;
                for (int j = 1; j <= i; j++)
                {
                    row[j] = row[j - 1] + (row[j - 1] - previous[j - 1]) / (factor - 1);
                    factor *= 4;
                    double total = Math.Max(Math.Abs(row[j] - row[j - 1]), Math.Abs(row[j] - previous[j - 1])) + 2 * roundoff;
                    if (total <= bestTotal)
                    {
                        bestTotal = total;
                        best = row[j];
                        bestStep = h;
                        bestOrder = 2 * (j + 1);
                    }
                }
                // Round-off only grows as h shrinks: once this row's alone exceeds the best total, no later entry can win.
                if (2 * roundoff > bestTotal) break;
            }
            var swap = previous;
            previous = row;
            row = swap;
        }
        if (double.IsPositiveInfinity(bestTotal) || !double.IsFinite(best)) throw Overflow(x);
        return new NumericDerivative(best, bestTotal, bestStep, NumericMethod.Richardson, sampler.Count)
        {
            DerivativeOrder = derivativeOrder,
            AccuracyOrder = bestOrder,
        };
    }

    /// <summary>
    /// The numeric <paramref name="derivativeOrder"/>-th partial derivative of an expression with respect to
    /// <paramref name="variable"/> at the point <paramref name="at"/> (which fixes the other variables). f is compiled
    /// once (<see cref="Compiler"/>) and sampled along <paramref name="variable"/>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="variable">The variable to differentiate by; its value in <paramref name="at"/> is the point x.</param>
    /// <param name="at">Values of <paramref name="variable"/> and of every other free symbol of f.</param>
    /// <param name="method">The formula. Forward/Backward use the one-sided stencil on d + 1 points, Central the
    /// accuracy-2 central stencil, Stencil5 the five-point central stencil (d ≤ 4).</param>
    /// <param name="derivativeOrder">d, from 1 to 6.</param>
    /// <exception cref="ArgumentException">A variable has no value in <paramref name="at"/>, or f is not defined at a
    /// point the formula needs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The order is out of range (Stencil5 needs d ≤ 4).</exception>
    /// <exception cref="BudgetExceededException">f is too large to compile.</exception>
    public static NumericDerivative Derivative(Expr f, Symbol variable, IReadOnlyDictionary<string, double> at,
        NumericMethod method = NumericMethod.Richardson, int derivativeOrder = 1)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(at);
        CheckDerivativeOrder(derivativeOrder);
        if (!at.TryGetValue(variable.Name, out double x))
            throw new ArgumentException($"No value was given for the variable '{variable.Name}' (the point to differentiate at).", nameof(at));

        var variables = new List<Symbol>(f.FreeSymbols);
        if (!variables.Contains(variable)) variables.Add(variable);
        var point = new double[variables.Count];
        int slot = -1;
        List<string>? missing = null;
        for (int i = 0; i < variables.Count; i++)
        {
            if (ReferenceEquals(variables[i], variable)) slot = i;
            if (at.TryGetValue(variables[i].Name, out double value)) point[i] = value;
            else (missing ??= []).Add(variables[i].Name);
        }
        if (missing is not null)
            throw new ArgumentException(
                $"No value was given for {string.Join(", ", missing.Select(m => $"'{m}'"))}: every variable other than " +
                $"'{variable.Name}' is held fixed and needs a value.", nameof(at));

        var compiled = Compiler.Compile(f, variables);
        double F(double t)
        {
            point[slot] = t;
            return compiled.Evaluate(point);
        }
        int d = derivativeOrder;
        return method switch
        {
            NumericMethod.Forward => Apply(F, x, NumericStencils.Forward(d), null, NumericMethod.Forward),
            NumericMethod.Backward => Apply(F, x, NumericStencils.Backward(d), null, NumericMethod.Backward),
            NumericMethod.Central => Apply(F, x, NumericStencils.Central(d, 2), null, NumericMethod.Central),
            NumericMethod.Stencil5 => Apply(F, x, FivePoint(d), null, NumericMethod.Stencil5),
            NumericMethod.Richardson => Richardson(F, x, d),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown numeric method."),
        };
    }

    /// <summary>
    /// The "rise over run" table: secant slopes (f(x + h) − f(x))/h for h = largestStep, largestStep/10, …
    /// (<paramref name="rows"/> rows). The slope approaches f′(x) with error ≈ h·f″(x)/2 until round-off, about
    /// ε·|f(x)|/h, takes over (near h ≈ 10⁻⁸ for ordinary values); below that the error grows again, and once h is
    /// under half the spacing of doubles at x, x + h = x and the slope is 0. Steps are used exactly as listed (no
    /// rounding), since showing what happens is the point.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">Where.</param>
    /// <param name="exactDerivative">f′(x) if known: fills <see cref="SecantRow.Error"/>.</param>
    /// <param name="largestStep">The first run (positive, finite).</param>
    /// <param name="rows">How many rows, 1 to 64.</param>
    /// <exception cref="ArgumentException">f is not defined at x or at some x + h, or x is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The step or row count is out of range.</exception>
    public static IReadOnlyList<SecantRow> RiseOverRun(Func<double, double> f, double x, double? exactDerivative = null,
        double largestStep = 1, int rows = 16)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoint(x);
        if (!(largestStep > 0) || !double.IsFinite(largestStep))
            throw new ArgumentOutOfRangeException(nameof(largestStep), largestStep, "The largest step must be positive and finite.");
        if (rows < 1 || rows > MaxRiseOverRunRows)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"The table has 1 to {MaxRiseOverRunRows} rows.");
        var sampler = new Sampler(f, x);
        double fx = sampler.Fx;
        var table = new SecantRow[rows];
        double power = 1;
        for (int k = 0; k < rows; k++)
        {
            // Dividing by an exact power of ten (exact up to 10^22) gives the correctly rounded 10^-k·largestStep.
            double h = k <= 22 ? largestStep / power : largestStep * Math.Pow(10, -k);
            power *= 10;
            double rise = sampler.At(1, x + h) - fx;
            double slope = rise / h;
            table[k] = new SecantRow(h, slope, exactDerivative is { } exact ? slope - exact : double.NaN);
        }
        return table;
    }

    /// <summary>
    /// Exact weights of the central stencil for the <paramref name="derivativeOrder"/>-th derivative with accuracy
    /// <paramref name="accuracyOrder"/>, on offsets −m … m (m = ⌈d/2⌉ − 1 + p/2): f⁽ᵈ⁾(x) ≈ Σ wₖ f(x + kh)/hᵈ.
    /// E.g. (1, 4) gives 1/12, −2/3, 0, 2/3, −1/12.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">d is not 1…6 or p is not 2, 4, 6, 8.</exception>
    public static IReadOnlyList<Rational> StencilWeights(int derivativeOrder, int accuracyOrder)
    {
        CheckDerivativeOrder(derivativeOrder);
        CheckAccuracyOrder(accuracyOrder);
        return Array.AsReadOnly(NumericStencils.Central(derivativeOrder, accuracyOrder).ExactWeights);
    }

    /// <summary>
    /// Exact finite-difference weights on any set of distinct integer offsets (Fornberg's algorithm): the wₖ with
    /// f⁽ᵈ⁾(x) ≈ Σ wₖ f(x + oₖh)/hᵈ, of the highest accuracy those offsets allow. E.g. offsets 0, 1, 2 with d = 1 give
    /// the one-sided −3/2, 2, −1/2.
    /// </summary>
    /// <exception cref="ArgumentException">Offsets repeat, there are more than 64, or not more than d of them.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The derivative order is negative.</exception>
    public static IReadOnlyList<Rational> Weights(IReadOnlyList<int> offsets, int derivativeOrder)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentOutOfRangeException.ThrowIfNegative(derivativeOrder);
        if (offsets.Count > NumericStencils.MaxPoints)
            throw new ArgumentException($"At most {NumericStencils.MaxPoints} offsets are supported.", nameof(offsets));
        if (offsets.Count <= derivativeOrder)
            throw new ArgumentException(
                $"A derivative of order {derivativeOrder} needs at least {derivativeOrder + 1} points; {offsets.Count} were given.", nameof(offsets));
        if (offsets.Distinct().Count() != offsets.Count)
            throw new ArgumentException("The offsets must be distinct.", nameof(offsets));
        return Array.AsReadOnly(NumericStencils.Weights(offsets, derivativeOrder));
    }

    private static FiniteDifferenceStencil FivePoint(int derivativeOrder)
    {
        if (derivativeOrder > 4)
            throw new ArgumentOutOfRangeException(nameof(derivativeOrder), derivativeOrder,
                "A five-point stencil gives derivatives up to order 4; use Central or Richardson for higher orders.");
        // 5 = 2m + 1 points with m = ⌈d/2⌉ − 1 + p/2.
        return NumericStencils.Central(derivativeOrder, 6 - 2 * ((derivativeOrder + 1) / 2));
    }

    /// <summary>One formula at step h, with its error estimated by comparing against the same formula at h/2.</summary>
    private static NumericDerivative Apply(Func<double, double> f, double x, FiniteDifferenceStencil stencil, double? step, NumericMethod method)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoint(x);
        int d = stencil.DerivativeOrder, p = stencil.AccuracyOrder;
        double h = step is { } given
            ? Representable(x, given, nameof(step))
            : Representable(x, PowerOfTwo(Math.Pow(Epsilon, 1.0 / (p + d)) * Math.Max(Math.Abs(x), 1)), nameof(step));
        var sampler = new Sampler(f, x);
        if (!TryApply(ref sampler, stencil, h, out double value, out double roundoff)) throw sampler.NotDefined();
        if (!TryApply(ref sampler, stencil, Representable(x, h / 2, nameof(step)), out double half, out _)) throw sampler.NotDefined();
        if (!double.IsFinite(value) || !double.IsFinite(half)) throw Overflow(x);
        // D(h) − D(h/2) ≈ C·hᵖ·(1 − 2⁻ᵖ), so the truncation error C·hᵖ of D(h) is that difference times 2ᵖ/(2ᵖ − 1).
        double gain = Math.ScaleB(1, p);
        double truncation = Math.Abs(value - half) * gain / (gain - 1);
        return new NumericDerivative(value, truncation + roundoff, h, method, sampler.Count)
        {
            DerivativeOrder = d,
            AccuracyOrder = p,
        };
    }

    /// <summary>Σ wₖ f(x + oₖh)/hᵈ and its round-off estimate ε·Σ|wₖ f(x + oₖh)|/hᵈ; false if f is undefined somewhere.</summary>
    private static bool TryApply(ref Sampler sampler, FiniteDifferenceStencil stencil, double h, out double value, out double roundoff)
    {
        double sum = 0, magnitude = 0;
        var offsets = stencil.Offsets;
        var weights = stencil.Weights;
        for (int k = 0; k < offsets.Length; k++)
        {
            if (weights[k] == 0) continue;
            double fk;
            if (offsets[k] == 0) fk = sampler.Fx;
            else if (!sampler.TryAt(offsets[k], sampler.X + offsets[k] * h, out fk))
            {
                value = roundoff = double.NaN;
                return false;
            }
            sum += weights[k] * fk;
            magnitude += Math.Abs(weights[k] * fk);
        }
        double scale = PowInt(h, stencil.DerivativeOrder);
        value = sum / scale;
        roundoff = Epsilon * magnitude / scale;
        return true;
    }

    private static double PowInt(double h, int d)
    {
        double r = 1;
        for (int i = 0; i < d; i++) r *= h;
        return r;
    }

    /// <summary>The nearest power of two: multiples of it are exact, and halving it stays exact.</summary>
    private static double PowerOfTwo(double h) => Math.ScaleB(1.0, (int)Math.Round(Math.Log2(h)));

    /// <summary>(x + h) − x: the step that is actually taken once x + h is rounded to a double.</summary>
    private static double Representable(double x, double h, string parameter)
    {
        if (!(h > 0) || !double.IsFinite(h))
            throw new ArgumentOutOfRangeException(parameter, h, "The step must be positive and finite.");
        double moved = x + h;
        double run = moved - x;
        if (!(run > 0) || !double.IsFinite(moved))
            throw new ArgumentOutOfRangeException(parameter, h,
                $"The step {Format(h)} does not move x = {Format(x)} (it is below the spacing of doubles there, or x + h overflows).");
        return run;
    }

    private static void CheckPoint(double x)
    {
        if (!double.IsFinite(x)) throw new ArgumentException($"The point x = {Format(x)} is not a finite number.", nameof(x));
    }

    private static void CheckDerivativeOrder(int derivativeOrder)
    {
        if (derivativeOrder < 1 || derivativeOrder > NumericStencils.MaxDerivativeOrder)
            throw new ArgumentOutOfRangeException(nameof(derivativeOrder), derivativeOrder,
                $"Numeric derivatives of order 1 to {NumericStencils.MaxDerivativeOrder} are supported (higher orders drown in round-off; use Calculus.Diff).");
    }

    private static void CheckAccuracyOrder(int accuracyOrder)
    {
        if (accuracyOrder < 2 || accuracyOrder > NumericStencils.MaxAccuracyOrder || accuracyOrder % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(accuracyOrder), accuracyOrder,
                $"Central stencils have even accuracy orders 2 to {NumericStencils.MaxAccuracyOrder}.");
    }

    private static ArgumentException Overflow(double x) =>
        new($"The differences of f near x = {Format(x)} overflow: f is too large there for a numeric derivative.", "f");

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Calls f, counts the calls, caches f(x) and remembers the first point where f was not finite.</summary>
    private struct Sampler
    {
        private readonly Func<double, double> _f;
        private double _badPoint, _badValue;
        private int _badOffset;

        public Sampler(Func<double, double> f, double x)
        {
            _f = f;
            X = x;
            Fx = f(x);
            Count = 1;
            if (!double.IsFinite(Fx))
                throw new ArgumentException($"f is not defined at x = {Format(x)} (f returned {Format(Fx)}).", nameof(f));
        }

        public double X { get; }
        public double Fx { get; }
        public int Count { get; private set; }

        public bool TryAt(int offset, double x, out double value)
        {
            value = _f(x);
            Count++;
            if (double.IsFinite(value)) return true;
            _badPoint = x;
            _badValue = value;
            _badOffset = offset;
            return false;
        }

        public double At(int offset, double x) => TryAt(offset, x, out double v) ? v : throw NotDefined();

        public readonly ArgumentException NotDefined()
        {
            string where = _badOffset switch
            {
                1 => "x + h",
                -1 => "x − h",
                > 0 => $"x + {_badOffset}h",
                _ => $"x − {-_badOffset}h",
            };
            return new ArgumentException(
                $"f is not defined at {where} = {Format(_badPoint)} (f returned {Format(_badValue)}). Numeric " +
                $"differentiation samples f around x = {Format(X)}; choose a smaller step or a point further inside f's domain.",
                "f");
        }
    }
}
