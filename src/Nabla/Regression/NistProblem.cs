using System.Globalization;
using System.Text.RegularExpressions;
using Nabla.Numerics;
using Nabla.Symbolic;

namespace Nabla.Regression;

/// <summary>
/// One NIST StRD non-linear regression problem read from its .dat file: the model (translated from NIST's notation —
/// <c>**</c>, square brackets, <c>arctan</c> — into the expression language), both starting vectors, the certified
/// parameters, standard deviations and residual sum of squares, and the data, kept both as doubles and exactly (as
/// double-double values of the decimal text) for the extended-precision finish.
/// </summary>
public sealed partial class NistProblem
{
    private readonly DoubleDouble[][] _xExact;
    private readonly DoubleDouble[] _yExact;

    private NistProblem(string name, string modelText, Expr model, bool logResponse, string[] parameters, double[][] starts,
        double[] certified, double[] certifiedErrors, double rss, string[] predictorNames, DoubleDouble[][] x, DoubleDouble[] y)
    {
        Name = name;
        ModelText = modelText;
        Model = model;
        LogResponse = logResponse;
        ParameterNames = parameters;
        Starts = starts;
        CertifiedValues = certified;
        CertifiedStandardDeviations = certifiedErrors;
        CertifiedResidualSumOfSquares = rss;
        PredictorNames = predictorNames;
        _xExact = x;
        _yExact = y;
        Predictors = x.Select(c => c.Select(v => v.ToDouble()).ToArray()).ToArray();
        Y = y.Select(v => v.ToDouble()).ToArray();
    }

    /// <summary>The problem's name (the file name without extension, e.g. <c>MGH09</c>).</summary>
    public string Name { get; }

    /// <summary>The model as NIST writes it (right-hand side, without the error term).</summary>
    public string ModelText { get; }

    /// <summary>The model as an expression in b1, b2, … and the predictors.</summary>
    public Expr Model { get; }

    /// <summary>True for Nelson, whose response is log(y): <see cref="Y"/> then holds ln(y).</summary>
    public bool LogResponse { get; }

    /// <summary>b1, b2, … in order.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The two starting vectors (Start 1 far from the solution, Start 2 closer).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Starts { get; }

    /// <summary>The certified parameter values.</summary>
    public IReadOnlyList<double> CertifiedValues { get; }

    /// <summary>The certified standard deviations (scaled by the residual variance, as <c>curve_fit</c>'s default).</summary>
    public IReadOnlyList<double> CertifiedStandardDeviations { get; }

    /// <summary>The certified residual sum of squares.</summary>
    public double CertifiedResidualSumOfSquares { get; }

    /// <summary>The predictor names: <c>x</c>, or <c>x1</c>, <c>x2</c> for Nelson.</summary>
    public IReadOnlyList<string> PredictorNames { get; }

    /// <summary>The predictor columns, in the order of <see cref="PredictorNames"/>.</summary>
    public IReadOnlyList<double[]> Predictors { get; }

    /// <summary>The response (ln y for Nelson).</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>The start vector (1 or 2) by parameter name.</summary>
    public IReadOnlyDictionary<string, double> Start(int number)
    {
        if (number is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(number), number, "NIST gives start 1 and start 2.");
        return ParameterNames.Select((n, j) => (n, Starts[number - 1][j])).ToDictionary(t => t.n, t => t.Item2, StringComparer.Ordinal);
    }

    /// <summary>Fits the problem from start 1 or 2 with the exact (double-double) data used for the final residuals.</summary>
    public FitResult Fit(int start, FitOptions? options = null) =>
        Regression.Fit.CurveCore(Model, PredictorNames.Select((n, k) => (n, Predictors[k])).ToDictionary(t => t.n, t => t.Item2, StringComparer.Ordinal),
            Y, Start(start), null, options,
            PredictorNames.Select((n, k) => (n, _xExact[k])).ToDictionary(t => t.n, t => t.Item2, StringComparer.Ordinal), _yExact);

