using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Nabla.Optimization;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;
using Nabla.Symbolic.Parsing;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>
/// The Workbench's own endpoints (docs/api/workbench.md): how an expression was read, samples for plotting f(x) or
/// f(x, y), every real root of f(x) in a range, and derivatives with their steps in LaTeX. Everything else the page
/// shows (Taylor, stationary points, minimisation) comes from the generic <c>/api/engine</c>.
/// </summary>
public sealed class WorkbenchApi : IApiModule
{
    /// <summary>The most points of a line sample.</summary>
    public const int MaxLinePoints = 2_000;

    /// <summary>The most points along each side of a grid sample.</summary>
    public const int MaxGridSide = 120;

    /// <summary>The most steps returned for one derivative (a derivation longer than that is cut, and says so).</summary>
    public const int MaxStepsPerDerivative = 200;

    /// <summary>The most variables <c>/api/workbench/derive</c> takes.</summary>
    public const int MaxDeriveVariables = 3;

    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workbench");
        group.MapPost("/read", (HttpContext http, EngineCall engine, IOptions<NablaWebOptions> options) => Handle(http, engine, options, Read));
        group.MapPost("/sample", (HttpContext http, EngineCall engine, IOptions<NablaWebOptions> options) => Handle(http, engine, options, Sample));
        group.MapPost("/roots", (HttpContext http, EngineCall engine, IOptions<NablaWebOptions> options) => Handle(http, engine, options, AllRoots));
        group.MapPost("/stationary", (HttpContext http, EngineCall engine, IOptions<NablaWebOptions> options) => Handle(http, engine, options, Stationary));
        group.MapPost("/derive", (HttpContext http, EngineCall engine, IOptions<NablaWebOptions> options) => Handle(http, engine, options, Derive));
    }

    private static async Task<IResult> Handle(HttpContext http, EngineCall engine, IOptions<NablaWebOptions> options, Func<JsonObject, CancellationToken, object> work)
    {
        JsonObject body;
        try
        {
            body = WorkbenchJson.ParseObject(await WorkbenchJson.ReadBodyAsync(http.Request, options.Value.MaxRequestBodyBytes));
        }
        catch (WorkbenchJson.Problem problem)
        {
            return problem.ToResult();
        }
        return await engine.Run<object>(ct =>
        {
            try
            {
                return work(body, ct);
            }
            catch (Exception ex) when (WorkbenchJson.ErrorFor(ex) is { } error)
            {
                return error;
            }
        }, http.RequestAborted);
    }

    // ---------------------------------------------------------------- read

    /// <summary>How the expression was read, or where it could not be.</summary>
    /// <param name="Ok">Always true: an unreadable expression is an answer here (see <paramref name="Valid"/>), not an error.</param>
    /// <param name="Valid">False when the text does not parse; <paramref name="Error"/> then says where and why.</param>
    /// <param name="Plain">The plain form.</param>
    /// <param name="Human">The human form.</param>
    /// <param name="Latex">LaTeX.</param>
    /// <param name="Vars">The variables in natural order.</param>
    /// <param name="Error">The parse error (message, 0-based position, hint) when not valid.</param>
    public sealed record ReadAnswer(bool Ok, bool Valid, string? Plain, string? Human, string? Latex, IReadOnlyList<string>? Vars, ReadError? Error);

    /// <summary>Why the text could not be read.</summary>
    /// <param name="Message">What is wrong.</param>
    /// <param name="Position">0-based character index of the problem.</param>
    /// <param name="Hint">How to fix it, when known.</param>
    public sealed record ReadError(string Message, int Position, string? Hint);

    private static ReadAnswer Read(JsonObject body, CancellationToken ct)
    {
        string text = WorkbenchJson.Expression(body, "f");
        bool split = WorkbenchJson.OptionalBool(body, "split", false);
        try
        {
            // A live preview reads half-typed input all the time: that it does not parse yet is the answer, not a failure.
            var (f, vars) = WorkbenchJson.ParseFunction(text, null, split);
            return new ReadAnswer(true, true, f.ToPlain(), f.ToHuman(), f.ToLatex(), [.. vars.Select(v => v.Name)], null);
        }
        catch (ParseException ex)
        {
            return new ReadAnswer(true, false, null, null, null, null, new ReadError(ex.Message, ex.Position, ex.Hint));
        }
    }

    // ---------------------------------------------------------------- sample

    /// <summary>Samples of f(x) along a line (with f′ when asked).</summary>
    /// <param name="Ok">Always true.</param>
    /// <param name="Kind"><c>line</c>.</param>
    /// <param name="Vars">The variable.</param>
    /// <param name="X">The abscissae.</param>
    /// <param name="Y">f there (null where f has no real value).</param>
    /// <param name="Dy">f′ there, when asked.</param>
    /// <param name="Derivative">f′ in plain form, when asked.</param>
    public sealed record LineSample(bool Ok, string Kind, IReadOnlyList<string> Vars, double[] X, double?[] Y, double?[]? Dy, string? Derivative);

    /// <summary>Samples of f(x, y) on a grid: <c>Z[j][i]</c> = f(X[i], Y[j]).</summary>
    /// <param name="Ok">Always true.</param>
    /// <param name="Kind"><c>grid</c>.</param>
    /// <param name="Vars">The two variables (the first along X).</param>
    /// <param name="X">The first variable's values.</param>
    /// <param name="Y">The second variable's values.</param>
    /// <param name="Z">One row per Y value.</param>
    public sealed record GridSample(bool Ok, string Kind, IReadOnlyList<string> Vars, double[] X, double[] Y, double?[][] Z);

    private static object Sample(JsonObject body, CancellationToken ct)
    {
        var (f, vars) = WorkbenchJson.ParseFunction(WorkbenchJson.Expression(body, "f"), WorkbenchJson.Names(body, "vars"), WorkbenchJson.OptionalBool(body, "split", false));
        if (vars.Count > 2)
            throw new WorkbenchJson.Problem($"the workbench plots functions of one or two variables; this one has {vars.Count} ({string.Join(", ", vars.Select(v => v.Name))})",
                "give values to the extra variables, or use /api/engine");
        if (vars.Count == 0) vars = [(Symbol)Expr.Sym("x")];
        var xRange = WorkbenchJson.Range(body, "x", (-4, 4));
        if (vars.Count == 1)
        {
            int n = WorkbenchJson.Integer(body, "n", 400, 2, MaxLinePoints);
            bool withDerivative = WorkbenchJson.OptionalBool(body, "derivative", false);
            var xs = Grid(xRange, n);
            var ys = Evaluate(f, vars, [xs]);
            ct.ThrowIfCancellationRequested();
            Expr? derivative = withDerivative ? Calculus.Diff(f, vars[0]) : null;
            var dys = derivative is null ? null : Evaluate(derivative, vars, [xs]);
            return new LineSample(true, "line", [vars[0].Name], xs, ys, dys, derivative?.ToPlain());
        }
        var yRange = WorkbenchJson.Range(body, "y", (-4, 4));
        int side = WorkbenchJson.Integer(body, "n", 60, 2, MaxGridSide);
        var gx = Grid(xRange, side);
        var gy = Grid(yRange, side);
        var columnX = new double[side * side];
        var columnY = new double[side * side];
        for (int j = 0; j < side; j++)
            for (int i = 0; i < side; i++)
            {
                columnX[j * side + i] = gx[i];
                columnY[j * side + i] = gy[j];
            }
        var values = Evaluate(f, vars, [columnX, columnY]);
        var rows = new double?[side][];
        for (int j = 0; j < side; j++) rows[j] = values[(j * side)..((j + 1) * side)];
        return new GridSample(true, "grid", [vars[0].Name, vars[1].Name], gx, gy, rows);
    }

    private static double[] Grid((double From, double To) range, int n)
    {
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = i == n - 1 ? range.To : range.From + (range.To - range.From) * i / (n - 1);
        return xs;
    }

    /// <summary>Compiled evaluation at every point of the columns; values with no real number become null.</summary>
    private static double?[] Evaluate(Expr f, IReadOnlyList<Symbol> vars, double[][] columns)
    {
        var output = new double[columns[0].Length];
        Compiler.Compile(f, vars).EvaluateBatch(columns, output, parallel: false);
        return [.. output.Select(WorkbenchJson.Finite)];
    }

    // ---------------------------------------------------------------- roots

    /// <summary>One real root.</summary>
    /// <param name="X">Where f is 0.</param>
    /// <param name="Multiplicity">1 where f crosses zero, 2 where it touches and turns back, …</param>
    /// <param name="Value">f there (small, not exactly 0).</param>
    public sealed record RootAnswer(double X, int Multiplicity, double? Value);

    /// <summary>Every real root found in the range.</summary>
    /// <param name="Ok">Always true.</param>
    /// <param name="Var">The variable.</param>
    /// <param name="From">The range's start.</param>
    /// <param name="To">The range's end.</param>
    /// <param name="Roots">The roots, in increasing order.</param>
    public sealed record RootsAnswer(bool Ok, string Var, double From, double To, IReadOnlyList<RootAnswer> Roots);

    private static RootsAnswer AllRoots(JsonObject body, CancellationToken ct)
    {
        var (f, vars) = WorkbenchJson.ParseFunction(WorkbenchJson.Expression(body, "f"), null, WorkbenchJson.OptionalBool(body, "split", false));
        if (vars.Count != 1)
            throw new WorkbenchJson.Problem(vars.Count == 0 ? $"{f.ToHuman()} has no variable, so it has no roots to find" : $"roots are found for a function of one variable; this one depends on {string.Join(", ", vars.Select(v => v.Name))}",
                "write a function of x, e.g. x^2 - 2");
        var (from, to) = WorkbenchJson.Range(body, "x", (-10, 10));
        var roots = Roots.AllRealRoots(f, from, to);
        return new RootsAnswer(true, vars[0].Name, from, to, [.. roots.Select(r => new RootAnswer(r.X, r.Multiplicity, WorkbenchJson.Finite(r.Value)))]);
    }

    // ---------------------------------------------------------------- stationary points in the window

    /// <summary>One stationary point, as the engine's <c>stationary</c> op answers it.</summary>
    /// <param name="At">Its coordinates by variable.</param>
    /// <param name="Value">f there.</param>
    /// <param name="Kind">minimum, maximum, saddle or degenerate.</param>
    /// <param name="Eigenvalues">The Hessian's eigenvalues there (null where one is not a finite number).</param>
    /// <param name="Reason">The classification in words.</param>
    public sealed record StationaryPointAnswer(IReadOnlyDictionary<string, double> At, double? Value, string Kind, IReadOnlyList<double?> Eigenvalues, string Reason);

    /// <summary>The stationary points of f found in the plotting window.</summary>
    /// <param name="Ok">Always true.</param>
    /// <param name="Vars">The variables.</param>
    /// <param name="Method">How they were found.</param>
    /// <param name="Exact">True when ∇f = 0 was solved exactly (then every real stationary point is listed, in the window or not).</param>
    /// <param name="Complete">False when the search stopped early, so there may be more.</param>
    /// <param name="Points">The points.</param>
    public sealed record StationaryAnswer(bool Ok, IReadOnlyList<string> Vars, string Method, bool Exact, bool Complete, IReadOnlyList<StationaryPointAnswer> Points);

    private static StationaryAnswer Stationary(JsonObject body, CancellationToken ct)
    {
        var (f, vars) = WorkbenchJson.ParseFunction(WorkbenchJson.Expression(body, "f"), WorkbenchJson.Names(body, "vars"), WorkbenchJson.OptionalBool(body, "split", false));
        if (vars.Count is 0 or > 2)
            throw new WorkbenchJson.Problem(vars.Count == 0 ? $"{f.ToHuman()} is constant: every point is stationary" : "the workbench searches the window of a function of one or two variables",
                "use /api/engine with op stationary for more variables");
        // The window the learner looks at (a little wider, so points on its edge are found) is the search box, with
        // fewer starts than the engine's default: the answer must come while the learner is still typing.
        var bounds = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        string[] axes = ["x", "y"];
        for (int i = 0; i < vars.Count; i++)
        {
            var (from, to) = WorkbenchJson.Range(body, axes[i], (-10, 10));
            double margin = (to - from) * 0.05;
            bounds[vars[i].Name] = (from - margin, to + margin);
        }
        var options = new StationaryOptions { Bounds = bounds, GridSize = vars.Count == 1 ? 60 : 12, TimeBudget = TimeSpan.FromSeconds(1) };
        var result = Calculus.StationaryPoints(f, vars, options);
        return new StationaryAnswer(true, [.. vars.Select(v => v.Name)], result.Method, result.Exact, result.Complete,
            [.. result.Points.Select(p => new StationaryPointAnswer(p.Location, WorkbenchJson.Finite(p.Value), p.Kind.ToString().ToLowerInvariant(), [.. p.Eigenvalues.Select(WorkbenchJson.Finite)], p.Reason))]);
    }

    // ---------------------------------------------------------------- derive

    /// <summary>One rule application, with its expressions in LaTeX.</summary>
    /// <param name="Rule">The rule's name.</param>
    /// <param name="Formula">The rule as text.</param>
    /// <param name="Expression">What was differentiated (LaTeX).</param>
    /// <param name="Result">Its derivative (LaTeX).</param>
    /// <param name="Explanation">The step in words.</param>
    /// <param name="Depth">Nesting (0 = the whole expression).</param>
    public sealed record StepAnswer(string Rule, string Formula, string Expression, string Result, string Explanation, int Depth);

    /// <summary>One partial derivative and how it was found.</summary>
    /// <param name="Of">What was differentiated (plain form).</param>
    /// <param name="Wrt">The variable.</param>
    /// <param name="Plain">The result in plain form.</param>
    /// <param name="Latex">The result in LaTeX.</param>
    /// <param name="Steps">The derivation, outermost rule first.</param>
    /// <param name="StepsCut">True when the derivation was longer than <see cref="MaxStepsPerDerivative"/> steps and was cut.</param>
    public sealed record PartialAnswer(string Of, string Wrt, string Plain, string Latex, IReadOnlyList<StepAnswer> Steps, bool StepsCut);

    /// <summary>The derivative (one variable) or the gradient and Hessian (several).</summary>
    /// <param name="Ok">Always true.</param>
    /// <param name="Vars">The variables.</param>
    /// <param name="Latex">f in LaTeX.</param>
    /// <param name="Derivative">f′ (one variable).</param>
    /// <param name="Second">f″ (one variable).</param>
    /// <param name="Gradient">∂f/∂vᵢ (several variables).</param>
    /// <param name="Hessian">∂²f/∂vᵢ∂vⱼ (several variables), row by row.</param>
    public sealed record DeriveAnswer(bool Ok, IReadOnlyList<string> Vars, string Latex, PartialAnswer? Derivative, PartialAnswer? Second,
        IReadOnlyList<PartialAnswer>? Gradient, IReadOnlyList<IReadOnlyList<PartialAnswer>>? Hessian);

    private static DeriveAnswer Derive(JsonObject body, CancellationToken ct)
    {
        var (f, vars) = WorkbenchJson.ParseFunction(WorkbenchJson.Expression(body, "f"), WorkbenchJson.Names(body, "vars"), WorkbenchJson.OptionalBool(body, "split", false));
        if (vars.Count > MaxDeriveVariables)
            throw new WorkbenchJson.Problem($"the workbench differentiates functions of at most {MaxDeriveVariables} variables; this one has {vars.Count}", "use /api/engine (op grad or hessian)");
        if (vars.Count == 0) vars = [(Symbol)Expr.Sym("x")];
        var names = vars.Select(v => v.Name).ToList();
        if (vars.Count == 1)
        {
            var first = Calculus.DiffWithSteps(f, vars[0]);
            ct.ThrowIfCancellationRequested();
            var second = Calculus.DiffWithSteps(first.Result, vars[0]);
            return new DeriveAnswer(true, names, f.ToLatex(), PartialOf(first), PartialOf(second), null, null);
        }
        var gradient = new List<PartialAnswer>();
        var partials = new List<Expr>();
        foreach (var v in vars)
        {
            var derivation = Calculus.DiffWithSteps(f, v);
            partials.Add(derivation.Result);
            gradient.Add(PartialOf(derivation));
            ct.ThrowIfCancellationRequested();
        }
        var hessian = new List<IReadOnlyList<PartialAnswer>>();
        for (int i = 0; i < vars.Count; i++)
        {
            var row = new List<PartialAnswer>();
            for (int j = 0; j < vars.Count; j++)
            {
                row.Add(PartialOf(Calculus.DiffWithSteps(partials[i], vars[j])));
                ct.ThrowIfCancellationRequested();
            }
            hessian.Add(row);
        }
        return new DeriveAnswer(true, names, f.ToLatex(), null, null, gradient, hessian);
    }

    private static PartialAnswer PartialOf(Derivation d)
    {
        var steps = d.Steps.Take(MaxStepsPerDerivative)
            .Select(s => new StepAnswer(s.Rule, s.Formula, s.Expression.ToLatex(), s.Result.ToLatex(), s.Explanation, s.Depth))
            .ToList();
        return new PartialAnswer(d.Function.ToPlain(), d.Variable.Name, d.Result.ToPlain(), d.Result.ToLatex(), steps, d.Steps.Count > MaxStepsPerDerivative);
    }
}
