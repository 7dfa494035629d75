using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nabla.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Nabla.AutoDiff;

/// <summary>The operations a <see cref="CompiledGradient"/> can replay; <see cref="None"/> marks a leaf or an
/// operation without a compiled kernel.</summary>
internal enum CompiledOpKind
{
    None, Add, Subtract, Multiply, Divide, Negate, Scale, AddScalar, MatMul, Sum, Exp, Log, Square, Sign, Step, Tanh,
    Sigmoid, Relu,

    /// <summary>activation(W·X + b) in one step: a matrix product, a bias broadcast along the columns and an optional
    /// activation, fused at compile time (see <see cref="CompiledGradient"/>'s remarks).</summary>
    Affine,

    /// <summary>Σ aᵢ²: a square whose only reader is a sum, fused at compile time.</summary>
    SumOfSquares,

    /// <summary>Σ (aᵢ − bᵢ)² over equal shapes: a difference read only by a square read only by a sum (the squared
    /// error of <see cref="Variable.Mse"/>), fused at compile time.</summary>
    SquaredDistance,
}

/// <summary>
/// A scalar function of tensors recorded once and replayed many times (a static graph, "jit-lite"): the operation
/// sequence, operand slots and shapes are fixed by <see cref="ReverseMode.Compile"/>, and every
/// <see cref="Run"/> replays the forward pass and the backward sweep (the multivariate chain rule) into buffers
/// allocated at compile time. No tape, tensor or closure is created per run, so a training step costs only its
/// arithmetic.
/// </summary>
/// <remarks>
/// <para>Constants the function uses (data, targets) are copied when it is compiled: later changes to those tensors
/// are not seen. Pass anything that changes between runs as an input.</para>
/// <para>The recorded graph is fixed: control flow in the function that depends on input values is frozen at the
/// values used while compiling (zeros). A compiled gradient reuses its buffers, so one instance must not run on two
/// threads at once.</para>
/// <para>Compiling also fuses each dense layer — a matrix product W·X, plus a bias b of shape (m, 1) broadcast along
/// the columns, through sigmoid, tanh or relu, when nothing else reads the product or the sum — into one step: the
/// product is accumulated onto the bias row by row, and the backward sweep goes from ∂/∂activation to ∂/∂W, ∂/∂X and
/// ∂/∂b (row sums) without the intermediate tensors. With AVX-512 a small sigmoid layer is one pass forward (σ applied
/// to the registers of W·X + b before they are stored) and two backward (∂/∂z with ∂/∂b and ∂/∂W, then ∂/∂X). The
/// sigmoid is <see cref="SimdMath.Sigmoid(ReadOnlySpan{double}, Span{double})"/>'s (within 4 ulp of
/// 1/(1 + Math.Exp(−z))).</para>
/// </remarks>
public sealed class CompiledGradient
{
    /// <summary>Multiply-adds above which a matrix product goes to <see cref="Gemm"/>; below it, direct loops win
    /// because packing and dispatch cost more than the arithmetic.</summary>
    private const long GemmThreshold = 32 * 32 * 32;

    private readonly CompiledStep[] _steps;
    private readonly double[][] _values;
    private readonly double[]?[] _grads;
    private readonly int[] _inputSlots;
    private readonly int _outputSlot;
    private readonly TensorShape[] _inputShapes;

    private CompiledGradient(CompiledStep[] steps, double[][] values, double[]?[] grads, int[] inputSlots, int outputSlot,
        TensorShape[] inputShapes)
    {
        _steps = steps;
        _values = values;
        _grads = grads;
        _inputSlots = inputSlots;
        _outputSlot = outputSlot;
        _inputShapes = inputShapes;
    }

    /// <summary>The shapes of the inputs, in order.</summary>
    public IReadOnlyList<TensorShape> InputShapes => _inputShapes;

    /// <summary>The number of recorded operations replayed per run.</summary>
    public int OperationCount => _steps.Length;

