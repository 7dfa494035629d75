using Nabla.Regression;

namespace Nabla.Benchmarks;

/// <summary>
/// The NIST StRD non-linear suite (issue 6): all 27 problems from both certified starts, Levenberg-Marquardt with
/// default options, against bench/peers/scipy_nist.py (curve_fit with tolerances 1e-15). The files are read once,
/// outside the timing; the check value is the number of the 54 runs that are right (every parameter ≥ 6 significant
/// digits of the certified value, every standard deviation ≥ 4), the same rule as the SciPy script.
/// </summary>
public static class NistBenchmarks
{
    public static Func<double> Suite()
    {
        var problems = NistProblem.LoadAll(DatasetDirectory());
        var options = new FitOptions { RecordTrace = false };
        return () =>
        {
            int right = 0;
            foreach (var problem in problems)
                for (int start = 1; start <= 2; start++)
                {
                    var fit = problem.Fit(start, options);
                    bool ok = true;
                    for (int j = 0; j < fit.Parameters.Count && ok; j++)
                        ok = Digits(fit.Parameters[j], problem.CertifiedValues[j]) >= 6
                            && Digits(fit.StandardErrors[j], problem.CertifiedStandardDeviations[j]) >= 4;
                    if (ok) right++;
                }
            return right;
        };
    }

    /// <summary>
    /// The NIST StRD linear suite (11 problems): Fit.Polynomial for the polynomial models, Fit.Linear on the design
    /// matrix otherwise (QR), against bench/peers/numpy_linear.py (numpy.linalg.lstsq). The check is the number of
    /// problems whose every parameter and standard deviation has ≥ 7 significant digits of the certified value.
    /// </summary>
    public static Func<double> LinearSuite()
    {
        var problems = Directory.GetFiles(Path.Combine(DatasetDirectory(), "..", "linear"), "*.dat").Order().Select(LinearProblem.Read).ToArray();
        return () =>
        {
            int right = 0;
            foreach (var p in problems)
            {
                var fit = p.Fit();
                bool ok = fit.Parameters.Count == p.Certified.Length;
                for (int j = 0; j < p.Certified.Length && ok; j++)
                    ok = Digits(fit.Parameters[j], p.Certified[j]) >= 7 && Digits(fit.StandardErrors[j], p.Deviations[j]) >= 7;
                if (ok) right++;
            }
            return right;
        };
    }

    /// <summary>−log₁₀ of the relative error, capped at 15 (as scipy_nist.py).</summary>
    private static double Digits(double estimate, double certified)
    {
        if (estimate == certified) return 15;
        if (certified == 0) return Math.Min(15, -Math.Log10(Math.Abs(estimate)));
        if (!double.IsFinite(estimate)) return 0;
        return Math.Max(0, Math.Min(15, -Math.Log10(Math.Abs(estimate - certified) / Math.Abs(certified))));
    }

    /// <summary>../shared/datasets/nist-strd/nonlinear beside the repository root (the folder holding Nabla.slnx).</summary>
    private static string DatasetDirectory()
    {
        // The binary may be built elsewhere (bench/run uses -o /tmp/...): then the working directory leads to the root.
        foreach (var origin in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets", "nist-strd", "nonlinear"));
        throw new DirectoryNotFoundException($"no Nabla.slnx above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; run from the repository, whose parent holds shared/datasets.");
    }
}

/// <summary>One NIST StRD linear problem read from its .dat file: data, certified parameters and standard deviations.</summary>
internal sealed record LinearProblem(string Name, double[] Y, double[][] X, double[] Certified, double[] Deviations, bool Polynomial, bool NoIntercept)
{
    private static double Number(string s) => double.Parse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    public static LinearProblem Read(string path)
    {
        var lines = File.ReadAllLines(path);
        string text = string.Join("\n", lines);
        var data = System.Text.RegularExpressions.Regex.Match(text, @"Data\s+\(lines (\d+) to (\d+)\)");
        int first = int.Parse(data.Groups[1].Value), last = int.Parse(data.Groups[2].Value);
        var certified = new List<double>();
        var deviations = new List<double>();
        foreach (var line in lines)
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^\s*B(\d+)\s+(\S+)\s+(\S+)\s*$");
            if (!m.Success) continue;
            certified.Add(Number(m.Groups[2].Value));
            deviations.Add(Number(m.Groups[3].Value));
        }
        bool noIntercept = text.Contains("y = B1*x + e", StringComparison.Ordinal);
        bool polynomial = text.Contains("(x**2)", StringComparison.Ordinal) || noIntercept || text.Contains("y = B0 + B1*x + e", StringComparison.Ordinal);
        var rows = lines[(first - 1)..last].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray()).ToArray();
        var x = Enumerable.Range(0, rows[0].Length - 1).Select(j => rows.Select(r => r[j + 1]).ToArray()).ToArray();
        return new LinearProblem(Path.GetFileNameWithoutExtension(path), rows.Select(r => r[0]).ToArray(), x, [.. certified], [.. deviations], polynomial, noIntercept);
    }

    public FitResult Fit()
    {
        int n = Y.Length, k = Certified.Length;
        if (NoIntercept)
        {
            var column = new double[n, 1];
            for (int i = 0; i < n; i++) column[i, 0] = X[0][i];
            return Nabla.Regression.Fit.Linear(column, Y, ["B1"]);
        }
        if (Polynomial) return Nabla.Regression.Fit.Polynomial(X[0], Y, k - 1);
        var design = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            design[i, 0] = 1;
            for (int j = 1; j < k; j++) design[i, j] = X[j - 1][i];
        }
        return Nabla.Regression.Fit.Linear(design, Y, [.. Enumerable.Range(0, k).Select(j => $"B{j}")]);
    }
}
