using Nabla.Course.Progress;

namespace Nabla.Course.Reports;

/// <summary>How many (learner, skill) pairs sit at each mastery level.</summary>
/// <param name="NotStarted">Pairs with no attempt.</param>
/// <param name="Attempted">Pairs attempted.</param>
/// <param name="Familiar">Pairs familiar.</param>
/// <param name="Proficient">Pairs proficient.</param>
/// <param name="Mastered">Pairs mastered.</param>
public sealed record LevelCounts(int NotStarted, int Attempted, int Familiar, int Proficient, int Mastered)
{
    /// <summary>All pairs counted.</summary>
    public int Total => NotStarted + Attempted + Familiar + Proficient + Mastered;

    /// <summary>Pairs at least proficient.</summary>
    public int AtLeastProficient => Proficient + Mastered;

    /// <summary>The share of pairs at least proficient (0 when nothing is counted).</summary>
    public double AtLeastProficientShare => Total == 0 ? 0 : AtLeastProficient / (double)Total;

    /// <summary>The count at <paramref name="level"/>.</summary>
    public int this[MasteryLevel level] => level switch
    {
        MasteryLevel.NotStarted => NotStarted,
        MasteryLevel.Attempted => Attempted,
        MasteryLevel.Familiar => Familiar,
        MasteryLevel.Proficient => Proficient,
        MasteryLevel.Mastered => Mastered,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>The share of pairs at <paramref name="level"/> (0 when nothing is counted).</summary>
    public double Share(MasteryLevel level) => Total == 0 ? 0 : this[level] / (double)Total;

    /// <summary>Counts the levels given.</summary>
    public static LevelCounts Of(IEnumerable<MasteryLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var c = new int[5];
        foreach (var l in levels) c[(int)l]++;
        return new LevelCounts(c[0], c[1], c[2], c[3], c[4]);
    }
}

/// <summary>The class's mastery of one skill.</summary>
/// <param name="Id">The skill id.</param>
/// <param name="Title">The skill title.</param>
/// <param name="Levels">One count per learner of the class.</param>
public sealed record SkillProgress(string Id, string Title, LevelCounts Levels);

/// <summary>
/// One feedback id's part of an exercise's wrong first tries. Each wrong first try is counted once, under the first
/// id that fired (the grader lists the most specific feedback first), so the counts add up to the wrong first tries.
/// </summary>
/// <param name="Id">The feedback id, or <see cref="FeedbackLabels.NoneId"/>.</param>
/// <param name="Label">What it means: the rule's message, or a built-in id's label.</param>
/// <param name="Count">Wrong first tries counted under it.</param>
/// <param name="Share">Count / wrong first tries.</param>
/// <param name="Fired">Wrong first tries on which it fired at all (first or not).</param>
public sealed record FeedbackShare(string Id, string Label, int Count, double Share, int Fired);

/// <summary>The class on one exercise template.</summary>
/// <param name="TemplateId">The template id.</param>
/// <param name="Title">The template title (the id for a template no longer in the course).</param>
/// <param name="ModuleId">The module id (empty for a template no longer in the course).</param>
/// <param name="Learners">Learners who tried it.</param>
/// <param name="Attempts">All attempts.</param>
/// <param name="FirstTries">First tries (one per variant a learner started).</param>
/// <param name="FirstTryCorrect">First tries that were right.</param>
/// <param name="Feedback">The distribution of feedback ids over wrong first tries, most frequent first.</param>
public sealed record ExerciseReport(string TemplateId, string Title, string ModuleId, int Learners, int Attempts, int FirstTries, int FirstTryCorrect,
    IReadOnlyList<FeedbackShare> Feedback)
{
    /// <summary>First tries that were wrong.</summary>
    public int WrongFirstTries => FirstTries - FirstTryCorrect;

    /// <summary>The share of first tries that were right (0 before any).</summary>
    public double FirstTryCorrectShare => FirstTries == 0 ? 0 : FirstTryCorrect / (double)FirstTries;
}

/// <summary>The class on one module.</summary>
/// <param name="Id">The module id.</param>
/// <param name="Title">The module title.</param>
/// <param name="Levels">Mastery over every (learner, skill of the module) pair.</param>
/// <param name="LearnersNotStarted">Learners with no attempt on any skill or exercise of the module.</param>
/// <param name="Skills">Per skill, in course order.</param>
/// <param name="Exercises">Per template of the module.</param>
public sealed record ModuleReport(string Id, string Title, LevelCounts Levels, int LearnersNotStarted, IReadOnlyList<SkillProgress> Skills,
    IReadOnlyList<ExerciseReport> Exercises);

/// <summary>One learner at a glance.</summary>
/// <param name="Id">The learner id.</param>
/// <param name="DisplayName">Their display name (learner-controlled text).</param>
/// <param name="Attempts">Exercise attempts (assignments are counted apart).</param>
/// <param name="FirstTries">Exercise first tries.</param>
/// <param name="FirstTryCorrect">Exercise first tries that were right.</param>
/// <param name="SkillsAtLeastProficient">Course skills at proficient or mastered.</param>
/// <param name="LastActive">Their latest attempt, or null.</param>
public sealed record LearnerSummary(string Id, string DisplayName, int Attempts, int FirstTries, int FirstTryCorrect, int SkillsAtLeastProficient,
    DateTimeOffset? LastActive)
{
    /// <summary>The share of first tries that were right (0 before any).</summary>
    public double FirstTryCorrectShare => FirstTries == 0 ? 0 : FirstTryCorrect / (double)FirstTries;
}

/// <summary>One learner on one assignment.</summary>
/// <param name="AssignmentId">The assignment id.</param>
/// <param name="AssignmentTitle">The assignment title.</param>
/// <param name="LearnerId">The learner id.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="Attempts">Graded submissions.</param>
/// <param name="BestScore">The best score, 0–100, or null before the first submission.</param>
/// <param name="Passed">Whether some submission passed.</param>
/// <param name="LastAttempt">The latest submission, or null.</param>
public sealed record LearnerAssignmentScore(string AssignmentId, string AssignmentTitle, string LearnerId, string DisplayName, int Attempts, double? BestScore, bool Passed, DateTimeOffset? LastAttempt);

/// <summary>The class on one programming assignment.</summary>
/// <param name="Id">The assignment id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Learners">One row per learner of the class, in roster order.</param>
public sealed record AssignmentReport(string Id, string Title, IReadOnlyList<LearnerAssignmentScore> Learners)
{
    /// <summary>Learners who submitted at least once.</summary>
    public int Submitted => Learners.Count(l => l.Attempts > 0);

