using System.Globalization;
using System.Text.Json.Nodes;
using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Nabla.Symbolic.Parsing;

namespace Nabla.Cli;

/// <summary>What a request computed, before it is rendered as text or JSON.</summary>
public abstract record Outcome;

/// <summary>A derivative, and optionally its value at a point and the derivation steps.</summary>
/// <param name="Function">What was differentiated.</param>
/// <param name="Variable">With respect to what (given, or inferred).</param>
/// <param name="Order">How many times.</param>
/// <param name="Result">The derivative.</param>
/// <param name="Point">The evaluation point, in the order given, or null.</param>
/// <param name="Value">The derivative's value at <paramref name="Point"/> (NaN outside the real domain), or null.</param>
/// <param name="Derivation">The derivation with its steps, or null when steps were not asked for.</param>
public sealed record DiffOutcome(
    Expr Function,
    Symbol Variable,
    int Order,
    Expr Result,
    IReadOnlyList<KeyValuePair<string, double>>? Point,
    double? Value,
    Derivation? Derivation) : Outcome;

/// <summary>A simplified expression.</summary>
/// <param name="Input">The parsed input.</param>
/// <param name="Result">Its simplest form found.</param>
public sealed record SimplifyOutcome(Expr Input, Expr Result) : Outcome;

/// <summary>An equivalence verdict.</summary>
/// <param name="A">The first expression.</param>
/// <param name="B">The second expression.</param>
/// <param name="Result">The verdict and its evidence.</param>
public sealed record EquivOutcome(Expr A, Expr B, EquivalenceResult Result) : Outcome;

/// <summary>An error as the user sees it.</summary>
/// <param name="Message">What went wrong.</param>
/// <param name="Position">0-based character index in the input, for parse errors.</param>
/// <param name="Hint">How to fix it, when known.</param>
/// <param name="IsUserError">True for bad input (exit code 1); false for an internal failure (exit code 2).</param>
/// <param name="Display">The multi-line form for a terminal (input with a caret line for parse errors).</param>
public sealed record ErrorInfo(string Message, int? Position, string? Hint, bool IsUserError, string Display)
{
    /// <summary>The process exit code this error maps to: 1 for the user's input, 2 for an internal failure.</summary>
    public int ExitCode => IsUserError ? ExitCodes.UserError : ExitCodes.InternalError;

    /// <summary>
    /// Maps an exception to what the user is told. Parse errors, math errors (<see cref="SymbolicException"/>,
    /// including budget overruns) and request errors are the user's; anything else is an internal failure whose
    /// type and message are shown briefly (the stack trace only with <paramref name="debug"/>).
    /// </summary>
    public static ErrorInfo FromException(Exception ex, bool debug = false)
    {
        ArgumentNullException.ThrowIfNull(ex);
        switch (ex)
        {
            case ParseException pe:
                return new ErrorInfo(pe.Message, pe.Position, pe.Hint, true, pe.Display);
            case BudgetExceededException be:
                return User(be.Message, "try a smaller input or a lower order");
            case SymbolicException se:
                return User(se.Message, null);
            case RequestException re:
                return User(re.Message, re.Hint);
            case OperationCanceledException oce:
                // The engine observed its host's cancellation (a batch line over its time limit, or Ctrl-C).
                return User(oce.Message, "try a smaller input or a lower order (a batch line's time limit is NABLA_BATCH_TIME_LIMIT seconds)");
            case MathNet.Numerics.NonConvergenceException:
                // A decomposition that does not converge on the user's numbers (a fit with a 250-digit x value; found by
                // fuzzing, it was an internal error): the input's fault, said plainly.
                return User("the computation did not converge for these numbers", "check the data for extreme or repeated values");
            default:
                string message = $"internal error ({ex.GetType().Name}): {ex.Message}";
                string display = debug ? $"{message}\n{ex}" : $"{message}\n(set NABLA_DEBUG=1 for the stack trace)";
                return new ErrorInfo(message, null, null, false, display);
        }

        static ErrorInfo User(string message, string? hint) =>
            new(message, null, hint, true, hint is null ? message : $"{message}\nhint: {hint}");
    }
}

