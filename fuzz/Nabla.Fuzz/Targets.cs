using System.Globalization;
using System.Text.Json.Nodes;
using Nabla.Cli;
using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Templates;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Fuzz;

/// <summary>A failure an oracle found (not an exception the code under test threw): a wrong round trip, a wrong mark, a 5xx.</summary>
public sealed class Finding(string kind, string message) : Exception(message)
{
    /// <summary>Short class of the failure (roundtrip, mismatch, wrong-mark, internal-error, status-5xx, bad-json).</summary>
    public string Kind { get; } = kind;
}

/// <summary>One thing to fuzz: how to make an input and how to run it (throwing on a crash, returning a label otherwise).</summary>
public abstract class Target
{
    /// <summary>The name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>One input, a pure function of <paramref name="rng"/>.</summary>
    public abstract string Generate(Random rng);

    /// <summary>
    /// Runs one input. Returns how it ended ("ok", or the name of a documented clean error); throws <see cref="Finding"/>
    /// when an oracle fails, and lets any other exception escape (that is a crash).
    /// </summary>
    public abstract string Run(string input);

    /// <summary>The part of an input the minimiser may shrink, and the fixed prefix before it (e.g. the template and seed).</summary>
    public virtual (string Prefix, string Payload) Split(string input) => ("", input);
}

/// <summary>Shared state of the targets: the input generator and the course content.</summary>
public sealed class FuzzContext
{
    private FuzzContext(string root, CourseContent content, Inputs inputs)
    {
        Root = root;
        Content = content;
        Inputs = inputs;
        Templates = content.Templates.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The repository root (the folder holding Nabla.slnx).</summary>
    public string Root { get; }

    /// <summary>The course content (content/).</summary>
    public CourseContent Content { get; }

    /// <summary>Every exercise template, sorted by id.</summary>
    public IReadOnlyList<ExerciseTemplate> Templates { get; }

    /// <summary>The expression generator (built-in corpus plus every template's answers for seeds 1–3).</summary>
    public Inputs Inputs { get; }

    /// <summary>Loads the content under <paramref name="root"/> and builds the corpus from it.</summary>
    public static FuzzContext Load(string? root = null)
    {
        root ??= FindRoot();
        var content = CourseLoader.Load(Path.Combine(root, "content"), drawVariants: false);
        var answers = new List<string>();
        foreach (var t in content.Templates.Values.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                try
                {
                    var v = VariantGenerator.Generate(t, seed);
                    if (v.Answer is not null) answers.Add(v.AnswerPlain);
                    if (v.Answer is ScalarValue s) answers.Add(s.Value.ToHuman());
                }
                catch (TemplateException)
                {
                    // A seed with no valid variant: the corpus just has one entry fewer.
                }
            }
        }
        return new FuzzContext(root, content, new Inputs(answers));
    }

    /// <summary>Walks up from the program's folder to the folder holding Nabla.slnx.</summary>
    public static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("cannot find the repository root (Nabla.slnx) above " + AppContext.BaseDirectory);
    }

    private readonly Dictionary<(string, int), Variant?> variants = [];

    /// <summary>The variant of <paramref name="templateId"/> for <paramref name="seed"/> (cached), or null when the template has none for it.</summary>
    public Variant? Variant(string templateId, int seed)
    {
        lock (variants)
        {
            if (variants.TryGetValue((templateId, seed), out var cached)) return cached;
            Variant? v;
            try
            {
                v = VariantGenerator.Generate(Content.Templates[templateId], seed);
            }
            catch (TemplateException)
            {
                v = null;
            }
            variants[(templateId, seed)] = v;
            return v;
        }
    }
}

