using Nabla.Series;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;
using Nabla.Symbolic.Simplification;

namespace Nabla;

public static partial class Calculus
{
    /// <summary>
    /// The Taylor polynomial of <paramref name="f"/> in <paramref name="variable"/> about <paramref name="about"/> to
    /// order <paramref name="order"/>, with exact coefficients: <c>1/x</c> about 4 is <c>1/4 - (x - 4)/16 + (x - 4)^2/64</c>.
    /// Built by truncated power-series arithmetic (products, quotients, powers and the known series of the elementary
    /// functions composed with the inner series), not by differentiating n times. Other symbols in <paramref name="f"/>
    /// and <paramref name="about"/> are treated as constants.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The order is negative.</exception>
    /// <exception cref="BudgetExceededException">The order is above <see cref="TaylorOptions.MaxOrder"/> (checked before
    /// any work), or the expansion ran past the time budget.</exception>
    /// <exception cref="SymbolicException">The function has no Taylor series at the point (a pole, a branch point, a
    /// kink, or the point is outside its domain); the message says which sub-expression is to blame and why.</exception>
    public static TaylorSeries Taylor(Expr f, Symbol variable, Expr about, int order, TaylorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(about);
        options ??= TaylorOptions.Default;
        CheckTaylorOrder(order, options);
        CheckExpansionPoint(variable, about, [variable]);
        var problem = new SeriesProblem(f, $"{variable.Name} = {about.ToHuman()}", options.TimeBudget);
        var seeds = new Dictionary<Symbol, (Expr At, Expr Direction)> { [variable] = (about, Expr.One) };
        var series = new SeriesExpander(order, seeds, problem).Expand(f);
        var coefficients = series.Coefficients.ToArray();
        var delta = variable - about;
        var parts = new List<Expr>(coefficients.Length);
        for (int k = 0; k < coefficients.Length; k++)
            if (!coefficients[k].IsZero) parts.Add(coefficients[k] * Expr.Pow(delta, k));
        return new TaylorSeries(f, variable, about, order, coefficients, Expr.Add(parts));
    }

    /// <summary>The Taylor polynomial about <paramref name="about"/> in the variable named <paramref name="variable"/>.</summary>
    public static TaylorSeries Taylor(Expr f, string variable, Expr about, int order, TaylorOptions? options = null) =>
        Taylor(f, AsSymbol(variable), about, order, options);

