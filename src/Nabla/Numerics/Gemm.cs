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
/// As in cblas, β = 0 means C is not read (NaN in C does not propagate), and α = 0 or k = 0 gives C ← β·C.
/// </summary>
/// <remarks>
/// <see cref="GemmBackend.Auto"/> uses the system BLAS (libopenblas.so.0, libblas.so.3 or libcblas.so.3) when one
/// loads, otherwise the managed cache-blocked SIMD kernel. The environment variable NABLA_GEMM=managed|blas forces
/// one of them for Auto calls; it is read once, when the backend is first resolved.
/// </remarks>
public static class Gemm
{
    /// <summary>The environment variable that forces a backend for <see cref="GemmBackend.Auto"/>.</summary>
    public const string EnvironmentVariable = "NABLA_GEMM";

    private static readonly Lazy<GemmBackend> Resolved = new(
        () => Resolve(GemmBackend.Auto, Environment.GetEnvironmentVariable(EnvironmentVariable), Numerics.BlasLibrary.Instance is not null),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The backend <see cref="GemmBackend.Auto"/> runs on this machine (Managed or Blas).</summary>
    /// <exception cref="InvalidOperationException">NABLA_GEMM is not managed/blas, or asks for a BLAS that is absent.</exception>
    public static GemmBackend ActiveBackend => Resolved.Value;

    /// <summary>The system BLAS library that loaded (e.g. "libopenblas.so.0"), or null when none was found.</summary>
    public static string? BlasLibrary => Numerics.BlasLibrary.Instance?.Name;

    /// <summary>
    /// One line for <c>nabla info</c>: the active path, e.g. "OpenBLAS via libopenblas.so.0" or
    /// "managed AVX2+FMA kernel, 2 threads".
    /// </summary>
    /// <exception cref="InvalidOperationException">NABLA_GEMM is not managed/blas, or asks for a BLAS that is absent.</exception>
    public static string Describe() => ActiveBackend == GemmBackend.Blas ? DescribeBlas()! : DescribeManaged();

    /// <summary>The managed kernel's description (whichever backend is active), e.g. "managed AVX2+FMA kernel, 2 threads".</summary>
    public static string DescribeManaged() => GemmKernel.Describe();

    /// <summary>The system BLAS's description, e.g. "OpenBLAS via libopenblas.so.0", or null when none was found.</summary>
    public static string? DescribeBlas() =>
        Numerics.BlasLibrary.Instance is { } blas ? $"{blas.Vendor} via {blas.Name}" : null;

    /// <summary>Single precision GEMM.</summary>
    /// <exception cref="ArgumentException">A dimension or stride is inconsistent with a buffer's length.</exception>
    /// <exception cref="InvalidOperationException">The BLAS backend was requested but no system BLAS was found.</exception>
    public static unsafe void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        GemmBackend backend = GemmBackend.Auto)
    {
        Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        var blas = UseBlas(backend, transposeA, transposeB, m, n, k, lda, ldb, ldc);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (blas is not null) blas.Multiply(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            else GemmKernel.Multiply(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, GemmKernel.BestKind);
        }
    }

    /// <summary>Double precision GEMM.</summary>
    /// <exception cref="ArgumentException">A dimension or stride is inconsistent with a buffer's length.</exception>
    /// <exception cref="InvalidOperationException">The BLAS backend was requested but no system BLAS was found.</exception>
    public static unsafe void Multiply(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc,
        GemmBackend backend = GemmBackend.Auto)
    {
        Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        var blas = UseBlas(backend, transposeA, transposeB, m, n, k, lda, ldb, ldc);
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            if (blas is not null) blas.Multiply(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            else GemmKernel.Multiply(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, GemmKernel.BestKind);
        }
    }

    /// <summary>Pure backend resolution (testable without touching the process environment).</summary>
    internal static GemmBackend Resolve(GemmBackend requested, string? environment, bool blasPresent)
    {
        if (requested == GemmBackend.Auto && !string.IsNullOrWhiteSpace(environment))
        {
            requested = environment.Trim().ToLowerInvariant() switch
            {
                "managed" => GemmBackend.Managed,
                "blas" => GemmBackend.Blas,
                _ => throw new InvalidOperationException(
                    $"{EnvironmentVariable} must be 'managed' or 'blas' (got '{environment}')."),
            };
        }
        return requested switch
        {
            GemmBackend.Managed => GemmBackend.Managed,
            GemmBackend.Blas when blasPresent => GemmBackend.Blas,
            GemmBackend.Blas => throw BlasMissing(),
            _ => blasPresent ? GemmBackend.Blas : GemmBackend.Managed,
        };
    }

    internal static InvalidOperationException BlasMissing() => new(
        $"The BLAS GEMM backend was requested but no system BLAS with cblas_sgemm/cblas_dgemm was found (tried " +
        $"{string.Join(", ", Numerics.BlasLibrary.Candidates)}). Install one (e.g. apt install libopenblas0-pthread) " +
        $"or use the managed backend ({EnvironmentVariable}=managed).");

    /// <summary>The BLAS to call, or null for the managed kernel.</summary>
    private static BlasLibrary? UseBlas(GemmBackend backend, bool ta, bool tb, int m, int n, int k, int lda, int ldb, int ldc)
    {
        GemmBackend chosen = backend == GemmBackend.Auto ? ActiveBackend
            : Resolve(backend, null, Numerics.BlasLibrary.Instance is not null);
        if (chosen != GemmBackend.Blas) return null;
        // Degenerate shapes (and the strides cblas rejects for them) are pure scaling: the managed path does it
        // without a native call, and cblas's argument checker would print to stderr for lda < 1.
        if (m == 0 || n == 0 || k == 0) return null;
        if (lda < (ta ? m : k) || ldb < (tb ? k : n) || ldc < n) return null;
        return Numerics.BlasLibrary.Instance;
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
