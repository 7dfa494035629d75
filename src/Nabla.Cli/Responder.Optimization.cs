using System.Text.Json.Nodes;
using Nabla.Optimization;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Cli;

/// <summary>A root search: the function, its variable and the solver's result (with the trace when asked).</summary>
/// <param name="Function">The function.</param>
/// <param name="Variable">Its variable.</param>
/// <param name="Result">The solver's result.</param>
/// <param name="Trace">Whether the trace is part of the answer.</param>
public sealed record RootsOutcome(Expr Function, Symbol Variable, RootResult Result, bool Trace) : Outcome;

/// <summary>A minimisation: the function and the solver's result.</summary>
/// <param name="Function">The function.</param>
/// <param name="Result">The solver's result.</param>
/// <param name="Trace">Whether the trace is part of the answer.</param>
public sealed record MinimizeOutcome(Expr Function, MinimizeResult Result, bool Trace) : Outcome;

/// <summary>Constrained stationary points by Lagrange multipliers.</summary>
/// <param name="Function">The function.</param>
/// <param name="Constraints">The constraints gᵢ = 0 (as gᵢ).</param>
/// <param name="Result">The solver's result.</param>
public sealed record LagrangeOutcome(Expr Function, IReadOnlyList<Expr> Constraints, LagrangeResult Result) : Outcome;

public sealed partial class Responder
{
    /// <summary>The names accepted for the roots verb's <c>--method</c>.</summary>
    public static IReadOnlyList<string> RootMethodNames { get; } = ["newton", "bisection", "secant"];

    /// <summary>The names accepted for the minimize verb's <c>--method</c>.</summary>
    public static IReadOnlyList<string> MinimizeMethodNames { get; } = ["gd", "momentum", "nesterov", "adam", "newton", "hybrid", "bfgs", "lbfgs"];

    /// <summary>Finds a root of a function of one variable.</summary>
    public RootsOutcome Roots(RootsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        var free = f.FreeSymbols;
        if (free.Count != 1)
            throw new RequestException(
                free.Count == 0 ? $"{f.ToHuman()} has no variable, so it has no root to find" : $"roots needs a function of one variable; {f.ToHuman()} depends on {Names(free)}",
                free.Count == 0 ? "write a function of x, e.g. \"x^2 - 2\"" : "substitute values for the other variables, or use minimize/lagrange for several variables");
        var variable = free[0];
        var method = request.Method?.Trim().ToLowerInvariant() switch
        {
            null or "newton" or "newton-raphson" => RootMethod.Newton,
            "bisection" => RootMethod.Bisection,
            "secant" => RootMethod.Secant,
            _ => throw new RequestException($"unknown method \"{request.Method}\"", $"method must be one of: {string.Join(", ", RootMethodNames)}"),
        };
        double from = Constant(request.From, "from", options);
        var rootOptions = new RootOptions { MaxIterations = CheckIterations(request.MaxIterations, 100), RecordTrace = true };
        RootResult result;
        if (request.To is { } toText)
        {
            double to = Constant(toText, "to", options);
            result = method switch
            {
                RootMethod.Bisection => Optimization.Roots.Bisection(f, Math.Min(from, to), Math.Max(from, to), rootOptions),
                RootMethod.Secant => Optimization.Roots.Secant(f, from, to, rootOptions),
                _ => throw new RequestException("--to is for bisection (the other end of the interval) and secant (the second start)",
                    "drop --to, or add --method bisection"),
            };
        }
        else result = Optimization.Roots.Find(f, from, method, rootOptions);
        return new RootsOutcome(f, variable, result, request.Trace);
    }

