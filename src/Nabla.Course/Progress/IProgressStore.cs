namespace Nabla.Course.Progress;

/// <summary>Where progress lives: attempts, mastery per skill and the review queue, per learner.</summary>
public interface IProgressStore
{
    /// <summary>Adds an attempt.</summary>
    void AddAttempt(AttemptRecord attempt);

    /// <summary>Attempts of <paramref name="learner"/>, oldest first.</summary>
    IReadOnlyList<AttemptRecord> Attempts(string learner);

    /// <summary>
    /// How many attempts <paramref name="learner"/> made at one variant (template and seed): the next attempt's number
    /// minus one. A database store counts in SQL instead of reading the learner's whole history on every check.
    /// </summary>
    int AttemptCount(string learner, string templateId, int seed) =>
        Attempts(learner).Count(a => a.TemplateId == templateId && a.Seed == seed);

    /// <summary>The learner's mastery of <paramref name="skill"/> (<see cref="SkillMastery.Start"/> when none is stored).</summary>
    SkillMastery Mastery(string learner, string skill);

    /// <summary>All stored mastery records of <paramref name="learner"/>.</summary>
    IReadOnlyList<SkillMastery> AllMastery(string learner);

    /// <summary>Stores the learner's mastery of one skill.</summary>
    void SaveMastery(string learner, SkillMastery mastery);

    /// <summary>The learner's review queue, soonest first.</summary>
    IReadOnlyList<ReviewItem> ReviewQueue(string learner);

    /// <summary>Puts <paramref name="item"/> in the queue (replacing the skill's item), or removes the skill when null.</summary>
    void SaveReview(string learner, string skill, ReviewItem? item);

    /// <summary>Stores a finished game round (e.g. the Sandpit).</summary>
    void AddGameScore(GameScore score);

    /// <summary>The learner's rounds of <paramref name="game"/>, oldest first.</summary>
    IReadOnlyList<GameScore> GameScores(string learner, string game);

    /// <summary>
    /// Runs <paramref name="work"/> so that its writes are stored together or not at all (a database store: one
    /// transaction). A store without transactions just runs it.
    /// </summary>
    T Atomically<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work();
    }
}

/// <summary>A finished game round.</summary>
/// <param name="Learner">Who played.</param>
/// <param name="Game">The game, e.g. <c>sandpit</c>.</param>
/// <param name="Level">The level within the game, e.g. a Sandpit terrain id.</param>
/// <param name="Moves">Moves used (Sandpit: dips).</param>
/// <param name="Won">Whether the round was won (the phone found).</param>
/// <param name="At">When it ended (UTC).</param>
public sealed record GameScore(string Learner, string Game, string Level, int Moves, bool Won, DateTimeOffset At);

/// <summary>
/// Records an exercise: the attempt, the new mastery of each of its skills, and the review queue, using an injected
/// clock so schedules can be tested.
/// </summary>
public sealed class ProgressTracker
{
    private readonly IProgressStore store;
    private readonly TimeProvider clock;

    /// <summary>Creates a tracker over <paramref name="store"/>; <paramref name="clock"/> defaults to the system clock.</summary>
    public ProgressTracker(IProgressStore store, TimeProvider? clock = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>Records one graded attempt and updates mastery and the review queue of each skill.</summary>
    /// <param name="learner">Who.</param>
    /// <param name="templateId">Which template.</param>
    /// <param name="seed">Which variant.</param>
    /// <param name="skills">The template's skills.</param>
    /// <param name="attempt">1 for a first try.</param>
    /// <param name="correct">Whether it was right.</param>
    /// <param name="score">The score after penalties.</param>
    /// <param name="feedbackIds">The ids of the feedback rules that fired (kept for instructors' reports).</param>
    /// <returns>The new mastery of each skill.</returns>
    public IReadOnlyList<SkillMastery> Record(string learner, string templateId, int seed, IReadOnlyList<string> skills, int attempt, bool correct, double score,
        IReadOnlyList<string>? feedbackIds = null)
    {
        ArgumentNullException.ThrowIfNull(skills);
        // One unit of work: the attempt, the skills' mastery and their reviews commit together (one log flush).
        return store.Atomically(() => RecordNow(learner, templateId, seed, skills, attempt, correct, score, feedbackIds));
    }

    private IReadOnlyList<SkillMastery> RecordNow(string learner, string templateId, int seed, IReadOnlyList<string> skills, int attempt, bool correct, double score,
        IReadOnlyList<string>? feedbackIds)
    {
        var now = clock.GetUtcNow();
        store.AddAttempt(new AttemptRecord(learner, templateId, seed, skills, attempt, correct, score, now, feedbackIds));
        var result = new List<SkillMastery>();
        foreach (var skill in skills)
        {
            var mastery = NextMastery(store.Mastery(learner, skill), correct, attempt, now);
            store.SaveMastery(learner, mastery);
            result.Add(mastery);
            if (MovesReview(attempt))
            {
                var current = store.ReviewQueue(learner).FirstOrDefault(r => r.Skill == skill);
                store.SaveReview(learner, skill, ReviewSchedule.Next(current, skill, correct, now));
            }
        }
        return result;
    }

    /// <summary>
    /// One attempt's effect on one skill's mastery: the rule every recorder applies (this tracker, and the batched
    /// writer of <see cref="SqliteProgressStore.RecordBatch"/>), so the two cannot drift apart.
    /// </summary>
    internal static SkillMastery NextMastery(SkillMastery current, bool correct, int attempt, DateTimeOffset now) =>
        MasteryRules.Apply(current, correct, attempt, now);

    /// <summary>Whether an attempt moves the review queue: only a first try does (a retry after feedback shows less).</summary>
    internal static bool MovesReview(int attempt) => attempt == 1;

    /// <summary>Skills whose review is due now, soonest first.</summary>
    public IReadOnlyList<ReviewItem> Due(string learner)
    {
        var now = clock.GetUtcNow();
        return store.ReviewQueue(learner).Where(r => r.Due <= now).ToList();
    }
}
