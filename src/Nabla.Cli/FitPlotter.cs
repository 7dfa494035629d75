using Nabla.Regression;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Cli;

/// <summary>
/// Draws a fit: the data (with σ error bars when given), the fitted model and the residuals yᵢ − f(xᵢ) as segments
/// from each point to the model, to SVG or PNG by the file's extension (written atomically). With one predictor the
/// model is drawn as a curve over the data's range; with several, measured y is plotted against fitted y (points on
/// the diagonal are perfect, and the residuals are the vertical distances to it).
/// </summary>
public static class FitPlotter
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>Residual segments are drawn for at most this many points (each is its own line in the file).</summary>
    public const int MaxResidualSegments = 1000;

    /// <summary>
    /// The residual segments: from (xᵢ, yᵢ) to (xᵢ, yᵢ − rᵢ), the model's value, for each point with finite coordinates.
    /// </summary>
    public static IReadOnlyList<(double X, double Y, double Fitted)> ResidualSegments(IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<double> residuals)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(residuals);
        var segments = new List<(double, double, double)>();
        for (int i = 0; i < Math.Min(x.Count, Math.Min(y.Count, residuals.Count)); i++)
            if (double.IsFinite(x[i]) && double.IsFinite(y[i]) && double.IsFinite(residuals[i])) segments.Add((x[i], y[i], y[i] - residuals[i]));
        return segments;
    }

    private static void AddResiduals(ScottPlot.Plot plot, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> residuals)
    {
        var segments = ResidualSegments(x, y, residuals);
        if (segments.Count > MaxResidualSegments) return;
        double rms = Math.Sqrt(segments.Sum(s => (s.Y - s.Fitted) * (s.Y - s.Fitted)) / Math.Max(1, segments.Count));
        bool first = true;
        foreach (var (px, py, fitted) in segments)
        {
            var line = plot.Add.Line(px, py, px, fitted);
            line.Color = ScottPlot.Colors.Crimson.WithAlpha(0.7);
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            if (first)
            {
                line.LegendText = $"residuals y − f(x) (rms {rms:G4})";
                first = false;
            }
        }
    }

    /// <summary>Writes the plot and returns the full path written.</summary>
    /// <exception cref="RequestException">The extension is neither .svg nor .png, or the file cannot be written.</exception>
    public static string Write(string path, Expr model, FitData data, FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(path);
        PlotFile.FormatOf(path, "--plot fit.svg");
        PlotFile.Check(path, "--plot fit.svg");
        string values = string.Join(", ", fit.ParameterNames.Select((name, i) => $"{name} = {fit.Parameters[i]:G6}"));
        var plot = new ScottPlot.Plot();
        if (data.Predictors.Count == 1)
        {
            var (name, xs) = data.Predictors.First();
            var points = plot.Add.ScatterPoints(xs, data.Y);
            points.LegendText = "data";
            if (data.Sigma is { } sigma) plot.Add.ErrorBar(xs, data.Y, sigma);
            AddResiduals(plot, xs, data.Y, fit.Residuals);
            var compiled = Compiler.Compile(model, [(Symbol)Expr.Sym(name), .. fit.ParameterNames.Select(p => (Symbol)Expr.Sym(p))]);
            var point = new double[1 + fit.Parameters.Count];
            for (int i = 0; i < fit.Parameters.Count; i++) point[1 + i] = fit.Parameters[i];
            double lo = xs.Min(), hi = xs.Max(), pad = (hi - lo) * 0.02;
            const int samples = 400;
            var curveX = new double[samples];
            var curveY = new double[samples];
            for (int i = 0; i < samples; i++)
            {
                curveX[i] = lo - pad + (hi - lo + 2 * pad) * i / (samples - 1);
                point[0] = curveX[i];
                curveY[i] = compiled.Evaluate(point);
            }
            var line = plot.Add.ScatterLine(curveX, curveY);
            line.LegendText = $"fit: {model.ToHuman()} ({values})";
            line.LineWidth = 2;
            plot.XLabel(name);
            plot.YLabel("y");
        }
        else
        {
            var predicted = data.Y.Select((y, i) => y - fit.Residuals[i]).ToArray();
            // Against fitted y the model is the diagonal, so each residual runs from (ŷᵢ, yᵢ) down or up to (ŷᵢ, ŷᵢ).
            AddResiduals(plot, predicted, data.Y, fit.Residuals);
            var points = plot.Add.ScatterPoints(predicted, data.Y);
            points.LegendText = "data";
            double lo = Math.Min(predicted.Min(), data.Y.Min()), hi = Math.Max(predicted.Max(), data.Y.Max());
            var diagonal = plot.Add.Line(lo, lo, hi, hi);
            diagonal.LegendText = $"measured = fitted ({values})";
            plot.XLabel("fitted y");
            plot.YLabel("measured y");
        }
        plot.Title($"χ² = {fit.ChiSquared:G6}, dof = {fit.DegreesOfFreedom} ({fit.Method}, {fit.Exit.ToString().ToLowerInvariant()})");
        plot.ShowLegend();
        return PlotFile.Save(plot, path, Width, Height);
    }
}