    /// <summary>
    /// f(inputs) and ∂f/∂inputᵢ for every input, written into <paramref name="gradientsOut"/> (one contiguous tensor
    /// per input, of that input's shape). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The counts or shapes differ from the compiled ones, or a tensor is a
    /// non-contiguous view.</exception>
    public double Run(IReadOnlyList<Tensor<double>> inputs, IReadOnlyList<Tensor<double>> gradientsOut)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(gradientsOut);
        if (inputs.Count != _inputSlots.Length || gradientsOut.Count != _inputSlots.Length)
            throw new ArgumentException(
                $"this compiled gradient takes {_inputSlots.Length} inputs and as many gradient tensors; got {inputs.Count} and {gradientsOut.Count}.");
        for (int i = 0; i < _inputSlots.Length; i++)
        {
            CheckTensor(inputs[i], i, nameof(inputs));
            CheckTensor(gradientsOut[i], i, nameof(gradientsOut));
            inputs[i].AsSpan().CopyTo(_values[_inputSlots[i]]);
        }
        Forward();
        Backward();
        for (int i = 0; i < _inputSlots.Length; i++)
        {
            var g = _grads[_inputSlots[i]];
            if (g is null) gradientsOut[i].AsSpan().Clear();
            else g.CopyTo(gradientsOut[i].AsSpan());
        }
        return _values[_outputSlot][0];
    }

    /// <summary>f(inputs) only: the forward pass, without the backward sweep. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">The count or shapes differ from the compiled ones, or a tensor is a
    /// non-contiguous view.</exception>
    public double Evaluate(IReadOnlyList<Tensor<double>> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != _inputSlots.Length)
            throw new ArgumentException($"this compiled gradient takes {_inputSlots.Length} inputs; got {inputs.Count}.");
        for (int i = 0; i < _inputSlots.Length; i++)
        {
            CheckTensor(inputs[i], i, nameof(inputs));
            inputs[i].AsSpan().CopyTo(_values[_inputSlots[i]]);
        }
        Forward();
        return _values[_outputSlot][0];
    }

    private void CheckTensor(Tensor<double> t, int i, string name)
    {
        if (t is null) throw new ArgumentNullException(name, $"tensor {i} is null.");
        if (t.Shape != _inputShapes[i])
            throw new ArgumentException($"tensor {i} has shape {t.Shape} but input {i} was compiled with shape {_inputShapes[i]}.", name);
        if (!t.IsContiguous)
            throw new ArgumentException($"tensor {i} is a non-contiguous view; call Contiguous() first.", name);
    }

    // ------------------------------------------------------------------ compilation

    internal static CompiledGradient Build(Func<Variable[], Variable> f, TensorShape[] inputShapes)
    {
        var tape = new Tape();
        var inputs = new Variable[inputShapes.Length];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = tape.Variable(Tensor<double>.Zeros(inputShapes[i]));
        var output = f(inputs) ?? throw new InvalidOperationException("the function returned null instead of a variable.");
        if (output.Value.Length != 1)
            throw new InvalidOperationException(
                $"a compiled gradient needs a one-element output (a scalar loss); this output has shape {output.Shape}.");

        var order = TopologicalOrder(output, inputs);
        var slot = new Dictionary<Variable, int>(ReferenceEqualityComparer.Instance);
        var values = new double[order.Count][];
        var dependsOnInput = new bool[order.Count];
        var steps = new List<CompiledStep>();
        var inputIndex = new Dictionary<Variable, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < inputs.Length; i++) inputIndex[inputs[i]] = i;

        for (int s = 0; s < order.Count; s++)
        {
            var node = order[s];
            slot[node] = s;
            values[s] = new double[node.Value.Length];
            if (inputIndex.ContainsKey(node)) { dependsOnInput[s] = true; continue; }
            bool live = IsComputed(node, inputIndex) && DependsOn(node, slot, dependsOnInput);
            if (!live)
            {
                // Data, targets and sub-results of constants only: their value is the same on every run.
                node.Value.Contiguous().AsSpan().CopyTo(values[s]);
                continue;
            }
            dependsOnInput[s] = true;
            var a = node.OperandA!;
            var b = node.OperandB;
            steps.Add(CompiledStep.Create(node, s, slot[a], b is null ? -1 : slot[b], a.Shape, b?.Shape ?? default));
        }

        var grads = new double[]?[order.Count];
        for (int s = 0; s < order.Count; s++)
            if (dependsOnInput[s]) grads[s] = new double[values[s].Length];
        var shapes = order.Select(node => node.Shape).ToArray();
        FuseDenseLayers(steps, shapes, grads, slot[output]);
        FuseSquaredSums(steps, shapes, grads, slot[output]);
        var inputSlots = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) inputSlots[i] = slot[inputs[i]];
        return new CompiledGradient([.. steps], values, grads, inputSlots, slot[output], inputShapes);
    }

    /// <summary>
    /// Replaces each MatMul → Add(bias) → activation chain whose intermediates have no other reader by one
    /// <see cref="CompiledOpKind.Affine"/> step at the activation's position (its operands are all computed earlier,
    /// since slots are written once). The sum's buffer becomes the step's scratch for ∂/∂z; the intermediates need no
    /// gradient buffers any more.
    /// </summary>
    private static void FuseDenseLayers(List<CompiledStep> steps, TensorShape[] shapes, double[]?[] grads, int outputSlot)
    {
        var (readers, producer) = ReadersAndProducers(steps, shapes.Length, outputSlot);
        var removed = new HashSet<int>();
        for (int i = 0; i < steps.Count; i++)
        {
            var activation = steps[i];
            if (activation.Kind is not (CompiledOpKind.Sigmoid or CompiledOpKind.Tanh or CompiledOpKind.Relu)) continue;
            int sumSlot = activation.A;
            if (readers[sumSlot] != 1 || !producer.TryGetValue(sumSlot, out int s2) || steps[s2].Kind != CompiledOpKind.Add) continue;
            var add = steps[s2];
            int productSlot, biasSlot;
            if (producer.TryGetValue(add.A, out int s1) && steps[s1].Kind == CompiledOpKind.MatMul) (productSlot, biasSlot) = (add.A, add.B);
            else if (producer.TryGetValue(add.B, out s1) && steps[s1].Kind == CompiledOpKind.MatMul) (productSlot, biasSlot) = (add.B, add.A);
            else continue;
            var product = steps[s1];
            var pShape = shapes[productSlot];
            var bShape = shapes[biasSlot];
            if (readers[productSlot] != 1 || pShape.Rank != 2 || bShape.Rank != 2 || bShape[0] != pShape[0] || bShape[1] != 1
                || shapes[sumSlot] != pShape || removed.Contains(s1) || removed.Contains(s2)) continue;
            steps[i] = CompiledStep.CreateAffine(activation.Out, product.A, product.B, biasSlot, sumSlot, activation.Kind,
                product.M, product.K, product.N);
            removed.Add(s1);
            removed.Add(s2);
            grads[productSlot] = null;
            grads[sumSlot] = null;
        }
        RemoveSteps(steps, removed);
    }

    /// <summary>How many steps (and the output) read each slot, and which step writes each slot — what a fusion
    /// pass needs to know that an intermediate has no other reader.</summary>
    private static (int[] Readers, Dictionary<int, int> Producer) ReadersAndProducers(List<CompiledStep> steps, int slots, int outputSlot)
    {
        var readers = new int[slots];
        var producer = new Dictionary<int, int>();
        for (int i = 0; i < steps.Count; i++)
        {
            readers[steps[i].A]++;
            if (steps[i].B >= 0) readers[steps[i].B]++;
            producer[steps[i].Out] = i;
        }
        readers[outputSlot]++;
        return (readers, producer);
    }

    /// <summary>Drops the steps a fusion pass replaced, keeping the order of the rest.</summary>
    private static void RemoveSteps(List<CompiledStep> steps, HashSet<int> removed)
    {
        if (removed.Count == 0) return;
        var kept = steps.Where((_, index) => !removed.Contains(index)).ToList();
        steps.Clear();
        steps.AddRange(kept);
    }

    /// <summary>
    /// Replaces each Sum(Square(a)) whose square has no other reader by one <see cref="CompiledOpKind.SumOfSquares"/>
    /// step, and Sum(Square(a − b)) whose difference has no other reader either (and needs no broadcasting) by one
    /// <see cref="CompiledOpKind.SquaredDistance"/> step: the loss of a least-squares fit in one pass forward and one
    /// backward, instead of four of each with a tensor between them.
    /// </summary>
    private static void FuseSquaredSums(List<CompiledStep> steps, TensorShape[] shapes, double[]?[] grads, int outputSlot)
    {
        var (readers, producer) = ReadersAndProducers(steps, shapes.Length, outputSlot);
        var removed = new HashSet<int>();
        for (int i = 0; i < steps.Count; i++)
        {
            var sum = steps[i];
            int squareSlot = sum.A;
            if (sum.Kind != CompiledOpKind.Sum || readers[squareSlot] != 1 || !producer.TryGetValue(squareSlot, out int s2)
                || steps[s2].Kind != CompiledOpKind.Square || removed.Contains(s2)) continue;
            int baseSlot = steps[s2].A;
            removed.Add(s2);
            grads[squareSlot] = null;
            if (readers[baseSlot] == 1 && producer.TryGetValue(baseSlot, out int s1) && steps[s1].Kind == CompiledOpKind.Subtract
                && !removed.Contains(s1) && shapes[steps[s1].A] == shapes[baseSlot] && shapes[steps[s1].B] == shapes[baseSlot])
            {
                steps[i] = CompiledStep.CreateReduction(CompiledOpKind.SquaredDistance, sum.Out, steps[s1].A, steps[s1].B);
                removed.Add(s1);
                grads[baseSlot] = null;
            }
            else steps[i] = CompiledStep.CreateReduction(CompiledOpKind.SumOfSquares, sum.Out, baseSlot, -1);
        }
        RemoveSteps(steps, removed);
    }

    private static bool IsComputed(Variable node, Dictionary<Variable, int> inputs) =>
        node.Op != CompiledOpKind.None && !inputs.ContainsKey(node);

    private static bool DependsOn(Variable node, Dictionary<Variable, int> slot, bool[] dependsOnInput) =>
        dependsOnInput[slot[node.OperandA!]] || node.OperandB is { } b && dependsOnInput[slot[b]];

    /// <summary>Operands before the nodes that read them, by depth-first search with an explicit stack; throws for a
    /// node that depends on an input through an operation without a compiled kernel.</summary>
    private static List<Variable> TopologicalOrder(Variable output, Variable[] inputs)
    {
        var order = new List<Variable>();
        var visited = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        foreach (var input in inputs)
            if (visited.Add(input)) order.Add(input);
        var stack = new Stack<(Variable Node, bool Expanded)>();
        stack.Push((output, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded) { order.Add(node); continue; }
            if (!visited.Add(node)) continue;
            if (node.Op == CompiledOpKind.None)
            {
                if (node.Edges.Length > 0)
                    throw new NotSupportedException(
                        $"the operation '{OperationName(node)}' has no compiled kernel; a compiled gradient supports add, subtract, multiply, divide (with broadcasting), negate, scale, add-scalar, matmul, sum, mean, mse, exp, log, square, tanh, sigmoid, relu, sign and step. Use the tape (ReverseMode.Grad or Tape.Backward) for this function.");
                order.Add(node);
                continue;
            }
            stack.Push((node, true));
            if (node.OperandB is { } b && !visited.Contains(b)) stack.Push((b, false));
            if (!visited.Contains(node.OperandA!)) stack.Push((node.OperandA!, false));
        }
        return order;
    }

    /// <summary>The name of the method that recorded a node, read from its derivative closure (compiler-generated
    /// names look like &lt;Transpose&gt;b__0).</summary>
    private static string OperationName(Variable node)
    {
        string name = node.Edges[0].Vjp.Method.Name;
        int open = name.IndexOf('<'), close = name.IndexOf('>');
        return open >= 0 && close > open + 1 ? name[(open + 1)..close] : name;
    }

    // ------------------------------------------------------------------ replay

    private void Forward()
    {
        foreach (var step in _steps)
        {
            var o = _values[step.Out].AsSpan();
            var a = _values[step.A];
            switch (step.Kind)
            {
                case CompiledOpKind.Add: step.Binary<AddOp>(a, _values[step.B], o); break;
                case CompiledOpKind.Subtract: step.Binary<SubtractOp>(a, _values[step.B], o); break;
                case CompiledOpKind.Multiply: step.Binary<MultiplyOp>(a, _values[step.B], o); break;
                case CompiledOpKind.Divide: step.Binary<DivideOp>(a, _values[step.B], o); break;
                case CompiledOpKind.Negate: TP.Negate(a, o); break;
                case CompiledOpKind.Scale: TP.Multiply(a, step.Scalar, o); break;
                case CompiledOpKind.AddScalar: TP.Add(a, step.Scalar, o); break;
                case CompiledOpKind.MatMul: MatMulForward(step, a, _values[step.B], o); break;
                case CompiledOpKind.Sum: o[0] = TP.Sum<double>(a); break;
                case CompiledOpKind.Exp: TP.Exp(a, o); break;
                case CompiledOpKind.Log: TP.Log(a, o); break;
                case CompiledOpKind.Square: TP.Multiply(a, a, o); break;
                case CompiledOpKind.Tanh: TP.Tanh(a, o); break;
                case CompiledOpKind.Sigmoid: SimdMath.Sigmoid(a, o); break;
                case CompiledOpKind.Affine: AffineForward(step, a, _values[step.B], _values[step.Bias], o); break;
                case CompiledOpKind.Relu: TP.Max(a, 0.0, o); break;
                case CompiledOpKind.SumOfSquares: o[0] = CompiledKernels.SquaredDistance(a, default); break;
                case CompiledOpKind.SquaredDistance: o[0] = CompiledKernels.SquaredDistance(a, _values[step.B]); break;
                case CompiledOpKind.Sign:
                    for (int i = 0; i < o.Length; i++) o[i] = double.IsNaN(a[i]) ? double.NaN : Math.Sign(a[i]);
                    break;
                case CompiledOpKind.Step:
                    for (int i = 0; i < o.Length; i++) o[i] = a[i] > 0 ? 1 : a[i] < 0 ? 0 : double.NaN;
                    break;
                default: throw new InvalidOperationException($"no forward kernel for {step.Kind}.");
            }
        }
    }

    private void Backward()
    {
        foreach (var g in _grads) g?.AsSpan().Clear();
        _grads[_outputSlot]![0] = 1;
        for (int s = _steps.Length - 1; s >= 0; s--)
        {
            var step = _steps[s];
            var g = _grads[step.Out]!;
            var ga = _grads[step.A];
            var a = _values[step.A];
            switch (step.Kind)
            {
                case CompiledOpKind.Add: step.BinaryBackward<AddOp>(g, a, _values[step.B], ga, _grads[step.B]); break;
                case CompiledOpKind.Subtract: step.BinaryBackward<SubtractOp>(g, a, _values[step.B], ga, _grads[step.B]); break;
                case CompiledOpKind.Multiply: step.BinaryBackward<MultiplyOp>(g, a, _values[step.B], ga, _grads[step.B]); break;
                case CompiledOpKind.Divide: step.BinaryBackward<DivideOp>(g, a, _values[step.B], ga, _grads[step.B]); break;
                case CompiledOpKind.MatMul: MatMulBackward(step.M, step.N, step.K, g, a, _values[step.B], ga, _grads[step.B]); break;
                case CompiledOpKind.Affine: AffineBackward(step, g, a, ga); break;
                case CompiledOpKind.SumOfSquares: CompiledKernels.SquaredDistanceBackward(g[0], a, default, ga, default); break;
                case CompiledOpKind.SquaredDistance:
                    CompiledKernels.SquaredDistanceBackward(g[0], a, _values[step.B], ga, _grads[step.B]);
                    break;
                default:
                    if (ga is not null) UnaryBackward(step, g, a, _values[step.Out], ga);
                    break;
            }
        }
    }

    private static void UnaryBackward(CompiledStep step, double[] g, double[] a, double[] y, double[] ga)
    {
        int n = ga.Length;
        switch (step.Kind)
        {
            case CompiledOpKind.Negate: Accumulate<NegateGrad>(g, a, y, 0, ga); break;
            case CompiledOpKind.Scale: Accumulate<ScaleGrad>(g, a, y, step.Scalar, ga); break;
            case CompiledOpKind.AddScalar: Accumulate<IdentityGrad>(g, a, y, 0, ga); break;
            case CompiledOpKind.Sum: { double g0 = g[0]; for (int i = 0; i < n; i++) ga[i] += g0; break; }
            case CompiledOpKind.Exp: Accumulate<ExpGrad>(g, a, y, 0, ga); break;
            case CompiledOpKind.Log: Accumulate<LogGrad>(g, a, y, 0, ga); break;
            case CompiledOpKind.Square: Accumulate<SquareGrad>(g, a, y, 0, ga); break;
            case CompiledOpKind.Tanh: Accumulate<TanhGrad>(g, a, y, 0, ga); break;
            case CompiledOpKind.Sigmoid: Accumulate<SigmoidGrad>(g, a, y, 0, ga); break;
            case CompiledOpKind.Relu:
                for (int i = 0; i < n; i++) ga[i] += g[i] * (a[i] > 0 ? 1 : double.IsNaN(a[i]) ? double.NaN : 0);
                break;
            case CompiledOpKind.Sign or CompiledOpKind.Step: break; // piecewise constant: no gradient flows
            default: throw new InvalidOperationException($"no backward kernel for {step.Kind}.");
        }
    }

    /// <summary>ga += local derivative · g elementwise, vectorised.</summary>
    private static void Accumulate<TGrad>(ReadOnlySpan<double> g, ReadOnlySpan<double> a, ReadOnlySpan<double> y, double c, Span<double> ga)
        where TGrad : IUnaryGrad
    {
        int n = ga.Length, i = 0, width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var vc = new Vector<double>(c);
            ref double rg = ref MemoryMarshal.GetReference(g);
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double ry = ref MemoryMarshal.GetReference(y);
            ref double rga = ref MemoryMarshal.GetReference(ga);
            for (; i <= n - width; i += width)
            {
                var d = TGrad.Grad(Vector.LoadUnsafe(ref rg, (nuint)i), Vector.LoadUnsafe(ref ra, (nuint)i),
                    Vector.LoadUnsafe(ref ry, (nuint)i), vc);
                (Vector.LoadUnsafe(ref rga, (nuint)i) + d).StoreUnsafe(ref rga, (nuint)i);
            }
        }
        for (; i < n; i++) ga[i] += TGrad.Grad(g[i], a[i], y[i], c);
    }

    /// <summary>Out = activation(W·X + b): each row starts as its bias, the product accumulates onto it, then the
    /// activation runs over the whole block in place.</summary>
    private static void AffineForward(CompiledStep step, ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, Span<double> o)
    {
        int m = step.M, n = step.N, k = step.K;
        bool big = (long)m * n * k >= GemmThreshold;
        if (!big && CompiledKernels.IsSupported)
        {
            // The activation is applied to each register of sums before it is stored: one pass over the layer.
            bool sigmoid = step.Activation == CompiledOpKind.Sigmoid;
            CompiledKernels.SmallProduct(m, n, k, w, k, 1, x, o, ProductStart.Bias, bias, sigmoid);
            if (sigmoid) return;
        }
        else
        {
            for (int i = 0; i < m; i++) o.Slice(i * n, n).Fill(bias[i]);
            if (big) Gemm.Multiply(false, false, m, n, k, 1.0, w, k, x, n, 1.0, o, n);
            else SmallProduct(m, n, k, w, k, 1, x, o, accumulate: true);
        }
        switch (step.Activation)
        {
            case CompiledOpKind.Sigmoid: SimdMath.Sigmoid(o, o); break;
            case CompiledOpKind.Tanh: TP.Tanh(o, o); break;
            case CompiledOpKind.Relu: TP.Max(o, 0.0, o); break;
            default: throw new InvalidOperationException($"no fused kernel for the activation {step.Activation}.");
        }
    }

    /// <summary>∂/∂z = ∂/∂out ⊙ activation′ (from the output y: σ′ = y(1 − y), tanh′ = 1 − y², relu′ = [y &gt; 0]) into the
    /// scratch buffer; then ∂/∂b += row sums, and ∂/∂W, ∂/∂X as for a matrix product.</summary>
    private void AffineBackward(CompiledStep step, double[] g, double[] w, double[]? gw)
    {
        int m = step.M, n = step.N;
        var y = _values[step.Out];
        var gz = _values[step.Scratch].AsSpan();
        if (CompiledKernels.IsSupported && step.Activation is CompiledOpKind.Sigmoid or CompiledOpKind.Tanh
            && (long)m * n * step.K < GemmThreshold)
        {
            // ∂/∂z, the bias row sums and ∂/∂W in one pass over each row; then ∂/∂X = Wᵀ·∂/∂z.
            CompiledKernels.DenseBackward(step.Activation == CompiledOpKind.Sigmoid, m, n, step.K, g, y, _values[step.B], gz,
                _grads[step.Bias], gw);
            MatMulBackward(m, n, step.K, gz, w, _values[step.B], null, _grads[step.B]);
            return;
        }
        switch (step.Activation)
        {
            case CompiledOpKind.Sigmoid: gz.Clear(); Accumulate<SigmoidGrad>(g, y, y, 0, gz); break;
            case CompiledOpKind.Tanh: gz.Clear(); Accumulate<TanhGrad>(g, y, y, 0, gz); break;
            case CompiledOpKind.Relu:
                for (int i = 0; i < gz.Length; i++) gz[i] = g[i] * (y[i] > 0 ? 1 : double.IsNaN(y[i]) ? double.NaN : 0);
                break;
            default: throw new InvalidOperationException($"no fused kernel for the activation {step.Activation}.");
        }
        if (_grads[step.Bias] is { } gb)
            for (int i = 0; i < m; i++) gb[i] += TP.Sum<double>(gz.Slice(i * n, n));
        MatMulBackward(m, n, step.K, gz, w, _values[step.B], gw, _grads[step.B]);
    }

    private static void MatMulForward(CompiledStep step, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c)
    {
        int m = step.M, n = step.N, k = step.K;
        if ((long)m * n * k >= GemmThreshold) Gemm.Multiply(false, false, m, n, k, 1.0, a, k, b, n, 0.0, c, n);
        else if (CompiledKernels.IsSupported) CompiledKernels.SmallProduct(m, n, k, a, k, 1, b, c, ProductStart.Zero, default);
        else SmallProduct(m, n, k, a, k, 1, b, c, accumulate: false);
    }

    /// <summary>C = A·B (m, k)(k, n): ∂/∂A += G·Bᵀ, ∂/∂B += Aᵀ·G, accumulated into the operand gradients.</summary>
    private static void MatMulBackward(int m, int n, int k, ReadOnlySpan<double> g, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        double[]? ga, double[]? gb)
    {
        bool big = (long)m * n * k >= GemmThreshold;
        if (ga is not null)
        {
            if (big) Gemm.Multiply(false, true, m, k, n, 1.0, g, n, b, n, 1.0, ga, k);
            else if (CompiledKernels.IsSupported) CompiledKernels.AddProductWithTranspose(m, n, k, g, b, ga);
            else
                for (int i = 0; i < m; i++)
                {
                    var gRow = g.Slice(i * n, n);
                    for (int p = 0; p < k; p++) ga[i * k + p] += TP.Dot(gRow, b.Slice(p * n, n));
                }
        }
        if (gb is not null)
        {
            if (big) Gemm.Multiply(true, false, k, n, m, 1.0, a, k, g, n, 1.0, gb, n);
            else if (CompiledKernels.IsSupported) CompiledKernels.SmallProduct(k, n, m, a, 1, k, g, gb, ProductStart.Accumulate, default);
            else SmallProduct(k, n, m, a, 1, k, g, gb, accumulate: true);
        }
    }

    /// <summary>
    /// C (rows, n) = L·R (or C += L·R) for a short inner dimension q, with L read through strides (so Aᵀ needs no copy)
    /// and R row-major (q, n). Each output vector is accumulated in a register over the whole inner dimension, which is
    /// what makes the tiny products of a small network cheap.
    /// </summary>
    private static void SmallProduct(int rows, int n, int q, ReadOnlySpan<double> l, int rowStride, int innerStride,
        ReadOnlySpan<double> r, Span<double> c, bool accumulate)
    {
        ref double rr = ref MemoryMarshal.GetReference(r);
        ref double rc = ref MemoryMarshal.GetReference(c);
        ref double rl = ref MemoryMarshal.GetReference(l);
        int width = Vector<double>.Count, block = 4 * width;
        for (int i = 0; i < rows; i++)
        {
            ref double li = ref Unsafe.Add(ref rl, i * rowStride);
            ref double ci = ref Unsafe.Add(ref rc, i * n);
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; j <= n - block; j += block)
                {
                    Vector<double> c0, c1, c2, c3;
                    if (accumulate)
                    {
                        c0 = Vector.LoadUnsafe(ref ci, (nuint)j); c1 = Vector.LoadUnsafe(ref ci, (nuint)(j + width));
                        c2 = Vector.LoadUnsafe(ref ci, (nuint)(j + 2 * width)); c3 = Vector.LoadUnsafe(ref ci, (nuint)(j + 3 * width));
                    }
                    else c0 = c1 = c2 = c3 = Vector<double>.Zero;
                    for (int p = 0; p < q; p++)
                    {
                        var lp = new Vector<double>(Unsafe.Add(ref li, p * innerStride));
                        ref double rp = ref Unsafe.Add(ref rr, p * n + j);
                        c0 += lp * Vector.LoadUnsafe(ref rp);
                        c1 += lp * Vector.LoadUnsafe(ref rp, (nuint)width);
                        c2 += lp * Vector.LoadUnsafe(ref rp, (nuint)(2 * width));
                        c3 += lp * Vector.LoadUnsafe(ref rp, (nuint)(3 * width));
                    }
                    c0.StoreUnsafe(ref ci, (nuint)j); c1.StoreUnsafe(ref ci, (nuint)(j + width));
                    c2.StoreUnsafe(ref ci, (nuint)(j + 2 * width)); c3.StoreUnsafe(ref ci, (nuint)(j + 3 * width));
                }
                for (; j <= n - width; j += width)
                {
                    var acc = accumulate ? Vector.LoadUnsafe(ref ci, (nuint)j) : Vector<double>.Zero;
                    for (int p = 0; p < q; p++)
                        acc += new Vector<double>(Unsafe.Add(ref li, p * innerStride)) * Vector.LoadUnsafe(ref rr, (nuint)(p * n + j));
                    acc.StoreUnsafe(ref ci, (nuint)j);
                }
            }
            for (; j < n; j++)
            {
                double sum = accumulate ? Unsafe.Add(ref ci, j) : 0;
                for (int p = 0; p < q; p++) sum += Unsafe.Add(ref li, p * innerStride) * Unsafe.Add(ref rr, p * n + j);
                Unsafe.Add(ref ci, j) = sum;
            }
        }
    }
}

