using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Nabla.Cli;
using Nabla.Symbolic;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>
/// <c>POST /api/engine</c>: one request in exactly the shape of a <c>nabla batch</c> line (docs/cli.md), answered
/// with exactly the JSON the batch would write, by the same <see cref="RequestReader"/> and <see cref="Responder"/>.
/// Only the ops that compute are served: those that write files (<c>plot</c>) or read the content folder
/// (<c>exercise</c>, <c>check</c>, which take a <c>content</c> path) are refused with 400 and a hint. Errors have the
/// batch's shape with a 4xx status: 400 for the request's fault, 422 past a budget (the engine's size budgets or
/// the course's time budget), 413 for a body over the limit.
/// </summary>
public sealed class EngineApi : IApiModule
{
    /// <summary>The ops the endpoint answers (every batch op that only computes; <c>fit</c> and <c>linfit</c> take inline data only).</summary>
    public static IReadOnlyList<string> AllowedOps { get; } =
        ["diff", "simplify", "equiv", "grad", "jacobian", "hessian", "stationary", "chain", "taylor", "numdiff", "roots", "minimize", "lagrange", "linfit", "fit"];

    /// <summary>The batch ops refused on a server, with the reason and what to use instead.</summary>
    public static IReadOnlyDictionary<string, string> RefusedOps { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["plot"] = "writes an image file on the server; draw in the browser from /api/workbench/sample instead",
        ["exercise"] = "reads the course's content folder from a path; the course's exercise pages use their own API",
        ["check"] = "reads the course's content folder from a path; the course's exercise pages use their own API",
        ["train"] = "trains a network for minutes and writes files; run `nabla train` on your own machine",
    };

    /// <summary>The iteration budget a request may ask for (the CLI allows more; a server shares its cores).</summary>
    public const int MaxIterations = 10_000;

    /// <summary>The most numbers one request may carry in its data lists (fit, linfit).</summary>
    public const int MaxDataPoints = 5_000;

    private const string NumbersTooLarge = "the numbers in this computation grew too large for the engine";
    private const string TryHint = "try smaller exponents or a lower order";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };
    private static readonly Responder Responder = new(NablaEngine.Instance);

    /// <inheritdoc />
    public void Map(RouteGroupBuilder api) => api.MapPost("/engine", Handle);

    private static async Task<IResult> Handle(HttpContext http, EngineCall engine, IOptions<NablaWebOptions> options)
    {
        string text;
        try
        {
            text = await WorkbenchJson.ReadBodyAsync(http.Request, options.Value.MaxRequestBodyBytes);
        }
        catch (WorkbenchJson.Problem problem)
        {
            return problem.ToResult();
        }

        JsonNode? id = null;
        Request request;
        try
        {
            Screen(text, out id);
            request = RequestReader.Read(text, out id);
        }
        catch (RequestException ex)
        {
            return Answer(Responder.ErrorJson(ErrorInfo.FromException(ex)), id, StatusCodes.Status400BadRequest);
        }
        if (request is PlotRequest or ExerciseRequest or CheckRequest)
            return Answer(Responder.ErrorJson(ErrorInfo.FromException(new RequestException("this op is not served by /api/engine", AllowedHint()))), id, StatusCodes.Status400BadRequest);

        return await engine.Run<IResult>(_ =>
        {
            try
            {
                var json = Responder.ToJson(Responder.Execute(request));
                return Answer(json, id, StatusCodes.Status200OK);
            }
            catch (Exception ex) when (ex is SymbolicException or RequestException)
            {
                int status = ex is BudgetExceededException ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
                return Answer(Responder.ErrorJson(ErrorInfo.FromException(ex)), id, status);
            }
            catch (ArithmeticException)
            {
                // An exact number outgrew its representation deep in the engine (e.g. a Taylor series of x^(10^10)):
                // the input is past what the engine handles, which is a budget answer, not a server failure.
                return Answer(Responder.ErrorJson(new ErrorInfo(NumbersTooLarge, null, TryHint, true, NumbersTooLarge)), id, StatusCodes.Status422UnprocessableEntity);
            }
        }, http.RequestAborted);
    }

    private static IResult Answer(JsonObject json, JsonNode? id, int status)
    {
        if (id is not null) json["id"] = id.DeepClone();
        return Results.Json(json, statusCode: status);
    }

    private static string AllowedHint() => $"the engine endpoint serves: {string.Join(", ", AllowedOps)}";

    /// <summary>
    /// Checks what the batch reader does not, before it runs: the op is one a server may answer, expressions are at
    /// most <see cref="WorkbenchJson.MaxExpressionLength"/> characters, iteration budgets and data lists are bounded.
    /// <paramref name="id"/> receives the request's id. Text that is not a JSON object is left for <see cref="RequestReader"/> to explain.
    /// </summary>
    private static void Screen(string text, out JsonNode? id)
    {
        id = null;
        JsonObject obj;
        try
        {
            if (JsonNode.Parse(text, documentOptions: DocumentOptions) is not JsonObject parsed) return;
            _ = parsed.Count;
            obj = parsed;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return;
        }
        if (!RequestReader.IsValidText(obj))
            throw new RequestException("a string in the request is not valid text (it escapes a lone UTF-16 surrogate, e.g. \\uDE00)",
                "send each character whole, e.g. \\uD83D\\uDE00 for an emoji, or remove it");
        if (RequestReader.HasRepeatedName(obj))
            throw new RequestException("a field appears twice in an object of the request", "give each field once");
        id = obj["id"]?.DeepClone();
        if (obj["op"] is JsonValue opValue && opValue.GetValueKind() == JsonValueKind.String)
        {
            string op = opValue.GetValue<string>();
            if (RefusedOps.TryGetValue(op, out var reason))
                throw new RequestException($"op \"{op}\" is not served by /api/engine: it {reason}", AllowedHint());
            if (!AllowedOps.Contains(op))
                throw new RequestException($"unknown op \"{op}\"", AllowedHint());
        }
        foreach (var name in (string[])["maxIterations", "iterations"])
        {
            if (obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double n) && n > MaxIterations)
                throw new RequestException($"\"{name}\" is {n:G6}; the web engine allows at most {MaxIterations:N0}", "ask for fewer iterations, or run nabla on your own machine");
        }
        CheckStrings(obj, "");
    }

    private static void CheckStrings(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o) CheckStrings(child, path.Length == 0 ? name : $"{path}.{name}");
                break;
            case JsonArray a:
                if (a.Count > MaxDataPoints)
                    throw new RequestException($"\"{path}\" has {a.Count:N0} entries; the web engine takes at most {MaxDataPoints:N0}", "send less data, or run nabla on your own machine");
                foreach (var child in a) CheckStrings(child, path);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                if (v.GetValue<string>().Length > WorkbenchJson.MaxExpressionLength)
                    throw new RequestException($"\"{path}\" is {v.GetValue<string>().Length:N0} characters long; the web engine reads at most {WorkbenchJson.MaxExpressionLength:N0}", "shorten the expression");
                break;
        }
    }
}
