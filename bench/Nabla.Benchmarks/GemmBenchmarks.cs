using System.Diagnostics;
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

    /// <summary>
    /// Quick side-by-side for bench/run: managed and BLAS interleaved in one process (so both see the same machine
    /// load), median of several runs as in numpy_gemm.py, one JSON line per size/precision/backend in the numpy_gemm.py format
    /// ({"workload":"gemm-f64-1024","backend":"managed","seconds":…}). Wire as e.g. `--gemm-compare` in Program.cs.
    /// </summary>
    /// Every product is checked (after the warm-up) on 64 sampled entries against a plain double dot product of the
    /// same inputs: "ok": false on a line, and a false return, when an entry is off by more than rounding allows.
    public static bool Compare(TextWriter output, params int[] sizes)
    {
        bool allRight = true;
        if (sizes.Length == 0) sizes = [256, 1024, 2048];
        bool blas = Gemm.BlasLibrary is not null;
        foreach (int n in sizes)
        {
            var bench = new GemmBenchmarks { Size = n };
            bench.Setup();
            var runs = new List<(string Workload, string Backend, Action Run)>();
            foreach (var backend in blas ? [GemmBackend.Managed, GemmBackend.Blas] : new[] { GemmBackend.Managed })
            {
                string name = backend == GemmBackend.Blas ? "blas" : "managed";
                runs.Add(($"gemm-f64-{n}", name, () => Gemm.Multiply(false, false, n, n, n, 1.0, bench._a, n, bench._b, n, 0.0, bench._c, n, backend)));
                runs.Add(($"gemm-f32-{n}", name, () => Gemm.Multiply(false, false, n, n, n, 1f, bench._af, n, bench._bf, n, 0f, bench._cf, n, backend)));
            }
            var times = runs.Select(_ => new List<double>()).ToArray();
            var right = new bool[runs.Count];
            for (int i = 0; i < runs.Count; i++)
            {
                runs[i].Run(); // warm-up (JIT, thread pool, BLAS threads), and the product the check reads
                right[i] = runs[i].Workload.Contains("f64", StringComparison.Ordinal) ? bench.Matches(bench._c, n * 2.3e-16) : bench.Matches(bench._cf, n * 1.2e-7);
                allRight &= right[i];
            }
            int repeats = n <= 256 ? 30 : n <= 1024 ? 7 : 5; // as numpy_gemm.py
            for (int r = 0; r < repeats; r++)
            {
                for (int i = 0; i < runs.Count; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    runs[i].Run();
                    times[i].Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                }
            }
            for (int i = 0; i < runs.Count; i++)
            {
                var sorted = times[i].Order().ToArray();
                double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
                    : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
                double gflops = 2.0 * n * n * n / median / 1e9;
                output.WriteLine(FormattableString.Invariant(
                    $"{{\"workload\":\"{runs[i].Workload}\",\"backend\":\"{runs[i].Backend}\",\"seconds\":{median:G6},\"gflops\":{gflops:F1},\"ok\":{(right[i] ? "true" : "false")}}}"));
                if (!right[i]) Console.Error.WriteLine($"WRONG: {runs[i].Workload} on {runs[i].Backend}: an entry of C differs from the plain dot product");
            }
        }
        return allRight;
    }

    /// <summary>64 seeded entries of C against Σₖ a[i,k]·b[k,j] in double, relative to Σₖ |a[i,k]·b[k,j]|.</summary>
    private bool Matches<T>(T[] c, double tolerance) where T : struct, IConvertible
    {
        var random = new Random(7);
        int n = Size;
        for (int s = 0; s < 64; s++)
        {
            int i = random.Next(n), j = random.Next(n);
            double exact = 0, scale = 0;
            for (int k = 0; k < n; k++)
            {
                double term = typeof(T) == typeof(float) ? (double)_af[i * n + k] * _bf[k * n + j] : _a[i * n + k] * _b[k * n + j];
                exact += term;
                scale += Math.Abs(term);
            }
            double actual = c[i * n + j].ToDouble(System.Globalization.CultureInfo.InvariantCulture);
            if (!(Math.Abs(actual - exact) <= tolerance * scale)) return false;
        }
        return true;
    }
}
