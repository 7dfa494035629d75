using System.CommandLine;
using System.Globalization;
using Nabla.Numerics;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    /// <summary>How long one benchmark cell (a backend in one precision) may keep starting runs.</summary>
    private static readonly TimeSpan BenchBudgetPerCell = TimeSpan.FromSeconds(1.5);

    private Command InfoCommand(TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string>("--format")
        {
            Description = "human (default) or json.",
            DefaultValueFactory = _ => "human",
        };
        format.AcceptOnlyFromAmong("human", "json");
        var bench = new Option<bool>("--bench")
        {
            Description = "Also measure matrix multiply speed (GFLOP/s at 1024×1024, f32 and f64) for every available GEMM path; takes a few seconds.",
        };
        // For tests and quick checks: a smaller benchmark than the 1024² one users compare.
        var benchSize = new Option<int>("--bench-size")
        {
            Hidden = true,
            DefaultValueFactory = _ => GemmBench.DefaultSize,
        };
        var command = new Command("info",
            """
            Show the nabla version, the .NET runtime, the machine's SIMD support and the matrix-multiply (GEMM) path.

            Examples:
              nabla info
              nabla info --bench
              nabla info --format json
            """)
        { format, bench, benchSize };
        command.SetAction(parse => RunInfo(stdout, stderr, parse.GetValue(format) == "json", parse.GetValue(bench), parse.GetValue(benchSize)));
        return command;
    }

    private int RunInfo(TextWriter stdout, TextWriter stderr, bool json, bool bench, int benchSize)
    {
        List<GemmBenchResult>? results = null;
        try
        {
            var report = SystemReport.Collect();
            if (bench) results = GemmBench.Run(BenchBackends(), benchSize, BenchBudgetPerCell);
            if (json)
            {
                var answer = report.ToJson();
                if (results is not null) answer["bench"] = GemmBench.ToJson(results);
                stdout.WriteLine(JsonOutput.ToLine(answer));
            }
            else
            {
                foreach (var line in report.ToLines()) stdout.WriteLine(line);
                if (results is not null) WriteBenchTable(stdout, results);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = ErrorInfo.FromException(ex, debug);
            if (json) stdout.WriteLine(JsonOutput.ToLine(Responder.ErrorJson(error)));
            stderr.WriteLine(error.Display);
            return error.ExitCode;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Every GEMM path this machine can run.</summary>
    private static List<GemmBackend> BenchBackends() =>
        Gemm.BlasLibrary is null ? [GemmBackend.Managed] : [GemmBackend.Managed, GemmBackend.Blas];

    private static void WriteBenchTable(TextWriter stdout, IReadOnlyList<GemmBenchResult> results)
    {
        int n = results.Count > 0 ? results[0].RequestedSize : GemmBench.DefaultSize;
        stdout.WriteLine($"GEMM benchmark, {n}×{n} · {n}×{n} (2n³ flops; best and median of the timed runs after a warm-up):");
        var rows = new List<string[]> { new[] { "path", "precision", "size", "best GFLOP/s", "median GFLOP/s", "runs" } };
        rows.AddRange(results.Select(r => new[]
        {
            GemmBench.Name(r.Backend),
            r.Precision,
            r.Size.ToString(CultureInfo.InvariantCulture),
            r.BestGflops.ToString("F2", CultureInfo.InvariantCulture),
            r.MedianGflops.ToString("F2", CultureInfo.InvariantCulture),
            r.Runs.ToString(CultureInfo.InvariantCulture),
        }));
        int columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(j => rows.Max(r => r[j].Length)).ToArray();
        foreach (var row in rows)
            stdout.WriteLine(string.Join(" | ", row.Select((cell, j) => j < 2 ? cell.PadRight(widths[j]) : cell.PadLeft(widths[j]))).TrimEnd());
        if (results.Any(r => r.Size < r.RequestedSize))
            stdout.WriteLine($"(a path too slow for {n}×{n} within the time budget was measured at the smaller size shown)");
    }
}
