using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Nabla.Web.Tests.Process;

/// <summary>A throwaway database on the shared test server (<c>NABLA_TEST_POSTGRES</c>), dropped on dispose.</summary>
public sealed class ScratchPostgresDatabase : IAsyncDisposable
{
    private readonly string admin;
    private readonly string name = "nabla_proc_" + Guid.NewGuid().ToString("N")[..16];

    private ScratchPostgresDatabase(string admin)
    {
        this.admin = admin;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ToString();
    }

    /// <summary>The connection string of the new database (the app's <c>ConnectionStrings__Nabla</c>).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database on the server <paramref name="adminConnection"/> names (a role with CREATEDB).</summary>
    public static async Task<ScratchPostgresDatabase> CreateAsync(string adminConnection)
    {
        var database = new ScratchPostgresDatabase(adminConnection);
        await PostgresRows.Execute(adminConnection, $"CREATE DATABASE \"{database.name}\"");
        return database;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await PostgresRows.Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The server is gone; nothing to drop.
        }
    }
}

/// <summary>
/// A private PostgreSQL cluster for the fault tests, which stop and start the database: initdb into a scratch folder
/// owned by the postgres user, trust authentication on 127.0.0.1, a free port, its socket in the scratch folder.
/// Never the shared cluster other tests use. Needs root (to run the server as postgres) and the server binaries.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string folder;
    private readonly string bin;

    private PrivatePostgres(string folder, string bin, int port)
    {
        this.folder = folder;
        this.bin = bin;
        Port = port;
    }

    /// <summary>The port the cluster listens on.</summary>
    public int Port { get; }

    private string Data => Path.Combine(folder, "data");

    /// <summary>The superuser connection string for database <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=10";

    /// <summary>The server binaries (the newest installed version), or null.</summary>
    public static string? Binaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Why no private cluster can run here (null when one can).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "a private PostgreSQL cluster needs Linux";
        if (Binaries() is null) return "the PostgreSQL server binaries (initdb, pg_ctl under /usr/lib/postgresql/*/bin) are not installed";
        if (Environment.UserName != "root") return "starting a private PostgreSQL cluster needs root (to run it as the postgres user)";
        if (SmallDisk.Run("id", "-u", "postgres").Code != 0) return "there is no postgres user";
        return null;
    }

    /// <summary>Creates and starts a cluster.</summary>
    public static async Task<PrivatePostgres> StartNewAsync(string parent)
    {
        string bin = Binaries() ?? throw new InvalidOperationException(Unavailable());
        // The server runs as postgres: it must be able to pass through the (root-owned) scratch folder.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        string folder = Directory.CreateDirectory(Path.Combine(parent, "pg")).FullName;
        Chown(folder);
        var cluster = new PrivatePostgres(folder, bin, FreePort());
        var (code, text) = AsPostgres(Path.Combine(bin, "initdb"), "-D", cluster.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        if (code != 0) throw new InvalidOperationException("initdb failed: " + text);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Starts (or restarts) the server and waits until it accepts connections.</summary>
    public Task StartAsync()
    {
        var (code, text) = AsPostgres(Path.Combine(bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1", "start");
        if (code != 0) throw new InvalidOperationException($"pg_ctl start failed: {text}\n{Log()}");
        return Task.CompletedTask;
    }

    /// <summary>Stops the server like a crash (<c>-m immediate</c>: no checkpoint; committed work survives through the WAL).</summary>
    public void Stop()
    {
        var (code, text) = AsPostgres(Path.Combine(bin, "pg_ctl"), "-D", Data, "-w", "-t", "60", "-m", "immediate", "stop");
        if (code != 0) throw new InvalidOperationException($"pg_ctl stop failed: {text}");
    }

    private string Log()
    {
        try { return File.ReadAllText(Path.Combine(folder, "server.log")); } catch (IOException) { return ""; }
    }

    private static void Chown(string path) => SmallDisk.Run("chown", "-R", "postgres:postgres", path);

    private static (int Code, string Output) AsPostgres(string program, params string[] arguments) =>
        SmallDisk.Run("runuser", ["-u", "postgres", "--", program, .. arguments]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        AsPostgres(Path.Combine(bin, "pg_ctl"), "-D", Data, "-w", "-t", "30", "-m", "immediate", "stop");
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Reads the hosted PostgreSQL database directly (not through Nabla).</summary>
public static class PostgresRows
{
    /// <summary>Runs a statement.</summary>
    public static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The seeds of the stored attempts on <paramref name="template"/>.</summary>
    public static async Task<IReadOnlyList<int>> Seeds(string connectionString, string template)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Seed\" FROM attempts WHERE \"TemplateId\" = @t ORDER BY \"Id\"", connection);
        command.Parameters.AddWithValue("t", template);
        var seeds = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) seeds.Add(reader.GetInt32(0));
        return seeds;
    }

    /// <summary>
    /// Consistency after a crash: the attempts and mastery tables answer, and every learner with attempts has mastery
    /// rows (the tracker writes both in one transaction).
    /// </summary>
    public static async Task AssertConsistent(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM attempts", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
        await using var orphans = new NpgsqlCommand(
            "SELECT count(DISTINCT a.\"Learner\") FROM attempts a WHERE NOT EXISTS (SELECT 1 FROM mastery m WHERE m.\"Learner\" = a.\"Learner\")", connection);
        Assert.Equal(0L, (long)(await orphans.ExecuteScalarAsync())!);
    }
}
