namespace Nabla.Symbolic.Compilation;

/// <summary>
/// Turns expressions into fast .NET delegates (via System.Linq.Expressions). Shared sub-expressions are computed
/// once per point (common-subexpression elimination over the interned DAG, also across the outputs of a vector
/// function such as a gradient), batches run as one compiled loop split across cores, and the values are exactly
/// those of <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/> (NaN outside a function's domain).
/// </summary>
/// <example>
/// <code>
/// var f = Compiler.Compile(Expr.Sin(x) * y);            // variables x, y (natural order)
/// double v = f.Evaluate(0.5, 2.0);
/// var grad = Compiler.Compile([Expr.Cos(x) * y, Expr.Sin(x)], [x, y]);
/// grad.EvaluateBatch([xs, ys], [gx, gy]);             // one million points, all cores
/// </code>
/// </example>
public static class Compiler
{
    /// <summary>The largest number of distinct sub-expressions a compiled function may have.</summary>
    public const int MaxNodes = 2_000_000;

    /// <summary>Compiles a scalar function of <paramref name="variables"/>.</summary>
    /// <param name="expression">The function.</param>
    /// <param name="variables">The argument order; by default the expression's free symbols in natural order
    /// (<c>x2</c> before <c>x10</c>). It may list variables the expression does not use.</param>
    /// <exception cref="ArgumentException">The expression uses a variable that is not in <paramref name="variables"/>,
    /// or a variable is listed twice.</exception>
    /// <exception cref="BudgetExceededException">The expression has more than <see cref="MaxNodes"/> distinct sub-expressions.</exception>
    public static CompiledFunction Compile(Expr expression, IReadOnlyList<Symbol>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var vars = variables is null ? expression.FreeSymbols : [.. variables];
        return new CompiledFunction(expression, new Kernel([expression], vars, MaxNodes));
    }

    /// <summary>Compiles a vector function (e.g. a gradient) whose components share one evaluation per point.</summary>
    /// <param name="outputs">The components.</param>
    /// <param name="variables">The argument order; by default the union of the components' free symbols in natural order.</param>
    /// <exception cref="ArgumentException">A component uses a variable that is not in <paramref name="variables"/>,
    /// or a variable is listed twice.</exception>
    /// <exception cref="BudgetExceededException">The components have more than <see cref="MaxNodes"/> distinct sub-expressions.</exception>
    public static CompiledVectorFunction Compile(IReadOnlyList<Expr> outputs, IReadOnlyList<Symbol>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        Expr[] components = [.. outputs];
        foreach (var c in components) ArgumentNullException.ThrowIfNull(c, nameof(outputs));
        var vars = variables is null ? UnionOfFreeSymbols(components) : [.. variables];
        return new CompiledVectorFunction(components, new Kernel(components, vars, MaxNodes));
    }

    /// <summary>The free symbols of all <paramref name="expressions"/>, in natural order.</summary>
    internal static IReadOnlyList<Symbol> UnionOfFreeSymbols(IEnumerable<Expr> expressions)
    {
        var all = new HashSet<Symbol>(ReferenceEqualityComparer.Instance);
        foreach (var e in expressions) all.UnionWith(e.FreeSymbols);
        var list = all.ToList();
        list.Sort((a, b) => Symbol.NaturalCompare(a.Name, b.Name));
        return list;
    }
}
