using System.Globalization;
using Nabla.Optimization;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Cli;

/// <summary>
/// The data layer of <c>nabla plot</c>: turns a function and the engine's answers (derivatives, Taylor series, Newton
/// traces, descent paths, training histories) into a <see cref="PlotFigure"/> of numbers. Functions are compiled
/// once (<see cref="Compiler"/>) and sampled; values outside the real domain are NaN and become gaps.
/// </summary>
public static class PlotBuilder
{
    /// <summary>Samples along a curve.</summary>
    public const int CurveSamples = 600;

    /// <summary>Grid points per side for contour lines and heat maps.</summary>
    public const int GridSamples = 90;

    /// <summary>How far, as a share of its width, a grid reaches past the region left and right.</summary>
    public const double GridMargin = 0.25;

    /// <summary>Gradient arrows per side.</summary>
    public const int ArrowsPerSide = 15;

    /// <summary>The secant steps h drawn by default, largest first: the secants close in on the tangent as h halves.</summary>
    public static IReadOnlyList<double> DefaultSecantSteps { get; } = [2, 1, 0.5, 0.25];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>f over [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static PlotFigure Function(Expr f, Symbol x, double from, double to)
    {
        var (xs, ys) = Sample(f, x, from, to);
        return new PlotFigure("function", $"f({x.Name}) = {Short(f)}", x.Name, $"f({x.Name})", Limits(from, to, ys))
        {
            Series = [new PlotSeries($"f({x.Name}) = {Short(f)}", xs, Clip(ys, Limits(from, to, ys)))],
        };
    }

    /// <summary>f and its derivative f' (computed symbolically by the engine) over the range.</summary>
    public static PlotFigure Derivative(Expr f, Symbol x, double from, double to, int order = 1)
    {
        var derivative = Calculus.Diff(f, x, order);
        var (xs, ys) = Sample(f, x, from, to);
        var (_, ds) = Sample(derivative, x, from, to);
        var limits = Limits(from, to, [.. ys, .. ds]);
        string prime = order switch { 1 => "′", 2 => "″", 3 => "‴", _ => $"⁽{order}⁾" };
        return new PlotFigure("derivative", $"f({x.Name}) = {Short(f)} and its derivative", x.Name, "y", limits)
        {
            Series =
            [
                new PlotSeries($"f({x.Name}) = {Short(f)}", xs, Clip(ys, limits)),
                new PlotSeries($"f{prime}({x.Name}) = {Short(derivative)}", xs, Clip(ds, limits)),
            ],
        };
    }

    /// <summary>
    /// Secant lines through (x₀, f(x₀)) and (x₀ + h, f(x₀ + h)) for shrinking h, with the rise and run of the largest
    /// drawn, closing in on the tangent at x₀ whose slope is f'(x₀).
    /// </summary>
    /// <exception cref="RequestException">f is undefined or its derivative is not finite at x₀.</exception>
    public static PlotFigure Secant(Expr f, Symbol x, double x0, double from, double to, IReadOnlyList<double>? steps = null)
    {
        steps ??= DefaultSecantSteps;
        var compiled = Compiler.Compile(f, [x]);
        double y0 = compiled.Evaluate(x0);
        double slope = Calculus.Diff(f, x).Evaluate((x.Name, x0));
        if (!double.IsFinite(y0) || !double.IsFinite(slope))
            throw new RequestException($"f or its derivative is not defined at {x.Name} = {Format(x0)}, so there is no tangent there",
                "choose --tangent-at inside the function's domain");
        var (xs, ys) = Sample(f, x, from, to);
        var limits = Limits(from, to, ys, y0);
        var series = new List<PlotSeries> { new($"f({x.Name}) = {Short(f)}", xs, Clip(ys, limits)) };
        var notes = new List<PlotNote>();
        bool riseRunDrawn = false;
        foreach (double h in steps)
        {
            double y1 = compiled.Evaluate(x0 + h);
            if (!double.IsFinite(y1)) continue;
            double rise = y1 - y0, secantSlope = rise / h;
            series.Add(new PlotSeries($"secant, h = {Format(h)}: rise/run = {Format(rise)}/{Format(h)} = {Format(secantSlope)}",
                [from, to], [y0 + secantSlope * (from - x0), y0 + secantSlope * (to - x0)], PlotStyle.Dashed, 1.5));
            series.Add(new PlotSeries(null, [x0 + h], [y1], PlotStyle.Points));
            if (!riseRunDrawn)
            {
                // The run along, then the rise up, as a right-angled triangle under the widest secant.
                series.Add(new PlotSeries("run h and rise f(x₀+h) − f(x₀)", [x0, x0 + h, x0 + h], [y0, y0, y1], PlotStyle.Line, 1) { Muted = true });
                notes.Add(new PlotNote("run", x0 + h / 2, y0));
                notes.Add(new PlotNote("rise", x0 + h, (y0 + y1) / 2));
                riseRunDrawn = true;
            }
        }
        series.Add(new PlotSeries($"tangent at {x.Name} = {Format(x0)}: slope f′({Format(x0)}) = {Format(slope)}",
            [from, to], [y0 + slope * (from - x0), y0 + slope * (to - x0)], PlotStyle.Line, 2.5));
        series.Add(new PlotSeries(null, [x0], [y0], PlotStyle.Points));
        return new PlotFigure("secant", $"Secants closing in on the tangent of {Short(f)} at {x.Name} = {Format(x0)}", x.Name, "y", limits)
        {
            Series = series,
            Notes = notes,
        };
    }

    /// <summary>The Taylor polynomials of orders 0 … n (partial sums of the engine's series) over the function.</summary>
    public static PlotFigure Taylor(TaylorSeries series, double from, double to)
    {
        ArgumentNullException.ThrowIfNull(series);
        var x = series.Variable;
        double about = series.About.Evaluate(new Dictionary<string, double>());
        var coefficients = series.Coefficients.Select(c => c.Evaluate(new Dictionary<string, double>())).ToArray();
        var (xs, ys) = Sample(series.Function, x, from, to);
        var limits = Limits(from, to, ys, coefficients.Length > 0 ? coefficients[0] : double.NaN);
        var list = new List<PlotSeries> { new($"f({x.Name}) = {Short(series.Function)}", xs, Clip(ys, limits), PlotStyle.Line, 3) };
        foreach (int order in TaylorOrdersShown(series.Order))
        {
            var ps = xs.Select(v => TaylorPartialSum(coefficients, about, order, v)).ToArray();
            list.Add(new PlotSeries($"order {order}", xs, Clip(ps, limits), PlotStyle.Dashed, 1.5));
        }
        list.Add(new PlotSeries(null, [about], [coefficients.Length > 0 ? coefficients[0] : double.NaN], PlotStyle.Points));
        return new PlotFigure("taylor", $"Taylor polynomials of {Short(series.Function)} about {x.Name} = {Format(about)}", x.Name, "y", limits)
        {
            Series = list,
        };
    }

    /// <summary>Σₖ₌₀ⁿ cₖ (x − a)ᵏ for the first <paramref name="order"/> + 1 coefficients (Horner's rule).</summary>
    public static double TaylorPartialSum(IReadOnlyList<double> coefficients, double about, int order, double x)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        double d = x - about, sum = 0;
        for (int k = Math.Min(order, coefficients.Count - 1); k >= 0; k--) sum = sum * d + coefficients[k];
        return sum;
    }

