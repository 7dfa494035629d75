using Nabla.Symbolic;

namespace Nabla;

public static partial class Calculus
{
    /// <summary>
    /// The Jacobian with the working: entry [i, j] is the derivation of ∂fᵢ/∂vⱼ (<see cref="DiffWithSteps(Expr, Symbol, int, DiffOptions?)"/>),
    /// one row per function, one column per variable. Each entry's <see cref="Derivation.Result"/> is the matching
    /// entry of <see cref="Jacobian"/>. Variables default to <see cref="InferVariables(Expr[])"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No functions, no variables, or a repeated variable.</exception>
    public static Derivation[,] JacobianWithSteps(IReadOnlyList<Expr> functions, IReadOnlyList<Symbol>? variables = null, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(functions);
        if (functions.Count == 0) throw new ArgumentException("A Jacobian needs at least one function.", nameof(functions));
        variables ??= InferVariables(functions);
        CheckWithStepsVariables(variables);
        var result = new Derivation[functions.Count, variables.Count];
        for (int i = 0; i < functions.Count; i++)
            for (int j = 0; j < variables.Count; j++)
                result[i, j] = DiffWithSteps(functions[i], variables[j], 1, options);
        return result;
    }

    /// <summary>
    /// The Hessian with the working: entry [i, j] is the derivation of ∂/∂vⱼ (∂f/∂vᵢ), i.e. the steps of
    /// differentiating the i-th gradient entry by vⱼ (its <see cref="Derivation.Function"/> is ∂f/∂vᵢ). On and above
    /// the diagonal the results are exactly the entries of <see cref="Hessian"/>; below it the mixed partial is taken
    /// in the other order, so it may be written differently but has the same value (the Hessian is symmetric).
    /// Variables default to <see cref="InferVariables(Expr[])"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No variables, or a repeated variable.</exception>
    public static Derivation[,] HessianWithSteps(Expr f, IReadOnlyList<Symbol>? variables = null, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        variables ??= InferVariables(f);
        CheckWithStepsVariables(variables);
        var gradient = Gradient(f, variables, options);
        var result = new Derivation[variables.Count, variables.Count];
        for (int i = 0; i < variables.Count; i++)
            for (int j = 0; j < variables.Count; j++)
                result[i, j] = DiffWithSteps(gradient[i], variables[j], 1, options);
        return result;
    }

    private static void CheckWithStepsVariables(IReadOnlyList<Symbol> variables)
    {
        if (variables.Count == 0)
            throw new ArgumentException("There are no variables; name the variables to differentiate with respect to.", nameof(variables));
        if (variables.Distinct().Count() != variables.Count)
            throw new ArgumentException("A variable is listed twice.", nameof(variables));
    }
}
