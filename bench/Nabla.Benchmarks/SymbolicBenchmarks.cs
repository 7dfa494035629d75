using BenchmarkDotNet.Attributes;

namespace Nabla.Benchmarks;

/// <summary>BenchmarkDotNet view of the peer workloads (statistics and allocations).</summary>
[MemoryDiagnoser]
public class SymbolicBenchmarks
{
    private Func<double> _operation = () => 0;

    [ParamsSource(nameof(Names))]
    public string Workload { get; set; } = "hessian-sandpit";

    public static IEnumerable<string> Names => Workloads.All.Keys;

    [GlobalSetup]
    public void Setup() => _operation = Workloads.All[Workload]();

    [Benchmark]
    public double Run() => _operation();
}
