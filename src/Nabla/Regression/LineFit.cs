namespace Nabla.Regression;

/// <summary>
/// A straight-line fit y ≈ Slope·x + Intercept — the course's <c>linfit</c> — with the standard errors of both
/// coefficients, the correlation coefficient r of x and y, and the full <see cref="FitResult"/> (parameters named
/// <c>intercept</c> and <c>slope</c>, in that order).
/// </summary>
/// <param name="Slope">The fitted slope m.</param>
/// <param name="Intercept">The fitted intercept c.</param>
/// <param name="SlopeError">The standard error of the slope.</param>
/// <param name="InterceptError">The standard error of the intercept.</param>
/// <param name="R">Pearson's correlation coefficient of x and y (weighted by 1/σ² when σ are given); r² is the
/// fraction of the variance of y the line explains (NaN when all y are equal).</param>
/// <param name="Fit">The general fit record (covariance, χ², residuals …).</param>
public sealed record LineFit(double Slope, double Intercept, double SlopeError, double InterceptError, double R, FitResult Fit);
