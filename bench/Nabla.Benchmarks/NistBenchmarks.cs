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

    /// <summary>−log₁₀ of the relative error, capped at 15 (as scipy_nist.py).</summary>
    private static double Digits(double estimate, double certified)
    {
        if (estimate == certified) return 15;
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
