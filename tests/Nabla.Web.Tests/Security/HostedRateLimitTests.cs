using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>
/// The hosted limits: answer checks per learner (another learner is not affected) and login attempts per client
/// address (another address is not affected), each 429 with Retry-After, then recovery.
/// </summary>
public sealed class HostedRateLimitTests
{
    private static readonly Dictionary<string, string?> Tiny = new()
    {
        ["Nabla:RateLimits:GradingPerMinute"] = "3",
        ["Nabla:RateLimits:LoginPerMinute"] = "3",
        ["Nabla:RateLimits:WindowSeconds"] = "2",
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AnswerChecksAreLimitedPerLearner()
    {
        using var factory = new HostedWebFactory(null, Tiny);
        using var a = await factory.SignedInClient($"a-{Guid.NewGuid():N}@example.org");
        using var b = await factory.SignedInClient($"b-{Guid.NewGuid():N}@example.org");
        string template = SecurityBrowser.Course.Modules.SelectMany(m => m.Lessons).SelectMany(l => l.Directives).First(d => d.Kind == "exercise").Name;
        string path = $"/api/exercises/{template}/check";
        await ApiAssert.Ok(await b.PostAsync(path, Json("""{"seed":1,"input":"0"}"""))); // warm-up, in B's own bucket
        for (int i = 0; i < 3; i++) await ApiAssert.Ok(await a.PostAsync(path, Json("""{"seed":1,"input":"0"}""")));
        using var limited = await a.PostAsync(path, Json("""{"seed":1,"input":"0"}"""));
        await ApiAssert.ClientError(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        // B, on the same address, still checks.
        await ApiAssert.Ok(await b.PostAsync(path, Json("""{"seed":1,"input":"0"}""")));
        await Task.Delay(limited.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(300));
        await ApiAssert.Ok(await a.PostAsync(path, Json("""{"seed":1,"input":"0"}""")));
    }

    [Fact]
    public async Task LoginAttemptsAreLimitedPerClientAddress()
    {
        using var hosted = new HostedWebFactory(null, Tiny);
        using var factory = hosted.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddressFilter())));
        string email = $"login-{Guid.NewGuid():N}@example.org";
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
            var user = new NablaUser { UserName = email, Email = email, DisplayName = "login" };
            Assert.True((await users.CreateAsync(user, HostedWebFactory.DefaultPassword)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Learner);
        }
        HttpClient Client(string address)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, address);
            return client;
        }
        using var attacker = Client("198.51.100.7");
        using var learner = Client("198.51.100.8");
        using (var warm = Client("198.51.100.9"))
            await HostedWebFactory.PostForm(warm, "/account/login", new() { ["Email"] = "warm@example.org", ["Password"] = "warm up the page" });
        for (int i = 0; i < 3; i++)
        {
            using var wrong = await HostedWebFactory.PostForm(attacker, "/account/login", new() { ["Email"] = $"nobody{i}@example.org", ["Password"] = "guess guess guess" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var limited = await HostedWebFactory.PostForm(attacker, "/account/login", new() { ["Email"] = email, ["Password"] = HostedWebFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("too many login attempts", await limited.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        // Another address signs in meanwhile.
        using var signedIn = await HostedWebFactory.PostForm(learner, "/account/login", new() { ["Email"] = email, ["Password"] = HostedWebFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        await Task.Delay(limited.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(300));
        using var recovered = await HostedWebFactory.PostForm(attacker, "/account/login", new() { ["Email"] = email, ["Password"] = HostedWebFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
    }
}
