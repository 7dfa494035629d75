using System.Text.Json;

namespace Nabla.Web.Api;

// Requests and answers of /api/widgets/* (the calculus widgets of modules 1-2). Numbers that come from a lesson's
// widget attributes may be JSON numbers or constant expressions in plain syntax ("pi/4"), hence JsonElement.
// Answers carry null wherever the function is undefined (NaN/±∞ are not JSON).

/// <summary>Request of <c>function-plot</c>, <c>derivative-plot</c> and <c>match-derivative</c>.</summary>
public sealed record CurveRequest(string? F, JsonElement? From, JsonElement? To, int? Samples, int? Seed);

/// <summary>Request of <c>secant-tangent</c>.</summary>
public sealed record SecantRequest(string? F, JsonElement? X0, JsonElement? H, int? Samples);

/// <summary>A point in the plane.</summary>
public sealed record PlanePoint(JsonElement? X, JsonElement? Y);

/// <summary>Request of the two-variable widgets (<c>surface</c>, <c>contour-gradient</c>, <c>jacobian-field</c>, <c>hessian</c>).</summary>
public sealed record PlaneRequest(
    string? F, string? G,
    JsonElement? XMin, JsonElement? XMax, JsonElement? YMin, JsonElement? YMax,
    int? Grid, int? Arrows, JsonElement? X0, JsonElement? Y0, JsonElement? Size);


/// <summary>Answer of <c>function-plot</c>.</summary>
public sealed record FunctionPlotAnswer(bool Ok, string Latex, double From, double To, double[] Xs, double?[] Ys, double[] YRange,
    IReadOnlyList<Feature> Features, string Summary);

/// <summary>A feature of a sampled graph (a local extremum) at (<c>x</c>, <c>y</c>).</summary>
public sealed record Feature(string Kind, double X, double Y);

/// <summary>One position of the secant slider: h, the second point and rise/run (h = 0 is the tangent).</summary>
public sealed record SecantStep(double H, double X1, double? Y1, double? Rise, double Run, double? Slope);

/// <summary>Answer of <c>secant-tangent</c>.</summary>
public sealed record SecantAnswer(bool Ok, string Latex, string DerivativeLatex, double X0, double Y0, double Slope,
    double From, double To, double[] Xs, double?[] Ys, double[] YRange, IReadOnlyList<SecantStep> Steps, string Summary);

/// <summary>Answer of <c>derivative-plot</c>.</summary>
public sealed record DerivativePlotAnswer(bool Ok, string Latex, string DerivativeLatex, double From, double To,
    double[] Xs, double?[] Ys, double?[] Slopes, double[] YRange, double[] SlopeRange, IReadOnlyList<Feature> Features, string Summary);

/// <summary>One candidate graph of <c>match-derivative</c>.</summary>
public sealed record DerivativeCandidate(string Label, double?[] Ys, double[] YRange, string Latex, bool Correct, string Feedback);

/// <summary>Answer of <c>match-derivative</c>.</summary>
public sealed record MatchDerivativeAnswer(bool Ok, string Latex, string DerivativeLatex, double From, double To, double[] Xs, double?[] Ys,
    double[] YRange, IReadOnlyList<DerivativeCandidate> Candidates, string Summary);

/// <summary>Answer of <c>surface</c>: grids are indexed <c>[row j (y)][column i (x)]</c>.</summary>
public sealed record SurfaceAnswer(bool Ok, string Latex, string DxLatex, string DyLatex, double[] Xs, double[] Ys,
    double?[][] Z, double?[][] Dx, double?[][] Dy, double[] ZRange, string Summary);

/// <summary>One gradient arrow: its tail, the gradient there and the drawn (scaled) vector.</summary>
public sealed record GradientArrow(double X, double Y, double Gx, double Gy, double U, double V);

/// <summary>The value and gradient at a chosen point.</summary>
public sealed record GradientAt(double X, double Y, double? Value, double? Gx, double? Gy, double? Magnitude, string Summary);

/// <summary>Answer of <c>contour-gradient</c>.</summary>
public sealed record ContourGradientAnswer(bool Ok, string Latex, string[] GradientLatex, double[] Xs, double[] Ys, double?[][] Z,
    IReadOnlyList<GradientArrow> Arrows, double ArrowScale, GradientAt At, string Summary);

/// <summary>A polyline in the plane.</summary>
public sealed record Polyline(double?[] Xs, double?[] Ys);

/// <summary>Answer of <c>jacobian-field</c>.</summary>
public sealed record JacobianFieldAnswer(bool Ok, string FLatex, string GLatex, string[][] JacobianLatex,
    double XMin, double XMax, double YMin, double YMax, double X0, double Y0, double Size,
    IReadOnlyList<Polyline> DomainLines, IReadOnlyList<Polyline> ImageLines,
    Polyline Square, Polyline TrueImage, Polyline LinearImage, double[] Image, double[][] Jacobian, double Determinant, string Summary);

/// <summary>A stationary point the engine found in the window.</summary>
public sealed record StationaryMark(double X, double Y, string Kind);

/// <summary>Answer of <c>hessian</c>.</summary>
public sealed record HessianAnswer(bool Ok, string Latex, string[] GradientLatex, string[][] HessianLatex,
    double XMin, double XMax, double YMin, double YMax, double[] Xs, double[] Ys, double?[][] Z,
    double X0, double Y0, double Value, double[] Gradient, double[][] Hessian, double Determinant,
    double[] Eigenvalues, double[][] Eigenvectors, bool Stationary, string Kind, string Classification,
    IReadOnlyList<StationaryMark> StationaryPoints, string Summary);
