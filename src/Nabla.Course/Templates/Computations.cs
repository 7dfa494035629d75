using Nabla.Symbolic;

namespace Nabla.Course.Templates;

/// <summary>
/// The computation language of <c>answer.compute</c> and of mutants: a table from operation name (<c>diff</c>,
/// <c>partial</c>, <c>grad</c>, <c>jacobian</c>, <c>hessian</c>, <c>taylor</c>, <c>eval</c>, <c>newton-step</c>,
/// <c>expr</c>) to the engine call that computes it. A <see cref="MistakeRule"/> makes the computation go wrong in
/// one named way (a wrong derivative rule, or a wrong step of one operation).
/// </summary>
public static class Computations
{
    private delegate CourseValue Operation(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake);

    private static readonly Dictionary<string, Operation> Table = new(StringComparer.Ordinal)
    {
        ["diff"] = Diff,
        ["partial"] = Partial,
        ["grad"] = Gradient,
        ["jacobian"] = Jacobian,
        ["hessian"] = Hessian,
        ["taylor"] = Taylor,
        ["eval"] = Eval,
        ["newton-step"] = NewtonStep,
        ["expr"] = (args, env, mistake) => Value(Single(args, "expr(e)"), env, mistake),
    };

    /// <summary>The operation names.</summary>
    public static IReadOnlyCollection<string> Names => Table.Keys;

    /// <summary>
    /// Evaluates <paramref name="text"/>: an operation call, a list <c>[a, b]</c> (a vector) or <c>[[…], […]]</c>
    /// (a matrix), or an expression whose names are bound parameters and definitions.
    /// </summary>
    /// <exception cref="TemplateException">Unknown operation or wrong arguments.</exception>
    /// <exception cref="SymbolicException">Parse error or math error (e.g. division by zero).</exception>
    public static CourseValue Evaluate(string text, Bindings env, MistakeRule? mistake = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(env);
        return Value(text, env, mistake);
    }

    /// <summary>True when <paramref name="text"/> starts with a known operation call.</summary>
    public static bool IsOperation(string text) =>
        CallSyntax.TryParseCall(text, out var name, out _) && Table.ContainsKey(name);

    private static CourseValue Value(string text, Bindings env, MistakeRule? mistake)
    {
        text = text.Trim();
        if (CallSyntax.TryParseCall(text, out var name, out var args) && Table.TryGetValue(name, out var op))
            return op(args, env, mistake);
        if (CallSyntax.ListItems(text) is { } items)
        {
            var values = items.Select(i => Value(i, env, mistake)).ToList();
            if (values.All(v => v is ScalarValue)) return new VectorValue(values.Select(v => ((ScalarValue)v).Value).ToArray());
            if (values.All(v => v is VectorValue))
            {
                var rows = values.Select(v => ((VectorValue)v).Items).ToList();
                if (rows.Any(r => r.Count != rows[0].Count)) throw new TemplateException($"the rows of \"{text}\" differ in length");
                return new MatrixValue(rows);
            }
            throw new TemplateException($"\"{text}\" mixes numbers and lists");
        }
        if (env.Get(text) is { Value: { } bound }) return bound;
        return new ScalarValue(env.Resolve(text));
    }

    private static Expr Scalar(string text, Bindings env, MistakeRule? mistake) =>
        Value(text, env, mistake) is ScalarValue s ? s.Value : throw new TemplateException($"\"{text}\" must be a single expression");

    private static IReadOnlyList<Expr> Vector(string text, Bindings env, MistakeRule? mistake) => Value(text, env, mistake) switch
    {
        VectorValue v => v.Items,
        ScalarValue s => [s.Value],
        _ => throw new TemplateException($"\"{text}\" must be a list of expressions"),
    };

    private static Symbol Variable(string text)
    {
        var e = Expr.Parse(text.Trim());
        return e as Symbol ?? throw new TemplateException($"\"{text}\" must be a variable name");
    }

    private static List<Symbol> Variables(string text) =>
        (CallSyntax.ListItems(text) ?? [text]).Select(Variable).ToList();

    private static string Single(IReadOnlyList<CallArg> args, string usage) =>
        args.Count == 1 ? args[0].Text : throw new TemplateException($"expected {usage}");

    private static IReadOnlyList<CallArg> Expect(IReadOnlyList<CallArg> args, int min, int max, string usage) =>
        args.Count >= min && args.Count <= max && args.All(a => a.Key is null) ? args : throw new TemplateException($"expected {usage}");

    private static int Order(string text, Bindings env)
    {
        var e = env.Resolve(text);
        if (e is Number { Value.IsInteger: true } n && n.Value.Sign >= 0 && n.Value.Numerator <= 50) return (int)n.Value.Numerator;
        throw new TemplateException($"\"{text}\" must be a whole number from 0 to 50");
    }

