using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Assignments;

/// <summary>The assignment files of the repository, read directly (not through the code under test).</summary>
internal static class AssignmentFiles
{
    public static string Reference(string id) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "content", "assignments", id, "reference", id + ".cs"));

    public static string Starter(string id) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "content", "assignments", id, id + ".cs"));

    /// <summary>Replaces the one occurrence of <paramref name="from"/>; fails if it is not there exactly once.</summary>
    public static string ReplaceOnce(string source, string from, string to)
    {
        int at = source.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"\"{from}\" is not in the file");
        Assert.Equal(-1, source.IndexOf(from, at + 1, StringComparison.Ordinal));
        return string.Concat(source.AsSpan(0, at), to, source.AsSpan(at + from.Length));
    }

    public static JsonObject Check(JsonObject answer, string id) =>
        answer["report"]!["checks"]!.AsArray().Select(c => c!.AsObject()).Single(c => c["id"]!.GetValue<string>() == id);
}

/// <summary>
/// The web course in a mode other than local (<c>Nabla:Mode=hosted</c>), optionally with the operator's
/// <c>Nabla:Lab:AllowRunningCode</c>, on a progress file of its own.
/// </summary>
public sealed class HostedAssignmentFactory : IDisposable
{
    private readonly NablaWebFactory inner = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "nabla-web-hosted-" + Guid.NewGuid().ToString("N"));

    public HostedAssignmentFactory(bool allowRunningCode = false)
    {
        Factory = inner.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Nabla:Mode", "hosted");
            builder.UseSetting("Nabla:ProgressDatabase", Path.Combine(folder, "progress.db"));
            if (allowRunningCode) builder.UseSetting("Nabla:Lab:AllowRunningCode", "true");
        });
    }

    public WebApplicationFactory<Program> Factory { get; }

    public async Task<HttpClient> CreateApiClientAsync()
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var session = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(client, "/api/session")
            ?? throw new InvalidOperationException("no session answer");
        client.DefaultRequestHeaders.Add(session["header"]!.GetValue<string>(), session["token"]!.GetValue<string>());
        return client;
    }

    public void Dispose()
    {
        Factory.Dispose();
        inner.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
