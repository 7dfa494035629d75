namespace Nabla.Regression;

/// <summary>
/// Fitting models to data, the course's module 6. Linear models — a straight line (<see cref="Line"/>), a polynomial
/// (<see cref="Polynomial"/>), any design matrix or list of basis functions (<c>Linear</c>), or an expression that is
/// linear in its parameters (<see cref="LinearModel"/>) — are solved directly by Householder QR of the weighted,
/// column-scaled design (never the normal equations), so they need no starting values. Non-linear models are fitted
/// iteratively by <c>Fit.Curve</c>. Every fit returns a <see cref="FitResult"/> with <c>scipy.optimize.curve_fit</c>
/// semantics: σ are relative weights (covariance scaled by the reduced χ²) unless declared absolute.
/// </summary>
public static partial class Fit
{
}
