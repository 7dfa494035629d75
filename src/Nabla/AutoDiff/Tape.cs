using Nabla.Numerics;

namespace Nabla.AutoDiff;

/// <summary>One edge of the graph: the input an operation read and that operation's local derivative with respect
/// to it, as a vector-Jacobian product (upstream gradient ↦ gradient for this input).</summary>
internal readonly record struct Edge(Variable Parent, Func<Variable, Variable> Vjp);

/// <summary>
/// A reverse-mode tape: the record of a forward computation on <see cref="Variable"/>s, swept backwards to apply the
/// multivariate chain rule once for a whole gradient. Create the inputs with <see cref="Variable(Tensor{double})"/>,
/// compute with <see cref="AutoDiff.Variable"/> operations, then call <see cref="Backward(AutoDiff.Variable, bool)"/>.
/// </summary>
/// <remarks>
/// <para>Each operation stores its local derivative (a closure next to the operation in <c>Variable.Ops.cs</c>).
/// The backward sweep orders the graph topologically with an explicit stack (no recursion, so a 10⁶-node chain is
/// fine) and adds up the contributions of every path into a node (gradient accumulation).</para>
/// <para>A tape is single-use by default: backward releases it, and a second backward throws. Pass
/// <c>retainGraph: true</c> to sweep again (Jacobians), or <c>createGraph: true</c> to <see cref="Gradients"/> to
/// record the backward sweep itself, so the gradient can be differentiated again (Hessians).</para>
/// </remarks>
public sealed class Tape
{
    private bool _released;

    /// <summary>True while operations are recorded; false during a plain backward sweep, whose arithmetic is not itself
    /// differentiated.</summary>
    internal bool Recording { get; private set; } = true;

    /// <summary>A differentiable input (a leaf): after <see cref="Backward(AutoDiff.Variable, bool)"/> its
    /// <see cref="AutoDiff.Variable.Grad"/> holds ∂output/∂input.</summary>
    public Variable Variable(Tensor<double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Variable(this, value, requiresGrad: true, []);
    }

    /// <summary>A constant on this tape (no gradient flows into it).</summary>
    public Variable Constant(Tensor<double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Variable(this, value, requiresGrad: false, []);
    }

