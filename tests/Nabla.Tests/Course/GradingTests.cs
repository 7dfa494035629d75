using System.Diagnostics;
using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Templates;

namespace Nabla.Tests.Course;

public sealed class GradingTests
{
    private static readonly Grader Grader = new();

    private static Variant Fixture(string id, int seed = 1) => VariantGenerator.Generate(CourseFixtures.Valid.Template(id), seed);

    private static ExerciseTemplate Inline(string yaml)
    {
        var problems = new List<ContentProblem>();
        var t = ExerciseTemplate.Parse(yaml, "inline.yaml", problems);
        Assert.Empty(problems);
        return t!;
    }

    [Fact]
    public void TheProductRuleAnswerIsAccepted()
    {
        var r = Grader.Grade(Fixture("product-rule-fixed"), "3x^2 sin x + x^3 cos x");
        Assert.True(r.Counted);
        Assert.True(r.Correct);
        Assert.Equal(1.0, r.Score);
        Assert.Empty(r.Feedback);
        Assert.Same(Nabla.Symbolic.Expr.Parse("3*x^2*sin(x) + x^3*cos(x)"), Nabla.Symbolic.Expr.Parse(r.Read.Plain));
    }

    [Fact]
    public void UPrimeVPrimeIsRejectedWithTheProductRuleMessage()
    {
        var r = Grader.Grade(Fixture("product-rule-fixed"), "3x^2 cos x");
        Assert.True(r.Counted);
        Assert.False(r.Correct);
        Assert.Equal(0, r.Score);
        var f = Assert.Single(r.Feedback);
        Assert.Equal("uv-prime", f.Id);
        Assert.Contains("product rule", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATransposedJacobianGetsTheTransposeMessageAndPerEntryMarks()
    {
        // J = [[2xy, x^2], [1, 3y^2]] for (x^2 y, x + y^3); the transpose swaps the off-diagonal entries.
        var r = Grader.Grade(Fixture("jacobian-fixed"), "[[2xy, 1], [x^2, 3y^2]]");
        Assert.True(r.Counted);
        Assert.False(r.Correct);
        Assert.Contains(r.Feedback, f => f.Id == "transposed" && f.Entry is null && f.Message.Contains("transposed", StringComparison.Ordinal));
        Assert.Equal([true, false, false, true], r.Entries.Select(e => e.Correct));
        Assert.Equal(["entry (1, 1)", "entry (1, 2)", "entry (2, 1)", "entry (2, 2)"], r.Entries.Select(e => e.Label));
        Assert.Equal(["transposed"], r.Entries[1].FeedbackIds);
        Assert.Equal(0.5, r.Score);
    }

    [Fact]
    public void ARightJacobianIsAcceptedInAnyEquivalentForm()
    {
        var r = Grader.Grade(Fixture("jacobian-fixed"), "[[2*x*y, x*x], [1, 3*y*y]]");
        Assert.True(r.Correct);
        Assert.All(r.Entries, e => Assert.True(e.Correct));
    }

    [Fact]
    public void PerEntryFeedbackNamesTheEntry()
    {
        // Only the off-diagonal of the Hessian is halved: the rule fires on those entries alone, by name.
        var v = Fixture("hessian-poly", 3);
        var halved = v.Feedback.Single(f => f.Rule.Id == "offdiagonal-halved").Mutant!;
        var answer = (MatrixValue)v.Answer!;
        var mixed = (MatrixValue)halved;
        string typed = $"[[{answer.Rows[0][0].ToPlain()}, {mixed.Rows[0][1].ToPlain()}], [{answer.Rows[1][0].ToPlain()}, {answer.Rows[1][1].ToPlain()}]]";
        var r = Grader.Grade(v, typed);
        var f = Assert.Single(r.Feedback, f => f.Id == "offdiagonal-halved");
        Assert.Equal("entry (1, 2)", f.Entry);
        Assert.StartsWith("entry (1, 2): ", f.Message, StringComparison.Ordinal);
        Assert.Equal([true, false, true, true], r.Entries.Select(e => e.Correct));
    }

    public static TheoryData<string, string> MalformedAnswers() => new()
    {
        { "product-rule-fixed", "" },
        { "product-rule-fixed", "   " },
        { "product-rule-fixed", "3x^2 sin(x" },
        { "product-rule-fixed", "3x^2 +" },
        { "product-rule-fixed", "x +* 2" },
        { "product-rule-fixed", ")(" },
        { "product-rule-fixed", "sin()" },
        { "jacobian-fixed", "[[2xy, x^2], [1]]" },
        { "jacobian-fixed", "2xy" },
        { "jacobian-fixed", "[[2xy, x^2], [1, 3y^2], [0, 0]]" },
        { "jacobian-fixed", "[[2xy, x^2], [1, 3y^2" },
        { "gradient-poly", "[1, 2, 3]" },
        { "newton-step", "x + 1" },
        { "choice-slope", "7" },
        { "choice-slope", "the power rule" },
    };

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public void MalformedInputGetsAValidationMessageAndNoScoreChange(string template, string input)
    {
        var r = Grader.Grade(Fixture(template), input);
        Assert.False(r.Counted);
        Assert.False(r.Correct);
        Assert.Equal(0, r.Score);
        Assert.NotNull(r.Read.Problem);
        Assert.False(string.IsNullOrWhiteSpace(r.Read.Problem!.Message));
        Assert.Contains("score is unchanged", r.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseErrorsPointAtTheSpotInTheWholeInput()
    {
        var r = Grader.Read(Fixture("jacobian-fixed"), "[[2xy, x^2], [1, 3y^+]]");
        Assert.False(r.IsValid);
        // The spot is in the last entry ("3y^+" ends at index 21), reported in the whole input's coordinates.
        Assert.Equal(21, r.Problem!.Position);
        Assert.Contains("[[2xy, x^2], [1, 3y^+]]", r.Problem.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void APathologicalAnswerReturnsWithinTheBudgetWithAClearMessage()
    {
        // ((((x^x)^x)^x)^x)^x… nested until the input is 10^5 characters long.
        int depth = 25_000;
        string input = new string('(', depth) + "x" + string.Concat(Enumerable.Repeat("^x)", depth));
        Assert.True(input.Length >= 100_000);
        var clock = Stopwatch.StartNew();
        var r = Grader.Grade(Fixture("product-rule-fixed"), input);
        Assert.True(clock.Elapsed < Grader.Options.TimeBudget, $"took {clock.Elapsed}");
        Assert.False(r.Counted);
        Assert.Equal(0, r.Score);
        Assert.Contains("characters", r.Read.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeepButShortTowerIsRefusedByTheNestingLimitNotByAHang()
    {
        int depth = 400;
        string input = new string('(', depth) + "x" + string.Concat(Enumerable.Repeat("^x)", depth));
        var clock = Stopwatch.StartNew();
        var r = Grader.Grade(Fixture("product-rule-fixed"), input);
        Assert.True(clock.Elapsed < Grader.Options.TimeBudget, $"took {clock.Elapsed}");
        Assert.False(r.Counted);
        Assert.NotNull(r.Read.Problem);
    }

    [Fact]
    public void ASmallTowerIsMarkedWrongNormally()
    {
        var r = Grader.Grade(Fixture("product-rule-fixed"), "((((x^x)^x)^x)^x)^x");
        Assert.True(r.Counted);
        Assert.False(r.Correct);
        Assert.Contains(r.Feedback, f => f.Id == "not-equivalent");
    }

    [Fact]
    public void UnexpectedVariablesAndImplicitProductsAreWarnedAbout()
    {
        var r = Grader.Read(Fixture("product-rule-fixed"), "3x^2 sin(x) + t");
        Assert.Contains(r.Warnings, w => w.Contains("\"t\"", StringComparison.Ordinal));
        var implicitProduct = Grader.Read(Fixture("partial-xy"), "2xy^3 + 3y");
        Assert.Contains(implicitProduct.Warnings, w => w.Contains("\"xy\" was read as x·y", StringComparison.Ordinal));
        Assert.DoesNotContain(Grader.Read(Fixture("product-rule-fixed"), "3x^2 sinx + x^3 cos x").Warnings, w => w.Contains("sinx", StringComparison.Ordinal));
    }

    [Fact]
    public void ANumberAnswerMayBeAnExpressionAndIsMarkedWithinTheTolerance()
    {
        var v = Fixture("newton-step", 5);
        double expected = v.Answer!.Entries[0].Evaluate(new Dictionary<string, double>());
        Assert.True(Grader.Grade(v, v.Answer.ToPlain()).Correct);
        Assert.True(Grader.Grade(v, expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Correct);
        Assert.False(Grader.Grade(v, (expected * (1 + 1e-3)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Correct);
    }

    [Fact]
    public void AttemptsLowerTheScoreOfARightAnswerDownToTheFloor()
    {
        var v = Fixture("product-rule-fixed");
        Assert.Equal(1.0, Grader.Grade(v, v.AnswerPlain, attempt: 1).Score);
        Assert.Equal(0.8, Grader.Grade(v, v.AnswerPlain, attempt: 3).Score, 9);
        Assert.Equal(0.5, Grader.Grade(v, v.AnswerPlain, attempt: 20).Score, 9);
    }

    [Fact]
    public void TheFormCheckRunsAfterEquivalence()
    {
        var t = Inline("""
            id: expand-square
            title: Expand
            skills: [power-rule]
            kind: expression
            question: "Expand $(x+1)^2$."
            answer:
              compute: expr((x+1)^2)
              form: expanded
            """);
        var v = VariantGenerator.Generate(t, 1);
        var factored = Grader.Grade(v, "(x+1)^2");
        Assert.False(factored.Correct);
        Assert.Contains(factored.Feedback, f => f.Id == "form-expanded");
        Assert.Equal(0.5, factored.Score);
        Assert.True(Grader.Grade(v, "x^2 + 2x + 1").Correct);
    }

    [Fact]
    public void ChoiceOptionsAreShuffledPerSeedAndGiveTheirFeedback()
    {
        var v = Fixture("choice-slope", 2);
        Assert.True(Grader.Grade(v, v.CorrectOption.ToString(System.Globalization.CultureInfo.InvariantCulture)).Correct);
        int wrong = Enumerable.Range(1, v.Options.Count).First(i => !v.Options[i - 1].Correct && v.Options[i - 1].Feedback is not null);
        var r = Grader.Grade(v, ((char)('a' + wrong - 1)).ToString());
        Assert.False(r.Correct);
        Assert.Equal($"option-{wrong}", Assert.Single(r.Feedback).Id);
        var orders = Enumerable.Range(1, 12).Select(s => string.Join("|", Fixture("choice-slope", s).Options.Select(o => o.Text))).Distinct().Count();
        Assert.True(orders > 1);
    }

    [Fact]
    public void MatchGraphSuppliesPlotDataThatIsTheSampledFunction()
    {
        var v = Fixture("match-derivative", 4);
        var a = (int)((Nabla.Symbolic.Number)v.Bindings.Get("a")!.Expr!).Value.Numerator;
        var correct = v.Options.Single(o => o.Correct);
        for (int i = 0; i < Variant.PlotRange.Count; i += 10)
        {
            double x = Variant.PlotRange[i];
            Assert.Equal(3 * x * x - a, correct.Plot![i], 9);
            Assert.Equal(x * x * x - a * x, v.FunctionPlot![i], 9);
        }
    }

    [Fact]
    public void HintsComeInOrderAndTheSolutionShowsTheEngineSteps()
    {
        var v = Fixture("product-rule-fixed");
        Assert.Contains("u = x^3", Grader.Hint(v, 0), StringComparison.Ordinal);
        Assert.NotNull(Grader.Hint(v, 1));
        Assert.Null(Grader.Hint(v, 2));
        var solution = Grader.Solve(v);
        Assert.Contains("product rule", solution.Text, StringComparison.Ordinal);
        Assert.Contains("Answer: ", solution.Text, StringComparison.Ordinal);
        Assert.Contains("$$", solution.Markdown, StringComparison.Ordinal);
        var jacobian = Grader.Solve(Fixture("jacobian-fixed"));
        Assert.Contains("∂/∂y of x^2*y", jacobian.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GradingIsDeterministic()
    {
        var v = Fixture("quotient-rule", 9);
        var a = Grader.Grade(v, "cos(x)/(x^2+1)");
        var b = Grader.Grade(v, "cos(x)/(x^2+1)");
        Assert.Equal(a.Feedback, b.Feedback);
        Assert.Equal(a.Score, b.Score);
    }
}
