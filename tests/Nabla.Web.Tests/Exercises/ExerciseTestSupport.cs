using System.Globalization;
using System.Text.Json.Nodes;
using Nabla.Course.Content;
using Nabla.Course.Templates;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Exercises;

/// <summary>
/// Shared helpers: a template's drawn parameters (so tests compute the right answer by hand from the template's
/// maths), and JSON calls to the exercise API.
/// </summary>
internal static class ExerciseTestSupport
{
    private static readonly Lazy<CourseContent> Course = new(() => CourseLoader.LoadValid(CourseLoader.Locate(Path.Combine(RepositoryPaths.Root, "content"))!));

    public static CourseContent Content => Course.Value;

    /// <summary>The integer parameter <paramref name="name"/> of (template, seed).</summary>
    public static long Param(string template, int seed, string name)
    {
        var variant = VariantGenerator.Generate(Content.Template(template), seed);
        var expr = variant.Bindings.Get(name)?.Expr ?? throw new InvalidOperationException($"{template} has no parameter {name}");
        double value = expr.Evaluate(new Dictionary<string, double>());
        Assert.Equal(Math.Round(value), value);
        return (long)value;
    }

    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static async Task<JsonObject> PostOk(HttpClient client, string path, object body) =>
        await ApiAssert.Ok(await ApiAssert.Post(client, path, body));

    public static Task<JsonObject> Check(HttpClient client, string template, int seed, string input) =>
        PostOk(client, $"/api/exercises/{template}/check", new { seed, input });

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("missing string");

    public static IEnumerable<string> FeedbackIds(JsonObject check) => check["feedback"]!.AsArray().Select(f => Text(f!["id"]));

    /// <summary>The attempts stored for the local learner on (template, seed).</summary>
    public static int StoredAttempts(NablaWebFactory factory, string template, int seed)
    {
        var progress = (ProgressService)factory.Services.GetService(typeof(ProgressService))!;
        return progress.Read(s => s.Attempts(ProgressService.LocalLearner).Count(a => a.TemplateId == template && a.Seed == seed));
    }
}