    /// <summary>Every order up to 8; beyond, eight orders spread evenly from 0 to n (n included) so the legend stays readable.</summary>
    public static IReadOnlyList<int> TaylorOrdersShown(int order) =>
        order <= 8 ? [.. Enumerable.Range(0, order + 1)] : [.. Enumerable.Range(0, 8).Select(i => (int)Math.Round(i * order / 7.0)).Distinct()];

    /// <summary>
    /// Newton-Raphson (or secant) iterations on the graph: from each iterate (xₖ, f(xₖ)) along the tangent down to the
    /// axis at xₖ₊₁, then up to the curve again. Bisection's midpoints are marked on the axis.
    /// </summary>
    public static PlotFigure Newton(Expr f, Symbol x, RootResult result, double? from = null, double? to = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        // A divergent run's later iterates would squash the picture; the first dozen tell the story.
        var iterates = result.Trace.Select(s => s.X).Where(v => double.IsFinite(v) && Math.Abs(v) < 1e6).Take(13).ToList();
        if (iterates.Count == 0) iterates.Add(double.IsFinite(result.Root) ? result.Root : 0);
        double lo = from ?? iterates.Min(), hi = to ?? iterates.Max();
        if (from is null || to is null)
        {
            double pad = Math.Max(0.5, (hi - lo) * 0.2);
            if (from is null) lo -= pad;
            if (to is null) hi += pad;
        }
        var compiled = Compiler.Compile(f, [x]);
        var (xs, ys) = Sample(f, x, lo, hi);
        var fx = iterates.Select(v => compiled.Evaluate(v)).ToArray();
        var limits = Limits(lo, hi, ys, [0, .. fx]);
        var series = new List<PlotSeries>
        {
            new($"f({x.Name}) = {Short(f)}", xs, Clip(ys, limits), PlotStyle.Line, 2.5),
            new(null, [lo, hi], [0, 0], PlotStyle.Line, 1) { Muted = true },
        };
        var notes = new List<PlotNote>();
        bool zigzag = result.Method is "newton" or "secant";
        var stepX = new List<double>();
        var stepY = new List<double>();
        double lastLabel = double.NaN;
        for (int k = 0; k < iterates.Count; k++)
        {
            // Label an iterate only when it is clear of the last label (near the root they pile up).
            if (double.IsNaN(lastLabel) || Math.Abs(iterates[k] - lastLabel) > 0.04 * (hi - lo))
            {
                notes.Add(new PlotNote($"{x.Name}{Subscript(k)}", iterates[k], 0));
                lastLabel = iterates[k];
            }
            if (!zigzag || k + 1 >= iterates.Count) continue;
            // Along the tangent (or secant) from the curve to the axis, then a vertical back to the curve.
            stepX.AddRange([iterates[k], iterates[k + 1], iterates[k + 1], double.NaN]);
            stepY.AddRange([fx[k], 0, fx[k + 1], double.NaN]);
        }
        if (zigzag && stepX.Count > 0)
            series.Add(new PlotSeries(result.Method == "newton" ? "tangent to the axis, back up to the curve" : "secant to the axis, back up to the curve",
                stepX, stepY, PlotStyle.Dashed, 1.5));
        series.Add(new PlotSeries("iterates (xₖ, f(xₖ))", iterates, fx, PlotStyle.Points));
        string outcome = result.Exit == ExitReason.Converged ? $"root {Format(result.Root)}" : result.Exit.ToJsonName();
        return new PlotFigure("newton", $"{MethodTitle(result.Method)} on {Short(f)}: {outcome} after {result.Iterations} steps", x.Name, "y", limits)
        {
            Series = series,
            Notes = notes,
        };
    }