    private static Expr Derivative(Expr f, Symbol x, int order, MistakeRule? mistake) =>
        mistake is { IsDerivativeRule: true } ? MistakenDifferentiator.Diff(f, x, order, mistake) : Calculus.Diff(f, x, order);

    private static CourseValue Diff(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        Expect(args, 2, 3, "diff(f, x) or diff(f, x, k)");
        var f = Scalar(args[0].Text, env, mistake);
        int order = args.Count == 3 ? Order(args[2].Text, env) : 1;
        return new ScalarValue(Derivative(f, Variable(args[1].Text), order, mistake));
    }

    private static CourseValue Partial(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        Expect(args, 2, 2, "partial(f, x)");
        var f = Scalar(args[0].Text, env, mistake);
        var x = Variable(args[1].Text);
        if (mistake?.Name == "partial-other-variable")
            x = f.FreeSymbols.FirstOrDefault(s => s != x) ?? (Symbol)Expr.Sym(x.Name == "y" ? "x" : "y");
        return new ScalarValue(Derivative(f, x, 1, mistake));
    }

    private static CourseValue Gradient(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        Expect(args, 2, 2, "grad(f, [x, y])");
        var f = Scalar(args[0].Text, env, mistake);
        var entries = Variables(args[1].Text).Select(v => Derivative(f, v, 1, mistake)).ToArray();
        if (mistake?.Name == "gradient-swapped") Array.Reverse(entries);
        return new VectorValue(entries);
    }

    private static CourseValue Jacobian(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        Expect(args, 2, 2, "jacobian([f, g], [x, y])");
        var functions = Vector(args[0].Text, env, mistake);
        var variables = Variables(args[1].Text);
        var rows = functions.Select(f => (IReadOnlyList<Expr>)variables.Select(v => Derivative(f, v, 1, mistake)).ToArray()).ToList();
        var matrix = new MatrixValue(rows);
        return mistake?.Name == "jacobian-transposed" ? matrix.Transpose() : matrix;
    }

    private static CourseValue Hessian(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        Expect(args, 2, 2, "hessian(f, [x, y])");
        var f = Scalar(args[0].Text, env, mistake);
        var variables = Variables(args[1].Text);
        var rows = new List<IReadOnlyList<Expr>>();
        for (int i = 0; i < variables.Count; i++)
        {
            var first = Derivative(f, variables[i], 1, mistake);
            var row = new Expr[variables.Count];
            for (int j = 0; j < variables.Count; j++)
            {
                var h = Derivative(first, variables[j], 1, mistake);
                if (i != j && mistake?.Name == "hessian-offdiagonal-missing") h = Expr.Zero;
                if (i != j && mistake?.Name == "hessian-offdiagonal-halved") h = Mistakes.HalfOf(h);
                row[j] = h;
            }
            rows.Add(row);
        }
        return new MatrixValue(rows);
    }

    private static CourseValue Taylor(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        Expect(args, 4, 4, "taylor(f, x, a, n)");
        var f = Scalar(args[0].Text, env, mistake);
        var x = Variable(args[1].Text);
        var a = Scalar(args[2].Text, env, mistake);
        int n = Order(args[3].Text, env);
        if (mistake?.Name == "taylor-about-zero") a = Expr.Zero;
        if (mistake?.Name == "taylor-factorial-missing")
        {
            var terms = new List<Expr>();
            var derivative = f;
            for (int k = 0; k <= n; k++)
            {
                terms.Add(derivative.Substitute(x, a) * Expr.Pow(x - a, k));
                derivative = Calculus.Diff(derivative, x);
            }
            return new ScalarValue(Expr.Add(terms));
        }
        return new ScalarValue(Nabla.Calculus.Taylor(f, x, a, n).Polynomial);
    }

    private static CourseValue Eval(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        if (args.Count < 2 || args[0].Key is not null || args.Skip(1).Any(a => a.Key is null))
            throw new TemplateException("expected eval(e, x=v, …)");
        var value = Value(args[0].Text, env, mistake);
        var point = new Dictionary<Expr, Expr>();
        foreach (var a in args.Skip(1)) point[Expr.Sym(a.Key!)] = Scalar(a.Text, env, mistake);
        return value.Map(e => e.Substitute(point));
    }

    private static CourseValue NewtonStep(IReadOnlyList<CallArg> args, Bindings env, MistakeRule? mistake)
    {
        Expect(args, 3, 3, "newton-step(f, x, x0)");
        var f = Scalar(args[0].Text, env, mistake);
        var x = Variable(args[1].Text);
        var x0 = Scalar(args[2].Text, env, mistake);
        var slope = Derivative(f, x, 1, mistake).Substitute(x, x0);
        if (slope.IsZero) throw new SymbolicException("f′(x0) = 0: the Newton step is undefined");
        var step = f.Substitute(x, x0) / slope;
        return new ScalarValue(mistake?.Name == "newton-step-sign" ? x0 + step : x0 - step);
    }
}
