using System.Text.Json.Nodes;
using Nabla.Symbolic;

namespace Nabla.Cli;

/// <summary>The gradient at a point as one method computed it.</summary>
/// <param name="Method">symbolic, forward, reverse or numeric.</param>
/// <param name="Values">∂f/∂v at the point, in the order of the outcome's variables.</param>
public sealed record MethodGradient(string Method, IReadOnlyList<double> Values);

public sealed partial class Responder
{
    /// <summary>
    /// The ways <c>grad --method</c> can compute a gradient at a point, in the order <c>all</c> shows them:
    /// the symbolic gradient evaluated, forward-mode AD (dual numbers), reverse-mode AD (a tape) and finite differences.
    /// </summary>
    public static IReadOnlyList<string> GradientMethodNames { get; } = ["symbolic", "forward", "reverse", "numeric"];

    /// <summary>The methods the name asks for: one, or every one for <c>all</c>.</summary>
    /// <exception cref="RequestException">An unknown method, or one this build does not have.</exception>
    public static IReadOnlyList<string> ParseGradientMethods(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        if (key == "all") return AvailableGradientMethods;
        if (!GradientMethodNames.Contains(key))
            throw new RequestException($"unknown method \"{name}\"", $"method must be one of: {string.Join(", ", GradientMethodNames)}, all");
        if (!AvailableGradientMethods.Contains(key))
            throw new RequestException($"method '{key}' is not available in this build",
                $"use one of: {string.Join(", ", AvailableGradientMethods)}");
        return [key];
    }

    /// <summary>The methods this build can run.</summary>
    private static readonly IReadOnlyList<string> AvailableGradientMethods = ["symbolic", "forward", "reverse", "numeric"];

    private List<MethodGradient> GradientsByMethod(Expr f, IReadOnlyList<Symbol> variables, IReadOnlyList<Expr> gradient,
        Dictionary<string, double> at, IReadOnlyList<string> methods)
    {
        var results = new List<MethodGradient>(methods.Count);
        foreach (var method in methods)
        {
            IReadOnlyList<double> values = method switch
            {
                "symbolic" => Calculus.Evaluate(gradient, at),
                "forward" => engine.ForwardGradient(f, variables, at),
                "reverse" => engine.ReverseGradient(f, variables, at),
                "numeric" => [.. variables.Select(v => engine.NumericDerivative(f, v, at, NumericMethod.Richardson).Value)],
                _ => throw new RequestException($"method '{method}' is not available in this build"),
            };
            results.Add(new MethodGradient(method, values));
        }
        return results;
    }

    /// <summary>
    /// The largest |∂f/∂v by <paramref name="method"/> − ∂f/∂v symbolic| over the variables (NaN when an entry is not
    /// finite): how far a method strays from the exact formula.
    /// </summary>
    public static double MaxDifference(MethodGradient method, MethodGradient reference)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(reference);
        double max = 0;
        for (int i = 0; i < method.Values.Count; i++)
        {
            double d = Math.Abs(method.Values[i] - reference.Values[i]);
            if (double.IsNaN(d)) return double.NaN;
            max = Math.Max(max, d);
        }
        return max;
    }

    private static JsonObject ByName(IReadOnlyList<Symbol> variables, IReadOnlyList<double> values)
    {
        var json = new JsonObject();
        for (int i = 0; i < variables.Count; i++) AddNumber(json, variables[i].Name, values[i]);
        return json;
    }

    /// <summary>
    /// One method: <c>"method"</c> and <c>"gradient":{"x":…}</c>. All: <c>"method":"all"</c>, <c>"gradient"</c> the
    /// symbolic one, <c>"gradients"</c> keyed by method and <c>"differences"</c> (max |method − symbolic|) keyed by method.
    /// </summary>
    private static void AddMethodGradients(JsonObject json, IReadOnlyList<Symbol> variables, IReadOnlyList<MethodGradient> methods)
    {
        if (methods.Count == 1)
        {
            json["method"] = methods[0].Method;
            json["gradient"] = ByName(variables, methods[0].Values);
            return;
        }
        var reference = methods.First(m => m.Method == "symbolic");
        json["method"] = "all";
        json["gradient"] = ByName(variables, reference.Values);
        var gradients = new JsonObject();
        var differences = new JsonObject();
        foreach (var m in methods)
        {
            gradients[m.Method] = ByName(variables, m.Values);
            AddNumber(differences, m.Method, MaxDifference(m, reference));
        }
        json["gradients"] = gradients;
        json["differences"] = differences;
    }
}
