using System.Globalization;
using System.Text.RegularExpressions;
using Nabla.Regression;
using Xunit.Abstractions;

namespace Nabla.Tests.Regression;

/// <summary>
/// NIST StRD linear regression (11 problems, certified to 15 digits with 500-digit arithmetic): every certified
/// parameter, standard deviation, residual standard deviation and R² must come out to ≥ 7 significant digits.
/// </summary>
public sealed class NistLinearTests(ITestOutputHelper output)
{
    internal sealed record Problem(string Name, double[] Y, double[][] X, double[] Parameters, double[] Deviations,
        double ResidualSd, double RSquared, bool Polynomial, bool NoIntercept, int Degree);

    internal static string Folder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "..", "shared", "datasets", "nist-strd", "linear");
    }

    private static double Num(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    internal static Problem Read(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder(), name + ".dat"));
        var text = string.Join("\n", lines);
        var data = Regex.Match(text, @"Data\s+\(lines (\d+) to (\d+)\)");
        int first = int.Parse(data.Groups[1].Value), last = int.Parse(data.Groups[2].Value);
        var pars = new List<double>(); var sds = new List<double>();
        foreach (var line in lines)
        {
            var m = Regex.Match(line, @"^\s*B(\d+)\s+(\S+)\s+(\S+)\s*$");
            if (m.Success) { pars.Add(Num(m.Groups[2].Value)); sds.Add(Num(m.Groups[3].Value)); }
        }
        double residualSd = Num(Regex.Match(text, @"Standard Deviation\s+(\S+)\s*\n\s*\n\s*R-Squared").Groups[1].Value);
        double r2 = Num(Regex.Match(text, @"R-Squared\s+(\S+)").Groups[1].Value);
        bool noIntercept = Regex.IsMatch(text, @"y = B1\*x \+ e");
        bool polynomial = Regex.IsMatch(text, @"\(x\*\*2\)") || noIntercept || Regex.IsMatch(text, @"y = B0 \+ B1\*x \+ e");
        var rows = lines[(first - 1)..last].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Num).ToArray()).ToArray();
        var y = rows.Select(r => r[0]).ToArray();
        int predictors = rows[0].Length - 1;
        var x = Enumerable.Range(0, predictors).Select(j => rows.Select(r => r[j + 1]).ToArray()).ToArray();
        int degree = polynomial && !noIntercept ? pars.Count - 1 : 1;
        return new Problem(name, y, x, [.. pars], [.. sds], residualSd, r2, polynomial, noIntercept, degree);
    }

    internal static FitResult FitProblem(Problem p, LinearSolver solver, bool doubleDesign = false)
    {
        int n = p.Y.Length;
        double[,] design;
        if (p.NoIntercept)
        {
            design = new double[n, 1];
            for (int i = 0; i < n; i++) design[i, 0] = p.X[0][i];
            return Fit.Linear(design, p.Y, ["B1"], solver: solver);
        }
        if (p.Polynomial && solver == LinearSolver.QR && !doubleDesign) return Fit.Polynomial(p.X[0], p.Y, p.Degree);
        int k = p.Parameters.Length;
        design = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            design[i, 0] = 1;
            for (int j = 1; j < k; j++) design[i, j] = p.Polynomial ? Math.Pow(p.X[0][i], j) : p.X[j - 1][i];
        }
        return Fit.Linear(design, p.Y, [.. Enumerable.Range(0, k).Select(j => $"B{j}")], solver: solver);
    }

    /// <summary>−log10 of the relative error, capped at 15; against a certified 0 the absolute error is used.</summary>
    internal static double Digits(double estimate, double certified)
    {
        double error = certified == 0 ? Math.Abs(estimate) : Math.Abs(estimate - certified) / Math.Abs(certified);
        return error == 0 ? 15 : Math.Min(15, -Math.Log10(error));
    }

    internal static (double Params, double Sds, double ResSd, double R2) Score(Problem p, FitResult fit)
    {
        double minP = 15, minS = 15;
        for (int j = 0; j < p.Parameters.Length; j++)
        {
            minP = Math.Min(minP, Digits(fit.Parameters[j], p.Parameters[j]));
            minS = Math.Min(minS, Digits(fit.StandardErrors[j], p.Deviations[j]));
        }
        double resSd = Math.Sqrt(fit.ChiSquared / fit.DegreesOfFreedom);
        // R² as NIST defines it: 1 − SSres/SStot, with SStot about the mean (about 0 without an intercept).
        double mean = p.NoIntercept ? 0 : p.Y.Average();
        double ssTot = p.Y.Sum(v => (v - mean) * (v - mean));
        double r2 = 1 - fit.ChiSquared / ssTot;
        return (minP, minS, Digits(resSd, p.ResidualSd), Digits(r2, p.RSquared));
    }

    public static TheoryData<string> Problems =>
        ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"];

    [Theory]
    [MemberData(nameof(Problems))]
    public void Qr_reaches_seven_digits_on_every_certified_value(string name)
    {
        var p = Read(name);
        var fit = FitProblem(p, LinearSolver.QR);
        var (pars, sds, resSd, r2) = Score(p, fit);
        output.WriteLine($"{name}: params {pars:F1}, SDs {sds:F1}, residual SD {resSd:F1}, R² {r2:F1}, cond(XᵀX) {fit.ConditionNumber:E1}");
        Assert.Equal(p.Parameters.Length, fit.Rank);
        Assert.True(pars >= 7, $"{name}: parameters {pars:F1} digits");
        Assert.True(sds >= 7, $"{name}: standard deviations {sds:F1} digits");
        Assert.True(resSd >= 7, $"{name}: residual SD {resSd:F1} digits");
        Assert.True(r2 >= 7, $"{name}: R² {r2:F1} digits");
    }

    [Fact]
    public void Table_of_digits_for_both_solvers()
    {
        // QR: Fit.Polynomial / Fit.Linear (powers formed in double-double); the last four columns pass the design as a
        // double matrix (powers rounded to double by Math.Pow) to Fit.Linear with each solver.
        output.WriteLine("| Problem | QR params | QR SDs | QR res. SD | QR R² | QR (double design) params | SDs | SVD (double design) params | SDs |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        int passed = 0;
        foreach (var name in Problems)
        {
            var p = Read(name);
            var qr = Score(p, FitProblem(p, LinearSolver.QR));
            var qrDouble = Score(p, FitProblem(p, LinearSolver.QR, doubleDesign: true));
            var svd = Score(p, FitProblem(p, LinearSolver.SVD));
            output.WriteLine($"| {name} | {qr.Params:F1} | {qr.Sds:F1} | {qr.ResSd:F1} | {qr.R2:F1} | {qrDouble.Params:F1} | {qrDouble.Sds:F1} | {svd.Params:F1} | {svd.Sds:F1} |");
            if (Math.Min(Math.Min(qr.Params, qr.Sds), Math.Min(qr.ResSd, qr.R2)) >= 7) passed++;
        }
        Assert.Equal(11, passed);
    }
}
