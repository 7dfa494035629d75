using System.Diagnostics;
using System.Globalization;
using Nabla.Symbolic;

namespace Nabla.Benchmarks;

/// <summary>
/// How the symbolic workloads' time grows with size (bench/peers/sympy_scaling.py is the SymPy side): the chain
/// function's gradient and Hessian at 10, 20, 40, 80 variables, the k-th derivative of exp(sin x) and the order-k
/// Taylor series of exp(sin x)·cos x at k = 5, 10, 20. Every point is checked against <see cref="Oracles"/>
/// (hand-derived entries for the chain function; Taylor-jet arithmetic for the others).
/// </summary>
public static class Scaling
{
    public static readonly IReadOnlyList<(string Kind, int[] Sizes)> Series =
    [
        ("chain-gradient", [10, 20, 40, 80]),
        ("chain-hessian", [10, 20, 40, 80]),
        ("diff-exp-sin", [5, 10, 20]),
        ("taylor-exp-sin-cos", [5, 10, 20]),
    ];

    /// <summary>The timed operation of one point and its oracle's expected check value.</summary>
    public static (Func<double> Operation, double Expected) Prepare(string kind, int size)
    {
        var x = Workloads.X;
        switch (kind)
        {
            case "chain-gradient":
            {
                var (f, xs) = Workloads.Chain(size);
                var point = Workloads.ChainPoint(xs);
                return (() => Calculus.Gradient(f, xs)[5].Evaluate(point), ChainExpected(true));
            }
            case "chain-hessian":
            {
                var (f, xs) = Workloads.Chain(size);
                var point = Workloads.ChainPoint(xs);
                return (() => Calculus.Hessian(f, xs)[5, 6].Evaluate(point), ChainExpected(false));
            }
            case "diff-exp-sin":
            {
                var f = Expr.Exp(Expr.Sin(x));
                double factorial = 1;
                for (int k = 2; k <= size; k++) factorial *= k;
                return (() => Calculus.Diff(f, x, size).Evaluate(("x", 0.7)), factorial * Oracles.ExpSinJet(0.7, size)[size]);
            }
            case "taylor-exp-sin-cos":
            {
                var f = Expr.Exp(Expr.Sin(x)) * Expr.Cos(x);
                return (() => Calculus.Taylor(f, x, Expr.Zero, size).Polynomial.Evaluate(("x", 0.3)), Oracles.TaylorExpSinCos(0.3, size));
            }
            default:
                throw new ArgumentException($"unknown scaling series '{kind}'");
        }
    }

    private static double ChainExpected(bool gradient) => gradient ? Oracles.Chain40Gradient5() : Oracles.Chain40Hessian56();

    /// <summary>Times every point (each in this process, after one untimed call), prints one JSON line per point;
    /// returns false when a point's answer is wrong.</summary>
    public static bool Run(TextWriter output, double secondsPerPoint)
    {
        bool allRight = true;
        foreach (var (kind, sizes) in Series)
            foreach (int size in sizes)
            {
                var (operation, expected) = Prepare(kind, size);
                double check = operation();
                bool ok = double.IsFinite(check) && Math.Abs(check - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected));
                allRight &= ok;
                var samples = new List<double>();
                var budget = Stopwatch.StartNew();
                while (samples.Count < 3 || (samples.Count < 1000 && budget.Elapsed.TotalSeconds < secondsPerPoint))
                {
                    long start = Stopwatch.GetTimestamp();
                    operation();
                    samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                }
                samples.Sort();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"workload\": \"scaling-{kind}\", \"size\": {size}, \"seconds\": {samples[samples.Count / 2]:R}, \"check\": {check:R}, \"expected\": {expected:R}, \"ok\": {(ok ? "true" : "false")}, \"side\": \"nabla\"}}"));
                if (!ok) Console.Error.WriteLine($"WRONG: scaling {kind} at {size}: got {check:R}, expected {expected:R}");
            }
        return allRight;
    }
}
