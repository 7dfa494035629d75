using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Cli;

/// <summary>A root of a function of one variable by Newton-Raphson, bisection or the secant method.</summary>
/// <param name="Expr">The function; its root is where it is 0.</param>
/// <param name="From">The start (a number or a constant expression such as <c>pi/2</c>); for bisection one end of the interval.</param>
/// <param name="Method">newton (default), bisection or secant.</param>
/// <param name="To">For bisection: the other end of the interval (without it, a bracket is searched for outward from <paramref name="From"/>).</param>
/// <param name="MaxIterations">The iteration budget (default 100).</param>
/// <param name="Trace">Return every iterate.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record RootsRequest(string Expr, string From, string? Method = null, string? To = null, int? MaxIterations = null, bool Trace = false,
    bool Split = false) : Request(Split);

/// <summary>A local minimum of a function of several variables by an iterative method.</summary>
/// <param name="Expr">The function to minimise.</param>
/// <param name="From">The start: a value for every variable.</param>
/// <param name="Method">gd, momentum, nesterov, adam, newton, hybrid, bfgs (default) or lbfgs.</param>
/// <param name="Rate">The step size γ for the fixed-step methods (gd, momentum, nesterov, adam).</param>
/// <param name="MaxIterations">The iteration budget (default 1000).</param>
/// <param name="Trace">Return every iterate.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record MinimizeRequest(string Expr, IReadOnlyList<PointValue> From, string? Method = null, double? Rate = null, int? MaxIterations = null,
    bool Trace = false, bool Split = false) : Request(Split);

/// <summary>The stationary points of a function on equality constraints, by Lagrange multipliers.</summary>
/// <param name="Expr">The function f.</param>
/// <param name="Constraints">Each constraint, as <c>g</c> (meaning g = 0) or <c>lhs = rhs</c>.</param>
/// <param name="Vars">The variables; null infers them from f and the constraints.</param>
/// <param name="From">A start for the Newton solve (variables and optionally lambda); null searches from many starts in a box.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record LagrangeRequest(string Expr, IReadOnlyList<string> Constraints, IReadOnlyList<string>? Vars = null,
    IReadOnlyList<PointValue>? From = null, bool Split = false) : Request(Split);

public static partial class RequestReader
{
    /// <summary>The optimisation ops (roots, minimize, lagrange), or null for another op.</summary>
    private static Request? ReadOptimization(string op, JsonObject obj, bool split) => op switch
    {
        "roots" => new RootsRequest(
            RequiredString(obj, "expr"),
            NumberOrText(obj, "from") ?? throw new RequestException("missing field \"from\"", "add \"from\": the start, e.g. 1.5"),
            OptionalString(obj, "method"),
            NumberOrText(obj, "to"),
            OptionalInt(obj, "maxIterations"),
            OptionalBool(obj, "trace") ?? false,
            split),
        "minimize" => new MinimizeRequest(
            RequiredString(obj, "expr"),
            OptionalPoint(obj, "from") ?? throw new RequestException("missing field \"from\"", "add \"from\": the start, e.g. {\"x\":1,\"y\":2}"),
            OptionalString(obj, "method"),
            OptionalDouble(obj, "rate"),
            OptionalInt(obj, "maxIterations"),
            OptionalBool(obj, "trace") ?? false,
            split),
        "lagrange" => new LagrangeRequest(
            RequiredString(obj, "expr"),
            OptionalStringList(obj, "constraints") is { Count: > 0 } constraints
                ? constraints
                : throw new RequestException("missing field \"constraints\"", "add \"constraints\": a list such as [\"x^2 + y^2 - 1\"] (each g means g = 0)"),
            OptionalStringList(obj, "vars"),
            OptionalPoint(obj, "from"),
            split),
        _ => null,
    };

    /// <summary>A field that is a number or a string (a constant expression such as "pi/2"), as text; null when absent.</summary>
    private static string? NumberOrText(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.Number => node.ToJsonString(),
            JsonValueKind.String => node.GetValue<string>(),
            _ => throw new RequestException($"field \"{name}\" must be a number (or a constant expression as a string)"),
        };
    }

    private static double? OptionalDouble(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double x)) return x;
        throw new RequestException($"field \"{name}\" must be a number");
    }

    /// <summary>Splits repeated or semicolon-separated constraints (<c>--subject-to "x^2 + y^2 = 1; x = y"</c>).</summary>
    public static List<string> SplitConstraints(IEnumerable<string> texts)
    {
        var list = new List<string>();
        foreach (var text in texts)
            foreach (var part in text.Split(';'))
            {
                if (part.Trim().Length == 0) continue;
                list.Add(part.Trim());
            }
        if (list.Count == 0)
            throw new RequestException("no constraint given", "add --subject-to \"x^2 + y^2 = 1\" (a constraint g alone means g = 0)");
        return list;
    }
}
