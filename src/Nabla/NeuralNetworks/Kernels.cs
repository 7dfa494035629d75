using System.Numerics;
using System.Runtime.InteropServices;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>Shared building blocks of the layers: GEMM for either precision and per-batch-size buffers.</summary>
internal static class Kernels
{
    /// <summary>C ← α·op(A)·op(B) + β·C for float or double, through <see cref="Gemm.Multiply(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int, GemmBackend)"/>.</summary>
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Gemm.Multiply(transposeA, transposeB, m, n, k, float.CreateTruncating(alpha), MemoryMarshal.Cast<T, float>(a), lda,
                MemoryMarshal.Cast<T, float>(b), ldb, float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c), ldc);
        else
            Gemm.Multiply(transposeA, transposeB, m, n, k, double.CreateTruncating(alpha), MemoryMarshal.Cast<T, double>(a), lda,
                MemoryMarshal.Cast<T, double>(b), ldb, double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c), ldc);
    }

    /// <summary>The elements of a tensor, which must be contiguous (layers read their inputs as row-major matrices).</summary>
    public static Span<T> Span<T>(Tensor<T> t, string what) where T : unmanaged, IFloatingPointIeee754<T> =>
        t.IsContiguous ? t.AsSpan() : throw new ArgumentException($"the {what} must be a contiguous tensor (call Contiguous()); got a view of shape {t.Shape}.");

    /// <summary>Checks a layer input is a (rows × samples) matrix with the expected number of rows. The layer is formatted
    /// only when the check fails, so the per-batch path allocates nothing.</summary>
    public static void CheckMatrix<T>(Tensor<T> t, int? rows, object layer, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Rank != 2)
            throw new ArgumentException($"{layer} takes a (features × samples) matrix as its {what}; got shape {t.Shape}.");
        if (rows is int r && t.Shape[0] != r)
            throw new ArgumentException($"{layer} takes {r} features (rows) as its {what} but got {t.Shape[0]} (shape {t.Shape}).");
    }
}

/// <summary>
/// Reusable matrices keyed by the number of samples (columns): training alternates between the full batch size and
/// the last, shorter batch, so a couple of entries make every batch after the first allocation-free.
/// </summary>
internal sealed class BufferCache<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Capacity = 3;
    private readonly (int Rows, int Columns, Tensor<T> Tensor)[] _entries = new (int, int, Tensor<T>)[Capacity];
    private int _count, _next;

    public Tensor<T> Get(int rows, int columns)
    {
        for (int i = 0; i < _count; i++)
            if (_entries[i].Rows == rows && _entries[i].Columns == columns) return _entries[i].Tensor;
        var t = Tensor<T>.Zeros(rows, columns);
        if (_count < Capacity) _entries[_count++] = (rows, columns, t);
        else { _entries[_next] = (rows, columns, t); _next = (_next + 1) % Capacity; }
        return t;
    }
}
