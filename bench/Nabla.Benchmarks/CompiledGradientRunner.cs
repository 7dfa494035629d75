using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Benchmarks;

/// <summary>The compiled-gradient workload: a gradient compiled once, evaluated over 10⁶ random points.</summary>
public static class CompiledGradientRunner
{
    public const int Points = 1_000_000;

    public static Func<double> Create(IReadOnlyList<Expr> gradient, IReadOnlyList<Symbol> variables)
    {
        var compiled = Compiler.Compile(gradient, variables);
        var rng = new Random(1);
        var xs = new double[Points];
        var ys = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            xs[i] = -1 + 7 * rng.NextDouble();
            ys[i] = -1 + 7 * rng.NextDouble();
        }
        var outputs = new[] { new double[Points], new double[Points] };
        return () =>
        {
            compiled.EvaluateBatch([xs, ys], outputs);
            return compiled.Evaluate(1.0, 2.0)[0];
        };
    }
}