/// <summary>Shared oracles on parsed expressions.</summary>
public static class Oracles
{
    /// <summary>True when a node of <paramref name="root"/>'s DAG satisfies <paramref name="test"/> (each shared node visited once, no recursion).</summary>
    public static bool AnyNode(Expr root, Func<Expr, bool> test)
    {
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!seen.Add(e)) continue;
            if (test(e)) return true;
            foreach (var a in e.Args) stack.Push(a);
        }
        return false;
    }

    /// <summary>True for a number whose numerator or denominator is past 2^53, where a double no longer holds it exactly.</summary>
    public static bool IsPastDoublePrecision(Expr e)
    {
        var limit = System.Numerics.BigInteger.One << 53;
        return e is Number n && (System.Numerics.BigInteger.Abs(n.Value.Numerator) > limit || n.Value.Denominator > limit);
    }

    /// <summary>Every printer runs (a print budget overrun is a clean error); the plain form parses back to the same interned expression.</summary>
    public static void PrintAndRoundTrip(Expr e)
    {
        string plain;
        try
        {
            plain = e.ToPlain();
            _ = e.ToHuman();
            _ = e.ToLatex();
            _ = e.ToMathML();
        }
        catch (BudgetExceededException)
        {
            return;
        }
        Expr back;
        try
        {
            back = Expr.Parse(plain, ParseOptions.Default with { MaxLength = int.MaxValue, MaxNesting = int.MaxValue });
        }
        catch (ParseException ex)
        {
            throw new Finding("roundtrip", $"the plain form \"{Clip(plain)}\" does not parse: {ex.Message}");
        }
        catch (BudgetExceededException)
        {
            return;
        }
        if (!ReferenceEquals(back, e))
            throw new Finding("roundtrip", $"the plain form \"{Clip(plain)}\" parses as \"{Clip(back.ToPlain())}\"");
    }

    /// <summary>A deterministic point for the free symbols of <paramref name="e"/>, drawn from <paramref name="rng"/> in [-2, 2].</summary>
    public static Dictionary<string, double> Point(Expr e, Random rng)
    {
        var point = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in e.FreeSymbols) point[s.Name] = Math.Round(rng.NextDouble() * 4 - 2, 6) + 1e-7;
        return point;
    }

    /// <summary>Cuts long text for messages.</summary>
    public static string Clip(string s) => s.Length <= 300 ? s : s[..300] + $"… ({s.Length} chars)";
}

/// <summary>The parser in both modes, the printers with round trip, and the exercise-mode reader (AnswerReader through <see cref="Grader.Read"/>).</summary>
public sealed class ParseTarget(FuzzContext context) : Target
{
    private static readonly Grader Grader = new();
    private readonly Variant[] readers = context.Templates
        .Where(t => t.Kind is not (AnswerKind.Choice or AnswerKind.MatchGraph))
        .Select(t => context.Variant(t.Id, 1)).OfType<Variant>()
        .GroupBy(v => v.Answer!.GetType()).Select(g => g.First()).ToArray();

    /// <inheritdoc />
    public override string Name => "parse";

    /// <inheritdoc />
    public override string Generate(Random rng) => context.Inputs.Next(rng);

    /// <inheritdoc />
    public override string Run(string input)
    {
        string label = "ok";
        foreach (var options in new[] { ParseOptions.Default, ParseOptions.SplitLetters })
        {
            Expr e;
            try
            {
                e = Expr.Parse(input, options);
            }
            catch (ParseException)
            {
                label = "ParseException";
                continue;
            }
            catch (BudgetExceededException)
            {
                label = "BudgetExceeded";
                continue;
            }
            Oracles.PrintAndRoundTrip(e);
        }
        // Exercise mode: a scalar, a vector and a matrix answer (validation only never throws).
        foreach (var v in readers) _ = Grader.Read(v, input);
        return label;
    }
}

/// <summary>Simplify, expand, factor, together, cancel; the results print and agree numerically with the input where both are defined.</summary>
public sealed class SimplifyTarget(FuzzContext context) : Target
{
    /// <inheritdoc />
    public override string Name => "simplify";

    /// <inheritdoc />
    public override string Generate(Random rng) => context.Inputs.Next(rng);