/// <summary>An elementwise binary operation and its local derivatives, as a struct so the JIT inlines it into the
/// broadcasting loop; the vector forms must compute exactly what the scalar forms do.</summary>
internal interface IBinaryKernel
{
    static abstract double Apply(double a, double b);
    static abstract double GradA(double g, double a, double b);
    static abstract double GradB(double g, double a, double b);
    static abstract Vector<double> Apply(Vector<double> a, Vector<double> b);
    static abstract Vector<double> GradA(Vector<double> g, Vector<double> a, Vector<double> b);
    static abstract Vector<double> GradB(Vector<double> g, Vector<double> a, Vector<double> b);
}

internal readonly struct AddOp : IBinaryKernel
{
    public static double Apply(double a, double b) => a + b;
    public static double GradA(double g, double a, double b) => g;
    public static double GradB(double g, double a, double b) => g;
    public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a + b;
    public static Vector<double> GradA(Vector<double> g, Vector<double> a, Vector<double> b) => g;
    public static Vector<double> GradB(Vector<double> g, Vector<double> a, Vector<double> b) => g;
}

internal readonly struct SubtractOp : IBinaryKernel
{
    public static double Apply(double a, double b) => a - b;
    public static double GradA(double g, double a, double b) => g;
    public static double GradB(double g, double a, double b) => -g;
    public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a - b;
    public static Vector<double> GradA(Vector<double> g, Vector<double> a, Vector<double> b) => g;
    public static Vector<double> GradB(Vector<double> g, Vector<double> a, Vector<double> b) => -g;
}

