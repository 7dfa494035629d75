using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Nabla.Course.Progress;

/// <summary>A graded attempt waiting to be recorded (see <see cref="SqliteProgressStore.RecordBatch"/>).</summary>
/// <param name="Learner">Who.</param>
/// <param name="TemplateId">Which template.</param>
/// <param name="Seed">Which variant.</param>
/// <param name="Skills">The template's skills.</param>
/// <param name="Attempt">The attempt number the answer was graded as (its score carries that attempt's penalty).</param>
/// <param name="Correct">Whether it was right.</param>
/// <param name="Score">The score after penalties.</param>
/// <param name="FeedbackIds">The ids of the feedback rules that fired.</param>
public sealed record PendingAttempt(string Learner, string TemplateId, int Seed, IReadOnlyList<string> Skills, int Attempt, bool Correct, double Score,
    IReadOnlyList<string> FeedbackIds);

/// <summary>What became of one <see cref="PendingAttempt"/> in a batch.</summary>
/// <param name="Stored">
/// True: stored as attempt <paramref name="Attempt"/>. False: not stored, because the stored attempts of the variant say
/// its number must be <paramref name="Attempt"/> (another writer, e.g. <c>nabla practice</c>, recorded one meanwhile):
/// grade it again as that attempt and resubmit.
/// </param>
/// <param name="Attempt">The stored attempt number, or the number it must have.</param>
/// <param name="Mastery">The new mastery of each skill (empty when not stored).</param>
public sealed record BatchOutcome(bool Stored, int Attempt, IReadOnlyList<SkillMastery> Mastery);

/// <summary>The batched writer of the SQLite progress store (group commit for the web course).</summary>
public sealed partial class SqliteProgressStore
{
    /// <summary>The index on (learner, template, seed) that makes the attempt count a lookup.</summary>
    internal const string VariantIndex = "nabla_attempts_variant";

    private SqliteCommand? countAttempts, insertAttempt, readMastery, upsertMastery, readReview, upsertReview, deleteReview;

    /// <summary>
    /// Records several graded attempts in ONE transaction (one log append instead of one per attempt), in order, with
    /// the same effect as calling <see cref="ProgressTracker.Record"/> on each in turn: attempts of one learner and
    /// skill build on each other's mastery and review item. An attempt whose number is not the next one of its variant
    /// (counted from the stored attempts and the earlier ones of the batch) is not stored: its outcome gives the number
    /// it must have. Reads each variant's count, skill's mastery and review once per batch, writes each once (plain
    /// prepared statements: the EF change tracker costs more than the rows). Not thread-safe: one writer at a time.
    /// </summary>
    /// <param name="batch">The attempts, in the order they are to be applied.</param>
    /// <param name="clock">The clock stamping each attempt (the system clock when null).</param>
    /// <returns>One outcome per attempt, in order.</returns>
    public IReadOnlyList<BatchOutcome> RecordBatch(IReadOnlyList<PendingAttempt> batch, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        clock ??= TimeProvider.System;
        var outcomes = new BatchOutcome[batch.Count];
        if (batch.Count == 0) return outcomes;
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        using var transaction = connection.BeginTransaction();
        PrepareBatchCommands(connection, transaction);
        var counts = new Dictionary<(string, string, int), int>();
        var mastery = new Dictionary<(string Learner, string Skill), SkillMastery>();
        var reviews = new Dictionary<(string Learner, string Skill), ReviewItem?>();
        var changedMastery = new HashSet<(string, string)>();
        var changedReviews = new HashSet<(string, string)>();
        for (int i = 0; i < batch.Count; i++)
        {
            var p = batch[i] ?? throw new ArgumentException("a pending attempt is null", nameof(batch));
            var variant = (p.Learner, p.TemplateId, p.Seed);
            if (!counts.TryGetValue(variant, out int stored)) stored = CountAttempts(p.Learner, p.TemplateId, p.Seed);
            if (p.Attempt != stored + 1)
            {
                counts[variant] = stored;
                outcomes[i] = new BatchOutcome(false, stored + 1, []);
                continue;
            }
            counts[variant] = stored + 1;
            var now = clock.GetUtcNow();
            InsertAttempt(p, now);
            var result = new SkillMastery[p.Skills.Count];
            for (int s = 0; s < p.Skills.Count; s++)
            {
                string skill = p.Skills[s];
                var key = (p.Learner, skill);
                if (!mastery.TryGetValue(key, out var current)) current = ReadMastery(p.Learner, skill);
                result[s] = mastery[key] = ProgressTracker.NextMastery(current, p.Correct, p.Attempt, now);
                changedMastery.Add(key);
                if (ProgressTracker.MovesReview(p.Attempt))
                {
                    if (!reviews.TryGetValue(key, out var item)) item = ReadReview(p.Learner, skill);
                    reviews[key] = ReviewSchedule.Next(item, skill, p.Correct, now);
                    changedReviews.Add(key);
                }
            }
            outcomes[i] = new BatchOutcome(true, p.Attempt, result);
        }
        foreach (var key in changedMastery) UpsertMastery(key.Item1, mastery[key]);
        foreach (var key in changedReviews) SaveReviewRow(key.Item1, key.Item2, reviews[key]);
        transaction.Commit();
        return outcomes;
    }

