using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Nabla.Numerics;

/// <summary>The elementwise binary operations a tensor supports.</summary>
internal enum BinaryOp { Add, Subtract, Multiply, Divide, Pow, Maximum, Minimum }

/// <summary>
/// Strided loops shared by the tensor operations. The output is always contiguous; inputs are described by an
/// offset and one stride per output axis (stride 0 repeats an element, which is how broadcasting is expressed).
/// The innermost axis is handed to TensorPrimitives whenever its strides allow, so broadcasting a bias over rows
/// runs at SIMD speed.
/// </summary>
internal static class Broadcasting
{
    public static void Copy<T>(T[] src, int offset, int[] strides, TensorShape shape, T[] dest)
    {
        int rank = shape.Rank;
        if (shape.Length == 0) return;
        if (rank == 0) { dest[0] = src[offset]; return; }
        int inner = shape.Dims[rank - 1], s = strides[rank - 1];
        int rows = shape.Length / inner;
        var counter = new int[rank];
        int o = offset;
        for (int r = 0; r < rows; r++)
        {
            var row = dest.AsSpan(r * inner, inner);
            if (s == 1) src.AsSpan(o, inner).CopyTo(row);
            else for (int j = 0; j < inner; j++) row[j] = src[o + j * s];
            for (int d = rank - 2; d >= 0; d--)
            {
                o += strides[d];
                if (++counter[d] < shape.Dims[d]) break;
                o -= strides[d] * shape.Dims[d];
                counter[d] = 0;
            }
        }
    }

    public static void Binary<T>(BinaryOp op, T[] a, int offA, int[] stridesA, T[] b, int offB, int[] stridesB,
        TensorShape shape, T[] dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rank = shape.Rank;
        if (shape.Length == 0) return;
        if (rank == 0) { dest[0] = Apply(op, a[offA], b[offB]); return; }
        int inner = shape.Dims[rank - 1], sa = stridesA[rank - 1], sb = stridesB[rank - 1];
        int rows = shape.Length / inner;
        var counter = new int[rank];
        int oa = offA, ob = offB;
        for (int r = 0; r < rows; r++)
        {
            Row(op, a, oa, sa, b, ob, sb, dest.AsSpan(r * inner, inner));
            for (int d = rank - 2; d >= 0; d--)
            {
                oa += stridesA[d];
                ob += stridesB[d];
                if (++counter[d] < shape.Dims[d]) break;
                oa -= stridesA[d] * shape.Dims[d];
                ob -= stridesB[d] * shape.Dims[d];
                counter[d] = 0;
            }
        }
    }

    private static void Row<T>(BinaryOp op, T[] a, int oa, int sa, T[] b, int ob, int sb, Span<T> dest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = dest.Length;
        if (sa == 1 && sb == 1) { Apply(op, a.AsSpan(oa, n), b.AsSpan(ob, n), dest); return; }
        if (sa == 1 && sb == 0) { ApplyScalarRight(op, a.AsSpan(oa, n), b[ob], dest); return; }
        if (sa == 0 && sb == 1 && op is BinaryOp.Add or BinaryOp.Multiply or BinaryOp.Maximum or BinaryOp.Minimum)
        {
            ApplyScalarRight(op, b.AsSpan(ob, n), a[oa], dest); // commutative, so the operands may swap
            return;
        }
        for (int j = 0; j < n; j++) dest[j] = Apply(op, a[oa + j * sa], b[ob + j * sb]);
    }

    public static void Apply<T>(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TP.Add(x, y, d); break;
            case BinaryOp.Subtract: TP.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TP.Multiply(x, y, d); break;
            case BinaryOp.Divide: TP.Divide(x, y, d); break;
            case BinaryOp.Pow: TP.Pow(x, y, d); break;
            case BinaryOp.Maximum: TP.Max(x, y, d); break;
            case BinaryOp.Minimum: TP.Min(x, y, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    private static void ApplyScalarRight<T>(BinaryOp op, ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TP.Add(x, y, d); break;
            case BinaryOp.Subtract: TP.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TP.Multiply(x, y, d); break;
            case BinaryOp.Divide: TP.Divide(x, y, d); break;
            case BinaryOp.Pow: TP.Pow(x, y, d); break;
            case BinaryOp.Maximum: TP.Max(x, y, d); break;
            case BinaryOp.Minimum: TP.Min(x, y, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public static T Apply<T>(BinaryOp op, T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Pow => T.Pow(x, y),
        BinaryOp.Maximum => T.Max(x, y),
        BinaryOp.Minimum => T.Min(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
