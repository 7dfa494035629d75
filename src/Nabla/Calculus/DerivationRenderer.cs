using System.Net;
using System.Text;
using Nabla.Symbolic;

namespace Nabla;

/// <summary>
/// Renders a <see cref="Derivation"/> for people: indented text for the terminal, a LaTeX fragment for documents,
/// an HTML fragment (an ordered list, math as LaTeX inside <c>\( … \)</c> for MathJax/KaTeX) for the web course.
/// Each takes the expression printer to use, so callers can choose the notation.
/// </summary>
public static class DerivationRenderer
{
    /// <summary>
    /// Indented text, one block per step:
    /// <code>
    /// 1. product rule: (uv)' = u'v + uv'
    ///    d/dx [x^3 sin(x)] = 3x^2 sin(x) + x^3 cos(x)
    ///    Apply the product rule (uv)' = u'v + uv' with u = x^3, v = sin(x).
    /// </code>
    /// </summary>
    /// <param name="derivation">The derivation.</param>
    /// <param name="print">Expression printer; defaults to <see cref="Expr.ToHuman"/>.</param>
    public static string ToText(Derivation derivation, Func<Expr, string>? print = null)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        print ??= e => e.ToHuman();
        var x = derivation.Variable.Name;
        var sb = new StringBuilder();
        sb.Append(Operator(x, derivation.Order)).Append(" [").Append(print(derivation.Function)).Append("] = ")
          .Append(print(derivation.Result)).Append('\n');
        int number = 0;
        foreach (var step in derivation.Steps)
        {
            var indent = new string(' ', 2 * step.Depth);
            var label = $"{++number}. ";
            var pad = indent + new string(' ', label.Length);
            sb.Append(indent).Append(label).Append(step.Rule).Append(": ").Append(TextFormula(step, x, print)).Append('\n');
            sb.Append(pad).Append("d/d").Append(x).Append(" [").Append(print(step.Expression)).Append("] = ")
              .Append(print(step.Result)).Append('\n');
            sb.Append(pad).Append(Explanation(step, print)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// A LaTeX fragment: the result as a display equation followed by an <c>enumerate</c> list (flat, indented by
    /// depth, so deep derivations stay within LaTeX's list-nesting limit).
    /// </summary>
    /// <param name="derivation">The derivation.</param>
    /// <param name="print">LaTeX expression printer; defaults to <see cref="Expr.ToLatex"/>.</param>
    public static string ToLatex(Derivation derivation, Func<Expr, string>? print = null)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        print ??= e => e.ToLatex();
        var x = derivation.Variable.Name;
        var sb = new StringBuilder();
        sb.Append("\\[ ").Append(LatexOperator(x, derivation.Order)).Append("\\left(").Append(print(derivation.Function))
          .Append("\\right) = ").Append(print(derivation.Result)).Append(" \\]\n");
        if (derivation.Steps.Count == 0) return sb.ToString();
        sb.Append("\\begin{enumerate}\n");
        foreach (var step in derivation.Steps)
        {
            sb.Append("\\item ");
            if (step.Depth > 0) sb.Append("\\hspace*{").Append(1.5 * step.Depth).Append("em}");
            sb.Append("\\textbf{").Append(LatexText(step.Rule)).Append("}: $").Append(LatexFormula(step, x, print)).Append("$\\\\\n");
            sb.Append("  $").Append(LatexOperator(x, 1)).Append("\\left(").Append(print(step.Expression)).Append("\\right) = ")
              .Append(print(step.Result)).Append("$\\\\\n");
            sb.Append("  ").Append(ExplanationWith(step, LatexText, (name, v) => $"${name} = {print(v)}$")).Append('\n');
        }
        sb.Append("\\end{enumerate}\n");
        return sb.ToString();
    }

    /// <summary>
    /// An HTML fragment: <c>&lt;div class="nabla-derivation"&gt;</c> with the result and an ordered list of steps.
    /// Text is HTML-escaped; math is LaTeX inside <c>\( … \)</c> (render it with MathJax or KaTeX). Each item carries
    /// <c>data-depth</c> and a left margin proportional to its depth.
    /// </summary>
    /// <param name="derivation">The derivation.</param>
    /// <param name="print">LaTeX expression printer; defaults to <see cref="Expr.ToLatex"/>.</param>
    public static string ToHtml(Derivation derivation, Func<Expr, string>? print = null)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        print ??= e => e.ToLatex();
        var x = derivation.Variable.Name;
        string Math(string latex) => "\\(" + WebUtility.HtmlEncode(latex) + "\\)";
        var sb = new StringBuilder();
        sb.Append("<div class=\"nabla-derivation\">\n<p class=\"nabla-result\">")
          .Append(Math($"{LatexOperator(x, derivation.Order)}\\left({print(derivation.Function)}\\right) = {print(derivation.Result)}"))
          .Append("</p>\n<ol class=\"nabla-steps\">\n");
        foreach (var step in derivation.Steps)
        {
            sb.Append("<li data-depth=\"").Append(step.Depth).Append("\" style=\"margin-left: ").Append(1.5 * step.Depth).Append("em\">")
              .Append("<strong class=\"nabla-rule\">").Append(WebUtility.HtmlEncode(step.Rule)).Append("</strong>: ")
              .Append(Math(LatexFormula(step, x, print))).Append("<br>")
              .Append(Math($"{LatexOperator(x, 1)}\\left({print(step.Expression)}\\right) = {print(step.Result)}")).Append("<br>")
              .Append("<span class=\"nabla-explanation\">")
              .Append(ExplanationWith(step, WebUtility.HtmlEncode, (name, v) => Math($"{name} = {print(v)}")))
              .Append("</span></li>\n");
        }
        sb.Append("</ol>\n</div>\n");
        return sb.ToString();
    }

