using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nabla.Course;
using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Hosting;

/// <summary>
/// Wires the two modes into the app: local (one learner, the SQLite progress file, no accounts) and hosted
/// (Identity accounts, the hosted database on SQLite or PostgreSQL, Data Protection keys in that database, a
/// fallback policy that requires a signed-in user). Also logging, shutdown and <c>/health</c>, for both modes.
/// </summary>
public static class HostingSetup
{
    /// <summary>The application name Data Protection isolates keys by: fixed, so every instance reads every other's cookies.</summary>
    public const string ApplicationName = "Nabla";

    /// <summary>The authentication cookie's name.</summary>
    public const string AuthCookie = "nabla.auth";

    /// <summary>The connection string name (<c>ConnectionStrings:Nabla</c>, environment <c>ConnectionStrings__Nabla</c>).</summary>
    public const string ConnectionStringName = "Nabla";

    /// <summary>The hosted database's connection string: <c>ConnectionStrings:Nabla</c>, or (SQLite only) <c>hosted.db</c> in the data directory.</summary>
    public static string ConnectionString(IConfiguration configuration, NablaWebOptions settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        if (configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured) return configured;
        if (settings.Database.IsPostgres)
            throw new InvalidOperationException("Nabla:Database:Provider is postgres but ConnectionStrings:Nabla is not set (e.g. ConnectionStrings__Nabla=\"Host=db;Database=nabla;Username=nabla;Password=...\"); see docs/hosting.md");
        return $"Data Source={Path.Combine(DataDirectory(settings), "hosted.db")}";
    }

    /// <summary>Where hosted mode keeps files per learner: <c>Nabla:DataDirectory</c>, else the nabla data directory.</summary>
    public static string DataDirectory(NablaWebOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.DataDirectory is { Length: > 0 } dir ? dir : NablaPaths.DataDirectory();
    }

