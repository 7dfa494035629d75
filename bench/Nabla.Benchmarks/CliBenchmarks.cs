using System.Text;
using System.Text.Json;
using Nabla.Cli;

namespace Nabla.Benchmarks;

/// <summary>
/// <c>nabla batch</c> throughput: the real batch verb, in-process, answering <see cref="Requests"/> diff lines of
/// typical course expressions (the target is ≥ 20,000 requests/s on one process). The time is for the whole
/// stream, so requests/s = <see cref="Requests"/> / seconds.
/// </summary>
public static class CliBenchmarks
{
    /// <summary>Requests per timed stream.</summary>
    public const int Requests = 10_000;

    /// <summary>Expressions a learner differentiates in module 1–3 exercises.</summary>
    private static readonly string[] CourseExpressions =
    [
        "x^3 sin(x)", "exp(-x^2)", "ln(1 + x^2)", "sin(x) cos(x)", "x^2 y + y^3", "1/(1 + exp(-x))", "sqrt(x^2 + 1)",
        "(x^2 - 1)/(x + 1)", "tan(x)", "x^5 - 3x^2 + 2", "exp(sin(x))", "sigmoid(w x + b)", "cos(3x + 1)^2", "x ln(x)",
        "atan(x/2)", "(2x + 1)^4", "x e^(2x)", "sin(x^2)", "1/x^2", "x^2 exp(-x)",
    ];

    /// <summary>The stream: requests cycle through the expressions with ids, one JSON object per line.</summary>
    public static string Stream()
    {
        var text = new StringBuilder();
        for (int i = 0; i < Requests; i++)
            text.Append("{\"id\":").Append(i).Append(",\"op\":\"diff\",\"expr\":")
                .Append(JsonSerializer.Serialize(CourseExpressions[i % CourseExpressions.Length])).Append("}\n");
        return text.ToString();
    }

    /// <summary>Runs the batch verb over the stream; the check is the number of answers that are ok. Before the timing,
    /// each course expression's answer is compared with central differences of the expression (every symbol at 0.7,
    /// x moved): a wrong derivative makes the check NaN, which the oracle rejects.</summary>
    public static Func<double> BatchDiff()
    {
        string input = Stream();
        var app = new CliApp();
        bool right = DerivativesMatchFiniteDifferences(app);
        return () =>
        {
            var output = new StringWriter();
            int code = app.Run(["batch"], new StringReader(input), output, TextWriter.Null);
            if (code != 0) throw new InvalidOperationException($"nabla batch exited with {code}");
            int ok = 0;
            foreach (var line in output.ToString().AsSpan().EnumerateLines())
                if (line.StartsWith("{\"ok\":true")) ok++;
            return right ? ok : double.NaN;
        };
    }

    private static bool DerivativesMatchFiniteDifferences(CliApp app)
    {
        var text = new StringBuilder();
        foreach (var e in CourseExpressions)
            text.Append("{\"op\":\"diff\",\"expr\":").Append(JsonSerializer.Serialize(e)).Append("}\n");
        var output = new StringWriter();
        app.Run(["batch"], new StringReader(text.ToString()), output, TextWriter.Null);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != CourseExpressions.Length) return false;
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            if (!doc.RootElement.GetProperty("ok").GetBoolean()) return false;
            var derivative = Nabla.Symbolic.Expr.Parse(doc.RootElement.GetProperty("result").GetString()!);
            var f = Nabla.Symbolic.Expr.Parse(CourseExpressions[i]);
            var point = f.FreeSymbols.ToDictionary(s => s.Name, _ => 0.7);
            double At(double x) { point["x"] = x; return f.Evaluate(point); }
            const double h = 1e-5;
            double expected = (At(0.7 + h) - At(0.7 - h)) / (2 * h);
            point["x"] = 0.7;
            foreach (var s in derivative.FreeSymbols) point.TryAdd(s.Name, 0.7);
            double actual = derivative.Evaluate(point);
            if (!(Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)))) return false;
        }
        return true;
    }
}
