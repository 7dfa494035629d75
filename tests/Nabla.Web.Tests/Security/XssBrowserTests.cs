using Microsoft.Playwright;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>
/// Learner input is never rendered as HTML: every text input of the pages a learner types into (exercise answers and
/// their live "read as" preview, the quiz, the workbench, widget inputs, the Sandpit, an assignment's code and its
/// compiler output) gets classic XSS payloads, is submitted, and Chromium shows no payload ran and no payload markup
/// became DOM. The browser context bypasses the CSP on purpose: the page code's encoding is tested on its own, not
/// hidden behind the policy (defence in depth; <see cref="CspBrowserTests"/> tests the policy).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class XssBrowserTests(BrowserFixture browser)
{
    public static readonly string[] Payloads =
    [
        "<img src=x onerror=window.__xss=1>",
        "</script><script>window.__xss=1</script>",
        "\"><svg onload=window.__xss=1>",
        "\\href{javascript:window.__xss=1}{x}",
        "$\\href{javascript:window.__xss=1}{x}$ <b id=xssbold>b</b>",
    ];

    /// <summary>Payload markup that must never become elements (the page's own scripts all have a src or are JSON data).</summary>
    private const string Injected = """
        () => ({
          ran: window.__xss !== undefined,
          nodes: [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:" i], #xssbold, script:not([src]):not([type="application/json"])')]
            .map(e => e.outerHTML.slice(0, 120)),
        })
        """;

    private sealed class Probe
    {
        public bool Ran { get; set; }

        public string[] Nodes { get; set; } = [];
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, BypassCSP = true });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // A payload could also run on a dialog; none may open.
        page.Dialog += (_, dialog) => throw new Xunit.Sdk.XunitException("a dialog opened: " + dialog.Message);
        return (context, page);
    }

    private static async Task AssertInert(IPage page, string where)
    {
        var probe = await page.EvaluateAsync<Probe>(Injected);
        Assert.False(probe.Ran, $"{where}: a payload ran");
        Assert.True(probe.Nodes.Length == 0, $"{where}: payload markup became elements: {string.Join(" | ", probe.Nodes)}");
    }

    /// <summary>Types each payload into every text input of <paramref name="path"/>, submits, and checks nothing ran.</summary>
    private async Task TypeIntoEveryInput(string path, string? submitButton = null, string? prepare = null)
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.GotoAsync(path);
        await SecurityBrowser.WaitForMounted(page, path);
        if (prepare is not null) await page.EvaluateAsync(prepare);
        var inputs = page.Locator("main input[type=text]:visible, main input:not([type]):visible, main textarea:visible");
        int count = await inputs.CountAsync();
        Assert.True(count > 0, $"{path}: no text input found");
        foreach (string payload in Payloads)
        {
            for (int i = 0; i < count; i++)
            {
                var input = inputs.Nth(i);
                if (!await input.IsEditableAsync()) continue;
                await input.FillAsync(payload);
                string held = await input.InputValueAsync();
                Assert.True(held.Length > 0 && payload.StartsWith(held, StringComparison.Ordinal), $"{path}: the input holds {held}"); // as text (maxlength may cut it)
                await input.PressAsync("Enter");
            }
            if (submitButton is not null)
                foreach (var button in await page.GetByRole(AriaRole.Button, new() { Name = submitButton }).AllAsync())
                    if (await button.IsVisibleAsync() && await button.IsEnabledAsync()) await button.ClickAsync();
            // Live previews are debounced: let them answer.
            await page.WaitForTimeoutAsync(700);
            await AssertInert(page, $"{path} with {payload}");
        }
    }

    [BrowserFact]
    public async Task ExerciseAnswersAndTheirReadAsPreviewStayText()
    {
        var lessons = SecurityBrowser.Course.Modules
            .Select(m => (m, l: m.Lessons.FirstOrDefault(l => l.Directives.Any(d => d.Kind == "exercise"))))
            .Where(x => x.l is not null).Take(2).ToList();
        Assert.NotEmpty(lessons);
        foreach (var (module, lesson) in lessons)
            await TypeIntoEveryInput($"/modules/{module.Id}/lessons/{lesson!.Id}", "Check");
    }

    [BrowserFact]
    public async Task WorkbenchExpressionsStayText()
    {
        await TypeIntoEveryInput("/workbench");
        // The expression also arrives in the address (?f=): the server encodes it into the input's value.
        foreach (string payload in Payloads)
        {
            var (context, page) = await OpenAsync();
            await using var _ = context;
            await page.GotoAsync("/workbench?f=" + Uri.EscapeDataString(payload));
            await page.Locator("#wb-f").WaitForAsync();
            Assert.Equal(payload, await page.Locator("#wb-f").InputValueAsync());
            await page.WaitForTimeoutAsync(500);
            await AssertInert(page, "/workbench?f=" + payload);
        }
    }

    [BrowserFact]
    public async Task WidgetInputsStayText()
    {
        var lesson = SecurityBrowser.Course.Modules.SelectMany(m => m.Lessons.Select(l => (m, l)))
            .First(x => x.l.Directives.Any(d => d.Kind == "widget" && d.Name == "function-plot"));
        await TypeIntoEveryInput($"/modules/{lesson.m.Id}/lessons/{lesson.l.Id}");
    }

    [BrowserFact]
    public async Task QuizAnswersStayText()
    {
        var module = SecurityBrowser.Course.Modules.First(m => m.Quiz is not null);
        await TypeIntoEveryInput($"/modules/{module.Id}/quiz", "Submit the quiz");
    }

    [BrowserFact]
    public async Task SandpitInputsStayText()
    {
        await TypeIntoEveryInput("/sandpit", prepare: """
            async () => {
              for (let i = 0; i < 100 && !document.querySelector('.sandpit-rule select'); i++) await new Promise(r => setTimeout(r, 100));
              const select = document.querySelector('.sandpit-rule select');
              select.value = 'custom';
              select.dispatchEvent(new Event('change', { bubbles: true }));
              // The rule box shows in descent mode; show it directly (its own change handler hides it otherwise).
              select.closest('.sandpit-rule').hidden = false;
              document.querySelector('.sandpit-custom').hidden = false;
            }
            """);
    }

    [BrowserFact]
    public async Task AssignmentCodeAndItsCompilerOutputStayText()
    {
        var assignment = Nabla.Course.Assignments.AssignmentCatalog.All.First();
        string path = $"/assignments/{assignment.Id}";
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.GotoAsync(path);
        await page.Locator(".CodeMirror").WaitForAsync();
        // A file that does not compile, whose errors quote the payloads back.
        string code = string.Join("\n", Payloads.Select((p, i) => $"class X{i} {{ {p} }}"));
        await page.EvaluateAsync("code => document.querySelector('.CodeMirror').CodeMirror.setValue(code)", code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.body.innerText.includes('error CS')", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        await AssertInert(page, path);
        // The editor shows the code as text too.
        Assert.Contains("onerror=window.__xss=1", await page.Locator(".CodeMirror").InnerTextAsync(), StringComparison.Ordinal);
    }
}
