using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Hosting;

/// <summary>Accounts in hosted mode (SQLite): registration, sign-in and -out, the password policy, lockout.</summary>
public sealed class AccountTests(HostedWebFactory factory) : IClassFixture<HostedWebFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    private static Dictionary<string, string> Registration(string email, string password, string? confirm = null, string name = "Ada Lovelace") => new()
    {
        ["Email"] = email, ["DisplayName"] = name, ["Password"] = password, ["ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task RegisteringCreatesALearnerAndSignsIn()
    {
        var client = NewClient();
        var response = await HostedWebFactory.PostForm(client, "/account/register", Registration("ada@example.org", "analytical engine notes"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        string html = await home.Content.ReadAsStringAsync();
        Assert.Contains("Signed in as", html);
        Assert.Contains("ada@example.org", html);
        Assert.Contains("action=\"/account/logout\"", html);

        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
        var user = await users.FindByEmailAsync("ada@example.org");
        Assert.NotNull(user);
        Assert.Equal("Ada Lovelace", user.DisplayName);
        Assert.Equal([Roles.Learner], await users.GetRolesAsync(user));
    }

    [Theory]
    [InlineData("short pw", "at least 10 characters")]
    [InlineData("password123", "first ones attackers try")]
    [InlineData("aaaaaaaaaaaa", "first ones attackers try")]
    public async Task WeakPasswordsAreRefusedWithTheReason(string password, string reason)
    {
        var client = NewClient();
        string email = $"weak-{Guid.NewGuid():N}@example.org";
        var response = await HostedWebFactory.PostForm(client, "/account/register", Registration(email, password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains(reason, html, StringComparison.OrdinalIgnoreCase);
        using var scope = factory.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task APassphraseWithoutDigitsOrSymbolsIsAccepted()
    {
        // NIST 800-63B: length, not composition rules.
        var response = await HostedWebFactory.PostForm(NewClient(), "/account/register", Registration($"pass-{Guid.NewGuid():N}@example.org", "purple monkey dishwasher"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task MismatchedConfirmationAndDuplicateEmailAreExplained()
    {
        var mismatch = await HostedWebFactory.PostForm(NewClient(), "/account/register", Registration("twice@example.org", "first long password", "second long password"));
        Assert.Contains("The two passwords differ", await mismatch.Content.ReadAsStringAsync());

        await factory.CreateUser("taken@example.org", HostedWebFactory.DefaultPassword);
        var duplicate = await HostedWebFactory.PostForm(NewClient(), "/account/register", Registration("taken@example.org", "another long password"));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("exists already", await duplicate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInThenSignOut()
    {
        await factory.CreateUser("grace@example.org", HostedWebFactory.DefaultPassword);
        var client = NewClient();
        await HostedWebFactory.SignIn(client, "grace@example.org", HostedWebFactory.DefaultPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review")).StatusCode);

        var signOut = await SignOut(client);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", signOut.Headers.Location?.OriginalString);
        var after = await client.GetAsync("/review");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/account/login", after.Headers.Location?.ToString());
    }

    private static async Task<HttpResponseMessage> SignOut(HttpClient client)
    {
        // The layout's sign-out form (a POST with the antiforgery token), as the browser sends it.
        string html = await client.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(html, "action=\"/account/logout\">\\s*<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(token.Success, "the layout has a sign-out form with a token");
        return await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) }));
    }

    [Fact]
    public async Task SignOutWithoutTheAntiforgeryTokenIsRefused()
    {
        var client = await factory.SignedInClient($"csrf-{Guid.NewGuid():N}@example.org");
        // The API header carries a valid token too: without it, the form has none.
        client.DefaultRequestHeaders.Remove("X-Nabla-Token");
        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review")).StatusCode);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong()
    {
        await factory.CreateUser("alan@example.org", HostedWebFactory.DefaultPassword);
        var client = NewClient();
        var wrong = await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = "alan@example.org", ["Password"] = "not the password at all" });
        var unknown = await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = "nobody@example.org", ["Password"] = "not the password at all" });
        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The email address or the password is wrong.", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/review")).StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenForTheRightOne()
    {
        await factory.CreateUser("locked@example.org", HostedWebFactory.DefaultPassword);
        var client = NewClient();
        for (int i = 0; i < 5; i++)
            await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = "locked@example.org", ["Password"] = $"wrong password {i}" });
        var right = await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = "locked@example.org", ["Password"] = HostedWebFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked for 5 minutes", await right.Content.ReadAsStringAsync());

        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
        var user = await users.FindByEmailAsync("locked@example.org");
        Assert.True(await users.IsLockedOutAsync(user!));
        var end = await users.GetLockoutEndDateAsync(user!);
        Assert.InRange((end!.Value - DateTimeOffset.UtcNow).TotalMinutes, 4, 5.1);
    }

    [Fact]
    public async Task FourWrongPasswordsThenTheRightOneSignsIn()
    {
        await factory.CreateUser("almost@example.org", HostedWebFactory.DefaultPassword);
        var client = NewClient();
        for (int i = 0; i < 4; i++)
            await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = "almost@example.org", ["Password"] = $"wrong password {i}" });
        await HostedWebFactory.SignIn(client, "almost@example.org", HostedWebFactory.DefaultPassword);
    }

    [Fact]
    public async Task AnonymousPagesRedirectToSignInAndTheApiAnswers401()
    {
        var client = NewClient();
        foreach (var page in new[] { "/", "/review", "/classes", "/modules/m1", "/sandpit", "/workbench", "/assignments" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login?ReturnUrl=", response.Headers.Location?.ToString());
        }
        var api = await client.PostAsync("/api/engine", new StringContent("{\"expression\":\"x^2\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var body = JsonNode.Parse(await api.Content.ReadAsStringAsync())!;
        Assert.False(body["ok"]!.GetValue<bool>());
        Assert.Equal("sign in first", body["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/exercises/no-such/status")).StatusCode);

        // What stays open: the account pages, health, static files, status pages and the session token.
        foreach (var open in new[] { "/account/login", "/account/register", "/account/reset", "/health", "/css/site.css", "/favicon.svg", "/api/session" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(open)).StatusCode);
        Assert.Contains("<h1>", await (await client.GetAsync("/status/404")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReturnUrlIsFollowedOnlyWithinTheSite()
    {
        await factory.CreateUser("return@example.org", HostedWebFactory.DefaultPassword);
        var inside = await HostedWebFactory.PostForm(NewClient(), "/account/login?ReturnUrl=%2Freview",
            new() { ["Email"] = "return@example.org", ["Password"] = HostedWebFactory.DefaultPassword, ["ReturnUrl"] = "/review" });
        Assert.Equal("/review", inside.Headers.Location?.OriginalString);
        var outside = await HostedWebFactory.PostForm(NewClient(), "/account/login",
            new() { ["Email"] = "return@example.org", ["Password"] = HostedWebFactory.DefaultPassword, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal("/", outside.Headers.Location?.OriginalString);
    }
}
