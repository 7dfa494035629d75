using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Hosting;

/// <summary>
/// Two web instances over one database behave as one site: both start (and migrate) at once, an account registered
/// and signed in on A is signed in on B with the same cookie, an antiforgery token A issued is valid on B, an answer
/// recorded through A is visible through B, and data protected by one is readable by the other (the Sandpit's
/// sealed rounds, reset tokens). Nothing that matters lives in one instance's memory.
/// </summary>
public sealed class TwoHostTests
{
    [Fact]
    public async Task TwoInstancesOverOneSqliteFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"nabla-two-hosts-{Guid.NewGuid():N}");
        try
        {
            await TwoInstances(HostedDatabase.Sqlite(Path.Combine(dir, "shared.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [PostgresFact]
    public async Task TwoInstancesOverOnePostgresDatabase()
    {
        using var database = PostgresDatabase.CreateFresh();
        await TwoInstances(HostedDatabase.Postgres(database));
    }

    private static async Task TwoInstances(HostedDatabase database)
    {
        using var a = new HostedWebFactory(database);
        using var b = new HostedWebFactory(database);
        // Both start together: each migrates under the start-up lock, so one applies the migrations and makes the key.
        await Task.WhenAll(Task.Run(() => a.Services), Task.Run(() => b.Services));

        var cookies = new CookieContainer();
        using var onA = a.CreateClientWith(cookies);
        using var onB = b.CreateClientWith(cookies);
        var registered = await HostedWebFactory.PostForm(onA, "/account/register", new()
        {
            ["Email"] = "ada@example.org", ["DisplayName"] = "Ada", ["Password"] = "two instances one site", ["ConfirmPassword"] = "two instances one site",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        // The cookie A set is B's too.
        var page = await onB.GetAsync("/review");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("ada@example.org", await page.Content.ReadAsStringAsync());

        // A's antiforgery token, sent to B with an answer; the answer is then visible through A (and the other way).
        await HostedWebFactory.SetApiToken(onA);
        foreach (var header in onA.DefaultRequestHeaders) onB.DefaultRequestHeaders.Add(header.Key, header.Value);
        await HostedFlowTests.Answer(onB, 1005);
        Assert.Equal(1, await HostedFlowTests.Attempts(onA));
        await HostedFlowTests.Answer(onA, 1005);
        Assert.Equal(2, await HostedFlowTests.Attempts(onB));

        // Data Protection: one key ring for both (the Sandpit's sealed rounds, reset tokens).
        var sealedOnA = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Nabla.Sandpit.Round.v1").Protect("round 7");
        Assert.Equal("round 7", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Nabla.Sandpit.Round.v1").Unprotect(sealedOnA));

        // Signing out through B ends the session for this browser on A as well.
        string html = await onB.GetStringAsync("/");
        string token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var signedOut = await onB.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync($"/api/exercises/{HostedFlowTests.Template}/status")).StatusCode);
    }
}