    /// <summary>Contour lines of f(x, y) with the gradient ∇f as arrows on a coarser grid (the arrows cross the contours at right angles).</summary>
    public static PlotFigure Contour(Expr f, Symbol x, Symbol y, PlotLimits region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var gradient = Calculus.Gradient(f, [x, y]);
        var compiled = Compiler.Compile(gradient, [x, y]);
        var value = Compiler.Compile(f, [x, y]);
        var arrows = new List<PlotArrow>();
        for (int i = 0; i < ArrowsPerSide; i++)
            for (int j = 0; j < ArrowsPerSide; j++)
            {
                // Cell centres, so no arrow sits on the frame.
                double px = region.XMin + (region.XMax - region.XMin) * (j + 0.5) / ArrowsPerSide;
                double py = region.YMin + (region.YMax - region.YMin) * (i + 0.5) / ArrowsPerSide;
                var g = compiled.Evaluate(px, py);
                // Where f itself is undefined (ln(x y) for x y < 0) its gradient formula may still give numbers: skip those.
                if (double.IsFinite(value.Evaluate(px, py)) && double.IsFinite(g[0]) && double.IsFinite(g[1])) arrows.Add(new PlotArrow(px, py, g[0], g[1]));
            }
        string full = $"Contours of {f.ToHuman()} and the gradient ∇f = ({gradient[0].ToHuman()}, {gradient[1].ToHuman()})";
        return new PlotFigure("contour", full.Length <= MaxTitle ? full : $"Contours of {Short(f)} and its gradient ∇f", x.Name, y.Name, region)
        {
            Grid = SampleGrid(f, x, y, region),
            Arrows = arrows,
            SquareUnits = true,
        };
    }

    /// <summary>A heat map of f(x, y) (colour is height) with its contour lines.</summary>
    public static PlotFigure Surface(Expr f, Symbol x, Symbol y, PlotLimits region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return new PlotFigure("surface", $"f({x.Name}, {y.Name}) = {Short(f)} as a heat map", x.Name, y.Name, region)
        {
            Grid = SampleGrid(f, x, y, region),
            HeatMap = true,
            SquareUnits = true,
        };
    }

