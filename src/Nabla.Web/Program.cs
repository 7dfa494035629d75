using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
var section = builder.Configuration.GetSection(NablaWebOptions.Section);
builder.Services.Configure<NablaWebOptions>(section);
var settings = section.Get<NablaWebOptions>() ?? new NablaWebOptions();

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
builder.Services.AddRazorPages();
builder.Services.AddAntiforgery(o => { o.HeaderName = "X-Nabla-Token"; o.Cookie.Name = "nabla.af"; });
builder.Services.AddSingleton(new CourseCatalog(settings.ContentPath));
// The mode (local or hosted): the progress store, accounts, Data Protection, health, logging and shutdown.
builder.AddNablaHosting(settings);
builder.Services.AddSingleton<EngineCall>();
builder.Services.AddProblemDetails();
var modules = ApiModules.Discover();
foreach (var module in modules) module.AddServices(builder.Services, builder.Configuration);

var app = builder.Build();
app.UseNablaProxy(settings);
app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ApiErrors.Handle });
// Pages get a friendly status page; the API keeps its JSON error shape even for errors the framework raises
// before an endpoint runs (an empty 400 from binding, 405, 415).
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(ApiErrors.WriteStatus));
app.UseStaticFiles();
app.UseRouting();
app.UseNablaAuthentication(settings);
app.UseAntiforgery();

var api = app.MapGroup("/api");
api.AddEndpointFilter(async (context, next) =>
{
    // Every state-changing call carries the antiforgery token the pages hold (header X-Nabla-Token).
    var http = context.HttpContext;
    if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
        && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        return ApiErrors.Error("the request has no valid antiforgery token", "GET /api/session and send its token in the X-Nabla-Token header (the pages do this; reload the page)");
    return await next(context);
});
api.MapGet("/session", (HttpContext http, IAntiforgery antiforgery) =>
    Results.Json(new { token = antiforgery.GetAndStoreTokens(http).RequestToken, header = "X-Nabla-Token" })).AllowAnonymous();
foreach (var module in modules) module.Map(api);
api.MapFallback(() => ApiErrors.Error("no such API endpoint", "see docs/api.md", status: StatusCodes.Status404NotFound));
app.MapRazorPages();
app.MapNablaHealth();

var progress = app.Services.GetRequiredService<ProgressService>();
var course = app.Services.GetRequiredService<CourseCatalog>();
app.Lifetime.ApplicationStarted.Register(() =>
{
    var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
    var addresses = bound is { Count: > 0 } ? string.Join(", ", bound) : app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "the address above";
    Console.WriteLine($"Nabla course: {course.Content.Modules.Count} modules from {course.Content.Root}");
    Console.WriteLine(settings.IsHosted
        ? $"Hosted mode: accounts and progress are kept in the {(settings.Database.IsPostgres ? "PostgreSQL" : "SQLite")} database"
        : $"Progress is kept in {progress.Path}");
    Console.WriteLine($"Open {addresses} in your browser to learn. Ctrl+C stops the server.");
});
// Hosted mode: migrate (under a lock shared by instances starting together), key ring, admin; before accepting requests.
await DatabaseStartup.PrepareAsync(app.Services, settings, builder.Configuration);
app.Run();

/// <summary>The web course's entry point (public so integration tests can host it).</summary>
public partial class Program;