    /// <summary>Registers the services of the configured mode, logging and shutdown.</summary>
    public static void AddNablaHosting(this WebApplicationBuilder builder, NablaWebOptions settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var services = builder.Services;
        if (!settings.IsHosted && !string.Equals(settings.Mode, NablaWebOptions.LocalMode, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Nabla:Mode is '{settings.Mode}': use 'local' (one learner, no login) or 'hosted' (accounts); see docs/hosting.md");

        if (settings.Logging.IsJson)
            builder.Logging.AddJsonConsole(o =>
            {
                // Scopes carry the request id and path (ASP.NET Core's) and the user id (ours, below).
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        // A stopping server (SIGTERM, Ctrl+C) stops accepting, then waits this long for requests in flight, so an
        // answer being recorded finishes its transaction.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Clamp(settings.ShutdownTimeoutSeconds, 1, 600)));
        services.TryAddSingleton(TimeProvider.System);
        if (settings.BehindProxy)
            services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AllowAnonymousToFolder("/Account");
            o.Conventions.AllowAnonymousToPage("/Status");
        });

        if (settings.IsHosted) AddHosted(builder, settings);
        else AddLocal(services, settings);
    }

    private static void AddLocal(IServiceCollection services, NablaWebOptions settings)
    {
        services.AddSingleton(_ => new ProgressService(settings.ProgressDatabase ?? SqliteProgressStore.DefaultPath()));
        // No accounts: the scheme only turns pages that need a role (instructor, admin) into a redirect to the
        // sign-in page, which explains local mode.
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => ConfigureCookie(o));
        services.AddAuthorizationBuilder().AddNablaPolicies();
        services.AddHealthChecks().AddCheck<LocalProgressHealthCheck>("progress");
    }

    private static void AddHosted(WebApplicationBuilder builder, NablaWebOptions settings)
    {
        var services = builder.Services;
        string connection = ConnectionString(builder.Configuration, settings);
        if (settings.Database.IsPostgres)
        {
            services.AddPooledDbContextFactory<PostgresHostedDb>(o => o.UseNpgsql(connection));
            services.AddSingleton<IDbContextFactory<HostedDb>>(sp => new HostedDbFactory<PostgresHostedDb>(sp.GetRequiredService<IDbContextFactory<PostgresHostedDb>>()));
        }
        else
        {
            var pragmas = new SqlitePragmas();
            services.AddPooledDbContextFactory<SqliteHostedDb>(o => o.UseSqlite(connection).AddInterceptors(pragmas));
            services.AddSingleton<IDbContextFactory<HostedDb>>(sp => new HostedDbFactory<SqliteHostedDb>(sp.GetRequiredService<IDbContextFactory<SqliteHostedDb>>()));
        }
        services.AddScoped<HostedDb>(sp => sp.GetRequiredService<IDbContextFactory<HostedDb>>().CreateDbContext());
        services.AddScoped<ClassDirectory>();
        services.AddSingleton(sp => new ProgressService(sp.GetRequiredService<IDbContextFactory<HostedDb>>(), DataDirectory(settings), sp.GetRequiredService<TimeProvider>()));

        services.AddIdentity<NablaUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = PasswordRules.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<HostedDb>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRules>();
        // An instructor's reset token is read aloud or pasted into a message: valid one day.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(1));
        services.ConfigureApplicationCookie(o => ConfigureCookie(o));
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<HostedDb>();
        services.AddAuthorizationBuilder().AddNablaPolicies()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddHealthChecks().AddDbContextCheck<HostedDb>("database");
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in o.Registrations) registration.Timeout = TimeSpan.FromSeconds(5);
        });
    }

    private static AuthorizationBuilder AddNablaPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Policies.Instructor, p => p.RequireAuthenticatedUser().RequireRole(Roles.Instructor, Roles.Admin))
        .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = AuthCookie;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.LoginPath = "/account/login";
        o.LogoutPath = "/account/logout";
        o.AccessDeniedPath = "/account/denied";
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
        // The API answers in its own error shape instead of redirecting a script to an HTML page.
        o.Events.OnRedirectToLogin = context => Deny(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized,
            "sign in first", "this course needs an account: sign in at /account/login");
        o.Events.OnRedirectToAccessDenied = context => Deny(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden,
            "your account may not do this", "this needs the instructor or admin role");
    }

    private static Task Deny(HttpContext http, string redirect, int status, string message, string hint)
    {
        if (http.Request.Path.StartsWithSegments("/api"))
            return ApiErrors.Error(message, hint, status: status).ExecuteAsync(http);
        http.Response.Redirect(redirect);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Authentication, the user-id log scope and authorisation, in that order (after routing, before the endpoints),
    /// and the forwarded headers of a proxy when configured.
    /// </summary>
    public static void UseNablaAuthentication(this WebApplication app, NablaWebOptions settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        app.UseAuthentication();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nabla.Web.Requests");
        app.Use(async (context, next) =>
        {
            // Every log line of a signed-in user's request names the user (the id, never the email or a password).
            if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            {
                using (logger.BeginScope(new Dictionary<string, object> { ["UserId"] = userId }))
                    await next(context);
            }
            else await next(context);
        });
        app.UseAuthorization();
    }

    /// <summary>Forwarded headers from a loopback proxy (when <see cref="NablaWebOptions.BehindProxy"/>): first in the pipeline.</summary>
    public static void UseNablaProxy(this WebApplication app, NablaWebOptions settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.BehindProxy) app.UseForwardedHeaders();
    }

    /// <summary><c>GET /health</c>: 200 <c>{"status":"healthy"}</c> when the database answers, else 503 <c>{"status":"unhealthy"}</c>.</summary>
    public static void MapNablaHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.Headers.CacheControl = "no-store";
                string status = report.Status == HealthStatus.Unhealthy ? "unhealthy" : "healthy";
                return context.Response.WriteAsync(JsonSerializer.Serialize(new { status }));
            },
        }).AllowAnonymous();
    }
}

/// <summary>Local mode's health: the progress file answers a query.</summary>
internal sealed class LocalProgressHealthCheck(ProgressService progress) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            progress.Read(store => store.ReviewQueue(""));
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the progress file does not answer", e));
        }
    }
}
