using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Nabla.Symbolic.Parsing;
using Nabla.Symbolic.Simplification;

namespace Nabla.Cli;

/// <summary>
/// Everything the command line asks of the library. A seam so tests can inject a failing engine and check that an
/// unexpected exception becomes exit code 2 rather than a crash.
/// </summary>
public interface IMathEngine
{
    /// <summary>Parses learner input.</summary>
    Expr Parse(string text, ParseOptions options);

    /// <summary>The <paramref name="order"/>-th derivative.</summary>
    Expr Diff(Expr f, Symbol variable, int order);

    /// <summary>The derivative with the rule applications recorded.</summary>
    Derivation DiffWithSteps(Expr f, Symbol variable, int order);

    /// <summary>Simplifies under the library's default budget.</summary>
    Expr Simplify(Expr e);

    /// <summary>Decides whether two expressions are the same function.</summary>
    EquivalenceResult CheckEquivalence(Expr a, Expr b);
}

/// <summary>The real engine: forwards to the Nabla library with its default budgets.</summary>
public sealed class NablaEngine : IMathEngine
{
    /// <summary>The shared instance (the engine holds no state).</summary>
    public static NablaEngine Instance { get; } = new();

    /// <inheritdoc/>
    public Expr Parse(string text, ParseOptions options) => Expr.Parse(text, options);

    /// <inheritdoc/>
    public Expr Diff(Expr f, Symbol variable, int order) => Calculus.Diff(f, variable, order);

    /// <inheritdoc/>
    public Derivation DiffWithSteps(Expr f, Symbol variable, int order) => Calculus.DiffWithSteps(f, variable, order);

    /// <inheritdoc/>
    public Expr Simplify(Expr e) => Simplifier.Simplify(e);

    /// <inheritdoc/>
    public EquivalenceResult CheckEquivalence(Expr a, Expr b) => Equivalence.Check(a, b);
}