    /// <summary>Minimises a function from a start.</summary>
    public MinimizeOutcome Minimize(MinimizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        if (f.FreeSymbols.Count == 0)
            throw new RequestException($"{f.ToHuman()} has no variables, so there is nothing to minimise", "write a function of x, y, …");
        var start = ResolvePoint(f, request.From, options);
        var extra = start.Where(p => !f.FreeSymbols.Any(s => s.Name == p.Key)).Select(p => p.Key).ToList();
        if (extra.Count > 0)
            throw new RequestException($"the start gives {string.Join(", ", extra)}, which the function does not use (it depends on {Names(f.FreeSymbols)})",
                "give a start value for exactly the function's variables");
        MinimizeMethod method;
        try
        {
            method = Optimize.ParseMethod(request.Method ?? "bfgs");
        }
        catch (ArgumentException)
        {
            throw new RequestException($"unknown method \"{request.Method}\"", $"method must be one of: {string.Join(", ", MinimizeMethodNames)}");
        }
        if (request.Rate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            throw new RequestException($"the rate must be a positive number, got {FormatNumber(rate)}", "e.g. --rate 0.1");
        var minimizeOptions = new MinimizeOptions
        {
            Method = method,
            Rate = request.Rate ?? new MinimizeOptions().Rate,
            MaxIterations = CheckIterations(request.MaxIterations, new MinimizeOptions().MaxIterations),
            RecordTrace = true,
            TimeBudget = TimeSpan.FromSeconds(10),
        };
        var result = Optimize.Minimize(f, start.ToDictionary(p => p.Key, p => p.Value), minimizeOptions);
        return new MinimizeOutcome(f, result, request.Trace);
    }

    /// <summary>Finds and classifies the stationary points of f on the constraints.</summary>
    public LagrangeOutcome Lagrange(LagrangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        var constraints = request.Constraints.Select(c => ParseConstraint(c, options)).ToList();
        IReadOnlyList<string>? variables = null;
        if (request.Vars is not null)
            variables = ResolveVariables([f, .. constraints], request.Vars, "the function and constraints").Select(v => v.Name).ToList();
        Dictionary<string, double>? from = null;
        if (request.From is not null)
        {
            from = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in request.From)
            {
                if (!from.TryAdd(p.Name, ValueOf(p, options))) throw new RequestException($"the start gives {p.Name} twice");
            }
        }
        var result = Optimize.Lagrange(f, constraints, variables, from);
        return new LagrangeOutcome(f, constraints, result);
    }

