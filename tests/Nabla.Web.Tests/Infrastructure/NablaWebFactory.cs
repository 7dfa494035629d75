using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nabla.Web.Tests.Infrastructure;

/// <summary>
/// Hosts the web course in-process for integration tests, on a fresh progress file of its own (deleted on dispose),
/// so tests never touch the developer's real progress.
/// </summary>
public sealed class NablaWebFactory : WebApplicationFactory<Program>
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "nabla-web-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The progress file this instance uses.</summary>
    public string ProgressDatabase => Path.Combine(dataDirectory, "progress.db");

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Nabla:ProgressDatabase", ProgressDatabase);
    }

    /// <summary>
    /// A client that holds the antiforgery cookie and sends the token header, as the pages' scripts do; every POST
    /// the API accepts needs it.
    /// </summary>
    public Task<HttpClient> CreateApiClientAsync() => ApiSession.CreateClientAsync(this);

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
