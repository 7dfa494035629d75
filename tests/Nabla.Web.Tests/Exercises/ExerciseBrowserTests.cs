using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;
using static Nabla.Web.Tests.Exercises.ExerciseTestSupport;

namespace Nabla.Web.Tests.Exercises;

/// <summary>
/// The learner's journeys through exercises in a real browser: answer wrongly and read the targeted feedback, answer
/// rightly and see the standing after a reload, hints, the solution, another variant, graphs, the quiz and the review
/// page. The lessons' widgets are stubbed so these tests exercise the exercise code alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExerciseBrowserTests(BrowserFixture browser)
{
    private static async Task<BrowserPage> OpenAsync(BrowserFixture browser, string path)
    {
        var tab = await browser.NewPageAsync();
        await tab.Page.RouteAsync("**/js/widgets/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "text/javascript", Body = "export default async function mount() {}",
        }));
        await tab.Page.GotoAsync(path);
        return tab;
    }

    private static async Task<ILocator> ReadyExercise(IPage page, string template)
    {
        var exercise = page.Locator($".nabla-exercise[data-template=\"{template}\"]");
        await exercise.And(page.Locator("[data-ready=true]")).WaitForAsync();
        return exercise;
    }

    [BrowserFact]
    public async Task AWrongAnswerGetsTargetedFeedbackAndARightOneIsRememberedAfterReload()
    {
        const string template = "m1-power-rule-monomial";
        const string lesson = "/modules/derivatives/lessons/m1-power-and-sum-rules";
        await using var tab = await OpenAsync(browser, lesson);
        var page = tab.Page;
        var exercise = await ReadyExercise(page, template);
        int seed = int.Parse((await exercise.GetAttributeAsync("data-seed"))!, CultureInfo.InvariantCulture);
        long a = Param(template, seed, "a"), n = Param(template, seed, "n");
        // The exercise resumes the last unsolved variant of this template (another test's quiz may have left one).
        int earlier = StoredAttempts(browser.Factory!, template, seed);
        int rightAt = earlier + 2;
        string score = $"{Math.Max(0.5, 1 - 0.1 * (rightAt - 1)) * 100:0}%";

        var input = exercise.GetByLabel("Your answer", new() { Exact = false });
        await input.FillAsync($"{a * n}x^{n}");
        await exercise.Locator(".read-as .katex").WaitForAsync();
        await input.PressAsync("Enter");
        var wrong = exercise.Locator(".exercise-verdict.verdict-wrong");
        await wrong.WaitForAsync();
        var rule = wrong.Locator("li[data-rule=exponent-unchanged]");
        Assert.True(await rule.IsVisibleAsync());
        Assert.Contains("drops by one", await rule.TextContentAsync(), StringComparison.Ordinal);
        await exercise.ScrollIntoViewIfNeededAsync();
        await exercise.ScreenshotAsync(new LocatorScreenshotOptions { Path = BrowserPage.ScreenshotPath("exercise-feedback.png") });

        await input.FillAsync($"{a * n}x^{n - 1}");
        await input.PressAsync("Enter");
        var right = exercise.Locator(".exercise-verdict.verdict-right");
        await right.WaitForAsync();
        Assert.Contains($"Score {score} · attempt {rightAt}", await right.TextContentAsync(), StringComparison.Ordinal);
        await exercise.Locator(".exercise-standing", new() { HasTextString = $"right at try {rightAt}" }).WaitForAsync();

        await page.ReloadAsync();
        exercise = await ReadyExercise(page, template);
        Assert.Contains($"Last time: right at try {rightAt} (score {score})", await exercise.Locator(".exercise-standing").TextContentAsync(), StringComparison.Ordinal);
        tab.AssertNoConsoleErrors();
    }

    [BrowserFact]
    public async Task HintsTheSolutionAndTryAnotherWork()
    {
        await using var tab = await OpenAsync(browser, "/modules/multivariate/lessons/m2-gradient");
        var exercise = await ReadyExercise(tab.Page, "m2-gradient-poly");
        string? seed = await exercise.GetAttributeAsync("data-seed");

        var hint = exercise.GetByRole(AriaRole.Button, new() { Name = "Hint" });
        await hint.ClickAsync();
        await exercise.GetByText("Hint 1 of 2").WaitForAsync();
        await exercise.GetByRole(AriaRole.Button, new() { Name = "Next hint (2 of 2)" }).ClickAsync();
        await exercise.GetByText("Hint 2 of 2").WaitForAsync();
        Assert.True(await exercise.GetByRole(AriaRole.Button, new() { Name = "No more hints" }).IsDisabledAsync());

        await exercise.GetByRole(AriaRole.Button, new() { Name = "Show solution" }).ClickAsync();
        await exercise.GetByRole(AriaRole.Heading, new() { Name = "Worked solution" }).WaitForAsync();
        Assert.True(await exercise.Locator(".solution-body .katex").CountAsync() > 0);

        var input = exercise.GetByLabel("Your answer", new() { Exact = false });
        await input.FillAsync("[x, x]");
        await input.PressAsync("Enter");
        var verdict = exercise.Locator(".exercise-verdict.verdict-wrong");
        await verdict.WaitForAsync();
        Assert.Equal(2, await verdict.Locator(".verdict-entries td.entry-wrong").CountAsync());

        await exercise.GetByRole(AriaRole.Button, new() { Name = "Try another" }).ClickAsync();
        await tab.Page.WaitForFunctionAsync("s => document.querySelector('.nabla-exercise[data-template=\"m2-gradient-poly\"]').dataset.seed !== s", seed);
        Assert.Equal(0, await exercise.Locator(".exercise-hint").CountAsync());
        Assert.Equal(0, await exercise.Locator(".exercise-verdict").CountAsync());
        Assert.True(await exercise.GetByLabel("Your answer", new() { Exact = false }).IsVisibleAsync());
        tab.AssertNoConsoleErrors();
    }

    [BrowserFact]
    public async Task AMatchGraphShowsSmallPlotsWithTextAndIsAnsweredByKeyboard()
    {
        await using var tab = await OpenAsync(browser, "/modules/derivatives/lessons/m1-definition-of-the-derivative");
        var exercise = await ReadyExercise(tab.Page, "m1-match-derivative-cubic");
        Assert.Equal(4, await exercise.GetByRole(AriaRole.Radio).CountAsync());
        Assert.True(await exercise.Locator(".exercise-option-plot .main-svg").CountAsync() >= 4);
        Assert.Contains("crosses zero", await exercise.Locator(".exercise-function-plot .plot-summary").TextContentAsync(), StringComparison.Ordinal);
        await exercise.GetByRole(AriaRole.Radio, new() { Name = "Graph 2" }).FocusAsync();
        await tab.Page.Keyboard.PressAsync("Space");
        await tab.Page.Keyboard.PressAsync("Enter");
        await exercise.Locator(".exercise-verdict[data-state=right], .exercise-verdict[data-state=wrong]").WaitForAsync();
        tab.AssertNoConsoleErrors();
    }

    [BrowserFact]
    public async Task TheQuizSubmitsAndShowsPassOrFail()
    {
        await using var tab = await OpenAsync(browser, "/modules/derivatives/quiz");
        var page = tab.Page;
        await page.Locator("form.quiz[data-ready=true]").WaitForAsync();
        int questions = await page.Locator(".quiz-question").CountAsync();
        Assert.Equal(8, questions);
        await page.GetByRole(AriaRole.Group, new() { Name = "Question 1" }).GetByLabel("Your answer", new() { Exact = false }).FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the quiz" }).ClickAsync();
        var verdict = page.Locator(".quiz-verdict[data-passed=false]");
        await verdict.WaitForAsync();
        Assert.Contains("0 of 8 right", await verdict.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("not passed", await verdict.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator(".quiz-question .verdict-wrong").CountAsync());
        Assert.Equal(questions - 1, await page.Locator(".quiz-question .verdict-invalid").CountAsync());
        tab.AssertNoConsoleErrors();
    }

    [BrowserFact]
    public async Task TheReviewPageShowsTheQueueOrWhenNothingIsDue()
    {
        var progress = browser.Factory!.Services.GetRequiredService<ProgressService>();
        await using var tab = await OpenAsync(browser, "/review");
        var page = tab.Page;
        Assert.StartsWith("Review", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.True(await page.GetByText("Nothing due").IsVisibleAsync());

        progress.Write(s => s.SaveReview(ProgressService.LocalLearner, "m1-quotient-rule", new ReviewItem("m1-quotient-rule", DateTimeOffset.UtcNow.AddHours(-1), 0)));
        try
        {
            await page.ReloadAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "The quotient rule" }).WaitForAsync();
            await page.Locator(".review-item .nabla-exercise[data-ready=true]").WaitForAsync();
            Assert.True(await page.Locator(".review-item .exercise-input, .review-item input[type=radio]").CountAsync() > 0);
        }
        finally
        {
            progress.Write(s => s.SaveReview(ProgressService.LocalLearner, "m1-quotient-rule", null));
        }
        tab.AssertNoConsoleErrors();
    }
}
