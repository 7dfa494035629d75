using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>
/// The authorisation matrix in hosted mode, over every route the app maps: anonymous visitors get 401 JSON from the
/// API and the login page for pages; a learner never reaches instructor or admin pages; learner A's progress
/// (attempts, status, saved code, game scores) is never visible to or changeable by learner B, whatever ids B puts in
/// the request; the antiforgery check still applies when signed in; accounts lock after repeated wrong passwords.
/// </summary>
public sealed class AuthorizationTests(HostedWebFactory factory) : IClassFixture<HostedWebFactory>
{
    private static StringContent Json(string body = "{}") => new(body, Encoding.UTF8, "application/json");

    private HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.org";

    private static bool IsPublic(Endpoints.Route route) =>
        route.Pattern.TrimStart('/') is var p && (p.StartsWith("account", StringComparison.OrdinalIgnoreCase) || p.StartsWith("status", StringComparison.OrdinalIgnoreCase)
                                                 || p.StartsWith("health", StringComparison.OrdinalIgnoreCase) || p == "api/session");

    private static string FillFor(Endpoints.Route route) => route.Fill("derivatives", number: "404");

    [Fact]
    public async Task AnonymousVisitorsGet401JsonFromEveryApiEndpoint()
    {
        using var client = Anonymous();
        var routes = Endpoints.All(factory.Services).Where(r => !r.IsPage && r.Pattern.TrimStart('/').StartsWith("api", StringComparison.Ordinal) && !IsPublic(r)).ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} API routes");
        var failures = new List<string>();
        foreach (var route in routes)
            foreach (string method in route.Methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), FillFor(route));
                if (method != "GET") request.Content = Json();
                using var response = await client.SendAsync(request);
                string body = await response.Content.ReadAsStringAsync();
                bool jsonError = body.StartsWith('{') && JsonNode.Parse(body)?["ok"]?.GetValue<bool>() == false;
                if (response.StatusCode != HttpStatusCode.Unauthorized || !jsonError)
                    failures.Add($"{method} {route.Pattern}: {(int)response.StatusCode} {body[..Math.Min(100, body.Length)]}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToTheLoginPageFromEveryPage()
    {
        using var client = Anonymous();
        var pages = Endpoints.All(factory.Services).Where(r => r.IsPage && !IsPublic(r)).ToList();
        Assert.Contains(pages, p => p.Pattern.Contains("workbench", StringComparison.Ordinal));
        foreach (var page in pages)
        {
            using var response = await client.GetAsync(FillFor(page));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {FillFor(page)}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ALearnerCannotReachInstructorOrAdminPagesOrApi()
    {
        using var learner = await factory.SignedInClient(Unique("learner"));
        var restricted = Endpoints.All(factory.Services)
            .Where(r => r.Pattern.TrimStart('/').StartsWith("instructor", StringComparison.OrdinalIgnoreCase)
                        || r.Pattern.TrimStart('/').StartsWith("admin", StringComparison.OrdinalIgnoreCase)
                        || r.Pattern.TrimStart('/').StartsWith("api/instructor", StringComparison.OrdinalIgnoreCase)
                        || r.Pattern.TrimStart('/').StartsWith("api/admin", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Contains(restricted, r => r.Pattern.Contains("admin/users", StringComparison.Ordinal));
        foreach (var route in restricted)
            foreach (string method in route.IsPage ? ["GET", "POST"] : route.Methods)
            {
                string path = route.Fill("1");
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET") request.Content = route.IsPage ? new FormUrlEncodedContent([new("x", "1")]) : Json();
                using var response = await learner.SendAsync(request);
                bool denied = response.StatusCode == HttpStatusCode.Forbidden
                              || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/denied", StringComparison.Ordinal) == true)
                              // a POST without a form token fails antiforgery before authorisation is even asked
                              || (method == "POST" && route.IsPage && response.StatusCode == HttpStatusCode.BadRequest);
                Assert.True(denied, $"learner {method} {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        // And an instructor does get in (the control).
        using var admin = await factory.SignedInClient(Unique("admin"), Roles.Admin);
        using var users = await admin.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }

    [Fact]
    public async Task SignedInCallsStillNeedTheAntiforgeryToken()
    {
        using var learner = await factory.SignedInClient(Unique("csrf"));
        learner.DefaultRequestHeaders.Remove("X-Nabla-Token");
        foreach (var route in Endpoints.All(factory.Services).Where(r => !r.IsPage && r.Pattern.TrimStart('/').StartsWith("api", StringComparison.Ordinal)))
            foreach (string method in route.Methods.Where(Endpoints.IsStateChanging))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), FillFor(route)) { Content = Json() };
                using var response = await learner.SendAsync(request);
                var error = await ApiAssert.ClientError(response, HttpStatusCode.BadRequest);
                Assert.Contains("antiforgery", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        foreach (string form in new[] { "/account/login", "/account/logout", "/classes", "/account/register" })
        {
            using var response = await learner.PostAsync(form, new FormUrlEncodedContent([new("Email", "x@example.org"), new("Password", "whatever it is")]));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {form} without __RequestVerificationToken: {(int)response.StatusCode}");
        }
    }

    private static string IdOf(HostedWebFactory factory, string email)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>().FindByEmailAsync(email).GetAwaiter().GetResult()!.Id;
    }

    [Fact]
    public async Task LearnersNeverSeeOrChangeEachOthersProgress()
    {
        // Saving code is off in hosted mode unless an operator allows running code: allow it here to test the files too.
        using var factory = new HostedWebFactory(null, new Dictionary<string, string?> { ["Nabla:Lab:AllowRunningCode"] = "true" });
        string emailA = Unique("a"), emailB = Unique("b");
        using var a = await factory.SignedInClient(emailA);
        using var b = await factory.SignedInClient(emailB);
        string idA = IdOf(factory, emailA), idB = IdOf(factory, emailB);
        var progress = factory.Services.GetRequiredService<ProgressService>();
        string template = SecurityBrowser.Course.Modules.SelectMany(m => m.Lessons).SelectMany(l => l.Directives)
            .First(d => d.Kind == "exercise").Name;
        var assignment = Nabla.Course.Assignments.AssignmentCatalog.All.First();

        // A works: two answer checks and a saved file.
        for (int i = 0; i < 2; i++)
            await ApiAssert.Ok(await a.PostAsync($"/api/exercises/{template}/check", Json("""{"seed":1,"input":"0"}""")));
        const string secret = "// A's own work: 7f3c";
        await ApiAssert.Ok(await a.PostAsync($"/api/assignments/{assignment.Id}/code", Json(System.Text.Json.JsonSerializer.Serialize(new { code = secret }))));
        Assert.Equal(2, progress.Read(s => s.Attempts(idA)).Count(x => x.TemplateId == template));

        // B sees none of it, even naming A in every way a request could.
        string[] probes = [$"?learner={idA}&userId={idA}&user={idA}&id={idA}", ""];
        foreach (string query in probes)
        {
            var status = await ApiAssert.Ok(await b.GetAsync($"/api/exercises/{template}/status{query}"));
            Assert.Equal(0, status["attempts"]!.GetValue<int>());
            var view = await ApiAssert.Ok(await b.GetAsync($"/api/assignments/{assignment.Id}{query}"));
            Assert.DoesNotContain(secret, view.ToJsonString(), StringComparison.Ordinal);
            string file = await b.GetStringAsync($"/api/assignments/{assignment.Id}/file{query}");
            Assert.DoesNotContain(secret, file, StringComparison.Ordinal);
            var list = await ApiAssert.Ok(await b.GetAsync($"/api/assignments{query}"));
            Assert.DoesNotContain(secret, list.ToJsonString(), StringComparison.Ordinal);
            string review = await b.GetStringAsync($"/review{query}");
            Assert.DoesNotContain(secret, review, StringComparison.Ordinal);
        }
        var aStatus = await ApiAssert.Ok(await a.GetAsync($"/api/exercises/{template}/status"));
        Assert.Equal(2, aStatus["attempts"]!.GetValue<int>()); // the control: A does see it

        // B's writes, even naming A in the body and the address, land on B only.
        await ApiAssert.Ok(await b.PostAsync($"/api/exercises/{template}/check?learner={idA}", Json($$"""{"seed":1,"input":"0","learner":"{{idA}}","userId":"{{idA}}"}""")));
        await ApiAssert.Ok(await b.PostAsync($"/api/assignments/{assignment.Id}/code?learner={idA}", Json($$"""{"code":"// B","learner":"{{idA}}"}""")));
        Assert.Equal(2, progress.Read(s => s.Attempts(idA)).Count(x => x.TemplateId == template));
        Assert.Equal(1, progress.Read(s => s.Attempts(idB)).Count(x => x.TemplateId == template));
        var stillA = await ApiAssert.Ok(await a.GetAsync($"/api/assignments/{assignment.Id}"));
        Assert.Equal(secret, stillA["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASandpitRoundTokenIsWorthlessToAnotherLearner()
    {
        using var a = await factory.SignedInClient(Unique("sandpit-a"));
        using var b = await factory.SignedInClient(Unique("sandpit-b"));
        var started = await ApiAssert.Ok(await a.PostAsync("/api/sandpit/rounds", Json("""{"terrain":"dunes","seed":3,"mode":"depth"}""")));
        string token = started["round"]!.GetValue<string>();
        string dip = System.Text.Json.JsonSerializer.Serialize(new { round = token, x = 1.0, y = 1.0 });

        // B cannot dip in A's round (it would be B's score, but it is A's round: the token is sealed to A).
        var refused = await b.PostAsync("/api/sandpit/dip", Json(dip));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not valid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A still can (the control).
        await ApiAssert.Ok(await a.PostAsync("/api/sandpit/dip", Json(dip)));
    }

    [Fact]
    public async Task AnAccountLocksAfterRepeatedWrongPasswordsEvenForTheRightOneUntilTheLockoutEnds()
    {
        string email = Unique("lock");
        await factory.CreateUser(email, HostedWebFactory.DefaultPassword);
        using var client = Anonymous();
        for (int i = 0; i < 5; i++)
        {
            using var wrong = await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = email, ["Password"] = "not the password at all" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode); // the form again, with the error
        }
        using var locked = await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = email, ["Password"] = HostedWebFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        using (var home = await client.GetAsync("/workbench")) Assert.Equal(HttpStatusCode.Redirect, home.StatusCode); // not signed in

        // The lockout ends (moved into the past here instead of waiting its 5 minutes): the right password works again.
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True(await users.IsLockedOutAsync(user));
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddSeconds(-1));
        }
        using var after = await HostedWebFactory.PostForm(client, "/account/login", new() { ["Email"] = email, ["Password"] = HostedWebFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
