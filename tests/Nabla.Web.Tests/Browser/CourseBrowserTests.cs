using Microsoft.Playwright;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Browser;

/// <summary>The course pages in a real browser: home, a module, a lesson with rendered math.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CourseBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task TheHomePageListsSixModulesWithProgress()
    {
        await using var tab = await browser.NewPageAsync();
        await tab.Page.GotoAsync("/");
        Assert.Contains("Nabla", await tab.Page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal(6, await tab.Page.Locator(".module-card").CountAsync());
        Assert.Equal(6, await tab.Page.Locator("progress").CountAsync());
        tab.AssertNoConsoleErrors();
    }
}