    private static string Operator(string x, int order) => order == 1 ? $"d/d{x}" : $"d^{order}/d{x}^{order}";

    private static string LatexOperator(string x, int order) =>
        order == 1 ? $"\\frac{{d}}{{d{x}}}" : $"\\frac{{d^{{{order}}}}}{{d{x}^{{{order}}}}}";

    private static string TextFormula(DerivationStep step, string x, Func<Expr, string> print) =>
        step.Function is { } f && step.Rule.StartsWith("table:", StringComparison.Ordinal)
            ? TableFormula(f, print, "d/du ")
            : step.Formula;

    private static string LatexFormula(DerivationStep step, string x, Func<Expr, string> print)
    {
        if (step.Function is { } f && step.Rule.StartsWith("table:", StringComparison.Ordinal))
            return TableFormula(f, print, "\\frac{d}{du} ");
        return step.Rule switch
        {
            "constant rule" => $"\\frac{{d}}{{d{x}}} c = 0",
            "variable rule" => $"\\frac{{d}}{{d{x}}} {x} = 1",
            "sum rule" => "(u + v)' = u' + v'",
            "constant multiple rule" => "(c\\,u)' = c\\,u'",
            "product rule" => step.Bindings.Count switch
            {
                2 => "(uv)' = u'v + uv'",
                3 => "(uvw)' = u'vw + uv'w + uvw'",
                _ => "\\left(\\prod_i f_i\\right)' = \\sum_i f_i' \\prod_{j \\ne i} f_j",
            },
            "quotient rule" => "\\left(\\frac{u}{v}\\right)' = \\frac{u'v - uv'}{v^{2}}",
            "power rule" => step.Bindings.Count == 1 ? $"({x}^n)' = n\\,{x}^{{n-1}}" : "(u^n)' = n\\,u^{n-1}\\,u'",
            "exponential rule" => "(a^u)' = a^u \\ln(a)\\,u'",
            "general power rule" => "(u^v)' = u^v \\left(v' \\ln(u) + \\frac{v\\,u'}{u}\\right)",
            "chain rule" => "\\bigl(f(u)\\bigr)' = f'(u)\\,u'",
            _ => $"\\text{{{LatexText(step.Formula)}}}",
        };
    }

    private static string TableFormula(MathFunction f, Func<Expr, string> print, string op)
    {
        var u = Expr.Sym("u");
        return $"{op}{print(Expr.Call(f, u))} = {print(DerivativeTable.Derivative(f, u))}";
    }

    private static string Explanation(DerivationStep step, Func<Expr, string> print) =>
        step.Lead is null ? step.Explanation : DerivationText.Sentence(step.Lead, step.Bindings, step.Note, print);

    private static string ExplanationWith(DerivationStep step, Func<string, string> text, Func<string, Expr, string> binding)
    {
        if (step.Lead is null) return text(step.Explanation);
        var sb = new StringBuilder(text(step.Lead));
        for (int i = 0; i < step.Bindings.Count; i++)
        {
            sb.Append(i == 0 ? text(" with ") : text(", "));
            sb.Append(binding(step.Bindings[i].Name, step.Bindings[i].Value));
        }
        sb.Append(text("."));
        if (step.Note is not null) sb.Append(text(" Note: " + step.Note));
        return sb.ToString();
    }

    private static string LatexText(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\\' => "\\textbackslash{}",
                '{' or '}' or '$' or '&' or '#' or '%' or '_' => "\\" + c,
                '^' => "\\^{}",
                '~' => "\\~{}",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}

/// <summary>Shared wording of step explanations.</summary>
internal static class DerivationText
{
    /// <summary>"Lead with u = …, v = …. Note: …".</summary>
    public static string Sentence(string lead, IReadOnlyList<StepBinding> bindings, string? note, Func<Expr, string> print)
    {
        var sb = new StringBuilder(lead);
        for (int i = 0; i < bindings.Count; i++)
            sb.Append(i == 0 ? " with " : ", ").Append(bindings[i].Name).Append(" = ").Append(print(bindings[i].Value));
        sb.Append('.');
        if (note is not null) sb.Append(" Note: ").Append(note);
        return sb.ToString();
    }
}
