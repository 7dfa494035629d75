using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nabla.Course.Progress;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Hosting;

/// <summary>
/// Recording an answer is one unit of work: when any part fails (here the review update), neither the attempt nor
/// the mastery is stored — in the local file and in the hosted database alike.
/// </summary>
public sealed class ProgressAtomicityTests
{
    /// <summary>A store that fails when the review queue is written, after the attempt and mastery were.</summary>
    private sealed class FailingReviews(IProgressStore inner) : IProgressStore
    {
        public void AddAttempt(AttemptRecord attempt) => inner.AddAttempt(attempt);
        public IReadOnlyList<AttemptRecord> Attempts(string learner) => inner.Attempts(learner);
        public SkillMastery Mastery(string learner, string skill) => inner.Mastery(learner, skill);
        public IReadOnlyList<SkillMastery> AllMastery(string learner) => inner.AllMastery(learner);
        public void SaveMastery(string learner, SkillMastery mastery) => inner.SaveMastery(learner, mastery);
        public IReadOnlyList<ReviewItem> ReviewQueue(string learner) => inner.ReviewQueue(learner);
        public void SaveReview(string learner, string skill, ReviewItem? item) => throw new IOException("disk full (simulated)");
        public void AddGameScore(GameScore score) => inner.AddGameScore(score);
        public IReadOnlyList<GameScore> GameScores(string learner, string game) => inner.GameScores(learner, game);
        public T Atomically<T>(Func<T> work) => inner.Atomically(work);
    }

    private static void AssertNothingStoredWhenTheReviewFails(IProgressStore store)
    {
        var tracker = new ProgressTracker(new FailingReviews(store));
        Assert.Throws<IOException>(() => tracker.Record("ada", "t1", 3, ["chain-rule"], attempt: 1, correct: false, score: 0));
        Assert.Empty(store.Attempts("ada"));
        Assert.Empty(store.AllMastery("ada"));

        // The store is still usable, and a whole record lands.
        new ProgressTracker(store).Record("ada", "t1", 3, ["chain-rule"], attempt: 1, correct: false, score: 0);
        Assert.Single(store.Attempts("ada"));
        Assert.Single(store.AllMastery("ada"));
        Assert.Single(store.ReviewQueue("ada"));
    }

    [Fact]
    public void TheLocalFileStoresARecordWhollyOrNotAtAll()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"nabla-atomic-{Guid.NewGuid():N}");
        try
        {
            using var store = new SqliteProgressStore(Path.Combine(dir, "progress.db"));
            AssertNothingStoredWhenTheReviewFails(store);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void TheHostedSqliteDatabaseStoresARecordWhollyOrNotAtAll()
    {
        string file = Path.Combine(Path.GetTempPath(), $"nabla-atomic-{Guid.NewGuid():N}.db");
        try
        {
            using var db = new SqliteHostedDb(new DbContextOptionsBuilder<SqliteHostedDb>().UseSqlite($"Data Source={file}").Options);
            db.Database.Migrate();
            AssertNothingStoredWhenTheReviewFails(new DbProgressStore(db));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [PostgresFact]
    public void ThePostgresDatabaseStoresARecordWhollyOrNotAtAll()
    {
        using var database = PostgresDatabase.CreateFresh();
        using var db = new PostgresHostedDb(new DbContextOptionsBuilder<PostgresHostedDb>().UseNpgsql(database.ConnectionString).Options);
        db.Database.Migrate();
        AssertNothingStoredWhenTheReviewFails(new DbProgressStore(db));
    }

    [Fact]
    public void LocalProgressServiceWritesAreOneTransaction()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"nabla-atomic-{Guid.NewGuid():N}");
        try
        {
            using var progress = new ProgressService(Path.Combine(dir, "progress.db"));
            Assert.Throws<InvalidOperationException>(() => progress.Write(store =>
            {
                store.AddGameScore(new GameScore("ada", "sandpit", "bowl", 3, true, DateTimeOffset.UtcNow));
                throw new InvalidOperationException("fails after the first write");
            }));
            Assert.Empty(progress.Read(s => s.GameScores("ada", "sandpit")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
