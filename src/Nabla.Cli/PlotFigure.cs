namespace Nabla.Cli;

/// <summary>How a series is drawn.</summary>
public enum PlotStyle
{
    /// <summary>A solid line (the function itself).</summary>
    Line,
    /// <summary>A dashed line (constructions: tangents, secants, approximations, rise and run).</summary>
    Dashed,
    /// <summary>Markers only (data, iterates).</summary>
    Points,
    /// <summary>A line through markers (a path of iterates).</summary>
    LineWithPoints,
}

/// <summary>
/// One curve or set of points. A NaN in <see cref="X"/> or <see cref="Y"/> is a gap: the line stops there and starts
/// again at the next finite point (so ln x for x ≤ 0, or 1/x across its pole, draws as separate pieces).
/// </summary>
/// <param name="Label">The legend text, or null to leave the series out of the legend.</param>
/// <param name="X">The x coordinates.</param>
/// <param name="Y">The y coordinates (same length as <paramref name="X"/>).</param>
/// <param name="Style">How it is drawn.</param>
/// <param name="Width">The line width in pixels.</param>
public sealed record PlotSeries(string? Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, PlotStyle Style = PlotStyle.Line, double Width = 2)
{
    /// <summary>Draw in grey, as a guide (the x axis, the rise-and-run triangle) rather than as data.</summary>
    public bool Muted { get; init; }
}

/// <summary>An arrow from (<paramref name="X"/>, <paramref name="Y"/>) in direction (<paramref name="Dx"/>, <paramref name="Dy"/>)
/// at its true size (the renderer scales all arrows of a figure by one factor to fit the grid).</summary>
/// <param name="X">The base's x.</param>
/// <param name="Y">The base's y.</param>
/// <param name="Dx">The vector's x component (∂f/∂x for a gradient arrow).</param>
/// <param name="Dy">The vector's y component (∂f/∂y).</param>
public sealed record PlotArrow(double X, double Y, double Dx, double Dy);

/// <summary>A text label at a point of the plot (x₀, x₁, … beside Newton iterates; start and end of a descent).</summary>
/// <param name="Text">The label.</param>
/// <param name="X">Where, x.</param>
/// <param name="Y">Where, y.</param>
public sealed record PlotNote(string Text, double X, double Y);

/// <summary>A function of two variables sampled on a grid: <c>Z[i, j] = f(X[j], Y[i])</c> (NaN outside the domain).</summary>
/// <param name="X">The grid's x values, ascending.</param>
/// <param name="Y">The grid's y values, ascending.</param>
/// <param name="Z">The values, one row per y.</param>
public sealed record PlotGrid(double[] X, double[] Y, double[,] Z);

/// <summary>The visible region of a plot.</summary>
/// <param name="XMin">Left.</param>
/// <param name="XMax">Right.</param>
/// <param name="YMin">Bottom.</param>
/// <param name="YMax">Top.</param>
public sealed record PlotLimits(double XMin, double XMax, double YMin, double YMax);

/// <summary>
/// What a plot shows, in numbers, before it is drawn: the data layer (<see cref="PlotBuilder"/>) makes these and
/// <see cref="PlotRenderer"/> draws them, so the numbers can be tested without reading images.
/// </summary>
/// <param name="Kind">The plot kind (function, derivative, secant, taylor, newton, contour, surface, descent, loss).</param>
/// <param name="Title">The title.</param>
/// <param name="XLabel">The x axis label.</param>
/// <param name="YLabel">The y axis label.</param>
/// <param name="Limits">The visible region.</param>
public sealed record PlotFigure(string Kind, string Title, string XLabel, string YLabel, PlotLimits Limits)
{
    /// <summary>The curves and point sets, drawn in order.</summary>
    public IReadOnlyList<PlotSeries> Series { get; init; } = [];

    /// <summary>A function of two variables to draw as contour lines (and a heat map when <see cref="HeatMap"/>), or null.</summary>
    public PlotGrid? Grid { get; init; }

    /// <summary>Draw <see cref="Grid"/> as a heat map with a colour bar under its contour lines.</summary>
    public bool HeatMap { get; init; }

    /// <summary>Arrows (gradient vectors), drawn to one common scale.</summary>
    public IReadOnlyList<PlotArrow> Arrows { get; init; } = [];

    /// <summary>Text labels.</summary>
    public IReadOnlyList<PlotNote> Notes { get; init; } = [];

    /// <summary>One unit on x is as long as one unit on y (contours and gradients keep their true angles).</summary>
    public bool SquareUnits { get; init; }

    /// <summary>The y values are log₁₀ of the quantity (a loss curve spanning decades); ticks show the quantity.</summary>
    public bool LogY { get; init; }
}
