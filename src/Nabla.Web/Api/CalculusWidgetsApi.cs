using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Cli;
using Nabla.Symbolic;
using Nabla.Web.Infrastructure;
using static Nabla.Web.Api.CalculusWidgetsInput;

namespace Nabla.Web.Api;

/// <summary>
/// The calculus widgets of modules 1-2: one endpoint per widget, <c>POST /api/widgets/NAME</c>, answering everything
/// the widget draws (samples, derivatives as LaTeX, slopes, arrows, eigen-directions), computed by the engine under
/// <see cref="EngineCall"/>'s budget. See docs/api/widgets-calculus.md.
/// </summary>
public sealed class CalculusWidgetsApi : IApiModule
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const long MaxBody = 64 * 1024;

    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        Post<CurveRequest>(api, "function-plot", FunctionPlot);
        Post<SecantRequest>(api, "secant-tangent", SecantTangent);
        Post<CurveRequest>(api, "derivative-plot", DerivativePlot);
        Post<CurveRequest>(api, "match-derivative", MatchDerivative);
        Post<PlaneRequest>(api, "surface", Surface);
        Post<PlaneRequest>(api, "contour-gradient", ContourGradient);
        Post<PlaneRequest>(api, "jacobian-field", JacobianField);
        Post<PlaneRequest>(api, "hessian", Hessian);
    }

    private static void Post<T>(RouteGroupBuilder api, string name, Func<T, CancellationToken, object> work) where T : class =>
        api.MapPost("/widgets/" + name, (HttpContext http, EngineCall engine) => Handle(http, engine, work));

    private static async Task<IResult> Handle<T>(HttpContext http, EngineCall engine, Func<T, CancellationToken, object> work) where T : class
    {
        if (http.Request.ContentLength > MaxBody)
            return ApiErrors.Error("the request body is too large", "send less than 64 KB", status: StatusCodes.Status413PayloadTooLarge);
        T? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return ApiErrors.Error($"the request is not valid JSON: {ex.Message}", "send a JSON object, e.g. {\"f\": \"x^2\"}");
        }
        if (request is null) return ApiErrors.Error("the request body must be a JSON object", "send e.g. {\"f\": \"x^2\"}");
        return await engine.Run(ct => work(request, ct), http.RequestAborted);
    }

    private static readonly Symbol[] OneVariable = [X];
    private static readonly Symbol[] TwoVariables = [X, Y];

    // ---------------------------------------------------------------- one variable

    private static FunctionPlotAnswer FunctionPlot(CurveRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", OneVariable);
        var (lo, hi) = Range(r.From, r.To, "from", "to", -5, 5);
        int n = Count(r.Samples, "samples", 400, 2, MaxSamples);
        var xs = Linspace(lo, hi, n);
        var ys = Compile([f], OneVariable, ct).EvaluateBatch([xs])[0];
        var features = Extrema(xs, ys);
        string summary = $"Graph of f(x) = {f} for x from {Show(lo)} to {Show(hi)}: " + DescribeShape(xs, ys, features) + ".";
        return new FunctionPlotAnswer(true, f.ToLatex(), lo, hi, xs, Finite(ys), ViewRange(ys), features, summary);
    }

    private static string DescribeShape(double[] xs, double[] ys, List<Feature> features)
    {
        var parts = features.Select(p => $"a local {p.Kind} near {Show(p.X, p.Y)}").ToList();
        if (parts.Count == 0)
        {
            var finite = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(ys[i])).ToList();
            if (finite.Count < 2) return "it is undefined on this range";
            double first = ys[finite[0]], last = ys[finite[^1]];
            parts.Add(last > first ? "it rises from left to right" : last < first ? "it falls from left to right" : "it is flat");
        }
        if (ys.Any(v => !double.IsFinite(v))) parts.Add("it is undefined at some points");
        return string.Join("; ", parts);
    }

    private static SecantAnswer SecantTangent(SecantRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", OneVariable);
        if (r.X0 is null || r.X0.Value.ValueKind == JsonValueKind.Null)
            throw new RequestException("\"x0\" is missing", "send the point where the tangent touches, e.g. \"x0\": 1");
        double x0 = Number(r.X0, "x0", 0);
        double h0 = Number(r.H, "h", 1, 1000);
        if (h0 == 0) throw new RequestException("\"h\" must not be 0: it is the starting run of the secant", "send e.g. \"h\": 1");
        int n = Count(r.Samples, "samples", 400, 2, MaxSamples);
        var df = Derivative(f, X, ct);
        var fn = Compile([f, df], OneVariable, ct);
        var at = fn.Evaluate(x0);
        double y0 = at[0], slope = at[1];
        if (!double.IsFinite(y0)) throw new RequestException($"f is not defined at x0 = {Show(x0)}", "choose another x0");
        if (!double.IsFinite(slope)) throw new RequestException($"f has no derivative at x0 = {Show(x0)}", "choose another x0");

        // The slider's positions: h shrinks by a factor 10^(1/10) per step, three decades, then h = 0 (the tangent).
        const int positions = 31;
        var hs = Enumerable.Range(0, positions).Select(i => h0 * Math.Pow(10, -i / 10.0)).ToArray();
        var x1 = hs.Select(h => x0 + h).ToArray();
        var y1 = fn.EvaluateBatch([x1])[0];
        var steps = new List<SecantStep>(positions + 1);
        for (int i = 0; i < positions; i++)
        {
            double rise = y1[i] - y0;
            steps.Add(new SecantStep(hs[i], x1[i], Finite(y1[i]), Finite(rise), hs[i], Finite(rise / hs[i])));
        }
        steps.Add(new SecantStep(0, x0, y0, 0, 0, slope));

        double span = Math.Max(Math.Abs(h0), 1) * 1.5;
        double from = x0 - span, to = x0 + span;
        var xs = Linspace(from, to, n);
        var ys = fn.EvaluateBatch([xs])[0];
        string summary = $"f(x) = {f} near x0 = {Show(x0)}: as h shrinks, the secant through x0 and x0 + h turns into the tangent, " +
                         $"and its slope rise/run approaches f′({Show(x0)}) = {Show(slope)}.";
        return new SecantAnswer(true, f.ToLatex(), df.ToLatex(), x0, y0, slope, from, to, xs, Finite(ys), ViewRange(ys), steps, summary);
    }

    private static DerivativePlotAnswer DerivativePlot(CurveRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", OneVariable);
        var (lo, hi) = Range(r.From, r.To, "from", "to", -3, 3);
        int n = Count(r.Samples, "samples", 301, 2, MaxSamples);
        var df = Derivative(f, X, ct);
        var xs = Linspace(lo, hi, n);
        var values = Compile([f, df], OneVariable, ct).EvaluateBatch([xs]);
        var features = Extrema(xs, values[0]);
        string summary = features.Count == 0
            ? $"f(x) = {f} and its derivative f′(x) = {df}: f′ does not change sign between {Show(lo)} and {Show(hi)}."
            : $"f(x) = {f} and its derivative f′(x) = {df}: f′ crosses zero where f turns, " +
              string.Join(" and ", features.Select(p => $"near x = {Show(p.X)} (a {(p.Kind == "maximum" ? "peak" : "valley")} of f)")) + ".";
        return new DerivativePlotAnswer(true, f.ToLatex(), df.ToLatex(), lo, hi, xs, Finite(values[0]), Finite(values[1]),
            ViewRange(values[0]), ViewRange(values[1]), features, summary);
    }

    private static MatchDerivativeAnswer MatchDerivative(CurveRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", OneVariable);
        var (lo, hi) = Range(r.From, r.To, "from", "to", -3, 3);
        int n = Count(r.Samples, "samples", 201, 2, MaxSamples);
        int seed = r.Seed ?? 0;
        var df = Derivative(f, X, ct);
        var d2f = Derivative(df, X, ct);
        var xs = Linspace(lo, hi, n);
        // The right answer first, then plausible mistakes in order of how instructive they are.
        var pool = new (Expr Expr, string Name, string Feedback)[]
        {
            (df, "f'(x)", "Right: this graph is positive where f climbs, negative where f falls, and zero at f's peaks and valleys."),
            (-df, "-f'(x)", "This one is upside down: it is negative where f climbs, but a climbing graph has a positive slope."),
            (f, "f(x)", "This is f itself, not its slope: compare where each is zero."),
            (d2f, "f''(x)", "This is the slope of the slope (the second derivative): it is zero where f′ turns, not where f does."),
            (df.Substitute(X, X - 1), "f'(x - 1)", "This is the right shape shifted right by 1: its zeros miss f's peaks and valleys."),
            (df + 1, "f'(x) + 1", "This is the right shape moved up by 1: at f's peaks and valleys the slope must be exactly 0."),
        };
        var compiled = Compile(pool.Select(p => p.Expr).ToArray(), OneVariable, ct).EvaluateBatch([xs]);
        var chosen = new List<int> { 0 };
        for (int k = 1; k < pool.Length && chosen.Count < 4; k++)
            if (chosen.All(c => Distinct(compiled[c], compiled[k]))) chosen.Add(k);
        if (chosen.Count < 3)
            throw new RequestException($"f(x) = {f} gives too few different graphs to match", "use a function whose graph has some shape, e.g. x^3 - 3*x");
        var rng = new Random(seed);
        var order = chosen.ToArray();
        rng.Shuffle(order);
        var candidates = order.Select((k, i) => new DerivativeCandidate(((char)('A' + i)).ToString(), Finite(compiled[k]), ViewRange(compiled[k]),
            $"{pool[k].Name} = {pool[k].Expr.ToLatex()}", k == 0, pool[k].Feedback)).ToList();
        var fValues = compiled[2];
        string summary = $"f(x) = {f} for x from {Show(lo)} to {Show(hi)}: " + DescribeShape(xs, fValues, Extrema(xs, fValues)) +
                         $". Which of the graphs {string.Join(", ", candidates.Select(c => c.Label))} is its derivative?";
        return new MatchDerivativeAnswer(true, f.ToLatex(), df.ToLatex(), lo, hi, xs, Finite(fValues), ViewRange(fValues), candidates, summary);
    }

    private static bool Distinct(double[] a, double[] b)
    {
        double scale = 0, diff = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (!double.IsFinite(a[i]) || !double.IsFinite(b[i])) continue;
            scale = Math.Max(scale, Math.Max(Math.Abs(a[i]), Math.Abs(b[i])));
            diff = Math.Max(diff, Math.Abs(a[i] - b[i]));
        }
        return diff > 0.05 * Math.Max(scale, 1e-9);
    }

    // ---------------------------------------------------------------- two variables

    private sealed record Plane(double XMin, double XMax, double YMin, double YMax, double[] Xs, double[] Ys)
    {
        public double[][] Columns()
        {
            var px = new double[Xs.Length * Ys.Length];
            var py = new double[px.Length];
            for (int j = 0; j < Ys.Length; j++)
                for (int i = 0; i < Xs.Length; i++) { px[j * Xs.Length + i] = Xs[i]; py[j * Xs.Length + i] = Ys[j]; }
            return [px, py];
        }

        public double?[][] Rows(double[] values)
        {
            var rows = new double?[Ys.Length][];
            for (int j = 0; j < Ys.Length; j++) rows[j] = Finite(values.AsSpan(j * Xs.Length, Xs.Length).ToArray());
            return rows;
        }
    }

    private static Plane Window(PlaneRequest r, double lo, double hi, int defaultGrid, double? cx = null, double? cy = null)
    {
        var (x0, x1) = Range(r.XMin, r.XMax, "xMin", "xMax", (cx ?? 0) + lo, (cx ?? 0) + hi);
        var (y0, y1) = Range(r.YMin, r.YMax, "yMin", "yMax", (cy ?? 0) + lo, (cy ?? 0) + hi);
        int n = Count(r.Grid, "grid", defaultGrid, 2, MaxGrid);
        return new Plane(x0, x1, y0, y1, Linspace(x0, x1, n), Linspace(y0, y1, n));
    }

    private static (int I, int J) ArgExtreme(double[] values, int width, bool max)
    {
        int best = -1;
        for (int k = 0; k < values.Length; k++)
            if (double.IsFinite(values[k]) && (best < 0 || (max ? values[k] > values[best] : values[k] < values[best]))) best = k;
        return best < 0 ? (-1, -1) : (best % width, best / width);
    }

    private static string Extremes(Plane p, double[] z)
    {
        var (li, lj) = ArgExtreme(z, p.Xs.Length, false);
        var (hi, hj) = ArgExtreme(z, p.Xs.Length, true);
        if (li < 0) return "f is undefined on this window";
        return $"lowest value {Show(z[lj * p.Xs.Length + li])} near {Show(p.Xs[li], p.Ys[lj])}, highest {Show(z[hj * p.Xs.Length + hi])} near {Show(p.Xs[hi], p.Ys[hj])}";
    }

    private static SurfaceAnswer Surface(PlaneRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", TwoVariables);
        var p = Window(r, -3, 3, 41);
        var fx = Derivative(f, X, ct);
        var fy = Derivative(f, Y, ct);
        var v = Compile([f, fx, fy], TwoVariables, ct).EvaluateBatch(p.Columns());
        string summary = $"f(x, y) = {f} over [{Show(p.XMin)}, {Show(p.XMax)}] × [{Show(p.YMin)}, {Show(p.YMax)}]: {Extremes(p, v[0])}.";
        return new SurfaceAnswer(true, f.ToLatex(), fx.ToLatex(), fy.ToLatex(), p.Xs, p.Ys, p.Rows(v[0]), p.Rows(v[1]), p.Rows(v[2]),
            ViewRange(v[0]), summary);
    }

    private static ContourGradientAnswer ContourGradient(PlaneRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", TwoVariables);
        var p = Window(r, -3, 3, 61);
        int m = Count(r.Arrows, "arrows", 13, 2, MaxArrows);
        var fx = Derivative(f, X, ct);
        var fy = Derivative(f, Y, ct);
        var fn = Compile([f, fx, fy], TwoVariables, ct);
        var v = fn.EvaluateBatch(p.Columns());

        // Arrows at cell centres of an m×m grid, scaled so the longest is 85 % of a cell: directions and relative sizes read true.
        double cw = (p.XMax - p.XMin) / m, ch = (p.YMax - p.YMin) / m;
        var ax = new List<double>(); var ay = new List<double>();
        for (int j = 0; j < m; j++) for (int i = 0; i < m; i++) { ax.Add(p.XMin + (i + 0.5) * cw); ay.Add(p.YMin + (j + 0.5) * ch); }
        var g = fn.EvaluateBatch([ax.ToArray(), ay.ToArray()]);
        double longest = 0;
        for (int k = 0; k < ax.Count; k++)
            if (double.IsFinite(g[1][k]) && double.IsFinite(g[2][k])) longest = Math.Max(longest, Math.Sqrt(g[1][k] * g[1][k] + g[2][k] * g[2][k]));
        double scale = longest > 0 ? 0.85 * Math.Min(cw, ch) / longest : 0;
        var arrows = new List<GradientArrow>();
        for (int k = 0; k < ax.Count; k++)
            if (double.IsFinite(g[1][k]) && double.IsFinite(g[2][k]))
                arrows.Add(new GradientArrow(ax[k], ay[k], g[1][k], g[2][k], g[1][k] * scale, g[2][k] * scale));

        double px = Number(r.X0, "x0", p.XMin + 0.75 * (p.XMax - p.XMin));
        double py = Number(r.Y0, "y0", p.YMin + 0.75 * (p.YMax - p.YMin));
        var at = fn.Evaluate(px, py);
        double mag = Math.Sqrt(at[1] * at[1] + at[2] * at[2]);
        string pointSummary = !double.IsFinite(at[0]) ? $"f is undefined at {Show(px, py)}"
            : !double.IsFinite(mag) ? $"at {Show(px, py)}: f = {Show(at[0])}, and the gradient is undefined there"
            : mag == 0 ? $"at {Show(px, py)}: f = {Show(at[0])} and ∇f = (0, 0): a flat spot (stationary point)"
            : $"at {Show(px, py)}: f = {Show(at[0])}, ∇f = {Show(at[1], at[2])}, length {Show(mag)}, pointing uphill across the contour";
        var point = new GradientAt(px, py, Finite(at[0]), Finite(at[1]), Finite(at[2]), Finite(mag), pointSummary);
        string summary = $"Contours of f(x, y) = {f} with gradient arrows (uphill, at right angles to the contours; longer where f is steeper): {Extremes(p, v[0])}.";
        return new ContourGradientAnswer(true, f.ToLatex(), [fx.ToLatex(), fy.ToLatex()], p.Xs, p.Ys, p.Rows(v[0]), arrows, scale, point, summary);
    }

    private static JacobianFieldAnswer JacobianField(PlaneRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", TwoVariables);
        var g = Function(r.G, "g", TwoVariables);
        var (xMin, xMax) = Range(r.XMin, r.XMax, "xMin", "xMax", -2, 2);
        var (yMin, yMax) = Range(r.YMin, r.YMax, "yMin", "yMax", -2, 2);
        int lines = Count(r.Grid, "grid", 9, 2, MaxArrows);
        double x0 = Number(r.X0, "x0", xMin + 0.75 * (xMax - xMin));
        double y0 = Number(r.Y0, "y0", yMin + 0.625 * (yMax - yMin));
        double size = Number(r.Size, "size", 0.1 * Math.Min(xMax - xMin, yMax - yMin));
        if (size <= 0 || size > Math.Min(xMax - xMin, yMax - yMin))
            throw new RequestException($"\"size\" = {size} must be positive and at most the window's width", "the square is small: try 0.2");
        ct.ThrowIfCancellationRequested();
        var jac = Calculus.Jacobian([f, g], TwoVariables, Diff);
        var fn = Compile([f, g, jac[0, 0], jac[0, 1], jac[1, 0], jac[1, 1]], TwoVariables, ct);

        var at = fn.Evaluate(x0, y0);
        if (at.Any(v => !double.IsFinite(v)))
            throw new RequestException($"(f, g) is not defined or not differentiable at {Show(x0, y0)}", "move the point");
        double[][] j = [[at[2], at[3]], [at[4], at[5]]];
        double det = at[2] * at[5] - at[3] * at[4];

        // The grid: `lines` lines each way, 60 samples along each, in the domain and mapped by (f, g).
        const int along = 60;
        var domainLines = new List<Polyline>();
        var imageLines = new List<Polyline>();
        foreach (double c in Linspace(xMin, xMax, lines)) AddLine(Enumerable.Repeat(c, along).ToArray(), Linspace(yMin, yMax, along));
        foreach (double c in Linspace(yMin, yMax, lines)) AddLine(Linspace(xMin, xMax, along), Enumerable.Repeat(c, along).ToArray());
        void AddLine(double[] xs, double[] ys)
        {
            var image = fn.EvaluateBatch([xs, ys]);
            domainLines.Add(new Polyline(Finite(xs), Finite(ys)));
            imageLines.Add(new Polyline(Finite(image[0]), Finite(image[1])));
        }

        // The small square centred on the point, its true image and the Jacobian's parallelogram F(p) + J·(q − p).
        const int edge = 16;
        double s = size / 2;
        var sx = new List<double>(); var sy = new List<double>();
        (double X, double Y)[] corners = [(x0 - s, y0 - s), (x0 + s, y0 - s), (x0 + s, y0 + s), (x0 - s, y0 + s), (x0 - s, y0 - s)];
        for (int c = 0; c < 4; c++)
            for (int k = 0; k < edge; k++)
            {
                double t = (double)k / edge;
                sx.Add(corners[c].X + t * (corners[c + 1].X - corners[c].X));
                sy.Add(corners[c].Y + t * (corners[c + 1].Y - corners[c].Y));
            }
        sx.Add(corners[0].X); sy.Add(corners[0].Y);
        var trueImage = fn.EvaluateBatch([sx.ToArray(), sy.ToArray()]);
        var lx = sx.Select((q, k) => at[0] + j[0][0] * (q - x0) + j[0][1] * (sy[k] - y0)).ToArray();
        var ly = sx.Select((q, k) => at[1] + j[1][0] * (q - x0) + j[1][1] * (sy[k] - y0)).ToArray();

        string action = det > 0 ? "keeps orientation" : det < 0 ? "flips orientation" : "squashes the square flat";
        string summary = $"The map (f, g) = ({f}, {g}). At {Show(x0, y0)} the Jacobian is [[{Show(j[0][0])}, {Show(j[0][1])}], [{Show(j[1][0])}, {Show(j[1][1])}]] " +
                         $"with determinant {Show(det)}: near this point the map scales areas by about {Show(Math.Abs(det))} and {action}; " +
                         "the small square's true image is close to the parallelogram the Jacobian gives.";
        string[][] latex = [[jac[0, 0].ToLatex(), jac[0, 1].ToLatex()], [jac[1, 0].ToLatex(), jac[1, 1].ToLatex()]];
        return new JacobianFieldAnswer(true, f.ToLatex(), g.ToLatex(), latex, xMin, xMax, yMin, yMax, x0, y0, size, domainLines, imageLines,
            new Polyline(Finite(sx.ToArray()), Finite(sy.ToArray())), new Polyline(Finite(trueImage[0]), Finite(trueImage[1])),
            new Polyline(Finite(lx), Finite(ly)), [at[0], at[1]], j, det, summary);
    }

    private static HessianAnswer Hessian(PlaneRequest r, CancellationToken ct)
    {
        var f = Function(r.F, "f", TwoVariables);
        var grad = Calculus.Gradient(f, TwoVariables, Diff);
        var h = Calculus.Hessian(f, TwoVariables, Diff);
        var fn = Compile([f, grad[0], grad[1], h[0, 0], h[0, 1], h[1, 1]], TwoVariables, ct);

        bool given = r.X0 is { ValueKind: not JsonValueKind.Null } || r.Y0 is { ValueKind: not JsonValueKind.Null };
        double x0 = Number(r.X0, "x0", 0), y0 = Number(r.Y0, "y0", 0);
        if (!given && NearestStationary(f, -3, 3, -3, 3, ct) is { } found) (x0, y0) = (found.X, found.Y);
        var p = Window(r, -2, 2, 41, x0, y0);
        var z = fn.EvaluateBatch(p.Columns())[0];
        var marks = Stationary(f, p, ct);

        var at = fn.Evaluate(x0, y0);
        if (at.Any(v => !double.IsFinite(v)))
            throw new RequestException($"f is not defined or not twice differentiable at {Show(x0, y0)}", "move the point");
        double[][] hm = [[at[3], at[4]], [at[4], at[5]]];
        var evd = Matrix<double>.Build.DenseOfArray(new[,] { { at[3], at[4] }, { at[4], at[5] } }).Evd(Symmetricity.Symmetric);
        var pairs = Enumerable.Range(0, 2)
            .Select(k => (Value: evd.EigenValues[k].Real, Vector: new[] { evd.EigenVectors[0, k], evd.EigenVectors[1, k] }))
            .OrderBy(e => e.Value).ToArray();
        double[] lambdas = [pairs[0].Value, pairs[1].Value];
        double det = at[3] * at[5] - at[4] * at[4];
        double hmax = Math.Max(Math.Abs(at[3]), Math.Max(Math.Abs(at[4]), Math.Abs(at[5])));
        double gnorm = Math.Max(Math.Abs(at[1]), Math.Abs(at[2]));
        bool stationary = gnorm <= 1e-6 * (1 + hmax * (1 + Math.Abs(x0) + Math.Abs(y0)));
        var (kind, words) = Classify(stationary, lambdas, at[1], at[2], x0, y0);
        string summary = $"Contours of f(x, y) = {f} near {Show(x0, y0)}. Hessian eigenvalues {Show(lambdas[0])} and {Show(lambdas[1])}: {words}";
        return new HessianAnswer(true, f.ToLatex(), [grad[0].ToLatex(), grad[1].ToLatex()],
            [[h[0, 0].ToLatex(), h[0, 1].ToLatex()], [h[1, 0].ToLatex(), h[1, 1].ToLatex()]],
            p.XMin, p.XMax, p.YMin, p.YMax, p.Xs, p.Ys, p.Rows(z), x0, y0, at[0], [at[1], at[2]], hm, det, lambdas,
            [pairs[0].Vector, pairs[1].Vector], stationary, kind, words, marks, summary);
    }

    private static (string Kind, string Words) Classify(bool stationary, double[] l, double gx, double gy, double x0, double y0)
    {
        double tol = 1e-8 * Math.Max(1, Math.Max(Math.Abs(l[0]), Math.Abs(l[1])));
        bool zero = Math.Abs(l[0]) <= tol || Math.Abs(l[1]) <= tol;
        string curvature = l[0] > tol ? "f curves up in every direction"
            : l[1] < -tol ? "f curves down in every direction"
            : l[0] < -tol && l[1] > tol ? "f curves down along the first eigen-direction and up along the second"
            : "f is flat to second order along an eigen-direction";
        if (!stationary)
            return ("not-stationary", $"{Show(x0, y0)} is not a stationary point: ∇f = {Show(gx, gy)} ≠ 0, so it is no minimum, maximum or saddle; the Hessian still says how f curves here: {curvature}.");
        if (l[0] < -tol && l[1] > tol) return ("saddle", $"a saddle point: the eigenvalues have both signs, so {curvature}.");
        if (zero) return ("degenerate", "a stationary point where an eigenvalue is 0: the Hessian test cannot tell; look more closely.");
        if (l[0] > 0) return ("minimum", $"a minimum: both eigenvalues are positive, so {curvature}.");
        return ("maximum", $"a maximum: both eigenvalues are negative, so {curvature}.");
    }

    private static StationaryOptions SearchOptions(double xMin, double xMax, double yMin, double yMax) => new()
    {
        Bounds = new Dictionary<string, (double, double)> { ["x"] = (xMin, xMax), ["y"] = (yMin, yMax) },
        GridSize = 8,
        MaxPoints = 20,
        TimeBudget = TimeSpan.FromSeconds(0.4),
        Diff = Diff,
    };

    private static IReadOnlyList<StationaryPoint> Search(Expr f, double xMin, double xMax, double yMin, double yMax, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            return Calculus.StationaryPoints(f, TwoVariables, SearchOptions(xMin, xMax, yMin, yMax)).Points
                .Where(s => s.Location["x"] >= xMin && s.Location["x"] <= xMax && s.Location["y"] >= yMin && s.Location["y"] <= yMax)
                .ToList();
        }
        catch (ArgumentException)
        {
            // The stationary points are a guide drawn on the plot; a function the search cannot take still gets its contours.
            return [];
        }
    }

    private static (double X, double Y)? NearestStationary(Expr f, double xMin, double xMax, double yMin, double yMax, CancellationToken ct) =>
        Search(f, xMin, xMax, yMin, yMax, ct)
            .Select(s => (X: s.Location["x"], Y: s.Location["y"]))
            .OrderBy(s => s.X * s.X + s.Y * s.Y)
            .Select(s => ((double X, double Y)?)s)
            .FirstOrDefault();

    private static List<StationaryMark> Stationary(Expr f, Plane p, CancellationToken ct) =>
        Search(f, p.XMin, p.XMax, p.YMin, p.YMax, ct)
            .Select(s => new StationaryMark(s.Location["x"], s.Location["y"], s.Kind.ToString().ToLowerInvariant()))
            .ToList();
}
