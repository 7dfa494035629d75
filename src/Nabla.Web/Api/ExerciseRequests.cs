using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Course.Templates;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>
/// Reads and validates the JSON bodies of the exercise API by hand, so that every malformed request (not JSON, not an
/// object, a field of the wrong type, out of range) is answered 4xx in the batch error shape with a hint, whatever
/// the host environment (minimal-API binding failures answer an empty 400 outside Development).
/// </summary>
internal static class ExerciseRequests
{
    /// <summary>Seeds are non-negative 32-bit integers (the engine's <see cref="VariantGenerator"/> takes an int).</summary>
    public const long MaxSeed = int.MaxValue;

    /// <summary>The longest answer the API reads (the grader's own limit).</summary>
    public const int MaxInputLength = 2_000;

    /// <summary>The largest body read (the host's limit; checked here too because test servers do not enforce it).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>An invalid request: the error answer to send.</summary>
    public sealed class Invalid(IResult result) : Exception("invalid request")
    {
        public IResult Result { get; } = result;
    }

    public static Invalid Fail(string message, string? hint = null, int status = StatusCodes.Status400BadRequest) =>
        new(ApiErrors.Error(message, hint, status: status));

    /// <summary>The body as a JSON object (an empty body reads as <c>{}</c>).</summary>
    public static async Task<JsonObject> BodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is > MaxBodyBytes)
            throw Fail("the request body is too large", "send less than 64 KB", StatusCodes.Status413PayloadTooLarge);
        using var reader = new StreamReader(http.Request.Body);
        var buffer = new char[8192];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadBlockAsync(buffer, http.RequestAborted)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxBodyBytes)
                throw Fail("the request body is too large", "send less than 64 KB", StatusCodes.Status413PayloadTooLarge);
        }
        if (string.IsNullOrWhiteSpace(text.ToString())) return [];
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text.ToString(), documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw Fail($"the request is not valid JSON: {ex.Message}", "send a JSON object, e.g. {\"seed\": 42, \"input\": \"2x\"}");
        }
        var obj = node as JsonObject ?? throw Fail("the request must be a JSON object", "send e.g. {\"seed\": 42, \"input\": \"2x\"}");
        // Found by fuzzing: an escaped lone surrogate ("\uDE00") parses, then throws when the string is read (a 500).
        if (!Nabla.Cli.RequestReader.IsValidText(obj))
            throw Fail("a string in the request is not valid text (it escapes a lone UTF-16 surrogate, e.g. \\uDE00)", "send each character whole, or remove it");
        return obj;
    }

    /// <summary>The template with id <paramref name="id"/>, or 404.</summary>
    public static ExerciseTemplate Template(CourseCatalog course, string id)
    {
        if (id.Length <= 200 && course.Content.Templates.TryGetValue(id, out var template)) return template;
        string shown = id.Length > 60 ? id[..60] + "…" : id;
        throw Fail($"unknown exercise template \"{shown}\"", "template ids are listed in the lessons (data-template) and by `nabla practice --list`", StatusCodes.Status404NotFound);
    }

    /// <summary>An integer field in [<paramref name="min"/>, <paramref name="max"/>], or null when absent (or JSON null).</summary>
    public static long? Integer(JsonObject body, string name, long min, long max)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out double number))
            throw Fail($"\"{name}\" must be a whole number", $"e.g. \"{name}\": {min}");
        if (number != Math.Floor(number) || number < min || number > max)
            throw Fail($"\"{name}\" must be a whole number from {min} to {max}", $"e.g. \"{name}\": {min}");
        return (long)number;
    }

    /// <summary>A required integer field.</summary>
    public static long RequiredInteger(JsonObject body, string name, long min, long max) =>
        Integer(body, name, min, max) ?? throw Fail($"\"{name}\" is missing", $"send e.g. {{\"{name}\": {min}}}");

    /// <summary>The seed field (required unless <paramref name="optional"/>).</summary>
    public static int? Seed(JsonObject body, bool optional = false)
    {
        long? seed = optional ? Integer(body, "seed", 0, MaxSeed) : RequiredInteger(body, "seed", 0, MaxSeed);
        return seed is { } s ? (int)s : null;
    }

    /// <summary>The learner's answer: a string of at most <see cref="MaxInputLength"/> characters.</summary>
    public static string Input(JsonObject body, string name = "input") => Input(body.TryGetPropertyValue(name, out var node) ? node : null, name, true);

    /// <summary>Reads an answer node.</summary>
    public static string Input(JsonNode? node, string name, bool required)
    {
        if (node is null)
            return required ? throw Fail($"\"{name}\" is missing", "send the answer as a string, e.g. \"input\": \"2x\"") : "";
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            throw Fail($"\"{name}\" must be a string", "send the answer as typed, e.g. \"input\": \"[2x, 3]\"");
        string text = value.GetValue<string>();
        if (text.Length > MaxInputLength)
            throw Fail($"the answer is {text.Length:N0} characters long; answers are at most {MaxInputLength:N0} characters",
                "type a shorter expression: an answer fits on one line", StatusCodes.Status400BadRequest);
        return text;
    }

    /// <summary>Draws the variant, or 422 when the template cannot draw this seed.</summary>
    public static Variant Variant(ExerciseTemplate template, int seed)
    {
        try
        {
            return VariantGenerator.Generate(template, seed);
        }
        catch (TemplateException ex)
        {
            throw Fail($"exercise \"{template.Id}\" cannot be drawn with seed {seed}: {ex.Message}", "try another seed",
                StatusCodes.Status422UnprocessableEntity);
        }
    }
}
