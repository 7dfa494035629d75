using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nabla.Course.Content;

/// <summary>
/// Reads YAML with line numbers (the representation model keeps each node's start mark), reporting problems instead
/// of throwing so that one bad file does not hide the others.
/// </summary>
internal sealed class YamlSource
{
    private readonly List<ContentProblem> problems;

    public YamlSource(string file, int lineOffset, List<ContentProblem> problems)
    {
        File = file;
        LineOffset = lineOffset;
        this.problems = problems;
    }

    public string File { get; }

    /// <summary>Added to the YAML's own 1-based line numbers (front matter starts on line 2 of a Markdown file).</summary>
    public int LineOffset { get; }

    public YamlMappingNode? LoadMapping(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                Problem(ProblemKind.Syntax, LineOffset + 1, "expected a YAML mapping (key: value lines)");
                return null;
            }
            return map;
        }
        catch (YamlException ex)
        {
            Problem(ProblemKind.Syntax, (int)ex.Start.Line + LineOffset, $"invalid YAML: {ex.Message}");
            return null;
        }
    }

    public int Line(YamlNode node) => (int)node.Start.Line + LineOffset;

    public void Problem(ProblemKind kind, int line, string message) => problems.Add(new ContentProblem(kind, File, line, message));

    /// <summary>The line of every top-level key.</summary>
    public Dictionary<string, int> FieldLines(YamlMappingNode map)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, _) in map.Children)
            if (k is YamlScalarNode s && s.Value is { } name) lines[name] = Line(k);
        return lines;
    }

    public static YamlNode? Get(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    public string? String(YamlMappingNode map, string key, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(ProblemKind.Syntax, Line(map), $"missing field \"{key}\"");
            return null;
        }
        if (node is YamlScalarNode s) return s.Value ?? "";
        Problem(ProblemKind.Syntax, Line(node), $"field \"{key}\" must be a single value");
        return null;
    }

    public int? Int(YamlMappingNode map, string key, bool required = false)
    {
        var text = String(map, key, required);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)) return v;
        Problem(ProblemKind.Syntax, Line(Get(map, key)!), $"field \"{key}\" must be an integer, not \"{text}\"");
        return null;
    }

    public double? Double(YamlMappingNode map, string key)
    {
        var text = String(map, key);
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        Problem(ProblemKind.Syntax, Line(Get(map, key)!), $"field \"{key}\" must be a number, not \"{text}\"");
        return null;
    }

    public List<string> StringList(YamlMappingNode map, string key, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(ProblemKind.Syntax, Line(map), $"missing field \"{key}\"");
            return [];
        }
        if (node is YamlSequenceNode seq)
        {
            var list = new List<string>();
            foreach (var item in seq.Children)
            {
                if (item is YamlScalarNode s) list.Add(s.Value ?? "");
                else Problem(ProblemKind.Syntax, Line(item), $"each item of \"{key}\" must be a single value");
            }
            return list;
        }
        if (node is YamlScalarNode one && !string.IsNullOrEmpty(one.Value)) return [one.Value];
        Problem(ProblemKind.Syntax, Line(node), $"field \"{key}\" must be a list");
        return [];
    }

    /// <summary>Splits a Markdown file into its front matter (between <c>---</c> lines) and body.</summary>
    public static bool SplitFrontMatter(string text, out string frontMatter, out string body, out int bodyLine)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        frontMatter = "";
        body = text;
        bodyLine = 1;
        if (lines.Length == 0 || lines[0].TrimEnd() != "---") return false;
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "---") continue;
            frontMatter = string.Join('\n', lines[1..i]);
            body = string.Join('\n', lines[(i + 1)..]);
            bodyLine = i + 2;
            return true;
        }
        return false;
    }
}
