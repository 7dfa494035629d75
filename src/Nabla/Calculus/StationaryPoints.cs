using Nabla.Multivariate;
using Nabla.Symbolic;

namespace Nabla;

/// <summary>What the second-derivative (Hessian) test says about a stationary point.</summary>
public enum StationaryKind
{
    /// <summary>Every eigenvalue of the Hessian is positive: a local minimum.</summary>
    Minimum,

    /// <summary>Every eigenvalue of the Hessian is negative: a local maximum.</summary>
    Maximum,

    /// <summary>The Hessian has eigenvalues of both signs: the function rises in some directions and falls in others.</summary>
    Saddle,

    /// <summary>An eigenvalue is 0 (within tolerance) and the others share one sign: the test is inconclusive.</summary>
    Degenerate,
}

/// <summary>A point where the gradient vanishes, classified by the eigenvalues of the Hessian there.</summary>
/// <param name="Location">The coordinates, by variable name, in the variable order of the result.</param>
/// <param name="Value">f at the point.</param>
/// <param name="Eigenvalues">The eigenvalues of the Hessian at the point, smallest first.</param>
/// <param name="Kind">Minimum, maximum, saddle or degenerate.</param>
/// <param name="Reason">The classification in words, e.g. "both eigenvalues positive (2.0, 8.0): a minimum".</param>
public sealed record StationaryPoint(IReadOnlyDictionary<string, double> Location, double Value, IReadOnlyList<double> Eigenvalues,
    StationaryKind Kind, string Reason)
{
    /// <summary>The exact coordinates when the point was found exactly with rational coordinates (e.g. x = 1/2), else null.</summary>
    public IReadOnlyDictionary<string, Expr>? ExactLocation { get; init; }

    /// <summary>f at <see cref="ExactLocation"/>, as an exact expression (null when the location is not exact).</summary>
    public Expr? ExactValue { get; init; }
}

/// <summary>The stationary points of a function together with the gradient and Hessian that located and classified them.</summary>
/// <param name="Variables">The variables, in the order used for the gradient, the Hessian and every location.</param>
/// <param name="Gradient">∇f, one entry per variable.</param>
/// <param name="Hessian">The Hessian matrix of f.</param>
/// <param name="Points">The stationary points, sorted by kind (minima, maxima, saddles, degenerate) then by coordinates.</param>
/// <param name="Method">How the points were found, in words (exact solution or numeric search, with its box and starts).</param>
public sealed record StationaryPointsResult(IReadOnlyList<Symbol> Variables, IReadOnlyList<Expr> Gradient, Expr[,] Hessian,
    IReadOnlyList<StationaryPoint> Points, string Method)
{
    /// <summary>True when the points were found by solving ∇f = 0 exactly (every real stationary point is listed,
    /// wherever it is); false for the numeric search, which only looks inside the search box.</summary>
    public bool Exact { get; init; }

    /// <summary>False when the numeric search stopped early (time budget or <see cref="StationaryOptions.MaxPoints"/>),
    /// so there may be further stationary points; <see cref="Method"/> says why.</summary>
    public bool Complete { get; init; } = true;
}

/// <summary>Settings of <see cref="Calculus.StationaryPoints"/>: the search box, the grid of starts and the budgets.</summary>
public sealed record StationaryOptions
{
    /// <summary>The default options: box [−10, 10] per variable, up to 20 starts per variable and 4000 in all.</summary>
    public static StationaryOptions Default { get; } = new();

    /// <summary>Lower end of the search interval of every variable without an entry in <see cref="Bounds"/>.</summary>
    public double Lower { get; init; } = -10;

    /// <summary>Upper end of the search interval of every variable without an entry in <see cref="Bounds"/>.</summary>
    public double Upper { get; init; } = 10;

    /// <summary>Search intervals of individual variables, by name (others use [<see cref="Lower"/>, <see cref="Upper"/>]).</summary>
    public IReadOnlyDictionary<string, (double Lower, double Upper)>? Bounds { get; init; }