    /// <summary>Every *.dat file of a directory, sorted by name.</summary>
    public static IReadOnlyList<NistProblem> LoadAll(string directory) =>
        Directory.GetFiles(directory, "*.dat").OrderBy(f => f, StringComparer.Ordinal).Select(Load).ToArray();

    /// <summary>Reads a NIST StRD non-linear .dat file.</summary>
    /// <exception cref="FormatException">The file does not have the StRD layout.</exception>
    public static NistProblem Load(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.TrimEnd()).ToArray();
        string name = Path.GetFileNameWithoutExtension(path);
        int modelLine = Array.FindIndex(lines, l => l.StartsWith("Model:", StringComparison.Ordinal));
        if (modelLine < 0) throw new FormatException($"{path}: no Model section.");
        int startLine = Array.FindIndex(lines, modelLine, l => l.Contains("Starting values", StringComparison.OrdinalIgnoreCase));
        if (startLine < 0) throw new FormatException($"{path}: no Model section or starting values.");
        var modelParts = new List<string>();
        bool inEquation = false;
        for (int i = modelLine + 1; i < startLine; i++)
        {
            var t = lines[i].Trim();
            if (!inEquation && Regex.IsMatch(t, @"^(y|log\[y\])\s*=")) inEquation = true;
            if (inEquation && t.Length > 0) modelParts.Add(t);
        }
        var equation = string.Join(" ", modelParts);
        bool logResponse = equation.StartsWith("log", StringComparison.Ordinal);
        var rhs = Regex.Replace(equation[(equation.IndexOf('=') + 1)..], @"\+\s*e\s*$", "").Trim();
        var model = Expr.Parse(Translate(rhs));

        var parameters = new List<string>();
        var starts = new[] { new List<double>(), new List<double>() };
        var certified = new List<double>();
        var errors = new List<double>();
        double rss = double.NaN;
        foreach (var line in lines)
        {
            var match = ParameterLine().Match(line);
            if (match.Success)
            {
                parameters.Add(match.Groups[1].Value);
                starts[0].Add(Number(match.Groups[2].Value));
                starts[1].Add(Number(match.Groups[3].Value));
                certified.Add(Number(match.Groups[4].Value));
                errors.Add(Number(match.Groups[5].Value));
            }
            else if (line.StartsWith("Residual Sum of Squares:", StringComparison.Ordinal))
                rss = Number(line.Split(':')[1].Trim());
        }
        int dataLine = Array.FindLastIndex(lines, l => Regex.IsMatch(l, @"^Data:\s+y\s"));
        if (dataLine < 0 || parameters.Count == 0) throw new FormatException($"{path}: no parameter table or data header.");
        var predictorNames = lines[dataLine].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
        var x = predictorNames.Select(_ => new List<DoubleDouble>()).ToArray();
        var y = new List<DoubleDouble>();
        for (int i = dataLine + 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (fields.Length != predictorNames.Length + 1) throw new FormatException($"{path}: line {i + 1} has {fields.Length} numbers, expected {predictorNames.Length + 1}.");
            var response = DoubleDoubleMath.Parse(fields[0]);
            y.Add(logResponse ? DoubleDoubleMath.Ln(response) : response);
            for (int k = 0; k < predictorNames.Length; k++) x[k].Add(DoubleDoubleMath.Parse(fields[k + 1]));
        }
        return new NistProblem(name, rhs, model, logResponse, parameters.ToArray(), [starts[0].ToArray(), starts[1].ToArray()],
            certified.ToArray(), errors.ToArray(), rss, predictorNames, x.Select(c => c.ToArray()).ToArray(), y.ToArray());
    }

    /// <summary>NIST notation to the expression language: ** → ^, [ ] → ( ), arctan → atan, .5 → 0.5.</summary>
    internal static string Translate(string nist)
    {
        var s = nist.Replace("**", "^").Replace('[', '(').Replace(']', ')').Replace("arctan", "atan");
        return Regex.Replace(s, @"(?<![\d.])\.(\d)", "0.$1");
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(b\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")]
    private static partial Regex ParameterLine();
}
