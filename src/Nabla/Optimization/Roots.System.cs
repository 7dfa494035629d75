using Nabla.Symbolic;

namespace Nabla.Optimization;

/// <summary>Root finders; this part holds Newton's method for systems of equations F(x) = 0 in n unknowns.</summary>
public static partial class Roots
{
    /// <summary>
    /// Newton's method for a square system F(x) = 0: each step solves J(x)·d = −F(x) (J the Jacobian, symbolic and
    /// compiled by default — see <see cref="RootOptions.Derivative"/>) by LU, and moves to x + damping·d. The unknowns
    /// are the free symbols of the equations in natural order; every one needs a value in <paramref name="start"/>.
    /// Numeric trouble is an exit reason, never an exception: <see cref="ExitReason.UndefinedAtStart"/>,
    /// <see cref="ExitReason.SingularJacobian"/> (e.g. {x², y} at (0, 1), where J = [[0, 0], [0, 1]]),
    /// <see cref="ExitReason.NonFinite"/>, <see cref="ExitReason.Diverged"/>, <see cref="ExitReason.CycleDetected"/>,
    /// <see cref="ExitReason.MaxIterations"/>. See docs/optimization-constrained.md.
    /// </summary>
    /// <param name="equations">F₁ … Fₙ, each meaning Fᵢ = 0; as many equations as unknowns.</param>
    /// <param name="start">The starting point by variable name (extra names are an error too: they are likely typos).</param>
    /// <param name="options">Tolerances, iteration budget, damping, derivative source, trace.</param>
    /// <exception cref="ArgumentException">No equations, a different number of unknowns than equations, a variable
    /// missing from <paramref name="start"/>, or a name in it that no equation uses.</exception>
    /// <example><code>
    /// var r = Roots.NewtonSystem([Expr.Parse("x^2 + y^2 - 4"), Expr.Parse("x - y")], new Dictionary&lt;string, double&gt; { ["x"] = 1, ["y"] = 2 });
    /// // r.X ≈ (√2, √2), r.Exit == ExitReason.Converged, r.Trace lists every iterate
    /// </code></example>
    public static SystemRootResult NewtonSystem(IReadOnlyList<Expr> equations, IReadOnlyDictionary<string, double> start, RootOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(equations);
        ArgumentNullException.ThrowIfNull(start);
        CheckEquations(equations);
        var variables = Calculus.InferVariables(equations).Select(s => s.Name).ToArray();
        return NewtonSystem(equations, variables, start, options);
    }

    /// <summary>
    /// <see cref="NewtonSystem(IReadOnlyList{Expr}, IReadOnlyDictionary{string, double}, RootOptions?)"/> with the
    /// unknowns named and ordered explicitly (an unknown may be absent from every equation only if the system is still
    /// square; its Jacobian column is then 0 and the exit is <see cref="ExitReason.SingularJacobian"/>).
    /// </summary>
    /// <exception cref="ArgumentException">As for the other overload, or an equation uses a symbol that is not listed.</exception>
    public static SystemRootResult NewtonSystem(IReadOnlyList<Expr> equations, IReadOnlyList<string> variables,
        IReadOnlyDictionary<string, double> start, RootOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(equations);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(start);
        CheckEquations(equations);
        options ??= new RootOptions();
        options.Validate();
        if (variables.Count == 0)
            throw new ArgumentException("the equations have no unknowns: there is nothing to solve for.", nameof(variables));
        if (variables.Distinct().Count() != variables.Count)
            throw new ArgumentException("an unknown is listed twice.", nameof(variables));
        var symbols = variables.Select(Symbol.Create).ToArray();
        var stray = Calculus.InferVariables(equations).Where(s => !symbols.Contains(s)).Select(s => s.Name).ToArray();
        if (stray.Length > 0)
            throw new ArgumentException(
                $"the equations also use {string.Join(", ", stray)}, which is not among the unknowns ({string.Join(", ", variables)}); " +
                "list it or substitute a value first.", nameof(variables));
        if (equations.Count != variables.Count)
            throw new ArgumentException(
                $"Newton's method needs as many equations as unknowns: {equations.Count} equation(s) in {variables.Count} unknown(s) " +
                $"({string.Join(", ", variables)}).", nameof(equations));
        var missing = variables.Where(v => !start.ContainsKey(v)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"the start has no value for {string.Join(", ", missing)}; give every unknown a starting value.", nameof(start));
        var unknown = start.Keys.Where(k => !variables.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException(
                $"the start names {string.Join(", ", unknown)}, which no equation uses (unknowns: {string.Join(", ", variables)}).", nameof(start));
        var solver = new SystemRootSolver(equations, symbols, options.Derivative);
        var x0 = variables.Select(v => start[v]).ToArray();
        return solver.Run(x0, options, lineSearch: false);
    }

    private static void CheckEquations(IReadOnlyList<Expr> equations)
    {
        if (equations.Count == 0) throw new ArgumentException("give at least one equation.", nameof(equations));
        for (int i = 0; i < equations.Count; i++)
            if (equations[i] is null) throw new ArgumentNullException(nameof(equations), $"equation {i + 1} is null.");
    }
}
