using System.Net;
using System.Text.Json.Nodes;
using Nabla.Web.Tests.Infrastructure;
using static Nabla.Web.Tests.Exercises.ExerciseTestSupport;

namespace Nabla.Web.Tests.Exercises;

/// <summary>
/// The exercise API end to end: draw, read, check (right answers computed by hand from each template's maths, wrong
/// ones that trigger its named feedback rules), attempts and mastery recorded, hints, solution, status. Each test uses
/// its own seeds so attempts recorded by one never change another's attempt numbers.
/// </summary>
public sealed class ExerciseApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    private const string Monomial = "m1-power-rule-monomial"; // f = a x^n, f' = a n x^(n-1)
    private const string Gradient = "m2-gradient-poly";       // f = a x^3 + b x y^2 + c y, grad = [3a x^2 + b y^2, 2b x y + c]
    private const string Hessian = "m2-hessian-poly";         // f = a x^3 + b x^2 y + c y^2, H = [[6a x + 2b y, 2b x], [2b x, 2c]]
    private const string AtPoint = "m1-derivative-at-point";  // f = x (x^2 + c)^n at x0
    private const string Choice = "m1-choose-rule";           // the product rule
    private const string MatchGraph = "m1-match-derivative-cubic"; // f = x^3 - 3a x, f' = 3x^2 - 3a

    private static string MonomialDerivative(int seed)
    {
        long a = Param(Monomial, seed, "a"), n = Param(Monomial, seed, "n");
        return $"{N(a * n)}*x^{N(n - 1)}";
    }

    [Fact]
    public async Task AVariantHasThePromptShapeAndHintsButNotTheAnswer()
    {
        using var client = await factory.CreateApiClientAsync();
        var v = await PostOk(client, $"/api/exercises/{Monomial}/variant", new { seed = 1001 });
        long a = Param(Monomial, 1001, "a"), n = Param(Monomial, 1001, "n");
        Assert.Equal(1001, v["seed"]!.GetValue<int>());
        Assert.Equal("expression", Text(v["kind"]));
        Assert.Contains($"{a} x^{{{n}}}", Text(v["prompt"]), StringComparison.Ordinal);
        Assert.Contains("<span class=\"math\">\\(", Text(v["promptHtml"]), StringComparison.Ordinal);
        Assert.Equal(2, v["hints"]!.GetValue<int>());
        Assert.Equal("expression", Text(v["entry"]!["kind"]));
        string json = v.ToJsonString();
        Assert.DoesNotContain($"{a * n} x^", json, StringComparison.Ordinal);
        Assert.DoesNotContain($"{a * n}*x", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"answer", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"correct", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutASeedTheServerDrawsOneAndTheSameSeedRedrawsTheSameVariant()
    {
        using var client = await factory.CreateApiClientAsync();
        var first = await PostOk(client, $"/api/exercises/{Gradient}/variant", new { });
        int seed = first["seed"]!.GetValue<int>();
        Assert.InRange(seed, 0, int.MaxValue);
        var again = await PostOk(client, $"/api/exercises/{Gradient}/variant", new { seed });
        Assert.Equal(Text(first["prompt"]), Text(again["prompt"]));
        Assert.Equal("vector", Text(again["entry"]!["kind"]));
        Assert.Equal(2, again["entry"]!["rows"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheRightDerivativeIsCorrectAndRecordedAtTheFirstTry()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1002;
        var check = await Check(client, Monomial, seed, MonomialDerivative(seed));
        Assert.True(check["counted"]!.GetValue<bool>());
        Assert.True(check["correct"]!.GetValue<bool>());
        Assert.Equal(1.0, check["score"]!.GetValue<double>());
        Assert.Equal(1, check["attempt"]!.GetValue<int>());
        var mastery = check["mastery"]!.AsArray().Single()!;
        Assert.Equal("m1-power-rule", Text(mastery["skill"]));
        Assert.Equal("familiar", Text(mastery["level"]));
        Assert.Equal(1, StoredAttempts(factory, Monomial, seed));
    }

    [Fact]
    public async Task KeepingTheExponentTriggersTheExponentUnchangedRuleAndTheNextTryIsAttemptTwo()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1003;
        long a = Param(Monomial, seed, "a"), n = Param(Monomial, seed, "n");
        var wrong = await Check(client, Monomial, seed, $"{N(a * n)}*x^{N(n)}");
        Assert.True(wrong["counted"]!.GetValue<bool>());
        Assert.False(wrong["correct"]!.GetValue<bool>());
        Assert.Equal(0.0, wrong["score"]!.GetValue<double>());
        Assert.Contains("exponent-unchanged", FeedbackIds(wrong));
        Assert.Contains("drops by one", Text(wrong["feedback"]![0]!["message"]), StringComparison.Ordinal);

        var right = await Check(client, Monomial, seed, MonomialDerivative(seed));
        Assert.True(right["correct"]!.GetValue<bool>());
        Assert.Equal(2, right["attempt"]!.GetValue<int>());
        Assert.Equal(0.9, right["score"]!.GetValue<double>(), 9);
        Assert.Equal(2, StoredAttempts(factory, Monomial, seed));

        var status = await ApiAssert.Ok(await client.GetAsync($"/api/exercises/{Monomial}/status"));
        Assert.Equal(seed, status["last"]!["seed"]!.GetValue<int>());
        Assert.Equal(2, status["last"]!["rightAt"]!.GetValue<int>());
        Assert.Null(status["resumeSeed"]);
        Assert.Contains("right at try 2", Text(status["summary"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DroppingTheCoefficientTriggersItsRule()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1004;
        long n = Param(Monomial, seed, "n");
        var wrong = await Check(client, Monomial, seed, $"{N(n)}*x^{N(n - 1)}");
        Assert.Contains("forgot-coefficient", FeedbackIds(wrong));
    }

    [Fact]
    public async Task AWrongAnswerNoRuleExplainsGetsACounterexampleNotTheExpectedValue()
    {
        using var client = await factory.CreateApiClientAsync();
        var wrong = await Check(client, Monomial, 1005, "sin(x)");
        Assert.Equal(["not-equivalent"], FeedbackIds(wrong).ToArray());
        Assert.Contains("your answer is", Text(wrong["feedback"]![0]!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGradientWithOneWrongEntryIsMarkedPerEntry()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1006;
        long a = Param(Gradient, seed, "a"), b = Param(Gradient, seed, "b"), c = Param(Gradient, seed, "c");
        string dx = $"{N(3 * a)}*x^2 + ({N(b)})*y^2", dy = $"{N(2 * b)}*x*y + ({N(c)})";

        var oneWrong = await Check(client, Gradient, seed, $"[{dx}, {N(2 * b)}*x*y]");
        Assert.True(oneWrong["counted"]!.GetValue<bool>());
        Assert.False(oneWrong["correct"]!.GetValue<bool>());
        var entries = oneWrong["entries"]!.AsArray();
        Assert.True(entries[0]!["correct"]!.GetValue<bool>());
        Assert.False(entries[1]!["correct"]!.GetValue<bool>());
        Assert.Equal("entry 2", Text(entries[1]!["label"]));
        Assert.Equal(0.5, oneWrong["score"]!.GetValue<double>(), 9);
        Assert.Contains("entries-wrong", FeedbackIds(oneWrong));

        var swapped = await Check(client, Gradient, seed, $"[{dy}, {dx}]");
        Assert.Contains("swapped", FeedbackIds(swapped));

        var right = await Check(client, Gradient, seed, $"[{dx}, {dy}]");
        Assert.True(right["correct"]!.GetValue<bool>());
        Assert.Equal(3, right["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task AHessianIsMarkedEntryByEntryInRowMajorOrder()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1007;
        long a = Param(Hessian, seed, "a"), b = Param(Hessian, seed, "b"), c = Param(Hessian, seed, "c");
        string fxx = $"{N(6 * a)}*x + ({N(2 * b)})*y", fxy = $"{N(2 * b)}*x", fyy = N(2 * c);
        var check = await Check(client, Hessian, seed, $"[[{fxx}, {fxy}], [{fxy}, {N(2 * c + 1)}]]");
        var marks = check["entries"]!.AsArray().Select(e => e!["correct"]!.GetValue<bool>()).ToArray();
        Assert.Equal([true, true, true, false], marks);
        Assert.Equal("entry (2, 2)", Text(check["entries"]![3]!["label"]));
        var right = await Check(client, Hessian, seed, $"[[{fxx}, {fxy}], [{fxy}, {fyy}]]");
        Assert.True(right["correct"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ANumberAnswerIsCheckedAgainstTheClosedFormAndFiniteDifferences()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1008;
        long c = Param(AtPoint, seed, "c"), n = Param(AtPoint, seed, "n"), x0 = Param(AtPoint, seed, "x0");
        double F(double x) => x * Math.Pow(x * x + c, n);
        double closedForm = Math.Pow(x0 * x0 + c, n) + 2 * n * x0 * x0 * Math.Pow(x0 * x0 + c, n - 1);
        double h = 1e-5, finite = (F(x0 + h) - F(x0 - h)) / (2 * h);
        Assert.Equal(closedForm, finite, 4);
        var wrong = await Check(client, AtPoint, seed, N(closedForm + 1));
        Assert.False(wrong["correct"]!.GetValue<bool>());
        var right = await Check(client, AtPoint, seed, N(closedForm));
        Assert.True(right["correct"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AChoiceIsAnsweredByTheOptionNumberAndAWrongPickGetsItsFeedback()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1009;
        var v = await PostOk(client, $"/api/exercises/{Choice}/variant", new { seed });
        var options = v["options"]!.AsArray();
        Assert.Equal(4, options.Count);
        int product = options.Single(o => Text(o!["text"]) == "The product rule")!["number"]!.GetValue<int>();
        int chain = options.Single(o => Text(o!["text"]) == "The chain rule")!["number"]!.GetValue<int>();
        var wrong = await Check(client, Choice, seed, N(chain));
        Assert.False(wrong["correct"]!.GetValue<bool>());
        Assert.Equal([$"option-{chain}"], FeedbackIds(wrong).ToArray());
        var right = await Check(client, Choice, seed, N(product));
        Assert.True(right["correct"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AMatchGraphShowsGraphsOnlyAndTheDerivativesGraphIsRight()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1010;
        long a = Param(MatchGraph, seed, "a");
        var v = await PostOk(client, $"/api/exercises/{MatchGraph}/variant", new { seed });
        Assert.NotNull(v["functionPlot"]);
        int? derivative = null;
        foreach (var option in v["options"]!.AsArray())
        {
            Assert.StartsWith("Graph ", Text(option!["text"]), StringComparison.Ordinal);
            var xs = option["plot"]!["x"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
            var ys = option["plot"]!["y"]!.AsArray().Select(y => y?.GetValue<double>() ?? double.NaN).ToArray();
            if (xs.Zip(ys).All(p => Math.Abs(p.Second - (3 * p.First * p.First - 3 * a)) < 1e-6)) derivative = option["number"]!.GetValue<int>();
        }
        Assert.NotNull(derivative);
        var right = await Check(client, MatchGraph, seed, N(derivative.Value));
        Assert.True(right["correct"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ValidateSaysHowTheInputIsReadWarnsAndLocatesProblems()
    {
        using var client = await factory.CreateApiClientAsync();
        var read = await PostOk(client, $"/api/exercises/{Monomial}/validate", new { seed = 1011, input = "3x^2" });
        Assert.True(read["valid"]!.GetValue<bool>());
        Assert.Equal("3 x^{2}", Text(read["latex"]));
        Assert.Equal("3*x^2", Text(read["plain"]));

        var problem = await PostOk(client, $"/api/exercises/{Monomial}/validate", new { seed = 1011, input = "3x^^2" });
        Assert.False(problem["valid"]!.GetValue<bool>());
        Assert.Equal(3, problem["problem"]!["position"]!.GetValue<int>());
        Assert.Contains("^", Text(problem["problem"]!["display"]), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(Text(problem["problem"]!["hint"])));

        var warned = await PostOk(client, $"/api/exercises/{Gradient}/validate", new { seed = 1011, input = "[3xy, z]" });
        Assert.True(warned["valid"]!.GetValue<bool>());
        Assert.Contains(warned["warnings"]!.AsArray(), w => Text(w).Contains("\"z\"", StringComparison.Ordinal));
        Assert.Contains(warned["warnings"]!.AsArray(), w => Text(w).Contains("\"xy\"", StringComparison.Ordinal));
        Assert.Equal(0, StoredAttempts(factory, Gradient, 1011));
    }

    [Fact]
    public async Task AnUnreadableAnswerIsNotCountedAndNotRecorded()
    {
        using var client = await factory.CreateApiClientAsync();
        var check = await Check(client, Monomial, 1012, "3x +");
        Assert.False(check["counted"]!.GetValue<bool>());
        Assert.Null(check["attempt"]);
        Assert.False(check["read"]!["valid"]!.GetValue<bool>());
        Assert.Equal(0, StoredAttempts(factory, Monomial, 1012));
    }

    [Fact]
    public async Task HintsComeOneByOneAndStopAtTheLast()
    {
        using var client = await factory.CreateApiClientAsync();
        long n = Param(Monomial, 1013, "n");
        var second = await PostOk(client, $"/api/exercises/{Monomial}/hint", new { seed = 1013, index = 1 });
        Assert.Equal(2, second["count"]!.GetValue<int>());
        Assert.Contains($"n = {n}", Text(second["markdown"]), StringComparison.Ordinal);
        var past = await ApiAssert.ClientError(await ApiAssert.Post(client, $"/api/exercises/{Monomial}/hint", new { seed = 1013, index = 2 }), HttpStatusCode.BadRequest);
        Assert.Contains("2 hints", Text(past["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSolutionShowsTheStepsAsKatexReadyMarkdownAndTheAnswer()
    {
        using var client = await factory.CreateApiClientAsync();
        const int seed = 1014;
        long a = Param(Monomial, seed, "a"), n = Param(Monomial, seed, "n");
        string power = n - 1 == 1 ? "x" : $"x^{{{n - 1}}}";
        var solution = await PostOk(client, $"/api/exercises/{Monomial}/solution", new { seed });
        string markdown = Text(solution["markdown"]);
        Assert.Contains($"**Answer:** ${a * n} {power}$", markdown, StringComparison.Ordinal);
        Assert.Contains("power rule", markdown, StringComparison.Ordinal);
        Assert.Contains("**Differentiate with respect to $x$:**", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\\begin{enumerate}", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\\textbf", markdown, StringComparison.Ordinal);
        Assert.Contains("<ol>", Text(solution["html"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusStartsEmptyAndResumesAnUnsolvedSeed()
    {
        using var client = await factory.CreateApiClientAsync();
        var empty = await ApiAssert.Ok(await client.GetAsync("/api/exercises/m1-special-trig/status"));
        Assert.Equal(0, empty["attempts"]!.GetValue<int>());
        Assert.Equal("Not tried yet.", Text(empty["summary"]));
        await Check(client, "m2-jacobian-2x2", 1015, "[[0, 0], [0, 0]]");
        var status = await ApiAssert.Ok(await client.GetAsync("/api/exercises/m2-jacobian-2x2/status"));
        Assert.Equal(1015, status["resumeSeed"]!.GetValue<int>());
        Assert.Contains("not right yet after 1 try", Text(status["summary"]), StringComparison.Ordinal);
    }
}
