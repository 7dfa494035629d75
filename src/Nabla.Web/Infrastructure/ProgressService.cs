using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Nabla.Course.Progress;
using Nabla.Web.Hosting;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// The learners' progress for the web course, in one of two modes. Local mode: one SQLite progress file (shared with
/// the CLI) behind one connection, which is not thread-safe, so every call takes one gate (a semaphore, awaited on the
/// answer-check path). Answer checks are recorded by GROUP COMMIT (<see cref="GradeAndRecordAsync{T}"/>): each check
/// queues its attempt and one writer applies every queued attempt in one transaction, then answers them all; a check
/// is answered only once its attempt is committed. Hosted mode: every call opens its own context over the hosted
/// database (SQLite or PostgreSQL, from a pool), so requests run concurrently and several web instances share the
/// database; <see cref="Record"/> and <see cref="Write"/> are one transaction each. See docs/reliability-load.md.
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
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly IDbContextFactory<HostedDb>? contexts;
    private readonly TimeProvider? clock;

    /// <summary>Local mode: opens (creating when needed) the progress file at <paramref name="path"/>.</summary>
    public ProgressService(string path, TimeProvider? clock = null)
    {
        store = new SqliteProgressStore(path);
        tracker = new ProgressTracker(store, clock);
        this.clock = clock;
        Path = store.Path;
        writes = Channel.CreateUnbounded<QueuedAttempt>(new UnboundedChannelOptions { SingleReader = true });
        writer = Task.Run(WriteLoopAsync);
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
            gate.Wait();
            try
            {
                return action(store!);
            }
            finally
            {
                gate.Release();
            }
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
            Read(s => s.Atomically(() => { action(s); return 0; }));
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
        if (contexts is null) return Read(_ => tracker!.Record(learner, templateId, seed, skills, attempt, correct, score, feedbackIds));
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
        if (contexts is null) return Read(_ => tracker!.Due(learner));
        using var db = contexts.CreateDbContext();
        return new ProgressTracker(new DbProgressStore(db), clock).Due(learner);
    }

    // ---- Group commit (local mode) -------------------------------------------------------------------------------

    /// <summary>The default bound of the write queue (attempts waiting for the writer): see <see cref="RateLimitOptions.ProgressWriteQueue"/>.</summary>
    public const int DefaultWriteQueue = 1024;

    // The most attempts one transaction applies: a commit stays a few milliseconds even when the queue is long, so
    // the first requests of a burst are not held back by the last.
    private const int MaxBatch = 256;

    // How often a check is graded again because its attempt number changed under it (a concurrent check of the same
    // variant was not counted, or another writer such as `nabla practice` recorded one); past this, 503.
    private const int MaxRenumbers = 3;

    private readonly Channel<QueuedAttempt>? writes;
    private readonly Task? writer;
    private int queued;
    private int writing;
    private readonly Lock chainsLock = new();
    private readonly Dictionary<VariantKey, AttemptChain> chains = [];

    /// <summary>
    /// Grades an answer and records it, with the attempt number the stored attempts give it: the learner's check of
    /// one variant. <paramref name="grade"/> grades for an attempt number (the score carries that attempt's penalty);
    /// <paramref name="counted"/> says what to record of its result, or null when the answer is not counted (invalid,
    /// over budget: nothing is stored). Local mode: concurrent checks of one variant take consecutive attempt numbers
    /// in the order they arrived and are queued for the writer in that order, so several of them in one batch apply
    /// in order, as if sequential; the answer waits for the commit. Hosted mode: the stored count, then one transaction.
    /// </summary>
    /// <param name="learner">Who.</param>
    /// <param name="templateId">Which template.</param>
    /// <param name="seed">Which variant.</param>
    /// <param name="skills">The template's skills.</param>
    /// <param name="grade">Grades the answer as the given attempt number.</param>
    /// <param name="counted">What to store of a grade, or null when it is not counted.</param>
    /// <param name="writeQueueLimit">Attempts that may wait for the writer; past it the check is shed (local mode).</param>
    /// <returns>The grade, the stored attempt number (null when not counted) and the new mastery of each skill.</returns>
    /// <exception cref="ProgressBusyException">The write queue is full (answer 503 with Retry-After).</exception>
    public async Task<RecordedCheck<T>> GradeAndRecordAsync<T>(string learner, string templateId, int seed, IReadOnlyList<string> skills,
        Func<int, Task<T>> grade, Func<T, GradedAttempt?> counted, int writeQueueLimit = DefaultWriteQueue)
    {
        ArgumentNullException.ThrowIfNull(skills);
        ArgumentNullException.ThrowIfNull(grade);
        ArgumentNullException.ThrowIfNull(counted);
        if (contexts is not null)
        {
            int next = Read(s => s.AttemptCount(learner, templateId, seed)) + 1;
            var hostedGrade = await grade(next);
            return counted(hostedGrade) is { } h
                ? new RecordedCheck<T>(hostedGrade, next, Record(learner, templateId, seed, skills, next, h.Correct, h.Score, h.FeedbackIds))
                : new RecordedCheck<T>(hostedGrade, null, []);
        }

        var key = new VariantKey(learner, templateId, seed);
        var ticket = Reserve(key);
        bool settled = false;
        try
        {
            int attempt = ticket.Attempt;
            T result = await grade(attempt);
            if (counted(result) is null) return new RecordedCheck<T>(result, null, []);
            // The earlier checks of this variant queue first: then this one's number is the one after theirs.
            int expected = await ticket.Previous + 1;
            if (expected != attempt)
            {
                // An earlier check was not counted: this one moves up a number, and is graded as that attempt.
                attempt = expected;
                result = await grade(attempt);
            }
            if (counted(result) is not { } what) return new RecordedCheck<T>(result, null, []);
            var outcome = Enqueue(new PendingAttempt(learner, templateId, seed, skills, attempt, what.Correct, what.Score, what.FeedbackIds), writeQueueLimit);
            ticket.Settle(attempt);
            settled = true;
            var done = await outcome;
            for (int renumbered = 0; !done.Stored; renumbered++)
            {
                // The stored attempts disagree (another writer recorded this variant, or an earlier batch failed):
                // start the variant's numbering again from the file and grade this answer as the number it must have.
                if (renumbered == MaxRenumbers) throw new ProgressBusyException();
                ResetChain(key, ticket.Chain);
                attempt = done.Attempt;
                result = await grade(attempt);
                if (counted(result) is not { } again) return new RecordedCheck<T>(result, null, []);
                done = await Enqueue(new PendingAttempt(learner, templateId, seed, skills, attempt, again.Correct, again.Score, again.FeedbackIds), writeQueueLimit);
            }
            return new RecordedCheck<T>(result, done.Attempt, done.Mastery);
        }
        finally
        {
            // Not queued (not counted, shed, failed): the next check of the variant takes this one's number.
            if (!settled) Void(key, ticket);
            Release(key, ticket);
        }
    }

    /// <summary>Attempts waiting for the writer now (local mode; for diagnostics and tests).</summary>
    public int QueuedWrites => Volatile.Read(ref queued);

    /// <summary>Attempts the writer has taken from the queue and not yet committed (local mode; for diagnostics and tests).</summary>
    public int WritingNow => Volatile.Read(ref writing);

    private Task<BatchOutcome> Enqueue(PendingAttempt attempt, int limit)
    {
        if (Interlocked.Increment(ref queued) > Math.Max(1, limit))
        {
            Interlocked.Decrement(ref queued);
            throw new ProgressBusyException();
        }
        var item = new QueuedAttempt(attempt, new TaskCompletionSource<BatchOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!writes!.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref queued);
            throw new ObjectDisposedException(nameof(ProgressService), "the progress service is shutting down");
        }
        return item.Done.Task;
    }

    /// <summary>
    /// The writer: takes every attempt waiting (up to <see cref="MaxBatch"/>), applies them in one transaction, then
    /// completes each request. While it commits, the next requests queue up and become the next batch, so the number of
    /// commits per second stays small however many checks arrive (group commit).
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var reader = writes!.Reader;
        var batch = new List<QueuedAttempt>(MaxBatch);
        var attempts = new List<PendingAttempt>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
                attempts.Add(item.Attempt);
            }
            Volatile.Write(ref writing, batch.Count);
            Interlocked.Add(ref queued, -batch.Count);
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var outcomes = store!.RecordBatch(attempts, clock);
                // Cleared before any request hears back, so a caller that got its answer never sees its batch as in progress.
                Volatile.Write(ref writing, 0);
                for (int i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(outcomes[i]);
            }
            catch (Exception e)
            {
                // The transaction rolled back: nothing of the batch is stored, and every request of it says so.
                Volatile.Write(ref writing, 0);
                foreach (var item in batch) item.Done.TrySetException(e);
            }
            finally
            {
                gate.Release();
                Volatile.Write(ref writing, 0);
                batch.Clear();
                attempts.Clear();
            }
        }
    }

    private AttemptTicket Reserve(VariantKey key)
    {
        lock (chainsLock)
        {
            if (!chains.TryGetValue(key, out var chain))
            {
                // No check of this variant in flight, so every earlier one is committed: its numbering starts from the
                // file (the last commit, which the CLI may have added to), read on the store's reader connection so it
                // does not wait for a batch being written. Read under the lock: a check of the same variant finishing
                // meanwhile cannot leave a chain started from a count that misses it.
                chain = new AttemptChain(store!.ConcurrentAttemptCount(key.Learner, key.TemplateId, key.Seed));
                chains[key] = chain;
            }
            return chain.Next();
        }
    }

    private void Void(VariantKey key, AttemptTicket ticket)
    {
        lock (chainsLock) ticket.Chain.Issued--;
        // Settles once the previous check has, with its number: the check after this one takes the number this one had.
        ticket.Previous.ContinueWith(previous => ticket.Settle(previous.Result), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Release(VariantKey key, AttemptTicket ticket)
    {
        lock (chainsLock)
        {
            if (--ticket.Chain.Outstanding == 0 && chains.TryGetValue(key, out var current) && ReferenceEquals(current, ticket.Chain)) chains.Remove(key);
        }
    }

    private void ResetChain(VariantKey key, AttemptChain stale)
    {
        lock (chainsLock)
        {
            if (chains.TryGetValue(key, out var current) && ReferenceEquals(current, stale)) chains.Remove(key);
        }
    }

    private readonly record struct VariantKey(string Learner, string TemplateId, int Seed);

    private sealed record QueuedAttempt(PendingAttempt Attempt, TaskCompletionSource<BatchOutcome> Done);

    /// <summary>
    /// The checks of one variant in flight, in arrival order: each one's number is one more than the last number
    /// taken before it, and each waits until the one before it is queued (or given up) before queueing itself.
    /// Guarded by <see cref="chainsLock"/>.
    /// </summary>
    private sealed class AttemptChain(int stored)
    {
        public int Issued = stored;
        public int Outstanding;
        private Task<int> tail = Task.FromResult(stored);

        public AttemptTicket Next()
        {
            var settled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var ticket = new AttemptTicket(this, ++Issued, tail, settled);
            tail = settled.Task;
            Outstanding++;
            return ticket;
        }
    }

    /// <summary>One check's place in its variant's chain: the number it expects, and the number of the check before it.</summary>
    private sealed record AttemptTicket(AttemptChain Chain, int Attempt, Task<int> Previous, TaskCompletionSource<int> Settled)
    {
        public void Settle(int lastNumber) => Settled.TrySetResult(lastNumber);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (store is null) return;
        // The writer commits what is queued, then stops; only then is the connection closed.
        writes!.Writer.TryComplete();
        writer!.Wait(TimeSpan.FromSeconds(30));
        store.Dispose();
        gate.Dispose();
    }
}

/// <summary>What a check stores of its grade.</summary>
/// <param name="Correct">Whether it was right.</param>
/// <param name="Score">The score after the attempt's penalty.</param>
/// <param name="FeedbackIds">The ids of the feedback rules that fired.</param>
public sealed record GradedAttempt(bool Correct, double Score, IReadOnlyList<string> FeedbackIds);

/// <summary>A graded and recorded check.</summary>
/// <param name="Grade">The grade.</param>
/// <param name="Attempt">The stored attempt number; null when the answer was not counted (nothing stored).</param>
/// <param name="Mastery">The new mastery of each skill (empty when not counted).</param>
public sealed record RecordedCheck<T>(T Grade, int? Attempt, IReadOnlyList<SkillMastery> Mastery);

/// <summary>The progress writer's queue is full: the check is shed (503 with Retry-After) rather than queued without bound.</summary>
public sealed class ProgressBusyException() : Exception("the progress writer's queue is full");
