using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nabla.Web.Tests.Load;

/// <summary>The web course in local mode on a fresh progress file, with extra settings for one test class.</summary>
public class LoadWebFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "nabla-load-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The default local course.</summary>
    public LoadWebFactory() : this(new Dictionary<string, string?>()) { }

    /// <summary>The local course with <paramref name="settings"/> on top.</summary>
    protected LoadWebFactory(IReadOnlyDictionary<string, string?> settings) => this.settings = settings;

    /// <summary>The progress file.</summary>
    public string ProgressDatabase => Path.Combine(dataDirectory, "progress.db");

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Nabla:ProgressDatabase", ProgressDatabase);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>A client holding the antiforgery cookie and sending the token header, as the pages do.</summary>
    public Task<HttpClient> ApiClientAsync() => Infrastructure.ApiSession.CreateClientAsync(this);

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

/// <summary>A course whose progress writer lets at most one attempt wait: a burst behind a stalled writer is shed.</summary>
public sealed class TinyWriteQueueFactory() : LoadWebFactory(new Dictionary<string, string?>
{
    ["Nabla:RateLimits:ProgressWriteQueue"] = "1",
    ["Nabla:RateLimits:OverloadRetryAfterSeconds"] = "1",
});
