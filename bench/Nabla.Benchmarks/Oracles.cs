using System.Globalization;

namespace Nabla.Benchmarks;

/// <summary>How a workload's check value is judged without the peer: a closed form, a certified value, a
/// finite-difference or Taylor-jet computation in plain double arithmetic, or a property the answer must have.</summary>
/// <param name="Source">The oracle in words (printed in the report and on failure).</param>
/// <param name="Judge">Null when the check value is right, else why it is wrong.</param>
public sealed record Oracle(string Source, Func<double, string?> Judge);

/// <summary>
/// Independent oracles for every workload's check value: bench/run fails when Nabla's answer is wrong (never when
/// it is slow), with or without the Python peers installed. None of them calls the code under test: each is
/// written out here in double arithmetic from the workload's definition.
/// </summary>
public static class Oracles
{
    public static readonly IReadOnlyDictionary<string, Oracle> All = new Dictionary<string, Oracle>
    {
        ["hessian-sandpit"] = Close("closed form ∂²f/∂x∂y = −30·g·(2(x−1.5)/2.8)·(2(y−3.7)/2.8) at (1, 2)", SandpitFxy(1, 2), 1e-12),
        ["diff10-exp-sin"] = Close("Taylor-jet arithmetic in double: 10!·[h¹⁰] exp(sin(0.7 + h))", 3628800 * ExpSinJet(0.7, 10)[10], 1e-10),
        ["gradient-40"] = Close("hand-derived ∂F/∂x5 at xᵢ = 0.01(i+1)", Chain40Gradient5(), 1e-12),
        ["hessian-40"] = Close("hand-derived ∂²F/∂x5∂x6 at xᵢ = 0.01(i+1)", Chain40Hessian56(), 1e-12),
        ["taylor10-exp-sin-cos"] = Close("Taylor-jet arithmetic in double: Σₖ≤₁₀ cₖ·0.3ᵏ of exp(sin x)·cos x", TaylorExpSinCos(0.3, 10), 1e-12),
        ["jacobian-20x20"] = Close("closed form ∂f₃/∂x₄ = x₃²·cos(x₄) at xᵢ = 0.05(i+1)", 0.2 * 0.2 * Math.Cos(0.25), 1e-12),
        ["compiled-gradient-1e6"] = Close("closed form ∂f/∂x at (1, 2) (and 1,000 of the 10⁶ batch outputs, checked in the run)", SandpitFx(1, 2), 1e-12),
        ["network-step"] = Close("central finite differences of the cost (plain double loops), one step of rate 0.5", NetworkOracle.CostAfterStep(), 1e-7),
        ["network-step-explicit"] = Close("central finite differences of the cost (plain double loops), one step of rate 0.5", NetworkOracle.CostAfterStep(), 1e-7),
        ["roots-newton"] = Close("Cardano's formula for the real root of x³ − 2x − 5", CardanoRoot(), 1e-12),
        ["minimize-bfgs-rosenbrock"] = Close("the minimiser (1, 1) of Rosenbrock's function", 1, 1e-6),
        ["minimize-newton-rosenbrock"] = Close("the minimiser (1, 1) of Rosenbrock's function", 1, 1e-6),
        ["constrained-slsqp"] = Close("the KKT point (1/2, 3/2) by hand", 0.5, 1e-7),
        ["lagrange-multistart"] = Close("the four points (±1/√2, ±1/√2) of xy on the unit circle: 4 found, max 1/2, min −1/2 (check = count + max − min)", 5, 1e-9),
        ["nist-nonlinear-suite"] = AtLeast("NIST certified values: all 54 runs to ≥ 6 digits (SDs ≥ 4)", 54),
        ["nist-linear-suite"] = AtLeast("NIST certified values: all 11 problems to ≥ 7 digits (parameters and SDs)", 11),
        ["course-net-train"] = Below("property: the 50,000-step run brings the cost below 0.01 (it starts near 0.1)", 0.01),
        ["mlp-epoch"] = Below("property: one epoch on 10 separable clusters brings the mean loss below 0.5 (chance is ln 10 ≈ 2.3)", 0.5),
        ["grading"] = Close("by construction: 4 of every 8 typical answers are right (2,000 of 4,000)", GradingBenchmarks.CallsPerRun / 2, 0),
        ["cli-batch-diff"] = Close("every request answered ok (10,000), and each course expression's derivative matches central differences (checked in the run)", CliBenchmarks.Requests, 0),
    };

