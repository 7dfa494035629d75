using System.Globalization;
using BenchmarkDotNet.Running;
using Nabla.Benchmarks;

// `--workload NAME` runs the harness used by bench/run; `--verify [NAME…]` checks every answer once (bench/run
// --quick); `--scaling SECONDS` times the scaling series; `--gemm-compare N…` the GEMM side by side; `--load …` is
// the open-loop HTTP load client for the web check endpoint; anything else goes to BenchmarkDotNet.
if (args.Length == 2 && args[0] == "--workload") return Harness.Run(args[1]);
if (args.Length >= 1 && args[0] == "--verify")
{
    double seconds = 0.3;
    var names = args.Skip(1).ToList();
    int at = names.IndexOf("--seconds");
    if (at >= 0)
    {
        seconds = double.Parse(names[at + 1], CultureInfo.InvariantCulture);
        names.RemoveRange(at, 2);
    }
    return Harness.Verify(names, seconds);
}
if (args.Length >= 1 && args[0] == "--scaling")
    return Scaling.Run(Console.Out, args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0) ? 0 : 1;
if (args.Length >= 1 && args[0] == "--gemm-compare")
    return GemmBenchmarks.Compare(Console.Out, args.Skip(1).Select(int.Parse).ToArray()) ? 0 : 1;
if (args.Length >= 1 && args[0] == "--profile-check") return CheckPathProfile.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
if (args.Length >= 1 && args[0] == "--load") return await LoadClient.RunAsync(args.Skip(1).ToArray());
BenchmarkSwitcher.FromAssembly(typeof(Harness).Assembly).Run(args);
return 0;
