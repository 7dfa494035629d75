namespace Nabla.Optimization;

/// <summary>
/// One row of a 1D root finder's trace: the iterate, the function there, the slope used and the step taken from it.
/// </summary>
/// <param name="Iteration">0 is the start; row n holds xₙ.</param>
/// <param name="X">The iterate xₙ (for bisection: the midpoint of the current bracket).</param>
/// <param name="F">f(xₙ).</param>
/// <param name="Derivative">The slope the method used at xₙ: f'(xₙ) for Newton-Raphson, the secant slope through
/// xₙ₋₁ and xₙ for the secant method (NaN on row 0, before there is a secant), NaN for bisection.</param>
/// <param name="Step">xₙ₊₁ − xₙ; NaN on the last row when no further step was taken. For bisection: the half-width of
/// the current bracket (it halves from one row to the next).</param>
public sealed record RootStep(int Iteration, double X, double F, double Derivative, double Step);

/// <summary>The outcome of a 1D root finder: where it stopped, why, and how it got there.</summary>
/// <param name="Root">The last iterate (the root when <see cref="Converged"/>; otherwise where the method stopped).</param>
/// <param name="Value">f(<see cref="Root"/>).</param>
/// <param name="Iterations">The number of steps taken (bisection: the number of halvings).</param>
/// <param name="Exit">Why the method stopped.</param>
/// <param name="Message">A sentence for the learner naming the numbers involved (where, which value).</param>
/// <param name="Trace">The iterates, start first (empty when <see cref="RootOptions.RecordTrace"/> is off).</param>
/// <param name="FunctionEvaluations">How often f was evaluated (a combined f-and-f' pass counts once; numeric
/// derivatives add their two extra values of f).</param>
/// <param name="Method"><c>"newton"</c>, <c>"bisection"</c> or <c>"secant"</c>.</param>
public sealed record RootResult(double Root, double Value, int Iterations, ExitReason Exit, string Message,
    IReadOnlyList<RootStep> Trace, int FunctionEvaluations, string Method)
{
    /// <summary>True when <see cref="Exit"/> is <see cref="ExitReason.Converged"/>.</summary>
    public bool Converged => Exit == ExitReason.Converged;
}

/// <summary>The 1D root finders <see cref="Roots.Find"/> can run.</summary>
public enum RootMethod
{
    /// <summary>Newton-Raphson: xₙ₊₁ = xₙ − f(xₙ)/f'(xₙ).</summary>
    Newton,

    /// <summary>Bisection: halve a bracket [a, b] with f(a)·f(b) &lt; 0, keeping the half with the sign change.</summary>
    Bisection,

    /// <summary>The secant method: Newton with f' replaced by the slope through the last two iterates.</summary>
    Secant,
}

/// <summary>A real root found by <see cref="Roots.AllRealRoots"/>.</summary>
/// <param name="X">The root.</param>
/// <param name="Multiplicity">The estimated multiplicity: 1 for a simple root (f crosses zero), 2 for a double root
/// (f touches zero and turns back), 3 for a triple root (f crosses zero flatly), …</param>
/// <param name="Value">f(<see cref="X"/>), which rounding makes small rather than exactly 0.</param>
public sealed record RealRoot(double X, int Multiplicity, double Value);
