using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Nabla.Cli;
using Nabla.Symbolic;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// The API's error shape, the same as <c>nabla batch</c>'s: <c>{"ok":false,"error":{"message","position","hint","kind"}}</c>
/// with a 4xx status for anything the request caused. A 500 means a bug in Nabla, never bad input.
/// </summary>
public static class ApiErrors
{
    /// <summary>An error answer with <paramref name="status"/> (400 unless said otherwise).</summary>
    public static IResult Error(string message, string? hint = null, int? position = null, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(Body(new ErrorInfo(message, position, hint, true, message)), statusCode: status);

    /// <summary>The error answer for an exception thrown by the engine on the learner's input.</summary>
    public static IResult FromException(Exception exception)
    {
        if (DatabaseFailures.Classify(exception) is { } failure) return DatabaseFailures.Result(failure);
        var info = ErrorInfo.FromException(exception);
        int status = exception switch
        {
            BudgetExceededException => StatusCodes.Status422UnprocessableEntity,
            TimeoutException or OperationCanceledException => StatusCodes.Status422UnprocessableEntity,
            _ when info.IsUserError => StatusCodes.Status400BadRequest,
            // The engine's argument checks (a start outside the domain, an option out of range) see the learner's input.
            ArgumentException or ArithmeticException => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status500InternalServerError,
        };
        return Results.Json(Body(info), statusCode: status);
    }

    /// <summary>The JSON body for <paramref name="info"/>.</summary>
    public static JsonObject Body(ErrorInfo info) => Responder.ErrorJson(info);

    /// <summary>
    /// Maps exceptions escaping an API endpoint: unreadable JSON and oversized bodies (thrown by the framework while
    /// binding) become 400/413 with a message; engine errors become 400/422; a failing progress database becomes
    /// 503/507 with Retry-After (<see cref="DatabaseFailures"/>); anything else is logged and answered 500.
    /// </summary>
    public static async Task Handle(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (DatabaseFailures.Classify(exception) is { } failure)
        {
            // The database's fault, not Nabla's nor the learner's: 503/507 with Retry-After, logged once as a warning.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Nabla.Web")
                .LogWarning("{Path}: {Failure} ({Error})", context.Request.Path, failure.Message, exception!.GetBaseException().Message);
            await DatabaseFailures.Write(context, failure);
            return;
        }
        var (status, info) = Classify(exception);
        if (status >= 500 && exception is not null)
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Nabla.Web").LogError(exception, "unhandled error on {Path}", context.Request.Path);
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api"))
            await context.Response.WriteAsJsonAsync(Body(info));
        else
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(info.Message);
        }
    }

    /// <summary>Writes the API's error shape for a bodiless error status (e.g. 405, 415, an empty 400 from binding).</summary>
    public static async Task WriteStatus(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        if (response.HasStarted || response.ContentLength > 0 || !string.IsNullOrEmpty(response.ContentType)) return;
        string message = response.StatusCode switch
        {
            StatusCodes.Status400BadRequest => "the request could not be read: send a JSON object with the fields this endpoint documents",
            StatusCodes.Status404NotFound => "no such API resource",
            StatusCodes.Status405MethodNotAllowed => $"this endpoint does not accept {context.HttpContext.Request.Method}",
            StatusCodes.Status413PayloadTooLarge => "the request body is too large",
            StatusCodes.Status415UnsupportedMediaType => "send the body as JSON (Content-Type: application/json)",
            _ => $"the request failed with status {response.StatusCode}",
        };
        await response.WriteAsJsonAsync(Body(new ErrorInfo(message, null, "see docs/api.md", true, message)));
    }

    private static (int Status, ErrorInfo Info) Classify(Exception? exception)
    {
        static ErrorInfo User(string message, string? hint = null) => new(message, null, hint, true, message);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                    return (413, User("the request body is too large", "send less than 64 KB"));
                case JsonException json:
                    return (400, User($"the request is not valid JSON: {json.Message}", "send a JSON object, e.g. {\"expr\": \"x^2\"}"));
                case BadHttpRequestException bad:
                    return (bad.StatusCode, User(bad.Message));
                case AntiforgeryValidationException:
                    return (400, User("the request has no valid antiforgery token", "reload the page"));
                case SymbolicException or RequestException:
                    var info = ErrorInfo.FromException(e);
                    return (e is BudgetExceededException ? 422 : 400, info);
            }
        }
        return (500, new ErrorInfo("internal error: this is a bug in Nabla, not your input", null, null, false, "internal error"));
    }
}
