using System.Text;
using System.Text.RegularExpressions;

namespace Nabla.Web.Api;

/// <summary>
/// Makes the engine's worked solution fit for KaTeX. <c>Grader.Solve</c> embeds each derivation as the LaTeX
/// document fragment <c>DerivationRenderer.ToLatex</c> prints (<c>\[ … \]</c> plus an <c>enumerate</c> list with
/// <c>\textbf</c> and <c>\item</c>), which KaTeX cannot typeset; here each such block becomes a display equation and a
/// Markdown numbered list whose math is inline <c>$…$</c>.
/// </summary>
internal static partial class ExerciseSolutions
{
    [GeneratedRegex(@"\$\$ \\\[ (?<head>.*?) \\\]\n(?:\\begin\{enumerate\}\n(?<items>.*?)\\end\{enumerate\}\n)? \$\$", RegexOptions.Singleline, 1000)]
    private static partial Regex DerivationBlock();

    [GeneratedRegex(@"^(?:\\hspace\*\{(?<depth>[0-9.]+)em\})?\\textbf\{(?<rule>.*?)\}: \$(?<formula>.*?)\$\\\\\n\s*\$(?<step>.*?)\$\\\\\n\s*(?<text>.*?)\s*$", RegexOptions.Singleline, 1000)]
    private static partial Regex Item();

    /// <summary>The solution Markdown with every LaTeX derivation block rewritten as KaTeX-ready Markdown.</summary>
    public static string Markdown(string engineMarkdown) =>
        string.Join('\n', DerivationBlocks(engineMarkdown).Split('\n').Select(BoldLabel));

    [GeneratedRegex(@"^\*\*Differentiate .+ with respect to (?<x>[A-Za-z][A-Za-z0-9_]*):\*\*$", RegexOptions.None, 1000)]
    private static partial Regex DiffLabel();

    [GeneratedRegex(@"^\*\*∂/∂(?<x>[A-Za-z][A-Za-z0-9_]*) of .+:\*\*$", RegexOptions.None, 1000)]
    private static partial Regex PartialLabel();

    /// <summary>
    /// A whole-line bold label such as <c>**Differentiate 4*x^8 with respect to x:**</c>. The function, in plain
    /// syntax, repeats the display equation under it (and its * and ^ would read as Markdown), so it is dropped.
    /// </summary>
    private static string BoldLabel(string line)
    {
        if (line.Length <= 4 || !line.StartsWith("**", StringComparison.Ordinal) || !line.EndsWith("**", StringComparison.Ordinal) || line.Contains('$', StringComparison.Ordinal))
            return line;
        if (DiffLabel().Match(line) is { Success: true } d) return $"**Differentiate with respect to ${d.Groups["x"].Value}$:**";
        if (PartialLabel().Match(line) is { Success: true } p) return $"**Partial derivative with respect to ${p.Groups["x"].Value}$:**";
        return "**" + EscapeMarkdown(line[2..^2]) + "**";
    }

    private static string EscapeMarkdown(string text)
    {
        var result = new StringBuilder();
        foreach (char c in text)
        {
            if (c is '*' or '_' or '^' or '~') result.Append('\\');
            result.Append(c);
        }
        return result.ToString();
    }

    private static string DerivationBlocks(string engineMarkdown) =>
        DerivationBlock().Replace(engineMarkdown, match =>
        {
            var markdown = new StringBuilder();
            markdown.Append("$$ ").Append(match.Groups["head"].Value.Trim()).Append(" $$\n\n");
            int number = 0;
            foreach (var raw in match.Groups["items"].Value.Split("\\item ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var item = Item().Match(raw);
                if (!item.Success) continue; // a step the printer writes differently: the display equation above still holds the result
                string nesting = item.Groups["depth"].Success ? string.Concat(Enumerable.Repeat("↳ ", (int)Math.Round(double.Parse(item.Groups["depth"].Value, System.Globalization.CultureInfo.InvariantCulture) / 1.5))) : "";
                markdown.Append(++number).Append(". ").Append(nesting)
                    .Append("**").Append(Unescape(item.Groups["rule"].Value)).Append("** $").Append(item.Groups["formula"].Value).Append("$: ")
                    .Append('$').Append(item.Groups["step"].Value).Append("$. ")
                    .Append(Unescape(item.Groups["text"].Value)).Append('\n');
            }
            return markdown.ToString().TrimEnd() + "\n";
        });

    /// <summary>Undoes the LaTeX text escapes of the derivation printer outside math (<c>\^{}</c>, <c>\_</c>…).</summary>
    private static string Unescape(string latexText)
    {
        var text = latexText
            .Replace("\\textbackslash{}", "\\", StringComparison.Ordinal)
            .Replace("\\^{}", "^", StringComparison.Ordinal)
            .Replace("\\~{}", "~", StringComparison.Ordinal);
        foreach (var c in "_{}&%#")
            text = text.Replace("\\" + c, c.ToString(), StringComparison.Ordinal);
        // Markdown would read * and _ outside math as emphasis.
        var result = new StringBuilder();
        bool math = false;
        foreach (char c in text)
        {
            if (c == '$') math = !math;
            if (!math && c is '*' or '_' or '^' or '~') result.Append('\\');
            result.Append(c);
        }
        return result.ToString();
    }
}
