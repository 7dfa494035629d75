using System.Text.Json.Nodes;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Cli;

/// <summary>A gradient, and optionally its value at a point.</summary>
/// <param name="Function">The scalar function.</param>
/// <param name="Variables">The variables, in the order of the gradient's entries.</param>
/// <param name="Gradient">∂f/∂v for each variable.</param>
/// <param name="Point">The evaluation point, in the order given, or null.</param>
/// <param name="Value">The gradient's entries at <paramref name="Point"/>, or null.</param>
/// <param name="Methods">The gradient at <paramref name="Point"/> by each method asked for (one, or all four), or null
/// when no method was asked for.</param>
/// <param name="Derivations">The derivation of each partial derivative (same order as the variables), or null when
/// steps were not asked for.</param>
public sealed record GradientOutcome(
    Expr Function,
    IReadOnlyList<Symbol> Variables,
    IReadOnlyList<Expr> Gradient,
    IReadOnlyList<KeyValuePair<string, double>>? Point,
    IReadOnlyList<double>? Value,
    IReadOnlyList<MethodGradient>? Methods = null,
    IReadOnlyList<Derivation>? Derivations = null) : Outcome;

/// <summary>Which matrix of derivatives a <see cref="MatrixOutcome"/> holds.</summary>
public enum MatrixKind
{
    /// <summary>J[i, j] = ∂fᵢ/∂vⱼ of a vector function.</summary>
    Jacobian,
    /// <summary>H[i, j] = ∂²f/∂vᵢ∂vⱼ of a scalar function.</summary>
    Hessian,
}

/// <summary>A Jacobian or Hessian, and optionally its value at a point.</summary>
/// <param name="Kind">Jacobian or Hessian.</param>
/// <param name="Functions">The functions (one for a Hessian).</param>
/// <param name="Variables">The variables, in column order.</param>
/// <param name="Matrix">The entries, one row per function (Jacobian) or per variable (Hessian).</param>
/// <param name="Point">The evaluation point, in the order given, or null.</param>
/// <param name="Value">The entries at <paramref name="Point"/>, or null.</param>
/// <param name="Derivations">The derivation of every entry (for a Hessian, of ∂/∂vⱼ applied to ∂f/∂vᵢ), or null when
/// steps were not asked for.</param>
public sealed record MatrixOutcome(
    MatrixKind Kind,
    IReadOnlyList<Expr> Functions,
    IReadOnlyList<Symbol> Variables,
    Expr[,] Matrix,
    IReadOnlyList<KeyValuePair<string, double>>? Point,
    double[,]? Value,
    Derivation[,]? Derivations = null) : Outcome;

/// <summary>The stationary points of a function.</summary>
/// <param name="Function">The function.</param>
/// <param name="Result">The engine's answer: gradient, Hessian, points and how they were found.</param>
public sealed record StationaryOutcome(Expr Function, StationaryPointsResult Result) : Outcome;

/// <summary>A total derivative by the chain rule, and optionally its value at a point.</summary>
/// <param name="Derivative">The engine's answer: the terms ∂f/∂xᵢ · dxᵢ/dt and their sum.</param>
/// <param name="Point">The evaluation point, in the order given, or null.</param>
/// <param name="Value">The total derivative at <paramref name="Point"/>, or null.</param>
public sealed record ChainOutcome(TotalDerivative Derivative, IReadOnlyList<KeyValuePair<string, double>>? Point, double? Value) : Outcome;

/// <summary>A Taylor polynomial: exactly one of <paramref name="Univariate"/> and <paramref name="Multivariate"/> is set.</summary>
/// <param name="Univariate">The series in one variable, with its coefficients.</param>
/// <param name="Multivariate">The series in several variables.</param>
public sealed record TaylorOutcome(TaylorSeries? Univariate, MultivariateTaylorSeries? Multivariate) : Outcome
{
    /// <summary>The polynomial, in the original variables.</summary>
    public Expr Polynomial => Univariate?.Polynomial ?? Multivariate!.Polynomial;

    /// <summary>The expansion variables, in order.</summary>
    public IReadOnlyList<Symbol> Variables => Univariate is { } u ? [u.Variable] : Multivariate!.Variables;

    /// <summary>The expansion point of each variable.</summary>
    public IReadOnlyList<KeyValuePair<Symbol, Expr>> About => Univariate is { } u
        ? [new(u.Variable, u.About)]
        : [.. Multivariate!.Variables.Select(v => new KeyValuePair<Symbol, Expr>(v, Multivariate.About[v]))];

