using Nabla.Numerics;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Regression;

public static partial class Fit
{
    /// <summary>
    /// Fits the straight line y ≈ m·x + c (the course's <c>linfit</c>), weighted by 1/σ² when σ are given.
    /// </summary>
    /// <param name="x">The predictor values.</param>
    /// <param name="y">The observations.</param>
    /// <param name="sigma">Per-point standard deviations, or null for an unweighted fit.</param>
    /// <param name="absoluteSigma">True when σ are real measurement errors: the covariance is then not rescaled by
    /// the reduced χ² (<c>curve_fit</c>'s <c>absolute_sigma</c>).</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two points, NaN/∞ in the data, a σ ≤ 0, or all x equal.</exception>
    public static LineFit Line(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? sigma = null, bool absoluteSigma = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var fit = PolynomialFit(x, y, 1, sigma, absoluteSigma, ["intercept", "slope"]);
        if (fit.Rank < 2)
            throw new ArgumentException("all x values are equal, so the slope of a line through them is undefined.", nameof(x));
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double w = sigma is null ? 1 : 1 / (sigma[i] * sigma[i]);
            sw += w; sx += w * x[i]; sy += w * y[i];
        }
        double xBar = sx / sw, yBar = sy / sw, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double w = sigma is null ? 1 : 1 / (sigma[i] * sigma[i]);
            double dx = x[i] - xBar, dy = y[i] - yBar;
            sxx += w * dx * dx; syy += w * dy * dy; sxy += w * dx * dy;
        }
        double r = syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
        return new LineFit(fit.Parameters[1], fit.Parameters[0], fit.StandardErrors[1], fit.StandardErrors[0], r, fit);
    }

    /// <summary>
    /// Fits the polynomial y ≈ c0 + c1·x + … + c_degree·x^degree (parameters named <c>c0</c> … ). The powers are formed
    /// in double-double, so even degree 10 on badly scaled x (NIST Filip) keeps 7+ digits.
    /// </summary>
    /// <param name="x">The predictor values.</param>
    /// <param name="y">The observations.</param>
    /// <param name="degree">The polynomial degree, 0 or more.</param>
    /// <param name="sigma">Per-point standard deviations, or null for an unweighted fit.</param>
    /// <param name="absoluteSigma">True when σ are real measurement errors (covariance not rescaled by the reduced χ²).</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer points than degree + 1, NaN/∞ in the data, a σ ≤ 0,
    /// or a negative degree.</exception>
    public static FitResult Polynomial(IReadOnlyList<double> x, IReadOnlyList<double> y, int degree, IReadOnlyList<double>? sigma = null, bool absoluteSigma = false)
    {
        if (degree < 0) throw new ArgumentException($"the degree must be 0 or more (got {degree}).", nameof(degree));
        if (degree > 1000) throw new ArgumentException($"degree {degree} is beyond any meaningful polynomial fit (at most 1000).", nameof(degree));
        return PolynomialFit(x, y, degree, sigma, absoluteSigma, [.. Enumerable.Range(0, degree + 1).Select(k => $"c{k}")]);
    }

    private static FitResult PolynomialFit(IReadOnlyList<double> x, IReadOnlyList<double> y, int degree, IReadOnlyList<double>? sigma, bool absoluteSigma, string[] names)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}: they must pair up point by point.", nameof(y));
        LinearLeastSquares.CheckBudget(x.Count, degree + 1);
        var design = new DoubleDouble[x.Count, degree + 1];
        for (int i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i])) throw new ArgumentException($"x[{i}] = {x[i]} is not a finite number.", nameof(x));
            DoubleDouble power = 1.0;
            for (int k = 0; k <= degree; k++)
            {
                design[i, k] = power;
                power *= x[i];
            }
        }
        return LinearLeastSquares.Solve(design, y, names, sigma, absoluteSigma, LinearSolver.QR);
    }

    /// <summary>
    /// Fits y ≈ design · β for a given design matrix (one row per point, one column per parameter).
    /// </summary>
    /// <param name="design">The n × p design matrix X.</param>
    /// <param name="y">The n observations.</param>
    /// <param name="parameterNames">The p parameter names, one per column.</param>
    /// <param name="sigma">Per-point standard deviations, or null for an unweighted fit.</param>
    /// <param name="absoluteSigma">True when σ are real measurement errors (covariance not rescaled by the reduced χ²).</param>
    /// <param name="solver">QR (default) or SVD; a rank-deficient design is always solved by SVD (minimum norm) and
    /// reported through <see cref="FitResult.Rank"/> and <see cref="FitResult.Message"/>.</param>
    /// <exception cref="ArgumentException">Sizes disagree, fewer points than parameters, NaN/∞ in the data or a σ ≤ 0.</exception>
    public static FitResult Linear(double[,] design, IReadOnlyList<double> y, IReadOnlyList<string> parameterNames, IReadOnlyList<double>? sigma = null,
        bool absoluteSigma = false, LinearSolver solver = LinearSolver.QR)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(parameterNames);
        int n = design.GetLength(0), p = design.GetLength(1);
        LinearLeastSquares.CheckBudget(n, p);
        var dd = new DoubleDouble[n, p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) dd[i, j] = design[i, j];
        return LinearLeastSquares.Solve(dd, y, parameterNames, sigma, absoluteSigma, solver);
    }

    /// <summary>
    /// Fits y ≈ a0·φ0 + a1·φ1 + … for basis functions φk of the predictors (e.g. <c>1</c>, <c>x</c>, <c>sin(x)</c>);
    /// the parameters are named <c>a0</c> … <c>a{k−1}</c>.
    /// </summary>
    /// <param name="basis">The basis functions; their free symbols must all be predictors.</param>
    /// <param name="predictors">The predictor columns by name (e.g. <c>x</c>, or <c>x1</c>, <c>x2</c>), each as long as <paramref name="y"/>.</param>
    /// <param name="y">The observations.</param>
    /// <param name="sigma">Per-point standard deviations, or null for an unweighted fit.</param>
    /// <param name="absoluteSigma">True when σ are real measurement errors (covariance not rescaled by the reduced χ²).</param>
    /// <param name="solver">QR (default) or SVD.</param>
    /// <exception cref="ArgumentException">A basis function uses a symbol that is not a predictor, is undefined at a
    /// data point, a predictor column has the wrong length, or any of the data errors of the design-matrix overload.</exception>
    public static FitResult Linear(IReadOnlyList<Expr> basis, IReadOnlyDictionary<string, double[]> predictors, IReadOnlyList<double> y,
        IReadOnlyList<double>? sigma = null, bool absoluteSigma = false, LinearSolver solver = LinearSolver.QR)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(y);
        var columns = BasisColumns(basis, predictors, y.Count, "basis function");
        return Linear(ToDesign(columns, y.Count), y, [.. Enumerable.Range(0, basis.Count).Select(k => $"a{k}")], sigma, absoluteSigma, solver);
    }

    /// <summary>
    /// Whether <paramref name="model"/> is linear in <paramref name="parameters"/>: every partial derivative ∂model/∂p
    /// (symbolic) is free of all the parameters. <c>a·x + b·sin(x)</c> is linear in a, b; <c>exp(−k·x)</c> is not linear in k.
    /// </summary>
    /// <param name="model">The model expression.</param>
    /// <param name="parameters">The parameter names (every other symbol is a predictor).</param>
    public static bool IsLinearInParameters(Expr model, IReadOnlyList<string> parameters) => FindNonlinearity(model, parameters) is null;

    /// <summary>
    /// Fits a model that is linear in its parameters — its free symbols other than the predictors — directly, with no
    /// starting values: the basis functions are the symbolic derivatives ∂model/∂p and the offset (the model with all
    /// parameters 0) is subtracted from y. <c>a·x² + b·x + c</c>, <c>A·sin(x) + B·cos(x) + 3</c>, <c>m·x1 + n·x2</c>.
    /// </summary>
    /// <param name="model">The model expression.</param>
    /// <param name="predictors">The predictor columns by name, each as long as <paramref name="y"/>.</param>
    /// <param name="y">The observations.</param>
    /// <param name="sigma">Per-point standard deviations, or null for an unweighted fit.</param>
    /// <param name="absoluteSigma">True when σ are real measurement errors (covariance not rescaled by the reduced χ²).</param>
    /// <exception cref="ArgumentException">The model is not linear in a parameter (the message names it and the derivative
    /// that still depends on a parameter), it has no parameters, or the data are invalid.</exception>
    public static FitResult LinearModel(Expr model, IReadOnlyDictionary<string, double[]> predictors, IReadOnlyList<double> y,
        IReadOnlyList<double>? sigma = null, bool absoluteSigma = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(predictors);
        ArgumentNullException.ThrowIfNull(y);
        var parameters = model.FreeSymbols.Where(s => !predictors.ContainsKey(s.Name)).ToList();
        if (parameters.Count == 0)
            throw new ArgumentException($"the model {model} has no parameters to fit: every symbol in it ({string.Join(", ", model.FreeSymbols.Select(s => s.Name))}) is a predictor.", nameof(model));
        var names = parameters.Select(p => p.Name).ToList();
        if (FindNonlinearity(model, names) is { } why) throw new ArgumentException(why, nameof(model));
        var basis = parameters.Select(p => Nabla.Calculus.Diff(model, p)).ToList();
        var zeros = parameters.ToDictionary(p => (Expr)p, _ => (Expr)Expr.Num(0));
        var offset = model.Substitute(zeros);
        var columns = BasisColumns([.. basis, offset], predictors, y.Count, "model term");
        var shifted = new double[y.Count];
        for (int i = 0; i < y.Count; i++) shifted[i] = y[i] - columns[^1][i];
        var fit = Linear(ToDesign(columns[..^1], y.Count), shifted, names, sigma, absoluteSigma);
        // Residuals of the shifted fit are y − offset − Σ aₖφₖ = y − model: already the caller's residuals.
        return fit with { Message = $"{model} is linear in {string.Join(", ", names)}: " + fit.Message };
    }

    /// <summary>Null when linear; otherwise a sentence naming the parameter and the derivative that betrays it.</summary>
    private static string? FindNonlinearity(Expr model, IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        var set = new HashSet<string>(parameters);
        foreach (var p in parameters)
        {
            var derivative = Nabla.Calculus.Diff(model, p);
            var culprits = derivative.FreeSymbols.Where(s => set.Contains(s.Name)).Select(s => s.Name).ToList();
            if (culprits.Count == 0) continue;
            string which = culprits.Contains(p) ? $"still depends on {p} itself" : $"depends on {string.Join(", ", culprits)}";
            return $"the model {model} is not linear in its parameters: ∂/∂{p} = {derivative} {which}, so it cannot be solved "
                 + $"directly by linear least squares; fit it iteratively (Fit.Curve) from a starting guess.";
        }
        return null;
    }

    private static double[][] BasisColumns(IReadOnlyList<Expr> functions, IReadOnlyDictionary<string, double[]> predictors, int n, string what)
    {
        ArgumentNullException.ThrowIfNull(predictors);
        if (functions.Count == 0) throw new ArgumentException("at least one basis function is needed.", nameof(functions));
        var names = predictors.Keys.OrderBy(k => k, Comparer<string>.Create(Symbol.NaturalCompare)).ToList();
        foreach (var name in names)
        {
            var column = predictors[name] ?? throw new ArgumentException($"predictor '{name}' has no values.", nameof(predictors));
            if (column.Length != n) throw new ArgumentException($"predictor '{name}' has {column.Length} values but y has {n}.", nameof(predictors));
            for (int i = 0; i < n; i++)
                if (!double.IsFinite(column[i])) throw new ArgumentException($"{name}[{i}] = {column[i]} is not a finite number.", nameof(predictors));
        }
        var symbols = names.Select(name => (Symbol)Expr.Sym(name)).ToList();
        var inputs = names.Select(name => predictors[name]).ToList();
        var result = new double[functions.Count][];
        for (int k = 0; k < functions.Count; k++)
        {
            var f = functions[k] ?? throw new ArgumentException($"{what} {k} is null.", nameof(functions));
            var unknown = f.FreeSymbols.Where(s => !predictors.ContainsKey(s.Name)).Select(s => s.Name).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"{what} {f} uses {string.Join(", ", unknown)}, which {(unknown.Count == 1 ? "is not a predictor" : "are not predictors")} (predictors: {string.Join(", ", names)}).", nameof(functions));
            var compiled = Compiler.Compile(f, symbols);
            var values = new double[n];
            compiled.EvaluateBatch(inputs, values, parallel: false);
            for (int i = 0; i < n; i++)
                if (!double.IsFinite(values[i]))
                    throw new ArgumentException($"{what} {f} is undefined at point {i} ({string.Join(", ", names.Select(nm => $"{nm} = {predictors[nm][i]}"))}).", nameof(functions));
            result[k] = values;
        }
        return result;
    }

    private static double[,] ToDesign(double[][] columns, int n)
    {
        var design = new double[n, columns.Length];
        for (int j = 0; j < columns.Length; j++)
            for (int i = 0; i < n; i++) design[i, j] = columns[j][i];
        return design;
    }
}
