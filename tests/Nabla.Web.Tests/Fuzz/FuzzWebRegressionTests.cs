using System.Net;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Fuzz;

/// <summary>Crashes the fuzz harness found through the web API (docs/reliability-fuzzing.md).</summary>
public sealed class FuzzWebRegressionTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    // A Taylor point of 1e400 reached the engine's ArgumentException and was answered 400 with kind "internal"
    // ("internal error (ArgumentException): …"): the learner's input, so a user error with the engine's message.
    [Fact]
    public async Task Engine_taylor_about_a_point_that_is_not_real_is_a_user_error()
    {
        using var client = await factory.CreateApiClientAsync();
        var response = await ApiAssert.PostRaw(client, "/api/engine", "{\"op\":\"taylor\",\"expr\":\"27/8\",\"about\":{\"x\":\"1e400\"},\"order\":0}");
        var error = await ApiAssert.ClientError(response, HttpStatusCode.BadRequest);
        Assert.Equal("user", error["kind"]!.GetValue<string>());
        Assert.Contains("not a real number", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // The sqrt of a 140-digit decimal hung the parser (integer square root stepping by one), so the validate call
    // ran into the time budget; it now answers at once with how the input was read.
    [Fact]
    public async Task Validate_reads_the_square_root_of_a_long_decimal()
    {
        using var client = await factory.CreateApiClientAsync();
        string input = "[sqrt(20." + new string('0', 135) + "1), sqrt(2)]";
        var response = await ApiAssert.Post(client, "/api/exercises/m5-lagrange-circle/validate", new { seed = 1, input });
        var json = await ApiAssert.Ok(response);
        Assert.True(json["valid"]!.GetValue<bool>());
    }

    // A JSON escape spelling a lone surrogate ("\uDE00") made System.Text.Json throw InvalidOperationException when
    // the string was read: the batch answered an internal error, and /api/engine's request screen let it escape (500).
    [Fact]
    public async Task Engine_request_with_a_lone_surrogate_escape_is_a_user_error()
    {
        using var client = await factory.CreateApiClientAsync();
        var response = await ApiAssert.PostRaw(client, "/api/engine", "{\"op\":\"grad\",\"expr\":\"\\uDE00\",\"vars\":[\"x\"]}");
        var error = await ApiAssert.ClientError(response, HttpStatusCode.BadRequest);
        Assert.Equal("user", error["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/engine", "{\"op\":\"simplify\",\"expr\":\"x\",\"\\uDE00\":1}")]
    [InlineData("/api/exercises/m5-lagrange-circle/validate", "{\"seed\":1,\"input\":\"x\\uDE00\"}")]
    [InlineData("/api/exercises/m5-lagrange-circle/check", "{\"seed\":1,\"input\":\"\\uD800\"}")]
    [InlineData("/api/workbench/read", "{\"f\":\"x\\uDE00\"}")]
    [InlineData("/api/widgets/function-plot", "{\"f\":\"x\\uDE00\"}")]
    [InlineData("/api/widgets/chain-rule", "{\"f\":\"\\uDE00\",\"inner\":\"x\"}")]
    public async Task Lone_surrogate_escapes_never_answer_500(string path, string body)
    {
        using var client = await factory.CreateApiClientAsync();
        var response = await ApiAssert.PostRaw(client, path, body);
        int status = (int)response.StatusCode;
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{path}: {status} {text}");
        if (status >= 400) await ApiAssert.ClientError(response);
    }
}