internal readonly struct MultiplyOp : IBinaryKernel
{
    public static double Apply(double a, double b) => a * b;
    public static double GradA(double g, double a, double b) => g * b;
    public static double GradB(double g, double a, double b) => g * a;
    public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a * b;
    public static Vector<double> GradA(Vector<double> g, Vector<double> a, Vector<double> b) => g * b;
    public static Vector<double> GradB(Vector<double> g, Vector<double> a, Vector<double> b) => g * a;
}

internal readonly struct DivideOp : IBinaryKernel
{
    public static double Apply(double a, double b) => a / b;
    public static double GradA(double g, double a, double b) => g / b;
    public static double GradB(double g, double a, double b) => -(g * a) / (b * b);
    public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a / b;
    public static Vector<double> GradA(Vector<double> g, Vector<double> a, Vector<double> b) => g / b;
    public static Vector<double> GradB(Vector<double> g, Vector<double> a, Vector<double> b) => -(g * a) / (b * b);
}

/// <summary>A unary operation's contribution g · f′ from the upstream gradient g, the operand a, the output y and the
/// operation's number c (scalar and vector forms compute the same thing, in the tape's order).</summary>
internal interface IUnaryGrad
{
    static abstract double Grad(double g, double a, double y, double c);
    static abstract Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c);
}

internal readonly struct NegateGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => -g;
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) => -g;
}

internal readonly struct ScaleGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => g * c;
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) => g * c;
}

internal readonly struct IdentityGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => g;
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) => g;
}

internal readonly struct ExpGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => g * y;
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) => g * y;
}

internal readonly struct LogGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => g / a;
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) => g / a;
}

internal readonly struct SquareGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => g * a * 2.0;
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) => g * a * 2.0;
}

internal readonly struct TanhGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => g * (1.0 - y * y);
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) =>
        g * (Vector<double>.One - y * y);
}

internal readonly struct SigmoidGrad : IUnaryGrad
{
    public static double Grad(double g, double a, double y, double c) => g * y * (1.0 - y);
    public static Vector<double> Grad(Vector<double> g, Vector<double> a, Vector<double> y, Vector<double> c) =>
        g * y * (Vector<double>.One - y);
}

