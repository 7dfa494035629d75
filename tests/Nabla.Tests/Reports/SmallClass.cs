using Nabla.Course.Progress;
using Nabla.Course.Reports;

namespace Nabla.Tests.Reports;

/// <summary>A four-learner class whose report numbers are worked out by hand in the tests.</summary>
internal static class SmallClass
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public const string FormulaName = "=cmd|' /C calc'!A0";
    public const string QuotedName = "Zoë, \"Z\"";

    public static ReportCourse Course { get; } = new(
    [
        new ReportModule("m1", "Derivatives", [new ReportSkill("s1", "Chain rule"), new ReportSkill("s2", "Choosing a rule")],
        [
            new ReportTemplate("t1", "Chain rule with exp", ["s1"], new Dictionary<string, string>
            {
                ["inner-dropped"] = "You dropped the inner derivative.",
                ["exp-power"] = "The power rule does not apply to e^u.",
            }),
            new ReportTemplate("t2", "Which rule?", ["s2"], new Dictionary<string, string> { ["option-2"] = "Chose option 2 (product rule)" }),
        ]),
        new ReportModule("m2", "Gradients", [new ReportSkill("s3", "Partial derivatives")],
            [new ReportTemplate("t3", "A partial derivative", ["s3"], new Dictionary<string, string>())]),
    ],
    [new ReportAssignment("backprop", "Backpropagation"), new ReportAssignment("heights", "Heights")]);

    private static AttemptRecord A(string learner, string template, int seed, int attempt, bool correct, double score, int minutes, params string[] ids) =>
        new(learner, template, seed, template switch { "t1" => ["s1"], "t2" => ["s2"], "t3" => ["s3"], _ => [] }, attempt, correct, score, T0.AddMinutes(minutes), ids);

    private static SkillMastery M(string skill, MasteryLevel level) => new(skill, level, 1, 0, 0, T0);

    public static IReadOnlyList<ClassLearner> Learners { get; } =
    [
        // Ann's attempts are deliberately out of time order: the history sorts them.
        new ClassLearner("ann", "Ann",
        [
            A("ann", "t1", 2, 1, true, 1, 30),
            A("ann", "t1", 1, 1, false, 0, 10, "inner-dropped"),
            A("ann", "t1", 1, 2, true, 0.9, 20),
            A("ann", "t2", 5, 1, false, 0, 40, "option-2"),
            A("ann", "lab:backprop", 0, 1, false, 0.4, 50),
            A("ann", "lab:backprop", 0, 2, true, 0.85, 60),
        ],
        [M("s1", MasteryLevel.Familiar), M("s2", MasteryLevel.Attempted)]),
        new ClassLearner("bob", FormulaName,
        [
            A("bob", "t1", 3, 1, false, 0, 11, "inner-dropped", "entries-wrong"),
            A("bob", "t1", 4, 1, false, 0, 12, "not-equivalent"),
            A("bob", "t1", 4, 2, false, 0, 13, "exp-power"),
            A("bob", "retired", 9, 1, false, 0, 14, "not-equivalent"),
        ],
        [M("s1", MasteryLevel.Attempted)]),
        new ClassLearner("zoe", QuotedName,
        [
            A("zoe", "t1", 7, 1, false, 0, 15, "exp-power", "inner-dropped"),
            A("zoe", "t3", 1, 1, true, 1, 16),
        ],
        [M("s1", MasteryLevel.Attempted), M("s3", MasteryLevel.Proficient)]),
        new ClassLearner("dan", "Dan", [], []),
    ];
}