    /// <summary>
    /// The multivariate Taylor polynomial of <paramref name="f"/> about the point <paramref name="about"/> (one value per
    /// variable) to total degree <paramref name="order"/>, with exact coefficients, in powers of (x − a), (y − b), …
    /// To order 2 it is f(a) + ∇f(a)·Δx + ½ΔxᵀH(a)Δx, and the result carries those pieces. Symbols of
    /// <paramref name="f"/> that are not keys of <paramref name="about"/> are treated as constants.
    /// </summary>
    /// <exception cref="ArgumentException">No variables are given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The order is negative.</exception>
    /// <exception cref="BudgetExceededException">The order or the number of variables is above the
    /// <see cref="TaylorOptions"/> limits (checked before any work), or the expansion ran past the time budget.</exception>
    /// <exception cref="SymbolicException">The function has no Taylor series at the point (see the univariate overload).</exception>
    public static MultivariateTaylorSeries Taylor(Expr f, IReadOnlyDictionary<Symbol, Expr> about, int order, TaylorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(about);
        options ??= TaylorOptions.Default;
        CheckTaylorOrder(order, options);
        if (about.Count == 0) throw new ArgumentException("Give the expansion point: one value per variable.", nameof(about));
        if (about.Count > options.MaxVariables)
            throw new BudgetExceededException(
                $"A Taylor expansion in {about.Count} variables was requested; the limit is TaylorOptions.MaxVariables = {options.MaxVariables}.");
        var variables = about.Keys.ToList();
        variables.Sort((a, b) => Symbol.NaturalCompare(a.Name, b.Name));
        foreach (var v in variables) CheckExpansionPoint(v, about[v], variables);

        // x_i = a_i + t·h_i: the coefficient of t^k is the homogeneous degree-k part, a polynomial in the directions h.
        var taken = new HashSet<string>(f.FreeSymbols.Select(s => s.Name));
        foreach (var a in about.Values) taken.UnionWith(a.FreeSymbols.Select(s => s.Name));
        var directions = new Symbol[variables.Count];
        var seeds = new Dictionary<Symbol, (Expr At, Expr Direction)>();
        for (int i = 0; i < variables.Count; i++)
        {
            var name = "Δ" + variables[i].Name;
            while (!taken.Add(name)) name += "'";
            directions[i] = (Symbol)Expr.Sym(name);
            seeds[variables[i]] = (about[variables[i]], directions[i]);
        }
        var pointText = variables.Count == 1
            ? $"{variables[0].Name} = {about[variables[0]].ToHuman()}"
            : $"({string.Join(", ", variables.Select(v => v.Name))}) = ({string.Join(", ", variables.Select(v => about[v].ToHuman()))})";
        var problem = new SeriesProblem(f, pointText, options.TimeBudget);
        var series = new SeriesExpander(order, seeds, problem).Expand(f);

        var terms = new List<TaylorTerm>();
        for (int k = 0; k <= order; k++)
        {
            problem.CheckTime();
            terms.AddRange(Monomials(series[k], directions));
        }
        terms.Sort(CompareTerms);

        var deltas = variables.Select(v => v - about[v]).ToArray();
        var parts = new List<Expr>(terms.Count);
        foreach (var t in terms)
        {
            var factors = new List<Expr> { t.Coefficient };
            for (int i = 0; i < deltas.Length; i++)
                if (t.Exponents[i] > 0) factors.Add(Expr.Pow(deltas[i], t.Exponents[i]));
            parts.Add(Expr.Mul(factors));
        }

        int n = variables.Count;
        Expr CoefficientOf(params int[] exponents) =>
            terms.FirstOrDefault(t => t.Exponents.SequenceEqual(exponents))?.Coefficient ?? Expr.Zero;
        int[] Unit(int i, int j)
        {
            var e = new int[n];
            if (i >= 0) e[i]++;
            if (j >= 0) e[j]++;
            return e;
        }
        Expr[]? gradient = null;
        Expr[,]? hessian = null;
        if (order >= 1)
        {
            gradient = new Expr[n];
            for (int i = 0; i < n; i++) gradient[i] = CoefficientOf(Unit(i, -1));
        }
        if (order >= 2)
        {
            hessian = new Expr[n, n];
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++)
                {
                    // The coefficient of ΔxᵢΔxⱼ is Hᵢⱼ for i ≠ j (two equal mixed partials) and Hᵢᵢ/2 on the diagonal.
                    var c = CoefficientOf(Unit(i, j));
                    var h = i == j ? c * 2 : c;
                    hessian[i, j] = h;
                    hessian[j, i] = h;
                }
        }
        return new MultivariateTaylorSeries(f, variables, new Dictionary<Symbol, Expr>(about), order, Expr.Add(parts))
        {
            Terms = terms,
            Value = series[0],
            Gradient = gradient,
            Hessian = hessian,
        };
    }

    /// <summary>The tangent line f(a) + f'(a)(x − a): the Taylor polynomial of order 1.</summary>
    public static TaylorSeries Linearise(Expr f, Symbol variable, Expr about) => Taylor(f, variable, about, 1);

    /// <summary>The tangent plane f(a) + ∇f(a)·(x − a): the multivariate Taylor polynomial of order 1.</summary>
    public static MultivariateTaylorSeries Linearise(Expr f, IReadOnlyDictionary<Symbol, Expr> about) => Taylor(f, about, 1);

    /// <summary>
    /// How well the Taylor polynomial approximates its function on [<paramref name="from"/>, <paramref name="to"/>]:
    /// the largest |f(x) − Tₙ(x)| over <paramref name="samples"/> + 1 evenly spaced points (points where f is undefined
    /// are skipped), where it occurs, and the Lagrange remainder bound max|f⁽ⁿ⁺¹⁾|/(n+1)! · max|x − a|ⁿ⁺¹ with the
    /// derivative's maximum sampled between the expansion point and the interval. The bound is null when f⁽ⁿ⁺¹⁾ is
    /// not available within <see cref="DiffOptions"/> or is undefined somewhere in that range.
    /// </summary>
    /// <exception cref="ArgumentException">The interval is empty or not finite, or fewer than 2 samples.</exception>
    /// <exception cref="SymbolicException">The expansion point is not a number, or f has other free variables.</exception>
    public static ApproximationError TaylorError(TaylorSeries series, double from, double to, int samples = 1000)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (!double.IsFinite(from) || !double.IsFinite(to) || !(from < to))
            throw new ArgumentException($"The interval [{from}, {to}] must be finite with from < to.", nameof(to));
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "Use at least 2 samples.");
        var x = series.Variable;
        var others = series.Function.FreeSymbols.Where(s => s != x).Select(s => s.Name).ToList();
        if (others.Count > 0)
            throw new SymbolicException(
                $"The error of the approximation needs numbers for every variable other than {x.Name}: {string.Join(", ", others)}.");
        var about = ExactValues.Value(series.About);
        if (about is not { } a || !double.IsFinite(a))
            throw new SymbolicException($"The error of the approximation needs a numeric expansion point, not {series.About.ToHuman()}.");

        var f = Compiler.Compile(series.Function, [x]);
        var t = Compiler.Compile(series.Polynomial, [x]);
        double maxError = double.NaN, at = double.NaN;
        for (int i = 0; i <= samples; i++)
        {
            double xi = from + (to - from) * i / samples;
            double err = Math.Abs(f.Evaluate(xi) - t.Evaluate(xi));
            if (double.IsNaN(err)) continue;
            if (double.IsNaN(maxError) || err > maxError) { maxError = err; at = xi; }
        }
        return new ApproximationError(maxError, at, LagrangeBound(series, a, from, to, samples));
    }

    private static double? LagrangeBound(TaylorSeries series, double a, double from, double to, int samples)
    {
        int n1 = series.Order + 1;
        if (n1 > DiffOptions.Default.MaxOrder) return null;
        Expr derivative;
        try
        {
            derivative = Diff(series.Function, series.Variable, n1, new DiffOptions { TimeBudget = TimeSpan.FromSeconds(2) });
        }
        catch (BudgetExceededException)
        {
            return null;
        }
        var d = Compiler.Compile(derivative, [series.Variable]);
        // ξ lies between a and x, so the derivative is bounded over the hull of the interval and the point.
        double lo = Math.Min(from, a), hi = Math.Max(to, a);
        double maxDerivative = 0;
        for (int i = 0; i <= samples; i++)
        {
            double v = Math.Abs(d.Evaluate(lo + (hi - lo) * i / samples));
            if (!double.IsFinite(v)) return null;
            maxDerivative = Math.Max(maxDerivative, v);
        }
        double reach = Math.Max(Math.Abs(from - a), Math.Abs(to - a));
        double factorial = 1;
        for (int k = 2; k <= n1; k++) factorial *= k;
        return maxDerivative / factorial * Math.Pow(reach, n1);
    }

    private static void CheckTaylorOrder(int order, TaylorOptions options)
    {
        if (order < 0)
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order of a Taylor polynomial cannot be negative.");
        if (order > options.MaxOrder)
            throw new BudgetExceededException(
                $"A Taylor polynomial of order {order} was requested; the limit is TaylorOptions.MaxOrder = {options.MaxOrder}. " +
                "Raise it with new TaylorOptions { MaxOrder = ... } if you really need it.");
    }

    private static void CheckExpansionPoint(Symbol variable, Expr about, IReadOnlyList<Symbol> variables)
    {
        ArgumentNullException.ThrowIfNull(about, nameof(about));
        about.EnsureRecursable("Taylor");
        foreach (var v in variables)
            if (about.Contains(v))
                throw new ArgumentException(
                    $"The expansion point {variable.Name} = {about.ToHuman()} uses the variable {v.Name}; give it as numbers or other symbols.",
                    nameof(about));
        if (ExactValues.Value(about) is { } value && !double.IsFinite(value))
            throw new ArgumentException($"The expansion point {variable.Name} = {about.ToHuman()} is not a real number.", nameof(about));
    }

    /// <summary>Splits a polynomial in the direction symbols into terms (monomial exponents, coefficient free of them).</summary>
    private static IEnumerable<TaylorTerm> Monomials(Expr c, Symbol[] directions)
    {
        if (c.IsZero) return [];
        var index = new Dictionary<Expr, int>();
        for (int i = 0; i < directions.Length; i++) index[directions[i]] = i;
        var grouped = TryGroup(c, index, directions.Length) ?? TryGroup(Simplifier.Expand(c), index, directions.Length)
            ?? throw new SymbolicException("Taylor: a coefficient could not be written as a polynomial in the increments.");
        return grouped;
    }

    private static List<TaylorTerm>? TryGroup(Expr c, Dictionary<Expr, int> index, int n)
    {
        var groups = new Dictionary<string, (int[] Exponents, List<Expr> Parts)>();
        foreach (var term in c is Sum ? c.Args : [c])
        {
            var exponents = new int[n];
            var rest = new List<Expr>();
            IEnumerable<(Expr Base, Expr Exponent)> factors = term switch
            {
                Product p => [(Expr.Num(p.Coefficient), Expr.One), .. p.Factors.Select(f => (f.Base, f.Exponent))],
                Power pw => [(pw.Base, pw.Exponent)],
                _ => [(term, Expr.One)],
            };
            foreach (var (b, e) in factors)
            {
                // An exponent too large for an int (x^(10^10) about 1) cannot be a grouped power of the displacement:
                // it stays in the coefficient, which then declines the grouping instead of overflowing.
                if (index.TryGetValue(b, out int i) && e is Number { Value.IsInteger: true } k && k.Value.Sign > 0
                    && k.Value.Numerator <= int.MaxValue - exponents[i])
                    exponents[i] += (int)k.Value.Numerator;
                else
                    rest.Add(Expr.Pow(b, e));
            }
            var coefficient = Expr.Mul(rest);
            foreach (var d in index.Keys)
                if (coefficient.Contains(d)) return null;
            var key = string.Join(",", exponents);
            if (!groups.TryGetValue(key, out var g)) groups[key] = g = (exponents, []);
            g.Parts.Add(coefficient);
        }
        var result = new List<TaylorTerm>(groups.Count);
        foreach (var (exponents, parts) in groups.Values)
        {
            var sum = Expr.Add(parts);
            if (!sum.IsZero) result.Add(new TaylorTerm(exponents, sum));
        }
        return result;
    }

    private static int CompareTerms(TaylorTerm a, TaylorTerm b)
    {
        int c = a.Degree.CompareTo(b.Degree);
        if (c != 0) return c;
        for (int i = 0; i < a.Exponents.Count; i++)
        {
            c = b.Exponents[i].CompareTo(a.Exponents[i]);
            if (c != 0) return c;
        }
        return 0;
    }
}
