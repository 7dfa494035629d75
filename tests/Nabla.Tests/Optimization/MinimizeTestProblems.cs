using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

/// <summary>Standard test functions with hand-written derivatives and call counters, for the minimiser tests.</summary>
internal sealed class CountedProblem
{
    private int _values, _gradients, _hessians;

    public CountedProblem(int dimension, Func<double[], double> f, Func<double[], double[]> g, Func<double[], double[,]>? h)
    {
        Objective = Objective.FromDelegates(dimension,
            x => { Interlocked.Increment(ref _values); return f(x.ToArray()); },
            (x, result) => { Interlocked.Increment(ref _gradients); g(x.ToArray()).CopyTo(result); },
            h is null ? null : (x, result) =>
            {
                Interlocked.Increment(ref _hessians);
                var m = h(x.ToArray());
                for (int i = 0; i < dimension; i++)
                    for (int j = 0; j < dimension; j++) result[i * dimension + j] = m[i, j];
            });
    }

    public Objective Objective { get; }
    public int Values => _values;
    public int Gradients => _gradients;
    public int Hessians => _hessians;

    /// <summary>Rosenbrock: 100(y − x²)² + (1 − x)², minimum 0 at (1, 1).</summary>
    public static CountedProblem Rosenbrock() => new(2,
        x => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2),
        x => [-400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]), 200 * (x[1] - x[0] * x[0])],
        x => new double[,] { { 1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0] }, { -400 * x[0], 200 } });

    /// <summary>Himmelblau: (x² + y − 11)² + (x + y² − 7)², four minima with value 0.</summary>
    public static CountedProblem Himmelblau() => new(2,
        x => Math.Pow(x[0] * x[0] + x[1] - 11, 2) + Math.Pow(x[0] + x[1] * x[1] - 7, 2),
        x =>
        [
            4 * x[0] * (x[0] * x[0] + x[1] - 11) + 2 * (x[0] + x[1] * x[1] - 7),
            2 * (x[0] * x[0] + x[1] - 11) + 4 * x[1] * (x[0] + x[1] * x[1] - 7),
        ],
        x => new double[,]
        {
            { 12 * x[0] * x[0] + 4 * x[1] - 42, 4 * (x[0] + x[1]) },
            { 4 * (x[0] + x[1]), 4 * x[0] + 12 * x[1] * x[1] - 26 },
        });

    /// <summary>The quadratic ½xᵀAx − bᵀx: gradient Ax − b, Hessian A.</summary>
    public static CountedProblem Quadratic(double[,] a, double[] b)
    {
        int n = b.Length;
        double[] Ax(double[] x)
        {
            var r = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) r[i] += a[i, j] * x[j];
            return r;
        }
        return new(n,
            x =>
            {
                var ax = Ax(x);
                double s = 0;
                for (int i = 0; i < n; i++) s += 0.5 * x[i] * ax[i] - b[i] * x[i];
                return s;
            },
            x =>
            {
                var ax = Ax(x);
                for (int i = 0; i < n; i++) ax[i] -= b[i];
                return ax;
            },
            _ => a);
    }
}

internal static class Problems
{
    public static readonly Expr Rosenbrock = Expr.Parse("100*(y - x^2)^2 + (1 - x)^2");
    public static readonly Expr Himmelblau = Expr.Parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2");
    public static readonly Expr Beale = Expr.Parse("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2");
    public static readonly Expr Booth = Expr.Parse("(x + 2*y - 7)^2 + (2*x + y - 5)^2");

    public static Dictionary<string, double> At(double x, double y) => new() { ["x"] = x, ["y"] = y };
}