    /// <inheritdoc />
    public override string Run(string input)
    {
        Expr e;
        try
        {
            e = Expr.Parse(input, ParseOptions.SplitLetters);
        }
        catch (ParseException)
        {
            return "ParseException";
        }
        string label = "ok";
        var rng = new Random(StableSeed(input));
        var point = Oracles.Point(e, rng);
        foreach (var (name, op) in Operations)
        {
            Expr r;
            try
            {
                r = op(e);
            }
            catch (BudgetExceededException)
            {
                label = "BudgetExceeded";
                continue;
            }
            catch (SymbolicException)
            {
                label = "SymbolicException";
                continue;
            }
            Oracles.PrintAndRoundTrip(r);
            Agree(name, e, r, point);
        }
        return label;
    }

    private static readonly (string, Func<Expr, Expr>)[] Operations =
    [
        ("simplify", e => e.Simplify()), ("expand", e => e.Expand()), ("factor", e => e.Factor()),
        ("together", e => e.Together()), ("cancel", e => e.Cancel()),
    ];

    /// <summary>
    /// Where both sides have a finite value that is well-conditioned (a tiny move of the point barely changes it), they agree.
    /// </summary>
    /// <exception cref="Finding">They disagree beyond rounding where the value is well-conditioned.</exception>
    public static void Agree(string op, Expr e, Expr r, Dictionary<string, double> point)
    {
        if (!r.FreeSymbols.All(s => point.ContainsKey(s.Name))) throw new Finding("mismatch", $"{op} introduced a variable: {Oracles.Clip(r.ToPlain())}");
        // Doubles cannot judge expressions holding a constant past 2^53 (cos(1e300/tan(3/4)) depends on its last bits,
        // which the two forms round differently) or a power past 300 (exp(exp(E))^-94306 underflows to 0 in one form
        // and not in the other): both were reported as mismatches by the first 10^6 run, and both forms were right.
        if (UnreliableInDoubles(e) || UnreliableInDoubles(r)) return;
        double a = e.Evaluate(point), b = r.Evaluate(point);
        if (!double.IsFinite(a) || !double.IsFinite(b) || Math.Abs(a) > 1e8) return;
        if (Math.Abs(a - b) <= 1e-6 * (1 + Math.Abs(a))) return;
        if (WithinRoundingError(e, r, point, a, b)) return;
        var moved = point.ToDictionary(p => p.Key, p => p.Value * (1 + 1e-9) + 1e-12, StringComparer.Ordinal);
        double a2 = e.Evaluate(moved), b2 = r.Evaluate(moved);
        if (!double.IsFinite(a2) || Math.Abs(a2 - a) > 1e-8 * (1 + Math.Abs(a)) || Math.Abs(b2 - b) > 1e-8 * (1 + Math.Abs(b))) return;
        throw new Finding("mismatch", $"{op}: {Oracles.Clip(e.ToPlain())} = {a.ToString("R", CultureInfo.InvariantCulture)} but {Oracles.Clip(r.ToPlain())} = {b.ToString("R", CultureInfo.InvariantCulture)} at {string.Join(", ", point.Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}"))}");
    }

    /// <summary>
    /// True when the two values differ by no more than their rounding errors could (a running error analysis of each
    /// evaluation, independent of the simplifier): 4z/(e-3)^12 expanded is a sum of terms near 10^6 that cancels to
    /// 2.5·10^-7, so in doubles the two forms differ by 8 % and both are right (reported by the first 10^6 run).
    /// </summary>
    private static bool WithinRoundingError(Expr e, Expr r, Dictionary<string, double> point, double a, double b)
    {
        var variables = e.FreeSymbols.Union(r.FreeSymbols).Distinct().ToList();
        var evaluator = new Nabla.Symbolic.Equivalence.ErrorBoundEvaluator([e, r], variables, 200_000);
        Span<Nabla.Symbolic.Equivalence.BoundedValue> values = stackalloc Nabla.Symbolic.Equivalence.BoundedValue[2];
        evaluator.Evaluate([.. variables.Select(v => point[v.Name])], values);
        double bound = 2 * (values[0].Error + values[1].Error);
        return double.IsNaN(bound) || Math.Abs(a - b) <= bound + 1e-6 * (1 + Math.Abs(a));
    }

    /// <summary>True when <paramref name="root"/> holds a number past 2^53 or a numeric exponent past 300.</summary>
    internal static bool UnreliableInDoubles(Expr root) =>
        Oracles.AnyNode(root, e => Oracles.IsPastDoublePrecision(e) || e is Power { Exponent: Number k } && Math.Abs(k.Value.ToDouble()) > 300);

    /// <summary>A seed from the text, stable across processes (string.GetHashCode is randomised per process).</summary>
    public static int StableSeed(string text)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in text) h = (h ^ c) * 16777619;
            return h;
        }
    }
}

