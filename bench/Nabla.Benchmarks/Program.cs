using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point type (BenchmarkDotNet discovers benchmark classes in this assembly).</summary>
public partial class Program;
