using System.Text.Json;
using Microsoft.Playwright;
using Nabla.Course.Content;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Browser;

/// <summary>
/// Every page of the course in a real browser, with the Lighthouse-style basics: a title, every input labelled,
/// no console error or failed request, every widget and exercise mounted; and one lesson per module with rendered
/// math and a drawn widget.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PagesBrowserTests(BrowserFixture browser)
{
    private static readonly CourseContent Course = CourseLoader.Load(CourseLoader.Locate(null, RepositoryPaths.Root)!, drawVariants: false);

    /// <summary>Inputs with no accessible name: no label[for], no wrapping label, no aria-label(ledby), no title.</summary>
    private const string UnlabelledInputs = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter(e => !(e.closest('label') || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.title
                        || (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`))))
          .map(e => e.outerHTML.slice(0, 160))
        """;

    private static async Task AssertBasics(BrowserPage tab, string path)
    {
        string title = await tab.Page.TitleAsync();
        Assert.False(string.IsNullOrWhiteSpace(title), $"{path}: no title");
        var unlabelled = await tab.Page.EvaluateAsync<string[]>(UnlabelledInputs);
        Assert.True(unlabelled.Length == 0, $"{path}: unlabelled inputs: {string.Join(" | ", unlabelled)}");
        Assert.True(tab.ConsoleErrors.Count == 0, $"{path}: console errors: {string.Join(" | ", tab.ConsoleErrors)}");
    }

    private static async Task WaitForMounted(IPage page, string path)
    {
        // Every placeholder must finish mounting (data-ready) or show its failure; a failure fails the test.
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.nabla-widget, .nabla-exercise')].every(e => e.dataset.ready === 'true' || e.classList.contains('widget-failed'))",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var failed = await page.Locator(".widget-failed").AllInnerTextsAsync();
        Assert.True(failed.Count == 0, $"{path}: {string.Join(" | ", failed)}");
    }

    [BrowserFact]
    public async Task HomeShowsSixModulesAndIsSavedForTheReadme()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.Page.GotoAsync("/");
        Assert.Equal(6, await tab.Page.Locator(".module-card").CountAsync());
        await AssertBasics(tab, "/");
        await tab.ScreenshotAsync("home.png");
    }

    [BrowserFact]
    public async Task ALessonOfEachModuleShowsRenderedMathAndADrawnWidget()
    {
        await using var tab = await browser.NewPageAsync();
        foreach (var module in Course.Modules)
        {
            var lesson = module.Lessons.First(l => l.Directives.Any(d => d.Kind == "widget"));
            string path = $"/modules/{module.Id}/lessons/{lesson.Id}";
            await tab.Page.GotoAsync(path);
            await tab.Page.Locator(".katex").First.WaitForAsync();
            await WaitForMounted(tab.Page, path);
            var widget = tab.Page.Locator(".nabla-widget[data-ready=true]").First;
            Assert.True(await widget.Locator("svg, canvas").CountAsync() > 0, $"{path}: the widget drew nothing");
            await AssertBasics(tab, path);
        }
    }

    [BrowserFact]
    public async Task EveryPageHasATitleLabelledInputsAndNoConsoleErrors()
    {
        var paths = new List<string> { "/", "/review", "/workbench", "/sandpit", "/assignments" };
        paths.AddRange(Nabla.Course.Assignments.AssignmentCatalog.All.Select(a => $"/assignments/{a.Id}"));
        foreach (var module in Course.Modules)
        {
            paths.Add($"/modules/{module.Id}");
            if (module.Quiz is not null) paths.Add($"/modules/{module.Id}/quiz");
            paths.AddRange(module.Lessons.Select(l => $"/modules/{module.Id}/lessons/{l.Id}"));
        }
        await using var tab = await browser.NewPageAsync();
        foreach (string path in paths)
        {
            var response = await tab.Page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path}: HTTP {response?.Status}");
            await WaitForMounted(tab.Page, path);
            await AssertBasics(tab, path);
        }
    }
}
