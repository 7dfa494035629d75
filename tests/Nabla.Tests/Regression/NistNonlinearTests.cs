using System.Globalization;
using System.Text;
using Nabla.Regression;
using Xunit.Abstractions;

namespace Nabla.Tests.Regression;

/// <summary>
/// NIST StRD non-linear regression: all 27 problems from both starting vectors against the certified parameters
/// and standard deviations (the independent oracle: NIST's 128-bit reference computations).
/// </summary>
public sealed class NistNonlinearTests(ITestOutputHelper output)
{
    internal static string Directory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "datasets", "nist-strd", "nonlinear"));
    }

    /// <summary>−log10 of the relative error, capped at 15 (an exact match).</summary>
    internal static double Digits(double estimate, double certified)
    {
        double error = Math.Abs(estimate - certified) / Math.Abs(certified);
        return error == 0 ? 15 : Math.Min(15, -Math.Log10(error));
    }

    /// <summary>The defaults: with MINPACK's trust-region update the longest run (Bennett5 from start 1, ≈750
    /// iterations; MGH10 start 1 ≈250) fits within the default cap of 1,000.</summary>
    internal static readonly FitOptions Options = new();

    [Fact]
    public void AllProblemsFromBothStartsMatchCertifiedValues()
    {
        var problems = NistProblem.LoadAll(Directory());
        Assert.Equal(27, problems.Count);
        var table = new StringBuilder();
        table.AppendLine("| problem | start | param digits (min) | SD digits (min) | exit | iterations |");
        table.AppendLine("|---|---|---|---|---|---|");
        var failures = new List<string>();
        foreach (var problem in problems)
            for (int start = 1; start <= 2; start++)
            {
                var fit = problem.Fit(start, Options);
                Assert.Equal(problem.ParameterNames, fit.ParameterNames);
                double parameters = problem.CertifiedValues.Select((c, j) => Digits(fit.Parameters[j], c)).Min();
                double errors = problem.CertifiedStandardDeviations.Select((c, j) => Digits(fit.StandardErrors[j], c)).Min();
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {problem.Name} | {start} | {parameters:F1} | {errors:F1} | {fit.Exit} | {fit.Iterations} |"));
                if (!(parameters >= 6) || !(errors >= 4))
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"{problem.Name} start {start}: {parameters:F1}/{errors:F1} ({fit.Message})"));
            }
        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, "below target: " + string.Join("; ", failures));
    }

    [Fact]
    public void ModelsTranslateFromNistNotation()
    {
        var misra1c = NistProblem.Load(Path.Combine(Directory(), "Misra1c.dat"));
        Assert.Equal("b1 * (1-(1+2*b2*x)^(-0.5))", NistProblem.Translate(misra1c.ModelText));
        var nelson = NistProblem.Load(Path.Combine(Directory(), "Nelson.dat"));
        Assert.True(nelson.LogResponse);
        Assert.Equal(["x1", "x2"], nelson.PredictorNames);
        Assert.Equal(Math.Log(15.0), nelson.Y[0], 14);
        // The model evaluates as NIST's formula does (checked in double at the certified point).
        var roszman = NistProblem.Load(Path.Combine(Directory(), "Roszman1.dat"));
        var b = roszman.CertifiedValues;
        double x = roszman.Predictors[0][3];
        double expected = b[0] - b[1] * x - Math.Atan(b[2] / (x - b[3])) / Math.PI;
        var bindings = new Dictionary<string, double> { ["x"] = x };
        for (int j = 0; j < 4; j++) bindings[$"b{j + 1}"] = b[j];
        Assert.Equal(expected, roszman.Model.Evaluate(bindings), 12);
    }
}
