using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Benchmarks;

/// <summary>The compiled-gradient workload: a gradient compiled once, evaluated over 10⁶ random points.</summary>
public static class CompiledGradientRunner
{
    public const int Points = 1_000_000;

    /// <summary>The timed operation; its check is the first component at (1, 2), or NaN when any of 1,000 sampled batch
    /// outputs disagrees with <paramref name="oracle"/> (the gradient in closed form), tested on the first call.</summary>
    public static Func<double> Create(IReadOnlyList<Expr> gradient, IReadOnlyList<Symbol> variables, Func<double, double, (double, double)> oracle)
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
        bool first = true, right = true;
        return () =>
        {
            compiled.EvaluateBatch([xs, ys], outputs);
            if (first)
            {
                first = false;
                for (int i = 0; i < Points; i += Points / 1000)
                {
                    var (gx, gy) = oracle(xs[i], ys[i]);
                    right &= Math.Abs(outputs[0][i] - gx) <= 1e-9 * Math.Max(1, Math.Abs(gx))
                        && Math.Abs(outputs[1][i] - gy) <= 1e-9 * Math.Max(1, Math.Abs(gy));
                }
            }
            return right ? compiled.Evaluate(1.0, 2.0)[0] : double.NaN;
        };
    }
}