    /// <summary>Learners who passed.</summary>
    public int Passed => Learners.Count(l => l.Passed);
}

/// <summary>An instructor's view of a class: progress per module and skill, exercises with their feedback, assignments.</summary>
/// <param name="Learners">Per learner, in roster order.</param>
/// <param name="Modules">Per module, in course order.</param>
/// <param name="OtherExercises">Exercises attempted whose template is no longer in the course.</param>
/// <param name="Assignments">Per assignment.</param>
public sealed record ClassReport(IReadOnlyList<LearnerSummary> Learners, IReadOnlyList<ModuleReport> Modules, IReadOnlyList<ExerciseReport> OtherExercises,
    IReadOnlyList<AssignmentReport> Assignments)
{
    /// <summary>Every exercise report: the modules' in course order, then the others.</summary>
    public IEnumerable<ExerciseReport> Exercises => Modules.SelectMany(m => m.Exercises).Concat(OtherExercises);

    /// <summary>Computes the report of <paramref name="learners"/> on <paramref name="course"/>; pure, no clock or storage.</summary>
    public static ClassReport Build(ReportCourse course, IReadOnlyList<ClassLearner> learners)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(learners);
        var levels = learners.Select(ReportMath.LevelsOf).ToList();
        var skillIds = course.Modules.SelectMany(m => m.Skills).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var summaries = learners.Select((l, i) => ReportMath.Summary(l, levels[i], skillIds)).ToList();

        // Keyed by the roster's id, whatever the stored rows say, so a learner is one learner in every count.
        var exerciseAttempts = learners.SelectMany(l => l.Attempts.Select(a => a.Learner == l.Id ? a : a with { Learner = l.Id }))
            .Where(a => !ReportMath.IsAssignment(a))
            .GroupBy(a => a.TemplateId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var modules = new List<ModuleReport>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in course.Modules)
        {
            var skills = m.Skills.Select(s => new SkillProgress(s.Id, s.Title,
                LevelCounts.Of(levels.Select(l => l.GetValueOrDefault(s.Id, MasteryLevel.NotStarted))))).ToList();
            var pairs = LevelCounts.Of(m.Skills.SelectMany(s => levels.Select(l => l.GetValueOrDefault(s.Id, MasteryLevel.NotStarted))));
            var moduleTemplates = m.Templates.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var moduleSkills = m.Skills.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            int notStarted = learners.Where((l, i) =>
                m.Skills.All(s => levels[i].GetValueOrDefault(s.Id, MasteryLevel.NotStarted) == MasteryLevel.NotStarted)
                && !l.Attempts.Any(a => moduleTemplates.Contains(a.TemplateId) || a.Skills.Any(moduleSkills.Contains))).Count();
            var exercises = new List<ExerciseReport>();
            foreach (var t in m.Templates)
            {
                if (!known.Add(t.Id)) continue;
                exercises.Add(ReportMath.Exercise(t.Id, t.Title, m.Id, exerciseAttempts.GetValueOrDefault(t.Id) ?? [], t.Label));
            }
            modules.Add(new ModuleReport(m.Id, m.Title, pairs, notStarted, skills, exercises));
        }
        var others = exerciseAttempts.Keys.Where(id => !known.Contains(id)).Order(StringComparer.Ordinal)
            .Select(id => ReportMath.Exercise(id, id, "", exerciseAttempts[id], FeedbackLabels.BuiltIn)).ToList();

        var assignments = course.Assignments.Select(a => new AssignmentReport(a.Id, a.Title,
            learners.Select(l => ReportMath.AssignmentScore(l, a)).ToList())).ToList();
        return new ClassReport(summaries, modules, others, assignments);
    }
}

