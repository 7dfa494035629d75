using System.Net;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Api;

/// <summary>The API's shared behaviour: the session token, antiforgery, unknown endpoints, body limits.</summary>
public sealed class SessionApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    [Fact]
    public async Task TheSessionGivesAnAntiforgeryTokenAndItsHeader()
    {
        using var client = factory.CreateClient();
        var json = await ApiAssert.Ok(await client.GetAsync("/api/session"));
        Assert.Equal("X-Nabla-Token", json["header"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(json["token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUnknownEndpointIs404WithAMessage()
    {
        using var client = await factory.CreateApiClientAsync();
        var error = await ApiAssert.ClientError(await client.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
        Assert.Contains("no such API endpoint", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostWithoutTheTokenIsRefused()
    {
        using var client = factory.CreateClient();
        var response = await ApiAssert.PostRaw(client, "/api/no-such-thing", "{}");
        await ApiAssert.ClientError(response);
    }

    [Fact]
    public async Task AOneMegabyteBodyIsRefusedWith413()
    {
        using var client = await factory.CreateApiClientAsync();
        string huge = "{\"expr\":\"" + new string('x', 1 << 20) + "\"}";
        var response = await ApiAssert.PostRaw(client, "/api/no-such-thing", huge);
        Assert.True((int)response.StatusCode is 413 or 404, $"got {(int)response.StatusCode}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
