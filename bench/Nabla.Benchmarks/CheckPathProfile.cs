using System.Diagnostics;
using System.Globalization;
using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Progress;
using Nabla.Course.Templates;

namespace Nabla.Benchmarks;

/// <summary>
/// A stopwatch breakdown of the web check path (POST /api/exercises/{t}/check) without HTTP: the same calls
/// ExerciseApi.CheckAsync makes, each timed alone, on a temporary SQLite progress file. Shows where a check's time
/// goes (variant, grading, counting the stored attempts, recording) and how the attempt count grows with the
/// learner's history. `--profile-check [N]` prints one JSON line per step (median over N calls).
/// </summary>
public static class CheckPathProfile
{
    public static int Run(int calls)
    {
        string root = CourseLoader.Locate() ?? throw new DirectoryNotFoundException("no content/ folder above the working directory");
        var content = CourseLoader.LoadValid(root);
        var template = content.Template("m1-power-rule-monomial");
        var grader = new Grader();
        string dir = Directory.CreateTempSubdirectory("nabla-profile-").FullName;
        try
        {
            var store = new SqliteProgressStore(Path.Combine(dir, "progress.db"));
            var tracker = new ProgressTracker(store);
            const string learner = "local";
            Step("variant", calls, () => VariantGenerator.Generate(template, 42));
            var variant = VariantGenerator.Generate(template, 42);
            Step("grade", calls, () => grader.Grade(variant, "32x^7", 2));
            Step("record (attempt + mastery + review)", calls, () => tracker.Record(learner, template.Id, 42, template.Skills, 2, true, 0.9));
            // The web check's path: group commit, one transaction for every attempt waiting (here 1 and 32 at a time).
            foreach (int size in new[] { 1, 32 })
            {
                Step($"record batch of {size} (group commit, per batch)", calls, () =>
                {
                    int stored = store.AttemptCount(learner, template.Id, 7);
                    var batch = Enumerable.Range(1, size)
                        .Select(i => new PendingAttempt(learner, template.Id, 7, template.Skills, stored + i, true, 0.9, [])).ToList();
                    store.RecordBatch(batch);
                });
            }
            foreach (int history in new[] { 100, 1_000, 5_000 })
            {
                while (store.Attempts(learner).Count < history)
                    for (int i = 0; i < 100; i++)
                        store.AddAttempt(new AttemptRecord(learner, "other", i, ["s"], 1, true, 1, DateTimeOffset.UtcNow));
                Step($"count attempts of (template, seed) with {history} stored (ExerciseApi.NextAttempt)", Math.Min(calls, 50),
                    () => store.Attempts(learner).Count(a => a.TemplateId == template.Id && a.Seed == 42));
            }
            // What the suggested fixes would cost, measured on the same file: an indexed COUNT for the attempt number
            // (instead of reading every attempt of the learner), and the record in WAL mode with synchronous=NORMAL.
            using (var sql = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "progress.db")};Pooling=False"))
            {
                sql.Open();
                Execute(sql, "CREATE INDEX IF NOT EXISTS bench_attempts_key ON attempts (Learner, TemplateId, Seed)");
                using var count = sql.CreateCommand();
                count.CommandText = "SELECT count(*) FROM attempts WHERE Learner = $l AND TemplateId = $t AND Seed = $s";
                count.Parameters.AddWithValue("$l", learner);
                count.Parameters.AddWithValue("$t", template.Id);
                count.Parameters.AddWithValue("$s", 42);
                Step("suggested: indexed COUNT of (learner, template, seed) with 5000 stored", calls, () => count.ExecuteScalar());
                Execute(sql, "PRAGMA journal_mode=WAL");
            }
            store.Dispose();
            using (var wal = new SqliteProgressStore(Path.Combine(dir, "progress.db")))
            {
                var walTracker = new ProgressTracker(wal);
                Step("suggested: record in WAL mode (journal_mode=WAL kept in the file; synchronous left at FULL)", calls,
                    () => walTracker.Record(learner, template.Id, 42, template.Skills, 2, true, 0.9));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static void Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string text)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }

    private static void Step(string name, int calls, Action action)
    {
        action();
        var samples = new List<double>();
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"step\": \"{name}\", \"median_ms\": {samples[samples.Count / 2]:F3}, \"min_ms\": {samples[0]:F3}, \"calls\": {calls}}}"));
    }
}