    /// <summary>Judges a workload's check value; null when right.</summary>
    public static string? Judge(string workload, double check) =>
        All.TryGetValue(workload, out var oracle) ? oracle.Judge(check) : $"no oracle for '{workload}'";

    private static Oracle Close(string source, double expected, double relative) => new(source, check =>
        double.IsFinite(check) && Math.Abs(check - expected) <= relative * Math.Max(1, Math.Abs(expected))
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"expected {expected:R} ({source}), got {check:R}"));

    private static Oracle AtLeast(string source, double minimum) => new(source, check =>
        check >= minimum ? null : string.Create(CultureInfo.InvariantCulture, $"expected ≥ {minimum} ({source}), got {check:R}"));

    private static Oracle Below(string source, double bound) => new(source, check =>
        double.IsFinite(check) && check < bound ? null : string.Create(CultureInfo.InvariantCulture, $"expected < {bound} ({source}), got {check:R}"));

    /// <summary>g = exp(−((x−1.5)² + (y−3.7)²)/2.8), the Sandpit's well.</summary>
    private static double Well(double x, double y) => Math.Exp(-((x - 1.5) * (x - 1.5) + (y - 3.7) * (y - 3.7)) / 2.8);

    private static double SandpitFxy(double x, double y) => -30 * Well(x, y) * (2 * (x - 1.5) / 2.8) * (2 * (y - 3.7) / 2.8);

    /// <summary>∂f/∂x of the Sandpit f = −((x−4.1)² + (y−0.9)²) − 30g.</summary>
    public static double SandpitFx(double x, double y) => -2 * (x - 4.1) + 30 * Well(x, y) * 2 * (x - 1.5) / 2.8;

    /// <summary>∂f/∂y of the Sandpit.</summary>
    public static double SandpitFy(double x, double y) => -2 * (y - 0.9) + 30 * Well(x, y) * 2 * (y - 3.7) / 2.8;

    /// <summary>Taylor coefficients of sin and cos of a series s (s₀ included), by the recurrences of s' = Σ k sₖ hᵏ⁻¹.</summary>
    private static (double[] Sin, double[] Cos) SinCos(double[] s)
    {
        int n = s.Length;
        var sn = new double[n];
        var cs = new double[n];
        sn[0] = Math.Sin(s[0]);
        cs[0] = Math.Cos(s[0]);
        for (int k = 1; k < n; k++)
        {
            double a = 0, b = 0;
            for (int j = 1; j <= k; j++)
            {
                a += j * s[j] * cs[k - j];
                b += j * s[j] * sn[k - j];
            }
            sn[k] = a / k;
            cs[k] = -b / k;
        }
        return (sn, cs);
    }

    private static double[] ExpSeries(double[] s)
    {
        int n = s.Length;
        var e = new double[n];
        e[0] = Math.Exp(s[0]);
        for (int k = 1; k < n; k++)
        {
            double a = 0;
            for (int j = 1; j <= k; j++) a += j * s[j] * e[k - j];
            e[k] = a / k;
        }
        return e;
    }

    /// <summary>Taylor coefficients of exp(sin(x0 + h)) in h up to hᴺ.</summary>
    public static double[] ExpSinJet(double x0, int order)
    {
        var s = new double[order + 1];
        s[0] = x0;
        if (order >= 1) s[1] = 1;
        return ExpSeries(SinCos(s).Sin);
    }

    /// <summary>The order-N Taylor polynomial of exp(sin x)·cos x about 0, evaluated at x.</summary>
    public static double TaylorExpSinCos(double x, int order)
    {
        var h = new double[order + 1];
        if (order >= 1) h[1] = 1;
        var (sin, cos) = SinCos(h);
        var e = ExpSeries(sin);
        double value = 0;
        for (int k = order; k >= 0; k--)
        {
            double c = 0;
            for (int j = 0; j <= k; j++) c += e[j] * cos[k - j];
            value = value * x + c;
        }
        return value;
    }

    private static double ChainX(int i) => 0.01 * (i + 1);

    public static double Chain40Gradient5()
    {
        // F's terms t(a, b) = (a − b)²eᵃ + sin(ab); x5 is b in term 4 and a in term 5.
        double a = ChainX(4), b = ChainX(5);
        double fromTerm4 = -2 * (a - b) * Math.Exp(a) + a * Math.Cos(a * b);
        a = ChainX(5); b = ChainX(6);
        double fromTerm5 = 2 * (a - b) * Math.Exp(a) + (a - b) * (a - b) * Math.Exp(a) + b * Math.Cos(a * b);
        return fromTerm4 + fromTerm5;
    }

    public static double Chain40Hessian56()
    {
        double a = ChainX(5), b = ChainX(6);
        return -2 * Math.Exp(a) - 2 * (a - b) * Math.Exp(a) + Math.Cos(a * b) - a * b * Math.Sin(a * b);
    }

    private static double CardanoRoot()
    {
        // x³ + px + q = 0 with p = −2, q = −5 has one real root (the discriminant term is positive).
        double p = -2, q = -5;
        double d = Math.Sqrt(q * q / 4 + p * p * p / 27);
        return Math.Cbrt(-q / 2 + d) + Math.Cbrt(-q / 2 - d);
    }
}

