using System.Text.Json.Serialization;

namespace Nabla.Course.Assignments;

/// <summary>One piece of feedback on a learner's function: a stable id (what tests and the web page key on) and the
/// message shown to the learner.</summary>
/// <param name="Id">The rule's id, e.g. <c>sign</c>, <c>no-division</c>, <c>bias-not-summed</c>.</param>
/// <param name="Message">What went wrong and how to put it right.</param>
public sealed record LabFeedback(string Id, string Message);

/// <summary>How a series is drawn.</summary>
public enum LabSeriesKind
{
    /// <summary>A line through the points.</summary>
    Line,
    /// <summary>Markers only.</summary>
    Points,
    /// <summary>Bars of the width of the x spacing (a histogram).</summary>
    Bars,
    /// <summary>A line with a marker at every point (a descent path).</summary>
    Path,
}

/// <summary>One series of a plot.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="X">The x coordinates.</param>
/// <param name="Y">The y coordinates.</param>
public sealed record LabSeries(string Label, LabSeriesKind Kind, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A function of two variables sampled on a grid, drawn as contour lines under the series.</summary>
/// <param name="X">The grid's x values (columns).</param>
/// <param name="Y">The grid's y values (rows).</param>
/// <param name="Z">Z[i][j] = the function at (X[j], Y[i]).</param>
/// <param name="Label">What Z is, e.g. χ².</param>
public sealed record LabContour(IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<IReadOnlyList<double>> Z, string Label);

/// <summary>A plot of what the learner's code achieved, as data (the CLI draws it with ScottPlot; a web page may
/// draw it its own way).</summary>
/// <param name="Id">A file-name-safe id, e.g. <c>heart</c>, <c>cost</c>, <c>path</c>, <c>fit</c>.</param>
/// <param name="Title">The title (may carry a result such as χ²).</param>
/// <param name="XLabel">The x axis label.</param>
/// <param name="YLabel">The y axis label.</param>
/// <param name="Series">The series, drawn in order.</param>
/// <param name="Contour">An optional contour map drawn first.</param>
/// <param name="LogY">Whether the y axis is logarithmic (a cost curve).</param>
public sealed record LabPlot(string Id, string Title, string XLabel, string YLabel, IReadOnlyList<LabSeries> Series,
    LabContour? Contour = null, bool LogY = false);

/// <summary>The result of one check (one function, or a run that uses them all).</summary>
/// <param name="Id">The check's id: the function's name (<c>J_b3</c>, <c>dfdmu</c>) or the run's (<c>training</c>,
/// <c>descent</c>).</param>
/// <param name="Title">A short description of what was checked.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Passed">Whether the check passed.</param>
/// <param name="Summary">One line: what was found.</param>
/// <param name="Feedback">The feedback rules that fired (empty when the check passed).</param>
/// <param name="Plots">Plots of a run (empty for a function check).</param>
public sealed record CheckResult(string Id, string Title, double Points, double MaxPoints, bool Passed, string Summary,
    IReadOnlyList<LabFeedback> Feedback, IReadOnlyList<LabPlot> Plots)
{
    /// <summary>A failed check with one piece of feedback and no points.</summary>
    public static CheckResult Failed(AssignmentCheck check, string summary, LabFeedback feedback) =>
        new(check.Id, check.Title, 0, check.Points, false, summary, [feedback], []);
}

/// <summary>A compiler error or warning against the learner's file.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Id">The compiler's id, e.g. CS1002.</param>
/// <param name="Message">The compiler's message.</param>
/// <param name="IsError">False for a warning.</param>
public sealed record CompileDiagnostic(int Line, int Column, string Id, string Message, bool IsError)
{
    /// <summary>file(line,col): error CSxxxx: message, as the compiler prints it.</summary>
    public string Display(string file) => $"{file}({Line},{Column}): {(IsError ? "error" : "warning")} {Id}: {Message}";
}

/// <summary>The report of one <c>check</c>: compile errors, or the checks' results and the score.</summary>
/// <param name="Assignment">The assignment's id.</param>
/// <param name="FileName">The learner's file name (for messages).</param>
/// <param name="Compiled">Whether the file compiled.</param>
/// <param name="Diagnostics">Compiler errors and warnings (errors first).</param>
/// <param name="Checks">The checks' results, in the assignment's order (empty when the file did not compile).</param>
/// <param name="Score">Points earned as a percentage of the total, 0–100.</param>
/// <param name="Message">One line for the learner: the score, or why nothing could be graded.</param>
/// <param name="Seconds">Wall time of the whole check.</param>
public sealed record LabReport(string Assignment, string FileName, bool Compiled, IReadOnlyList<CompileDiagnostic> Diagnostics,
    IReadOnlyList<CheckResult> Checks, double Score, string Message, double Seconds)
{
    /// <summary>Whether every check passed.</summary>
    public bool Passed => Compiled && Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>Every plot of every check.</summary>
    [JsonIgnore]
    public IEnumerable<LabPlot> Plots => Checks.SelectMany(c => c.Plots);

    /// <summary>All feedback ids that fired, for tests and analytics.</summary>
    [JsonIgnore]
    public IEnumerable<string> FeedbackIds => Checks.SelectMany(c => c.Feedback).Select(f => f.Id);
}
