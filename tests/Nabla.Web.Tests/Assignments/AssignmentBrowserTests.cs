using Microsoft.Playwright;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Assignments;

/// <summary>The assignment pages in a real browser: the editor, "Run checks", results and plots.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssignmentBrowserTests(BrowserFixture browser)
{
    // Grading compiles with Roslyn and starts a grader process: seconds, tens of seconds on a loaded machine.
    private const float GradingTimeout = 120_000;

    private const string UnlabelledInputs = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter(e => !(e.closest('label') || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.title
                        || (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`))))
          .map(e => e.outerHTML.slice(0, 160))
        """;

    private static async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"{path}: HTTP {response?.Status}");
        await page.Locator("#assignment[data-ready=true]").WaitForAsync();
    }

    private static Task SetCodeAsync(IPage page, string code) =>
        page.EvaluateAsync("code => document.getElementById('assignment').CodeMirror.setValue(code)", code);

    [BrowserFact]
    public async Task Open_the_heights_assignment_paste_a_correct_solution_run_checks_and_see_100_percent_and_the_plot()
    {
        await using var tab = await browser.NewPageAsync();
        var page = tab.Page;
        await OpenAsync(page, "/assignments/heights");
        Assert.StartsWith("Fitting the distribution of heights", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Empty(await page.EvaluateAsync<string[]>(UnlabelledInputs));
        await page.Locator(".assignment-instructions .katex").First.WaitForAsync();
        // The editor starts from the starter file.
        string shown = await page.EvaluateAsync<string>("() => document.getElementById('assignment').CodeMirror.getValue()");
        Assert.Equal(AssignmentFiles.Starter("heights").ReplaceLineEndings("\n"), shown);

        await SetCodeAsync(page, AssignmentFiles.Reference("heights"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        var message = page.Locator("#result-message.result-passed");
        await message.WaitForAsync(new() { Timeout = GradingTimeout });
        Assert.Contains("100%", await message.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(4, await page.Locator("#checks tbody tr.check-passed").CountAsync());

        // The plots of this attempt: the descent path on the χ² contours and the fit over the histogram, each with a text alternative.
        var fit = page.Locator("#result-plots figure[data-plot=fit]");
        await fit.Locator(".main-svg").First.WaitForAsync();
        await page.Locator("#result-plots figure[data-plot=path] .contour").First.WaitForAsync();
        Assert.Contains("bars", await fit.Locator(".plot-summary").TextContentAsync(), StringComparison.Ordinal);
        // It became the best attempt: the status and history say so, and the best plots are drawn too.
        Assert.Contains("Passed", await page.Locator("#assignment-status").TextContentAsync(), StringComparison.Ordinal);
        await page.Locator("#best-plots figure[data-plot=fit] .main-svg").First.WaitForAsync();
        await tab.ScreenshotAsync("assignment-heights.png", fullPage: true);

        // Reloading redraws the best attempt's plots from what the server kept, and the editor holds the submitted file.
        await OpenAsync(page, "/assignments/heights");
        await page.Locator("#best-plots figure[data-plot=path] .main-svg").First.WaitForAsync();
        string kept = await page.EvaluateAsync<string>("() => document.getElementById('assignment').CodeMirror.getValue()");
        Assert.Contains("return f(x, mu, sig) * (x - mu) / (sig * sig);", kept, StringComparison.Ordinal);
        tab.AssertNoConsoleErrors();
    }

    [BrowserFact]
    public async Task A_compile_error_is_listed_with_line_and_column_and_marked_in_the_editor_and_reset_brings_the_starter_back()
    {
        await using var tab = await browser.NewPageAsync();
        var page = tab.Page;
        await OpenAsync(page, "/assignments/backprop");
        Assert.StartsWith("Backpropagation", await page.TitleAsync(), StringComparison.Ordinal);
        string starter = AssignmentFiles.Starter("backprop");
        var lines = starter.ReplaceLineEndings("\n").Split('\n');
        int target = Array.FindIndex(lines, l => l.TrimEnd().EndsWith(';') && l.Contains("return", StringComparison.Ordinal));
        lines[target] = lines[target].TrimEnd().TrimEnd(';');
        await SetCodeAsync(page, string.Join('\n', lines));

        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.Locator("#result-message.result-error").WaitForAsync(new() { Timeout = GradingTimeout });
        var jump = page.Locator("#diagnostics .diagnostic-error button").First;
        Assert.Equal($"line {target + 1}, column {lines[target].Length + 1}", await jump.TextContentAsync());
        Assert.Contains("CS1002", await page.Locator("#diagnostics").TextContentAsync(), StringComparison.Ordinal);
        // The line is highlighted in the editor.
        Assert.Equal(1, await page.Locator(".CodeMirror .cm-lab-error-line").CountAsync());
        await jump.ClickAsync();
        int cursorLine = await page.EvaluateAsync<int>("() => document.getElementById('assignment').CodeMirror.getCursor().line");
        Assert.Equal(target, cursorLine);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset to starter" }).ClickAsync();
        string now = await page.EvaluateAsync<string>("() => document.getElementById('assignment').CodeMirror.getValue()");
        Assert.Equal(starter.ReplaceLineEndings("\n"), now);
        Assert.Equal(0, await page.Locator(".CodeMirror .cm-lab-error-line").CountAsync());
        tab.AssertNoConsoleErrors();
    }

    [BrowserFact]
    public async Task The_list_page_links_both_assignments()
    {
        await using var tab = await browser.NewPageAsync();
        var page = tab.Page;
        await page.GotoAsync("/assignments");
        Assert.StartsWith("Programming assignments", await page.TitleAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Fitting the distribution of heights" }).ClickAsync();
        await page.Locator("#assignment[data-ready=true]").WaitForAsync();
        tab.AssertNoConsoleErrors();
    }
}
