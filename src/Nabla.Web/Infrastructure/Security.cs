using Microsoft.AspNetCore.Http.Features;
using Nabla.Cli;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// The web course's security wiring (docs/security.md): response headers with a Content-Security-Policy that allows
/// no inline script, the request limiters of <see cref="RateLimiting"/>, and early request-size checks. Program.cs
/// calls <see cref="AddNablaSecurity"/> on the builder and <see cref="UseNablaSecurity"/> first thing on the app.
/// </summary>
public static class Security
{
    /// <summary>Registers the limiters and the form limits.</summary>
    public static WebApplicationBuilder AddNablaSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(NablaWebOptions.Section).Get<NablaWebOptions>() ?? new NablaWebOptions();
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        RateLimiting.AddNablaRateLimits(builder.Services, limits, IsHosted(settings));
        // Forms (the account and class pages) are small: bound what the form reader buffers, like the JSON bodies.
        builder.Services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 64;
            form.KeyLengthLimit = 256;
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, settings.MaxRequestBodyBytes);
            form.MultipartBodyLengthLimit = settings.MaxRequestBodyBytes;
            form.MultipartHeadersLengthLimit = 8 * 1024;
        });
        return builder;
    }

    /// <summary>
    /// Adds the security headers to every response (pages, API, static files, error pages), rejects bodies that
    /// announce more than the body limit before anything reads them (413), then the request limiters. Call it right
    /// after <c>builder.Build()</c> so that it sees every request first.
    /// </summary>
    public static WebApplication UseNablaSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Configuration.GetSection(NablaWebOptions.Section).Get<NablaWebOptions>() ?? new NablaWebOptions();
        bool hosted = IsHosted(settings);
        long maxBody = settings.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            var response = context.Response;
            // OnStarting: the headers survive the exception handler and status pages, which clear the response.
            response.OnStarting(static state =>
            {
                var (http, hosted) = ((HttpContext, bool))state;
                SecurityHeaders.Apply(http, hosted);
                return Task.CompletedTask;
            }, (context, hosted));
            if (context.Request.ContentLength > maxBody)
            {
                await WriteTooLarge(context, maxBody);
                return;
            }
            await next(context);
        });
        RateLimiting.UseNablaRateLimits(app, app.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions(), hosted);
        return app;
    }

    private static bool IsHosted(NablaWebOptions settings) => string.Equals(settings.Mode, "hosted", StringComparison.OrdinalIgnoreCase);

    private static async Task WriteTooLarge(HttpContext context, long maxBody)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The connection may still be sending the body: do not keep it.
        context.Response.Headers.Connection = "close";
        string message = "the request body is too large";
        string hint = $"send at most {maxBody / 1024} KB";
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            await context.Response.WriteAsJsonAsync(ApiErrors.Body(new ErrorInfo(message, null, hint, true, message)));
        else
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"{message}: {hint}");
        }
    }
}
