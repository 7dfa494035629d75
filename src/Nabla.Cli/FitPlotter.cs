using Nabla.Regression;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Cli;

/// <summary>
/// Draws a fit: the data (with σ error bars when given) and the fitted model, to SVG or PNG by the file's extension.
/// With one predictor the model is drawn as a curve over the data's range; with several, measured y is plotted
/// against fitted y (points on the diagonal are perfect).
/// </summary>
public static class FitPlotter
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>Writes the plot and returns the full path written.</summary>
    /// <exception cref="RequestException">The extension is neither .svg nor .png, or the file cannot be written.</exception>
    public static string Write(string path, Expr model, FitData data, FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".svg" or ".png"))
            throw new RequestException($"the plot file must end in .svg or .png, got \"{path}\"", "e.g. --plot fit.svg");
        string values = string.Join(", ", fit.ParameterNames.Select((name, i) => $"{name} = {fit.Parameters[i]:G6}"));
        var plot = new ScottPlot.Plot();
        if (data.Predictors.Count == 1)
        {
            var (name, xs) = data.Predictors.First();
            var points = plot.Add.ScatterPoints(xs, data.Y);
            points.LegendText = "data";
            if (data.Sigma is { } sigma) plot.Add.ErrorBar(xs, data.Y, sigma);
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
        string full = Path.GetFullPath(path);
        try
        {
            if (extension == ".svg") plot.SaveSvg(full, Width, Height);
            else plot.SavePng(full, Width, Height);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RequestException($"cannot write the plot to {full}: {ex.Message}", "choose a writable path");
        }
        return full;
    }
}
