using System.Text.Json.Nodes;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Cli;

/// <summary>Draw a function (and what the engine computes about it) to an SVG or PNG file.</summary>
/// <param name="Expr">The function.</param>
/// <param name="File">The image file; .svg or .png picks the format.</param>
/// <param name="Kind">function, derivative, secant, taylor, newton, contour, surface or descent; null infers it from the other fields.</param>
/// <param name="From">The left end of x (a number or a constant such as -pi).</param>
/// <param name="To">The right end of x.</param>
/// <param name="YFrom">Contour and surface: the bottom of y (default: as x).</param>
/// <param name="YTo">Contour and surface: the top of y.</param>
/// <param name="TangentAt">Secant: the point of tangency x₀.</param>
/// <param name="Order">Taylor: the highest order n (orders 0 … n are drawn).</param>
/// <param name="About">Taylor: the expansion point, as <c>1</c> or <c>x=1</c> (default 0).</param>
/// <param name="X0">Newton: the start.</param>
/// <param name="Start">Descent: the start, a value for every variable.</param>
/// <param name="Method">Newton: newton, secant or bisection. Descent: a minimize method (gd, momentum, …, bfgs).</param>
/// <param name="Rate">Descent: the step size of the fixed-step methods.</param>
/// <param name="Width">The image width in pixels (default 800; 700 for two variables).</param>
/// <param name="Height">The image height in pixels (default 500; 620 for two variables).</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record PlotRequest(string Expr, string File, string? Kind = null, string? From = null, string? To = null, string? YFrom = null,
    string? YTo = null, string? TangentAt = null, int? Order = null, string? About = null, string? X0 = null, IReadOnlyList<PointValue>? Start = null,
    string? Method = null, double? Rate = null, int? Width = null, int? Height = null, bool Split = false) : Request(Split);

/// <summary>A plot written to a file.</summary>
/// <param name="Kind">The kind drawn (given or inferred).</param>
/// <param name="File">The full path written.</param>
/// <param name="Title">The plot's title.</param>
public sealed record PlotOutcome(string Kind, string File, string Title) : Outcome;

public sealed partial class Responder
{
    /// <summary>The plot kinds, in the order the help lists them.</summary>
    public static IReadOnlyList<string> PlotKinds { get; } = ["function", "derivative", "secant", "taylor", "newton", "contour", "surface", "descent"];

    /// <summary>
    /// Draws the plot and writes it atomically. The kind, when not given, follows from the other fields: a tangent
    /// point means secant lines, an order means Taylor, a start x0 means Newton, a start point means descent; else
    /// two variables mean contours with gradient arrows, one means the function.
    /// </summary>
    public PlotOutcome Plot(PlotRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        PlotFile.Check(request.File);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        string kind = request.Kind?.Trim().ToLowerInvariant() ?? InferPlotKind(request, f);
        if (!PlotKinds.Contains(kind))
            throw new RequestException($"unknown plot kind \"{request.Kind}\"", $"kind must be one of: {string.Join(", ", PlotKinds)}");
        bool twoVariables = kind is "contour" or "surface" or "descent" && f.FreeSymbols.Count == 2;
        int width = request.Width ?? (twoVariables ? 700 : PlotRenderer.DefaultWidth);
        int height = request.Height ?? (twoVariables ? 620 : PlotRenderer.DefaultHeight);
        PlotFile.CheckSize(width, height);

        double? Optional(string? text, string field) => text is null ? null : Constant(text, field, options);
        double? from = Optional(request.From, "from"), to = Optional(request.To, "to");
        if (from is { } a && to is { } b && !(a < b))
            throw new RequestException($"--from must be less than --to, got {PlotBuilder.Format(a)} and {PlotBuilder.Format(b)}", "e.g. --from -2 --to 3");

        var figure = kind switch
        {
            "function" => Range1(f, kind, from, to, 0, (x, lo, hi) => PlotBuilder.Function(f, x, lo, hi)),
            "derivative" => Range1(f, kind, from, to, 0, (x, lo, hi) => PlotBuilder.Derivative(f, x, lo, hi)),
            "secant" => SecantFigure(f, request, from, to, options),
            "taylor" => TaylorFigure(f, request, from, to),
            "newton" => NewtonFigure(f, request, from, to),
            "contour" or "surface" => SurfaceFigure(f, kind, from, to, Optional(request.YFrom, "y-from"), Optional(request.YTo, "y-to")),
            _ => DescentFigure(f, request, from, to, Optional(request.YFrom, "y-from"), Optional(request.YTo, "y-to")),
        };
        string written = PlotRenderer.Write(figure, request.File, width, height, cancellationToken);
        return new PlotOutcome(figure.Kind, written, figure.Title);
    }

