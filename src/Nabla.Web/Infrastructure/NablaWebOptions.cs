namespace Nabla.Web.Infrastructure;

/// <summary>The web course's settings (section <c>Nabla</c> in appsettings.json or <c>Nabla__*</c> environment variables).</summary>
public sealed class NablaWebOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nabla";

    /// <summary>The value of <see cref="Mode"/> for one learner, no login, the SQLite progress file (the default).</summary>
    public const string LocalMode = "local";

    /// <summary>The value of <see cref="Mode"/> for a class: accounts required, the hosted database.</summary>
    public const string HostedMode = "hosted";

    /// <summary><c>local</c> (one learner, no login, SQLite progress file shared with the CLI) or <c>hosted</c> (accounts).</summary>
    public string Mode { get; set; } = LocalMode;

    /// <summary>Whether <see cref="Mode"/> is <c>hosted</c>.</summary>
    public bool IsHosted => string.Equals(Mode, HostedMode, StringComparison.OrdinalIgnoreCase);

    /// <summary>The course's <c>content/</c> folder; by default the copy next to the app, else the repository's.</summary>
    public string? ContentPath { get; set; }

    /// <summary>The SQLite progress file of local mode; by default <c>progress.db</c> in the nabla data directory.</summary>
    public string? ProgressDatabase { get; set; }

    /// <summary>
    /// Hosted mode: the folder for files kept per learner (the assignment workspace, <c>lab/</c>); by default the nabla
    /// data directory. Point several instances at one shared folder.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Wall-clock budget for one engine call made on a learner's behalf.</summary>
    public double EngineTimeBudgetSeconds { get; set; } = 2;

    /// <summary>The largest request body the API reads (bytes); larger requests get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Hosted mode's database (<c>Nabla:Database</c>); the connection string is <c>ConnectionStrings:Nabla</c>.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>An admin account seeded at start-up in hosted mode (<c>Nabla:Admin</c>; both values from configuration only).</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Logging (<c>Nabla:Logging</c>).</summary>
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>How long a stopping server waits for requests in flight (seconds) before it ends.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Behind a reverse proxy on the same machine (nginx, Caddy): honour <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c>
    /// from loopback proxies, so logs show the client's address and cookies know the request came over HTTPS.
    /// </summary>
    public bool BehindProxy { get; set; }
}

/// <summary>The hosted database settings.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The value of <see cref="Provider"/> for SQLite (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The value of <see cref="Provider"/> for PostgreSQL.</summary>
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Whether the provider is PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase) || string.Equals(Provider, "npgsql", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Apply pending migrations at start-up (default true), under a database-wide lock so instances starting together
    /// migrate once. Set false when a deployment step migrates instead.
    /// </summary>
    public bool Migrate { get; set; } = true;
}

/// <summary>The seeded admin account.</summary>
public sealed class AdminOptions
{
    /// <summary>The admin's email (user name); no admin is seeded when empty.</summary>
    public string? Email { get; set; }

    /// <summary>The admin's password, used when the account is created (never stored in the repository).</summary>
    public string? Password { get; set; }
}

/// <summary>How the server logs.</summary>
public sealed class LoggingOptions
{
    /// <summary><c>simple</c> (default: readable lines) or <c>json</c> (one JSON object per line, with scopes: request id, user id).</summary>
    public string Format { get; set; } = "simple";

    /// <summary>Whether <see cref="Format"/> is <c>json</c>.</summary>
    public bool IsJson => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);
}
