namespace Nabla.Optimization;

/// <summary>
/// The optimisation solvers of the course: unconstrained minimisation (gradient descent and its family, Newton's
/// method, the hybrid rule, BFGS and L-BFGS, multi-start global search) and constrained optimisation. Every solver
/// returns a result with the full trace of iterates, a typed <see cref="ExitReason"/> and exact evaluation counts;
/// numeric trouble (a NaN, a runaway iterate, a failed line search) is reported in the result, never thrown.
/// Exceptions are reserved for programming errors: null arguments, invalid options, vectors of the wrong length.
/// </summary>
public static partial class Optimize;
