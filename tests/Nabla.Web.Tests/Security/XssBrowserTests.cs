using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nabla.Web.Hosting;
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

        // The saved file comes back inside the page's JSON data block: "</script>" in it must not end that block.
        await page.ReloadAsync();
        await page.Locator(".CodeMirror").WaitForAsync();
        await page.WaitForTimeoutAsync(300);
        await AssertInert(page, path + " (reloaded)");
        Assert.Contains("</script><script>window.__xss=1</script>", await page.EvaluateAsync<string>("() => document.querySelector('.CodeMirror').CodeMirror.getValue()"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task HostedDisplayNamesAndClassNamesStayText()
    {
        // Hosted mode on its own Kestrel server: an instructor whose display name and class name are payloads, and a
        // learner (also a payload name) who joins the class; every page that shows these names stays inert.
        using var hosted = new HostedWebFactory(null, new Dictionary<string, string?>());
        hosted.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        hosted.StartServer();
        var addresses = hosted.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        string baseUrl = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        string payloadName = "<img src=x onerror=window.__xss=1>\"><svg onload=window.__xss=1>";
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, BypassCSP = true });
        await using var _ = context;
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        // An instructor whose display name is a payload.
        string instructorEmail = $"teacher-{Guid.NewGuid():N}@example.org";
        await hosted.CreateUser(instructorEmail, HostedWebFactory.DefaultPassword, Roles.Instructor);
        using (var scope = hosted.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
            var user = (await users.FindByEmailAsync(instructorEmail))!;
            user.DisplayName = payloadName;
            await users.UpdateAsync(user);
        }
        await SignIn(page, instructorEmail);
        await page.GotoAsync("/classes");
        await page.GetByLabel("New class name").FillAsync("</script><script>window.__xss=1</script>" + payloadName[..40]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create class" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await AssertInert(page, "/classes (instructor)");
        Assert.Contains("window.__xss=1", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        string code;
        using (var scope = hosted.Services.CreateScope())
            code = (await scope.ServiceProvider.GetRequiredService<HostedDb>().Classes.FirstAsync()).JoinCode;

        // A learner with a payload name joins; the instructor's class list shows the learner's name.
        var learnerContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, BypassCSP = true });
        await using var __ = learnerContext;
        var learnerPage = await learnerContext.NewPageAsync();
        await Register(learnerPage, $"learner-{Guid.NewGuid():N}@example.org", payloadName);
        await learnerPage.GotoAsync("/classes");
        await learnerPage.GetByLabel("Join code").FillAsync(code);
        await learnerPage.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await learnerPage.WaitForLoadStateAsync();
        foreach (string path in new[] { "/classes", "/", "/workbench" })
        {
            await learnerPage.GotoAsync(path);
            await AssertInert(learnerPage, path + " (learner)");
        }
        await page.GotoAsync("/classes");
        await AssertInert(page, "/classes (instructor, with the learner)");
        Assert.Contains("onerror=window.__xss=1", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static async Task Register(IPage page, string email, string name)
    {
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Your name").FillAsync(name);
        await page.Locator("#password").FillAsync(HostedWebFactory.DefaultPassword);
        await page.Locator("#confirm").FillAsync(HostedWebFactory.DefaultPassword);
        await page.Locator("form button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/register", StringComparison.Ordinal));
        await AssertInert(page, "after registering " + email);
    }

    private static async Task SignIn(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.Locator("input[type=password]").FillAsync(HostedWebFactory.DefaultPassword);
        await page.Locator("form button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }
}