/// <summary>The process exit codes (a public contract).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked (an equivalence check answering "no" is still a success).</summary>
    public const int Ok = 0;
    /// <summary>Bad input: a parse error, an invalid option, an unbound variable, an exceeded budget.</summary>
    public const int UserError = 1;
    /// <summary>An unexpected failure inside nabla.</summary>
    public const int InternalError = 2;
}

/// <summary>
/// Carries out requests and renders their outcomes as the JSON objects that <c>nabla batch</c> answers and
/// <c>--format json</c> prints. One class for both so the two can never drift apart.
/// </summary>
public sealed partial class Responder
{
    private readonly IMathEngine engine;

    /// <summary>Creates a responder over <paramref name="engine"/>.</summary>
    public Responder(IMathEngine engine) => this.engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>Carries out <paramref name="request"/>.</summary>
    /// <exception cref="RequestException">The request is inconsistent (e.g. a variable of the point is unbound).</exception>
    /// <exception cref="SymbolicException">Parse error, math error or budget exceeded.</exception>
    public Outcome Execute(Request request) => request switch
    {
        DiffRequest d => Diff(d),
        SimplifyRequest s => Simplify(s),
        EquivRequest q => Equiv(q),
        GradientRequest g => Gradient(g),
        JacobianRequest j => Jacobian(j),
        HessianRequest h => Hessian(h),
        StationaryRequest p => Stationary(p),
        ChainRequest c => Chain(c),
        TaylorRequest t => Taylor(t),
        NumDiffRequest n => NumDiff(n),
        RootsRequest r => Guard(() => Roots(r)),
        MinimizeRequest m => Guard(() => Minimize(m)),
        LagrangeRequest l => Guard(() => Lagrange(l)),
        FitRequest f => Fit(f),
        LinFitRequest l => LinFit(l),
        PlotRequest p => Guard(() => Plot(p)),
        ExerciseRequest e => Exercise(e),
        CheckRequest c => Check(c),
        LabRequest l => Lab(l),
        _ => throw new ArgumentException($"unknown request type {request?.GetType().Name}", nameof(request)),
    };

    /// <summary>Carries out <paramref name="request"/> and answers with its JSON object, or an error object.</summary>
    public JsonObject Answer(Request request, bool debug = false)
    {
        try
        {
            return ToJson(Execute(request));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ErrorJson(ErrorInfo.FromException(ex, debug));
        }
    }

