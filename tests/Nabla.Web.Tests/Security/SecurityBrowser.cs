using Microsoft.Playwright;
using Nabla.Course.Content;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>Shared helpers of the security browser tests: the page list, CSP-violation and XSS probes.</summary>
internal static class SecurityBrowser
{
    public static readonly CourseContent Course = CourseLoader.Load(CourseLoader.Locate(null, RepositoryPaths.Root)!, drawVariants: false);

    /// <summary>Every page of the course (the crawl's list).</summary>
    public static IReadOnlyList<string> AllPages()
    {
        var paths = new List<string> { "/", "/review", "/workbench", "/sandpit", "/assignments", "/status/404" };
        paths.AddRange(Nabla.Course.Assignments.AssignmentCatalog.All.Select(a => $"/assignments/{a.Id}"));
        foreach (var module in Course.Modules)
        {
            paths.Add($"/modules/{module.Id}");
            if (module.Quiz is not null) paths.Add($"/modules/{module.Id}/quiz");
            paths.AddRange(module.Lessons.Select(l => $"/modules/{module.Id}/lessons/{l.Id}"));
        }
        return paths;
    }

    /// <summary>
    /// Installed before any page script: records every CSP violation event, and a trap that records any attempt to
    /// run an injected payload (every payload sets <c>window.__xss</c>).
    /// </summary>
    public const string InitScript = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} sample=${e.sample}`));
        """;

    /// <summary>A page with the probes installed.</summary>
    public static async Task<BrowserPage> ProbedPageAsync(BrowserFixture browser)
    {
        var tab = await browser.NewPageAsync();
        await tab.Page.AddInitScriptAsync(InitScript);
        return tab;
    }

    /// <summary>The CSP violations the current document saw.</summary>
    public static async Task<string[]> Violations(IPage page) => await page.EvaluateAsync<string[]>("() => window.__cspViolations || []");

    /// <summary>Waits until every widget and exercise placeholder mounted (or failed, which fails the test).</summary>
    public static async Task WaitForMounted(IPage page, string path)
    {
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.nabla-widget, .nabla-exercise')].every(e => e.dataset.ready === 'true' || e.classList.contains('widget-failed'))",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var failed = await page.Locator(".widget-failed").AllInnerTextsAsync();
        Assert.True(failed.Count == 0, $"{path}: {string.Join(" | ", failed)}");
    }
}
