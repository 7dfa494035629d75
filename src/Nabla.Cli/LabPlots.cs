using Nabla.Course.Assignments;
using ScottPlot;

namespace Nabla.Cli;

/// <summary>Draws a lab report's plots (<see cref="LabPlot"/>, plain data) with ScottPlot, to SVG text or files.</summary>
public static class LabPlots
{
    /// <summary>Width of a lab plot, in pixels.</summary>
    public const int Width = 800;

    /// <summary>Height of a lab plot, in pixels.</summary>
    public const int Height = 560;

    /// <summary>The plot as SVG text (for a web page).</summary>
    public static string ToSvg(LabPlot plot, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        return Build(plot).GetSvgXml(width, height);
    }

    /// <summary>Writes every plot of <paramref name="report"/> into <paramref name="folder"/> as
    /// <c>&lt;assignment&gt;-&lt;plot id&gt;.svg</c> (atomically); returns the full paths written.</summary>
    public static IReadOnlyList<string> WriteAll(LabReport report, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(folder);
        return report.Plots.Select(p => PlotFile.Save(Build(p), Path.Combine(folder, $"{report.Assignment}-{p.Id}.svg"), Width, Height, cancellationToken)).ToList();
    }

    /// <summary>The ScottPlot figure of <paramref name="data"/>.</summary>
    public static Plot Build(LabPlot data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var plot = new Plot();
        if (data.Contour is { } contour) AddContour(plot, contour);
        foreach (var s in data.Series)
        {
            double[] x = [.. s.X];
            double[] y = data.LogY ? s.Y.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray() : [.. s.Y];
            switch (s.Kind)
            {
                case LabSeriesKind.Points:
                    var points = plot.Add.ScatterPoints(x, y);
                    points.LegendText = s.Label;
                    points.MarkerSize = x.Length > 10 ? 5 : 9;
                    break;
                case LabSeriesKind.Bars:
                    double width = x.Length > 1 ? (x[^1] - x[0]) / (x.Length - 1) : 1;
                    var bars = plot.Add.Bars(x, y);
                    foreach (var bar in bars.Bars)
                    {
                        bar.Size = width * 0.95;
                        bar.FillColor = Colors.SteelBlue.WithAlpha(0.5);
                    }
                    bars.LegendText = s.Label;
                    break;
                case LabSeriesKind.Path:
                    var path = plot.Add.Scatter(x, y);
                    path.LegendText = s.Label;
                    path.MarkerSize = 4;
                    path.LineWidth = 1.5f;
                    path.Color = Colors.Crimson;
                    break;
                default:
                    var line = plot.Add.ScatterLine(x, y);
                    line.LegendText = s.Label;
                    line.LineWidth = 2;
                    break;
            }
        }
        plot.Title(data.Contour is { } c ? $"{data.Title}; lines: {c.Label} (log scale)" : data.Title);
        plot.XLabel(data.XLabel);
        plot.YLabel(data.LogY ? $"log₁₀ {data.YLabel}" : data.YLabel);
        plot.ShowLegend();
        return plot;
    }

    private static void AddContour(Plot plot, LabContour contour)
    {
        int rows = contour.Y.Count, cols = contour.X.Count;
        if (rows < 2 || cols < 2) return;
        // χ² spans orders of magnitude between the valley floor and the walls: contour its logarithm so that the
        // evenly spaced lines fall in the valley too.
        var coordinates = new Coordinates3d[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                coordinates[i, j] = new Coordinates3d(contour.X[j], contour.Y[i], Math.Log10(Math.Max(contour.Z[i][j], 1e-300)));
        var lines = plot.Add.ContourLines(coordinates, 16);
        lines.LineWidth = 1;
        lines.LineColor = Colors.DarkSlateGray.WithAlpha(0.6);
        lines.Colormap = null;
        lines.LabelStyle.IsVisible = false;
    }
}
