using System.Text.Json.Nodes;
using Nabla.Cli;
using Nabla.Symbolic;

namespace Nabla.Tests.Cli;

/// <summary>What one in-process run of the command line produced.</summary>
internal sealed record CliRun(int Code, string Out, string Err)
{
    /// <summary>Stdout without the trailing newline.</summary>
    public string Text => Out.TrimEnd('\r', '\n');

    /// <summary>Stdout lines.</summary>
    public string[] Lines => Text.Length == 0 ? [] : Text.Split('\n');

    /// <summary>Stdout as one JSON object.</summary>
    public JsonObject Json => JsonNode.Parse(Text)!.AsObject();
}

/// <summary>Runs <see cref="CliApp"/> in-process with captured streams.</summary>
internal static class CliHarness
{
    public static CliRun Run(params string[] args) => RunWith(null, "", args);

    public static CliRun RunWithInput(string stdin, params string[] args) => RunWith(null, stdin, args);

    public static CliRun RunWith(IMathEngine? engine, string stdin, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = new CliApp(engine, debug: false).Run(args, new StringReader(stdin), stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts that <paramref name="actual"/> and <paramref name="expected"/> agree numerically at the points.</summary>
    public static void AssertSameFunction(Func<double, double> expected, Expr actual, string variable = "x", params double[] points)
    {
        if (points.Length == 0) points = [-1.7, -0.4, 0.3, 1.1, 2.9];
        foreach (var p in points)
        {
            double want = expected(p);
            double got = actual.Evaluate((variable, p));
            Assert.True(Math.Abs(want - got) <= 1e-9 * Math.Max(1, Math.Abs(want)), $"at {variable}={p}: expected {want}, got {got} from {actual}");
        }
    }
}
