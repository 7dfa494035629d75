using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Nabla.Cli;

namespace Nabla.Web.Infrastructure;

/// <summary>What a request costs, for the limiters: decided from the method and the path alone (before routing).</summary>
public enum RequestKind
{
    /// <summary>Pages, static files, GET API calls: never limited.</summary>
    Free,

    /// <summary>A non-GET <c>/api</c> call that runs the engine (widgets, workbench, exercises, Sandpit…).</summary>
    Engine,

    /// <summary>An answer check: exercise check, quiz submit, assignment check (also <see cref="Engine"/>).</summary>
    Grading,

    /// <summary>A login attempt (POST /account/login).</summary>
    Login,
}

/// <summary>
/// The request limiters (built on Microsoft.AspNetCore.RateLimiting): in hosted mode a fixed window per learner on
/// answer checks and per client address on login attempts (429 with Retry-After); in both modes one concurrency
/// limiter with a bounded queue in front of the engine-heavy API calls (503 with Retry-After when the queue is full,
/// so overload sheds requests instead of piling them up until they time out). Limits: <see cref="RateLimitOptions"/>.
/// </summary>
public static class RateLimiting
{
    private const string EnginePartition = "engine";

    /// <summary>Classifies a request by method and path (case-insensitive, segment-wise).</summary>
    public static RequestKind Classify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return RequestKind.Free;
        var path = request.Path;
        if (path.Equals("/account/login", StringComparison.OrdinalIgnoreCase)) return RequestKind.Login;
        if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase, out var rest)) return RequestKind.Free;
        // /exercises/{id}/check, /quizzes/{id}/submit, /assignments/{id}/check
        var segments = (rest.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 3 && (
                (segments[0].Equals("exercises", StringComparison.OrdinalIgnoreCase) && segments[2].Equals("check", StringComparison.OrdinalIgnoreCase))
                || (segments[0].Equals("quizzes", StringComparison.OrdinalIgnoreCase) && segments[2].Equals("submit", StringComparison.OrdinalIgnoreCase))
                || (segments[0].Equals("assignments", StringComparison.OrdinalIgnoreCase) && segments[2].Equals("check", StringComparison.OrdinalIgnoreCase))))
            return RequestKind.Grading;
        return RequestKind.Engine;
    }

    /// <summary>Registers the limiters.</summary>
    internal static void AddNablaRateLimits(IServiceCollection services, RateLimitOptions limits, bool hosted)
    {
        hosted |= limits.InLocalMode;
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerClient(limits, hosted), Engine(limits));
            options.OnRejected = (context, token) => Reject(context, limits, token);
        });
    }

    /// <summary>
    /// Adds the limiter middleware. In hosted mode an answer check is keyed by the signed-in learner, so the request
    /// is authenticated first (the cookie is read twice per check; the framework caches the ticket for the request).
    /// </summary>
    internal static void UseNablaRateLimits(WebApplication app, RateLimitOptions limits, bool hosted)
    {
        hosted |= limits.InLocalMode;
        if (hosted)
        {
            app.Use(async (context, next) =>
            {
                if (context.User.Identity?.IsAuthenticated != true && Classify(context.Request) == RequestKind.Grading
                    && context.RequestServices.GetService<IAuthenticationSchemeProvider>() is { } schemes
                    && await schemes.GetDefaultAuthenticateSchemeAsync() is not null)
                {
                    var result = await context.AuthenticateAsync();
                    if (result.Succeeded) context.User = result.Principal;
                }
                await next(context);
            });
        }
        app.UseRateLimiter();
    }

    private static PartitionedRateLimiter<HttpContext> PerClient(RateLimitOptions limits, bool hosted) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!hosted) return RateLimitPartition.GetNoLimiter("");
            switch (Classify(context.Request))
            {
                // No address (a Unix socket without forwarded headers, an in-process test host): one shared bucket
                // would let anyone lock everyone out of logging in, so only the account lockout applies.
                case RequestKind.Login when limits.LoginPerMinute > 0 && context.Connection.RemoteIpAddress is not null:
                    return Window("login:" + ClientAddress(context), limits.LoginPerMinute, limits);
                case RequestKind.Grading when limits.GradingPerMinute > 0:
                    string learner = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? "user:" + id : "address:" + ClientAddress(context);
                    return Window("grading:" + learner, limits.GradingPerMinute, limits);
                default:
                    return RateLimitPartition.GetNoLimiter("");
            }
        });

    private static RateLimitPartition<string> Window(string key, int permits, RateLimitOptions limits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = limits.Window,
            QueueLimit = 0,
        });

    private static PartitionedRateLimiter<HttpContext> Engine(RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            limits.EngineConcurrency > 0 && Classify(context.Request) is RequestKind.Engine or RequestKind.Grading
                ? RateLimitPartition.Get(EnginePartition, _ => new RateLimitQueueTimeout(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.EngineConcurrency,
                    QueueLimit = Math.Max(0, limits.EngineQueue),
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }), limits.EngineQueueTimeout))
                : RateLimitPartition.GetNoLimiter(""));

    /// <summary>
    /// The API's 503 for work shed inside an endpoint (the progress writer's queue is full): the same answer as a full
    /// engine queue, Retry-After and the JSON error shape.
    /// </summary>
    internal static IResult Overloaded(HttpContext http, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(limits);
        int seconds = Math.Max(1, limits.OverloadRetryAfterSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        const string message = "the server is busy";
        return Results.Json(ApiErrors.Body(new ErrorInfo(message, null, $"try again in {seconds} s", true, message)), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : "unknown";

    /// <summary>
    /// 429 for a spent window (its lease says when the window reopens), 503 for a full engine queue; the API answers
    /// its JSON error shape, pages a short readable page.
    /// </summary>
    private static async ValueTask Reject(OnRejectedContext context, RateLimitOptions limits, CancellationToken token)
    {
        var http = context.HttpContext;
        bool rateLimited = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        int status = rateLimited ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        int seconds = rateLimited ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : Math.Max(1, limits.OverloadRetryAfterSeconds);
        var kind = Classify(http.Request);
        string message = (rateLimited, kind) switch
        {
            (true, RequestKind.Login) => "too many login attempts from this address",
            (true, _) => "too many answer checks in a short time",
            _ => "the server is busy",
        };
        string hint = $"try again in {seconds} s";
        var response = http.Response;
        response.StatusCode = status;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await response.WriteAsJsonAsync(ApiErrors.Body(new ErrorInfo(message, null, hint, true, message)), token);
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        string title = rateLimited ? "Slow down a little" : "The course is busy";
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Nabla</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="container"><h1>{title}</h1>
            <p>{WebUtility.HtmlEncode(char.ToUpperInvariant(message[0]) + message[1..])}. Please wait {seconds} seconds, then try again.</p>
            <p><a href="/">Back to the course</a></p></main></body></html>
            """, token);
    }
}
