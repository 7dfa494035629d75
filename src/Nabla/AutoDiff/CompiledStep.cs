using System.Numerics;
using System.Runtime.InteropServices;
using Nabla.Numerics;

namespace Nabla.AutoDiff;

/// <summary>
/// One recorded operation of a <see cref="CompiledGradient"/>: its kind, the slots it reads and writes, and what its
/// shapes imply, worked out once at compile time (matrix sizes; for broadcasting, each operand's stride along every
/// output axis, 0 where the operand is repeated).
/// </summary>
internal sealed class CompiledStep
{
    private CompiledStep(CompiledOpKind kind, int output, int a, int b, double scalar)
    {
        Kind = kind;
        Out = output;
        A = a;
        B = b;
        Scalar = scalar;
    }

    public CompiledOpKind Kind { get; }
    public int Out { get; }
    public int A { get; }
    public int B { get; }
    public double Scalar { get; }
    public int M { get; private init; }
    public int N { get; private init; }
    public int K { get; private init; }

    /// <summary>For <see cref="CompiledOpKind.Affine"/>: the bias slot, the scratch slot (∂/∂z) and the activation.</summary>
    public int Bias { get; private init; } = -1;
    public int Scratch { get; private init; } = -1;
    public CompiledOpKind Activation { get; private init; }

    /// <summary>A fused dense layer: out = activation(W·X + b) with W (m, k), X (k, n), b (m, 1).</summary>
    public static CompiledStep CreateAffine(int output, int weights, int input, int bias, int scratch, CompiledOpKind activation,
        int m, int k, int n) =>
        new(CompiledOpKind.Affine, output, weights, input, 0)
        {
            M = m, K = k, N = n, Bias = bias, Scratch = scratch, Activation = activation,
        };

    /// <summary>A fused reduction to one number (<see cref="CompiledOpKind.SumOfSquares"/>, <see cref="CompiledOpKind.SquaredDistance"/>)
    /// of the operand <paramref name="a"/> and, for a distance, <paramref name="b"/> of the same shape.</summary>
    public static CompiledStep CreateReduction(CompiledOpKind kind, int output, int a, int b) => new(kind, output, a, b, 0);

    // Broadcasting plan (null when both operands already have the output's shape).
    private int[]? _dims;
    private int[]? _strideA;
    private int[]? _strideB;

    public static CompiledStep Create(Variable node, int output, int a, int b, TensorShape shapeA, TensorShape shapeB)
    {
        if (node.Op == CompiledOpKind.MatMul)
            return new CompiledStep(node.Op, output, a, b, 0) { M = shapeA[0], K = shapeA[1], N = shapeB[1] };
        var step = new CompiledStep(node.Op, output, a, b, node.OpScalar);
        if (b >= 0 && (shapeA != node.Shape || shapeB != node.Shape))
        {
            var dims = node.Shape.ToArray();
            step._dims = dims.Length == 0 ? [1] : dims;
            step._strideA = BroadcastStrides(shapeA, step._dims);
            step._strideB = BroadcastStrides(shapeB, step._dims);
        }
        return step;
    }

    /// <summary>The operand's element stride along each output axis (right-aligned; 0 on a repeated axis).</summary>
    private static int[] BroadcastStrides(TensorShape operand, int[] outDims)
    {
        var strides = new int[outDims.Length];
        var dims = operand.Dims;
        int stride = 1;
        for (int i = dims.Length - 1, j = outDims.Length - 1; i >= 0; i--, j--)
        {
            strides[j] = dims[i] == 1 ? 0 : stride;
            stride *= dims[i];
        }
        return strides;
    }

