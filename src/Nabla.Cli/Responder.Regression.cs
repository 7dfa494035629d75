using System.Text.Json.Nodes;
using Nabla.Optimization;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Cli;

/// <summary>A fit of a model to data.</summary>
/// <param name="Model">The model.</param>
/// <param name="Predictors">The predictor names.</param>
/// <param name="Linear">True when the model was linear in its parameters and solved directly.</param>
/// <param name="Result">The fit.</param>
/// <param name="Trace">Whether the trace is part of the answer.</param>
/// <param name="PlotPath">The plot written, or null.</param>
public sealed record FitOutcome(Expr Model, IReadOnlyList<string> Predictors, bool Linear, FitResult Result, bool Trace, string? PlotPath) : Outcome;

/// <summary>A straight-line fit.</summary>
/// <param name="Result">The line.</param>
/// <param name="PlotPath">The plot written, or null.</param>
public sealed record LinFitOutcome(LineFit Result, string? PlotPath) : Outcome;

public sealed partial class Responder
{
    /// <summary>The names accepted for the fit verb's <c>--method</c>.</summary>
    public static IReadOnlyList<string> FitMethodNames { get; } = ["lm", "gn", "sd"];

    /// <summary>Fits the model: directly when it is linear in its parameters, else iteratively from the start.</summary>
    public FitOutcome Fit(FitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var model = engine.Parse(request.Model, options);
        var predictorNames = request.Data.Predictors.Keys.ToList();
        var parameters = model.FreeSymbols.Where(s => !request.Data.Predictors.ContainsKey(s.Name)).Select(s => s.Name).ToList();
        var unused = predictorNames.Where(p => !model.FreeSymbols.Any(s => s.Name == p)).ToList();
        if (unused.Count > 0)
            throw new RequestException($"the model {model.ToHuman()} does not use the predictor {string.Join(", ", unused)}",
                $"write the model in terms of {string.Join(", ", predictorNames)}, or choose other columns with --x");
        if (parameters.Count == 0)
            throw new RequestException($"the model {model.ToHuman()} has no parameters to fit (every symbol is a predictor)",
                "add parameters, e.g. \"a x + b\"");
        var start = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in request.Params ?? [])
        {
            if (!parameters.Contains(p.Name))
                throw new RequestException($"--params gives {p.Name}, which is not a parameter of the model (its parameters are {string.Join(", ", parameters)})",
                    "give start values for the model's parameters only");
            if (!start.TryAdd(p.Name, ValueOf(p, options))) throw new RequestException($"--params gives {p.Name} twice");
        }
        var method = request.Method?.Trim().ToLowerInvariant();
        if (method is not (null or "lm" or "gn" or "sd"))
            throw new RequestException($"unknown method \"{request.Method}\"", $"method must be one of: {string.Join(", ", FitMethodNames)}");
        bool linear = method is null && Regression.Fit.IsLinearInParameters(model, parameters);
        FitResult result;
        if (linear)
            result = Guard(() => Regression.Fit.LinearModel(model, ToArrays(request.Data.Predictors), request.Data.Y, request.Data.Sigma, request.AbsoluteSigma));
        else
        {
            var missing = parameters.Where(p => !start.ContainsKey(p)).ToList();
            if (missing.Count > 0)
                throw new RequestException(
                    $"the model is not linear in its parameters, so the fit needs a start for {string.Join(", ", missing)}",
                    $"add --params {string.Join(",", parameters.Select(p => p + "=1"))} (in batch: \"params\":{{\"{parameters[0]}\":1}})");
            var fitOptions = new FitOptions
            {
                Method = method switch { "gn" => FitMethod.GaussNewton, "sd" => FitMethod.SteepestDescent, _ => FitMethod.LevenbergMarquardt },
                Rate = request.Rate,
                Iterations = request.Iterations,
                AbsoluteSigma = request.AbsoluteSigma,
                RecordTrace = true,
            };
            result = Guard(() => Regression.Fit.Curve(model, ToArrays(request.Data.Predictors), request.Data.Y, start, request.Data.Sigma, fitOptions));
        }
        string? plot = request.Plot is null ? null : FitPlotter.Write(request.Plot, model, request.Data, result);
        return new FitOutcome(model, predictorNames, linear, result, request.Trace, plot);
    }

    /// <summary>Fits a straight line.</summary>
    public LinFitOutcome LinFit(LinFitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Data.Predictors.Count != 1)
            throw new RequestException($"a straight line has one predictor; the data have {request.Data.Predictors.Count}", "use fit with a model for several predictors");
        var x = request.Data.Predictors.Values.First();
        var line = Guard(() => Regression.Fit.Line(x, request.Data.Y, request.Data.Sigma, request.AbsoluteSigma));
        string? plot = request.Plot is null ? null
            : FitPlotter.Write(request.Plot, Expr.Parse("slope x + intercept"), request.Data with { Predictors = new Dictionary<string, double[]> { ["x"] = x } }, line.Fit);
        return new LinFitOutcome(line, plot);
    }

    private static Dictionary<string, double[]> ToArrays(IReadOnlyDictionary<string, double[]> predictors) =>
        predictors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static JsonObject RegressionJson(Outcome outcome) => outcome switch
    {
        FitOutcome f => FitJson(f.Result, f.Trace, f.PlotPath, f.Linear),
        LinFitOutcome l => LinFitJson(l),
        _ => throw new ArgumentException($"unknown outcome {outcome?.GetType().Name}", nameof(outcome)),
    };

    private static JsonObject FitJson(FitResult r, bool trace, string? plot, bool linear)
    {
        var json = new JsonObject
        {
            ["ok"] = true,
            ["exit"] = r.Exit.ToJsonName(),
            ["method"] = r.Method,
            ["linear"] = linear,
            ["iterations"] = r.Iterations,
            ["parameters"] = Coordinates(r.ParameterNames, r.Parameters),
            ["errors"] = Coordinates(r.ParameterNames, r.StandardErrors),
            ["chi2"] = Number(r.ChiSquared),
            ["dof"] = r.DegreesOfFreedom,
            ["reducedChi2"] = Number(r.ReducedChiSquared),
            ["pValue"] = Number(r.PValue),
            ["absoluteSigma"] = r.AbsoluteSigma,
            ["covariance"] = Matrix(r.Covariance),
            ["correlation"] = Matrix(r.Correlation),
            ["conditionNumber"] = Number(r.ConditionNumber),
            ["rank"] = r.Rank,
            ["message"] = r.Message,
        };
        if (plot is not null) json["plot"] = plot;
        if (trace)
            json["trace"] = TraceJson(r.Trace, r.ParameterNames, s => s.Parameters,
                ("chi2", s => s.ChiSquared), ("step", s => s.StepNorm), ("lambda", s => s.Lambda));
        return json;
    }

    private static JsonObject LinFitJson(LinFitOutcome outcome)
    {
        var line = outcome.Result;
        var json = FitJson(line.Fit, false, outcome.PlotPath, linear: true);
        json["parameters"] = new JsonObject { ["slope"] = Number(line.Slope), ["intercept"] = Number(line.Intercept) };
        json["errors"] = new JsonObject { ["slope"] = Number(line.SlopeError), ["intercept"] = Number(line.InterceptError) };
        json["r"] = Number(line.R);
        return json;
    }

    private static JsonArray Matrix(double[,] m)
    {
        var rows = new JsonArray();
        for (int i = 0; i < m.GetLength(0); i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < m.GetLength(1); j++) row.Add(Number(m[i, j]));
            rows.Add(row);
        }
        return rows;
    }
}
