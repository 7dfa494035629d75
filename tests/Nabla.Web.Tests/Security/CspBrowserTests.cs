using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>
/// The Content-Security-Policy (no inline script) breaks nothing: every page of the course, with its widgets and
/// exercises mounted and its math typeset, raises no <c>securitypolicyviolation</c> event and no console error.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CspBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task EveryPageWorksUnderTheContentSecurityPolicyWithoutAViolation()
    {
        await using var tab = await SecurityBrowser.ProbedPageAsync(browser);
        var problems = new List<string>();
        foreach (string path in SecurityBrowser.AllPages())
        {
            var response = await tab.Page.GotoAsync(path);
            Assert.NotNull(response);
            string? csp = await response.HeaderValueAsync("content-security-policy");
            Assert.True(csp is not null && csp.Contains("script-src 'self'", StringComparison.Ordinal), $"{path}: no CSP header");
            await SecurityBrowser.WaitForMounted(tab.Page, path);
            // Plotly loads on demand and injects its styles when it first draws: give late work a moment.
            await tab.Page.WaitForTimeoutAsync(150);
            problems.AddRange((await SecurityBrowser.Violations(tab.Page)).Select(v => $"{path}: {v}"));
        }
        problems.AddRange(tab.ConsoleErrors);
        Assert.True(problems.Count == 0, "CSP violations or console errors:\n" + string.Join("\n", problems.Distinct().Take(40)));
    }

    [BrowserFact]
    public async Task AnInlineScriptIsBlockedByThePolicy()
    {
        // The policy is enforced, not just sent: a document that tries inline script gets a violation and the
        // script does not run (checked by adding one through the DOM, as an injected payload would).
        await using var tab = await SecurityBrowser.ProbedPageAsync(browser);
        await tab.Page.GotoAsync("/");
        await tab.Page.EvaluateAsync("""
            () => { const s = document.createElement('script'); s.textContent = 'window.__xss = 1'; document.body.appendChild(s); }
            """);
        await tab.Page.WaitForTimeoutAsync(100);
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__xss === undefined"), "an inline script ran");
        Assert.Contains(await SecurityBrowser.Violations(tab.Page), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }
}