    /// <summary>"lhs = rhs" → lhs − rhs; "g" → g (meaning g = 0).</summary>
    private Expr ParseConstraint(string text, ParseOptions options)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0) return engine.Parse(text, options);
        if (text.IndexOf('=', equals + 1) >= 0)
            throw new RequestException($"the constraint \"{text}\" has more than one '='", "write one equation per constraint, e.g. \"x^2 + y^2 = 1\"");
        string left = text[..equals], right = text[(equals + 1)..];
        if (left.Trim().Length == 0 || right.Trim().Length == 0)
            throw new RequestException($"the constraint \"{text}\" has an empty side", "write it as \"x^2 + y^2 = 1\" or as \"x^2 + y^2 - 1\"");
        return engine.Parse(left, options) - engine.Parse(right, options);
    }

    /// <summary>Runs an engine call whose argument errors (an unknown variable, a bad start) are the user's input, not a bug.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException ex) when (ex is not ArgumentNullException)
        {
            string message = ex is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter", 2)[0] : ex.Message.Split(" (Parameter", 2)[0];
            throw new RequestException(message, ex);
        }
    }

    private double Constant(string text, string field, ParseOptions options) =>
        ValueOf(new PointValue(field, text), options) is var value && double.IsFinite(value)
            ? value
            : throw new RequestException($"--{field} must be a finite number, got \"{text}\"");

    private static int CheckIterations(int? requested, int fallback)
    {
        if (requested is null) return fallback;
        if (requested is < 1 or > 1_000_000)
            throw new RequestException($"maxIterations must be between 1 and 1,000,000, got {requested}", "e.g. --max-iterations 100");
        return requested.Value;
    }

    private static JsonObject OptimizationJson(Outcome outcome) => outcome switch
    {
        RootsOutcome r => RootsJson(r),
        MinimizeOutcome m => MinimizeJson(m),
        LagrangeOutcome l => LagrangeJson(l),
        _ => RegressionJson(outcome),
    };

    private static JsonObject RootsJson(RootsOutcome outcome)
    {
        var r = outcome.Result;
        string name = outcome.Variable.Name;
        var json = new JsonObject
        {
            ["ok"] = true,
            ["exit"] = r.Exit.ToJsonName(),
            ["method"] = r.Method,
            ["iterations"] = r.Iterations,
            ["solution"] = new JsonObject { [name] = Number(r.Root) },
            ["value"] = Number(r.Value),
            ["message"] = r.Message,
            ["evaluations"] = r.FunctionEvaluations,
        };
        if (outcome.Trace)
        {
            var trace = new JsonArray();
            foreach (var step in r.Trace)
                trace.Add(new JsonObject
                {
                    [name] = Number(step.X),
                    ["f"] = Number(step.F),
                    ["derivative"] = Number(step.Derivative),
                    ["step"] = Number(step.Step),
                });
            json["trace"] = trace;
        }
        return json;
    }

    private static JsonObject MinimizeJson(MinimizeOutcome outcome)
    {
        var r = outcome.Result;
        var json = new JsonObject
        {
            ["ok"] = true,
            ["exit"] = r.Exit.ToJsonName(),
            ["method"] = r.Method,
            ["iterations"] = r.Iterations,
            ["solution"] = Coordinates(r.Variables, r.X),
            ["value"] = Number(r.Value),
            ["gradient"] = Coordinates(r.Variables, r.Gradient),
            ["gradientNorm"] = Number(r.GradientNorm),
            ["message"] = r.Message,
            ["evaluations"] = new JsonObject
            {
                ["f"] = r.FunctionEvaluations,
                ["gradient"] = r.GradientEvaluations,
                ["hessian"] = r.HessianEvaluations,
            },
        };
        if (outcome.Trace)
            json["trace"] = TraceJson(r.Trace, r.Variables, s => s.X,
                ("f", s => s.Value), ("gradientNorm", s => s.GradientNorm), ("step", s => s.StepLength));
        return json;
    }

    private static JsonObject LagrangeJson(LagrangeOutcome outcome)
    {
        var r = outcome.Result;
        var points = new JsonArray();
        foreach (var p in r.Points) points.Add(PointJson(p));
        var json = new JsonObject
        {
            ["ok"] = true,
            ["exit"] = r.Exit.ToJsonName(),
            ["vars"] = new JsonArray([.. r.Variables.Select(v => (JsonNode)JsonValue.Create(v)!)]),
            ["lagrangian"] = r.Lagrangian.ToPlain(),
            ["points"] = points,
            ["globalMin"] = r.GlobalMin is null ? null : PointJson(r.GlobalMin),
            ["globalMax"] = r.GlobalMax is null ? null : PointJson(r.GlobalMax),
            ["message"] = r.Message,
            ["starts"] = r.Starts,
        };
        return json;
    }

    /// <summary>A constrained point as {"x":…,"y":…,"lambda":…,"value":…,"kind":…} (lambda1, lambda2 … for several constraints).</summary>
    private static JsonObject PointJson(ConstrainedPoint p)
    {
        var json = Coordinates(p.Variables, p.X);
        for (int i = 0; i < p.Multipliers.Count; i++)
            json[p.Multipliers.Count == 1 ? "lambda" : $"lambda{i + 1}"] = Number(p.Multipliers[i]);
        json["value"] = Number(p.Value);
        json["kind"] = p.Kind.ToJsonName();
        json["reason"] = p.Reason;
        return json;
    }

    /// <summary>A trace as JSON: one object per iterate with its coordinates by name and then the named fields.</summary>
    private static JsonArray TraceJson<TStep>(IEnumerable<TStep> steps, IReadOnlyList<string> names, Func<TStep, IReadOnlyList<double>> point,
        params (string Name, Func<TStep, double> Value)[] fields)
    {
        var trace = new JsonArray();
        foreach (var step in steps)
        {
            var entry = Coordinates(names, point(step));
            foreach (var (name, value) in fields) entry[name] = Number(value(step));
            trace.Add(entry);
        }
        return trace;
    }

    private static JsonObject Coordinates(IReadOnlyList<string> names, IReadOnlyList<double> values)
    {
        var json = new JsonObject();
        for (int i = 0; i < names.Count; i++) json[names[i]] = Number(values[i]);
        return json;
    }

    /// <summary>A finite number as a JSON number; NaN and ±∞ (which JSON cannot hold) as null.</summary>
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
