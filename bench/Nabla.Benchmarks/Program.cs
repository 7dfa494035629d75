using BenchmarkDotNet.Running;
using Nabla.Benchmarks;

// `--workload NAME` runs the quick harness used by bench/run; anything else goes to BenchmarkDotNet.
if (args.Length == 2 && args[0] == "--workload") return Harness.Run(args[1]);
BenchmarkSwitcher.FromAssembly(typeof(Harness).Assembly).Run(args);
return 0;
