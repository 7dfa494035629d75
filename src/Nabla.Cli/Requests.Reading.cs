using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Cli;

public static partial class RequestReader
{
    /// <summary>The multivariate ops (grad, jacobian, hessian, stationary, chain, taylor, numdiff), or null for another op.</summary>
    private static Request? ReadMultivariate(string op, JsonObject obj, bool split) => op switch
    {
        "grad" => new GradientRequest(RequiredString(obj, "expr"), OptionalStringList(obj, "vars"), OptionalPoint(obj, "at"), split,
            OptionalString(obj, "method"), OptionalBool(obj, "steps") ?? false),
        "jacobian" => new JacobianRequest(Functions(obj), OptionalStringList(obj, "vars"), OptionalPoint(obj, "at"), split,
            OptionalBool(obj, "steps") ?? false),
        "hessian" => new HessianRequest(RequiredString(obj, "expr"), OptionalStringList(obj, "vars"), OptionalPoint(obj, "at"), split,
            OptionalBool(obj, "steps") ?? false),
        "stationary" => new StationaryRequest(RequiredString(obj, "expr"), OptionalStringList(obj, "vars"), split),
        "chain" => new ChainRequest(
            RequiredString(obj, "expr"),
            OptionalPoint(obj, "with") ?? throw new RequestException("missing field \"with\"", HintFor("with")),
            OptionalString(obj, "wrt"),
            OptionalPoint(obj, "at"),
            split),
        "taylor" => new TaylorRequest(
            RequiredString(obj, "expr"),
            OptionalPoint(obj, "about"),
            OptionalInt(obj, "order") ?? throw new RequestException("missing field \"order\"", HintFor("order")),
            split),
        "numdiff" => new NumDiffRequest(
            RequiredString(obj, "expr"),
            OptionalPoint(obj, "at") ?? throw new RequestException("missing field \"at\"", HintFor("at")),
            OptionalString(obj, "wrt"),
            OptionalString(obj, "method"),
            OptionalBool(obj, "table") ?? false,
            split),
        _ => null,
    };

    /// <summary>A Jacobian's functions: <c>"exprs"</c> as a list, or (for symmetry with the command line) <c>"expr"</c> separated by <c>;</c>.</summary>
    private static IReadOnlyList<string> Functions(JsonObject obj)
    {
        if (OptionalStringList(obj, "exprs") is { } list)
        {
            if (list.Count == 0) throw new RequestException("\"exprs\" is empty: a Jacobian needs at least one function", HintFor("exprs"));
            return list;
        }
        if (OptionalString(obj, "expr") is { } joined) return SplitFunctions(joined);
        throw new RequestException("missing field \"exprs\"", HintFor("exprs"));
    }

    private static List<string>? OptionalStringList(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is not JsonArray array)
            throw new RequestException($"field \"{name}\" must be a list of strings, e.g. [\"x\",\"y\"]");
        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String) list.Add(v.GetValue<string>());
            else throw new RequestException($"field \"{name}\" must be a list of strings, e.g. [\"x\",\"y\"]");
        }
        return list;
    }

    /// <summary>
    /// Splits the <c>--vars</c> syntax <c>x,y,z</c> into names (spaces around names are ignored).
    /// </summary>
    /// <exception cref="RequestException">The list is empty or has an empty name.</exception>
    public static List<string> ParseNames(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split(',').Select(n => n.Trim()).ToList();
        if (names.Any(n => n.Length == 0))
            throw new RequestException($"--vars: \"{text}\" has an empty name", "write the variables as --vars x,y");
        return names;
    }

    /// <summary>
    /// Splits the functions of <c>nabla jacobian "f1; f2; …"</c> at the semicolons (one trailing semicolon is allowed).
    /// </summary>
    /// <exception cref="RequestException">A function between two semicolons is empty, or there is none.</exception>
    public static List<string> SplitFunctions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(';').ToList();
        if (parts.Count > 1 && string.IsNullOrWhiteSpace(parts[^1])) parts.RemoveAt(parts.Count - 1);
        for (int i = 0; i < parts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(parts[i]))
                throw new RequestException(
                    parts.Count == 1 ? "no function given" : $"function {i + 1} of {parts.Count} is empty",
                    "separate the functions with semicolons: \"x^2 - y^2; 2x y\"");
        }
        return parts;
    }

    /// <summary>
    /// Parses the <c>--with</c> syntax <c>x=t+1; y=t-1</c>: each inner variable and its path, separated by semicolons.
    /// </summary>
    /// <exception cref="RequestException">A part is not <c>name=expression</c>.</exception>
    public static List<PointValue> ParsePaths(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paths = new List<PointValue>();
        foreach (var part in text.Split(';'))
        {
            if (string.IsNullOrWhiteSpace(part)) continue;
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? "" : part[..eq].Trim();
            string value = eq < 0 ? "" : part[(eq + 1)..].Trim();
            if (name.Length == 0 || value.Length == 0)
                throw new RequestException($"--with: \"{part.Trim()}\" is not name=expression", "write the paths as --with \"x=t+1; y=t^2\"");
            paths.Add(new PointValue(name, value));
        }
        if (paths.Count == 0) throw new RequestException("--with: no paths given", "write the paths as --with \"x=t+1; y=t^2\"");
        return paths;
    }
}
