using Nabla.Course.Progress;
using Nabla.Course.Reports;
using Xunit;

namespace Nabla.Tests.Reports;

public sealed class ClassReportTests
{
    private static readonly ClassReport Report = ClassReport.Build(SmallClass.Course, SmallClass.Learners);

    private static ExerciseReport Exercise(string id) => Report.Exercises.Single(e => e.TemplateId == id);

    [Fact]
    public void Chain_rule_exercise_counts_attempts_first_tries_and_learners_by_hand()
    {
        var t1 = Exercise("t1");
        // ann: 3 rows (seeds 1, 1, 2), bob: 3 rows (seeds 3, 4, 4), zoe: 1 row.
        Assert.Equal(7, t1.Attempts);
        Assert.Equal(3, t1.Learners);
        // First tries: ann seed 1 (wrong), ann seed 2 (right), bob seed 3, bob seed 4, zoe seed 7 (all wrong).
        Assert.Equal(5, t1.FirstTries);
        Assert.Equal(1, t1.FirstTryCorrect);
        Assert.Equal(4, t1.WrongFirstTries);
        Assert.Equal(0.2, t1.FirstTryCorrectShare, 12);
        Assert.Equal("m1", t1.ModuleId);
    }

    [Fact]
    public void Feedback_distribution_counts_each_wrong_first_try_once_under_its_first_id()
    {
        var f = Exercise("t1").Feedback;
        // Wrong first tries: ann [inner-dropped], bob [inner-dropped, entries-wrong], bob [not-equivalent], zoe [exp-power, inner-dropped].
        // bob's second attempt on seed 4 (exp-power) is not a first try and is not counted.
        Assert.Equal(["inner-dropped", "exp-power", "not-equivalent"], f.Select(x => x.Id));
        Assert.Equal([2, 1, 1], f.Select(x => x.Count));
        Assert.Equal([0.5, 0.25, 0.25], f.Select(x => x.Share));
        Assert.Equal([3, 1, 1], f.Select(x => x.Fired));
        Assert.Equal("You dropped the inner derivative.", f[0].Label);
        Assert.Equal("The power rule does not apply to e^u.", f[1].Label);
        Assert.Contains("no known mistake matched", f[2].Label, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_exercise_labels_its_option_and_a_correct_exercise_has_no_distribution()
    {
        var t2 = Exercise("t2");
        Assert.Equal((1, 1, 0), (t2.Attempts, t2.FirstTries, t2.FirstTryCorrect));
        var only = Assert.Single(t2.Feedback);
        Assert.Equal(("option-2", "Chose option 2 (product rule)", 1, 1.0), (only.Id, only.Label, only.Count, only.Share));
        var t3 = Exercise("t3");
        Assert.Equal((1, 1, 1), (t3.Attempts, t3.FirstTries, t3.FirstTryCorrect));
        Assert.Empty(t3.Feedback);
    }

    [Fact]
    public void Retired_template_is_reported_apart_and_assignments_are_not_exercises()
    {
        var other = Assert.Single(Report.OtherExercises);
        Assert.Equal(("retired", "retired", "", 1), (other.TemplateId, other.Title, other.ModuleId, other.Attempts));
        Assert.Equal("not-equivalent", Assert.Single(other.Feedback).Id);
        Assert.DoesNotContain(Report.Exercises, e => e.TemplateId.StartsWith("lab:", StringComparison.Ordinal));
    }

    [Fact]
    public void Skill_levels_count_one_per_learner_with_missing_mastery_as_not_started()
    {
        var m1 = Report.Modules[0];
        var s1 = m1.Skills[0].Levels;
        // s1: ann familiar, bob attempted, zoe attempted, dan nothing stored.
        Assert.Equal(new LevelCounts(1, 2, 1, 0, 0), s1);
        Assert.Equal(new LevelCounts(3, 1, 0, 0, 0), m1.Skills[1].Levels);
        // The module counts the 4 learners x 2 skills = 8 pairs.
        Assert.Equal(new LevelCounts(4, 3, 1, 0, 0), m1.Levels);
        Assert.Equal(1, m1.LearnersNotStarted);
        var m2 = Report.Modules[1];
        Assert.Equal(new LevelCounts(3, 0, 0, 1, 0), m2.Levels);
        Assert.Equal(0.25, m2.Levels.AtLeastProficientShare, 12);
        Assert.Equal(0.25, m2.Skills[0].Levels.Share(MasteryLevel.Proficient), 12);
        Assert.Equal(3, m2.LearnersNotStarted);
    }

    [Fact]
    public void Learner_summaries_leave_assignments_out_of_exercise_counts()
    {
        var byId = Report.Learners.ToDictionary(l => l.Id);
        Assert.Equal((4, 3, 1), (byId["ann"].Attempts, byId["ann"].FirstTries, byId["ann"].FirstTryCorrect));
        Assert.Equal(SmallClass.T0.AddMinutes(60), byId["ann"].LastActive);
        Assert.Equal((4, 3, 0), (byId["bob"].Attempts, byId["bob"].FirstTries, byId["bob"].FirstTryCorrect));
        Assert.Equal((2, 2, 1, 1), (byId["zoe"].Attempts, byId["zoe"].FirstTries, byId["zoe"].FirstTryCorrect, byId["zoe"].SkillsAtLeastProficient));
        Assert.Equal((0, 0, (DateTimeOffset?)null), (byId["dan"].Attempts, byId["dan"].FirstTries, byId["dan"].LastActive));
        Assert.Equal(0, byId["dan"].FirstTryCorrectShare);
        Assert.Equal(["ann", "bob", "zoe", "dan"], Report.Learners.Select(l => l.Id));
    }

    [Fact]
    public void Assignment_scores_are_best_of_submissions_on_the_0_to_100_scale()
    {
        var backprop = Report.Assignments[0];
        var ann = backprop.Learners[0];
        Assert.Equal((2, 85.0, true), (ann.Attempts, ann.BestScore, ann.Passed));
        Assert.All(backprop.Learners.Skip(1), l => Assert.Equal((0, (double?)null, false), (l.Attempts, l.BestScore, l.Passed)));
        Assert.Equal((1, 1), (backprop.Submitted, backprop.Passed));
        Assert.Equal(0, Report.Assignments[1].Submitted);
    }

    [Fact]
    public void Learner_history_is_in_time_order_with_titles_and_labelled_feedback()
    {
        var ann = LearnerReport.Build(SmallClass.Course, SmallClass.Learners[0]);
        Assert.Equal([10, 20, 30, 40, 50, 60], ann.History.Select(h => (int)(h.At - SmallClass.T0).TotalMinutes));
        var first = ann.History[0];
        Assert.Equal(("t1", "Chain rule with exp", "m1", 1, false), (first.TemplateId, first.Title, first.ModuleId, first.Attempt, first.Correct));
        Assert.Equal("You dropped the inner derivative.", Assert.Single(first.Feedback).Label);
        var lab = ann.History[^1];
        Assert.True(lab.IsAssignment);
        Assert.Equal(("Backpropagation", 0.85), (lab.Title, lab.Score));
        Assert.Equal(["s1", "s2", "s3"], ann.Skills.Select(s => s.SkillId));
        Assert.Equal([MasteryLevel.Familiar, MasteryLevel.Attempted, MasteryLevel.NotStarted], ann.Skills.Select(s => s.Mastery.Level));
        Assert.Equal(85.0, ann.Assignments[0].BestScore);
    }

    [Fact]
    public void Built_in_feedback_ids_have_readable_labels()
    {
        Assert.Equal("Right value, but not expanded", FeedbackLabels.BuiltIn("form-expanded"));
        Assert.Equal("Chose option 3", FeedbackLabels.BuiltIn("option-3"));
        Assert.Equal("some-new-id", FeedbackLabels.BuiltIn("some-new-id"));
        Assert.Contains("no known mistake", FeedbackLabels.BuiltIn("entries-wrong"), StringComparison.Ordinal);
    }

    [Fact]
    public void Course_content_gives_rule_messages_and_option_labels()
    {
        var content = Nabla.Tests.Course.CourseFixtures.Valid;
        var course = ReportCourse.From(content);
        var templates = course.Modules.SelectMany(m => m.Templates).ToDictionary(t => t.Id);
        var withRule = content.Templates.Values.First(t => t.Feedback.Count > 0 && !t.Feedback[0].Message.Contains('{', StringComparison.Ordinal));
        var rule = withRule.Feedback[0];
        Assert.Equal(rule.Message, templates[withRule.Id].Label(rule.Id));
        var withOptions = content.Templates.Values.First(t => t.Options.Count >= 2 && !t.Options[1].Text.Contains('{', StringComparison.Ordinal));
        string second = templates[withOptions.Id].Label("option-2");
        Assert.StartsWith("Chose option 2 (" + withOptions.Options[1].Text + ")", second, StringComparison.Ordinal);
        if (withOptions.Options[1].Feedback is { } f) Assert.EndsWith(f, second, StringComparison.Ordinal);
        Assert.Equal(["backprop", "heights"], course.Assignments.Select(a => a.Id).Order());
        Assert.Equal(content.Skills.Select(s => s.Id), course.Modules.SelectMany(m => m.Skills).Select(s => s.Id));
    }

    [Fact]
    public void Placeholders_in_rule_messages_read_as_parameter_names()
    {
        var content = Nabla.Course.Content.CourseLoader.Load(Nabla.Tests.Course.CourseFixtures.ContentRoot);
        var course = ReportCourse.From(content);
        var template = course.Modules.SelectMany(m => m.Templates).Single(t => t.Id == "m1-chain-rule-power");
        Assert.Equal("You differentiated the outer power but forgot to multiply by the derivative of the inside, $a x^2 + b$.", template.Label("inner-dropped"));
    }
}
