namespace Nabla.Symbolic.Compilation;

/// <summary>
/// The expression DAG of one or more roots, linearised children-first (post-order) with an explicit stack, so that
/// arbitrarily deep inputs never recurse. Every distinct node appears once; <see cref="UseCounts"/> says how many
/// parents (and outputs) read it, which is what common-subexpression elimination and local-slot reuse need.
/// </summary>
/// <remarks>
/// The children of a node follow the evaluation layout of <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/>
/// rather than <see cref="Expr.Args"/>: a sum reads its terms without their coefficients, a product reads each factor
/// as the power node <c>base^exponent</c> (so <c>x^3</c> shared by two products is computed once), and a power with a
/// numeric exponent reads only its base (the exponent is folded into the instruction).
/// </remarks>
internal sealed class ExpressionDag
{
    private ExpressionDag(Expr[] nodes, int[][] children, int[] useCounts, int[] outputs)
    {
        Nodes = nodes;
        Children = children;
        UseCounts = useCounts;
        Outputs = outputs;
    }

    /// <summary>The distinct nodes, every child before its parents.</summary>
    public Expr[] Nodes { get; }

    /// <summary>For each node, the indices of its children in evaluation layout (see the remarks).</summary>
    public int[][] Children { get; }

    /// <summary>For each node, how many parent edges and outputs read it.</summary>
    public int[] UseCounts { get; }

    /// <summary>The node index of each root.</summary>
    public int[] Outputs { get; }

    /// <summary>Linearises the DAG of <paramref name="roots"/>.</summary>
    /// <exception cref="BudgetExceededException">There are more than <paramref name="maxNodes"/> distinct nodes.</exception>
    public static ExpressionDag Build(IReadOnlyList<Expr> roots, int maxNodes)
    {
        var index = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        var nodes = new List<Expr>();
        var children = new List<int[]>();
        var childBuffer = new List<Expr>();
        // (node, its children once expanded): a node is emitted when all its children have an index.
        var stack = new Stack<(Expr Node, Expr[]? Kids)>();
        foreach (var root in roots)
        {
            ArgumentNullException.ThrowIfNull(root);
            stack.Push((root, null));
            while (stack.Count > 0)
            {
                var (node, kids) = stack.Pop();
                if (index.ContainsKey(node)) continue;
                if (kids is null)
                {
                    childBuffer.Clear();
                    ChildrenOf(node, childBuffer);
                    kids = [.. childBuffer];
                    stack.Push((node, kids));
                    for (int i = kids.Length - 1; i >= 0; i--)
                        if (!index.ContainsKey(kids[i])) stack.Push((kids[i], null));
                    continue;
                }
                var ids = new int[kids.Length];
                for (int i = 0; i < kids.Length; i++) ids[i] = index[kids[i]];
                index[node] = nodes.Count;
                nodes.Add(node);
                children.Add(ids);
                if (nodes.Count > maxNodes)
                    throw new BudgetExceededException(
                        $"The expression has more than {maxNodes} distinct sub-expressions; the limit for compilation is {maxNodes}.");
            }
        }
        var useCounts = new int[nodes.Count];
        foreach (var ids in children)
            foreach (var c in ids) useCounts[c]++;
        var outputs = new int[roots.Count];
        for (int k = 0; k < roots.Count; k++)
        {
            outputs[k] = index[roots[k]];
            useCounts[outputs[k]]++;
        }
        return new ExpressionDag([.. nodes], [.. children], useCounts, outputs);
    }

    /// <summary>The children of <paramref name="e"/> in evaluation layout.</summary>
    internal static void ChildrenOf(Expr e, List<Expr> into)
    {
        switch (e)
        {
            case Sum s:
                foreach (var t in s.Terms) into.Add(t.Term);
                break;
            case Product p:
                foreach (var f in p.Factors) into.Add(FactorNode(f));
                break;
            case Power pw:
                into.Add(pw.Base);
                if (pw.Exponent is not Number) into.Add(pw.Exponent);
                break;
            case Function f:
                into.Add(f.Argument);
                break;
        }
    }

    /// <summary>The node a product factor is computed by: the base itself, or the (interned) power node.</summary>
    internal static Expr FactorNode(Factor f) => f.Exponent.IsOne ? f.Base : Power.Raw(f.Base, f.Exponent);
}
