using Nabla.Optimization;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Benchmarks;

/// <summary>
/// The optimisation workloads measured against SciPy (bench/peers/scipy_optimize.py): same problems, starts and
/// tolerances. SciPy is handed exact derivatives as NumPy functions written beforehand, so Nabla's objective is
/// likewise built (differentiated symbolically and compiled) before the timing starts; each timed call is one solve.
/// The check is the solution's first coordinate. <see cref="Details"/> reports iterations and evaluations.
/// </summary>
public static class OptimizationBenchmarks
{
    private static readonly Expr Rosenbrock = Expr.Parse("(1 - x)^2 + 100 (y - x^2)^2");

    /// <summary>x³ − 2x − 5 from 2, |Δx| ≤ 1e-12 (scipy.optimize.newton with fprime, tol = 1e-12). The learner's
    /// check for a skipped nearer root (64 extra samples of f) is off: SciPy does no such check.</summary>
    public static Func<double> RootsNewton()
    {
        var (f, df) = CubicAndDerivative();
        var options = new RootOptions { Tolerance = 1e-12, DetectSkippedRoots = false, RecordTrace = false };
        return () => Roots.NewtonRaphson(f, df, 2.0, options).Root;
    }

    private static (Func<double, double> F, Func<double, double> Df) CubicAndDerivative()
    {
        var x = (Symbol)Expr.Sym("x");
        var cubic = Expr.Parse("x^3 - 2x - 5");
        var f = Compiler.Compile(cubic, [x]);
        var df = Compiler.Compile(Calculus.Diff(cubic, x), [x]);
        return (v => f.Evaluate(v), v => df.Evaluate(v));
    }

    /// <summary>Rosenbrock from (−1.2, 1) by BFGS with ‖∇f‖∞ ≤ 1e-8 (SciPy: BFGS, gtol = 1e-8).</summary>
    public static Func<double> BfgsRosenbrock() => Minimizer(MinimizeMethod.Bfgs);

    /// <summary>Rosenbrock from (−1.2, 1) by Newton's method (SciPy: Newton-CG with the exact Hessian).</summary>
    public static Func<double> NewtonRosenbrock() => Minimizer(MinimizeMethod.Newton);

    private static Func<double> Minimizer(MinimizeMethod method)
    {
        var objective = Objective.FromExpr(Rosenbrock);
        var options = new MinimizeOptions { Method = method, GradientTolerance = 1e-8, RecordTrace = false };
        double[] start = [-1.2, 1];
        return () => Optimize.Minimize(objective, start, options).X[0];
    }

    /// <summary>min (x−1)² + (y−2)² subject to x + y ≤ 2 from (0, 0) (SciPy: SLSQP, ftol = 1e-12); the answer is (½, 3/2).
    /// Nabla's augmented Lagrangian takes the expressions, so its symbolic work is inside the timing.</summary>
    public static Func<double> ConstrainedSlsqp()
    {
        var f = Expr.Parse("(x - 1)^2 + (y - 2)^2");
        var h = Expr.Parse("x + y - 2");
        var start = new Dictionary<string, double> { ["x"] = 0, ["y"] = 0 };
        var options = new AugmentedLagrangianOptions { RecordTrace = false };
        return () => Optimize.AugmentedLagrangian(f, [], [h], start, null, options).X[0];
    }

    /// <summary>Iterations and evaluations of one solve, as extra JSON fields for the report.</summary>
    public static string Details(string workload)
    {
        switch (workload)
        {
            case "roots-newton":
            {
                var (f, df) = CubicAndDerivative();
                var r = Roots.NewtonRaphson(f, df, 2.0, new RootOptions { Tolerance = 1e-12, DetectSkippedRoots = false });
                return $"\"iterations\": {r.Iterations}, \"evaluations\": {r.FunctionEvaluations}";
            }
            case "minimize-bfgs-rosenbrock" or "minimize-newton-rosenbrock":
            {
                var method = workload.Contains("bfgs", StringComparison.Ordinal) ? MinimizeMethod.Bfgs : MinimizeMethod.Newton;
                var r = Optimize.Minimize(Objective.FromExpr(Rosenbrock), [-1.2, 1],
                    new MinimizeOptions { Method = method, GradientTolerance = 1e-8, RecordTrace = false });
                return $"\"iterations\": {r.Iterations}, \"evaluations\": {r.FunctionEvaluations}";
            }
            case "constrained-slsqp":
            {
                var r = Optimize.AugmentedLagrangian(Expr.Parse("(x - 1)^2 + (y - 2)^2"), [], [Expr.Parse("x + y - 2")],
                    new Dictionary<string, double> { ["x"] = 0, ["y"] = 0 });
                return $"\"iterations\": {r.OuterIterations}";
            }
            default:
                return "";
        }
    }
}
