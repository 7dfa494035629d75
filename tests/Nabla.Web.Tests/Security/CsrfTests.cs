using System.Net;
using System.Text;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>
/// Antiforgery: every state-changing API endpoint (enumerated from the app's endpoint data source, so a new one is
/// covered the day it is mapped) and every page's POST reject a request without the token, and a token from another
/// session does not pass either.
/// </summary>
public sealed class CsrfTests(SecurityWebFactory factory) : IClassFixture<SecurityWebFactory>
{
    private static StringContent Json(string body = "{}") => new(body, Encoding.UTF8, "application/json");

    private IReadOnlyList<(Endpoints.Route Route, string Method)> StateChangingApi() =>
        Endpoints.All(factory.Services)
            .Where(r => !r.IsPage && r.Pattern.TrimStart('/').StartsWith("api", StringComparison.Ordinal))
            .SelectMany(r => r.Methods.Where(Endpoints.IsStateChanging).Select(m => (r, m)))
            .ToList();

    [Fact]
    public void TheEnumerationSeesTheStateChangingEndpoints()
    {
        // Guards the enumeration itself: the known answer-check endpoints are in it.
        var patterns = StateChangingApi().Select(e => e.Route.Pattern).ToList();
        Assert.Contains(patterns, p => p.Contains("exercises/{templateId}/check", StringComparison.Ordinal));
        Assert.Contains(patterns, p => p.Contains("quizzes/{moduleId}/submit", StringComparison.Ordinal));
        Assert.Contains(patterns, p => p.Contains("assignments/{id}/code", StringComparison.Ordinal));
        Assert.True(patterns.Count >= 20, $"only {patterns.Count} state-changing endpoints found");
    }

    [Fact]
    public async Task EveryStateChangingApiEndpointRejectsARequestWithoutTheToken()
    {
        using var client = factory.PlainClient();
        await client.GetAsync("/api/session"); // holds the antiforgery cookie, but sends no header
        var failures = new List<string>();
        foreach (var (route, method) in StateChangingApi())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), route.Fill("derivatives")) { Content = Json() };
            using var response = await client.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.Forbidden) || !body.Contains("antiforgery", StringComparison.Ordinal))
                failures.Add($"{method} {route.Pattern}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 120)]}");
            else
                await ApiAssert.ClientError(response);
        }
        Assert.True(failures.Count == 0, "accepted without a token:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task ATokenFromAnotherSessionIsRejected()
    {
        // The token is bound to its cookie: an attacker's own token, sent from the victim's browser, does not pass.
        using var attacker = await factory.ApiClientAsync();
        string stolen = attacker.DefaultRequestHeaders.GetValues("X-Nabla-Token").Single();
        using var victim = factory.PlainClient();
        await victim.GetAsync("/api/session");
        victim.DefaultRequestHeaders.Add("X-Nabla-Token", stolen);
        foreach (var (route, method) in StateChangingApi())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), route.Fill("derivatives")) { Content = Json() };
            using var response = await victim.SendAsync(request);
            var error = await ApiAssert.ClientError(response, HttpStatusCode.BadRequest);
            Assert.Contains("antiforgery", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryPageRejectsAFormPostWithoutTheVerificationToken()
    {
        using var client = factory.PlainClient();
        var pages = Endpoints.All(factory.Services).Where(r => r.IsPage).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            string path = page.Fill("derivatives", number: "404");
            using var response = await client.PostAsync(path, new FormUrlEncodedContent([new("name", "x")]));
            // 400 from antiforgery, or (pages behind a role) sent to the account pages before antiforgery is asked.
            bool rejected = response.StatusCode == HttpStatusCode.BadRequest
                            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/", StringComparison.Ordinal) == true);
            Assert.True(rejected, $"POST {path} without __RequestVerificationToken: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task TheSameCallWithTheTokenIsAccepted()
    {
        // The control for the tests above: with the token, the check endpoint answers (here: an unknown template, 404).
        using var client = await factory.ApiClientAsync();
        using var response = await client.PostAsync("/api/exercises/no-such-template/validate", Json("""{"answer":"x"}"""));
        await ApiAssert.ClientError(response, HttpStatusCode.NotFound);
    }
}
