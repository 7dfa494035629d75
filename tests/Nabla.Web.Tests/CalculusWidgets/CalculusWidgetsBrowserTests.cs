using Microsoft.Playwright;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.CalculusWidgets;

/// <summary>
/// The calculus widgets in a real browser: lessons of modules 1 and 2 render their math and every widget they
/// declare (a Plotly plot, data-ready=true), the secant slider drags towards 0 and fills the rise/run table, and
/// the page logs no console error.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalculusWidgetsBrowserTests(BrowserFixture browser)
{
    private const string Module1 = "/modules/derivatives/lessons/";
    private const string Module2 = "/modules/multivariate/lessons/";

    /// <summary>
    /// Until the exercise component (another area of issue 10) is merged, /js/exercise.js is absent and the practice
    /// placeholders log its failed import; those messages only are set aside, and only while the file is missing.
    /// </summary>
    private static async Task<List<string>> ErrorsOf(BrowserPage tab)
    {
        var response = await tab.Page.APIRequest.GetAsync("/js/exercise.js");
        if (response.Ok) return tab.ConsoleErrors;
        return tab.ConsoleErrors.Where(e => !e.Contains("exercise", StringComparison.OrdinalIgnoreCase)
                                             && !e.Contains("dynamically imported module", StringComparison.Ordinal)
                                             && !e.Contains("status of 404", StringComparison.Ordinal)).ToList();
    }

    private static async Task AssertNoErrors(BrowserPage tab)
    {
        var errors = await ErrorsOf(tab);
        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }

    private static async Task<ILocator> ReadyWidget(IPage page, string name, int index = 0)
    {
        var widget = page.Locator($".nabla-widget[data-widget=\"{name}\"]").Nth(index);
        await widget.Locator(".main-svg").First.WaitForAsync();
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-ready", "true");
        Assert.False(string.IsNullOrWhiteSpace(await widget.Locator(".plot-summary").First.TextContentAsync()), $"{name} has no text alternative");
        return widget;
    }

    private static async Task OpenLesson(BrowserPage tab, string path, params string[] widgets)
    {
        await tab.Page.GotoAsync(path);
        await tab.Page.Locator(".lesson .katex").First.WaitForAsync();
        foreach (string name in widgets.Distinct())
        {
            int count = await tab.Page.Locator($".nabla-widget[data-widget=\"{name}\"]").CountAsync();
            Assert.True(count > 0, $"{path} declares no {name} widget");
            for (int i = 0; i < count; i++) await ReadyWidget(tab.Page, name, i);
        }
    }

    [BrowserFact]
    public async Task RiseOverRunDrawsTheSecantAndFillsTheTableAsHShrinks()
    {
        await using var tab = await browser.NewPageAsync();
        await OpenLesson(tab, Module1 + "m1-rise-over-run", "secant-tangent", "derivative-plot");
        var widget = tab.Page.Locator(".nabla-widget[data-widget=\"secant-tangent\"]");
        var slider = widget.GetByLabel("Run h (drag left towards 0)");
        var rows = widget.Locator("table.calc-table tbody tr");
        Assert.Equal(1, await rows.CountAsync()); // h = 1 only
        Assert.Contains("secant slope 3 at h = 1", await widget.Locator(".calc-readout").TextContentAsync(), StringComparison.Ordinal);

        // Ten steps left: h = 0.1, the table has the rows for h = 1, 0.316 and 0.1 (f = x², x0 = 1: slope 2 + h).
        await slider.FocusAsync();
        for (int i = 0; i < 10; i++) await tab.Page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        Assert.Contains("2.1", await rows.Nth(2).TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("h = 0.1", await widget.Locator(".plot-summary").TextContentAsync(), StringComparison.Ordinal);
        await widget.ScrollIntoViewIfNeededAsync();
        await tab.Page.EvaluateAsync("() => document.querySelector('.nabla-widget[data-widget=\"secant-tangent\"]').scrollIntoView({ block: 'center' })");
        await tab.ScreenshotAsync("lesson.png");

        // Drag the thumb all the way left (h → 0): the table ends with the limit, f'(1) = 2.
        var box = (await slider.BoundingBoxAsync())!;
        await tab.Page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height / 2);
        await tab.Page.Mouse.DownAsync();
        await tab.Page.Mouse.MoveAsync(box.X - 20, box.Y + box.Height / 2, new MouseMoveOptions { Steps = 8 });
        await tab.Page.Mouse.UpAsync();
        Assert.Equal("0", await slider.InputValueAsync());
        await Assertions.Expect(rows).ToHaveCountAsync(8);
        Assert.Contains("= f′(1)", await rows.Last.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("2", await rows.Last.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("tangent", await widget.Locator(".calc-readout").TextContentAsync(), StringComparison.Ordinal);

        // The derivative plot's point moves with its slider and reports the slope there (f = x³ − 3x, f′ = 3x² − 3).
        var derivative = tab.Page.Locator(".nabla-widget[data-widget=\"derivative-plot\"]");
        var point = derivative.GetByLabel("Point on f at x");
        await point.FillAsync("150");
        Assert.Contains("At x = 0: f(x) = 0, tangent slope f′(x) = -3", await derivative.Locator(".calc-readout").TextContentAsync(), StringComparison.Ordinal);
        await AssertNoErrors(tab);
    }

    [BrowserFact]
    public async Task TheModuleOneLessonsDrawTheirPlotsAndTheMatchingGame()
    {
        await using var tab = await browser.NewPageAsync();
        await OpenLesson(tab, Module1 + "m1-functions-and-graphs", "function-plot");
        await OpenLesson(tab, Module1 + "m1-definition-of-the-derivative", "secant-tangent", "match-derivative");
        var game = tab.Page.Locator(".nabla-widget[data-widget=\"match-derivative\"]");
        Assert.Equal(4, await game.Locator("input[type=radio]").CountAsync());
        Assert.Equal(5, await game.Locator(".calc-plot.js-plotly-plot").CountAsync()); // f and four candidates
        await game.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        Assert.Contains("Pick one", await game.Locator(".calc-feedback").TextContentAsync(), StringComparison.Ordinal);
        // Try every graph until the right one: feedback each time, and the right one reveals every formula.
        int labels = await game.Locator("input[type=radio]").CountAsync();
        for (int i = 0; i < labels; i++)
        {
            await game.Locator("input[type=radio]").Nth(i).CheckAsync();
            await game.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
            if (await game.Locator(".calc-feedback.calc-good").CountAsync() > 0) break;
            Assert.False(string.IsNullOrWhiteSpace(await game.Locator(".calc-feedback").TextContentAsync()));
        }
        Assert.Contains("Right", await game.Locator(".calc-feedback").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(4, await game.Locator(".calc-reveal .katex").CountAsync());
        await AssertNoErrors(tab);
        await OpenLesson(tab, Module1 + "m1-special-functions", "derivative-plot", "function-plot");
        await OpenLesson(tab, Module1 + "m1-putting-the-rules-together", "derivative-plot", "function-plot");
        await AssertNoErrors(tab);
    }

    [BrowserFact]
    public async Task TheHessianLessonClassifiesTheSaddleAndReactsToThePoint()
    {
        await using var tab = await browser.NewPageAsync();
        await OpenLesson(tab, Module2 + "m2-hessian", "surface", "contour-gradient", "hessian");
        var hessian = tab.Page.Locator(".nabla-widget[data-widget=\"hessian\"]");
        var verdict = hessian.Locator(".calc-verdict");
        Assert.Contains("saddle", await verdict.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await hessian.Locator(".calc-formulas .katex").CountAsync() >= 2);
        await hessian.GetByLabel("Point x").FocusAsync();
        for (int i = 0; i < 5; i++) await tab.Page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(verdict).ToContainTextAsync("not a stationary point");
        await hessian.GetByRole(AriaRole.Button, new() { Name = "Go to the saddle at (0, 0)" }).ClickAsync();
        await Assertions.Expect(verdict).ToContainTextAsync("a saddle point");

        // The gradient map: clicking places the point and reads ∇f there.
        var contour = tab.Page.Locator(".nabla-widget[data-widget=\"contour-gradient\"]");
        string before = await contour.Locator(".calc-readout").TextContentAsync() ?? "";
        var plot = contour.Locator(".calc-plot .nsewdrag").First;
        await plot.ScrollIntoViewIfNeededAsync();
        var box = (await plot.BoundingBoxAsync())!;
        await tab.Page.Mouse.ClickAsync(box.X + box.Width * 0.3f, box.Y + box.Height * 0.4f);
        await Assertions.Expect(contour.Locator(".calc-readout")).Not.ToHaveTextAsync(before);
        Assert.Contains("∇f = (", await contour.Locator(".calc-readout").TextContentAsync(), StringComparison.Ordinal);

        // The surface's slices follow the sliders; the 3D view needs WebGL, else the heat map stays with a message.
        var surface = tab.Page.Locator(".nabla-widget[data-widget=\"surface\"]");
        await surface.GetByLabel("x₀ (slice x = x₀)").FillAsync("20");
        Assert.Contains("At (0,", await surface.Locator(".calc-readout").TextContentAsync(), StringComparison.Ordinal);
        await surface.GetByRole(AriaRole.Button, new() { Name = "3D surface" }).ClickAsync();
        await surface.Locator(".main-svg").First.WaitForAsync();
        bool fellBack = await surface.Locator(".calc-note").IsVisibleAsync();
        Assert.Equal(fellBack ? "true" : "false", await surface.GetByRole(AriaRole.Button, new() { Name = "Heat map" }).GetAttributeAsync("aria-pressed"));
        await AssertNoErrors(tab);
    }

    [BrowserFact]
    public async Task TheOtherModuleTwoLessonsDrawTheirWidgets()
    {
        await using var tab = await browser.NewPageAsync();
        await OpenLesson(tab, Module2 + "m2-partial-derivatives", "surface");
        await OpenLesson(tab, Module2 + "m2-total-derivative", "function-plot");
        await OpenLesson(tab, Module2 + "m2-gradient", "contour-gradient");
        await OpenLesson(tab, Module2 + "m2-jacobian-matrix", "jacobian-field");
        var jacobian = tab.Page.Locator(".nabla-widget[data-widget=\"jacobian-field\"]");
        Assert.Contains("determinant 5", await jacobian.Locator(".plot-summary").TextContentAsync(), StringComparison.Ordinal); // (1, 0.5): J = [[2, -1], [1, 2]]
        await jacobian.GetByLabel("Point x").FillAsync("0");
        await Assertions.Expect(jacobian.Locator(".plot-summary")).ToContainTextAsync("At (0, 0.5)");
        Assert.Contains("determinant 1", await jacobian.Locator(".plot-summary").TextContentAsync(), StringComparison.Ordinal); // J = [[0, -1], [1, 0]]
        await AssertNoErrors(tab);
    }
}
