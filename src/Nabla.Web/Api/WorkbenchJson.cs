using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Cli;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Web.Api;

/// <summary>
/// Reading the engine and workbench requests by hand rather than by model binding: every field is checked here
/// (type, length, range) so that a bad request is always answered 400 with a message and a hint, and the body is
/// read under the course's size limit even where the server does not enforce it.
/// </summary>
internal static class WorkbenchJson
{
    /// <summary>The longest expression the workbench reads (characters).</summary>
    public const int MaxExpressionLength = 2_000;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>A request that cannot be answered: the message, the hint and the status (400 unless said).</summary>
    public sealed class Problem(string message, string? hint = null, int status = StatusCodes.Status400BadRequest) : Exception(message)
    {
        /// <summary>How to fix the request.</summary>
        public string? Hint { get; } = hint;

        /// <summary>The HTTP status.</summary>
        public int Status { get; } = status;

        /// <summary>The error answer.</summary>
        public IResult ToResult() => Infrastructure.ApiErrors.Error(Message, Hint, status: Status);
    }

    /// <summary>Reads the body as text, at most <paramref name="limit"/> bytes (413 past it).</summary>
    public static async Task<string> ReadBodyAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength is { } length && length > limit) throw TooLarge(limit);
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 8192, leaveOpen: true);
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            text.Append(buffer, 0, read);
            // Characters bound bytes from below, so this never refuses a body within the limit.
            if (text.Length > limit) throw TooLarge(limit);
        }
        return text.ToString();
    }

    private static Problem TooLarge(long limit) =>
        new("the request body is too large", $"send less than {limit / 1024} KB", StatusCodes.Status413PayloadTooLarge);

    private const string LoneSurrogate = "a string in the request is not valid text (it escapes a lone UTF-16 surrogate, e.g. \\uDE00)";

    /// <summary>Parses the body as one JSON object.</summary>
    public static JsonObject ParseObject(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            string reason = ex.Message.Split(" LineNumber:", 2)[0].Trim();
            throw new Problem($"the request is not valid JSON: {reason}", "send one JSON object, e.g. {\"f\":\"x^2\"}");
        }
        if (node is not JsonObject obj) throw new Problem("the request must be a JSON object", "e.g. {\"f\":\"x^2\"}");
        try
        {
            _ = obj.Count;
        }
        catch (ArgumentException)
        {
            throw new Problem("a field appears twice in the request", "give each field once");
        }
        catch (InvalidOperationException)
        {
            throw new Problem(LoneSurrogate, "send each character whole, or remove it");
        }
        // Found by fuzzing: an escaped lone surrogate ("\uDE00") parses, then throws when the string is read (a 500).
        if (!Nabla.Cli.RequestReader.IsValidText(obj)) throw new Problem(LoneSurrogate, "send each character whole, or remove it");
        if (Nabla.Cli.RequestReader.HasRepeatedName(obj)) throw new Problem("a field appears twice in an object of the request", "give each field once");
        return obj;
    }

    /// <summary>A required expression field, at most <see cref="MaxExpressionLength"/> characters.</summary>
    public static string Expression(JsonObject obj, string name)
    {
        var text = OptionalString(obj, name) ?? throw new Problem($"missing field \"{name}\"", $"add \"{name}\": the function, e.g. \"x^3 sin(x)\"");
        if (text.Length > MaxExpressionLength)
            throw new Problem($"\"{name}\" is {text.Length:N0} characters long; the workbench reads at most {MaxExpressionLength:N0}", "shorten the expression");
        if (string.IsNullOrWhiteSpace(text)) throw new Problem($"\"{name}\" is empty", "type a function, e.g. x^3 sin(x)");
        return text;
    }

    /// <summary>An optional string field.</summary>
    public static string? OptionalString(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw new Problem($"field \"{name}\" must be a string");
    }

    /// <summary>An optional boolean field.</summary>
    public static bool OptionalBool(JsonObject obj, string name, bool fallback) => obj[name]?.GetValueKind() switch
    {
        null => fallback,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new Problem($"field \"{name}\" must be true or false"),
    };

    /// <summary>An optional finite number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static double Number(JsonObject obj, string name, double fallback, double min, double max)
    {
        var node = obj[name];
        if (node is null) return fallback;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double x) && double.IsFinite(x))
        {
            if (x < min || x > max)
                throw new Problem($"field \"{name}\" must be between {Show(min)} and {Show(max)}, got {Show(x)}");
            return x;
        }
        throw new Problem($"field \"{name}\" must be a number");
    }

    /// <summary>An optional integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Integer(JsonObject obj, string name, int fallback, int min, int max)
    {
        double x = Number(obj, name, fallback, min, max);
        if (x != Math.Floor(x)) throw new Problem($"field \"{name}\" must be a whole number, got {Show(x)}");
        return (int)x;
    }

    /// <summary>
    /// An optional range <c>[from, to]</c> with finite ends, from &lt; to and |ends| ≤ <paramref name="bound"/>.
    /// </summary>
    public static (double From, double To) Range(JsonObject obj, string name, (double, double) fallback, double bound = 1e6)
    {
        var node = obj[name];
        if (node is null) return fallback;
        string hint = $"write \"{name}\": [from, to], e.g. [-4, 4]";
        if (node is not JsonArray { Count: 2 } pair) throw new Problem($"field \"{name}\" must be a list of two numbers", hint);
        double[] ends = new double[2];
        for (int i = 0; i < 2; i++)
        {
            if (pair[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out ends[i]) || !double.IsFinite(ends[i]))
                throw new Problem($"field \"{name}\" must be a list of two numbers", hint);
            if (Math.Abs(ends[i]) > bound) throw new Problem($"field \"{name}\": the ends must lie within ±{Show(bound)}", hint);
        }
        if (!(ends[0] < ends[1])) throw new Problem($"field \"{name}\": from ({Show(ends[0])}) must be less than to ({Show(ends[1])})", hint);
        return (ends[0], ends[1]);
    }

    /// <summary>An optional list of variable names.</summary>
    public static IReadOnlyList<string>? Names(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        string hint = $"write \"{name}\": [\"x\", \"y\"]";
        if (node is not JsonArray array) throw new Problem($"field \"{name}\" must be a list of variable names", hint);
        var names = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String) throw new Problem($"field \"{name}\" must be a list of variable names", hint);
            string s = v.GetValue<string>();
            if (s.Length is 0 or > 64) throw new Problem($"\"{s}\" is not a variable name", hint);
            names.Add(s);
        }
        return names;
    }

    /// <summary>
    /// Parses <paramref name="text"/> with the engine's parser and decides its variables: <paramref name="names"/>
    /// when given (each must be a plain name; every free symbol must be among them), else the free symbols in natural order.
    /// </summary>
    public static (Expr F, IReadOnlyList<Symbol> Vars) ParseFunction(string text, IReadOnlyList<string>? names, bool split)
    {
        var f = Expr.Parse(text, split ? ParseOptions.SplitLetters : ParseOptions.Default);
        if (names is null) return (f, Calculus.InferVariables(f));
        var vars = new List<Symbol>();
        foreach (var name in names)
        {
            if (Expr.Parse(name) is not Symbol s) throw new Problem($"\"{name}\" is not a variable name", "write variables as [\"x\", \"y\"]");
            if (vars.Contains(s)) throw new Problem($"the variable {name} is listed twice");
            vars.Add(s);
        }
        var unbound = f.FreeSymbols.Where(s => !vars.Contains(s)).ToList();
        if (unbound.Count > 0)
            throw new Problem($"the function uses {string.Join(", ", unbound.Select(s => s.Name))}, which is not among the variables {string.Join(", ", names)}",
                "add it to \"vars\", or leave \"vars\" out to infer the variables");
        return (f, vars);
    }

    /// <summary>Turns exceptions of the engine or of the request into the batch-shaped error answer with a 4xx status.</summary>
    public static IResult? ErrorFor(Exception ex) => ex switch
    {
        Problem p => p.ToResult(),
        BudgetExceededException or SymbolicException or RequestException => Infrastructure.ApiErrors.FromException(ex),
        // An exact number outgrew its representation inside the engine: past what it handles, so a budget answer.
        ArithmeticException => Infrastructure.ApiErrors.Error("the numbers in this computation grew too large for the engine", "try smaller exponents",
            status: StatusCodes.Status422UnprocessableEntity),
        _ => null,
    };

    /// <summary>A double for JSON: null when it is not finite (JSON has no NaN or infinity).</summary>
    public static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static string Show(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
