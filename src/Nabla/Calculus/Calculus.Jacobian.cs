using Nabla.Symbolic;

namespace Nabla;

public static partial class Calculus
{
    /// <summary>
    /// The variables of the expressions in the order the course uses when none is given: alphabetical, with
    /// numbered names in natural order (<c>x2</c> before <c>x10</c>).
    /// </summary>
    public static IReadOnlyList<Symbol> InferVariables(params Expr[] expressions) => InferVariables((IEnumerable<Expr>)expressions);

    /// <summary>The inferred variable order of several expressions (see <see cref="InferVariables(Expr[])"/>).</summary>
    public static IReadOnlyList<Symbol> InferVariables(IEnumerable<Expr> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        var set = new HashSet<Symbol>();
        foreach (var e in expressions) set.UnionWith(e.FreeSymbols);
        var list = set.ToList();
        list.Sort((a, b) => Symbol.NaturalCompare(a.Name, b.Name));
        return list;
    }

    /// <summary>
    /// The Jacobian matrix J[i, j] = ∂fᵢ/∂vⱼ of a vector function: one row per function, one column per variable.
    /// For u = x² − y², v = 2xy it is [[2x, −2y], [2y, 2x]]. Variables default to <see cref="InferVariables(Expr[])"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No functions, or no variables to differentiate with respect to.</exception>
    public static Expr[,] Jacobian(IReadOnlyList<Expr> functions, IReadOnlyList<Symbol>? variables = null, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(functions);
        if (functions.Count == 0) throw new ArgumentException("A Jacobian needs at least one function.", nameof(functions));
        variables ??= InferVariables(functions);
        if (variables.Count == 0)
            throw new ArgumentException("The functions have no variables; name the variables to differentiate with respect to.", nameof(variables));
        if (variables.Distinct().Count() != variables.Count)
            throw new ArgumentException("A variable is listed twice.", nameof(variables));
        var budget = new DiffBudget(options ?? DiffOptions.Default, "Jacobian");
        if ((long)functions.Count * variables.Count > (options ?? DiffOptions.Default).MaxNodes)
            throw new BudgetExceededException(
                $"Jacobian: {functions.Count:N0} functions of {variables.Count:N0} variables make a matrix of " +
                $"{(long)functions.Count * variables.Count:N0} entries, over DiffOptions.MaxNodes = {(options ?? DiffOptions.Default).MaxNodes:N0}.");
        var jacobian = new Expr[functions.Count, variables.Count];
        for (int j = 0; j < variables.Count; j++)
        {
            // One engine per variable: its memo is shared by every function (they often share sub-expressions).
            var engine = new Differentiator(variables[j], budget);
            for (int i = 0; i < functions.Count; i++)
            {
                jacobian[i, j] = engine.Derive(functions[i]);
                budget.CheckResult(jacobian[i, j]);
            }
        }
        return jacobian;
    }

    /// <summary>Evaluates a vector of expressions (e.g. a gradient) at a point.</summary>
    /// <exception cref="SymbolicException">A variable has no value.</exception>
    public static double[] Evaluate(IReadOnlyList<Expr> vector, IReadOnlyDictionary<string, double> at)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var values = new double[vector.Count];
        for (int i = 0; i < values.Length; i++) values[i] = vector[i].Evaluate(at);
        return values;
    }

    /// <summary>Evaluates a matrix of expressions (e.g. a Jacobian or Hessian) at a point.</summary>
    /// <exception cref="SymbolicException">A variable has no value.</exception>
    public static double[,] Evaluate(Expr[,] matrix, IReadOnlyDictionary<string, double> at)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        var values = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                values[i, j] = matrix[i, j].Evaluate(at);
        return values;
    }
}