/// <summary>One feedback id on one attempt, with its label.</summary>
/// <param name="Id">The id.</param>
/// <param name="Label">What it means.</param>
public sealed record FeedbackNote(string Id, string Label);

/// <summary>One attempt in a learner's history.</summary>
/// <param name="At">When.</param>
/// <param name="TemplateId">The template (or <c>lab:ID</c> for an assignment).</param>
/// <param name="Title">The template or assignment title.</param>
/// <param name="ModuleId">The template's module (empty for assignments and unknown templates).</param>
/// <param name="Seed">The variant.</param>
/// <param name="Attempt">1 for a first try.</param>
/// <param name="Correct">Whether it was right (an assignment: passed).</param>
/// <param name="Score">The score in [0, 1].</param>
/// <param name="Feedback">The feedback ids that fired, labelled.</param>
/// <param name="IsAssignment">Whether it is an assignment submission.</param>
public sealed record HistoryEntry(DateTimeOffset At, string TemplateId, string Title, string ModuleId, int Seed, int Attempt, bool Correct, double Score,
    IReadOnlyList<FeedbackNote> Feedback, bool IsAssignment);

/// <summary>A learner's mastery of one course skill.</summary>
/// <param name="ModuleId">The module.</param>
/// <param name="ModuleTitle">The module title.</param>
/// <param name="SkillId">The skill.</param>
/// <param name="SkillTitle">The skill title.</param>
/// <param name="Mastery">The stored mastery (<see cref="SkillMastery.Start"/> when none).</param>
public sealed record LearnerSkill(string ModuleId, string ModuleTitle, string SkillId, string SkillTitle, SkillMastery Mastery);

/// <summary>An instructor's view of one learner: mastery of every skill, every attempt in time order, assignments.</summary>
/// <param name="Summary">The learner at a glance.</param>
/// <param name="Skills">Every course skill, in course order.</param>
/// <param name="History">Every attempt, oldest first.</param>
/// <param name="Assignments">Per assignment.</param>
public sealed record LearnerReport(LearnerSummary Summary, IReadOnlyList<LearnerSkill> Skills, IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<LearnerAssignmentScore> Assignments)
{
    /// <summary>Computes the report of <paramref name="learner"/>; pure.</summary>
    public static LearnerReport Build(ReportCourse course, ClassLearner learner)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(learner);
        var levels = ReportMath.LevelsOf(learner);
        var stored = new Dictionary<string, SkillMastery>(StringComparer.Ordinal);
        foreach (var m in learner.Mastery) stored[m.Skill] = m;
        var skillIds = course.Modules.SelectMany(m => m.Skills).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var skills = course.Modules.SelectMany(m => m.Skills.Select(s =>
            new LearnerSkill(m.Id, m.Title, s.Id, s.Title, stored.GetValueOrDefault(s.Id) ?? SkillMastery.Start(s.Id)))).ToList();

        var templates = new Dictionary<string, (ReportTemplate T, string Module)>(StringComparer.Ordinal);
        foreach (var m in course.Modules)
            foreach (var t in m.Templates) templates.TryAdd(t.Id, (t, m.Id));
        var labs = course.Assignments.ToDictionary(a => a.TemplateId, StringComparer.Ordinal);

