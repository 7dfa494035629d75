using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Regression;

namespace Nabla.Cli;

/// <summary>The data of a fit: predictor columns by name, the responses, and optionally one σ per point.</summary>
/// <param name="Predictors">Each predictor's values, by the name the model uses.</param>
/// <param name="Y">The measured responses.</param>
/// <param name="Sigma">The uncertainty of each response, or null for an unweighted fit.</param>
/// <param name="Source">Where the data came from (a file name, or "request").</param>
public sealed record FitData(IReadOnlyDictionary<string, double[]> Predictors, double[] Y, double[]? Sigma, string Source)
{
    /// <summary>
    /// Reads a CSV/TSV file: <paramref name="x"/> names the predictor columns (comma-separated names or 1-based
    /// indices; a column named by index becomes the predictor <c>x</c>, or x1, x2 … for several), default the column
    /// named x, else the first; <paramref name="y"/> the response (default the column named y, else the second);
    /// <paramref name="sigma"/> the uncertainties (none by default).
    /// </summary>
    public static FitData FromFile(string path, string? x, string? y, string? sigma)
    {
        DataTable table;
        try
        {
            table = DataTable.Load(path);
        }
        catch (FileNotFoundException)
        {
            throw new RequestException($"no such file: {path}", "give the path of a CSV or TSV file with a header row or numeric columns");
        }
        catch (DirectoryNotFoundException)
        {
            throw new RequestException($"no such file: {path}", "give the path of a CSV or TSV file with a header row or numeric columns");
        }
        catch (DataFormatException ex)
        {
            throw new RequestException(ex.Message.Split('\n')[0].TrimEnd(), ex.Hint);
        }
        var xSpecs = (x ?? (table.Columns.Contains("x") ? "x" : "1")).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (xSpecs.Length == 0) throw new RequestException("--x names no column", "e.g. --x x or --x 1");
        var predictors = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int i = 0; i < xSpecs.Length; i++)
        {
            string spec = xSpecs[i];
            string name = int.TryParse(spec, out _) ? (xSpecs.Length == 1 ? "x" : $"x{i + 1}") : spec;
            if (!predictors.TryAdd(name, Column(table, spec, "--x")))
                throw new RequestException($"--x names the predictor {name} twice");
        }
        string ySpec = y ?? (table.Columns.Contains("y") ? "y" : "2");
        var ys = Column(table, ySpec, "--y");
        var sigmas = sigma is null ? null : Column(table, sigma, "--sigma");
        return new FitData(predictors, ys, sigmas, path);
    }

    private static double[] Column(DataTable table, string spec, string option)
    {
        try
        {
            return table.Column(spec);
        }
        catch (DataFormatException ex)
        {
            throw new RequestException($"{option} {spec}: {ex.Message.Split('\n')[0].TrimEnd()}", ex.Hint ?? $"the columns are {string.Join(", ", table.Columns)}");
        }
        catch (ArgumentException ex)
        {
            throw new RequestException($"{option} {spec}: {ex.Message}", $"the columns are {string.Join(", ", table.Columns)}");
        }
    }
}

/// <summary>Fit a model (an expression in the predictors and parameters) to data.</summary>
/// <param name="Model">The model, e.g. <c>a exp(-b x)</c>.</param>
/// <param name="Data">The data.</param>
/// <param name="Params">Start values of the parameters (not needed when the model is linear in them).</param>
/// <param name="Method">lm (default), gn or sd.</param>
/// <param name="Rate">Steepest descent: the course's "aggression" (step = −rate·∇χ²).</param>
/// <param name="Iterations">Steepest descent: a fixed number of steps.</param>
/// <param name="AbsoluteSigma">Take σ as absolute (covariance not scaled by the reduced χ²).</param>
/// <param name="Trace">Return every iterate.</param>
/// <param name="Plot">Write a plot of the data and the fit to this file (.svg or .png), or null.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record FitRequest(string Model, FitData Data, IReadOnlyList<PointValue>? Params = null, string? Method = null, double? Rate = null,
    int? Iterations = null, bool AbsoluteSigma = false, bool Trace = false, string? Plot = null, bool Split = false) : Request(Split);

/// <summary>Fit a straight line y = slope·x + intercept (the course's linfit).</summary>
/// <param name="Data">The data (one predictor).</param>
/// <param name="AbsoluteSigma">Take σ as absolute.</param>
/// <param name="Plot">Write a plot of the data and the line to this file (.svg or .png), or null.</param>
public sealed record LinFitRequest(FitData Data, bool AbsoluteSigma = false, string? Plot = null) : Request(false);

public static partial class RequestReader
{
    /// <summary>The regression ops (fit, linfit), or null for another op.</summary>
    private static Request? ReadRegression(string op, JsonObject obj, bool split) => op switch
    {
        "fit" => new FitRequest(
            RequiredString(obj, "model"),
            InlineData(obj),
            OptionalPoint(obj, "params"),
            OptionalString(obj, "method"),
            OptionalDouble(obj, "rate"),
            OptionalInt(obj, "iterations"),
            OptionalBool(obj, "absoluteSigma") ?? false,
            OptionalBool(obj, "trace") ?? false,
            null,
            split),
        "linfit" => new LinFitRequest(InlineData(obj), OptionalBool(obj, "absoluteSigma") ?? false),
        _ => null,
    };

    /// <summary>"x": [..] (the predictor x) or {"x1": [..], "x2": [..]}; "y": [..]; optional "sigma": [..].</summary>
    private static FitData InlineData(JsonObject obj)
    {
        var predictors = new Dictionary<string, double[]>(StringComparer.Ordinal);
        switch (obj["x"])
        {
            case null:
                throw new RequestException("missing field \"x\"", "add \"x\": the predictor values, e.g. [1,2,3] (or {\"x1\":[…],\"x2\":[…]})");
            case JsonArray array:
                predictors["x"] = Numbers(array, "x");
                break;
            case JsonObject named:
                foreach (var (name, node) in named)
                    predictors[name] = node is JsonArray values
                        ? Numbers(values, $"x.{name}")
                        : throw new RequestException($"field \"x\".\"{name}\" must be a list of numbers");
                if (predictors.Count == 0) throw new RequestException("field \"x\" names no predictor");
                break;
            default:
                throw new RequestException("field \"x\" must be a list of numbers or an object of named lists");
        }
        var y = obj["y"] is JsonArray ys ? Numbers(ys, "y") : throw new RequestException("missing field \"y\" (a list of numbers)", "add \"y\": the measured values, e.g. [2.1,3.9,6.2]");
        double[]? sigma = obj["sigma"] switch
        {
            null => null,
            JsonArray s => Numbers(s, "sigma"),
            _ => throw new RequestException("field \"sigma\" must be a list of numbers"),
        };
        return new FitData(predictors, y, sigma, "request");
    }

    private static double[] Numbers(JsonArray array, string name)
    {
        var values = new double[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d)) values[i] = d;
            else throw new RequestException($"field \"{name}\" entry {i} is not a number", "data values must be JSON numbers");
        }
        return values;
    }
}
