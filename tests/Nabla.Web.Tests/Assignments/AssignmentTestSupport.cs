using System.Text.Json.Nodes;
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
/// The web course in hosted mode (<c>Nabla:Mode=hosted</c>, accounts required: the client is a signed-in learner),
/// optionally with the operator's <c>Nabla:Lab:AllowRunningCode</c>, on a database of its own.
/// </summary>
public sealed class HostedAssignmentFactory : IDisposable
{
    private readonly HostedWebFactory inner;

    public HostedAssignmentFactory(bool allowRunningCode = false) =>
        inner = new HostedWebFactory(null, allowRunningCode ? new Dictionary<string, string?> { ["Nabla:Lab:AllowRunningCode"] = "true" } : null);

    public WebApplicationFactory<Program> Factory => inner;

    public Task<HttpClient> CreateApiClientAsync() => inner.SignedInClient($"learner-{Guid.NewGuid():N}@example.org");

    public void Dispose() => inner.Dispose();
}
