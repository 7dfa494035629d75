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

    /// <summary>Runs the batch verb over the stream; the check is the number of answers that are ok.</summary>
    public static Func<double> BatchDiff()
    {
        string input = Stream();
        var app = new CliApp();
        return () =>
        {
            var output = new StringWriter();
            int code = app.Run(["batch"], new StringReader(input), output, TextWriter.Null);
            if (code != 0) throw new InvalidOperationException($"nabla batch exited with {code}");
            int ok = 0;
            foreach (var line in output.ToString().AsSpan().EnumerateLines())
                if (line.StartsWith("{\"ok\":true")) ok++;
            return ok;
        };
    }
}
