using Nabla.Symbolic;

namespace Nabla.Cli;

/// <summary>
/// The figure a verb's <c>--plot file</c> draws from its answer: diff → the function with its derivative, grad →
/// contours with gradient arrows, taylor → the approximations of orders 0 … n, roots → the iterations on the graph,
/// minimize → the descent path.
/// </summary>
public static class PlotOutcomes
{
    /// <summary>The verbs whose answers can be plotted.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["diff", "grad", "taylor", "roots", "minimize"];

    /// <summary>Draws <paramref name="outcome"/> to <paramref name="path"/> (two-variable figures nearly square) and returns the full path.</summary>
    public static string Write(Outcome outcome, string path, CancellationToken cancellationToken = default)
    {
        var figure = ForOutcome(outcome);
        return figure.SquareUnits
            ? PlotRenderer.Write(figure, path, 700, 620, cancellationToken)
            : PlotRenderer.Write(figure, path, cancellationToken: cancellationToken);
    }

    /// <summary><paramref name="json"/> with <c>"plot"</c>: the file written, when there is one.</summary>
    public static System.Text.Json.Nodes.JsonObject WithPlot(System.Text.Json.Nodes.JsonObject json, string? written)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (written is not null) json["plot"] = written;
        return json;
    }

    /// <summary>The figure for <paramref name="outcome"/>.</summary>
    /// <exception cref="RequestException">The answer cannot be drawn (too many variables, or a verb without plots).</exception>
    public static PlotFigure ForOutcome(Outcome outcome) => outcome switch
    {
        DiffOutcome d => Diff(d),
        GradientOutcome g => Gradient(g),
        TaylorOutcome { Univariate: { } series } => Around(series.About.Evaluate(new Dictionary<string, double>()), 3,
            (lo, hi) => PlotBuilder.Taylor(series, lo, hi)),
        TaylorOutcome => throw new RequestException("taylor --plot draws series in one variable; this one is multivariate",
            "expand about one variable (e.g. --about x=0), or plot the function with nabla plot --kind surface"),
        RootsOutcome r => PlotBuilder.Newton(r.Function, r.Variable, r.Result),
        MinimizeOutcome m => PlotBuilder.Descent(m.Function, m.Result),
        _ => throw new RequestException($"--plot is not available here; it is for {string.Join(", ", Verbs)}", "use nabla plot"),
    };

    /// <summary>f and its derivative along the differentiation variable; other variables are fixed at their --at values.</summary>
    private static PlotFigure Diff(DiffOutcome d)
    {
        var (f, centre) = Slice(d.Function, d.Variable, d.Point, "diff");
        return Around(centre, 5, (lo, hi) => PlotBuilder.Derivative(f, d.Variable, lo, hi, d.Order));
    }

    private static PlotFigure Gradient(GradientOutcome g)
    {
        var at = g.Point?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        double Centre(Symbol v) => at is not null && at.TryGetValue(v.Name, out double c) && double.IsFinite(c) ? c : 0;
        if (g.Variables.Count == 1)
            return Around(Centre(g.Variables[0]), 5, (lo, hi) => PlotBuilder.Derivative(g.Function, g.Variables[0], lo, hi));
        if (g.Variables.Count != 2)
            throw new RequestException($"grad --plot draws functions of two variables (contours and gradient arrows); this one has {g.Variables.Count}",
                "drop --plot, or substitute values for all but two variables");
        var (x, y) = (g.Variables[0], g.Variables[1]);
        double cx = Centre(x), cy = Centre(y);
        return PlotBuilder.Contour(g.Function, x, y, new PlotLimits(cx - 3, cx + 3, cy - 3, cy + 3));
    }

    /// <summary>f with every variable but <paramref name="variable"/> replaced by its value at the point.</summary>
    private static (Expr F, double Centre) Slice(Expr f, Symbol variable, IReadOnlyList<KeyValuePair<string, double>>? point, string verb)
    {
        var others = f.FreeSymbols.Where(s => s != variable).ToList();
        var values = point?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) ?? [];
        var missing = others.Where(s => !values.ContainsKey(s.Name)).ToList();
        if (missing.Count > 0)
            throw new RequestException(
                $"{verb} --plot draws a function of {variable.Name} alone; give values for {string.Join(", ", missing.Select(s => s.Name))} with --at",
                $"e.g. --at {string.Join(",", f.FreeSymbols.Select(s => s.Name + "=1"))}");
        foreach (var s in others) f = f.Substitute(s, Exact(values[s.Name]));
        double centre = values.TryGetValue(variable.Name, out double c) && double.IsFinite(c) ? c : 0;
        return (f, centre);
    }

    /// <summary>A finite double as the exact rational it is (m / 2ᵏ), so substituting it changes nothing but the symbol.</summary>
    public static Expr Exact(double value)
    {
        if (!double.IsFinite(value)) throw new RequestException($"the value {PlotBuilder.Format(value)} is not a finite number");
        double m = value;
        int k = 0;
        // Doubling is exact, and after at most 1074 doublings every finite double is a whole number.
        while (m != Math.Floor(m)) { m *= 2; k++; }
        return Expr.Num(new System.Numerics.BigInteger(m), System.Numerics.BigInteger.Pow(2, k));
    }

    private static PlotFigure Around(double centre, double half, Func<double, double, PlotFigure> build) => build(centre - half, centre + half);
}