/// <summary>Derivative with steps, the gradient, a Taylor polynomial; the derivative agrees with a finite difference where that is well-conditioned.</summary>
public sealed class DiffTarget(FuzzContext context) : Target
{
    /// <inheritdoc />
    public override string Name => "diff";

    /// <inheritdoc />
    public override string Generate(Random rng) => context.Inputs.Next(rng);

    /// <inheritdoc />
    public override string Run(string input)
    {
        Expr e;
        try
        {
            e = Expr.Parse(input, ParseOptions.SplitLetters);
        }
        catch (ParseException)
        {
            return "ParseException";
        }
        var free = e.FreeSymbols;
        var v = free.Count > 0 ? free[0] : (Symbol)Expr.Sym("x");
        try
        {
            var derivation = Calculus.DiffWithSteps(e, v);
            _ = derivation.ToText();
            _ = derivation.ToLatex();
            _ = derivation.ToHtml();
            var d = Calculus.Diff(e, v);
            Oracles.PrintAndRoundTrip(d);
            FiniteDifference(e, d, v, new Random(SimplifyTarget.StableSeed(input)));
            if (free.Count is > 1 and <= 4) _ = Calculus.Gradient(e, free);
            if (e.TreeSize < 200) _ = Calculus.Taylor(e, v, Expr.Num(0), 3);
        }
        catch (BudgetExceededException)
        {
            return "BudgetExceeded";
        }
        catch (SymbolicException)
        {
            return "SymbolicException";
        }
        return "ok";
    }

