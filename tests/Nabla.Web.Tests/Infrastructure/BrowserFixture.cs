using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Nabla.Web.Tests.Infrastructure;

/// <summary>
/// A browser test: runs when Debian's Chromium is installed, and is reported skipped with the reason when it is
/// not — unless <c>NABLA_REQUIRE_BROWSER=1</c> (set by <c>.ci/run</c>), where a missing browser fails the test
/// instead of hiding it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Skips the test when no browser is available and browsers are not required.</summary>
    public BrowserFactAttribute()
    {
        if (!BrowserFixture.BrowserAvailable && !BrowserFixture.BrowserRequired)
            Skip = $"browser tests need Chromium at {BrowserFixture.ChromiumPath} (apt-get install chromium); skipped because it is absent";
    }
}

/// <summary>The collection that shares one server and one browser between browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "browser";
}

/// <summary>
/// One real Kestrel server on 127.0.0.1 (a random free port) with a fresh progress file, and one headless Chromium
/// driven by Playwright. Pages record console errors and failed requests so tests can assert there are none.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Whether the browser is installed.</summary>
    public static bool BrowserAvailable => File.Exists(ChromiumPath);

    /// <summary>Whether a missing browser must fail the tests (CI).</summary>
    public static bool BrowserRequired => Environment.GetEnvironmentVariable("NABLA_REQUIRE_BROWSER") == "1";

    private IPlaywright? playwright;

    /// <summary>The hosted app (null when no browser is available).</summary>
    public NablaWebFactory? Factory { get; private set; }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!BrowserAvailable && !BrowserRequired) return;
        Factory = new NablaWebFactory();
        Factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>() ?? throw new InvalidOperationException("the server reports no address");
        BaseUrl = addresses.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A new page (its own context, 1280×900) that records console errors and failed requests.</summary>
    public async Task<BrowserPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var result = new BrowserPage(context, page);
        page.Console += (_, message) => { if (message.Type == "error") result.ConsoleErrors.Add(message.Text); };
        page.PageError += (_, error) => result.ConsoleErrors.Add(error);
        page.RequestFailed += (_, request) => { if (request.Failure is not "net::ERR_ABORTED") result.ConsoleErrors.Add($"request failed: {request.Url} {request.Failure}"); };
        return result;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        Factory?.Dispose();
    }
}

/// <summary>A page and what it logged.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// <summary>The page.</summary>
    public IPage Page { get; } = page;

    /// <summary>Console errors, uncaught exceptions and failed requests seen so far.</summary>
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Asserts the page logged no error.</summary>
    public void AssertNoConsoleErrors() => Assert.True(ConsoleErrors.Count == 0, "console errors: " + string.Join(" | ", ConsoleErrors));

    /// <summary>
    /// Takes a screenshot for the README: into the repository's docs/images when <c>NABLA_UPDATE_SCREENSHOTS=1</c>,
    /// else into the test output folder (so an ordinary test run leaves the working tree clean — PNG bytes differ
    /// from run to run).
    /// </summary>
    public async Task ScreenshotAsync(string fileName, bool fullPage = false)
    {
        string path = ScreenshotPath(fileName);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
    }

    /// <summary>Where a README screenshot goes (see <see cref="ScreenshotAsync"/>); the folder exists.</summary>
    public static string ScreenshotPath(string fileName)
    {
        bool update = Environment.GetEnvironmentVariable("NABLA_UPDATE_SCREENSHOTS") == "1";
        string folder = update ? Path.Combine(RepositoryPaths.Root, "docs", "images") : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

/// <summary>Paths in the repository.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Nabla.slnx.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Nabla.slnx not found above " + AppContext.BaseDirectory);
    }
}
