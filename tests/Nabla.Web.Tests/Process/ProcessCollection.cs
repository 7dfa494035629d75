namespace Nabla.Web.Tests.Process;

/// <summary>
/// The real-process tests share one xunit collection, so they never run in parallel with each other: each starts
/// servers, kills them and (for the faults) mounts file systems or runs a private PostgreSQL.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Real Nabla.Web processes";
}

/// <summary>A scratch folder and the servers a test starts; disposing kills every server and deletes the folder.</summary>
public abstract class ProcessTestBase : IAsyncLifetime
{
    private readonly List<NablaServer> servers = [];
    private readonly List<IAsyncDisposable> resources = [];

    /// <summary>The test's scratch folder.</summary>
    protected string Scratch { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nabla-process-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    /// <summary>A server (not started) that is killed when the test ends.</summary>
    protected NablaServer Server(IReadOnlyDictionary<string, string> environment)
    {
        var server = new NablaServer(environment);
        servers.Add(server);
        return server;
    }

    /// <summary>Disposes <paramref name="resource"/> after the servers when the test ends (a mount, a database).</summary>
    protected T Own<T>(T resource) where T : IAsyncDisposable
    {
        resources.Add(resource);
        return resource;
    }

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var server in servers) await server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        for (int i = resources.Count - 1; i >= 0; i--) await resources[i].DisposeAsync();
        try { Directory.Delete(Scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
