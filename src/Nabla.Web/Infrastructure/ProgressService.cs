using Nabla.Course.Progress;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// The learner's progress for the web course: one SQLite store shared by all requests. The store holds one EF Core
/// context, which is not thread-safe, so every call takes a lock; a call is a few milliseconds, far below what a
/// single learner (local mode) can issue.
/// </summary>
public sealed class ProgressService : IDisposable
{
    /// <summary>
    /// The learner id used in local mode (one learner, no login): the operating-system user name, the same default as
    /// <c>nabla practice</c> and <c>nabla lab check</c>, so the command line and the browser share one learner's progress.
    /// </summary>
    public static string LocalLearner { get; } = Environment.UserName is { Length: > 0 } user ? user : "learner";

    private readonly SqliteProgressStore store;
    private readonly ProgressTracker tracker;
    private readonly Lock gate = new();

    /// <summary>Opens (creating when needed) the progress file at <paramref name="path"/>.</summary>
    public ProgressService(string path, TimeProvider? clock = null)
    {
        store = new SqliteProgressStore(path);
        tracker = new ProgressTracker(store, clock);
    }

    /// <summary>The SQLite file.</summary>
    public string Path => store.Path;

    /// <summary>The learner behind a request (local mode: always <see cref="LocalLearner"/>).</summary>
    public static string LearnerOf(HttpContext context) => LocalLearner;

    /// <summary>Runs <paramref name="action"/> on the store under the lock.</summary>
    public T Read<T>(Func<IProgressStore, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (gate) return action(store);
    }

    /// <summary>Runs <paramref name="action"/> on the store under the lock.</summary>
    public void Write(Action<IProgressStore> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (gate) action(store);
    }

    /// <summary>Records a graded attempt (mastery and reviews updated), see <see cref="ProgressTracker.Record"/>.</summary>
    public IReadOnlyList<SkillMastery> Record(string learner, string templateId, int seed, IReadOnlyList<string> skills, int attempt, bool correct, double score,
        IReadOnlyList<string>? feedbackIds = null)
    {
        lock (gate) return tracker.Record(learner, templateId, seed, skills, attempt, correct, score, feedbackIds);
    }

    /// <summary>Skills due for review now.</summary>
    public IReadOnlyList<ReviewItem> Due(string learner)
    {
        lock (gate) return tracker.Due(learner);
    }

    /// <inheritdoc />
    public void Dispose() => store.Dispose();
}