    /// <summary>The derivative <paramref name="d"/> of <paramref name="f"/> agrees with finite differences at a point drawn from <paramref name="rng"/>.</summary>
    /// <exception cref="Finding">It disagrees at every step size, beyond the differences' own error.</exception>
    public static void FiniteDifference(Expr f, Expr d, Symbol v, Random rng)
    {
        // A number or constant beyond 2^53 absorbs the small changes a finite difference makes (10^104 + atan(10^b)
        // does not move in double arithmetic), so the difference is 0 where the exact derivative is not: no sound check.
        if (HasHugeNumber(f)) return;
        var point = Oracles.Point(f, rng);
        if (!point.ContainsKey(v.Name)) point[v.Name] = 0.7;
        double x0 = point[v.Name];
        double exact = d.Evaluate(point);
        double F(double x)
        {
            point[v.Name] = x;
            return f.Evaluate(point);
        }
        if (!double.IsFinite(exact)) return;
        double richardson = double.NaN;
        bool judged = false; // some step size was smooth enough to compare
        // Step sizes from 10^-3 down to 10^-7 (relative): a function that oscillates faster than the step
        // (sin(1.9e5·a²) under a power tower, from the first 10^6 run) averages out at the coarse steps, and only the
        // fine ones resolve it. A wrong derivative disagrees at every step size.
        foreach (double scale in (double[])[1e-3, 1e-5, 1e-7, 1e-9])
        {
            double h = scale * (1 + Math.Abs(x0));
            double fp = F(x0 + h), fm = F(x0 - h), fp2 = F(x0 + h / 2), fm2 = F(x0 - h / 2), fp4 = F(x0 + h / 4), fm4 = F(x0 - h / 4), f0 = F(x0);
            point[v.Name] = x0;
            if (!new[] { fp, fm, fp2, fm2, fp4, fm4, f0 }.All(y => double.IsFinite(y) && Math.Abs(y) < 1e6)) return;
            double d1 = (fp - fm) / (2 * h), d2 = (fp2 - fm2) / h, d4 = (fp4 - fm4) / (h / 2);
            double coarse = (4 * d2 - d1) / 3;
            richardson = (4 * d4 - d2) / 3;
            // Smooth and well-conditioned at this step: the two step sizes agree closely (a kink or a pole in the
            // window does not; a fast oscillation may only at a finer step).
            if (Math.Abs(d1 - d2) > 1e-3 * (1 + Math.Abs(d2))) continue;
            // The difference of two successive Richardson estimates bounds the finite difference's own error (truncation
            // for fast oscillation such as sin(w^5) near w = -1.8, rounding for x - 7.4e11): a mismatch must exceed it
            // (the first 10^6 run reported both of those as mismatches; the exact derivatives were right).
            double ownError = 10 * Math.Abs(richardson - coarse);
            if (Math.Abs(exact - richardson) <= 1e-5 * (1 + Math.Abs(richardson)) + ownError) return;
            judged = true;
        }
        if (!judged) return;
        throw new Finding("mismatch", $"d/d{v.Name} {Oracles.Clip(f.ToPlain())} = {Oracles.Clip(d.ToPlain())} is {exact.ToString("R", CultureInfo.InvariantCulture)} but a finite difference gives {richardson.ToString("R", CultureInfo.InvariantCulture)} at {string.Join(", ", point.Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}"))}");
    }

    // A constant such as exp(100) = 2.7e43 absorbs the step like a number past 2^53 does (sin(e^100 - z) does not move
    // with z in doubles: a false positive of the first 10^6 run).
    private static bool HasHugeNumber(Expr root) => Oracles.AnyNode(root, e => Oracles.IsPastDoublePrecision(e)
        || e is not Number && e.FreeSymbols.Count == 0 && Math.Abs(e.Evaluate(new Dictionary<string, double>())) > 9007199254740992.0);
}

/// <summary>
/// <see cref="Grader.Grade"/> on random variants of the course's templates with fuzzed answers. Input: "templateId seed" on the
/// first line, the answer after it. Oracle: the variant's own answer, printed in plain form, is marked correct.
/// </summary>
public sealed class GradeTarget(FuzzContext context) : Target
{
    private static readonly Grader Grader = new();

    /// <inheritdoc />
    public override string Name => "grade";

    /// <inheritdoc />
    public override string Generate(Random rng)
    {
        var template = Inputs.Pick(rng, context.Templates);
        int seed = 1 + rng.Next(30);
        var variant = context.Variant(template.Id, seed);
        string answer;
        int pick = rng.Next(100);
        if (variant is null || pick < 20) answer = context.Inputs.Next(rng);
        else if (pick < 35) answer = variant.AnswerPlain;
        else if (pick < 40 && variant.Answer is ScalarValue s) answer = rng.Next(2) == 0 ? s.Value.ToHuman() : s.Value.ToLatex();
        else
        {
            answer = variant.AnswerPlain;
            int mutations = 1 + rng.Next(3);
            for (int i = 0; i < mutations; i++) answer = context.Inputs.Mutate(rng, answer);
        }
        return $"{template.Id} {seed.ToString(CultureInfo.InvariantCulture)}\n{answer}";
    }

    /// <inheritdoc />
    public override (string Prefix, string Payload) Split(string input)
    {
        int nl = input.IndexOf('\n', StringComparison.Ordinal);
        return (input[..(nl + 1)], input[(nl + 1)..]);
    }

