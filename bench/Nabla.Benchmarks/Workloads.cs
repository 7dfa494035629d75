using Nabla.Symbolic;

namespace Nabla.Benchmarks;

/// <summary>
/// The workloads measured against the peers (bench/peers/sympy_workloads.py has the same list). Each prepares its
/// input outside the timed region and returns a delegate for the timed operation, which returns a check value:
/// the result evaluated at a fixed point, the same point the peer script uses.
/// </summary>
public static class Workloads
{
    public static readonly IReadOnlyDictionary<string, Func<Func<double>>> All = new Dictionary<string, Func<Func<double>>>
    {
        ["hessian-sandpit"] = HessianSandpit,
        ["diff10-exp-sin"] = Diff10ExpSin,
        ["gradient-40"] = Gradient40,
        ["hessian-40"] = Hessian40,
        ["compiled-gradient-1e6"] = CompiledGradient,
        ["jacobian-20x20"] = Jacobian20,
        ["taylor10-exp-sin-cos"] = Taylor10,
        ["network-step"] = NetworkBenchmarks.NetworkStep,
        ["network-step-explicit"] = NetworkBenchmarks.NetworkStepExplicit,
        ["mlp-epoch"] = MlpBenchmarks.Epoch,
        ["course-net-train"] = CourseTrainingBenchmarks.FullRun,
        ["roots-newton"] = OptimizationBenchmarks.RootsNewton,
        ["minimize-bfgs-rosenbrock"] = OptimizationBenchmarks.BfgsRosenbrock,
        ["minimize-newton-rosenbrock"] = OptimizationBenchmarks.NewtonRosenbrock,
        ["constrained-slsqp"] = OptimizationBenchmarks.ConstrainedSlsqp,
        ["nist-nonlinear-suite"] = NistBenchmarks.Suite,
        ["nist-linear-suite"] = NistBenchmarks.LinearSuite,
        ["lagrange-multistart"] = OptimizationBenchmarks.LagrangeMultiStart,
        ["cli-batch-diff"] = CliBenchmarks.BatchDiff,
        ["grading"] = GradingBenchmarks.Grading,
    };

    /// <summary>For throughput workloads (no peer): how many operations one timed run performs.</summary>
    public static readonly IReadOnlyDictionary<string, int> OperationsPerRun = new Dictionary<string, int>
    {
        ["grading"] = GradingBenchmarks.CallsPerRun,
        ["cli-batch-diff"] = CliBenchmarks.Requests,
    };

    public static readonly Symbol X = (Symbol)Expr.Sym("x");
    public static readonly Symbol Y = (Symbol)Expr.Sym("y");

    /// <summary>The Sandpit terrain f = −((x−4.1)²+(y−0.9)²) − 30·exp(−((x−1.5)²+(y−3.7)²)/2.8).</summary>
    public static Expr Sandpit()
    {
        Expr x = X, y = Y;
        var bowl = Expr.Pow(x - Expr.Num(41, 10), 2) + Expr.Pow(y - Expr.Num(9, 10), 2);
        var well = Expr.Pow(x - Expr.Num(3, 2), 2) + Expr.Pow(y - Expr.Num(37, 10), 2);
        return -bowl - 30 * Expr.Exp(-well / Expr.Num(14, 5));
    }

    /// <summary>F = Σ_{i=0}^{38} (x_i − x_{i+1})² e^{x_i} + sin(x_i x_{i+1}) over x0 … x39.</summary>
    public static (Expr F, Symbol[] Variables) Chain40() => Chain(40);

    /// <summary>The chain function F over x0 … x(n−1) (n terms minus one), for the scaling table.</summary>
    public static (Expr F, Symbol[] Variables) Chain(int n)
    {
        var xs = Enumerable.Range(0, n).Select(i => (Symbol)Expr.Sym($"x{i}")).ToArray();
        var terms = new List<Expr>();
        for (int i = 0; i < n - 1; i++)
        {
            Expr a = xs[i], b = xs[i + 1];
            terms.Add(Expr.Pow(a - b, 2) * Expr.Exp(a) + Expr.Sin(a * b));
        }
        return (Expr.Add(terms), xs);
    }

    public static Dictionary<string, double> ChainPoint(Symbol[] xs) =>
        xs.Select((s, i) => (s.Name, Value: 0.01 * (i + 1))).ToDictionary(p => p.Name, p => p.Value);

    private static Func<double> HessianSandpit()
    {
        var f = Sandpit();
        return () => Calculus.Hessian(f, [X, Y])[0, 1].Evaluate(("x", 1.0), ("y", 2.0));
    }

    private static Func<double> Diff10ExpSin()
    {
        var f = Expr.Exp(Expr.Sin(X));
        return () => Calculus.Diff(f, X, 10).Evaluate(("x", 0.7));
    }

    private static Func<double> Gradient40()
    {
        var (f, xs) = Chain40();
        var point = ChainPoint(xs);
        return () => Calculus.Gradient(f, xs)[5].Evaluate(point);
    }

    private static Func<double> Hessian40()
    {
        var (f, xs) = Chain40();
        var point = ChainPoint(xs);
        return () => Calculus.Hessian(f, xs)[5, 6].Evaluate(point);
    }

    /// <summary>fᵢ = xᵢ² sin(x_{i+1}) + exp(xᵢ x_{i+2}) (indices mod 20) over x0 … x19: a 20×20 Jacobian.</summary>
    public static (Expr[] Functions, Symbol[] Variables) Vector20()
    {
        var xs = Enumerable.Range(0, 20).Select(i => (Symbol)Expr.Sym($"x{i}")).ToArray();
        var fs = new Expr[20];
        for (int i = 0; i < 20; i++)
        {
            Expr a = xs[i], b = xs[(i + 1) % 20], c = xs[(i + 2) % 20];
            fs[i] = Expr.Pow(a, 2) * Expr.Sin(b) + Expr.Exp(a * c);
        }
        return (fs, xs);
    }

    private static Func<double> Jacobian20()
    {
        var (fs, xs) = Vector20();
        var point = xs.Select((s, i) => (s.Name, Value: 0.05 * (i + 1))).ToDictionary(p => p.Name, p => p.Value);
        return () => Calculus.Jacobian(fs, xs)[3, 4].Evaluate(point);
    }

    private static Func<double> Taylor10()
    {
        var f = Expr.Exp(Expr.Sin(X)) * Expr.Cos(X);
        return () => Calculus.Taylor(f, X, Expr.Zero, 10).Polynomial.Evaluate(("x", 0.3));
    }

    private static Func<double> CompiledGradient()
    {
        var f = Sandpit();
        Expr[] gradient = [Calculus.Diff(f, X), Calculus.Diff(f, Y)];
        return CompiledGradientRunner.Create(gradient, [X, Y], (x, y) => (Oracles.SandpitFx(x, y), Oracles.SandpitFy(x, y)));
    }
}
