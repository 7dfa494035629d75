using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nabla.Course.Progress;
using Nabla.Web.Hosting;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// The learners' progress for the web course, in one of two modes. Local mode: one SQLite progress file (shared with
/// the CLI) behind one EF Core context, which is not thread-safe, so every call takes a lock; a call is well under a
/// millisecond to a few, far below what a single learner can issue. Hosted mode: every call opens its own context
/// over the hosted database (SQLite or PostgreSQL, from a pool), so requests run concurrently and several web
/// instances share the database; <see cref="Record"/> and <see cref="Write"/> are one transaction each.
/// </summary>
public sealed class ProgressService : IDisposable
{
    /// <summary>
    /// The learner id used in local mode (one learner, no login): the operating-system user name, the same default as
    /// <c>nabla practice</c> and <c>nabla lab check</c>, so the command line and the browser share one learner's progress.
    /// </summary>
    public static string LocalLearner { get; } = Environment.UserName is { Length: > 0 } user ? user : "learner";

    // How often a hosted Record is retried when a concurrent request of the same learner inserted the same mastery
    // or review row first (a unique-key conflict); the retry reads the other request's row and updates it.
    private const int ConcurrentWriteRetries = 3;

    private readonly SqliteProgressStore? store;
    private readonly ProgressTracker? tracker;
    private readonly Lock gate = new();
    private readonly IDbContextFactory<HostedDb>? contexts;
    private readonly TimeProvider? clock;

    /// <summary>Local mode: opens (creating when needed) the progress file at <paramref name="path"/>.</summary>
    public ProgressService(string path, TimeProvider? clock = null)
    {
        store = new SqliteProgressStore(path);
        tracker = new ProgressTracker(store, clock);
        Path = store.Path;
    }

    /// <summary>
    /// Hosted mode: progress in the hosted database; <paramref name="dataDirectory"/> holds the files kept per learner
    /// beside it (the assignment workspace).
    /// </summary>
    public ProgressService(IDbContextFactory<HostedDb> contexts, string dataDirectory, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        this.contexts = contexts;
        this.clock = clock;
        Path = System.IO.Path.Combine(dataDirectory, "hosted-progress");
    }

    /// <summary>
    /// Local mode: the SQLite file. Hosted mode: a name in the data directory (progress itself is in the database);
    /// files kept per learner go into its folder.
    /// </summary>
    public string Path { get; }

    /// <summary>Whether progress lives in the hosted database (hosted mode).</summary>
    public bool IsHosted => contexts is not null;

    /// <summary>
    /// The learner behind a request: local mode, always <see cref="LocalLearner"/>; hosted mode, the signed-in user's
    /// Identity id (every endpoint that reaches here requires a signed-in user).
    /// </summary>
    public static string LearnerOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RequestServices.GetService<ProgressService>() is not { IsHosted: true }) return LocalLearner;
        return context.User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new UnauthorizedAccessException("hosted mode: this request has no signed-in user");
    }

    /// <summary>Runs <paramref name="action"/> on the store (local: under the lock; hosted: on a context of its own).</summary>
    public T Read<T>(Func<IProgressStore, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (contexts is null)
        {
            lock (gate) return action(store!);
        }
        using var db = contexts.CreateDbContext();
        return action(new DbProgressStore(db));
    }

    /// <summary>Runs <paramref name="action"/> on the store, as one transaction.</summary>
    public void Write(Action<IProgressStore> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (contexts is null)
        {
            lock (gate) store!.Atomically(() => { action(store); return 0; });
            return;
        }
        using var db = contexts.CreateDbContext();
        var hosted = new DbProgressStore(db);
        hosted.Atomically(() => { action(hosted); return 0; });
    }

    /// <summary>
    /// Records a graded attempt (mastery and reviews updated) as one transaction, see <see cref="ProgressTracker.Record"/>.
    /// </summary>
    public IReadOnlyList<SkillMastery> Record(string learner, string templateId, int seed, IReadOnlyList<string> skills, int attempt, bool correct, double score,
        IReadOnlyList<string>? feedbackIds = null)
    {
        if (contexts is null)
        {
            lock (gate) return tracker!.Record(learner, templateId, seed, skills, attempt, correct, score, feedbackIds);
        }
        for (int retry = 0; ; retry++)
        {
            using var db = contexts.CreateDbContext();
            try
            {
                return new ProgressTracker(new DbProgressStore(db), clock).Record(learner, templateId, seed, skills, attempt, correct, score, feedbackIds);
            }
            catch (DbUpdateException) when (retry < ConcurrentWriteRetries)
            {
                // The transaction rolled back as a whole: nothing of this attempt was stored; do it again.
            }
        }
    }

    /// <summary>Skills due for review now.</summary>
    public IReadOnlyList<ReviewItem> Due(string learner)
    {
        if (contexts is null)
        {
            lock (gate) return tracker!.Due(learner);
        }
        using var db = contexts.CreateDbContext();
        return new ProgressTracker(new DbProgressStore(db), clock).Due(learner);
    }

    /// <inheritdoc />
    public void Dispose() => store?.Dispose();
}