    /// <inheritdoc />
    public override string Run(string input)
    {
        var (prefix, answer) = Split(input);
        var head = prefix.TrimEnd('\n').Split(' ');
        var variant = context.Variant(head[0], int.Parse(head[1], CultureInfo.InvariantCulture));
        if (variant is null) return "no-variant";
        var result = Grader.Grade(variant, answer, attempt: 1 + (answer.Length % 3));
        if (answer == variant.AnswerPlain && !result.Correct)
            throw new Finding("wrong-mark", $"the variant's own answer \"{Oracles.Clip(answer)}\" was marked wrong: {result.Read.Problem?.Message ?? string.Join("; ", result.Feedback.Select(f => f.Message))}");
        if (!result.Read.IsValid) return "invalid";
        return result.Correct ? "correct" : "wrong";
    }
}

/// <summary>
/// The CLI's JSON batch answer (<see cref="CliApp.AnswerLine"/>) on generated request lines with fuzzed expressions and
/// mutated JSON. A crash is an answer of kind "internal" or an answer that does not serialise to one valid JSON line.
/// </summary>
public sealed class BatchTarget(FuzzContext context) : Target
{
    private readonly CliApp app = new(debug: true);

    /// <summary>Ops that write files, train for minutes or compile C#: not fuzzed (a mutated line naming them is replaced).</summary>
    private static readonly string[] Excluded = ["plot", "train", "lab", "\"file", "\"content", "\"data\"", "\"out"];

    /// <inheritdoc />
    public override string Name => "batch";

    /// <inheritdoc />
    public override string Generate(Random rng)
    {
        string line = Request(rng, context).ToJsonString();
        if (rng.Next(4) != 0) return line;
        string mutated = line;
        for (int i = 1 + rng.Next(3); i > 0; i--) mutated = context.Inputs.Mutate(rng, mutated);
        return Excluded.Any(x => mutated.Contains(x, StringComparison.OrdinalIgnoreCase)) ? line : mutated;
    }

