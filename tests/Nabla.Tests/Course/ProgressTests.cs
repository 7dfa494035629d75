using Nabla.Course;
using Nabla.Course.Progress;

namespace Nabla.Tests.Course;

public sealed class ProgressTests
{
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MasteryClimbsWithFirstTrySuccessesAndDropsOnAMiss()
    {
        var s = SkillMastery.Start("chain-rule");
        s = MasteryRules.Apply(s, false, 1, T0);
        Assert.Equal(MasteryLevel.Attempted, s.Level);
        s = MasteryRules.Apply(s, true, 1, T0);
        Assert.Equal(MasteryLevel.Familiar, s.Level);
        s = MasteryRules.Apply(s, true, 1, T0);
        s = MasteryRules.Apply(s, true, 1, T0);
        Assert.Equal(MasteryLevel.Proficient, s.Level);
        s = MasteryRules.Apply(s, true, 1, T0);
        s = MasteryRules.Apply(s, true, 1, T0);
        Assert.Equal(MasteryLevel.Mastered, s.Level);
        Assert.Equal((7 - 1, 5), (s.Attempts, s.FirstTryCorrect));
        s = MasteryRules.Apply(s, false, 1, T0);
        Assert.Equal(MasteryLevel.Proficient, s.Level);
        Assert.Equal(0, s.Streak);
        // A later attempt (after feedback) does not count toward mastery.
        var later = MasteryRules.Apply(s, true, 2, T0);
        Assert.Equal((s.Level, s.FirstTryCorrect), (later.Level, later.FirstTryCorrect));
    }

    [Fact]
    public void AMissedSkillComesBackAfterGrowingIntervals()
    {
        var item = ReviewSchedule.Next(null, "jacobian", false, T0)!;
        Assert.Equal(T0.AddDays(1), item.Due);
        var days = new List<double>();
        var now = T0;
        for (int i = 0; i < 3; i++)
        {
            now = item.Due;
            item = ReviewSchedule.Next(item, "jacobian", true, now)!;
            days.Add((item.Due - now).TotalDays);
        }
        Assert.Equal([3.0, 7.0, 16.0], days);
        // Practising before the due date leaves the schedule alone; a miss starts it over.
        Assert.Same(item, ReviewSchedule.Next(item, "jacobian", true, now.AddHours(1)));
        Assert.Equal(now.AddDays(1), ReviewSchedule.Next(item, "jacobian", false, now)!.Due);
        // Right at every review, the skill eventually leaves the queue.
        var last = new ReviewItem("jacobian", now, ReviewSchedule.IntervalsInDays.Count - 1);
        Assert.Null(ReviewSchedule.Next(last, "jacobian", true, now));
        Assert.Null(ReviewSchedule.Next(null, "jacobian", true, now));
    }

    [Fact]
    public void TheStoreRoundTripsAttemptsMasteryAndReviewsThroughSqlite()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nabla-progress-{Guid.NewGuid():N}.db");
        try
        {
            var clock = new ManualClock(T0);
            using (var store = new SqliteProgressStore(path))
            {
                var tracker = new ProgressTracker(store, clock);
                tracker.Record("ada", "jacobian-fixed", 3, ["jacobian"], 1, false, 0, ["jacobian-transposed", "not-equivalent"]);
                clock.Now = T0.AddMinutes(5);
                tracker.Record("ada", "product-rule-fixed", 1, ["product-rule", "power-rule"], 1, true, 1);
                Assert.Empty(tracker.Due("ada"));
                clock.Now = T0.AddDays(1);
                Assert.Equal("jacobian", Assert.Single(tracker.Due("ada")).Skill);
            }
            using (var reopened = new SqliteProgressStore(path))
            {
                var attempts = reopened.Attempts("ada");
                Assert.Equal(2, attempts.Count);
                var first = attempts[0];
                Assert.Equal(("ada", "jacobian-fixed", 3, 1, false, 0.0, T0), (first.Learner, first.TemplateId, first.Seed, first.Attempt, first.Correct, first.Score, first.At));
                Assert.Equal(["jacobian"], first.Skills);
                Assert.Equal(["product-rule", "power-rule"], attempts[1].Skills);
                Assert.Equal(["jacobian-transposed", "not-equivalent"], first.FeedbackIds);
                Assert.Empty(attempts[1].FeedbackIds);
                // The SQL count agrees with counting the history (the interface's default) for every variant asked.
                foreach (var (template, seed) in new[] { ("jacobian-fixed", 3), ("jacobian-fixed", 4), ("product-rule-fixed", 1), ("none", 3) })
                    Assert.Equal(attempts.Count(a => a.TemplateId == template && a.Seed == seed), reopened.AttemptCount("ada", template, seed));
                Assert.Equal(1, reopened.AttemptCount("ada", "jacobian-fixed", 3));
                Assert.Equal(T0.AddMinutes(5), attempts[1].At);
                Assert.Equal(MasteryLevel.Familiar, reopened.Mastery("ada", "product-rule").Level);
                Assert.Equal(MasteryLevel.Attempted, reopened.Mastery("ada", "jacobian").Level);
                Assert.Equal(MasteryLevel.NotStarted, reopened.Mastery("ada", "hessian").Level);
                Assert.Equal(3, reopened.AllMastery("ada").Count);
                var review = Assert.Single(reopened.ReviewQueue("ada"));
                Assert.Equal(("jacobian", T0.AddDays(1), 0), (review.Skill, review.Due, review.Step));
                Assert.Empty(reopened.Attempts("someone-else"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void TheDefaultStorePathIsInTheDataDirectory()
    {
        string path = SqliteProgressStore.DefaultPath();
        Assert.Equal(Path.Combine(NablaPaths.DataDirectory(), "progress.db"), path);
        if (Environment.GetEnvironmentVariable(NablaPaths.DataDirectoryVariable) is not { Length: > 0 }
            && Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            Assert.StartsWith(xdg, path, StringComparison.Ordinal);
    }
}
