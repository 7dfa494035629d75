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

    private static void RowGradA<TOp>(ReadOnlySpan<double> g, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> ga)
        where TOp : IBinaryKernel
    {
        int n = g.Length, j = 0, width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && sa <= 1 && sb <= 1 && n >= width)
        {
            _ = sa == 1 ? a[n - 1] : a[0];
            _ = sb == 1 ? b[n - 1] : b[0];
            _ = sa == 1 ? ga[n - 1] : ga[0];
            ref double rg = ref MemoryMarshal.GetReference(g);
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            ref double rd = ref MemoryMarshal.GetReference(ga);
            var va = new Vector<double>(ra);
            var vb = new Vector<double>(rb);
            var total = Vector<double>.Zero;
            for (; j <= n - width; j += width)
            {
                var x = sa == 0 ? va : Vector.LoadUnsafe(ref ra, (nuint)j);
                var y = sb == 0 ? vb : Vector.LoadUnsafe(ref rb, (nuint)j);
                var d = TOp.GradA(Vector.LoadUnsafe(ref rg, (nuint)j), x, y);
                if (sa == 0) total += d;
                else (Vector.LoadUnsafe(ref rd, (nuint)j) + d).StoreUnsafe(ref rd, (nuint)j);
            }
            if (sa == 0) ga[0] += Vector.Sum(total);
        }
        for (; j < n; j++) ga[j * sa] += TOp.GradA(g[j], a[j * sa], b[j * sb]);
    }

    private static void RowGradB<TOp>(ReadOnlySpan<double> g, ReadOnlySpan<double> a, int sa, ReadOnlySpan<double> b, int sb, Span<double> gb)
        where TOp : IBinaryKernel
    {
        int n = g.Length, j = 0, width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && sa <= 1 && sb <= 1 && n >= width)
        {
            _ = sa == 1 ? a[n - 1] : a[0];
            _ = sb == 1 ? b[n - 1] : b[0];
            _ = sb == 1 ? gb[n - 1] : gb[0];
            ref double rg = ref MemoryMarshal.GetReference(g);
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            ref double rd = ref MemoryMarshal.GetReference(gb);
            var va = new Vector<double>(ra);
            var vb = new Vector<double>(rb);
            var total = Vector<double>.Zero;
            for (; j <= n - width; j += width)
            {
                var x = sa == 0 ? va : Vector.LoadUnsafe(ref ra, (nuint)j);
                var y = sb == 0 ? vb : Vector.LoadUnsafe(ref rb, (nuint)j);
                var d = TOp.GradB(Vector.LoadUnsafe(ref rg, (nuint)j), x, y);
                if (sb == 0) total += d;
                else (Vector.LoadUnsafe(ref rd, (nuint)j) + d).StoreUnsafe(ref rd, (nuint)j);
            }
            if (sb == 0) gb[0] += Vector.Sum(total);
        }
        for (; j < n; j++) gb[j * sb] += TOp.GradB(g[j], a[j * sa], b[j * sb]);
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