    /// <summary>Newton starts per variable (cell centres of a regular grid over the box).</summary>
    public int GridSize { get; init; } = 20;

    /// <summary>Most Newton starts in all; with many variables the grid is replaced by this many seeded random starts.</summary>
    public int MaxStarts { get; init; } = 4000;

    /// <summary>Most Newton iterations per start.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Convergence: Newton stops when its step is below <c>Tolerance·(1 + |x|)</c>, and a point is accepted when
    /// |∇f| ≤ <c>√Tolerance·(1 + |H|·(1 + |x|))</c> there.
    /// </summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Two points are the same when their coordinates differ by at most this, relative to their size (plus 1).</summary>
    public double DeduplicationTolerance { get; init; } = 1e-6;

    /// <summary>An eigenvalue counts as 0 when |λ| ≤ this × max(1, largest |λ|): the Hessian test is then inconclusive.</summary>
    public double EigenvalueTolerance { get; init; } = 1e-8;

    /// <summary>Most stationary points reported; the search stops once it has this many.</summary>
    public int MaxPoints { get; init; } = 100;

    /// <summary>Wall-clock budget of the search (the symbolic gradient and Hessian run under <see cref="Diff"/>).</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Try to solve ∇f = 0 exactly first (linear and separable polynomial systems); false forces the numeric search.</summary>
    public bool TryExact { get; init; } = true;

    /// <summary>Budget of the symbolic gradient and Hessian.</summary>
    public DiffOptions? Diff { get; init; }

    /// <summary>The search interval of a variable.</summary>
    public (double Lower, double Upper) IntervalOf(string variable) =>
        Bounds is not null && Bounds.TryGetValue(variable, out var b) ? b : (Lower, Upper);
}

public static partial class Calculus
{
    /// <summary>
    /// The stationary points of <paramref name="f"/> (where ∇f = 0), each classified by the eigenvalues of the Hessian.
    /// Polynomial systems that are linear, or whose partial derivatives each involve only their own variable, are
    /// solved exactly (every real stationary point is found); anything else is searched numerically by damped
    /// Newton iterations on ∇f = 0 from a grid of starts in the search box of <paramref name="options"/>.
    /// See docs/multivariate.md.
    /// </summary>
    /// <param name="f">A scalar function.</param>
    /// <param name="variables">The variables; by default those of f in natural order.</param>
    /// <param name="options">Search box, starts, tolerances and budgets.</param>
    /// <exception cref="ArgumentException">No variables, a repeated variable, f uses a symbol that is not a variable,
    /// or an empty/invalid search box.</exception>
    /// <exception cref="BudgetExceededException">The symbolic gradient or Hessian grew past its budget.</exception>
    /// <example>
    /// <code>
    /// var r = Calculus.StationaryPoints(Expr.Parse("x^2 - y^2"));
    /// // r.Points[0]: (0, 0), Saddle, "eigenvalues of both signs (-2.0, 2.0): a saddle"
    /// </code>
    /// </example>
    public static StationaryPointsResult StationaryPoints(Expr f, IReadOnlyList<Symbol>? variables = null, StationaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= StationaryOptions.Default;
        StationarySearch.CheckOptions(options);
        variables ??= InferVariables(f);
        if (variables.Count == 0)
            throw new ArgumentException("The function has no variables, so every point is stationary; name the variables to search over.", nameof(variables));
        if (variables.Distinct().Count() != variables.Count)
            throw new ArgumentException("A variable is listed twice.", nameof(variables));
        var missing = f.FreeSymbols.Where(s => !variables.Contains(s)).Select(s => s.Name).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"The function uses {string.Join(", ", missing)}, which {(missing.Count == 1 ? "is" : "are")} not among the variables " +
                $"({string.Join(", ", variables.Select(v => v.Name))}); stationary points need a number for every symbol: " +
                "add it to the variables or substitute a value first.", nameof(variables));
        var gradient = Gradient(f, variables, options.Diff);
        var hessian = Hessian(f, variables, options.Diff);
        return new StationarySearch(f, variables, gradient, hessian, options).Run();
    }
}
