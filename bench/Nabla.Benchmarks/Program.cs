using BenchmarkDotNet.Running;
using Nabla.Benchmarks;

// `--workload NAME` runs the quick harness used by bench/run; anything else goes to BenchmarkDotNet.
if (args.Length == 2 && args[0] == "--workload") return Harness.Run(args[1]);
if (args.Length >= 1 && args[0] == "--gemm-compare")
{
    GemmBenchmarks.Compare(Console.Out, args.Skip(1).Select(int.Parse).ToArray());
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Harness).Assembly).Run(args);
return 0;