    public void Binary<TOp>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> o) where TOp : IBinaryKernel
    {
        if (_dims is null)
        {
            Row<TOp>(a, 1, b, 1, o);
            return;
        }
        int rank = _dims.Length, inner = _dims[rank - 1], sa = _strideA![rank - 1], sb = _strideB![rank - 1];
        int outer = o.Length / Math.Max(inner, 1);
        Span<int> counter = stackalloc int[rank];
        int ia = 0, ib = 0, io = 0;
        for (int r = 0; r < outer; r++)
        {
            Row<TOp>(a.Slice(ia), sa, b.Slice(ib), sb, o.Slice(io, inner));
            io += inner;
            Advance(counter, ref ia, ref ib);
        }
    }

    /// <summary>One output row; an operand stride is 1 (walks along) or 0 (one repeated element).</summary>
    private static void Row<TOp>(ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> o) where TOp : IBinaryKernel
    {
        int n = o.Length, j = 0, width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && sa <= 1 && sb <= 1 && n >= width)
        {
            // Bounds: a and b hold at least n elements on a walking stride, one on a repeated one (checked by the slices).
            _ = sa == 1 ? a[n - 1] : a[0];
            _ = sb == 1 ? b[n - 1] : b[0];
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            ref double ro = ref MemoryMarshal.GetReference(o);
            var va = new Vector<double>(ra);
            var vb = new Vector<double>(rb);
            for (; j <= n - width; j += width)
            {
                var x = sa == 0 ? va : Vector.LoadUnsafe(ref ra, (nuint)j);
                var y = sb == 0 ? vb : Vector.LoadUnsafe(ref rb, (nuint)j);
                TOp.Apply(x, y).StoreUnsafe(ref ro, (nuint)j);
            }
        }
        for (; j < n; j++) o[j] = TOp.Apply(a[j * sa], b[j * sb]);
    }

    /// <summary>Accumulates the operand gradients; on a broadcast axis the contributions add up (the sum back to the
    /// operand's shape that the tape does with SumToShape).</summary>
    public void BinaryBackward<TOp>(ReadOnlySpan<double> g, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double[]? ga, double[]? gb)
        where TOp : IBinaryKernel
    {
        if (_dims is null)
        {
            if (ga is not null) RowGradA<TOp>(g, a, 1, b, 1, ga);
            if (gb is not null) RowGradB<TOp>(g, a, 1, b, 1, gb);
            return;
        }
        int rank = _dims.Length, inner = _dims[rank - 1], sa = _strideA![rank - 1], sb = _strideB![rank - 1];
        int outer = g.Length / Math.Max(inner, 1);
        Span<int> counter = stackalloc int[rank];
        int ia = 0, ib = 0, io = 0;
        for (int r = 0; r < outer; r++)
        {
            var gRow = g.Slice(io, inner);
            if (ga is not null) RowGradA<TOp>(gRow, a.Slice(ia), sa, b.Slice(ib), sb, ga.AsSpan(ia));
            if (gb is not null) RowGradB<TOp>(gRow, a.Slice(ia), sa, b.Slice(ib), sb, gb.AsSpan(ib));
            io += inner;
            Advance(counter, ref ia, ref ib);
        }
    }

    /// <summary>Which operand a row gradient is for. A struct type argument, so the JIT specialises each side and the
    /// side test below costs nothing at run time.</summary>
    private interface IOperandSide
    {
        static abstract bool IsA { get; }
    }

    private readonly struct SideA : IOperandSide
    {
        public static bool IsA => true;
    }

    private readonly struct SideB : IOperandSide
    {
        public static bool IsA => false;
    }

    private static void RowGradA<TOp>(ReadOnlySpan<double> g, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> ga)
        where TOp : IBinaryKernel => RowGrad<TOp, SideA>(g, a, sa, b, sb, ga);

    private static void RowGradB<TOp>(ReadOnlySpan<double> g, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> gb)
        where TOp : IBinaryKernel => RowGrad<TOp, SideB>(g, a, sa, b, sb, gb);

    /// <summary>Accumulates one row of ∂loss/∂(operand) into <paramref name="target"/>: elementwise when the operand
    /// runs along the row (stride 1), summed into one entry when it is broadcast (stride 0).</summary>
    private static void RowGrad<TOp, TSide>(ReadOnlySpan<double> g, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> target)
        where TOp : IBinaryKernel
        where TSide : struct, IOperandSide
    {
        int n = g.Length, j = 0, width = Vector<double>.Count;
        int st = TSide.IsA ? sa : sb;
        if (Vector.IsHardwareAccelerated && sa <= 1 && sb <= 1 && n >= width)
        {
            _ = sa == 1 ? a[n - 1] : a[0];
            _ = sb == 1 ? b[n - 1] : b[0];
            _ = st == 1 ? target[n - 1] : target[0];
            ref double rg = ref MemoryMarshal.GetReference(g);
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            ref double rd = ref MemoryMarshal.GetReference(target);
            var va = new Vector<double>(ra);
            var vb = new Vector<double>(rb);
            var total = Vector<double>.Zero;
            for (; j <= n - width; j += width)
            {
                var x = sa == 0 ? va : Vector.LoadUnsafe(ref ra, (nuint)j);
                var y = sb == 0 ? vb : Vector.LoadUnsafe(ref rb, (nuint)j);
                var gj = Vector.LoadUnsafe(ref rg, (nuint)j);
                var d = TSide.IsA ? TOp.GradA(gj, x, y) : TOp.GradB(gj, x, y);
                if (st == 0) total += d;
                else (Vector.LoadUnsafe(ref rd, (nuint)j) + d).StoreUnsafe(ref rd, (nuint)j);
            }
            if (st == 0) target[0] += Vector.Sum(total);
        }
        for (; j < n; j++)
            target[j * st] += TSide.IsA ? TOp.GradA(g[j], a[j * sa], b[j * sb]) : TOp.GradB(g[j], a[j * sa], b[j * sb]);
    }

    /// <summary>Moves the odometer over all axes but the last one step on, keeping both operand offsets in step.</summary>
    private void Advance(Span<int> counter, ref int ia, ref int ib)
    {
        for (int d = _dims!.Length - 2; d >= 0; d--)
        {
            counter[d]++;
            ia += _strideA![d];
            ib += _strideB![d];
            if (counter[d] < _dims[d]) return;
            ia -= _strideA[d] * _dims[d];
            ib -= _strideB[d] * _dims[d];
            counter[d] = 0;
        }
    }
}