    /// <summary>
    /// A minimiser's path on the contours of f (two variables), or on the graph of f (one variable). The region is the
    /// path's extent with a margin unless given.
    /// </summary>
    /// <exception cref="RequestException">f has more than two variables.</exception>
    public static PlotFigure Descent(Expr f, MinimizeResult result, PlotLimits? region = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var names = result.Variables;
        var path = result.Trace.Select(s => s.X).Where(p => p.All(v => double.IsFinite(v) && Math.Abs(v) < 1e6)).ToList();
        if (path.Count == 0) path.Add(result.X);
        string title = $"{result.Method}: {path.Count - 1} steps to f = {Format(result.Value)} ({result.Exit.ToJsonName()})";
        if (names.Count == 1)
        {
            var x = (Symbol)Expr.Sym(names[0]);
            double lo = region?.XMin ?? path.Min(p => p[0]), hi = region?.XMax ?? path.Max(p => p[0]);
            if (region is null)
            {
                double pad = Math.Max(0.5, (hi - lo) * 0.25);
                (lo, hi) = (lo - pad, hi + pad);
            }
            var compiled = Compiler.Compile(f, [x]);
            var (xs, ys) = Sample(f, x, lo, hi);
            var px = path.Select(p => p[0]).ToArray();
            var py = px.Select(v => compiled.Evaluate(v)).ToArray();
            var limits = Limits(lo, hi, ys, py);
            return new PlotFigure("descent", title, x.Name, $"f({x.Name})", limits)
            {
                Series = [new PlotSeries($"f = {Short(f)}", xs, Clip(ys, limits)), new PlotSeries("path", px, py, PlotStyle.LineWithPoints, 1.5)],
                Notes = [new PlotNote("start", px[0], py[0]), new PlotNote("end", px[^1], py[^1])],
            };
        }
        if (names.Count != 2)
            throw new RequestException($"a descent path can be drawn for a function of one or two variables; this one has {names.Count}",
                "drop --plot, or fix all but two variables");
        var (sx, sy) = ((Symbol)Expr.Sym(names[0]), (Symbol)Expr.Sym(names[1]));
        var xsPath = path.Select(p => p[0]).ToArray();
        var ysPath = path.Select(p => p[1]).ToArray();
        region ??= SquareAround(xsPath.Min(), xsPath.Max(), ysPath.Min(), ysPath.Max(), 0.25);
        return new PlotFigure("descent", title, sx.Name, sy.Name, region)
        {
            Grid = SampleGrid(f, sx, sy, region),
            Series =
            [
                // Markers on every iterate while they can be told apart; a long path is drawn as a line.
                new PlotSeries($"path from ({Format(xsPath[0])}, {Format(ysPath[0])}), {path.Count - 1} steps", xsPath, ysPath,
                    path.Count <= 80 ? PlotStyle.LineWithPoints : PlotStyle.Line, 1.5),
                new PlotSeries(null, [xsPath[0], xsPath[^1]], [ysPath[0], ysPath[^1]], PlotStyle.Points),
            ],
            Notes = [new PlotNote("start", xsPath[0], ysPath[0]), new PlotNote("end", xsPath[^1], ysPath[^1])],
            SquareUnits = true,
        };
    }

    /// <summary>
    /// A training-loss curve: <paramref name="history"/>[k] is the loss after k·<paramref name="every"/> steps. Drawn on a
    /// log scale when it is positive and spans more than a decade.
    /// </summary>
    public static PlotFigure Loss(IReadOnlyList<double> history, int every, string title, string stepName = "step", string lossName = "cost")
    {
        ArgumentNullException.ThrowIfNull(history);
        var xs = Enumerable.Range(0, history.Count).Select(k => (double)k * every).ToArray();
        var finite = history.Where(double.IsFinite).ToList();
        bool log = finite.Count > 1 && finite.All(v => v > 0) && finite.Max() / finite.Min() > 10;
        var ys = history.Select(v => log ? (v > 0 ? Math.Log10(v) : double.NaN) : v).ToArray();
        double xMax = Math.Max(1, xs.Length > 0 ? xs[^1] : 1);
        var limits = Limits(0, xMax, ys);
        return new PlotFigure("loss", title, stepName, log ? $"{lossName} (log scale)" : lossName, limits)
        {
            Series = [new PlotSeries(lossName, xs, ys)],
            LogY = log,
        };
    }

    // ---------------------------------------------------------------- sampling

