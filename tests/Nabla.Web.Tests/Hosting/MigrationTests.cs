using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nabla.Course.Progress;
using Nabla.Web.Hosting;
using Nabla.Web.Tests.Infrastructure;
using Npgsql;

namespace Nabla.Web.Tests.Hosting;

/// <summary>
/// Both migration sets of the hosted database apply to an empty database, leave nothing pending, match the model
/// (no change without a migration), and create every table the app uses — progress tables included.
/// </summary>
public sealed class MigrationTests
{
    private static readonly string[] Tables =
    [
        "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "classes", "class_members", "data_protection_keys",
        "attempts", "mastery", "reviews", "game_scores",
    ];

    [Fact]
    public void SqliteMigrationsApplyToAFreshFileAndMatchTheModel()
    {
        string file = Path.Combine(Path.GetTempPath(), $"nabla-migrate-{Guid.NewGuid():N}.db");
        try
        {
            using (var db = new SqliteHostedDb(new DbContextOptionsBuilder<SqliteHostedDb>().UseSqlite($"Data Source={file}").Options))
            {
                Assert.False(db.Database.HasPendingModelChanges(), "the SQLite model has changes without a migration: add one (see docs/hosting.md)");
                db.Database.Migrate();
                Assert.Empty(db.Database.GetPendingMigrations());
                Assert.NotEmpty(db.Database.GetAppliedMigrations());
                AssertSeededRoles(db);
            }
            using var connection = new SqliteConnection($"Data Source={file}");
            connection.Open();
            foreach (var table in Tables)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
                command.Parameters.AddWithValue("$name", table);
                Assert.True(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1, $"table {table} exists");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [PostgresFact]
    public void PostgresMigrationsApplyToAFreshDatabaseAndMatchTheModel()
    {
        using var database = PostgresDatabase.CreateFresh();
        using (var db = new PostgresHostedDb(new DbContextOptionsBuilder<PostgresHostedDb>().UseNpgsql(database.ConnectionString).Options))
        {
            Assert.False(db.Database.HasPendingModelChanges(), "the PostgreSQL model has changes without a migration: add one (see docs/hosting.md)");
            db.Database.Migrate();
            Assert.Empty(db.Database.GetPendingMigrations());
            Assert.NotEmpty(db.Database.GetAppliedMigrations());
            AssertSeededRoles(db);
        }
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        foreach (var table in Tables)
        {
            using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = @name", connection);
            command.Parameters.AddWithValue("name", table);
            Assert.True((long)command.ExecuteScalar()! == 1, $"table {table} exists");
        }
    }

    [PostgresFact]
    public void TheProgressStoreRunsOverPostgres()
    {
        using var database = PostgresDatabase.CreateFresh();
        using var db = new PostgresHostedDb(new DbContextOptionsBuilder<PostgresHostedDb>().UseNpgsql(database.ConnectionString).Options);
        db.Database.Migrate();
        var store = new DbProgressStore(db);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var tracker = new ProgressTracker(store, clock);
        tracker.Record("learner-1", "t1", 7, ["chain-rule", "product-rule"], attempt: 1, correct: false, score: 0, feedbackIds: ["sign"]);
        var attempt = Assert.Single(store.Attempts("learner-1"));
        Assert.Equal(["chain-rule", "product-rule"], attempt.Skills);
        Assert.Equal(["sign"], attempt.FeedbackIds);
        Assert.Equal(2, store.AllMastery("learner-1").Count);
        Assert.Equal(2, store.ReviewQueue("learner-1").Count);
        store.AddGameScore(new GameScore("learner-1", "sandpit", "bowl", 4, true, clock.GetUtcNow()));
        Assert.Single(store.GameScores("learner-1", "sandpit"));
        Assert.Empty(store.Attempts("learner-2"));
    }

    [Fact]
    public void TheLocalProgressFileUsesWalAndKeepsItsRows()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"nabla-local-{Guid.NewGuid():N}");
        string file = Path.Combine(dir, "progress.db");
        try
        {
            using (var store = new SqliteProgressStore(file))
            {
                store.AddAttempt(new AttemptRecord("me", "t", 1, ["s"], 1, true, 1, DateTimeOffset.UtcNow));
                Assert.True(File.Exists(file + "-wal"), "the local file runs in WAL mode");
            }
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string)command.ExecuteScalar()!);
            using var reopened = new SqliteProgressStore(file);
            Assert.Single(reopened.Attempts("me"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static void AssertSeededRoles(HostedDb db) =>
        Assert.Equal(Roles.All.Order(), db.Roles.Select(r => r.Name!).AsEnumerable().Order());

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
