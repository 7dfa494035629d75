using Microsoft.EntityFrameworkCore;

namespace Nabla.Course.Progress;

/// <summary>An attempt row.</summary>
internal sealed class AttemptRow
{
    public long Id { get; set; }
    public string Learner { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public int Seed { get; set; }
    public string Skills { get; set; } = "";
    public int Attempt { get; set; }
    public bool Correct { get; set; }
    public double Score { get; set; }
    public long AtUnixMs { get; set; }
    public string FeedbackIds { get; set; } = "";
}

/// <summary>A mastery row (one per learner and skill).</summary>
internal sealed class MasteryRow
{
    public string Learner { get; set; } = "";
    public string Skill { get; set; } = "";
    public int Level { get; set; }
    public int Attempts { get; set; }
    public int FirstTryCorrect { get; set; }
    public int Streak { get; set; }
    public long? LastPractisedUnixMs { get; set; }
}

/// <summary>A review-queue row (one per learner and skill).</summary>
internal sealed class ReviewRow
{
    public string Learner { get; set; } = "";
    public string Skill { get; set; } = "";
    public long DueUnixMs { get; set; }
    public int Step { get; set; }
}

/// <summary>A finished game (e.g. a Sandpit round): how many dips it took, and whether the learner won.</summary>
internal sealed class GameScoreRow
{
    public long Id { get; set; }
    public string Learner { get; set; } = "";
    public string Game { get; set; } = "";
    public string Level { get; set; } = "";
    public int Moves { get; set; }
    public bool Won { get; set; }
    public long AtUnixMs { get; set; }
}

internal sealed class ProgressDb(DbContextOptions<ProgressDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => ProgressModel.Configure(modelBuilder);
}

/// <summary>
/// The progress store in a SQLite file (EF Core), shared by <c>nabla practice</c> and the web course. Four tables:
/// <c>attempts</c>, <c>mastery</c> (learner, skill), <c>reviews</c> (learner, skill) and <c>game_scores</c>; times are Unix milliseconds
/// (UTC). The schema is kept by EF Core migrations (Progress/Migrations), applied when the store opens.
/// </summary>
public sealed partial class SqliteProgressStore : IProgressStore, IDisposable
{
    private readonly ProgressDb db;

    /// <summary>Opens (creating when needed) the store at <paramref name="path"/>.</summary>
    public SqliteProgressStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        Path = path;
        var options = new DbContextOptionsBuilder<ProgressDb>().UseSqlite($"Data Source={path};Pooling=False").Options;
        db = new ProgressDb(options);
        Upgrade(db);
        // One connection for the store's lifetime (callers serialise access): WAL with synchronous=NORMAL makes a
        // commit an append to the write-ahead log without an fsync, still durable against a killed process (only a
        // power cut can lose the last commits), and keeps readers from blocking the writer.
        db.Database.OpenConnection();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        // The attempt number of a check is a count of (learner, template, seed): without this index it reads every
        // attempt of the learner. Kept outside the EF model (the hosted database shares the model, not this index)
        // and under a name no migration will use; IF NOT EXISTS recreates it should a migration rebuild the table.
        db.Database.ExecuteSqlRaw($"CREATE INDEX IF NOT EXISTS {VariantIndex} ON attempts (Learner, TemplateId, Seed);");
        rows = new DbProgressStore(db);
    }

    private readonly DbProgressStore rows;

    /// <summary>The first migration: the schema that stores created before migrations existed (with EnsureCreated) have.</summary>
    internal const string InitialMigration = "20261127225304_Initial";

    /// <summary>The migration that added <c>game_scores</c>.</summary>
    internal const string GameScoresMigration = "20261127225443_GameScores";

    /// <summary>
    /// Applies the migrations under Progress/Migrations. A file made by an earlier nabla (schema created without
    /// migrations) is first marked as being at <see cref="InitialMigration"/>, so its rows are kept and only the
    /// newer tables are added.
    /// </summary>
    private static void Upgrade(ProgressDb db)
    {
        var connection = db.Database.GetDbConnection();
        connection.Open();
        try
        {
            bool Has(string table)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "$name";
                parameter.Value = table;
                command.Parameters.Add(parameter);
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
            }

            if (Has("attempts") && !Has("__EFMigrationsHistory"))
            {
                using var command = connection.CreateCommand();
                // A file from a development build may already hold game_scores (created without migrations too).
                command.CommandText = """
                    CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ($id, '10.0.15');
                    """ + (Has("game_scores") ? $"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('{GameScoresMigration}', '10.0.15');""" : "");
                var parameter = command.CreateParameter();
                parameter.ParameterName = "$id";
                parameter.Value = InitialMigration;
                command.Parameters.Add(parameter);
                command.ExecuteNonQuery();
            }
        }
        finally
        {
            connection.Close();
        }
        db.Database.Migrate();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// The default location: <c>progress.db</c> in <see cref="NablaPaths.DataDirectory"/> (<c>$NABLA_DATA_DIR</c>, else
    /// <c>$XDG_DATA_HOME/nabla</c>, else <c>~/.local/share/nabla</c>), the same file for the command-line tool and the
    /// web course.
    /// </summary>
    public static string DefaultPath() => System.IO.Path.Combine(NablaPaths.DataDirectory(), "progress.db");

    /// <inheritdoc />
    public void AddAttempt(AttemptRecord attempt) => rows.AddAttempt(attempt);

    /// <inheritdoc />
    public IReadOnlyList<AttemptRecord> Attempts(string learner) => rows.Attempts(learner);

    /// <inheritdoc />
    public int AttemptCount(string learner, string templateId, int seed) =>
        // Every answer check asks this: a prepared statement on the variant index, not an EF query (unless inside an
        // EF transaction, which a plain command may not join).
        db.Database.CurrentTransaction is null ? CountAttemptsNow(learner, templateId, seed) : rows.AttemptCount(learner, templateId, seed);

    /// <inheritdoc />
    public SkillMastery Mastery(string learner, string skill) => rows.Mastery(learner, skill);

    /// <inheritdoc />
    public IReadOnlyList<SkillMastery> AllMastery(string learner) => rows.AllMastery(learner);

    /// <inheritdoc />
    public void SaveMastery(string learner, SkillMastery mastery) => rows.SaveMastery(learner, mastery);

    /// <inheritdoc />
    public IReadOnlyList<ReviewItem> ReviewQueue(string learner) => rows.ReviewQueue(learner);

    /// <inheritdoc />
    public void SaveReview(string learner, string skill, ReviewItem? item) => rows.SaveReview(learner, skill, item);

    /// <inheritdoc />
    public void AddGameScore(GameScore score) => rows.AddGameScore(score);

    /// <inheritdoc />
    public IReadOnlyList<GameScore> GameScores(string learner, string game) => rows.GameScores(learner, game);

    /// <inheritdoc />
    public T Atomically<T>(Func<T> work) => rows.Atomically(work);

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeBatchCommands();
        db.Database.CloseConnection();
        db.Dispose();
    }
}
