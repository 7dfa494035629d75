using Npgsql;

namespace Nabla.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL database (<c>nabla_test_&lt;guid&gt;</c>) on the server <c>NABLA_TEST_POSTGRES</c> names
/// (a role with CREATEDB), dropped on dispose.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string ServerVariable = "NABLA_TEST_POSTGRES";

    /// <summary>The environment variable that, set to 1, turns a missing server into failing tests (CI).</summary>
    public const string RequireVariable = "NABLA_REQUIRE_POSTGRES";

    private readonly string server;

    private PostgresDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>A connection string to it.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string, or null when the variable is unset.</summary>
    public static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Whether a missing or unreachable server must fail the tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    private static readonly Lazy<string?> Unavailability = new(Probe);

    /// <summary>Null when the server answers; else why the PostgreSQL tests cannot run (the skip reason).</summary>
    public static string? WhyUnavailable => Unavailability.Value;

    private static string? Probe()
    {
        if (Server is not { } server) return $"PostgreSQL tests need {ServerVariable} (an Npgsql connection string to a role with CREATEDB)";
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Timeout = 5, Pooling = false }.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or System.Net.Sockets.SocketException)
        {
            return $"PostgreSQL at {ServerVariable} is unreachable: {e.Message}";
        }
    }

    /// <summary>Creates a fresh, empty database; throws (failing the test) when the server is not there.</summary>
    public static PostgresDatabase CreateFresh()
    {
        if (WhyUnavailable is { } why) throw new InvalidOperationException(why + (Required ? $" ({RequireVariable}=1: PostgreSQL is required here)" : ""));
        string name = "nabla_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(Server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }
        return new PostgresDatabase(Server!, name);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// A fact that needs PostgreSQL: skipped, with the reason, when <c>NABLA_TEST_POSTGRES</c> is unset or the server does
/// not answer — unless <c>NABLA_REQUIRE_POSTGRES=1</c>, where it runs and fails.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when PostgreSQL is unavailable and not required.</summary>
    public PostgresFactAttribute()
    {
        if (!PostgresDatabase.Required && PostgresDatabase.WhyUnavailable is { } why) Skip = why;
    }
}

/// <summary>The theory form of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when PostgreSQL is unavailable and not required.</summary>
    public PostgresTheoryAttribute()
    {
        if (!PostgresDatabase.Required && PostgresDatabase.WhyUnavailable is { } why) Skip = why;
    }
}
