using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Tests.Load;

/// <summary>
/// The batched writer (<see cref="SqliteProgressStore.RecordBatch"/>) and the group-commit path of
/// <see cref="ProgressService"/>, against the sequential tracker as the oracle.
/// </summary>
public sealed class GroupCommitStoreTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("nabla-group-commit-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private string File(string name) => Path.Combine(dir, name);

    private static (string, MasteryLevel, int, int, int, long?) Key(SkillMastery m) =>
        (m.Skill, m.Level, m.Attempts, m.FirstTryCorrect, m.Streak, m.LastPractised?.ToUnixTimeMilliseconds());

    [Fact]
    public void ABatchHasTheEffectOfRecordingItsAttemptsOneByOne()
    {
        var random = new Random(20261128);
        string[] learners = ["ann", "bob"];
        string[][] skillSets = [["s1"], ["s1", "s2"], ["s2", "s3"]];
        for (int round = 0; round < 30; round++)
        {
            // Two stores on the same fixed clock: one written by batches, one by the tracker one attempt at a time.
            var clock = new StepClock(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
            using var batched = new SqliteProgressStore(File($"batched-{round}.db"));
            using var sequential = new SqliteProgressStore(File($"sequential-{round}.db"));
            var tracker = new ProgressTracker(sequential, clock);
            var next = new Dictionary<(string, string, int), int>();
            for (int batchNo = 0; batchNo < 4; batchNo++)
            {
                var batch = new List<PendingAttempt>();
                int size = random.Next(1, 12);
                for (int i = 0; i < size; i++)
                {
                    string learner = learners[random.Next(learners.Length)];
                    int template = random.Next(3);
                    int seed = random.Next(2);
                    var key = (learner, $"t{template}", seed);
                    int attempt = next[key] = next.GetValueOrDefault(key) + 1;
                    bool correct = random.Next(3) > 0;
                    batch.Add(new PendingAttempt(learner, $"t{template}", seed, skillSets[template], attempt, correct, correct ? 1.0 / attempt : 0, correct ? [] : ["wrong"]));
                }
                var outcomes = batched.RecordBatch(batch, clock);
                for (int i = 0; i < batch.Count; i++)
                {
                    var p = batch[i];
                    var expected = tracker.Record(p.Learner, p.TemplateId, p.Seed, p.Skills, p.Attempt, p.Correct, p.Score, p.FeedbackIds);
                    Assert.True(outcomes[i].Stored);
                    Assert.Equal(p.Attempt, outcomes[i].Attempt);
                    Assert.Equal(expected.Select(Key), outcomes[i].Mastery.Select(Key));
                }
                clock.Advance(TimeSpan.FromDays(random.Next(0, 5)));
            }
            foreach (var learner in learners)
            {
                Assert.Equal(sequential.Attempts(learner), batched.Attempts(learner), new AttemptComparer());
                Assert.Equal(sequential.AllMastery(learner), batched.AllMastery(learner));
                Assert.Equal(sequential.ReviewQueue(learner), batched.ReviewQueue(learner));
            }
        }
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class StepClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    private sealed class AttemptComparer : IEqualityComparer<AttemptRecord>
    {
        public bool Equals(AttemptRecord? x, AttemptRecord? y) =>
            x is not null && y is not null && x.Learner == y.Learner && x.TemplateId == y.TemplateId && x.Seed == y.Seed && x.Skills.SequenceEqual(y.Skills)
            && x.Attempt == y.Attempt && x.Correct == y.Correct && x.Score == y.Score && x.At == y.At && x.FeedbackIds.SequenceEqual(y.FeedbackIds);

        public int GetHashCode(AttemptRecord obj) => obj.Attempt;
    }

    [Fact]
    public void AnAttemptWhoseNumberIsTakenIsNotStoredAndLearnsItsNumber()
    {
        using var store = new SqliteProgressStore(File("taken.db"));
        // Another writer (the CLI) recorded attempt 1 meanwhile.
        new ProgressTracker(store).Record("ann", "t", 1, ["s"], 1, true, 1);
        var outcomes = store.RecordBatch(
        [
            new PendingAttempt("ann", "t", 1, ["s"], 1, true, 1, []),   // graded as the first try: it is the second
            new PendingAttempt("ann", "t", 1, ["s"], 2, false, 0, []),  // the next number: stored
            new PendingAttempt("ann", "t", 2, ["s"], 1, true, 1, []),   // another variant: its own numbering
        ]);
        Assert.Equal(new BatchOutcome(false, 2, []), outcomes[0] with { Mastery = [] });
        Assert.Empty(outcomes[0].Mastery);
        Assert.True(outcomes[1].Stored);
        Assert.Equal(2, outcomes[1].Attempt);
        Assert.True(outcomes[2].Stored);
        Assert.Equal([1, 2], store.Attempts("ann").Where(a => a.Seed == 1).Select(a => a.Attempt));
        Assert.Equal([false], store.Attempts("ann").Where(a => a.Attempt == 2).Select(a => a.Correct));
        Assert.Equal(2, store.ConcurrentAttemptCount("ann", "t", 1));
        Assert.Equal(2, store.AttemptCount("ann", "t", 1));
    }

    [Fact]
    public async Task ConcurrentChecksWithUncountedAndSlowGradesStayNumberedOneToN()
    {
        using var progress = new ProgressService(File("service.db"));
        var random = new Random(7);
        const int checks = 60;
        var plans = Enumerable.Range(0, checks).Select(i => (Counted: random.Next(5) > 0, DelayMs: random.Next(0, 15))).ToArray();
        // The fake grade scores an attempt 1/attempt: a stored score shows which number it was graded as.
        var results = await Task.WhenAll(plans.Select(plan => Task.Run(() => progress.GradeAndRecordAsync("ann", "t", 5, ["s1", "s2"],
            async attempt =>
            {
                await Task.Delay(plan.DelayMs);
                return (plan.Counted, Attempt: attempt);
            },
            g => g.Counted ? new GradedAttempt(true, 1.0 / g.Attempt, []) : null))));
        int counted = plans.Count(p => p.Counted);
        Assert.Equal(Enumerable.Range(1, counted), results.Where(r => r.Attempt is not null).Select(r => r.Attempt!.Value).Order());
        Assert.All(results, r => Assert.Equal(r.Grade.Counted ? r.Grade.Attempt : null, r.Attempt));
        var stored = progress.Read(s => s.Attempts("ann"));
        Assert.Equal(Enumerable.Range(1, counted), stored.Select(a => a.Attempt));
        Assert.All(stored, a => Assert.Equal(1.0 / a.Attempt, a.Score));
        // All correct: the first try made the skills familiar, later tries count as practice.
        Assert.All(progress.Read(s => s.AllMastery("ann")), m => Assert.Equal((MasteryLevel.Familiar, 1, 1), (m.Level, m.Attempts, m.FirstTryCorrect)));
    }

    [Fact]
    public async Task ACheckNumberedBeforeAnotherWriterRecordedIsGradedAgainAsItsRealNumber()
    {
        string path = File("cli.db");
        using var progress = new ProgressService(path);
        var release = new TaskCompletionSource();
        var graded = new List<int>();
        var check = Task.Run(() => progress.GradeAndRecordAsync("ann", "t", 1, ["s"],
            async attempt =>
            {
                lock (graded) graded.Add(attempt);
                if (graded.Count == 1) await release.Task;
                return attempt;
            },
            attempt => new GradedAttempt(true, 1.0 / attempt, [])));
        while (true)
        {
            lock (graded) if (graded.Count == 1) break;
            await Task.Delay(5);
        }
        // `nabla practice` records attempt 1 of the same question in the same file meanwhile.
        using (var cli = new SqliteProgressStore(path)) new ProgressTracker(cli).Record("ann", "t", 1, ["s"], 1, false, 0);
        release.SetResult();
        var result = await check;
        Assert.Equal([1, 2], graded);
        Assert.Equal(2, result.Attempt);
        Assert.Equal([(1, 0.0), (2, 0.5)], progress.Read(s => s.Attempts("ann")).Select(a => (a.Attempt, a.Score)));
    }

    [Fact]
    public async Task ABurstBehindAStalledWriterIsShedThenTheServiceRecovers()
    {
        using var progress = new ProgressService(File("shed.db"));
        // Hold the store (as a long read would): the writer takes one batch and waits; the queue behind it fills.
        var stall = new ManualResetEventSlim();
        var holding = new TaskCompletionSource();
        var holder = Task.Run(() => progress.Read(_ =>
        {
            holding.SetResult();
            stall.Wait();
            return 0;
        }));
        await holding.Task;
        // One check reaches the writer, which takes it and then waits for the store: exactly one attempt is held there.
        var first = Task.Run(() => progress.GradeAndRecordAsync("ann", "t", -1, ["s"], attempt => Task.FromResult(attempt), attempt => new GradedAttempt(true, 1, []), 2));
        while (progress.WritingNow == 0) await Task.Delay(2);
        Assert.Equal((1, 0), (progress.WritingNow, progress.QueuedWrites));
        var burst = Enumerable.Range(0, 12).Select(i => Task.Run(() => progress.GradeAndRecordAsync("ann", "t", i, ["s"],
            attempt => Task.FromResult(attempt), attempt => new GradedAttempt(true, 1, []), writeQueueLimit: 2))).ToArray();
        // Two fit in the queue; the other ten are shed at once, while the store is still held.
        while (burst.Count(t => t.IsFaulted) < 10 || progress.QueuedWrites < 2)
        {
            Assert.DoesNotContain(burst, t => t.IsCompletedSuccessfully);
            await Task.Delay(5);
        }
        Assert.All(burst.Where(t => t.IsFaulted), t => Assert.IsType<ProgressBusyException>(t.Exception!.InnerException));
        stall.Set();
        await holder;
        var outcomes = await Task.WhenAll(burst.Select(async t =>
        {
            try
            {
                return (await t).Attempt;
            }
            catch (ProgressBusyException)
            {
                return -1;
            }
        }));
        Assert.Equal(10, outcomes.Count(o => o == -1));
        Assert.All(outcomes.Where(o => o != -1), o => Assert.Equal(1, o));
        Assert.Equal(1, (await first).Attempt);
        Assert.Equal(3, progress.Read(s => s.Attempts("ann")).Count);
        // Recovered: the next check is stored at once.
        var after = await progress.GradeAndRecordAsync("ann", "t", 100, ["s"], attempt => Task.FromResult(attempt), attempt => new GradedAttempt(true, 1, []), 2);
        Assert.Equal(1, after.Attempt);
    }
}
