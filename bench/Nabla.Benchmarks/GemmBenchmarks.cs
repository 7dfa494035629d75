using BenchmarkDotNet.Attributes;
using Nabla.Numerics;

namespace Nabla.Benchmarks;

/// <summary>
/// Square GEMM (C ← A·B, β = 0) at the sizes of bench/peers/numpy_gemm.py, in both precisions, on the managed
/// kernel and on the system BLAS. The BLAS rows are skipped (reported as NA by BenchmarkDotNet) when no BLAS loads.
/// </summary>
public class GemmBenchmarks
{
    private double[] _a = [], _b = [], _c = [];
    private float[] _af = [], _bf = [], _cf = [];

    [Params(256, 1024, 2048)]
    public int Size { get; set; } = 256;

    [Params(GemmBackend.Managed, GemmBackend.Blas)]
    public GemmBackend Backend { get; set; } = GemmBackend.Managed;

    [GlobalSetup]
    public void Setup()
    {
        if (Backend == GemmBackend.Blas && Gemm.BlasLibrary is null)
            throw new InvalidOperationException("No system BLAS: the Blas rows of GemmBenchmarks cannot run here.");
        var random = new Random(42);
        int count = Size * Size;
        _a = new double[count]; _b = new double[count]; _c = new double[count];
        _af = new float[count]; _bf = new float[count]; _cf = new float[count];
        for (int i = 0; i < count; i++)
        {
            _a[i] = random.NextDouble() - 0.5;
            _b[i] = random.NextDouble() - 0.5;
            _af[i] = (float)_a[i];
            _bf[i] = (float)_b[i];
        }
    }

    [Benchmark]
    public double Float64()
    {
        Gemm.Multiply(false, false, Size, Size, Size, 1.0, _a, Size, _b, Size, 0.0, _c, Size, Backend);
        return _c[0];
    }

    [Benchmark]
    public float Float32()
    {
        Gemm.Multiply(false, false, Size, Size, Size, 1f, _af, Size, _bf, Size, 0f, _cf, Size, Backend);
        return _cf[0];
    }
}
