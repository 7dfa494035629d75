namespace Nabla.Optimization;

/// <summary>One iterate of Newton's method for a system F(x) = 0.</summary>
/// <param name="Iteration">0 for the start, then 1, 2, …</param>
/// <param name="X">The iterate, one coordinate per variable (in <see cref="SystemRootResult.Variables"/> order).</param>
/// <param name="ResidualNorm">‖F(x)‖₂ at the iterate.</param>
/// <param name="StepNorm">‖xₖ − xₖ₋₁‖₂, the length of the step that led here (0 for the start).</param>
public sealed record SystemRootStep(int Iteration, IReadOnlyList<double> X, double ResidualNorm, double StepNorm);

/// <summary>The outcome of <see cref="Roots.NewtonSystem(IReadOnlyList{Symbolic.Expr}, IReadOnlyDictionary{string, double}, RootOptions?)"/>.</summary>
/// <param name="Variables">The unknowns, in the order of <paramref name="X"/>.</param>
/// <param name="X">The last iterate (the root when <see cref="Converged"/>).</param>
/// <param name="Residual">F at <paramref name="X"/>, one entry per equation.</param>
/// <param name="ResidualNorm">‖F(x)‖₂.</param>
/// <param name="Iterations">Newton steps taken.</param>
/// <param name="Exit">Why the iteration stopped.</param>
/// <param name="Message">The exit in words, with the specifics (where, which value).</param>
/// <param name="Trace">Every iterate, the start first (empty when <see cref="RootOptions.RecordTrace"/> is off).</param>
public sealed record SystemRootResult(IReadOnlyList<string> Variables, IReadOnlyList<double> X, IReadOnlyList<double> Residual,
    double ResidualNorm, int Iterations, ExitReason Exit, string Message, IReadOnlyList<SystemRootStep> Trace)
{
    /// <summary>True when the iteration met its convergence test.</summary>
    public bool Converged => Exit == ExitReason.Converged;

    /// <summary>The solution by variable name.</summary>
    public IReadOnlyDictionary<string, double> Solution =>
        Variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => X[p.i]);
}
