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
    /// Like SciPy's functions, the problem is prepared (differentiated and compiled) before the timing; each timed call
    /// is one augmented-Lagrangian solve (with its final KKT polish) from (0, 0).</summary>
    public static Func<double> ConstrainedSlsqp()
    {
        var problem = SlsqpProblem();
        var options = new AugmentedLagrangianOptions { RecordTrace = false };
        double[] start = [0, 0];
        return () => problem.Solve(start, options).X[0];
    }

    /// <summary>Extrema of xy on the unit circle by Lagrange multipliers from 200 seeded starts in [−10, 10]² (SciPy:
    /// scipy.optimize.root on ∇L = 0 from the same number of uniform starts, the distinct converged points kept). The
    /// check is (points found) + (largest f) − (smallest f): 4 + ½ + ½ = 5 when all four points are found.</summary>
    public static Func<double> LagrangeMultiStart()
    {
        var f = Expr.Parse("x*y");
        Expr[] constraints = [Expr.Parse("x^2 + y^2 - 1")];
        var options = new LagrangeOptions { Starts = 200, Seed = 1 };
        return () =>
        {
            var r = Optimize.Lagrange(f, constraints, options: options);
            return r.GlobalMax is null || r.GlobalMin is null ? double.NaN : r.Points.Count + r.GlobalMax.Value - r.GlobalMin.Value;
        };
    }

    private static ConstrainedProblem SlsqpProblem() =>
        ConstrainedProblem.Create(Expr.Parse("(x - 1)^2 + (y - 2)^2"), [], [Expr.Parse("x + y - 2")]);

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
                var r = SlsqpProblem().Solve([0.0, 0.0], new AugmentedLagrangianOptions { RecordTrace = false });
                return $"\"iterations\": {r.OuterIterations}, \"evaluations\": {r.Evaluations}";
            }
            default:
                return "";
        }
    }
}
