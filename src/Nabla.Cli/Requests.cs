using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Cli;

/// <summary>One thing to compute, from a verb's arguments or a batch line.</summary>
/// <param name="Split">Parse with <c>ParseOptions.SplitLetters</c> (<c>xy</c> means x·y).</param>
public abstract record Request(bool Split);

/// <summary>A value for one variable of an <c>--at</c> point, as the user wrote it (a number or an expression such as <c>pi/4</c>).</summary>
/// <param name="Name">The variable.</param>
/// <param name="Text">Its value as text.</param>
public sealed record PointValue(string Name, string Text);

/// <summary>Differentiate <paramref name="Expr"/>.</summary>
/// <param name="Expr">The function, in the expression language.</param>
/// <param name="Wrt">The variable; null picks the only free variable, else <c>x</c>.</param>
/// <param name="Order">How many times (1 or more).</param>
/// <param name="At">When given, the derivative is also evaluated at this point.</param>
/// <param name="Steps">Record and return the derivation steps.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record DiffRequest(string Expr, string? Wrt = null, int Order = 1, IReadOnlyList<PointValue>? At = null, bool Steps = false, bool Split = false)
    : Request(Split);

/// <summary>Simplify <paramref name="Expr"/>.</summary>
/// <param name="Expr">The expression.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record SimplifyRequest(string Expr, bool Split = false) : Request(Split);

/// <summary>Decide whether <paramref name="A"/> and <paramref name="B"/> are the same function.</summary>
/// <param name="A">The first expression.</param>
/// <param name="B">The second expression.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record EquivRequest(string A, string B, bool Split = false) : Request(Split);

/// <summary>
/// Bad input that is the user's to fix (a missing field, an unbound variable, an unknown op): exit code 1 and an
/// error object, never a crash.
/// </summary>
public sealed class RequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RequestException(string message, string? hint = null) : base(message) => Hint = hint;

    /// <summary>Creates the exception.</summary>
    public RequestException() : this("invalid request") { }

    /// <summary>Creates the exception.</summary>
    public RequestException(string message, Exception inner) : base(message, inner) { }

    /// <summary>A suggestion for fixing the request, or null.</summary>
    public string? Hint { get; }
}