    /// <summary>The order of the expansion.</summary>
    public int Order => Univariate?.Order ?? Multivariate!.Order;

    /// <summary>The polynomial in plain syntax.</summary>
    public string ToPlain() => Univariate?.ToPlain() ?? Multivariate!.ToPlain();

    /// <summary>The polynomial as a teacher writes it.</summary>
    public string ToHuman() => Univariate?.ToHuman() ?? Multivariate!.ToHuman();

    /// <summary>The polynomial in LaTeX.</summary>
    public string ToLatex() => Univariate?.ToLatex() ?? Multivariate!.ToLatex();
}

/// <summary>A numeric derivative, and optionally the rise-over-run table.</summary>
/// <param name="Function">The function.</param>
/// <param name="Variable">With respect to what.</param>
/// <param name="Point">The point, in the order given.</param>
/// <param name="Derivative">The estimate, its error estimate, step and method.</param>
/// <param name="Table">The secant slopes as the step shrinks, or null.</param>
/// <param name="Exact">The exact derivative's value at the point (the table's errors are against it), or null.</param>
public sealed record NumDiffOutcome(
    Expr Function,
    Symbol Variable,
    IReadOnlyList<KeyValuePair<string, double>> Point,
    NumericDerivative Derivative,
    IReadOnlyList<SecantRow>? Table,
    double? Exact) : Outcome;

public sealed partial class Responder
{
    /// <summary>The names accepted for <c>--method</c>, in the order the help lists them.</summary>
    public static IReadOnlyList<string> NumericMethodNames { get; } = ["richardson", "central", "forward", "backward", "stencil5"];

    /// <summary>The gradient, evaluated at the point when one is given.</summary>
    public GradientOutcome Gradient(GradientRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        var variables = ResolveVariables([f], request.Vars, "the function");
        var methods = request.Method is null ? null : ParseGradientMethods(request.Method);
        if (methods is not null && request.At is null)
            throw new RequestException($"--method {request.Method} needs a point to evaluate the gradient at",
                "add --at, e.g. --at " + string.Join(",", variables.Select(v => v.Name + "=1")) + " (in batch: \"at\":{\"x\":1})");
        // A method evaluates every listed variable's partial derivative, so each needs a value, not only f's own.
        var required = methods is null ? f.FreeSymbols : [.. f.FreeSymbols.Union(variables)];
        var point = request.At is null ? null : ResolvePoint(required, request.At, options);
        var gradient = engine.Gradient(f, variables);
        var value = point is null ? null : Calculus.Evaluate(gradient, Bindings(point));
        var byMethod = methods is null ? null : GradientsByMethod(f, variables, gradient, Bindings(point!), methods);
        var derivations = request.Steps ? variables.Select(v => engine.DiffWithSteps(f, v, 1)).ToList() : null;
        return new GradientOutcome(f, variables, gradient, point, value, byMethod, derivations);
    }

