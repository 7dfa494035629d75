using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Nabla.Web.Tests.Security;

/// <summary>
/// The web course in local mode on a fresh progress file, with extra settings (e.g. tiny rate limits) for one test class.
/// </summary>
public class SecurityWebFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "nabla-security-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The default local course.</summary>
    public SecurityWebFactory() : this(new Dictionary<string, string?>()) { }

    /// <summary>The local course with <paramref name="settings"/> on top (for subclasses with a fixed setting set).</summary>
    protected SecurityWebFactory(IReadOnlyDictionary<string, string?> settings) => this.settings = settings;

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Nabla:ProgressDatabase", Path.Combine(dataDirectory, "progress.db"));
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new ClientAddressFilter()));
    }

    /// <summary>A client that keeps cookies, follows no redirect and sends no antiforgery token.</summary>
    public HttpClient PlainClient() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>A client holding the antiforgery cookie and sending the token header, as the pages do.</summary>
    public async Task<HttpClient> ApiClientAsync()
    {
        var client = PlainClient();
        var session = await client.GetFromJsonAsync<JsonObject>("/api/session") ?? throw new InvalidOperationException("no session answer");
        client.DefaultRequestHeaders.Add(session["header"]!.GetValue<string>(), session["token"]!.GetValue<string>());
        return client;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>
/// The in-process test host has no client address; this gives each request the one in its <c>X-Test-Client</c>
/// header (default 192.0.2.1, a documentation address), first in the pipeline, as a proxy's forwarded headers would.
/// </summary>
public sealed class ClientAddressFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    /// <summary>The header naming the simulated client address.</summary>
    public const string Header = "X-Test-Client";

    /// <inheritdoc />
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            string address = context.Request.Headers[Header].FirstOrDefault() ?? "192.0.2.1";
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
            await nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>The endpoints the app maps, from its <see cref="Microsoft.AspNetCore.Routing.EndpointDataSource"/>.</summary>
public static class Endpoints
{
    /// <summary>One route with the methods it accepts.</summary>
    public sealed record Route(string Pattern, IReadOnlyList<string> Methods, IReadOnlyList<string> Parameters, bool IsPage)
    {
        /// <summary>
        /// The route with every parameter set to <paramref name="value"/> (already URL-encoded as wanted), or, for a
        /// parameter constrained to integers, to <paramref name="number"/> when given.
        /// </summary>
        public string Fill(string value, string? number = null)
        {
            string path = Pattern;
            foreach (string p in Parameters)
                path = System.Text.RegularExpressions.Regex.Replace(path, @"\{\*{0,2}" + p + @"(:[^}]*)?\??\}",
                    m => number is not null && m.Groups[1].Value.Contains("int", StringComparison.Ordinal) ? number : value);
            return path.StartsWith('/') ? path : "/" + path;
        }

        /// <inheritdoc />
        public override string ToString() => $"{string.Join(",", Methods)} {Pattern}";
    }

    /// <summary>Every routed endpoint (API and pages) except the API's catch-all fallback.</summary>
    public static IReadOnlyList<Route> All(IServiceProvider services)
    {
        var sources = (IEnumerable<Microsoft.AspNetCore.Routing.EndpointDataSource>)services.GetService(typeof(IEnumerable<Microsoft.AspNetCore.Routing.EndpointDataSource>))!;
        var routes = new List<Route>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>())
        {
            string? pattern = endpoint.RoutePattern.RawText;
            if (pattern is null || pattern.Contains("{*", StringComparison.Ordinal)) continue;
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.ToList();
            bool isPage = endpoint.Metadata.Any(m => m is Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor);
            routes.Add(new Route(pattern, methods ?? ["GET", "POST"], endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList(), isPage));
        }
        return routes.DistinctBy(r => r.ToString()).ToList();
    }

    /// <summary>Whether <paramref name="method"/> changes state.</summary>
    public static bool IsStateChanging(string method) => method is "POST" or "PUT" or "DELETE" or "PATCH";
}
