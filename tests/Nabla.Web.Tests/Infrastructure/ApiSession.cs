using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nabla.Web.Tests.Infrastructure;

/// <summary>The API client every in-process factory hands out.</summary>
public static class ApiSession
{
    /// <summary>
    /// A client that holds the antiforgery cookie and sends the token header, as the pages' scripts do; every POST the
    /// API accepts needs it.
    /// </summary>
    public static async Task<HttpClient> CreateClientAsync(WebApplicationFactory<Program> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var session = await client.GetFromJsonAsync<JsonObject>("/api/session") ?? throw new InvalidOperationException("no session answer");
        client.DefaultRequestHeaders.Add(session["header"]!.GetValue<string>(), session["token"]!.GetValue<string>());
        return client;
    }
}
