using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Nabla.Web.Tests.Infrastructure;

/// <summary>Assertions on API answers.</summary>
public static class ApiAssert
{
    /// <summary>Asserts a 2xx answer and returns its JSON object.</summary>
    public static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"expected success, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)?.AsObject() ?? throw new Xunit.Sdk.XunitException("empty body");
    }

    /// <summary>
    /// Asserts a 4xx answer (never 500) in the API's error shape with a non-empty message, and returns the error object.
    /// </summary>
    public static async Task<JsonObject> ClientError(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        string body = await response.Content.ReadAsStringAsync();
        int status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"expected a 4xx answer, got {status}: {body}");
        if (expected is { } e) Assert.Equal(e, response.StatusCode);
        var json = JsonNode.Parse(body)?.AsObject() ?? throw new Xunit.Sdk.XunitException($"error answer is not JSON: {body}");
        Assert.False(json["ok"]!.GetValue<bool>());
        var error = json["error"]!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace(error["message"]?.GetValue<string>()), $"error without a message: {body}");
        return error;
    }

    /// <summary>POSTs raw text as JSON.</summary>
    public static Task<HttpResponseMessage> PostRaw(HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>POSTs an object as JSON.</summary>
    public static Task<HttpResponseMessage> Post(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}
