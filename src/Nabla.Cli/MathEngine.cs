using Nabla.AutoDiff;
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

    /// <summary>The gradient, one partial derivative per variable in <paramref name="variables"/> order.</summary>
    IReadOnlyList<Expr> Gradient(Expr f, IReadOnlyList<Symbol> variables);

    /// <summary>The Jacobian: one row per function, one column per variable.</summary>
    Expr[,] Jacobian(IReadOnlyList<Expr> functions, IReadOnlyList<Symbol> variables);

    /// <summary>The Hessian matrix of second partial derivatives.</summary>
    Expr[,] Hessian(Expr f, IReadOnlyList<Symbol> variables);

    /// <summary>The stationary points (∇f = 0), classified by the Hessian's eigenvalues.</summary>
    StationaryPointsResult StationaryPoints(Expr f, IReadOnlyList<Symbol> variables);

    /// <summary>The total derivative of f along the paths, by the multivariate chain rule.</summary>
    TotalDerivative TotalDerivative(Expr f, IReadOnlyDictionary<Symbol, Expr> paths, Symbol parameter);

    /// <summary>The univariate Taylor polynomial about <paramref name="about"/>.</summary>
    TaylorSeries Taylor(Expr f, Symbol variable, Expr about, int order);

    /// <summary>The multivariate Taylor polynomial about a point.</summary>
    MultivariateTaylorSeries Taylor(Expr f, IReadOnlyDictionary<Symbol, Expr> about, int order);

    /// <summary>A numeric derivative with its error estimate.</summary>
    NumericDerivative NumericDerivative(Expr f, Symbol variable, IReadOnlyDictionary<string, double> at, NumericMethod method);

    /// <summary>The rise-over-run table: secant slopes of <paramref name="f"/> at <paramref name="x"/> as the step shrinks.</summary>
    IReadOnlyList<SecantRow> RiseOverRun(Func<double, double> f, double x, double? exactDerivative);

    /// <summary>The gradient at a point by forward-mode automatic differentiation (one dual-number pass per variable).</summary>
    double[] ForwardGradient(Expr f, IReadOnlyList<Symbol> variables, IReadOnlyDictionary<string, double> at) =>
        ExprBridge.ForwardGradient(f, variables, at);

    /// <summary>The gradient at a point by reverse-mode automatic differentiation (one backward pass over a tape).</summary>
    double[] ReverseGradient(Expr f, IReadOnlyList<Symbol> variables, IReadOnlyDictionary<string, double> at) =>
        ExprBridge.ReverseGradient(f, variables, at);
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

    /// <inheritdoc/>
    public IReadOnlyList<Expr> Gradient(Expr f, IReadOnlyList<Symbol> variables) => Calculus.Gradient(f, variables);

    /// <inheritdoc/>
    public Expr[,] Jacobian(IReadOnlyList<Expr> functions, IReadOnlyList<Symbol> variables) => Calculus.Jacobian(functions, variables);

    /// <inheritdoc/>
    public Expr[,] Hessian(Expr f, IReadOnlyList<Symbol> variables) => Calculus.Hessian(f, variables);

    /// <inheritdoc/>
    public StationaryPointsResult StationaryPoints(Expr f, IReadOnlyList<Symbol> variables) => Calculus.StationaryPoints(f, variables);

    /// <inheritdoc/>
    public TotalDerivative TotalDerivative(Expr f, IReadOnlyDictionary<Symbol, Expr> paths, Symbol parameter) =>
        Calculus.TotalDerivative(f, paths, parameter);

    /// <inheritdoc/>
    public TaylorSeries Taylor(Expr f, Symbol variable, Expr about, int order) => Calculus.Taylor(f, variable, about, order);

    /// <inheritdoc/>
    public MultivariateTaylorSeries Taylor(Expr f, IReadOnlyDictionary<Symbol, Expr> about, int order) => Calculus.Taylor(f, about, order);

    /// <inheritdoc/>
    public NumericDerivative NumericDerivative(Expr f, Symbol variable, IReadOnlyDictionary<string, double> at, NumericMethod method)
    {
        try
        {
            return NumericDiff.Derivative(f, variable, at, method);
        }
        catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException and not ArgumentNullException)
        {
            // Every variable has a value by now, so what is left is the function having no real value at a point the
            // formula samples (sqrt(x) at 0): the input's fault, not a bug.
            throw new SymbolicException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<SecantRow> RiseOverRun(Func<double, double> f, double x, double? exactDerivative)
    {
        try
        {
            return NumericDiff.RiseOverRun(f, x, exactDerivative);
        }
        catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException and not ArgumentNullException)
        {
            throw new SymbolicException(ex.Message, ex);
        }
    }
}
