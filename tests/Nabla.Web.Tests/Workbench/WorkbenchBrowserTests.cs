using Microsoft.Playwright;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Workbench;

/// <summary>The Workbench in a real browser: type a function, read its derivative with steps, see the plots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkbenchBrowserTests(BrowserFixture browser)
{
    // The later waves (stationary points, the minimiser) wait for the first; on a busy test machine that takes a while.
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task UseTheWorkbench()
    {
        await using var tab = await browser.NewPageAsync();
        var page = tab.Page;
        await page.GotoAsync("/workbench");
        Assert.Contains("Workbench", await page.TitleAsync(), StringComparison.Ordinal);
        await page.Locator("#workbench[data-ready=true]").WaitForAsync();

        // One variable: the derivative with rendered steps, and f and f' drawn.
        var input = page.GetByLabel("f =", new() { Exact = true });
        await input.FillAsync("x^2 cos(x)");
        await page.Locator("#wb-read .katex").WaitForAsync();
        await page.Locator("#wb-derivative .wb-steps .katex").First.WaitForAsync();
        await page.GetByText("product rule").First.WaitForAsync();
        await Assertions.Expect(page.Locator("#wb-derivative")).ToContainTextAsync("cos");
        await page.Locator("#wb-plot[data-kind=line] .main-svg").First.WaitForAsync();
        await Assertions.Expect(page.Locator("#wb-figure .plot-summary")).ToContainTextAsync("f(x) = x^2 cos(x)");
        await page.Locator("#wb-figure .plot-summary").Filter(new() { HasText = "Stationary points" }).WaitForAsync();

        // A typo shows where it is.
        await input.FillAsync("x^2 cos(x");
        await Assertions.Expect(page.Locator("#wb-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#wb-error .wb-caret")).ToContainTextAsync("^");

        // Roots, by keyboard: the tabs move with the arrow keys.
        await input.FillAsync("x^2 - 2");
        await Assertions.Expect(page.Locator("#wb-error")).ToBeHiddenAsync();
        await page.Locator("#wb-tab-derivative").FocusAsync();
        for (int i = 0; i < 3; i++) await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#wb-panel-roots")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#wb-roots")).ToContainTextAsync("1.414213562");

        // Two variables: contours with the stationary points marked, and the minimiser's path.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rosenbrock" }).ClickAsync();
        await page.Locator("#wb-plot[data-kind=contour]").WaitForAsync();
        await Assertions.Expect(page.Locator("#wb-tab-derivative")).ToHaveTextAsync("Gradient & Hessian");
        await Assertions.Expect(page.Locator("#wb-tab-roots")).ToBeHiddenAsync();
        await page.Locator("#wb-stationary table, #wb-stationary .wb-problem").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.True(await page.Locator("#wb-stationary table").CountAsync() == 1, "stationary points: " + await page.Locator("#wb-stationary").TextContentAsync());
        await Assertions.Expect(page.Locator("#wb-figure .plot-summary")).ToContainTextAsync("minimum at (1, 1)", Slow);
        await Assertions.Expect(page.Locator("#wb-figure .plot-summary")).ToContainTextAsync("The minimiser (bfgs) went from (-1.2, 1) to (1, 1)", Slow);
        await Assertions.Expect(page.Locator("#wb-plot")).Not.ToHaveAttributeAsync("data-markers", "0");
        await page.Locator("#wb-derivative .katex").First.WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Stationary points" }).ClickAsync();
        await Assertions.Expect(page.Locator("#wb-stationary")).ToContainTextAsync("minimum");

        // The Sandpit terrain: several stationary points.
        await page.GetByRole(AriaRole.Button, new() { Name = "the Sandpit terrain" }).ClickAsync();
        await Assertions.Expect(page.Locator("#wb-figure .plot-summary")).ToContainTextAsync("saddle", Slow);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Stationary points" }).ClickAsync();
        await Assertions.Expect(page.Locator("#wb-stationary")).ToContainTextAsync("saddle", Slow);
        await page.Locator("#wb-figure .plot-summary").Filter(new() { HasText = "The minimiser" }).WaitForAsync();
        await page.Locator("#wb-f").FocusAsync();
        await page.SetViewportSizeAsync(1280, 1180);
        await page.Locator("#wb-figure .plot-summary").Filter(new() { HasText = "The minimiser" }).WaitForAsync();
        await tab.ScreenshotAsync("workbench.png");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Gradient & Hessian" }).ClickAsync();
        await page.Locator("#wb-derivative .wb-steps .katex").First.WaitForAsync();
        tab.AssertNoConsoleErrors();
    }
}
