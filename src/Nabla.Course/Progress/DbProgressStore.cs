using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Nabla.Course.Progress;

/// <summary>
/// The progress tables as an EF Core model, so that any context can hold them: the local SQLite file's own context,
/// and the hosted database's context (SQLite or PostgreSQL), where they sit beside the accounts.
/// </summary>
public static class ProgressModel
{
    /// <summary>Adds <c>attempts</c>, <c>mastery</c>, <c>reviews</c> and <c>game_scores</c> to <paramref name="modelBuilder"/>.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AttemptRow>().ToTable("attempts").HasIndex(a => a.Learner);
        modelBuilder.Entity<MasteryRow>().ToTable("mastery").HasKey(m => new { m.Learner, m.Skill });
        modelBuilder.Entity<ReviewRow>().ToTable("reviews").HasKey(r => new { r.Learner, r.Skill });
        modelBuilder.Entity<GameScoreRow>().ToTable("game_scores").HasIndex(g => new { g.Learner, g.Game });
    }
}

/// <summary>
/// The progress store over any EF Core context whose model holds <see cref="ProgressModel"/> (any provider). It
/// does not own the context: the caller creates one per unit of work (hosted mode) or keeps one (the local file).
/// Not thread-safe, like the context.
/// </summary>
public sealed class DbProgressStore(DbContext db) : IProgressStore
{
    private readonly DbContext db = db ?? throw new ArgumentNullException(nameof(db));

    private DbSet<AttemptRow> AttemptRows => db.Set<AttemptRow>();
    private DbSet<MasteryRow> MasteryRows => db.Set<MasteryRow>();
    private DbSet<ReviewRow> ReviewRows => db.Set<ReviewRow>();
    private DbSet<GameScoreRow> GameScoreRows => db.Set<GameScoreRow>();

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction (joining one already open): its writes commit
    /// together or not at all, and a commit costs one log flush instead of one per row.
    /// </summary>
    public T Atomically<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null) return work();
        using IDbContextTransaction transaction = db.Database.BeginTransaction();
        try
        {
            var result = work();
            transaction.Commit();
            return result;
        }
        finally
        {
            // A failed unit of work leaves nothing behind in the change tracker for the next one.
            db.ChangeTracker.Clear();
        }
    }

    /// <inheritdoc />
    public void AddAttempt(AttemptRecord attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        AttemptRows.Add(new AttemptRow
        {
            Learner = attempt.Learner, TemplateId = attempt.TemplateId, Seed = attempt.Seed, Skills = string.Join(',', attempt.Skills),
            Attempt = attempt.Attempt, Correct = attempt.Correct, Score = attempt.Score, AtUnixMs = Ms(attempt.At),
            FeedbackIds = string.Join(',', attempt.FeedbackIds),
        });
        Save();
    }

    /// <inheritdoc />
    public IReadOnlyList<AttemptRecord> Attempts(string learner) =>
        AttemptRows.AsNoTracking().Where(a => a.Learner == learner).OrderBy(a => a.Id).AsEnumerable()
            .Select(a => new AttemptRecord(a.Learner, a.TemplateId, a.Seed, a.Skills.Length == 0 ? [] : a.Skills.Split(','), a.Attempt, a.Correct, a.Score, At(a.AtUnixMs),
                a.FeedbackIds.Length == 0 ? [] : a.FeedbackIds.Split(',')))
            .ToList();

    /// <inheritdoc />
    public SkillMastery Mastery(string learner, string skill) =>
        MasteryRows.AsNoTracking().FirstOrDefault(m => m.Learner == learner && m.Skill == skill) is { } row ? ToMastery(row) : SkillMastery.Start(skill);

    /// <inheritdoc />
    public IReadOnlyList<SkillMastery> AllMastery(string learner) =>
        MasteryRows.AsNoTracking().Where(m => m.Learner == learner).OrderBy(m => m.Skill).AsEnumerable().Select(ToMastery).ToList();

    private static SkillMastery ToMastery(MasteryRow row) =>
        new(row.Skill, (MasteryLevel)row.Level, row.Attempts, row.FirstTryCorrect, row.Streak, row.LastPractisedUnixMs is { } ms ? At(ms) : null);

    /// <inheritdoc />
    public void SaveMastery(string learner, SkillMastery mastery)
    {
        ArgumentNullException.ThrowIfNull(mastery);
        var row = MasteryRows.FirstOrDefault(m => m.Learner == learner && m.Skill == mastery.Skill);
        if (row is null)
        {
            row = new MasteryRow { Learner = learner, Skill = mastery.Skill };
            MasteryRows.Add(row);
        }
        row.Level = (int)mastery.Level;
        row.Attempts = mastery.Attempts;
        row.FirstTryCorrect = mastery.FirstTryCorrect;
        row.Streak = mastery.Streak;
        row.LastPractisedUnixMs = mastery.LastPractised is { } t ? Ms(t) : null;
        Save();
    }

    /// <inheritdoc />
    public IReadOnlyList<ReviewItem> ReviewQueue(string learner) =>
        ReviewRows.AsNoTracking().Where(r => r.Learner == learner).OrderBy(r => r.DueUnixMs).AsEnumerable()
            .Select(r => new ReviewItem(r.Skill, At(r.DueUnixMs), r.Step)).ToList();

    /// <inheritdoc />
    public void SaveReview(string learner, string skill, ReviewItem? item)
    {
        var row = ReviewRows.FirstOrDefault(r => r.Learner == learner && r.Skill == skill);
        if (item is null)
        {
            if (row is not null) ReviewRows.Remove(row);
        }
        else
        {
            if (row is null)
            {
                row = new ReviewRow { Learner = learner, Skill = skill };
                ReviewRows.Add(row);
            }
            row.DueUnixMs = Ms(item.Due);
            row.Step = item.Step;
        }
        Save();
    }

    /// <inheritdoc />
    public void AddGameScore(GameScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        GameScoreRows.Add(new GameScoreRow
        {
            Learner = score.Learner, Game = score.Game, Level = score.Level, Moves = score.Moves, Won = score.Won, AtUnixMs = Ms(score.At),
        });
        Save();
    }

    /// <inheritdoc />
    public IReadOnlyList<GameScore> GameScores(string learner, string game) =>
        GameScoreRows.AsNoTracking().Where(g => g.Learner == learner && g.Game == game).OrderBy(g => g.Id).AsEnumerable()
            .Select(g => new GameScore(g.Learner, g.Game, g.Level, g.Moves, g.Won, At(g.AtUnixMs))).ToList();

    private void Save()
    {
        db.SaveChanges();
        // Rows are written; keeping them tracked would only grow a long-lived context (the local file's).
        if (db.Database.CurrentTransaction is null) db.ChangeTracker.Clear();
    }
}