/// <summary>Reads one batch line (a JSON object) into a <see cref="Request"/>.</summary>
public static partial class RequestReader
{
    /// <summary>The operations a batch line may ask for.</summary>
    public static IReadOnlyList<string> Operations { get; } =
        ["diff", "simplify", "equiv", "grad", "jacobian", "hessian", "stationary", "chain", "taylor", "numdiff", "roots", "minimize", "lagrange", "fit", "linfit", "plot", "exercise", "check", "lab"];

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>
    /// True when every name and string of <paramref name="node"/> decodes: a JSON escape can spell a lone surrogate
    /// (<c>"\uDE00"</c>), which System.Text.Json refuses only when the string is read, with an
    /// <see cref="InvalidOperationException"/> (found by fuzzing: it was answered as an internal error). The depth is
    /// bounded by the reader's MaxDepth.
    /// </summary>
    public static bool IsValidText(JsonNode? node)
    {
        try
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                        if (!IsValidText(child)) return false;
                    return true;
                case JsonArray a:
                    foreach (var child in a)
                        if (!IsValidText(child)) return false;
                    return true;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    _ = v.GetValue<string>();
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            // A repeated field name, not a text problem: HasRepeatedName reports it.
            return true;
        }
    }

    /// <summary>
    /// True when an object anywhere in <paramref name="node"/> names a field twice (<c>{"x":1,"x":2}</c>). JsonObject
    /// builds its dictionary lazily and throws <see cref="ArgumentException"/> only when a nested object is first read,
    /// which answered a nested repeat as an internal error (found by fuzzing). The depth is bounded by the reader's
    /// MaxDepth.
    /// </summary>
    public static bool HasRepeatedName(JsonNode? node)
    {
        try
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                        if (HasRepeatedName(child)) return true;
                    return false;
                case JsonArray a:
                    foreach (var child in a)
                        if (HasRepeatedName(child)) return true;
                    return false;
                default:
                    return false;
            }
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>
    /// Parses <paramref name="line"/>. <paramref name="id"/> receives the request's <c>"id"</c> as soon as the line
    /// is a JSON object, so even a rejected request can be answered with its id.
    /// </summary>
    /// <exception cref="RequestException">Invalid JSON, not an object, unknown op, or a missing/mistyped field.</exception>
    public static Request Read(string line, out JsonNode? id)
    {
        ArgumentNullException.ThrowIfNull(line);
        id = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: n."; say it in the learner's words.
            string reason = ex.Message.Split(" LineNumber:", 2)[0].Trim();
            string where = ex.BytePositionInLine is { } column ? $" at character {column}" : "";
            throw new RequestException($"invalid JSON{where}: {reason}",
                "each line must be one JSON object, e.g. {\"op\":\"diff\",\"expr\":\"x^2\"}");
        }
        catch (ArgumentException)
        {
            // A string with a lone UTF-16 surrogate cannot be transcoded to UTF-8 (found by fuzzing: it was an internal error).
            throw new RequestException("the line is not valid text (it holds a lone UTF-16 surrogate)",
                "send the request as valid UTF-8, e.g. {\"op\":\"diff\",\"expr\":\"x^2\"}");
        }
        if (node is not JsonObject obj)
            throw new RequestException("a request must be a JSON object", "e.g. {\"op\":\"simplify\",\"expr\":\"x+x\"}");
        try
        {
            // JsonObject builds its dictionary lazily and rejects a repeated name only then.
            _ = obj.Count;
        }
        catch (ArgumentException)
        {
            throw new RequestException("a field appears twice in the request", "give each field once");
        }
        catch (InvalidOperationException)
        {
            // A field name escaping a lone surrogate fails when the names are decoded.
            throw new RequestException("a field name in the request is not valid text (it escapes a lone UTF-16 surrogate, e.g. \\uDE00)",
                "send each character whole, or remove it");
        }
        if (!IsValidText(obj))
            throw new RequestException("a string in the request is not valid text (it escapes a lone UTF-16 surrogate, e.g. \\uDE00)",
                "send each character whole, e.g. \\uD83D\\uDE00 for an emoji, or remove it");
        if (HasRepeatedName(obj))
            throw new RequestException("a field appears twice in an object of the request", "give each field once");

        id = obj["id"]?.DeepClone();
        string op = RequiredString(obj, "op");
        bool split = OptionalBool(obj, "split") ?? false;
        switch (op)
        {
            case "diff":
                return new DiffRequest(
                    RequiredString(obj, "expr"),
                    OptionalString(obj, "wrt"),
                    OptionalInt(obj, "order") ?? 1,
                    OptionalPoint(obj, "at"),
                    OptionalBool(obj, "steps") ?? false,
                    split);
            case "simplify":
                return new SimplifyRequest(RequiredString(obj, "expr"), split);
            case "equiv":
                return new EquivRequest(RequiredString(obj, "a"), RequiredString(obj, "b"), split);
            default:
                if ((ReadMultivariate(op, obj, split) ?? ReadOptimization(op, obj, split) ?? ReadRegression(op, obj, split) ?? ReadPlot(op, obj, split) ?? ReadPractice(op, obj)) is { } request) return request;
                throw new RequestException($"unknown op \"{op}\"", $"op must be one of: {string.Join(", ", Operations)}");
        }
    }

    private static string RequiredString(JsonObject obj, string name) =>
        OptionalString(obj, name) ?? throw new RequestException($"missing field \"{name}\"", HintFor(name));

    private static string? HintFor(string name) => name switch
    {
        "op" => $"add \"op\": one of {string.Join(", ", Operations)}",
        "expr" => "add \"expr\": the expression as a string, e.g. \"x^2 sin(x)\"",
        "a" or "b" => "equiv needs both \"a\" and \"b\"",
        "exprs" => "add \"exprs\": the component functions as a list of strings, e.g. [\"x^2-y^2\",\"2*x*y\"]",
        "with" => "add \"with\": each inner variable's path, e.g. {\"x\":\"t+1\",\"y\":\"t-1\"}",
        "at" => "add \"at\": the point, e.g. {\"x\":1}",
        "order" => "add \"order\": the highest power kept, e.g. 2",
        _ => null,
    };

    private static string? OptionalString(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw new RequestException($"field \"{name}\" must be a string");
    }

    private static bool? OptionalBool(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RequestException($"field \"{name}\" must be true or false"),
        };
    }

    private static int? OptionalInt(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i)) return i;
        if (node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue(out double x)
            && x == Math.Floor(x) && x is >= int.MinValue and <= int.MaxValue)
            return (int)x;
        throw new RequestException($"field \"{name}\" must be an integer");
    }

    private static List<PointValue>? OptionalPoint(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is not JsonObject point)
            throw new RequestException($"field \"{name}\" must be an object of variable values, e.g. {{\"x\":1,\"y\":2}}");
        var values = new List<PointValue>();
        foreach (var (variable, value) in point)
        {
            string text = value?.GetValueKind() switch
            {
                // The raw JSON number text keeps full precision and parses back with double.Parse.
                JsonValueKind.Number => value.ToJsonString(),
                JsonValueKind.String => value.GetValue<string>(),
                _ => throw new RequestException($"\"{name}\".\"{variable}\" must be a number (or an expression string such as \"pi/4\")"),
            };
            values.Add(new PointValue(variable, text));
        }
        return values;
    }

    /// <summary>
    /// Parses the <c>--at</c> syntax <c>x=1,y=2</c> (values may be expressions such as <c>pi/4</c>; commas inside
    /// parentheses do not separate).
    /// </summary>
    /// <exception cref="RequestException">A part is not <c>name=value</c>.</exception>
    public static List<PointValue> ParsePoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new List<PointValue>();
        foreach (var part in SplitTopLevel(text))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? "" : part[..eq].Trim();
            string value = eq < 0 ? "" : part[(eq + 1)..].Trim();
            if (name.Length == 0 || value.Length == 0)
                throw new RequestException($"--at: \"{part.Trim()}\" is not name=value", "write the point as --at x=1,y=2");
            values.Add(new PointValue(name, value));
        }
        if (values.Count == 0) throw new RequestException("--at: no values given", "write the point as --at x=1,y=2");
        return values;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth = Math.Max(0, depth - 1);
            else if (c == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        if (start < text.Length || text.Length == 0) yield return text[start..];
    }

    /// <summary>Reads a number in invariant culture (<c>1.5</c>, <c>-2e-3</c>), or null when it is not one.</summary>
    internal static double? TryNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