    /// <summary>The Jacobian of the functions, evaluated at the point when one is given.</summary>
    public MatrixOutcome Jacobian(JacobianRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Exprs.Count == 0) throw new RequestException("a Jacobian needs at least one function");
        var options = ParseOptionsFor(request.Split);
        var functions = request.Exprs.Select(e => engine.Parse(e, options)).ToList();
        var variables = ResolveVariables(functions, request.Vars, "the functions");
        var point = request.At is null ? null : ResolvePoint(Calculus.InferVariables(functions), request.At, options);
        var jacobian = engine.Jacobian(functions, variables);
        var derivations = request.Steps ? Derivations(functions.Count, variables.Count, (i, j) => engine.DiffWithSteps(functions[i], variables[j], 1)) : null;
        return new MatrixOutcome(MatrixKind.Jacobian, functions, variables, jacobian, point,
            point is null ? null : Calculus.Evaluate(jacobian, Bindings(point)), derivations);
    }

    /// <summary>The Hessian, evaluated at the point when one is given.</summary>
    public MatrixOutcome Hessian(HessianRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        var variables = ResolveVariables([f], request.Vars, "the function");
        var point = request.At is null ? null : ResolvePoint(f.FreeSymbols, request.At, options);
        var hessian = engine.Hessian(f, variables);
        Derivation[,]? derivations = null;
        if (request.Steps)
        {
            var gradient = engine.Gradient(f, variables);
            derivations = Derivations(variables.Count, variables.Count, (i, j) => engine.DiffWithSteps(gradient[i], variables[j], 1));
        }
        return new MatrixOutcome(MatrixKind.Hessian, [f], variables, hessian, point,
            point is null ? null : Calculus.Evaluate(hessian, Bindings(point)), derivations);
    }

    private static Derivation[,] Derivations(int rows, int columns, Func<int, int, Derivation> derive)
    {
        var result = new Derivation[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                result[i, j] = derive(i, j);
        return result;
    }

    /// <summary>The stationary points, classified.</summary>
    public StationaryOutcome Stationary(StationaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var f = engine.Parse(request.Expr, ParseOptionsFor(request.Split));
        var variables = ResolveVariables([f], request.Vars, "the function");
        return new StationaryOutcome(f, engine.StationaryPoints(f, variables));
    }

    /// <summary>The total derivative along the paths, evaluated at the point when one is given.</summary>
    public ChainOutcome Chain(ChainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        if (request.With.Count == 0)
            throw new RequestException("no paths given", "give each inner variable's path, e.g. --with \"x=t+1; y=t^2\"");
        var paths = new Dictionary<Symbol, Expr>();
        foreach (var p in request.With)
        {
            var variable = VariableNamed(p.Name, "--with");
            if (paths.ContainsKey(variable)) throw new RequestException($"the paths give {p.Name} twice");
            paths.Add(variable, engine.Parse(p.Text, options));
        }
        var parameter = request.Wrt is not null ? VariableNamed(request.Wrt, "--wrt") : InferParameter(paths);
        if (paths.ContainsKey(parameter))
            throw new RequestException($"{parameter.Name} cannot be both the parameter and an inner variable",
                "give the paths in a parameter of their own, e.g. --with \"x=t+1; y=t^2\" --wrt t");
        foreach (var (variable, path) in paths)
        {
            var nested = path.FreeSymbols.Where(paths.ContainsKey).ToList();
            if (nested.Count > 0)
                throw new RequestException($"the path of {variable.Name} ({path.ToHuman()}) uses {Names(nested)}, which has a path too",
                    $"write every path in terms of {parameter.Name} alone");
        }
        var total = engine.TotalDerivative(f, paths, parameter);
        var point = request.At is null ? null : ResolvePoint(total.Result.FreeSymbols, request.At, options);
        return new ChainOutcome(total, point, point is null ? null : total.Result.Evaluate(Bindings(point)));
    }

    /// <summary>The Taylor polynomial (univariate for one expansion variable, multivariate for several).</summary>
    public TaylorOutcome Taylor(TaylorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int maxOrder = TaylorOptions.Default.MaxOrder;
        if (request.Order < 0 || request.Order > maxOrder)
            throw new RequestException($"order must be between 0 and {maxOrder}, got {request.Order}", "try a lower order");
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        var about = new List<KeyValuePair<Symbol, Expr>>();
        if (request.About is null)
        {
            // Without a point: the Maclaurin series in every variable (x for a constant).
            var variables = f.FreeSymbols.Count > 0 ? Calculus.InferVariables(f) : [(Symbol)Expr.Sym("x")];
            about.AddRange(variables.Select(v => new KeyValuePair<Symbol, Expr>(v, Expr.Num(0))));
        }
        else
        {
            if (request.About.Count == 0)
                throw new RequestException("no expansion point given", "write the point as --about x=0 (or x=0,y=0)");
            foreach (var p in request.About)
            {
                var variable = VariableNamed(p.Name, "--about");
                if (about.Any(a => a.Key == variable)) throw new RequestException($"the expansion point gives {p.Name} twice");
                about.Add(new(variable, ConstantOf(p, options)));
            }
        }
        try
        {
            return about.Count == 1
                ? new TaylorOutcome(engine.Taylor(f, about[0].Key, about[0].Value, request.Order), null)
                : new TaylorOutcome(null, engine.Taylor(f, about.ToDictionary(a => a.Key, a => a.Value), request.Order));
        }
        catch (ArgumentException ex) when (ex.ParamName == "about")
        {
            // The engine refuses a point that is not a real number (x = 1e400 is +infinity) as an argument error; here
            // the point is the user's input (found by fuzzing: it was answered as an internal error).
            throw new RequestException(ex.Message.Split(" (Parameter", 2)[0], "give the expansion point as finite numbers, e.g. x=0");
        }
    }

    /// <summary>The numeric derivative at the point, with the rise-over-run table when asked.</summary>
    public NumDiffOutcome NumDiff(NumDiffRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = ParseMethod(request.Method);
        var options = ParseOptionsFor(request.Split);
        var f = engine.Parse(request.Expr, options);
        var variable = ChooseVariable(f, request.Wrt);
        var required = f.FreeSymbols.Contains(variable) ? f.FreeSymbols : [.. f.FreeSymbols, variable];
        var point = ResolvePoint(required, request.At, options);
        var bindings = Bindings(point);
        var estimate = engine.NumericDerivative(f, variable, bindings, method);
        if (!request.Table) return new NumDiffOutcome(f, variable, point, estimate, null, null);

        // The table's error column compares each secant slope with the exact derivative.
        double exact = engine.Diff(f, variable, 1).Evaluate(bindings);
        double? exactOrNull = double.IsFinite(exact) ? exact : null;
        var slice = new Dictionary<string, double>(bindings, StringComparer.Ordinal);
        double x0 = slice[variable.Name];
        var table = engine.RiseOverRun(x =>
        {
            slice[variable.Name] = x;
            return f.Evaluate(slice);
        }, x0, exactOrNull);
        return new NumDiffOutcome(f, variable, point, estimate, table, exactOrNull);
    }

    /// <summary>Maps a method name (case-insensitive) to the engine's enum; null is Richardson extrapolation.</summary>
    /// <exception cref="RequestException">An unknown method.</exception>
    public static NumericMethod ParseMethod(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "richardson" => NumericMethod.Richardson,
        "central" => NumericMethod.Central,
        "forward" => NumericMethod.Forward,
        "backward" => NumericMethod.Backward,
        "stencil5" => NumericMethod.Stencil5,
        _ => throw new RequestException($"unknown method \"{name}\"", $"method must be one of: {string.Join(", ", NumericMethodNames)}"),
    };

    /// <summary>The method's name in output: richardson, central, forward, backward, stencil5.</summary>
    public static string MethodName(NumericMethod method) => method switch
    {
        NumericMethod.Richardson => "richardson",
        NumericMethod.Central => "central",
        NumericMethod.Forward => "forward",
        NumericMethod.Backward => "backward",
        NumericMethod.Stencil5 => "stencil5",
        _ => method.ToString().ToLowerInvariant(),
    };

    /// <summary>The kind's name in output: minimum, maximum, saddle, degenerate.</summary>
    public static string KindName(StationaryKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// The variables of a gradient, Jacobian, Hessian or stationary-point search: the ones named (each once, covering
    /// every variable the functions use), else the inferred order.
    /// </summary>
    private List<Symbol> ResolveVariables(IReadOnlyList<Expr> functions, IReadOnlyList<string>? names, string what)
    {
        var used = Calculus.InferVariables(functions);
        if (names is null)
        {
            if (used.Count == 0)
                throw new RequestException($"{what} has no variables, so there is nothing to differentiate by",
                    "name the variables, e.g. --vars x,y (in batch: \"vars\":[\"x\",\"y\"])");
            return [.. used];
        }
        if (names.Count == 0)
            throw new RequestException("the variable list is empty", "name the variables, e.g. --vars x,y, or leave --vars out to use all of them");
        var variables = new List<Symbol>(names.Count);
        foreach (var name in names)
        {
            var v = VariableNamed(name, "--vars");
            if (variables.Contains(v))
                throw new RequestException($"the variable list gives {v.Name} twice", "list each variable once");
            variables.Add(v);
        }
        var missing = used.Where(v => !variables.Contains(v)).ToList();
        if (missing.Count > 0)
            throw new RequestException(
                $"the variable list ({Names(variables)}) does not match {what}: {what} also depend{(what.EndsWith('s') ? "" : "s")} on {Names(missing)}",
                $"list every variable, e.g. --vars {string.Join(",", variables.Concat(missing).Select(v => v.Name))}, or leave --vars out to use {Names(used)}");
        return variables;
    }

    /// <summary>The symbol <paramref name="name"/> names, or a user error saying where the bad name came from.</summary>
    private Symbol VariableNamed(string name, string where)
    {
        Expr parsed;
        try
        {
            parsed = engine.Parse(name.Trim(), ParseOptions.Default);
        }
        catch (ParseException)
        {
            parsed = Expr.Num(0);
        }
        return parsed as Symbol ?? throw new RequestException($"{where}: \"{name}\" is not a variable name");
    }

    /// <summary>The parameter of the paths when none is named: their only variable.</summary>
    private static Symbol InferParameter(IReadOnlyDictionary<Symbol, Expr> paths)
    {
        var free = Calculus.InferVariables(paths.Values).Where(v => !paths.ContainsKey(v)).ToList();
        return free.Count == 1
            ? free[0]
            : throw new RequestException(
                free.Count == 0 ? "the paths have no variable to differentiate by" : $"the paths depend on several variables ({Names(free)}); say which is the parameter",
                free.Count == 0 ? "write each path in a parameter, e.g. --with \"x=t+1; y=t^2\" --wrt t" : $"add --wrt {free[0].Name} (in batch: \"wrt\":\"{free[0].Name}\")");
    }

    /// <summary>An expansion point's coordinate, kept exact (<c>1/2</c>, <c>pi/4</c>).</summary>
    private Expr ConstantOf(PointValue p, ParseOptions options)
    {
        var value = engine.Parse(p.Text, options);
        if (value.FreeSymbols.Count > 0)
            throw new RequestException($"the expansion point's {p.Name} must be a number or a constant expression, got \"{p.Text}\"");
        return value;
    }

    private static Dictionary<string, double> Bindings(IReadOnlyList<KeyValuePair<string, double>> point) =>
        point.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    // ---------------------------------------------------------------- JSON

    private static JsonObject MultivariateJson(Outcome outcome) => outcome switch
    {
        GradientOutcome g => GradientJson(g),
        MatrixOutcome m => MatrixJson(m),
        StationaryOutcome s => StationaryJson(s),
        ChainOutcome c => ChainJson(c),
        TaylorOutcome t => TaylorJson(t),
        NumDiffOutcome n => NumDiffJson(n),
        _ => OptimizationJson(outcome),
    };

    private static JsonArray VarsJson(IEnumerable<Symbol> variables) => [.. variables.Select(v => (JsonNode)v.Name)];

    private static JsonArray StringsJson(IEnumerable<Expr> entries, Func<Expr, string> print) =>
        [.. entries.Select(e => (JsonNode)print(e))];

    private static JsonArray RowsJson(Expr[,] matrix, Func<Expr, string> print) =>
        [.. Enumerable.Range(0, matrix.GetLength(0)).Select(i => (JsonNode)StringsJson(Row(matrix, i), print))];

    private static IEnumerable<Expr> Row(Expr[,] matrix, int i) => Enumerable.Range(0, matrix.GetLength(1)).Select(j => matrix[i, j]);

    /// <summary>Numbers for JSON; entries JSON cannot carry become null and set <paramref name="nonFinite"/>.</summary>
    private static JsonArray NumbersJson(IEnumerable<double> values, ref bool nonFinite)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            if (double.IsFinite(v)) array.Add(v);
            else
            {
                array.Add(null);
                nonFinite = true;
            }
        }
        return array;
    }

    private const string NonFiniteEntriesNote = "null entries are not finite real numbers (NaN outside the real domain, or ±infinity)";

    private static JsonObject GradientJson(GradientOutcome g)
    {
        var json = new JsonObject
        {
            ["ok"] = true,
            ["vars"] = VarsJson(g.Variables),
            ["result"] = StringsJson(g.Gradient, e => e.ToPlain()),
            ["human"] = StringsJson(g.Gradient, e => e.ToHuman()),
            ["latex"] = StringsJson(g.Gradient, e => e.ToLatex()),
        };
        if (g.Value is { } value)
        {
            bool nonFinite = false;
            json["value"] = NumbersJson(value, ref nonFinite);
            if (nonFinite) json["valueNote"] = NonFiniteEntriesNote;
        }
        if (g.Methods is { } methods) AddMethodGradients(json, g.Variables, methods);
        if (g.Derivations is { } derivations)
        {
            var steps = new JsonArray();
            for (int i = 0; i < derivations.Count; i++)
                steps.Add(new JsonObject { ["wrt"] = g.Variables[i].Name, ["steps"] = StepsJson(derivations[i]) });
            json["steps"] = steps;
        }
        return json;
    }

    private static JsonObject MatrixJson(MatrixOutcome m)
    {
        var json = new JsonObject
        {
            ["ok"] = true,
            ["vars"] = VarsJson(m.Variables),
            ["result"] = RowsJson(m.Matrix, e => e.ToPlain()),
            ["human"] = RowsJson(m.Matrix, e => e.ToHuman()),
            ["latex"] = RowsJson(m.Matrix, e => e.ToLatex()),
        };
        if (m.Value is { } value)
        {
            bool nonFinite = false;
            var rows = new JsonArray();
            for (int i = 0; i < value.GetLength(0); i++)
                rows.Add(NumbersJson(Enumerable.Range(0, value.GetLength(1)).Select(j => value[i, j]), ref nonFinite));
            json["value"] = rows;
            if (nonFinite) json["valueNote"] = NonFiniteEntriesNote;
        }
        if (m.Derivations is { } derivations)
        {
            // One object per entry, row by row: which entry, what was differentiated by what, and the steps.
            var steps = new JsonArray();
            for (int i = 0; i < derivations.GetLength(0); i++)
                for (int j = 0; j < derivations.GetLength(1); j++)
                    steps.Add(new JsonObject
                    {
                        ["row"] = i,
                        ["column"] = j,
                        ["of"] = derivations[i, j].Function.ToPlain(),
                        ["wrt"] = derivations[i, j].Variable.Name,
                        ["steps"] = StepsJson(derivations[i, j]),
                    });
            json["steps"] = steps;
        }
        return json;
    }

    private static JsonObject StationaryJson(StationaryOutcome s)
    {
        var r = s.Result;
        var points = new JsonArray();
        foreach (var p in r.Points)
        {
            var at = new JsonObject();
            foreach (var v in r.Variables)
                if (p.Location.TryGetValue(v.Name, out double coordinate)) AddNumber(at, v.Name, coordinate);
            bool nonFinite = false;
            var point = new JsonObject { ["at"] = at };
            AddNumber(point, "value", p.Value);
            point["kind"] = KindName(p.Kind);
            point["eigenvalues"] = NumbersJson(p.Eigenvalues, ref nonFinite);
            point["reason"] = p.Reason;
            points.Add(point);
        }
        return new JsonObject
        {
            ["ok"] = true,
            ["vars"] = VarsJson(r.Variables),
            ["gradient"] = StringsJson(r.Gradient, e => e.ToPlain()),
            ["hessian"] = RowsJson(r.Hessian, e => e.ToPlain()),
            ["method"] = r.Method,
            ["points"] = points,
        };
    }

    private static JsonObject ChainJson(ChainOutcome c)
    {
        var d = c.Derivative;
        var terms = new JsonArray();
        foreach (var t in d.Terms)
        {
            terms.Add(new JsonObject
            {
                ["var"] = t.Variable.Name,
                ["path"] = t.Path.ToPlain(),
                ["partial"] = t.PartialDerivative.ToPlain(),
                ["inner"] = t.PathDerivative.ToPlain(),
                ["term"] = t.Term.ToPlain(),
            });
        }
        var json = new JsonObject
        {
            ["ok"] = true,
            ["vars"] = VarsJson(d.Terms.Select(t => t.Variable).Where(v => v != d.Parameter)),
            ["wrt"] = d.Parameter.Name,
            ["result"] = d.Result.ToPlain(),
            ["human"] = d.Result.ToHuman(),
            ["latex"] = d.Result.ToLatex(),
            ["terms"] = terms,
        };
        if (c.Value is { } value) AddNumber(json, "value", value);
        return json;
    }

    private static JsonObject TaylorJson(TaylorOutcome t)
    {
        var about = new JsonObject();
        foreach (var (v, a) in t.About) about[v.Name] = a.ToPlain();
        var json = new JsonObject
        {
            ["ok"] = true,
            ["vars"] = VarsJson(t.Variables),
            ["about"] = about,
            ["order"] = t.Order,
            ["result"] = t.ToPlain(),
            ["human"] = t.ToHuman(),
            ["latex"] = t.ToLatex(),
        };
        if (t.Univariate is { } u) json["coefficients"] = StringsJson(u.Coefficients, e => e.ToPlain());
        return json;
    }

    private static JsonObject NumDiffJson(NumDiffOutcome n)
    {
        var d = n.Derivative;
        var json = new JsonObject
        {
            ["ok"] = true,
            ["vars"] = VarsJson(Calculus.InferVariables(n.Function).Union([n.Variable])),
            ["wrt"] = n.Variable.Name,
        };
        AddNumber(json, "value", d.Value);
        AddNumber(json, "error", d.ErrorEstimate);
        AddNumber(json, "step", d.Step);
        json["method"] = MethodName(d.Method);
        json["evaluations"] = d.Evaluations;
        if (n.Table is { } table)
        {
            if (n.Exact is { } exact) json["exact"] = exact;
            var rows = new JsonArray();
            foreach (var row in table)
            {
                var r = new JsonObject();
                AddNumber(r, "h", row.Step);
                AddNumber(r, "slope", row.Slope);
                AddNumber(r, "error", row.Error);
                rows.Add(r);
            }
            json["table"] = rows;
        }
        return json;
    }
}
