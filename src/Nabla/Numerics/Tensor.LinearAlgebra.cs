using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Nabla.Numerics;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// The matrix product through <see cref="Gemm.Multiply(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int, GemmBackend)"/>:
    /// (m, k)·(k, n) → (m, n); batched (b, m, k)·(b, k, n) → (b, m, n); and (b, m, k)·(k, n) → (b, m, n), where one
    /// weight matrix is shared by the batch. Transposed views are passed to GEMM as transpose flags, not copied.
    /// </summary>
    /// <exception cref="ArgumentException">The ranks are unsupported or the inner dimensions differ; the message names both shapes.</exception>
    public static Tensor<T> MatMul(Tensor<T> a, Tensor<T> b, GemmBackend backend = GemmBackend.Auto)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank == 2 && b.Rank == 2)
        {
            CheckInner(a, b, 1, 0);
            int m = a.Shape.Dims[0], k = a.Shape.Dims[1], n = b.Shape.Dims[1];
            var result = new Tensor<T>(new TensorShape(m, n));
            var (ta, da, oa, lda) = AsGemmOperand(a);
            var (tb, db, ob, ldb) = AsGemmOperand(b);
            Multiply(ta, tb, m, n, k, da, oa, lda, db, ob, ldb, result._data, 0, backend);
            return result;
        }
        if (a.Rank == 3 && (b.Rank == 3 || b.Rank == 2))
        {
            int batch = a.Shape.Dims[0];
            if (b.Rank == 3 && b.Shape.Dims[0] != batch)
                throw new ArgumentException($"cannot multiply batches of shapes {a.Shape} and {b.Shape}: batch sizes {batch} vs {b.Shape.Dims[0]}.");
            CheckInner(a, b, 2, b.Rank - 2);
            int m = a.Shape.Dims[1], k = a.Shape.Dims[2], n = b.Shape.Dims[^1];
            var ac = a.Contiguous();
            var bc = b.Contiguous();
            var result = new Tensor<T>(new TensorShape(batch, m, n));
            for (int i = 0; i < batch; i++)
            {
                int bOffset = bc._offset + (b.Rank == 3 ? i * k * n : 0);
                Multiply(false, false, m, n, k, ac._data, ac._offset + i * m * k, k, bc._data, bOffset, n, result._data, i * m * n, backend);
            }
            return result;
        }
        throw new ArgumentException($"MatMul multiplies (m, k)·(k, n), (b, m, k)·(b, k, n) or (b, m, k)·(k, n); got shapes {a.Shape} and {b.Shape} (use Dot for vectors, or Reshape).");
    }

    private static void CheckInner(Tensor<T> a, Tensor<T> b, int aAxis, int bAxis)
    {
        if (a.Shape.Dims[aAxis] != b.Shape.Dims[bAxis])
            throw new ArgumentException($"cannot multiply matrices of shapes {a.Shape} and {b.Shape}: inner dimensions {a.Shape.Dims[aAxis]} vs {b.Shape.Dims[bAxis]}.");
    }

    /// <summary>How GEMM should read a rank-2 tensor: row-major, or a transpose of row-major storage.</summary>
    private static (bool Transposed, T[] Data, int Offset, int Ld) AsGemmOperand(Tensor<T> t)
    {
        int rows = t.Shape.Dims[0], cols = t.Shape.Dims[1];
        int s0 = t._strides[0], s1 = t._strides[1];
        if ((s1 == 1 || cols <= 1) && s0 >= Math.Max(cols, 1)) return (false, t._data, t._offset, s0);
        if ((s0 == 1 || rows <= 1) && s1 >= Math.Max(rows, 1)) return (true, t._data, t._offset, s1);
        var c = t.Contiguous();
        return (false, c._data, c._offset, Math.Max(cols, 1));
    }

    private static void Multiply(bool ta, bool tb, int m, int n, int k, T[] a, int oa, int lda, T[] b, int ob, int ldb,
        T[] c, int oc, GemmBackend backend)
    {
        if (m == 0 || n == 0) return;
        if (typeof(T) == typeof(double))
        {
            Gemm.Multiply(ta, tb, m, n, k, 1.0, MemoryMarshal.Cast<T, double>(a.AsSpan(oa)), lda,
                MemoryMarshal.Cast<T, double>(b.AsSpan(ob)), ldb, 0.0, MemoryMarshal.Cast<T, double>(c.AsSpan(oc)), n, backend);
        }
        else
        {
            Gemm.Multiply(ta, tb, m, n, k, 1f, MemoryMarshal.Cast<T, float>(a.AsSpan(oa)), lda,
                MemoryMarshal.Cast<T, float>(b.AsSpan(ob)), ldb, 0f, MemoryMarshal.Cast<T, float>(c.AsSpan(oc)), n, backend);
        }
    }

    /// <summary>The dot product of two vectors of equal length.</summary>
    /// <exception cref="ArgumentException">Either is not rank 1, or the lengths differ; the message names both shapes.</exception>
    public static T Dot(Tensor<T> a, Tensor<T> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 1 || b.Rank != 1 || a.Length != b.Length)
            throw new ArgumentException($"Dot needs two vectors of the same length; got shapes {a.Shape} and {b.Shape}.");
        return TP.Dot<T>(a.Contiguous().AsSpan(), b.Contiguous().AsSpan());
    }

    /// <summary>The outer product a·bᵀ of two vectors: shape (a.Length, b.Length).</summary>
    /// <exception cref="ArgumentException">Either is not rank 1.</exception>
    public static Tensor<T> Outer(Tensor<T> a, Tensor<T> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 1 || b.Rank != 1)
            throw new ArgumentException($"Outer needs two vectors; got shapes {a.Shape} and {b.Shape}.");
        var x = a.Contiguous().AsSpan();
        var y = b.Contiguous().AsSpan();
        var result = new Tensor<T>(new TensorShape(a.Length, b.Length));
        for (int i = 0; i < x.Length; i++) TP.Multiply(y, x[i], result._data.AsSpan(i * y.Length, y.Length));
        return result;
    }
}
