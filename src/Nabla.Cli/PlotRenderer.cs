using System.Globalization;
using ScottPlot;

namespace Nabla.Cli;

/// <summary>Draws a <see cref="PlotFigure"/> with ScottPlot and writes it (SVG or PNG by extension) atomically.</summary>
public static class PlotRenderer
{
    /// <summary>The default image width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>The default image height in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>Contour lines drawn for a function of two variables.</summary>
    public const int ContourCount = 14;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>Renders <paramref name="figure"/> to <paramref name="path"/> and returns the full path written.</summary>
    /// <exception cref="RequestException">A bad extension or size, or the file cannot be written.</exception>
    public static string Write(PlotFigure figure, string path, int width = DefaultWidth, int height = DefaultHeight,
        CancellationToken cancellationToken = default)
    {
        PlotFile.CheckSize(width, height);
        return PlotFile.Save(Build(figure, PlotFile.FormatOf(path) == PlotFileFormat.Png), path, width, height, cancellationToken);
    }

    /// <summary>The ScottPlot plot for <paramref name="figure"/>.</summary>
    /// <param name="figure">What to draw.</param>
    /// <param name="dashes">Draw dashed lines as dashes. Skia's SVG canvas cannot (it warns and draws them solid), so
    /// for SVG they are drawn thinner and translucent instead.</param>
    public static Plot Build(PlotFigure figure, bool dashes = true)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var plot = new Plot();
        if (figure.Grid is { } grid) AddGrid(plot, grid, figure.HeatMap);
        if (figure.Arrows.Count > 0) AddArrows(plot, figure.Arrows, figure.Limits);
        int colour = 0;
        var previous = Palette.GetColor(0);
        foreach (var series in figure.Series)
        {
            var color = series.Muted ? Colors.Gray
                : series.Label is null ? previous
                : Palette.GetColor(colour++);
            if (!series.Muted) previous = color;
            AddSeries(plot, series, color, dashes);
        }
        foreach (var note in figure.Notes)
        {
            var text = plot.Add.Text(note.Text, note.X, note.Y);
            text.LabelFontSize = 13;
            text.LabelFontColor = Colors.Black;
            text.LabelAlignment = Alignment.LowerLeft;
            text.LabelOffsetX = 4;
            text.LabelOffsetY = -4;
        }
        plot.Title(figure.Title, size: 15);
        plot.XLabel(figure.XLabel);
        plot.YLabel(figure.YLabel);
        if (figure.LogY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                // Ticks at whole powers of ten (0.001, 0.01, 0.1); the minor ticks mark 2×, 3×, … between them.
                IntegerTicksOnly = true,
            };
        }
        var limits = figure.Limits;
        plot.Axes.SetLimits(limits.XMin, limits.XMax, limits.YMin, limits.YMax);
        if (figure.SquareUnits) plot.Axes.SquareUnits();
        if (figure.Series.Any(s => s.Label is not null) || figure.Arrows.Count > 0) plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Draws a series; NaN entries split it into separately drawn finite runs (gaps).</summary>
    private static void AddSeries(Plot plot, PlotSeries series, Color color, bool dashes)
    {
        bool legend = series.Label is not null;
        foreach (var (xs, ys) in FiniteRuns(series.X, series.Y))
        {
            var scatter = series.Style == PlotStyle.Points ? plot.Add.ScatterPoints(xs, ys, color) : plot.Add.Scatter(xs, ys, color);
            scatter.LineWidth = series.Style == PlotStyle.Points ? 0 : (float)series.Width;
            scatter.MarkerSize = series.Style switch { PlotStyle.Points => 8, PlotStyle.LineWithPoints => 5, _ => 0 };
            if (series.Style == PlotStyle.Dashed && dashes) scatter.LinePattern = LinePattern.Dashed;
            else if (series.Style == PlotStyle.Dashed) scatter.Color = color.WithAlpha(0.75);
            if (legend)
            {
                scatter.LegendText = series.Label!;
                legend = false;
            }
        }
    }

    /// <summary>The maximal runs of consecutive points whose coordinates are both finite.</summary>
    public static IEnumerable<(double[] X, double[] Y)> FiniteRuns(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = Math.Min(x.Count, y.Count), start = -1;
        for (int i = 0; i <= n; i++)
        {
            bool ok = i < n && double.IsFinite(x[i]) && double.IsFinite(y[i]);
            if (ok && start < 0) start = i;
            else if (!ok && start >= 0)
            {
                yield return ([.. Enumerable.Range(start, i - start).Select(k => x[k])], [.. Enumerable.Range(start, i - start).Select(k => y[k])]);
                start = -1;
            }
        }
    }

    private static void AddGrid(Plot plot, PlotGrid grid, bool heatMap)
    {
        int rows = grid.Y.Length, cols = grid.X.Length;
        if (heatMap)
        {
            // Heat map rows run top to bottom; the grid's rows run up the y axis.
            var intensities = new double[rows, cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    intensities[rows - 1 - i, j] = grid.Z[i, j];
            var heat = plot.Add.Heatmap(intensities);
            double dx = (grid.X[^1] - grid.X[0]) / (cols - 1) / 2, dy = (grid.Y[^1] - grid.Y[0]) / (rows - 1) / 2;
            heat.Extent = new CoordinateRect(grid.X[0] - dx, grid.X[^1] + dx, grid.Y[0] - dy, grid.Y[^1] + dy);
            heat.Colormap = new ScottPlot.Colormaps.Viridis();
            heat.NaNCellColor = Colors.Transparent;
            plot.Add.ColorBar(heat);
        }
        var levels = ContourLevels(grid.Z, ContourCount);
        if (levels.Count == 0) return;
        // Contour lines of a monotone transform of f are f's own contours: feed ScottPlot the level index (piecewise
        // linear in f between the chosen levels) so that its evenly spaced lines fall on levels spread by quantile
        // (Rosenbrock's valley gets lines, not just its steep walls). NaN cells are lifted above every level so no
        // line is drawn through them.
        var coordinates = new Coordinates3d[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                coordinates[i, j] = new Coordinates3d(grid.X[j], grid.Y[i], LevelIndex(levels, grid.Z[i, j]));
        var contours = plot.Add.ContourLines(coordinates, levels.Count + 2);
        var kept = contours.Lines.SelectMany(line => AwayFromGaps(line, grid)).ToList();
        contours.Lines.Clear();
        contours.Lines.AddRange(kept);
        contours.LineWidth = 1;
        contours.LineColor = heatMap ? Colors.White.WithAlpha(0.7) : Colors.DarkSlateGray;
        contours.Colormap = null;
        contours.LabelStyle.IsVisible = false;
    }

    /// <summary>
    /// The pieces of a contour line that stay out of cells touching an undefined (NaN) value: the lifted NaN cells
    /// would otherwise draw a bundle of lines along the edge of the domain, where f has no level at all.
    /// </summary>
    private static IEnumerable<ContourLine> AwayFromGaps(ContourLine line, PlotGrid grid)
    {
        var piece = new List<Coordinates>();
        foreach (var point in line.Path.Points)
        {
            if (NearGap(grid, point.X, point.Y))
            {
                if (piece.Count > 1) yield return new ContourLine(CoordinatePath.Open([.. piece]), line.Z);
                piece.Clear();
                continue;
            }
            piece.Add(point);
        }
        if (piece.Count == line.Path.Points.Length && line.Path.Close) yield return line;
        else if (piece.Count > 1) yield return new ContourLine(CoordinatePath.Open([.. piece]), line.Z);
    }

    /// <summary>Whether a corner of the grid cell holding (x, y) is NaN.</summary>
    private static bool NearGap(PlotGrid grid, double x, double y)
    {
        int cols = grid.X.Length, rows = grid.Y.Length;
        int j = Math.Clamp((int)Math.Floor((x - grid.X[0]) / (grid.X[^1] - grid.X[0]) * (cols - 1)), 0, cols - 2);
        int i = Math.Clamp((int)Math.Floor((y - grid.Y[0]) / (grid.Y[^1] - grid.Y[0]) * (rows - 1)), 0, rows - 2);
        return !(double.IsFinite(grid.Z[i, j]) && double.IsFinite(grid.Z[i, j + 1]) && double.IsFinite(grid.Z[i + 1, j]) && double.IsFinite(grid.Z[i + 1, j + 1]));
    }

    /// <summary>
    /// <paramref name="count"/> distinct contour levels: evenly spaced between the 2nd and 98th percentiles of the finite
    /// values, or, when the values are lopsided (the median in the outer quarters of that span, as in Rosenbrock's
    /// valley), at evenly spaced quantiles so that the low ground gets lines too.
    /// </summary>
    public static IReadOnlyList<double> ContourLevels(double[,] z, int count)
    {
        ArgumentNullException.ThrowIfNull(z);
        var values = z.Cast<double>().Where(double.IsFinite).Order().ToArray();
        if (values.Length == 0 || values[^1] - values[0] <= 0) return [];
        double Quantile(double q) => values[(int)Math.Round((values.Length - 1) * q)];
        double lo = Quantile(0.02), hi = Quantile(0.98);
        if (!(hi > lo)) (lo, hi) = (values[0], values[^1]);
        double middle = (Quantile(0.5) - lo) / (hi - lo);
        bool lopsided = middle is < 0.25 or > 0.75;
        var levels = new List<double>();
        for (int k = 1; k <= count; k++)
        {
            double level = lopsided ? Quantile(k / (count + 1.0)) : lo + (hi - lo) * k / (count + 1.0);
            if (levels.Count == 0 || level > levels[^1]) levels.Add(level);
        }
        return levels;
    }

    /// <summary>The position of <paramref name="v"/> among the levels (level k maps to k + 1), linear in between.</summary>
    private static double LevelIndex(IReadOnlyList<double> levels, double v)
    {
        if (!double.IsFinite(v)) return levels.Count + 2;
        if (v <= levels[0]) return 1 - Math.Min(1, (levels[0] - v) / Math.Max(levels[^1] - levels[0], 1e-300));
        if (v >= levels[^1]) return levels.Count + Math.Min(1, (v - levels[^1]) / Math.Max(levels[^1] - levels[0], 1e-300));
        int hi = 1;
        while (levels[hi] < v) hi++;
        return hi + (v - levels[hi - 1]) / (levels[hi] - levels[hi - 1]);
    }

    /// <summary>
    /// Draws the arrows to one scale: a typical (90th percentile) arrow spans most of a grid cell, and none is longer
    /// than 1.3 cells (near a singularity the direction still shows).
    /// </summary>
    private static void AddArrows(Plot plot, IReadOnlyList<PlotArrow> arrows, PlotLimits limits)
    {
        var lengths = arrows.Select(a => Math.Sqrt(a.Dx * a.Dx + a.Dy * a.Dy)).Where(l => l > 0).Order().ToArray();
        if (lengths.Length == 0) return;
        double cell = Math.Min(limits.XMax - limits.XMin, limits.YMax - limits.YMin) / PlotBuilder.ArrowsPerSide;
        double typical = lengths[(int)(0.9 * (lengths.Length - 1))];
        double scale = 0.85 * cell / typical, longest = 1.3 * cell;
        bool first = true;
        foreach (var a in arrows)
        {
            double length = Math.Sqrt(a.Dx * a.Dx + a.Dy * a.Dy);
            if (!(length > 0)) continue;
            double s = Math.Min(scale, longest / length);
            var arrow = plot.Add.Arrow(a.X, a.Y, a.X + a.Dx * s, a.Y + a.Dy * s);
            arrow.ArrowFillColor = Colors.Crimson;
            arrow.ArrowLineColor = Colors.Crimson;
            arrow.ArrowLineWidth = 0;
            arrow.ArrowWidth = 1.5f;
            arrow.ArrowheadWidth = 7;
            arrow.ArrowheadLength = 7;
            arrow.ArrowheadAxisLength = 7;
            arrow.ArrowMinimumLength = 0;
            if (first)
            {
                arrow.LegendText = "gradient ∇f (points uphill, across the contours)";
                first = false;
            }
        }
    }
}
