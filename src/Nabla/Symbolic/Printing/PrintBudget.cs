namespace Nabla.Symbolic.Printing;

/// <summary>
/// The size limit of the display printers. An interned DAG can share sub-expressions so heavily that writing it out
/// as text (a tree) would take gigabytes; printing refuses such inputs with a clear exception instead.
/// </summary>
internal static class PrintBudget
{
    /// <summary>The largest tree (as written out, shared parts counted each time) that a printer writes.</summary>
    public const long MaxTreeSize = 2_000_000;

    /// <summary>Checks depth and size before a printer starts.</summary>
    /// <exception cref="BudgetExceededException">The expression is too deep or too large to print.</exception>
    public static void Ensure(Expr e, string operation)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable(operation);
        if (e.TreeSize > MaxTreeSize)
            throw new BudgetExceededException(
                $"{operation}: written out, the expression has {e.TreeSize} nodes; the limit is {MaxTreeSize}.");
    }
}
