using System.Globalization;
using Nabla.Course.Content;
using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;

namespace Nabla.Course.Templates;

/// <summary>Draws variants of a template: parameters, definitions, requirements, answer, mutants, options.</summary>
public static class VariantGenerator
{
    /// <summary>Draws tried before a template is declared unable to produce a valid variant.</summary>
    public const int MaxDraws = 50;

    /// <summary>The variant of <paramref name="template"/> for <paramref name="seed"/> (the same every time).</summary>
    /// <exception cref="TemplateException">An author's error in the template, or no valid variant in <see cref="MaxDraws"/> draws.</exception>
    public static Variant Generate(ExerciseTemplate template, int seed)
    {
        ArgumentNullException.ThrowIfNull(template);
        var rng = new Random(Mix(template.Id, seed));
        string reason = "";
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            var env = new Bindings();
            try
            {
                foreach (var p in template.Params) env.Set(Generators.Draw(p.Name, p.Text, env, rng, p.Line));
                foreach (var d in template.Defines) env.Set(Define(d, env));
                if (template.Requires.FirstOrDefault(r => !Holds(r, env)) is { } failed)
                {
                    reason = $"requirement \"{failed.Text}\" never held";
                    continue;
                }
                var variant = Build(template, seed, env, rng);
                if (Invalid(variant) is { } why)
                {
                    reason = why;
                    continue;
                }
                return variant;
            }
            catch (TemplateException)
            {
                throw;
            }
            catch (Symbolic.Parsing.ParseException ex)
            {
                throw new TemplateException($"not an expression: {ex.Message} in \"{ex.Input}\"", template.Question.Line, ex);
            }
            catch (SymbolicException ex)
            {
                reason = ex.Message; // e.g. a division by zero for these parameters: draw again
            }
            catch (ArithmeticException ex)
            {
                reason = ex.Message;
            }
        }
        throw new TemplateException($"template \"{template.Id}\": no valid variant in {MaxDraws} draws for seed {seed} ({reason})");
    }

    /// <summary>A stable 32-bit seed from the template id and the seed (FNV-1a), so templates do not share draws.</summary>
    internal static int Mix(string id, int seed)
    {
        unchecked
        {
            uint h = 2166136261;
            foreach (char c in id) h = (h ^ c) * 16777619;
            h = (h ^ (uint)seed) * 16777619;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    private static Binding Define(TemplateLine d, Bindings env)
    {
        try
        {
            return new Binding(d.Name, Computations.Evaluate(d.Text, env));
        }
        catch (TemplateException ex)
        {
            throw new TemplateException($"define \"{d.Name}\": {ex.Message}", d.Line, ex);
        }
        catch (Symbolic.Parsing.ParseException ex)
        {
            throw new TemplateException($"define \"{d.Name}\": \"{ex.Input}\" is not an expression: {ex.Message}", d.Line, ex);
        }
    }

    private static readonly string[] Comparisons = ["!=", "<=", ">=", "==", "<", ">", "="];

    /// <summary>Evaluates a requirement such as <c>{n} != {a}</c> (numbers compared to 1e-12).</summary>
    internal static bool Holds(TemplateLine requirement, Bindings env)
    {
        string text = requirement.Text;
        foreach (var op in Comparisons)
        {
            int at = text.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            double a = Number(text[..at], env, requirement), b = Number(text[(at + op.Length)..], env, requirement);
            if (double.IsNaN(a) || double.IsNaN(b)) return false;
            double tol = 1e-12 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
            return op switch
            {
                "!=" => Math.Abs(a - b) > tol,
                "<=" => a <= b + tol,
                ">=" => a >= b - tol,
                "<" => a < b - tol,
                ">" => a > b + tol,
                _ => Math.Abs(a - b) <= tol,
            };
        }
        throw new TemplateException($"requirement \"{text}\" is not a comparison (use != == < <= > >=)", requirement.Line);
    }

    private static double Number(string text, Bindings env, TemplateLine line)
    {
        Expr e;
        try
        {
            e = env.Resolve(text.Trim());
        }
        catch (Symbolic.Parsing.ParseException ex)
        {
            throw new TemplateException($"requirement \"{line.Text}\": {ex.Message}", line.Line, ex);
        }
        if (e.FreeSymbols.Count > 0)
            throw new TemplateException($"requirement \"{line.Text}\": \"{text.Trim()}\" is not a number (free: {string.Join(", ", e.FreeSymbols)})", line.Line);
        return e.Evaluate(new Dictionary<string, double>());
    }

    private static Variant Build(ExerciseTemplate t, int seed, Bindings env, Random rng)
    {
        CourseValue? answer = null;
        if (t.Kind is not (AnswerKind.Choice or AnswerKind.MatchGraph))
        {
            try
            {
                answer = Computations.Evaluate(t.Answer.Compute, env);
            }
            catch (TemplateException ex)
            {
                throw new TemplateException($"answer.compute: {ex.Message}", t.Answer.Line, ex);
            }
            if (t.Kind == AnswerKind.Number && answer is not ScalarValue)
                throw new TemplateException("a number answer must compute a single value", t.Answer.Line);
            if (t.Kind == AnswerKind.Vector && answer is not VectorValue)
                throw new TemplateException("a vector answer must compute a list (e.g. grad(f, [x, y]))", t.Answer.Line);
            if (t.Kind == AnswerKind.Matrix && answer is not MatrixValue)
                throw new TemplateException("a matrix answer must compute a matrix (e.g. jacobian([f, g], [x, y]))", t.Answer.Line);
            if (t.Kind == AnswerKind.Expression && answer is not ScalarValue)
                throw new TemplateException("an expression answer must compute a single expression", t.Answer.Line);
            env.Set(new Binding("answer", answer));
        }

        var options = new List<VariantOption>();
        IReadOnlyList<double>? functionPlot = null;
        if (t.Kind == AnswerKind.Choice)
        {
            foreach (var o in t.Options) options.Add(new VariantOption(env.Fill(o.Text), env.Fill(o.Text), o.Correct, o.Feedback is null ? null : env.Fill(o.Feedback), null));
            Shuffle(options, rng);
        }
        else if (t.Kind == AnswerKind.MatchGraph)
        {
            foreach (var o in t.Options)
            {
                Expr e;
                try
                {
                    e = env.Resolve(o.Text);
                }
                catch (Symbolic.Parsing.ParseException ex)
                {
                    throw new TemplateException($"option \"{o.Text}\" is not an expression: {ex.Message}", o.Line, ex);
                }
                options.Add(new VariantOption(e.ToPlain(), e.ToLatex(), o.Correct, o.Feedback is null ? null : env.Fill(o.Feedback), Sample(e)));
            }
            Shuffle(options, rng);
            if (env.Get("f")?.Expr is { } f) functionPlot = Sample(f);
        }

        var feedback = new List<VariantFeedback>();
        foreach (var rule in t.Feedback)
        {
            var mutant = Mutant(t, rule, env);
            bool applicable = mutant is not null && answer is not null && SameShape(mutant, answer) && !AllEquivalent(mutant, answer);
            feedback.Add(new VariantFeedback(rule, mutant, env.Fill(rule.Message), applicable));
        }

        return new Variant
        {
            Template = t,
            Seed = seed,
            Bindings = env,
            Prompt = env.Fill(t.Question.Text),
            Answer = answer,
            Options = options,
            Hints = t.Hints.Select(h => env.Fill(h.Text)).ToArray(),
            Feedback = feedback,
            FunctionPlot = functionPlot,
        };
    }

    private static CourseValue? Mutant(ExerciseTemplate t, FeedbackRule rule, Bindings env)
    {
        if (t.Kind is AnswerKind.Choice or AnswerKind.MatchGraph) return null;
        try
        {
            if (rule.MistakeName is { } name)
            {
                var mistake = Mistakes.Find(name) ?? throw new TemplateException(
                    $"feedback \"{rule.Id}\": unknown mistake \"{name}\" (see docs/authoring.md for the list)", rule.Line);
                return Computations.Evaluate(t.Answer.Compute, env, mistake);
            }
            return Computations.Evaluate(rule.Mutant, env);
        }
        catch (TemplateException ex) when (ex.Line == 1)
        {
            throw new TemplateException($"feedback \"{rule.Id}\": {ex.Message}", rule.Line, ex);
        }
        catch (Symbolic.Parsing.ParseException ex)
        {
            throw new TemplateException($"feedback \"{rule.Id}\": mutant \"{ex.Input}\" is not an expression: {ex.Message}", rule.Line, ex);
        }
        catch (SymbolicException)
        {
            return null; // the mistake cannot be made on this variant (e.g. it divides by zero): the rule stays silent
        }
    }

    internal static bool SameShape(CourseValue a, CourseValue b) => a.GetType() == b.GetType() && a.Shape == b.Shape;

    internal static bool AllEquivalent(CourseValue a, CourseValue b)
    {
        var ea = a.Entries;
        var eb = b.Entries;
        for (int i = 0; i < ea.Count; i++)
            if (!Equivalence.Check(ea[i], eb[i]).Equivalent) return false;
        return true;
    }

    private static void Shuffle<T>(List<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private static double[] Sample(Expr e)
    {
        var name = e.FreeSymbols.Count > 0 ? e.FreeSymbols[0].Name : "x";
        return Variant.PlotRange.Select(x => e.Evaluate((name, x))).ToArray();
    }

    /// <summary>Why a drawn variant is unusable (null when it is fine): an undefined or non-finite answer.</summary>
    private static string? Invalid(Variant v)
    {
        if (v.Answer is null) return null;
        var probe = new Random(v.Seed);
        foreach (var entry in v.Answer.Entries)
        {
            var symbols = entry.FreeSymbols;
            if (symbols.Count == 0)
            {
                if (!double.IsFinite(entry.Evaluate(new Dictionary<string, double>())))
                    return $"the answer {entry.ToPlain()} is not a finite number";
                continue;
            }
            int finite = 0;
            for (int k = 0; k < 12; k++)
            {
                var point = symbols.ToDictionary(s => s.Name, _ => probe.NextDouble() * 4 - 2);
                if (double.IsFinite(entry.Evaluate(point))) finite++;
            }
            if (finite < 6) return $"the answer {entry.ToPlain()} is undefined at most points";
        }
        if (v.Template.Kind == AnswerKind.Number && v.Answer is ScalarValue { Value.FreeSymbols.Count: > 0 } s)
            throw new TemplateException($"a number answer has variables: {s.Value.ToPlain()}", v.Template.Answer.Line);
        return null;
    }

    /// <summary>Formats a number for messages.</summary>
    internal static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Problems in a variant's prompt that KaTeX would reject (for tests and the validator).</summary>
    public static IReadOnlyList<ContentProblem> PromptProblems(Variant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var problems = new List<ContentProblem>();
        LessonMarkdown.Analyse(variant.Prompt, variant.Template.File, variant.Template.Question.Line, problems);
        foreach (var h in variant.Hints) LessonMarkdown.Analyse(h, variant.Template.File, variant.Template.Question.Line, problems);
        return problems;
    }
}
