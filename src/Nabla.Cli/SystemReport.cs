using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Nabla.Course;
using Nabla.Numerics;

namespace Nabla.Cli;

/// <summary>What <c>nabla info</c> reports: the engine, the runtime, the machine's SIMD support and the GEMM path.</summary>
/// <param name="Version">The engine's informational version.</param>
/// <param name="Runtime">The .NET runtime description.</param>
/// <param name="Os">The operating system description.</param>
/// <param name="Architecture">The process architecture (X64, Arm64, …).</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="Vector128">128-bit SIMD is hardware accelerated.</param>
/// <param name="Vector256">256-bit SIMD (AVX2 on x86) is hardware accelerated.</param>
/// <param name="Vector512">512-bit SIMD (AVX-512 on x86) is hardware accelerated.</param>
/// <param name="Fma">Fused multiply-add instructions are available.</param>
/// <param name="GemmBackend">The GEMM path <c>GemmBackend.Auto</c> resolves to (<see cref="Gemm.ActiveBackend"/>).</param>
/// <param name="BlasLibrary">The system BLAS library loaded, or null when none was found.</param>
/// <param name="GemmDescription">The GEMM library's own one-line description of its path (<see cref="Gemm.Describe"/>).</param>
/// <param name="Avx512">The CPU has AVX-512F, which Nabla's own kernels (GEMM, sigmoid, the course network) use even
/// where .NET does not accelerate <c>Vector512</c> by default (on CPUs that slow their clock for 512-bit work).</param>
/// <param name="DataDirectory">Where nabla keeps the learner's data (progress), see <see cref="NablaPaths.DataDirectory"/>.</param>
public sealed record SystemReport(
    string Version,
    string Runtime,
    string Os,
    string Architecture,
    int Cores,
    bool Vector128,
    bool Vector256,
    bool Vector512,
    bool Fma,
    GemmBackend GemmBackend,
    string? BlasLibrary,
    string GemmDescription,
    bool Avx512,
    string DataDirectory)
{
    /// <summary>Reads the report from the running process.</summary>
    public static SystemReport Collect()
    {
        var assembly = typeof(Gemm).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        return new SystemReport(
            version,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
            System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
            System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
            // Arm64's Advanced SIMD always has fused multiply-add.
            System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported,
            Gemm.ActiveBackend,
            Gemm.BlasLibrary,
            Gemm.Describe(),
            System.Runtime.Intrinsics.X86.Avx512F.IsSupported,
            NablaPaths.DataDirectory());
    }

    /// <summary>The report as the JSON object <c>nabla info --format json</c> prints.</summary>
    public JsonObject ToJson() => new()
    {
        ["ok"] = true,
        ["version"] = Version,
        ["runtime"] = Runtime,
        ["os"] = Os,
        ["architecture"] = Architecture,
        ["cores"] = Cores,
        ["simd"] = new JsonObject
        {
            ["vector128"] = Vector128,
            ["vector256"] = Vector256,
            ["vector512"] = Vector512,
            ["fma"] = Fma,
            ["avx512"] = Avx512,
        },
        ["dataDirectory"] = DataDirectory,
        ["gemm"] = new JsonObject
        {
            ["backend"] = GemmBench.Name(GemmBackend),
            ["blasLibrary"] = BlasLibrary,
            ["description"] = GemmDescription,
        },
    };

    /// <summary>The report as lines for a terminal.</summary>
    public IEnumerable<string> ToLines()
    {
        yield return $"nabla {Version}";
        yield return $"runtime: {Runtime} ({Architecture})";
        yield return $"os: {Os}, {Cores} {(Cores == 1 ? "core" : "cores")}";
        yield return $"simd: Vector128 {YesNo(Vector128)}, Vector256 {YesNo(Vector256)}, Vector512 {YesNo(Vector512)}, FMA {YesNo(Fma)}, AVX-512 {YesNo(Avx512)}{(Avx512 && !Vector512 ? " (used by nabla's own kernels)" : "")}";
        yield return $"gemm: {GemmBench.Name(GemmBackend)} ({GemmDescription})";
        yield return $"blas: {BlasLibrary ?? "none found"}";
        yield return $"data: {DataDirectory}";
    }

    private static string YesNo(bool b) => b ? "yes" : "no";
}

/// <summary>One cell of the GEMM benchmark: a backend and a precision, timed over a few runs.</summary>
/// <param name="Backend">The GEMM path measured.</param>
/// <param name="Precision">f32 or f64.</param>
/// <param name="Size">n of the n×n·n×n product.</param>
/// <param name="Runs">How many timed runs (after one warm-up).</param>
/// <param name="BestGflops">2n³ flops over the fastest run, in 10⁹ flop/s.</param>
/// <param name="MedianGflops">2n³ flops over the median run.</param>
/// <param name="RequestedSize">The size asked for; <paramref name="Size"/> is smaller when the path was too slow for it.</param>
public sealed record GemmBenchResult(GemmBackend Backend, string Precision, int Size, int Runs, double BestGflops, double MedianGflops, int RequestedSize);

/// <summary>
/// Times <see cref="Gemm.Multiply(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int, GemmBackend)"/>
/// on square matrices: a warm-up (JIT, caches, thread pool), then timed runs until a count or a time budget is reached.
/// </summary>
public static class GemmBench
{
    /// <summary>The default size: 1024² as in the benchmarks of docs/benchmarks.md.</summary>
    public const int DefaultSize = 1024;

    /// <summary>The largest size <c>--bench-size</c> accepts (keeps memory and time bounded).</summary>
    public const int MaxSize = 4096;

    /// <summary>Timed runs per cell when time allows.</summary>
    public const int MaxRuns = 5;

    /// <summary>Measures every backend in <paramref name="backends"/> in f32 and f64.</summary>
    /// <param name="backends">The GEMM paths to time.</param>
    /// <param name="n">The matrix size.</param>
    /// <param name="budgetPerCell">After this much time in one cell, no further runs start (at least one timed run happens).</param>
    public static List<GemmBenchResult> Run(IReadOnlyList<GemmBackend> backends, int n, TimeSpan budgetPerCell)
    {
        ArgumentNullException.ThrowIfNull(backends);
        if (n < 1 || n > MaxSize) throw new RequestException($"the benchmark size must be between 1 and {MaxSize}, got {n}");
        var random = new Random(1234);
        var a64 = new double[n * n];
        var b64 = new double[n * n];
        for (int i = 0; i < a64.Length; i++)
        {
            a64[i] = random.NextDouble() - 0.5;
            b64[i] = random.NextDouble() - 0.5;
        }
        var a32 = Array.ConvertAll(a64, v => (float)v);
        var b32 = Array.ConvertAll(b64, v => (float)v);
        var c64 = new double[n * n];
        var c32 = new float[n * n];
        var results = new List<GemmBenchResult>();
        foreach (var backend in backends)
        {
            // Square products of size m use the leading m² elements of the n² buffers.
            results.Add(Measure(backend, "f32", n, budgetPerCell,
                m => Gemm.Multiply(false, false, m, m, m, 1f, a32, m, b32, m, 0f, c32, m, backend)));
            results.Add(Measure(backend, "f64", n, budgetPerCell,
                m => Gemm.Multiply(false, false, m, m, m, 1.0, a64, m, b64, m, 0.0, c64, m, backend)));
        }
        return results;
    }

    /// <summary>The size a calibration run is made at before the full size is attempted.</summary>
    private const int CalibrationSize = 128;

    /// <summary>
    /// The largest size up to <paramref name="n"/> whose single run should fit in <paramref name="budget"/>, judged by
    /// timing one product at <see cref="CalibrationSize"/> and scaling by n³: a slow path (a reference kernel, an
    /// overloaded machine) is measured at a smaller size instead of stalling the report for minutes.
    /// </summary>
    private static int AffordableSize(int n, TimeSpan budget, Action<int> multiply)
    {
        if (n <= CalibrationSize) return n;
        multiply(CalibrationSize); // JIT and first-touch costs, not timed
        long start = Stopwatch.GetTimestamp();
        multiply(CalibrationSize);
        double seconds = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-9);
        double perCubed = seconds / Math.Pow(CalibrationSize, 3);
        if (perCubed * Math.Pow(n, 3) <= budget.TotalSeconds / 2) return n;
        int affordable = (int)Math.Cbrt(budget.TotalSeconds / 2 / perCubed);
        return Math.Clamp(affordable / 64 * 64, CalibrationSize, n);
    }

    private static GemmBenchResult Measure(GemmBackend backend, string precision, int requested, TimeSpan budget, Action<int> multiplyOfSize)
    {
        int n = AffordableSize(requested, budget, multiplyOfSize);
        void multiply() => multiplyOfSize(n);
        var clock = Stopwatch.StartNew();
        multiply();
        var warmUp = clock.Elapsed;
        var times = new List<double>();
        // A slow path whose warm-up alone uses half the budget gets one timed run, so the whole report stays quick.
        int runs = warmUp > budget / 2 ? 1 : MaxRuns;
        clock.Restart();
        for (int r = 0; r < runs && (r == 0 || clock.Elapsed < budget); r++)
        {
            long start = Stopwatch.GetTimestamp();
            multiply();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        times.Sort();
        double flops = 2.0 * n * n * (double)n;
        double best = flops / Math.Max(times[0], 1e-9) / 1e9;
        double median = flops / Math.Max(times[times.Count / 2], 1e-9) / 1e9;
        return new GemmBenchResult(backend, precision, n, times.Count, best, median, requested);
    }

    /// <summary>The backend's name in output: managed, blas.</summary>
    public static string Name(GemmBackend backend) => backend.ToString().ToLowerInvariant();

    /// <summary>The results as a JSON array of <c>{"backend","precision","size","runs","bestGflops","medianGflops"}</c>.</summary>
    public static JsonArray ToJson(IEnumerable<GemmBenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Select(r => (JsonNode)new JsonObject
        {
            ["backend"] = Name(r.Backend),
            ["precision"] = r.Precision,
            ["size"] = r.Size,
            ["requestedSize"] = r.RequestedSize,
            ["runs"] = r.Runs,
            ["bestGflops"] = r.BestGflops,
            ["medianGflops"] = r.MedianGflops,
        })];
    }
}