    /// <summary>f at <see cref="CurveSamples"/> evenly spaced points of [from, to] (NaN outside the domain).</summary>
    public static (double[] X, double[] Y) Sample(Expr f, Symbol x, double from, double to, int samples = CurveSamples)
    {
        ArgumentNullException.ThrowIfNull(f);
        var compiled = Compiler.Compile(f, [x]);
        var xs = new double[samples];
        var ys = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            xs[i] = from + (to - from) * i / (samples - 1);
            ys[i] = compiled.Evaluate(xs[i]);
        }
        return (xs, ys);
    }

    /// <summary>f on a <see cref="GridSamples"/>² grid over the region (widened by <see cref="GridMargin"/> in x); Z[i, j] = f(X[j], Y[i]).</summary>
    public static PlotGrid SampleGrid(Expr f, Symbol x, Symbol y, PlotLimits region, int samples = GridSamples)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(region);
        var compiled = Compiler.Compile(f, [x, y]);
        // Square units widen the visible x range to fill the frame, so the grid reaches past the region on both sides.
        double margin = (region.XMax - region.XMin) * GridMargin;
        var xs = Enumerable.Range(0, samples).Select(j => region.XMin - margin + (region.XMax - region.XMin + 2 * margin) * j / (samples - 1)).ToArray();
        var ys = Enumerable.Range(0, samples).Select(i => region.YMin + (region.YMax - region.YMin) * i / (samples - 1)).ToArray();
        var z = new double[samples, samples];
        var point = new double[2];
        for (int i = 0; i < samples; i++)
            for (int j = 0; j < samples; j++)
            {
                point[0] = xs[j];
                point[1] = ys[i];
                z[i, j] = compiled.Evaluate(point);
            }
        return new PlotGrid(xs, ys, z);
    }

    /// <summary>
    /// The y range that shows the curve: all of it when it is bounded, else the 2nd to 98th percentile (so the
    /// pole of 1/x does not flatten everything else), widened to take in <paramref name="include"/> and padded.
    /// </summary>
    public static PlotLimits Limits(double from, double to, IReadOnlyList<double> ys, params double[] include)
    {
        ArgumentNullException.ThrowIfNull(ys);
        var finite = ys.Where(double.IsFinite).Order().ToArray();
        double lo, hi;
        if (finite.Length == 0) (lo, hi) = (-1, 1);
        else
        {
            (lo, hi) = (finite[0], finite[^1]);
            double qlo = finite[(int)(0.02 * (finite.Length - 1))], qhi = finite[(int)Math.Ceiling(0.98 * (finite.Length - 1))];
            if (hi - lo > 4 * Math.Max(qhi - qlo, 1e-12)) (lo, hi) = (qlo, qhi);
        }
        foreach (double v in include)
            if (double.IsFinite(v)) (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
        double span = hi - lo;
        double pad = span > 1e-12 * Math.Max(1, Math.Abs(hi)) ? span * 0.08 : Math.Max(1, Math.Abs(hi) * 0.1);
        return new PlotLimits(from, to, lo - pad, hi + pad);
    }

    /// <summary>Replaces values far outside the visible y range by NaN, so a line does not run off to a pole and back.</summary>
    public static double[] Clip(IReadOnlyList<double> ys, PlotLimits limits)
    {
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(limits);
        double span = limits.YMax - limits.YMin;
        double lo = limits.YMin - 2 * span, hi = limits.YMax + 2 * span;
        return [.. ys.Select(v => v >= lo && v <= hi ? v : double.NaN)];
    }

    /// <summary>A square region around a box, with a margin of <paramref name="margin"/> times its larger side (at least 1).</summary>
    public static PlotLimits SquareAround(double xMin, double xMax, double yMin, double yMax, double margin)
    {
        double side = Math.Max(Math.Max(xMax - xMin, yMax - yMin), 0);
        double half = side / 2 + Math.Max(1, side * margin);
        double cx = (xMin + xMax) / 2, cy = (yMin + yMax) / 2;
        return new PlotLimits(cx - half, cx + half, cy - half, cy + half);
    }

    /// <summary>A number for a label: up to 6 significant digits, invariant culture.</summary>
    public static string Format(double value) => double.IsFinite(value) ? value.ToString("G6", Invariant) : Responder.FormatHumanNumber(value);

    /// <summary>The longest title drawn whole (about the width of the default image).</summary>
    public const int MaxTitle = 80;

    /// <summary>f as a learner writes it, cut to 40 characters with an ellipsis so titles fit.</summary>
    private static string Short(Expr f)
    {
        string text = f.ToHuman();
        return text.Length <= 40 ? text : text[..39] + "…";
    }

    private static string MethodTitle(string method) => method switch
    {
        "newton" => "Newton-Raphson",
        "secant" => "Secant method",
        "bisection" => "Bisection",
        _ => method,
    };

    private static string Subscript(int k) =>
        string.Concat(k.ToString(Invariant).Select(c => (char)('₀' + (c - '0'))));
}
