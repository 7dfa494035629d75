using System.Text.Json.Nodes;
using Nabla.Symbolic;

namespace Nabla.Tests.Cli;

/// <summary>Checks for the multivariate verbs: parsed results against hand-written closed forms in double arithmetic.</summary>
internal static class MultivariateAsserts
{
    /// <summary>Sample points in (x, y) away from 0 and from each other.</summary>
    public static readonly (double X, double Y)[] Points = [(1.3, -0.7), (-2.1, 0.4), (0.6, 1.9), (2.5, 2.2)];

    /// <summary>Asserts that <paramref name="plain"/> parses to a function of x, y equal to <paramref name="expected"/> at <see cref="Points"/>.</summary>
    public static void SameXY(Func<double, double, double> expected, string plain)
    {
        var e = Expr.Parse(plain);
        foreach (var (x, y) in Points)
        {
            double want = expected(x, y), got = e.Evaluate(("x", x), ("y", y));
            Assert.True(Close(want, got), $"at x={x}, y={y}: expected {want}, got {got} from {plain}");
        }
    }

    /// <summary>Asserts that a JSON list of plain strings is, entry by entry, the functions of x, y given.</summary>
    public static void SameVectorXY(JsonNode? list, params Func<double, double, double>[] expected)
    {
        var array = list!.AsArray();
        Assert.Equal(expected.Length, array.Count);
        for (int i = 0; i < expected.Length; i++) SameXY(expected[i], (string)array[i]!);
    }

    /// <summary>Asserts that a JSON list of numbers equals <paramref name="expected"/> to 1e-12 relative.</summary>
    public static void Numbers(JsonNode? list, params double[] expected)
    {
        var array = list!.AsArray();
        Assert.Equal(expected.Length, array.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Close(expected[i], (double)array[i]!), $"entry {i}: expected {expected[i]}, got {array[i]}");
    }

    public static bool Close(double want, double got, double tolerance = 1e-12) =>
        Math.Abs(want - got) <= tolerance * Math.Max(1, Math.Abs(want));

    public static string[] Strings(JsonNode? list) => [.. list!.AsArray().Select(n => (string)n!)];
}
