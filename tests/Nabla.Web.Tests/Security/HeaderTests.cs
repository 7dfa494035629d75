using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>Security headers on pages, API answers, static files and error answers; request size limits.</summary>
public sealed class HeaderTests(SecurityWebFactory factory) : IClassFixture<SecurityWebFactory>
{
    public static TheoryData<string> Paths => new() { "/", "/workbench", "/api/session", "/js/nabla.js", "/lib/katex/katex.min.css", "/no-such-page", "/api/no-such-endpoint" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string path)
    {
        using var client = factory.PlainClient();
        using var response = await client.GetAsync(path);
        string csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.Equal("'self'", directives["connect-src"]);
        Assert.Equal("'self' data: blob:", directives["img-src"]);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
        // A local course is plain http: no HSTS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void HstsIsSentOnlyByAHostedCourseOverHttps()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        SecurityHeaders.Apply(context, hosted: true);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, context.Response.Headers.StrictTransportSecurity.ToString());
        foreach (var (scheme, hosted) in new[] { ("http", true), ("https", false), ("http", false) })
        {
            var other = new DefaultHttpContext();
            other.Request.Scheme = scheme;
            SecurityHeaders.Apply(other, hosted);
            Assert.Equal(0, other.Response.Headers.StrictTransportSecurity.Count);
        }
    }

    [Fact]
    public async Task ABodyLargerThanTheLimitIsRefusedBeforeItIsRead()
    {
        using var client = factory.PlainClient();
        // No antiforgery token: the size check comes first, so even an anonymous flood of large bodies costs nothing.
        using var api = await client.PostAsync("/api/workbench/read", new StringContent(new string(' ', 1024 * 1024), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, api.StatusCode);
        Assert.Contains("too large", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var form = await client.PostAsync("/", new FormUrlEncodedContent([new("x", new string('a', 200 * 1024))]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, form.StatusCode);
    }
}