    /// <summary>A request object in the batch language, with fuzzed expressions and occasionally wrong field types.</summary>
    public static JsonObject Request(Random rng, FuzzContext context)
    {
        string Expr() => context.Inputs.Next(rng);
        JsonNode Point()
        {
            var o = new JsonObject();
            foreach (var v in new[] { "x", "y" }.Take(1 + rng.Next(2)))
                o[v] = rng.Next(5) == 0 ? JsonValue.Create(Inputs.Pick(rng, ["pi/4", "1/0", "e", "sqrt(2)", "x", "1e400"])) : JsonValue.Create(Math.Round(rng.NextDouble() * 6 - 3, 3));
            return o;
        }
        JsonArray Numbers(int n) => new([.. Enumerable.Range(0, n).Select(_ => (JsonNode?)JsonValue.Create(Math.Round(rng.NextDouble() * 10, 2)))]);
        string op = Inputs.Pick(rng, ["diff", "diff", "simplify", "simplify", "equiv", "grad", "jacobian", "hessian", "stationary", "chain", "taylor",
            "numdiff", "roots", "minimize", "lagrange", "linfit", "fit", "exercise", "check", "nonsense"]);
        var r = new JsonObject { ["op"] = op, ["id"] = rng.Next(1000) };
        if (rng.Next(4) == 0) r["split"] = true;
        switch (op)
        {
            case "diff":
                r["expr"] = Expr();
                if (rng.Next(2) == 0) r["wrt"] = Inputs.Pick(rng, ["x", "y", "t", "2", "x+y", ""]);
                if (rng.Next(3) == 0) r["order"] = Inputs.Pick(rng, [1, 2, 3, 5, 0, -1, 101, 100]);
                if (rng.Next(2) == 0) r["at"] = Point();
                if (rng.Next(2) == 0) r["steps"] = true;
                break;
            case "simplify": r["expr"] = Expr(); break;
            case "equiv": r["a"] = Expr(); r["b"] = Expr(); break;
            case "grad" or "hessian":
                r["expr"] = Expr();
                if (rng.Next(2) == 0) r["vars"] = new JsonArray("x", "y");
                if (rng.Next(2) == 0) r["at"] = Point();
                if (rng.Next(3) == 0) r["steps"] = true;
                break;
            case "jacobian": r["exprs"] = new JsonArray(Expr(), Expr()); if (rng.Next(2) == 0) r["at"] = Point(); break;
            case "stationary": r["expr"] = Expr(); break;
            case "chain": r["expr"] = Expr(); r["with"] = new JsonObject { ["x"] = Expr() }; if (rng.Next(2) == 0) r["wrt"] = "t"; break;
            case "taylor": r["expr"] = Expr(); r["about"] = Point(); r["order"] = Inputs.Pick(rng, [0, 1, 2, 3, 4, 6, 10, -1, 1000]); break;
            case "numdiff": r["expr"] = Expr(); r["at"] = Point(); if (rng.Next(3) == 0) r["method"] = Inputs.Pick(rng, ["central", "forward", "richardson", "bogus"]); break;
            case "roots": r["expr"] = Expr(); if (rng.Next(2) == 0) r["from"] = -3; if (rng.Next(2) == 0) r["to"] = 3; break;
            case "minimize": r["expr"] = Expr(); r["from"] = Point(); r["maxIterations"] = Inputs.Pick(rng, [10, 100, 1000]); break;
            case "lagrange": r["expr"] = Expr(); r["constraints"] = new JsonArray(Expr()); break;
            case "linfit": { int n = rng.Next(0, 12); r["x"] = Numbers(n); r["y"] = Numbers(rng.Next(3) == 0 ? n + 1 : n); break; }
            case "fit":
                {
                    int n = rng.Next(0, 12);
                    r["model"] = Inputs.Pick(rng, ["a*x+b", "a*exp(b*x)", "a*sin(b*x)", Expr()]);
                    r["x"] = Numbers(n);
                    r["y"] = Numbers(n);
                    r["params"] = new JsonObject { ["a"] = 1, ["b"] = 0.5 };
                    r["maxIterations"] = 50;
                    break;
                }
            case "exercise": r["template"] = Inputs.Pick(rng, context.Templates).Id; r["seed"] = rng.Next(-2, 40); break;
            case "check":
                {
                    var t = Inputs.Pick(rng, context.Templates);
                    int seed = 1 + rng.Next(30);
                    var v = context.Variant(t.Id, seed);
                    r["template"] = rng.Next(20) == 0 ? "no-such-template" : t.Id;
                    r["seed"] = seed;
                    r["answer"] = v is not null && rng.Next(2) == 0 ? context.Inputs.Mutate(rng, v.AnswerPlain) : Expr();
                    break;
                }
            default: r["expr"] = Expr(); break;
        }
        // Now and then a field of the wrong type.
        if (rng.Next(10) == 0)
        {
            var key = Inputs.Pick(rng, r.Select(p => p.Key).Where(k => k != "op").ToList());
            r[key] = Inputs.Pick<JsonNode?>(rng, [null, JsonValue.Create(1.5), new JsonArray(), new JsonObject(), JsonValue.Create(true), JsonValue.Create(1e308)]);
        }
        return r;
    }

    /// <inheritdoc />
    public override string Run(string input)
    {
        var answer = app.AnswerLine(input);
        string line = JsonOutput.ToLine(answer);
        if (line.Contains('\n', StringComparison.Ordinal)) throw new Finding("bad-json", "the answer spans more than one line");
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(line);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new Finding("bad-json", $"the answer is not JSON: {ex.Message}: {Oracles.Clip(line)}");
        }
        if (parsed is not JsonObject obj || obj["ok"] is null) throw new Finding("bad-json", $"the answer has no \"ok\": {Oracles.Clip(line)}");
        if (obj["ok"]!.GetValue<bool>()) return "ok";
        var error = obj["error"] as JsonObject;
        if (error?["kind"]?.GetValue<string>() == "internal")
            throw new Finding("internal-error", error["message"]?.GetValue<string>() ?? "internal error");
        if (string.IsNullOrWhiteSpace(error?["message"]?.GetValue<string>())) throw new Finding("bad-json", "an error answer without a message");
        return "user-error";
    }
}
