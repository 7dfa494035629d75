using Microsoft.Data.Sqlite;
using Nabla.Course.Progress;

namespace Nabla.Tests.Course;

/// <summary>The progress file's schema is kept by migrations, and files from before migrations keep their rows.</summary>
public sealed class ProgressMigrationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "nabla-migrations-" + Guid.NewGuid().ToString("N"));
    private string DbPath => Path.Combine(directory, "progress.db");

    public ProgressMigrationTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, true); } catch (IOException) { }
    }

    private List<string> Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    [Fact]
    public void ANewFileGetsEveryTableAndRecordsEveryMigration()
    {
        using (new SqliteProgressStore(DbPath)) { }
        var tables = Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        Assert.Subset(new HashSet<string>(tables), new HashSet<string> { "attempts", "mastery", "reviews", "game_scores", "__EFMigrationsHistory" });
        Assert.Equal(3, Query("SELECT MigrationId FROM __EFMigrationsHistory").Count);
    }

    [Fact]
    public void AFileFromBeforeMigrationsKeepsItsAttemptsAndGainsGameScores()
    {
        // The schema an earlier nabla created with EnsureCreated, written out by hand.
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "attempts" ("Id" INTEGER NOT NULL CONSTRAINT "PK_attempts" PRIMARY KEY AUTOINCREMENT, "Learner" TEXT NOT NULL,
                  "TemplateId" TEXT NOT NULL, "Seed" INTEGER NOT NULL, "Skills" TEXT NOT NULL, "Attempt" INTEGER NOT NULL, "Correct" INTEGER NOT NULL,
                  "Score" REAL NOT NULL, "AtUnixMs" INTEGER NOT NULL);
                CREATE TABLE "mastery" ("Learner" TEXT NOT NULL, "Skill" TEXT NOT NULL, "Level" INTEGER NOT NULL, "Attempts" INTEGER NOT NULL,
                  "FirstTryCorrect" INTEGER NOT NULL, "Streak" INTEGER NOT NULL, "LastPractisedUnixMs" INTEGER NULL, CONSTRAINT "PK_mastery" PRIMARY KEY ("Learner", "Skill"));
                CREATE TABLE "reviews" ("Learner" TEXT NOT NULL, "Skill" TEXT NOT NULL, "DueUnixMs" INTEGER NOT NULL, "Step" INTEGER NOT NULL,
                  CONSTRAINT "PK_reviews" PRIMARY KEY ("Learner", "Skill"));
                CREATE INDEX "IX_attempts_Learner" ON "attempts" ("Learner");
                INSERT INTO attempts (Learner, TemplateId, Seed, Skills, Attempt, Correct, Score, AtUnixMs)
                  VALUES ('ada', 'm1-power-rule', 7, 'm1-power-rule', 1, 1, 1.0, 1767600000000);
                """;
            command.ExecuteNonQuery();
        }

        using (var store = new SqliteProgressStore(DbPath))
        {
            var attempt = Assert.Single(store.Attempts("ada"));
            Assert.Equal(("m1-power-rule", 7, true), (attempt.TemplateId, attempt.Seed, attempt.Correct));
            Assert.Empty(attempt.FeedbackIds);
            store.AddGameScore(new GameScore("ada", "sandpit", "intro", 6, true, DateTimeOffset.FromUnixTimeMilliseconds(1767600100000)));
        }

        using (var reopened = new SqliteProgressStore(DbPath))
        {
            var score = Assert.Single(reopened.GameScores("ada", "sandpit"));
            Assert.Equal(("intro", 6, true), (score.Level, score.Moves, score.Won));
            Assert.Empty(reopened.GameScores("ada", "quiz"));
        }
        Assert.Equal([SqliteProgressStore.InitialMigration, "20261127225443_GameScores", "20261128013655_AttemptFeedback"], Query("SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId"));
    }

    [Fact]
    public void AFileThatAlreadyHasGameScoresWithoutHistoryOpens()
    {
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "attempts" ("Id" INTEGER NOT NULL CONSTRAINT "PK_attempts" PRIMARY KEY AUTOINCREMENT, "Learner" TEXT NOT NULL,
                  "TemplateId" TEXT NOT NULL, "Seed" INTEGER NOT NULL, "Skills" TEXT NOT NULL, "Attempt" INTEGER NOT NULL, "Correct" INTEGER NOT NULL,
                  "Score" REAL NOT NULL, "AtUnixMs" INTEGER NOT NULL);
                CREATE TABLE "mastery" ("Learner" TEXT NOT NULL, "Skill" TEXT NOT NULL, "Level" INTEGER NOT NULL, "Attempts" INTEGER NOT NULL,
                  "FirstTryCorrect" INTEGER NOT NULL, "Streak" INTEGER NOT NULL, "LastPractisedUnixMs" INTEGER NULL, CONSTRAINT "PK_mastery" PRIMARY KEY ("Learner", "Skill"));
                CREATE TABLE "reviews" ("Learner" TEXT NOT NULL, "Skill" TEXT NOT NULL, "DueUnixMs" INTEGER NOT NULL, "Step" INTEGER NOT NULL,
                  CONSTRAINT "PK_reviews" PRIMARY KEY ("Learner", "Skill"));
                CREATE TABLE "game_scores" ("Id" INTEGER NOT NULL CONSTRAINT "PK_game_scores" PRIMARY KEY AUTOINCREMENT, "Learner" TEXT NOT NULL,
                  "Game" TEXT NOT NULL, "Level" TEXT NOT NULL, "Moves" INTEGER NOT NULL, "Won" INTEGER NOT NULL, "AtUnixMs" INTEGER NOT NULL);
                INSERT INTO game_scores (Learner, Game, Level, Moves, Won, AtUnixMs) VALUES ('ada', 'quiz', 'derivatives', 7, 1, 1767600000000);
                """;
            command.ExecuteNonQuery();
        }
        using var store = new SqliteProgressStore(DbPath);
        Assert.Equal(7, Assert.Single(store.GameScores("ada", "quiz")).Moves);
    }
}
