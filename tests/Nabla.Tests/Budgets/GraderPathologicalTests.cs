using Nabla.Course.Grading;
using Nabla.Course.Templates;
using Nabla.Tests.Course;

namespace Nabla.Tests.Budgets;

/// <summary>
/// Pathological answers typed into an exercise: each is graded (or refused as unreadable) within the grader's
/// 2 s budget plus slack, is never marked correct, and tells the learner what went wrong.
/// </summary>
public sealed class GraderPathologicalTests
{
    private static readonly Grader Grader = new();

    private static Variant ProductRule => VariantGenerator.Generate(CourseFixtures.Valid.Template("product-rule-fixed"), 1);

    public static TheoryData<string, string> Inputs => new()
    {
        { "huge exponent", "x^(10^10)" },
        { "huge numeric power", "2^(10^10)" },
        { "power tower of numbers", "10^10^10^10" },
        { "huge integer", "1" + new string('0', 30_000) },
        { "integer at the digit limit", "3" + new string('7', 9_999) + " x" },
        { "deep parentheses", new string('(', 5_000) + "x" + new string(')', 5_000) },
        { "deep function nesting", string.Concat(Enumerable.Repeat("sin(", 400)) + "x" + new string(')', 400) },
        { "nested towers", "((((((((x^x)^x)^x)^x)^x)^x)^x)^x)^x" },
        { "exploding expansion", "(x+1)^100000 - (x-1)^100000" },
        { "long sum", string.Join("+", Enumerable.Range(1, 9_000).Select(i => $"x^{i}")) },
        { "too long", new string('x', 150_000) },
        { "exp tower", "exp(exp(exp(exp(exp(exp(x))))))" },
        { "huge decimal exponent", "3e99999999 x" },
        { "many variables", string.Join("+", Enumerable.Range(1, 3_000).Select(i => $"x_{i}")) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void PathologicalAnswersComeBackWithinTheBudget(string label, string input)
    {
        var result = Within.Seconds(Grader.Options.TimeBudget.TotalSeconds + 20, () => Grader.Grade(ProductRule, input));
        Assert.False(result.Correct, label);
        Assert.False(string.IsNullOrWhiteSpace(result.Summary), label);
        // Either it was read and marked wrong with feedback, or it was refused with a message (score unchanged).
        if (result.Counted) Assert.NotEmpty(result.Feedback);
        else Assert.Contains("not marked", result.Summary);
    }

    [Fact]
    public void TheRightAnswerIsStillRightAfterThePathologicalOnes()
    {
        foreach (var (_, input) in Inputs.Select(row => ((string)row[0], (string)row[1])).Take(3))
            Grader.Grade(ProductRule, input);
        Assert.True(Grader.Grade(ProductRule, "3x^2 sin x + x^3 cos x").Correct);
    }
}
