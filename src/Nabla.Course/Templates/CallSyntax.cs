namespace Nabla.Course.Templates;

/// <summary>One argument of a call such as <c>int(2, 8, exclude=[a])</c>: an optional key and its text.</summary>
/// <param name="Key">The key for <c>key=value</c> arguments, else null.</param>
/// <param name="Text">The argument text, trimmed.</param>
internal sealed record CallArg(string? Key, string Text);

/// <summary>The small call syntax shared by parameter generators, computations and mutants.</summary>
internal static class CallSyntax
{
    /// <summary>Reads <c>name(arg, key=value, …)</c>; false when <paramref name="text"/> is not one whole call.</summary>
    public static bool TryParseCall(string text, out string name, out List<CallArg> args)
    {
        name = "";
        args = [];
        text = text.Trim();
        int open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !text.EndsWith(')')) return false;
        name = text[..open].Trim();
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        if (MatchingClose(text, open) != text.Length - 1) return false;
        string inner = text[(open + 1)..^1];
        if (string.IsNullOrWhiteSpace(inner)) return true;
        foreach (var part in SplitTopLevel(inner))
        {
            var p = part.Trim();
            int eq = TopLevelEquals(p);
            if (eq > 0 && p[..eq].Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                args.Add(new CallArg(p[..eq].Trim(), p[(eq + 1)..].Trim()));
            else
                args.Add(new CallArg(null, p));
        }
        return true;
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, or -1.</summary>
    public static int MatchingClose(string text, int open)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '"' or '\'') quote = c;
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                depth--;
                if (depth == 0) return i;
                if (depth < 0) return -1;
            }
        }
        return -1;
    }

    /// <summary>Splits at commas outside brackets and quotes.</summary>
    public static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '"' or '\'') quote = c;
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>The items of a bracketed list <c>[a, b]</c>, or null when <paramref name="text"/> is not one.</summary>
    public static List<string>? ListItems(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('[') || MatchingClose(text, 0) != text.Length - 1) return null;
        var inner = text[1..^1];
        if (string.IsNullOrWhiteSpace(inner)) return [];
        return SplitTopLevel(inner).Select(s => s.Trim()).ToList();
    }

    /// <summary>Removes one pair of surrounding quotes.</summary>
    public static string Unquote(string text)
    {
        text = text.Trim();
        if (text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0]) return text[1..^1];
        return text;
    }

    private static int TopLevelEquals(string text)
    {
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == '=' && depth == 0)
            {
                bool comparison = (i + 1 < text.Length && text[i + 1] == '=') || (i > 0 && text[i - 1] is '!' or '<' or '>' or '=');
                if (!comparison) return i;
            }
        }
        return -1;
    }
}
