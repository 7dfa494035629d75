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
    public Task Lone_surrogate_escapes_never_answer_500(string path, string body) => NeverAnswers500(path, body);

    private async Task NeverAnswers500(string path, string body)
    {
        using var client = await factory.CreateApiClientAsync();
        var response = await ApiAssert.PostRaw(client, path, body);
        int status = (int)response.StatusCode;
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{path}: {status} {text}");
        if (status >= 400) await ApiAssert.ClientError(response);
    }

    // The workbench's stationary search on 1e300·u² + x²: the 2 × 2 eigenvalue formula squared 1e300 to ∞, and the
    // answer's ∞ could not be written as JSON (500). Eigenvalues are now computed on the matrix scaled by a power of
    // two; the answer lists the minimum at the origin with eigenvalues 2 and 2e300.
    [Fact]
    public async Task Workbench_stationary_points_of_a_function_scaled_by_1e300_are_answered()
    {
        using var client = await factory.CreateApiClientAsync();
        var response = await ApiAssert.PostRaw(client, "/api/workbench/stationary", "{\"f\":\"1e300u\\u00B2+x\\u00B2\",\"split\":true}");
        var json = await ApiAssert.Ok(response);
        var point = Assert.Single(json["points"]!.AsArray())!;
        // Relative to 2e300, the eigenvalue 2 is below what double eigenvalues resolve (1e-300 of the largest), so
        // the test may call it inconclusive; it must not call it a maximum or a saddle.
        Assert.Contains(point["kind"]!.GetValue<string>(), new[] { "minimum", "degenerate" });
        Assert.Equal(0, point["at"]!["x"]!.GetValue<double>(), 1e-6);
        var eigenvalues = point["eigenvalues"]!.AsArray().Select(v => v!.GetValue<double>()).Order().ToArray();
        Assert.Equal(2, eigenvalues[0], 1e-12);
        Assert.Equal(2e300, eigenvalues[1], 1e288);
    }

    // A field named twice inside a nested object ({"at":{"x":1,"x":2}}): JsonObject throws ArgumentException only
    // when that object is first read, which escaped the request screens as an internal error.
    [Theory]
    [InlineData("/api/engine", "{\"op\":\"grad\",\"expr\":\"x*y\",\"at\":{\"x\":1.5,\"x\":2}}")]
    [InlineData("/api/workbench/read", "{\"f\":\"x\",\"n\":{\"a\":1,\"a\":2}}")]
    [InlineData("/api/exercises/m5-lagrange-circle/validate", "{\"seed\":1,\"input\":\"x\",\"n\":{\"a\":1,\"a\":2}}")]
    public Task A_field_named_twice_in_a_nested_object_never_answers_500(string path, string body) => NeverAnswers500(path, body);
}
