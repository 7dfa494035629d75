namespace Nabla.Course.Progress;

/// <summary>How well a learner knows a skill.</summary>
public enum MasteryLevel
{
    /// <summary>No attempt yet.</summary>
    NotStarted,
    /// <summary>At least one attempt.</summary>
    Attempted,
    /// <summary>At least one exercise right at the first try.</summary>
    Familiar,
    /// <summary>Three right at the first try, the last two in a row.</summary>
    Proficient,
    /// <summary>Five right at the first try, the last three in a row.</summary>
    Mastered,
}

/// <summary>One graded exercise, as mastery and the store see it.</summary>
/// <param name="Learner">Who.</param>
/// <param name="TemplateId">Which template.</param>
/// <param name="Seed">Which variant.</param>
/// <param name="Skills">The template's skills.</param>
/// <param name="Attempt">1 for a first try.</param>
/// <param name="Correct">Whether it was right.</param>
/// <param name="Score">The score after penalties.</param>
/// <param name="At">When (UTC).</param>
/// <param name="FeedbackIds">
/// The ids of the feedback rules that fired (STACK calls them answer notes), e.g. <c>chain-inner-missing</c>; what an
/// instructor's report counts per exercise. Empty when no rule fired, and for attempts stored before they were kept.
/// </param>
public sealed record AttemptRecord(string Learner, string TemplateId, int Seed, IReadOnlyList<string> Skills, int Attempt, bool Correct, double Score, DateTimeOffset At,
    IReadOnlyList<string>? FeedbackIds = null)
{
    /// <summary>The feedback rule ids, never null.</summary>
    public IReadOnlyList<string> FeedbackIds { get; init; } = FeedbackIds ?? [];
}

/// <summary>A learner's state on one skill.</summary>
/// <param name="Skill">The skill id.</param>
/// <param name="Level">The level.</param>
/// <param name="Attempts">Exercises attempted (first tries).</param>
/// <param name="FirstTryCorrect">Exercises right at the first try.</param>
/// <param name="Streak">Current run of first-try successes.</param>
/// <param name="LastPractised">When the skill was last practised, or null.</param>
public sealed record SkillMastery(string Skill, MasteryLevel Level, int Attempts, int FirstTryCorrect, int Streak, DateTimeOffset? LastPractised)
{
    /// <summary>The state before any attempt.</summary>
    public static SkillMastery Start(string skill) => new(skill, MasteryLevel.NotStarted, 0, 0, 0, null);
}

/// <summary>A skill due for review: spaced repetition of missed skills.</summary>
/// <param name="Skill">The skill id.</param>
/// <param name="Due">When it comes back.</param>
/// <param name="Step">Index into <see cref="ReviewSchedule.IntervalsInDays"/> of the interval that led to <paramref name="Due"/>.</param>
public sealed record ReviewItem(string Skill, DateTimeOffset Due, int Step);

/// <summary>Mastery levels from attempts: pure functions, no clock or storage.</summary>
public static class MasteryRules
{
    /// <summary>First-try successes needed for familiar, proficient, mastered.</summary>
    public static IReadOnlyList<(MasteryLevel Level, int Correct, int Streak)> Thresholds { get; } =
    [
        (MasteryLevel.Mastered, 5, 3),
        (MasteryLevel.Proficient, 3, 2),
        (MasteryLevel.Familiar, 1, 0),
    ];

    /// <summary>
    /// The state after one exercise. Only first tries move mastery (a later attempt after help shows less); a miss
    /// breaks the streak and drops mastered/proficient one level.
    /// </summary>
    public static SkillMastery Apply(SkillMastery state, bool correct, int attempt, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (attempt > 1) return state with { LastPractised = at, Level = Max(state.Level, MasteryLevel.Attempted) };
        int attempts = state.Attempts + 1;
        int right = state.FirstTryCorrect + (correct ? 1 : 0);
        int streak = correct ? state.Streak + 1 : 0;
        var level = MasteryLevel.Attempted;
        foreach (var (l, c, s) in Thresholds)
        {
            if (right >= c && streak >= s)
            {
                level = l;
                break;
            }
        }
        if (!correct && state.Level > MasteryLevel.Familiar) level = Max(level, state.Level - 1);
        else if (!correct) level = Max(level, state.Level == MasteryLevel.NotStarted ? MasteryLevel.Attempted : state.Level);
        return new SkillMastery(state.Skill, level, attempts, right, streak, at);
    }

    private static MasteryLevel Max(MasteryLevel a, MasteryLevel b) => a > b ? a : b;
}

/// <summary>
/// Spaced repetition: a missed skill comes back after 1 day, then (each time it is answered right on review) after
/// 3, 7, 16, 35 and 75 days; a miss starts it over at 1 day.
/// </summary>
public static class ReviewSchedule
{
    /// <summary>The intervals between reviews, in days (roughly doubling plus one).</summary>
    public static IReadOnlyList<int> IntervalsInDays { get; } = [1, 3, 7, 16, 35, 75];

    /// <summary>The review item after an exercise on <paramref name="skill"/>; null when the skill leaves the queue.</summary>
    /// <param name="current">The skill's item in the queue, or null when it is not queued.</param>
    /// <param name="skill">The skill.</param>
    /// <param name="correct">Whether the exercise was right at the first try.</param>
    /// <param name="now">The time of the exercise.</param>
    public static ReviewItem? Next(ReviewItem? current, string skill, bool correct, DateTimeOffset now)
    {
        if (!correct) return new ReviewItem(skill, now.AddDays(IntervalsInDays[0]), 0);
        if (current is null) return null;
        // A right answer before the item is due is ordinary practice: the schedule is unchanged.
        if (now < current.Due) return current;
        int step = current.Step + 1;
        return step >= IntervalsInDays.Count ? null : new ReviewItem(skill, now.AddDays(IntervalsInDays[step]), step);
    }
}