    private void PrepareBatchCommands(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteCommand Make(ref SqliteCommand? command, string sql, params string[] parameters)
        {
            if (command is null)
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var name in parameters) command.Parameters.Add(new SqliteParameter(name, null));
            }
            command.Transaction = transaction;
            return command;
        }
        Make(ref countAttempts, CountSql, "$l", "$t", "$s");
        Make(ref insertAttempt, """
            INSERT INTO attempts (Learner, TemplateId, Seed, Skills, Attempt, Correct, Score, AtUnixMs, FeedbackIds)
            VALUES ($l, $t, $s, $skills, $a, $c, $score, $at, $f)
            """, "$l", "$t", "$s", "$skills", "$a", "$c", "$score", "$at", "$f");
        Make(ref readMastery, "SELECT Level, Attempts, FirstTryCorrect, Streak, LastPractisedUnixMs FROM mastery WHERE Learner = $l AND Skill = $k", "$l", "$k");
        Make(ref upsertMastery, """
            INSERT INTO mastery (Learner, Skill, Level, Attempts, FirstTryCorrect, Streak, LastPractisedUnixMs) VALUES ($l, $k, $level, $n, $right, $streak, $at)
            ON CONFLICT (Learner, Skill) DO UPDATE SET Level = excluded.Level, Attempts = excluded.Attempts, FirstTryCorrect = excluded.FirstTryCorrect,
                Streak = excluded.Streak, LastPractisedUnixMs = excluded.LastPractisedUnixMs
            """, "$l", "$k", "$level", "$n", "$right", "$streak", "$at");
        Make(ref readReview, "SELECT DueUnixMs, Step FROM reviews WHERE Learner = $l AND Skill = $k", "$l", "$k");
        Make(ref upsertReview, """
            INSERT INTO reviews (Learner, Skill, DueUnixMs, Step) VALUES ($l, $k, $due, $step)
            ON CONFLICT (Learner, Skill) DO UPDATE SET DueUnixMs = excluded.DueUnixMs, Step = excluded.Step
            """, "$l", "$k", "$due", "$step");
        Make(ref deleteReview, "DELETE FROM reviews WHERE Learner = $l AND Skill = $k", "$l", "$k");
    }

    private static SqliteCommand Bind(SqliteCommand command, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    private readonly Lock readerGate = new();
    private SqliteConnection? reader;
    private SqliteCommand? readerCount;

    /// <summary>
    /// <see cref="AttemptCount"/> on a read-only connection of its own, safe to call from any thread while the store is
    /// in use elsewhere: in WAL mode a reader sees the last commit and neither waits for the writer nor holds it up,
    /// so an answer check can number its attempt while a batch is being committed.
    /// </summary>
    public int ConcurrentAttemptCount(string learner, string templateId, int seed)
    {
        lock (readerGate)
        {
            if (reader is null)
            {
                reader = new SqliteConnection($"Data Source={Path};Mode=ReadOnly;Pooling=False");
                reader.Open();
                readerCount = reader.CreateCommand();
                readerCount.CommandText = CountSql;
                foreach (var name in new[] { "$l", "$t", "$s" }) readerCount.Parameters.Add(new SqliteParameter(name, null));
            }
            return Convert.ToInt32(Bind(readerCount!, learner, templateId, seed).ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    private int CountAttemptsNow(string learner, string templateId, int seed)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (countAttempts is null)
        {
            countAttempts = connection.CreateCommand();
            countAttempts.CommandText = CountSql;
            foreach (var name in new[] { "$l", "$t", "$s" }) countAttempts.Parameters.Add(new SqliteParameter(name, null));
        }
        countAttempts.Transaction = null;
        return CountAttempts(learner, templateId, seed);
    }

    private const string CountSql = "SELECT count(*) FROM attempts WHERE Learner = $l AND TemplateId = $t AND Seed = $s";

    private int CountAttempts(string learner, string templateId, int seed) =>
        Convert.ToInt32(Bind(countAttempts!, learner, templateId, seed).ExecuteScalar(), CultureInfo.InvariantCulture);

    private void InsertAttempt(PendingAttempt p, DateTimeOffset now) =>
        Bind(insertAttempt!, p.Learner, p.TemplateId, p.Seed, string.Join(',', p.Skills), p.Attempt, p.Correct ? 1 : 0, p.Score,
            now.ToUnixTimeMilliseconds(), string.Join(',', p.FeedbackIds)).ExecuteNonQuery();

    private SkillMastery ReadMastery(string learner, string skill)
    {
        using var reader = Bind(readMastery!, learner, skill).ExecuteReader();
        if (!reader.Read()) return SkillMastery.Start(skill);
        return new SkillMastery(skill, (MasteryLevel)reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
            reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
    }

    private void UpsertMastery(string learner, SkillMastery m) =>
        Bind(upsertMastery!, learner, m.Skill, (int)m.Level, m.Attempts, m.FirstTryCorrect, m.Streak, m.LastPractised?.ToUnixTimeMilliseconds()).ExecuteNonQuery();

    private ReviewItem? ReadReview(string learner, string skill)
    {
        using var reader = Bind(readReview!, learner, skill).ExecuteReader();
        return reader.Read() ? new ReviewItem(skill, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt32(1)) : null;
    }

    private void SaveReviewRow(string learner, string skill, ReviewItem? item)
    {
        if (item is null) Bind(deleteReview!, learner, skill).ExecuteNonQuery();
        else Bind(upsertReview!, learner, skill, item.Due.ToUnixTimeMilliseconds(), item.Step).ExecuteNonQuery();
    }

    private void DisposeBatchCommands()
    {
        lock (readerGate)
        {
            readerCount?.Dispose();
            reader?.Dispose();
            reader = null;
        }
        foreach (var command in new[] { countAttempts, insertAttempt, readMastery, upsertMastery, readReview, upsertReview, deleteReview }) command?.Dispose();
    }
}
