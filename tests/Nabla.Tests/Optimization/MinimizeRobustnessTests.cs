using CsCheck;
using Nabla.Optimization;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.Optimization;

/// <summary>On arbitrary expressions (any functions, domains, unbounded or flat) no minimiser throws, and whatever it
/// reports is consistent: a converged point passes the gradient test with a gradient computed independently here.</summary>
public sealed class MinimizeRobustnessTests
{
    [Fact]
    public void Random_expressions_never_throw_and_converged_points_have_a_small_gradient()
    {
        var gen = Gen.Select(RandomExpressions.Any(3), Gen.Double[-3, 3], Gen.Double[-3, 3], Gen.Int[0, 7]);
        gen.Sample((f, x0, y0, m) =>
        {
            var variables = f.FreeSymbols.Select(s => s.Name).ToList();
            if (variables.Count == 0) return;
            var method = (MinimizeMethod)m;
            var start = variables.ToDictionary(v => v, v => v == "y" ? y0 : v == "z" ? x0 + y0 : x0);
            var r = Optimize.Minimize(f, start, new MinimizeOptions { Method = method, MaxIterations = 200, Rate = 0.01 });
            Assert.True(Enum.IsDefined(r.Exit));
            Assert.False(string.IsNullOrWhiteSpace(r.Message));
            Assert.Equal(r.Iterations, r.Trace.Count - 1 + (r.Exit == ExitReason.UndefinedAtStart ? 1 : 0));
            if (!r.Converged) return;
            var at = variables.Select((v, i) => (v, r.X[i])).ToDictionary(p => p.v, p => p.Item2);
            double value = f.Evaluate(at);
            Assert.True(RandomExpressions.Close(value, r.Value, 1e-9, 1e-9), $"{f}: f = {value}, reported {r.Value}");
            foreach (var v in variables)
            {
                double g = Calculus.Diff(f, v).Evaluate(at);
                double f0 = f.Evaluate(start);
                Assert.True(Math.Abs(g) <= 1e-6 * Math.Max(1, Math.Min(Math.Abs(value), Math.Abs(f0))) + 1e-9,
                    $"{f} ({method}) converged at ({string.Join(", ", r.X)}) but ∂f/∂{v} = {g}");
            }
        }, iter: 300);
    }
}
