using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Nabla.Course.Content;

/// <summary>
/// Lesson Markdown: parsing (Markdig with custom containers for <c>::: widget</c> / <c>::: exercise</c> and the
/// mathematics extension for <c>$…$</c> / <c>$$…$$</c>), the checks the validator runs on a body, and rendering to
/// HTML for hosts.
/// </summary>
public static partial class LessonMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseCustomContainers()
        .UseMathematics()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UsePreciseSourceLocation()
        .Build();

    [GeneratedRegex("""\G\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")]
    private static partial Regex AttributePattern();

    /// <summary>Parses a directive's arguments (<c>NAME key="value" …</c>) into its name and attributes.</summary>
    /// <returns>False when the text after the name is not a list of <c>key="value"</c> pairs (<paramref name="error"/> says where).</returns>
    public static bool TryParseArguments(string arguments, out string name, out List<KeyValuePair<string, string>> attributes, out string? error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        attributes = [];
        error = null;
        var text = arguments.Trim();
        int space = text.IndexOfAny([' ', '\t']);
        name = space < 0 ? text : text[..space];
        int at = space < 0 ? text.Length : space;
        var pattern = AttributePattern();
        while (at < text.Length)
        {
            if (string.IsNullOrWhiteSpace(text[at..])) break;
            var m = pattern.Match(text, at);
            if (!m.Success)
            {
                error = $"cannot read the attributes from \"{text[at..].Trim()}\": write key=\"value\" pairs";
                return false;
            }
            string value = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value;
            attributes.Add(new(m.Groups[1].Value, value));
            at = m.Index + m.Length;
        }
        return true;
    }

    /// <summary>Parses a lesson body into its directives and reports Markdown and math problems with file lines.</summary>
    /// <param name="body">The Markdown after the front matter.</param>
    /// <param name="file">The file name used in problems.</param>
    /// <param name="bodyLine">The 1-based file line on which the body starts.</param>
    /// <param name="problems">Receives problems.</param>
    internal static (List<Directive> Directives, bool HasPractice) Analyse(string body, string file, int bodyLine, List<ContentProblem> problems)
    {
        var document = Markdown.Parse(body, Pipeline);
        var lineStarts = LineStarts(body);
        int LineOf(int offset) => bodyLine + LineIndex(lineStarts, offset);

        var directives = new List<Directive>();
        foreach (var container in document.Descendants<CustomContainer>())
        {
            int line = bodyLine + container.Line;
            string info = container.Info ?? "";
            if (info is not ("widget" or "exercise"))
            {
                problems.Add(new(ProblemKind.Syntax, file, line, $"unknown directive \"::: {info}\": use \"::: widget NAME …\" or \"::: exercise TEMPLATE-ID\""));
                continue;
            }
            if (!TryParseArguments(container.Arguments ?? "", out var name, out var attributes, out var error))
            {
                problems.Add(new(ProblemKind.UnknownAttribute, file, line, error!));
                continue;
            }
            if (name.Length == 0)
            {
                problems.Add(new(ProblemKind.Syntax, file, line, $"\"::: {info}\" needs a {(info == "widget" ? "widget name" : "template id")}"));
                continue;
            }
            directives.Add(new Directive(info, name, attributes, line));
        }

        // Math in running text is found the way KaTeX's auto-render finds it (a display formula may span lines
        // within a paragraph), not by Markdig's inline parser, which only sees single-line formulas.
        foreach (var leaf in document.Descendants<LeafBlock>())
        {
            if (leaf is CodeBlock or MathBlock || leaf.Span.IsEmpty) continue;
            int start = Math.Max(0, leaf.Span.Start), end = Math.Min(body.Length, leaf.Span.End + 1);
            ScanMath(body, start, end, LineOf, file, problems);
        }
        foreach (var block in document.Descendants<MathBlock>())
            CheckMath(block.Lines.ToString(), bodyLine + block.Line, file, problems);

        bool hasPractice = false;
        var headings = document.Descendants<HeadingBlock>().Where(h => h.Level == 2).ToList();
        if (headings.Count > 0 && HeadingText(headings[^1]) == "Practice")
        {
            int practiceLine = headings[^1].Line;
            hasPractice = document.Descendants<CustomContainer>().Any(c => c.Info == "exercise" && c.Line > practiceLine);
        }
        return (directives, hasPractice);
    }

    private static void ScanMath(string text, int start, int end, Func<int, int> lineOf, string file, List<ContentProblem> problems)
    {
        int i = start;
        while (i < end)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < end && text[i + 1] == '$')
            {
                i += 2;
                continue;
            }
            if (c == '`')
            {
                // Inline code is not math: skip to the matching run of backticks.
                int run = 0;
                while (i + run < end && text[i + run] == '`') run++;
                int close = text.IndexOf(new string('`', run), i + run, end - i - run, StringComparison.Ordinal);
                i = close < 0 ? i + run : close + run;
                continue;
            }
            if (c != '$')
            {
                i++;
                continue;
            }
            bool display = i + 1 < end && text[i + 1] == '$';
            int open = i;
            int from = i + (display ? 2 : 1);
            int closing = display ? FindDisplayClose(text, from, end) : FindInlineClose(text, from, end);
            if (closing < 0)
            {
                problems.Add(new(ProblemKind.BrokenMath, file, lineOf(open),
                    $"a '{(display ? "$$" : "$")}' that opens no formula (unbalanced math delimiters; write \\$ for a dollar sign)"));
                i = from;
                continue;
            }
            CheckMath(text[from..closing], lineOf(open), file, problems);
            i = closing + (display ? 2 : 1);
        }
    }

    private static int FindDisplayClose(string text, int from, int end)
    {
        for (int i = from; i + 1 < end; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '$' && text[i + 1] == '$') return i;
        }
        return -1;
    }

    private static int FindInlineClose(string text, int from, int end)
    {
        for (int i = from; i < end; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '\n' && i + 1 < end && text[i + 1] == '\n') return -1;
            if (text[i] == '$') return i;
        }
        return -1;
    }

    private static void CheckMath(string latex, int line, string file, List<ContentProblem> problems)
    {
        foreach (var (kind, message) in LatexChecker.Check(latex))
            problems.Add(new ContentProblem(kind, file, line, $"{message} in ${Shorten(latex)}$"));
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private static string HeadingText(HeadingBlock heading) =>
        heading.Inline is null ? "" : string.Concat(heading.Inline.Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        return starts;
    }

    private static int LineIndex(List<int> starts, int offset)
    {
        int i = starts.BinarySearch(Math.Max(0, offset));
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>
    /// Renders a lesson body to HTML for a host. Math stays as KaTeX input wrapped in
    /// <c>&lt;span class="math"&gt;\(…\)&lt;/span&gt;</c> (display: <c>&lt;div class="math"&gt;\[…\]&lt;/div&gt;</c>); a widget
    /// becomes <c>&lt;div class="nabla-widget" data-widget="NAME" data-ATTR="value"&gt;&lt;/div&gt;</c> and an exercise
    /// <c>&lt;div class="nabla-exercise" data-template="ID"&gt;&lt;/div&gt;</c>, for the host's scripts to fill.
    /// </summary>
    public static string ToHtml(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var document = Markdown.Parse(body, Pipeline);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.RemoveAll(r => r is HtmlCustomContainerRenderer);
        renderer.ObjectRenderers.Insert(0, new DirectiveRenderer());
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Renders a lesson to HTML (see <see cref="ToHtml(string)"/>).</summary>
    public static string ToHtml(Lesson lesson)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        return ToHtml(lesson.Body);
    }

    private sealed class DirectiveRenderer : HtmlObjectRenderer<CustomContainer>
    {
        protected override void Write(HtmlRenderer renderer, CustomContainer obj)
        {
            renderer.EnsureLine();
            TryParseArguments(obj.Arguments ?? "", out var name, out var attributes, out _);
            var html = new StringBuilder();
            if (obj.Info == "exercise")
            {
                html.Append("<div class=\"nabla-exercise\" data-template=\"").Append(WebUtility.HtmlEncode(name)).Append("\"></div>");
            }
            else if (obj.Info == "widget")
            {
                html.Append("<div class=\"nabla-widget\" data-widget=\"").Append(WebUtility.HtmlEncode(name)).Append('"');
                foreach (var (key, value) in attributes)
                    html.Append(" data-").Append(key).Append("=\"").Append(WebUtility.HtmlEncode(value)).Append('"');
                html.Append("></div>");
            }
            renderer.Write(html.ToString());
            if (obj.Info is not ("widget" or "exercise")) renderer.WriteChildren(obj);
            renderer.EnsureLine();
        }
    }
}
