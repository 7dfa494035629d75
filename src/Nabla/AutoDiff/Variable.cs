using Nabla.Numerics;

namespace Nabla.AutoDiff;

/// <summary>
/// A tensor value recorded on a reverse-mode <see cref="AutoDiff.Tape"/>: the result of an operation together with
/// the inputs it read and its local derivative with respect to each. Arithmetic on variables records new nodes;
/// <see cref="Backward(bool)"/> applies the chain rule from this node back to the inputs.
/// </summary>
public sealed partial class Variable
{
    internal Variable(Tape? tape, Tensor<double> value, bool requiresGrad, Edge[] edges)
    {
        Tape = tape;
        Value = value;
        RequiresGrad = requiresGrad;
        Edges = edges;
    }

    /// <summary>The tape this variable was recorded on (null for a free-standing constant).</summary>
    public Tape? Tape { get; }

    /// <summary>The value computed in the forward pass.</summary>
    public Tensor<double> Value { get; }

    /// <summary>The shape of <see cref="Value"/>.</summary>
    public TensorShape Shape => Value.Shape;

    /// <summary>True when a gradient flows into this variable (it is an input, or depends on one).</summary>
    public bool RequiresGrad { get; }

    /// <summary>True for a node no operation produced: an input or a constant.</summary>
    public bool IsLeaf => Edges.Length == 0;

    /// <summary>After a backward sweep, ∂output/∂this for an input variable; null before.</summary>
    public Tensor<double>? Grad { get; internal set; }

    internal Edge[] Edges { get; }

    /// <summary>A constant that belongs to no tape (no gradient flows into it); it joins the tape of the variable it
    /// is combined with.</summary>
    public static Variable Constant(Tensor<double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Variable(null, value, requiresGrad: false, []);
    }

    /// <summary>Backward from this one-element variable; see <see cref="Tape.Backward(Variable, bool)"/>.</summary>
    /// <exception cref="InvalidOperationException">This variable is not on a tape, has several elements, or the tape was released.</exception>
    public void Backward(bool retainGraph = false) =>
        (Tape ?? throw new InvalidOperationException("this constant is on no tape, so there is nothing to differentiate."))
        .Backward(this, retainGraph);

    /// <inheritdoc/>
    public override string ToString() => $"Variable({Value})";

    private static Tape? TapeOf(Variable a, Variable b)
    {
        if (a.Tape is null) return b.Tape;
        if (b.Tape is null || ReferenceEquals(a.Tape, b.Tape)) return a.Tape;
        throw new InvalidOperationException("these two variables were recorded on different tapes; combine variables of one computation only.");
    }

    private static Variable Make(Tape? tape, Tensor<double> value, ReadOnlySpan<Edge> edges) =>
        tape is null ? new Variable(null, value, false, []) : tape.Record(value, edges);

    /// <summary>Records a unary operation: its value and the local derivative (upstream gradient ↦ input gradient).</summary>
    private static Variable Unary(Variable a, Tensor<double> value, Func<Variable, Variable> vjp) =>
        Make(a.Tape, value, [new Edge(a, vjp)]);

    /// <summary>Records a binary operation with one local derivative per input.</summary>
    private static Variable Binary(Variable a, Variable b, Tensor<double> value, Func<Variable, Variable> vjpA, Func<Variable, Variable> vjpB) =>
        Make(TapeOf(a, b), value, [new Edge(a, vjpA), new Edge(b, vjpB)]);

    private Variable Lift(Tensor<double> t) => new(Tape, t, false, []);

    /// <summary>What operation produced this node and from which operands, for <see cref="CompiledGradient"/>
    /// (the edges alone are not enough: they drop operands that need no gradient, such as the data).</summary>
    internal CompiledOpKind Op { get; private set; }

    internal Variable? OperandA { get; private set; }

    internal Variable? OperandB { get; private set; }

    internal double OpScalar { get; private set; }

    private Variable Tag(CompiledOpKind op, Variable a, Variable? b = null, double scalar = 0)
    {
        Op = op;
        OperandA = a;
        OperandB = b;
        OpScalar = scalar;
        return this;
    }
}