        // OrderBy is stable: attempts stored in the same instant keep their stored order.
        var history = learner.Attempts.OrderBy(a => a.At).Select(a =>
        {
            bool lab = ReportMath.IsAssignment(a);
            string title = a.TemplateId;
            string module = "";
            Func<string, string> label = FeedbackLabels.BuiltIn;
            if (templates.TryGetValue(a.TemplateId, out var known))
            {
                title = known.T.Title;
                module = known.Module;
                label = known.T.Label;
            }
            else if (labs.TryGetValue(a.TemplateId, out var assignment)) title = assignment.Title;
            return new HistoryEntry(a.At, a.TemplateId, title, module, a.Seed, a.Attempt, a.Correct, a.Score,
                a.FeedbackIds.Select(id => new FeedbackNote(id, label(id))).ToList(), lab);
        }).ToList();

        return new LearnerReport(ReportMath.Summary(learner, levels, skillIds), skills, history,
            course.Assignments.Select(a => ReportMath.AssignmentScore(learner, a)).ToList());
    }
}

/// <summary>The counting shared by class and learner reports.</summary>
internal static class ReportMath
{
    public static bool IsAssignment(AttemptRecord a) => a.TemplateId.StartsWith(ReportAssignment.TemplatePrefix, StringComparison.Ordinal);

    /// <summary>The learner's level per skill; a skill stored twice keeps its last record.</summary>
    public static Dictionary<string, MasteryLevel> LevelsOf(ClassLearner learner)
    {
        var levels = new Dictionary<string, MasteryLevel>(StringComparer.Ordinal);
        foreach (var m in learner.Mastery) levels[m.Skill] = m.Level;
        return levels;
    }

    public static LearnerSummary Summary(ClassLearner l, Dictionary<string, MasteryLevel> levels, HashSet<string> courseSkills)
    {
        var exercises = l.Attempts.Where(a => !IsAssignment(a)).ToList();
        var firsts = exercises.Where(a => a.Attempt <= 1).ToList();
        int proficient = levels.Count(kv => courseSkills.Contains(kv.Key) && kv.Value >= MasteryLevel.Proficient);
        DateTimeOffset? last = l.Attempts.Count == 0 ? null : l.Attempts.Max(a => a.At);
        return new LearnerSummary(l.Id, l.DisplayName, exercises.Count, firsts.Count, firsts.Count(a => a.Correct), proficient, last);
    }

    public static ExerciseReport Exercise(string id, string title, string module, IReadOnlyList<AttemptRecord> attempts, Func<string, string> label)
    {
        var firsts = attempts.Where(a => a.Attempt <= 1).ToList();
        var wrong = firsts.Where(a => !a.Correct).ToList();
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        var fired = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in wrong)
        {
            string primary = a.FeedbackIds.Count == 0 ? FeedbackLabels.NoneId : a.FeedbackIds[0];
            counted[primary] = counted.GetValueOrDefault(primary) + 1;
            foreach (var f in a.FeedbackIds.Distinct(StringComparer.Ordinal)) fired[f] = fired.GetValueOrDefault(f) + 1;
            if (a.FeedbackIds.Count == 0) fired[primary] = fired.GetValueOrDefault(primary) + 1;
        }
        var shares = counted
            .Select(kv => new FeedbackShare(kv.Key, kv.Key == FeedbackLabels.NoneId ? FeedbackLabels.BuiltIn(kv.Key) : label(kv.Key), kv.Value,
                kv.Value / (double)wrong.Count, fired[kv.Key]))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        int learners = attempts.Select(a => a.Learner).Distinct(StringComparer.Ordinal).Count();
        return new ExerciseReport(id, title, module, learners, attempts.Count, firsts.Count, firsts.Count(a => a.Correct), shares);
    }

    public static LearnerAssignmentScore AssignmentScore(ClassLearner l, ReportAssignment a)
    {
        var mine = l.Attempts.Where(x => x.TemplateId == a.TemplateId).ToList();
        if (mine.Count == 0) return new LearnerAssignmentScore(a.Id, a.Title, l.Id, l.DisplayName, 0, null, false, null);
        // Stored as score/100 (web and CLI); rounding undoes the division's floating-point noise.
        double best = Math.Round(mine.Max(x => x.Score) * 100, 6);
        return new LearnerAssignmentScore(a.Id, a.Title, l.Id, l.DisplayName, mine.Count, best, mine.Any(x => x.Correct), mine.Max(x => x.At));
    }
}
