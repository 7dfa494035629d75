using System.Text;
using Nabla.Course.Templates;
using Nabla.Symbolic;

namespace Nabla.Course.Grading;

/// <summary>Worked solutions: the engine's derivation steps for differentiation answers, else the template's text.</summary>
internal static class Solutions
{
    public static Solution Build(Variant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var t = variant.Template;
        string answerText = variant.Answer?.ToPlain() ?? (variant.Options.Count > 0 ? $"option {variant.CorrectOption}: {variant.Options[variant.CorrectOption - 1].Text}" : "");
        string answerLatex = variant.AnswerLatex;
        if (t.Solution is { } s && s.Text.Trim() != "steps")
        {
            var filled = variant.Bindings.Fill(s.Text);
            return new Solution($"{filled}\nAnswer: {answerText}", $"{filled}\n\n**Answer:** ${answerLatex}$");
        }
        var text = new StringBuilder();
        var markdown = new StringBuilder();
        if (t.Kind is not (AnswerKind.Choice or AnswerKind.MatchGraph))
        {
            foreach (var (label, derivation) in Derivations(t.Answer.Compute, variant.Bindings))
            {
                text.AppendLine(label).AppendLine(derivation.ToText());
                markdown.AppendLine($"**{label}**").AppendLine().AppendLine(derivation.ToLatex().Length > 0 ? $"$$ {derivation.ToLatex()} $$" : "").AppendLine();
            }
        }
        text.Append("Answer: ").Append(answerText);
        markdown.Append("**Answer:** $").Append(answerLatex).Append('$');
        return new Solution(text.ToString(), markdown.ToString());
    }

    /// <summary>The differentiations inside a computation, each with the engine's steps.</summary>
    private static List<(string Label, Derivation Derivation)> Derivations(string compute, Bindings env)
    {
        var result = new List<(string, Derivation)>();
        try
        {
            Collect(compute, env, result);
        }
        catch (Exception ex) when (ex is SymbolicException or TemplateException)
        {
            result.Clear(); // steps are a courtesy: the answer line still stands
        }
        return result;
    }

    private static void Collect(string compute, Bindings env, List<(string, Derivation)> result)
    {
        if (!CallSyntax.TryParseCall(compute, out var op, out var args) || args.Count == 0) return;
        Expr Scalar(string text) => Computations.Evaluate(text, env) is ScalarValue s ? s.Value : throw new TemplateException("not a scalar");
        IReadOnlyList<string> Vars(string text) => CallSyntax.ListItems(text) ?? [text.Trim()];
        switch (op)
        {
            case "diff" or "partial" when args.Count >= 2:
            {
                int order = args.Count == 3 && int.TryParse(env.Fill(args[2].Text), out int k) ? k : 1;
                var f = Scalar(args[0].Text);
                var x = args[1].Text.Trim();
                result.Add(($"Differentiate {f.ToPlain()} with respect to {x}:", Calculus.DiffWithSteps(f, x, order)));
                break;
            }
            case "grad" or "hessian" when args.Count == 2:
            {
                var f = Scalar(args[0].Text);
                foreach (var x in Vars(args[1].Text))
                    result.Add(($"∂/∂{x} of {f.ToPlain()}:", Calculus.DiffWithSteps(f, x)));
                break;
            }
            case "jacobian" when args.Count == 2:
            {
                var functions = Computations.Evaluate(args[0].Text, env).Entries;
                foreach (var f in functions)
                    foreach (var x in Vars(args[1].Text))
                        result.Add(($"∂/∂{x} of {f.ToPlain()}:", Calculus.DiffWithSteps(f, x)));
                break;
            }
            case "eval" or "newton-step" or "expr":
                if (op == "newton-step" && args.Count == 3)
                    result.Add(($"Differentiate {Scalar(args[0].Text).ToPlain()} (the Newton step is x0 − f(x0)/f′(x0)):",
                        Calculus.DiffWithSteps(Scalar(args[0].Text), args[1].Text.Trim())));
                else Collect(args[0].Text, env, result);
                break;
        }
    }
}
