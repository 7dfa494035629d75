using System.Text.Json.Nodes;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary><c>nabla info</c>: version, runtime, SIMD and GEMM report, and the <c>--bench</c> timing.</summary>
public sealed class InfoTests
{
    [Fact]
    public void HumanInfoShowsVersionRuntimeCoresAndSimd()
    {
        var run = Run("info");
        Assert.Equal(0, run.Code);
        Assert.Matches(@"^nabla \d+\.\d+", run.Lines[0]);
        Assert.Contains(run.Lines, l => l.StartsWith("runtime: .NET", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("os: ", StringComparison.Ordinal) && l.Contains($"{Environment.ProcessorCount} core"));
        Assert.Contains(run.Lines, l => l.StartsWith("simd: ", StringComparison.Ordinal) && l.Contains("Vector256") && l.Contains("FMA"));
        var gemm = run.Lines.Single(l => l.StartsWith("gemm: ", StringComparison.Ordinal));
        Assert.Contains(Nabla.Numerics.Gemm.ActiveBackend.ToString().ToLowerInvariant(), gemm);
        Assert.Contains(run.Lines, l => l == "blas: " + (Nabla.Numerics.Gemm.BlasLibrary ?? "none found"));
        Assert.Contains(run.Lines, l => l.StartsWith("data: /", StringComparison.Ordinal) && l.EndsWith("nabla", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDataDirectoryFollowsNablaDataDirThenXdgDataHome()
    {
        // Environment variables are process-wide: this test sets and restores them under a lock the other info
        // tests do not need (they only read the default).
        lock (EnvironmentGate)
        {
            string? savedNabla = Environment.GetEnvironmentVariable("NABLA_DATA_DIR");
            string? savedXdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            try
            {
                Environment.SetEnvironmentVariable("NABLA_DATA_DIR", null);
                Environment.SetEnvironmentVariable("XDG_DATA_HOME", "/srv/xdg");
                Assert.Equal("/srv/xdg/nabla", (string)Run("info", "--format", "json").Json["dataDirectory"]!);
                Environment.SetEnvironmentVariable("NABLA_DATA_DIR", "/srv/course-data");
                Assert.Equal("/srv/course-data", (string)Run("info", "--format", "json").Json["dataDirectory"]!);
                Assert.False(Directory.Exists("/srv/course-data"), "info must not create the data directory");
            }
            finally
            {
                Environment.SetEnvironmentVariable("NABLA_DATA_DIR", savedNabla);
                Environment.SetEnvironmentVariable("XDG_DATA_HOME", savedXdg);
            }
        }
    }

    private static readonly Lock EnvironmentGate = new();

    [Fact]
    public void JsonInfoHasEveryField()
    {
        var json = Run("info", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["version"]));
        Assert.StartsWith(".NET", (string)json["runtime"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["os"]));
        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(), (string)json["architecture"]!);
        Assert.Equal(Environment.ProcessorCount, (int)json["cores"]!);
        var simd = json["simd"]!.AsObject();
        Assert.Equal(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated, (bool)simd["vector256"]!);
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, (bool)simd["vector512"]!);
        Assert.Equal(System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated, (bool)simd["vector128"]!);
        Assert.NotNull(simd["fma"]);
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, (bool)simd["avx512"]!);
        Assert.Null(json["bench"]);
        var gemm = json["gemm"]!.AsObject();
        Assert.Equal(Nabla.Numerics.Gemm.ActiveBackend.ToString().ToLowerInvariant(), (string)gemm["backend"]!);
        Assert.Equal(Nabla.Numerics.Gemm.BlasLibrary, (string?)gemm["blasLibrary"]);
        Assert.Equal(Nabla.Numerics.Gemm.Describe(), (string)gemm["description"]!);
    }

    [Fact]
    public void BenchReportsPositiveGflopsForManagedInBothPrecisions()
    {
        var json = Run("info", "--bench", "--bench-size", "48", "--format", "json").Json;
        var rows = json["bench"]!.AsArray();
        foreach (var precision in new[] { "f32", "f64" })
        {
            var row = rows.Single(r => (string)r!["backend"]! == "managed" && (string)r["precision"]! == precision)!;
            Assert.Equal(48, (int)row["size"]!);
            Assert.Equal(48, (int)row["requestedSize"]!);
            Assert.InRange((int)row["runs"]!, 1, 5);
            double best = (double)row["bestGflops"]!, median = (double)row["medianGflops"]!;
            Assert.True(best > 0 && double.IsFinite(best), $"best {best}");
            Assert.True(median > 0 && median <= best, $"median {median}, best {best}");
        }
    }

    [Fact]
    public void BenchCoversTheSystemBlasExactlyWhenOneIsLoaded()
    {
        var rows = Run("info", "--bench", "--bench-size", "16", "--format", "json").Json["bench"]!.AsArray();
        int blasRows = rows.Count(r => (string)r!["backend"]! == "blas");
        Assert.Equal(Nabla.Numerics.Gemm.BlasLibrary is null ? 0 : 2, blasRows);
        Assert.Equal(2, rows.Count(r => (string)r!["backend"]! == "managed"));
    }

    [Fact]
    public void BenchInHumanFormIsATable()
    {
        var run = Run("info", "--bench", "--bench-size", "32");
        Assert.Equal(0, run.Code);
        Assert.Contains(run.Lines, l => l.StartsWith("GEMM benchmark, 32×32", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.Contains("best GFLOP/s"));
        var managed = run.Lines.Where(l => l.StartsWith("managed ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, managed.Length);
        foreach (var line in managed)
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal("32", cells[2]);
            Assert.True(double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture) > 0, line);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5000")]
    public void BenchSizeOutOfRangeIsAUserError(string size)
    {
        var run = Run("info", "--bench", "--bench-size", size);
        Assert.Equal(1, run.Code);
        Assert.Contains("benchmark size", run.Err);
    }

    [Fact]
    public void BenchSizeIsHiddenFromHelp()
    {
        var help = Run("info", "--help").Out;
        Assert.Contains("--bench", help);
        Assert.DoesNotContain("--bench-size", help);
    }
}
