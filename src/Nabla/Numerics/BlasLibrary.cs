using System.Runtime.InteropServices;

namespace Nabla.Numerics;

/// <summary>
/// The system CBLAS (OpenBLAS or the reference BLAS), found with <see cref="NativeLibrary.TryLoad(string, out nint)"/>
/// and called through unmanaged function pointers. Loaded once, on first use; the handle lives for the process.
/// </summary>
internal sealed unsafe class BlasLibrary
{
    /// <summary>Names tried, in order: OpenBLAS first, then whatever the alternatives system points libblas at.</summary>
    internal static readonly string[] Candidates = ["libopenblas.so.0", "libblas.so.3", "libcblas.so.3"];

    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly Lazy<BlasLibrary?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;

    private BlasLibrary(string name, string vendor, nint sgemm, nint dgemm)
    {
        Name = name;
        Vendor = vendor;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
    }

    /// <summary>The library name that loaded (e.g. libopenblas.so.0).</summary>
    public string Name { get; }

    /// <summary>"OpenBLAS" when the library exports OpenBLAS's own entry points, otherwise "system BLAS".</summary>
    public string Vendor { get; }

    /// <summary>The loaded library, or null when none of <see cref="Candidates"/> exports cblas_sgemm and cblas_dgemm.</summary>
    public static BlasLibrary? Instance => Loaded.Value;

    private static BlasLibrary? Load()
    {
        foreach (string name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm)
                && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out nint dgemm))
            {
                string vendor = NativeLibrary.TryGetExport(handle, "openblas_get_config", out _) ? "OpenBLAS" : "system BLAS";
                return new BlasLibrary(name, vendor, sgemm, dgemm);
            }
            NativeLibrary.Free(handle);
        }
        return null;
    }

    /// <summary>cblas_sgemm, row-major; arguments validated, all dimensions positive.</summary>
    public void Multiply(bool ta, bool tb, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb,
        float beta, float* c, int ldc) =>
        _sgemm(RowMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>cblas_dgemm, row-major; arguments validated, all dimensions positive.</summary>
    public void Multiply(bool ta, bool tb, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb,
        double beta, double* c, int ldc) =>
        _dgemm(RowMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
