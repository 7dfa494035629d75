using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nabla.Web.Tests.Process;

/// <summary>
/// Accounts on a real hosted server, through the pages a learner uses: the register and login forms (with their
/// antiforgery field), the auth cookie in a <see cref="CookieContainer"/>. Cookies do not depend on the port, so one
/// container carries a login from one instance on 127.0.0.1 to another.
/// </summary>
public static partial class HostedAccounts
{
    /// <summary>The password every test account uses (long enough for the password rules).</summary>
    public const string Password = "correct horse battery staple 42";

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex Value();

    /// <summary>Registers <paramref name="email"/> on <paramref name="server"/> (which signs the new learner in).</summary>
    public static async Task Register(NablaServer server, CookieContainer cookies, string email)
    {
        var answer = await PostForm(server, cookies, "/account/register", new Dictionary<string, string>
        {
            ["Email"] = email, ["DisplayName"] = "Process Test", ["Password"] = Password, ["ConfirmPassword"] = Password,
        });
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"register answered {(int)answer.StatusCode}: {Shorten(answer.Body)}");
        Assert.True(SignedIn(server, cookies), "no auth cookie after registering");
    }

    /// <summary>Signs <paramref name="email"/> in on <paramref name="server"/> through the login form.</summary>
    public static async Task Login(NablaServer server, CookieContainer cookies, string email)
    {
        var answer = await PostForm(server, cookies, "/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"login answered {(int)answer.StatusCode}: {Shorten(answer.Body)}");
        Assert.True(SignedIn(server, cookies), "no auth cookie after logging in");
    }

    /// <summary>True when the container holds the auth cookie for the server's host.</summary>
    public static bool SignedIn(NablaServer server, CookieContainer cookies) =>
        cookies.GetCookies(server.BaseAddress).Any(c => c.Name == "nabla.auth");

    /// <summary>A client for <paramref name="server"/> over <paramref name="cookies"/> that sends <paramref name="token"/> (another instance's, perhaps).</summary>
    public static HttpClient ClientWithToken(NablaServer server, CookieContainer cookies, string? token)
    {
        var handler = new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // No header at all without a token: antiforgery reads the header before the form field, so a dummy one would
        // make the forms' own token invalid.
        if (token is not null) client.DefaultRequestHeaders.Add("X-Nabla-Token", token);
        return client;
    }

    /// <summary>The API token <c>GET /api/session</c> on <paramref name="server"/> hands out for these cookies.</summary>
    public static async Task<string> ApiToken(NablaServer server, CookieContainer cookies)
    {
        using var client = ClientWithToken(server, cookies, null);
        var session = await client.GetFromJsonAsync<JsonObject>("/api/session") ?? throw new InvalidOperationException("no session answer");
        return session["token"]!.GetValue<string>();
    }

    private static async Task<(HttpStatusCode StatusCode, string Body)> PostForm(NablaServer server, CookieContainer cookies, string path, Dictionary<string, string> fields)
    {
        using var client = ClientWithToken(server, cookies, null);
        string page = await client.GetStringAsync(path);
        var input = TokenInput().Match(page);
        Assert.True(input.Success, $"{path} has no antiforgery field: {Shorten(page)}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Value().Match(input.Value).Groups[1].Value);
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