    /// <summary>Carries out a plot request as <see cref="Execute"/> does, cancellable; a cancelled plot leaves no file.</summary>
    public PlotOutcome ExecutePlot(PlotRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return Guard(() => Plot(request, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            throw new RequestException("plot cancelled; no file was written");
        }
    }

    private static string InferPlotKind(PlotRequest request, Expr f) =>
        request.TangentAt is not null ? "secant"
        : request.Order is not null ? "taylor"
        : request.X0 is not null ? "newton"
        : request.Start is not null ? "descent"
        : f.FreeSymbols.Count == 2 ? "contour"
        : "function";

    /// <summary>The variable of a one-variable plot: the only one, or x for a constant.</summary>
    private static Symbol OneVariable(Expr f, string kind)
    {
        var free = f.FreeSymbols;
        if (free.Count == 1) return free[0];
        if (free.Count == 0) return (Symbol)Expr.Sym("x");
        throw new RequestException($"a {kind} plot draws a function of one variable; {f.ToHuman()} depends on {Names(free)}",
            free.Count == 2 ? "use --kind contour or --kind surface for two variables, or substitute a value for one of them" : "substitute values for all but one variable");
    }

    private static PlotFigure Range1(Expr f, string kind, double? from, double? to, double centre, Func<Symbol, double, double, PlotFigure> build)
    {
        var x = OneVariable(f, kind);
        double lo = from ?? (to is { } t ? Math.Min(centre, t) - 5 : centre - 5);
        double hi = to ?? Math.Max(lo, centre) + 5;
        return build(x, lo, hi);
    }

    private PlotFigure SecantFigure(Expr f, PlotRequest request, double? from, double? to, ParseOptions options)
    {
        if (request.TangentAt is null)
            throw new RequestException("a secant plot needs the point of tangency", "add --tangent-at 1 (in batch: \"tangentAt\":1)");
        double x0 = Constant(request.TangentAt, "tangent-at", options);
        var x = OneVariable(f, "secant");
        return PlotBuilder.Secant(f, x, x0, from ?? x0 - 2, to ?? x0 + 3);
    }

    private PlotFigure TaylorFigure(Expr f, PlotRequest request, double? from, double? to)
    {
        var x = OneVariable(f, "taylor");
        string about = request.About ?? "0";
        int eq = about.IndexOf('=', StringComparison.Ordinal);
        var point = eq >= 0 ? RequestReader.ParsePoint(about) : [new PointValue(x.Name, about)];
        if (point.Count != 1 || point[0].Name != x.Name)
            throw new RequestException($"the expansion point must be a value of {x.Name}, got \"{about}\"", $"e.g. --about 1 or --about {x.Name}=1");
        var series = Taylor(new TaylorRequest(request.Expr, point, request.Order ?? 4, request.Split)).Univariate!;
        double a = series.About.Evaluate(new Dictionary<string, double>());
        return PlotBuilder.Taylor(series, from ?? a - 3, to ?? a + 3);
    }

    private PlotFigure NewtonFigure(Expr f, PlotRequest request, double? from, double? to)
    {
        if (request.X0 is null)
            throw new RequestException("a Newton plot needs a start", "add --x0 1 (in batch: \"x0\":1)");
        var roots = Roots(new RootsRequest(request.Expr, request.X0, request.Method, null, null, true, request.Split));
        return PlotBuilder.Newton(roots.Function, roots.Variable, roots.Result, from, to);
    }

    private static PlotFigure SurfaceFigure(Expr f, string kind, double? from, double? to, double? yFrom, double? yTo)
    {
        var free = f.FreeSymbols;
        if (free.Count != 2)
            throw new RequestException($"a {kind} plot draws a function of two variables; {f.ToHuman()} has {free.Count} ({(free.Count == 0 ? "none" : Names(free))})",
                free.Count < 2 ? "use --kind function or derivative for one variable" : "substitute values for all but two variables");
        var region = Region(from, to, yFrom, yTo) ?? new PlotLimits(-3, 3, -3, 3);
        return kind == "contour" ? PlotBuilder.Contour(f, free[0], free[1], region) : PlotBuilder.Surface(f, free[0], free[1], region);
    }

    private PlotFigure DescentFigure(Expr f, PlotRequest request, double? from, double? to, double? yFrom, double? yTo)
    {
        if (request.Start is null)
            throw new RequestException("a descent plot needs a start", "add --start x=1,y=2 (in batch: \"start\":{\"x\":1,\"y\":2})");
        var minimum = Minimize(new MinimizeRequest(request.Expr, request.Start, request.Method, request.Rate, null, true, request.Split));
        return PlotBuilder.Descent(minimum.Function, minimum.Result, Region(from, to, yFrom, yTo));
    }

    /// <summary>The region given by --from/--to (x) and --y-from/--y-to (y, default as x), or null when x is not given.</summary>
    private static PlotLimits? Region(double? from, double? to, double? yFrom, double? yTo)
    {
        if (from is null || to is null) return null;
        double lo = yFrom ?? from.Value, hi = yTo ?? to.Value;
        if (!(lo < hi)) throw new RequestException("--y-from must be less than --y-to", "e.g. --y-from -1 --y-to 2");
        return new PlotLimits(from.Value, to.Value, lo, hi);
    }

    /// <summary>The JSON answer: <c>{"ok":true,"file":…,"kind":…,"title":…}</c>.</summary>
    public static JsonObject PlotJson(PlotOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new JsonObject
        {
            ["ok"] = true,
            ["file"] = outcome.File,
            ["kind"] = outcome.Kind,
            ["title"] = outcome.Title,
        };
    }

    /// <summary>The human answer: where the plot went and what it shows.</summary>
    public static string PlotText(PlotOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return $"plot written to {outcome.File}\n  {outcome.Kind}: {outcome.Title}";
    }
}

public static partial class RequestReader
{
    /// <summary>The plot op, or null for another op.</summary>
    private static PlotRequest? ReadPlot(string op, JsonObject obj, bool split) => op != "plot" ? null : new PlotRequest(
        RequiredString(obj, "expr"),
        OptionalString(obj, "file") ?? throw new RequestException("missing field \"file\"", "add \"file\": the image path, e.g. \"plot.svg\""),
        OptionalString(obj, "kind"),
        NumberOrText(obj, "from"),
        NumberOrText(obj, "to"),
        NumberOrText(obj, "yFrom"),
        NumberOrText(obj, "yTo"),
        NumberOrText(obj, "tangentAt"),
        OptionalInt(obj, "order"),
        NumberOrText(obj, "about"),
        NumberOrText(obj, "x0"),
        OptionalPoint(obj, "start"),
        OptionalString(obj, "method"),
        OptionalDouble(obj, "rate"),
        OptionalInt(obj, "width"),
        OptionalInt(obj, "height"),
        split);
}