/// <summary>
/// The course network 1 → 6 → 7 → 2 written out in plain double loops (no Nabla type), its gradient by central
/// finite differences: the oracle for the network-step workloads (cost after one SGD step of rate 0.5 from the
/// fixed weights of <see cref="NetworkBenchmarks"/>).
/// </summary>
public static class NetworkOracle
{
    private static readonly int[] Sizes = [1, 6, 7, 2];
    private const int N = 100;

    public static double CostAfterStep()
    {
        var theta = InitialParameters();
        var gradient = new double[theta.Length];
        const double h = 1e-5;
        for (int i = 0; i < theta.Length; i++)
        {
            double keep = theta[i];
            theta[i] = keep + h;
            double up = Cost(theta);
            theta[i] = keep - h;
            double down = Cost(theta);
            theta[i] = keep;
            gradient[i] = (up - down) / (2 * h);
        }
        for (int i = 0; i < theta.Length; i++) theta[i] -= 0.5 * gradient[i];
        return Cost(theta);
    }

    /// <summary>Weights layer by layer (row-major), then biases, with the formulas of NetworkBenchmarks.Initial.</summary>
    private static double[] InitialParameters()
    {
        var weights = new List<double>();
        var biases = new List<double>();
        for (int layer = 1; layer <= 3; layer++)
        {
            int rows = Sizes[layer], cols = Sizes[layer - 1];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) weights.Add(0.5 * Math.Sin(1.3 * (i + 1) + 0.7 * (j + 1) + layer));
            for (int i = 0; i < rows; i++) biases.Add(0.1 * Math.Cos(i + layer));
        }
        return [.. weights, .. biases];
    }

    private static double Cost(double[] theta)
    {
        int weightCount = 0;
        for (int l = 1; l <= 3; l++) weightCount += Sizes[l] * Sizes[l - 1];
        double total = 0;
        var a = new double[8];
        var z = new double[8];
        for (int k = 0; k < N; k++)
        {
            double t = k / (double)(N - 1);
            a[0] = t;
            int w = 0, b = weightCount;
            for (int l = 1; l <= 3; l++)
            {
                int rows = Sizes[l], cols = Sizes[l - 1];
                for (int i = 0; i < rows; i++)
                {
                    double s = theta[b + i];
                    for (int j = 0; j < cols; j++) s += theta[w + i * cols + j] * a[j];
                    z[i] = 1 / (1 + Math.Exp(-s));
                }
                w += rows * cols;
                b += rows;
                Array.Copy(z, a, rows);
            }
            double y0 = 0.5 + 0.4 * Math.Sin(2 * Math.PI * t), y1 = 0.5 + 0.4 * Math.Cos(2 * Math.PI * t);
            total += (a[0] - y0) * (a[0] - y0) + (a[1] - y1) * (a[1] - y1);
        }
        return total / N;
    }
}