    /// <summary>Differentiates, evaluating at the point and recording steps when asked.</summary>
    public DiffOutcome Diff(DiffRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        int maxOrder = DiffOptions.Default.MaxOrder;
        if (request.Order < 1 || request.Order > maxOrder)
            throw new RequestException($"order must be between 1 and {maxOrder}, got {request.Order}");

        var f = engine.Parse(request.Expr, options);
        var variable = ChooseVariable(f, request.Wrt);

        // Check the point before the (possibly expensive) differentiation so a typo fails fast.
        var point = request.At is null ? null : ResolvePoint(f, request.At, options);

        var derivation = request.Steps ? engine.DiffWithSteps(f, variable, request.Order) : null;
        var result = derivation?.Result ?? engine.Diff(f, variable, request.Order);

        double? value = point is null
            ? null
            : result.Evaluate(point.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        return new DiffOutcome(f, variable, request.Order, result, point, value, derivation);
    }

    /// <summary>Simplifies.</summary>
    public SimplifyOutcome Simplify(SimplifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = engine.Parse(request.Expr, ParseOptionsFor(request.Split));
        return new SimplifyOutcome(e, engine.Simplify(e));
    }

    /// <summary>Checks equivalence.</summary>
    public EquivOutcome Equiv(EquivRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = ParseOptionsFor(request.Split);
        var a = engine.Parse(request.A, options);
        var b = engine.Parse(request.B, options);
        return new EquivOutcome(a, b, engine.CheckEquivalence(a, b));
    }

    private static ParseOptions ParseOptionsFor(bool split) => split ? ParseOptions.SplitLetters : ParseOptions.Default;

    /// <summary>
    /// The variable to differentiate by: the one named, else the only free variable, else <c>x</c> when present
    /// (and for a constant); otherwise the choice is the user's.
    /// </summary>
    private Symbol ChooseVariable(Expr f, string? wrt)
    {
        var free = f.FreeSymbols;
        if (wrt is not null)
        {
            Expr parsed;
            try
            {
                parsed = engine.Parse(wrt, ParseOptions.Default);
            }
            catch (ParseException)
            {
                parsed = Expr.Num(0);
            }
            return parsed as Symbol
                ?? throw new RequestException($"--wrt must be a variable name, got \"{wrt}\"",
                    free.Count > 0 ? $"the expression's variables are {Names(free)}" : null);
        }
        if (free.Count == 1) return free[0];
        var x = (Symbol)Expr.Sym("x");
        if (free.Count == 0 || free.Contains(x)) return x;
        throw new RequestException($"the expression has several variables ({Names(free)}); say which one to differentiate by",
            $"add --wrt {free[0].Name} (in batch: \"wrt\":\"{free[0].Name}\")");
    }

    private List<KeyValuePair<string, double>> ResolvePoint(Expr f, IReadOnlyList<PointValue> at, ParseOptions options) =>
        ResolvePoint(f.FreeSymbols, at, options);

    /// <summary>The point's values in the order given; every symbol of <paramref name="required"/> needs one.</summary>
    private List<KeyValuePair<string, double>> ResolvePoint(IReadOnlyList<Symbol> required, IReadOnlyList<PointValue> at, ParseOptions options)
    {
        var point = new List<KeyValuePair<string, double>>();
        foreach (var p in at)
        {
            if (point.Any(q => q.Key == p.Name))
                throw new RequestException($"the point gives {p.Name} twice");
            point.Add(new(p.Name, ValueOf(p, options)));
        }
        var missing = required.Where(s => !point.Any(q => q.Key == s.Name)).ToList();
        if (missing.Count > 0)
            throw new RequestException(
                $"the point gives no value for {Names(missing)} (the expression depends on {Names(required)})",
                $"bind every variable, e.g. --at {string.Join(",", required.Select(s => s.Name + "=1"))}");
        return point;
    }

    private double ValueOf(PointValue p, ParseOptions options)
    {
        if (RequestReader.TryNumber(p.Text) is { } number) return number;
        // Values may be constant expressions such as pi/4 or sqrt(2).
        Expr value = engine.Parse(p.Text, options);
        if (value.FreeSymbols.Count > 0)
            throw new RequestException($"the value of {p.Name} must be a number or a constant expression, got \"{p.Text}\"");
        return value.Evaluate(new Dictionary<string, double>());
    }

    private static string Names(IEnumerable<Symbol> symbols) => string.Join(", ", symbols.Select(s => s.Name));

    // ---------------------------------------------------------------- JSON

    /// <summary>The JSON answer for <paramref name="outcome"/> (the batch and <c>--format json</c> shape).</summary>
    public static JsonObject ToJson(Outcome outcome) => outcome switch
    {
        DiffOutcome d => DiffJson(d),
        SimplifyOutcome s => new JsonObject
        {
            ["ok"] = true,
            ["result"] = s.Result.ToPlain(),
            ["human"] = s.Result.ToHuman(),
            ["latex"] = s.Result.ToLatex(),
        },
        EquivOutcome q => EquivJson(q),
        PlotOutcome p => PlotJson(p),
        PracticeOutcome practice => practice.Json,
        _ => MultivariateJson(outcome),
    };

    private static JsonObject DiffJson(DiffOutcome d)
    {
        var json = new JsonObject
        {
            ["ok"] = true,
            ["result"] = d.Result.ToPlain(),
            ["human"] = d.Result.ToHuman(),
            ["latex"] = d.Result.ToLatex(),
            ["wrt"] = d.Variable.Name,
            ["order"] = d.Order,
        };
        if (d.Value is { } value) AddNumber(json, "value", value);
        if (d.Derivation is not null) json["steps"] = StepsJson(d.Derivation);
        return json;
    }

    /// <summary>A derivation's steps as the JSON array every verb with <c>--steps</c> answers.</summary>
    internal static JsonArray StepsJson(Derivation derivation)
    {
        var steps = new JsonArray();
        foreach (var s in derivation.Steps)
        {
            steps.Add(new JsonObject
            {
                ["rule"] = s.Rule,
                ["expression"] = s.Expression.ToPlain(),
                ["formula"] = s.Formula,
                ["result"] = s.Result.ToPlain(),
                ["explanation"] = s.Explanation,
                ["depth"] = s.Depth,
            });
        }
        return steps;
    }

    private static JsonObject EquivJson(EquivOutcome q)
    {
        var r = q.Result;
        var json = new JsonObject
        {
            ["ok"] = true,
            ["equivalent"] = r.Equivalent,
            ["method"] = MethodName(r.Method),
            ["pointsTested"] = r.PointsTested,
        };
        if (r.Counterexample is { } point)
        {
            var at = new JsonObject();
            foreach (var (name, v) in point.OrderBy(p => p.Key, Comparer<string>.Create(Symbol.NaturalCompare)))
                AddNumber(at, name, v);
            json["counterexample"] = at;
            if (r.ValueA is { } a) AddNumber(json, "valueA", a);
            if (r.ValueB is { } b) AddNumber(json, "valueB", b);
        }
        return json;
    }

    /// <summary>The method's name in JSON and text output: symbolic, numericSampling, counterexample, undetermined.</summary>
    public static string MethodName(EquivalenceMethod method) => method switch
    {
        EquivalenceMethod.Symbolic => "symbolic",
        EquivalenceMethod.NumericSampling => "numericSampling",
        EquivalenceMethod.Counterexample => "counterexample",
        EquivalenceMethod.Undetermined => "undetermined",
        _ => method.ToString(),
    };

    /// <summary>
    /// JSON has no NaN or infinity: those become null with a sibling <c>"&lt;name&gt;Note"</c> saying which.
    /// </summary>
    private static void AddNumber(JsonObject json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json[name] = value;
            return;
        }
        json[name] = null;
        json[name + "Note"] = NonFiniteNote(value);
    }

    /// <summary>Words for a value JSON cannot carry.</summary>
    public static string NonFiniteNote(double value) =>
        double.IsNaN(value) ? "not a real number (NaN: outside the real domain)"
        : value > 0 ? "+infinity" : "-infinity";

    /// <summary>The error object: <c>{"ok":false,"error":{"message","position","hint"}}</c>.</summary>
    public static JsonObject ErrorJson(ErrorInfo error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new JsonObject
        {
            ["ok"] = false,
            ["error"] = new JsonObject
            {
                ["message"] = error.Message,
                ["position"] = error.Position,
                ["hint"] = error.Hint,
                ["kind"] = error.IsUserError ? "user" : "internal",
            },
        };
    }

    /// <summary>A double for a reader: 10 significant digits, invariant culture (<c>0.1103351903</c>, <c>12</c>).</summary>
    public static string FormatHumanNumber(double value) =>
        double.IsFinite(value) ? value.ToString("G10", CultureInfo.InvariantCulture) : double.IsNaN(value) ? "NaN" : value > 0 ? "∞" : "-∞";

    /// <summary>A double as text: shortest round-trip form, invariant culture (<c>NaN</c>, <c>Infinity</c> when not finite).</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
