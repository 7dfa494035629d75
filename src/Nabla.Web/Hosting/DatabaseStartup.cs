using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Nabla.Web.Infrastructure;
using Npgsql;

namespace Nabla.Web.Hosting;

/// <summary>
/// Hosted mode's start-up work on the database, before the server accepts requests: apply the migrations, make sure
/// the Data Protection key ring has a key, seed the configured admin. Instances starting together take turns on a
/// database-wide lock (PostgreSQL: an advisory lock; SQLite: a lock file beside the database), so the schema is
/// migrated once and every instance uses the one key the first created.
/// </summary>
public static class DatabaseStartup
{
    // An arbitrary constant naming Nabla's start-up lock among the server's advisory locks.
    private const long AdvisoryLockKey = 0x4e61626c61_01;

    /// <summary>Runs the start-up work (a no-op in local mode).</summary>
    public static async Task PrepareAsync(IServiceProvider services, NablaWebOptions settings, IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsHosted) return;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Nabla.Web.Hosting");
        string connection = HostingSetup.ConnectionString(configuration, settings);
        if (settings.Database.Migrate)
        {
            await using var held = await Lock(settings, connection, services, cancellationToken);
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<HostedDb>();
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                    await db.Database.MigrateAsync(cancellationToken);
                }
                if (!settings.Database.IsPostgres)
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            EnsureDataProtectionKey(services);
            await SeedAdmin(services, settings, logger);
        }
        else if (settings.Admin.Email is { Length: > 0 })
            await SeedAdmin(services, settings, logger);
    }

    private static void EnsureDataProtectionKey(IServiceProvider services)
    {
        // Created here, under the lock, rather than lazily by the first request of each instance: two instances
        // would otherwise each make a key and reject each other's cookies until their key rings refresh.
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            keys.CreateNewKey(now, now.AddDays(90));
    }

    private static async Task SeedAdmin(IServiceProvider services, NablaWebOptions settings, ILogger logger)
    {
        if (settings.Admin.Email is not { Length: > 0 } email) return;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            if (settings.Admin.Password is not { Length: > 0 } password)
                throw new InvalidOperationException("Nabla:Admin:Email is set but Nabla:Admin:Password is not: give the admin's first password (from the environment, e.g. Nabla__Admin__Password)");
            user = new NablaUser { UserName = email, Email = email, DisplayName = "Administrator", EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                throw new InvalidOperationException("the admin account could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            logger.LogInformation("Seeded the admin account {UserId}", user.Id);
        }
        foreach (var role in new[] { Roles.Learner, Roles.Admin })
            if (!await users.IsInRoleAsync(user, role))
                Check(await users.AddToRoleAsync(user, role));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static async Task<IAsyncDisposable> Lock(NablaWebOptions settings, string connection, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (settings.Database.IsPostgres)
        {
            await EnsurePostgresDatabase(services, cancellationToken);
            var held = new NpgsqlConnection(connection);
            await held.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", held);
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
            // Closing the session releases the advisory lock.
            return held;
        }
        string file = new SqliteConnectionStringBuilder(connection).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return NoLock.Instance;
        string full = Path.GetFullPath(file);
        if (Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(full + ".startup-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task EnsurePostgresDatabase(IServiceProvider services, CancellationToken cancellationToken)
    {
        // The advisory lock needs the database to exist; creating it races harmlessly (the loser sees "exists").
        await using var scope = services.CreateAsyncScope();
        var creator = scope.ServiceProvider.GetRequiredService<HostedDb>().GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken)) return;
        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