    /// <summary>Sweeps backwards from a one-element <paramref name="output"/> (seed 1) and stores the gradient in the
    /// <see cref="AutoDiff.Variable.Grad"/> of every leaf input that influences it (leaves it does not reach get zeros
    /// only if they were reached; others keep null).</summary>
    /// <exception cref="InvalidOperationException">The output has more than one element (use the overload with a seed),
    /// or backward was already called on this tape without retaining it.</exception>
    public void Backward(Variable output, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Value.Length != 1)
            throw new InvalidOperationException(
                $"backward without a seed needs a one-element output (a scalar loss); this output has shape {output.Shape}. Pass a seed tensor of that shape for a vector-Jacobian product.");
        Backward(output, Tensor<double>.Ones(output.Shape), retainGraph);
    }

    /// <summary>Sweeps backwards from <paramref name="output"/> with upstream gradient <paramref name="seed"/>: each leaf's
    /// <see cref="AutoDiff.Variable.Grad"/> becomes the vector-Jacobian product seedᵀ·∂output/∂leaf (overwriting any
    /// earlier value).</summary>
    /// <exception cref="ArgumentException">The seed's shape differs from the output's.</exception>
    /// <exception cref="InvalidOperationException">Backward was already called on this tape without retaining it.</exception>
    public void Backward(Variable output, Tensor<double> seed, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(seed);
        var grads = Sweep(output, seed, createGraph: false, retainGraph, static n => n.IsLeaf);
        foreach (var (node, grad) in grads)
            if (node.IsLeaf && node.RequiresGrad) node.Grad = grad.Value;
    }

    /// <summary>
    /// The gradients of <paramref name="output"/> with respect to <paramref name="inputs"/> as variables. With
    /// <paramref name="createGraph"/> the sweep is recorded on this tape, so the results can be differentiated again
    /// (reverse-over-reverse: Hessians, Hessian-vector products). An input the output does not depend on gets zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The seed's shape differs from the output's, or a variable is on another tape.</exception>
    /// <exception cref="InvalidOperationException">The output has several elements and no seed was given, or the tape was released.</exception>
    public Variable[] Gradients(Variable output, IReadOnlyList<Variable> inputs, Tensor<double>? seed = null,
        bool createGraph = false, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        if (seed is null && output.Value.Length != 1)
            throw new InvalidOperationException($"gradients without a seed need a one-element output; this output has shape {output.Shape}.");
        var wanted = new HashSet<Variable>(inputs, ReferenceEqualityComparer.Instance);
        var grads = Sweep(output, seed ?? Tensor<double>.Ones(output.Shape), createGraph, retainGraph || createGraph, wanted.Contains);
        var result = new Variable[inputs.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (inputs[i].Tape is { } t && !ReferenceEquals(t, this))
                throw new ArgumentException($"input {i} was recorded on another tape.", nameof(inputs));
            result[i] = grads.TryGetValue(inputs[i], out var g) ? g : Constant(Tensor<double>.Zeros(inputs[i].Shape));
        }
        return result;
    }

    private Dictionary<Variable, Variable> Sweep(Variable output, Tensor<double> seed, bool createGraph, bool retain, Func<Variable, bool> keep)
    {
        if (_released)
            throw new InvalidOperationException("backward was already called on this tape; record a new computation");
        if (output.Tape is { } t && !ReferenceEquals(t, this))
            throw new ArgumentException("the output was recorded on another tape.", nameof(output));
        if (seed.Shape != output.Shape)
            throw new ArgumentException($"the seed has shape {seed.Shape} but the output has shape {output.Shape}.", nameof(seed));

        var order = TopologicalOrder(output);
        var grads = new Dictionary<Variable, Variable>(ReferenceEqualityComparer.Instance) { [output] = Constant(seed) };
        bool saved = Recording;
        Recording = createGraph;
        try
        {
            // order lists every node after its inputs, so walking it backwards visits a node only once all the
            // nodes that read it have pushed their contributions into its gradient.
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var node = order[i];
                if (!grads.TryGetValue(node, out var g)) continue;
                foreach (var edge in node.Edges)
                {
                    var contribution = edge.Vjp(g);
                    grads[edge.Parent] = grads.TryGetValue(edge.Parent, out var sum) ? sum + contribution : contribution;
                }
                // A used intermediate gradient is garbage: dropping it keeps a long chain's memory flat.
                if (!keep(node)) grads.Remove(node);
            }
        }
        finally
        {
            Recording = saved;
        }
        if (!retain) _released = true;
        return grads;
    }

    /// <summary>Post-order of the graph above <paramref name="output"/> (inputs before the nodes that read them), by
    /// depth-first search with an explicit stack.</summary>
    private static List<Variable> TopologicalOrder(Variable output)
    {
        var order = new List<Variable>();
        var visited = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Variable Node, bool Expanded)>();
        stack.Push((output, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded) { order.Add(node); continue; }
            if (!visited.Add(node)) continue;
            stack.Push((node, true));
            foreach (var edge in node.Edges)
                if (!visited.Contains(edge.Parent)) stack.Push((edge.Parent, false));
        }
        return order;
    }

    internal Variable Record(Tensor<double> value, ReadOnlySpan<Edge> edges)
    {
        if (!Recording) return new Variable(this, value, requiresGrad: false, []);
        int live = 0;
        foreach (var e in edges) if (e.Parent.RequiresGrad) live++;
        if (live == 0) return new Variable(this, value, requiresGrad: false, []);
        var kept = new Edge[live];
        int k = 0;
        foreach (var e in edges) if (e.Parent.RequiresGrad) kept[k++] = e;
        return new Variable(this, value, requiresGrad: true, kept);
    }
}
