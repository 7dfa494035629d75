using System.Diagnostics;
using System.Net;
using System.Text;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Exercises;

/// <summary>
/// Bad requests to every exercise endpoint answer 4xx in the batch error shape with a message: never 500, never a hang.
/// The time limits are generous (the 2 s engine budget plus slack for a shared, loaded test machine): they catch a hang,
/// not a slow check.
/// </summary>
public sealed class ExerciseBadInputTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    private const string Base = "/api/exercises/m1-power-rule-monomial";

    public static TheoryData<string> Endpoints => new() { "variant", "validate", "check", "hint", "solution" };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task MalformedJsonIs400(string endpoint)
    {
        using var client = await factory.CreateApiClientAsync();
        var error = await ApiAssert.ClientError(await ApiAssert.PostRaw(client, $"{Base}/{endpoint}", "{\"seed\": 1, \"input\": \"x"), HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnUnknownTemplateIs404(string endpoint)
    {
        using var client = await factory.CreateApiClientAsync();
        var error = await ApiAssert.ClientError(await ApiAssert.Post(client, $"/api/exercises/no-such-template/{endpoint}", new { seed = 1, input = "x", index = 0 }), HttpStatusCode.NotFound);
        Assert.Contains("no-such-template", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStatusOfAnUnknownTemplateIs404()
    {
        using var client = await factory.CreateApiClientAsync();
        await ApiAssert.ClientError(await client.GetAsync("/api/exercises/no-such-template/status"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"seed\"")]
    [InlineData("{\"seed\": -1, \"input\": \"x\"}")]
    [InlineData("{\"seed\": 2147483648, \"input\": \"x\"}")]
    [InlineData("{\"seed\": 1e300, \"input\": \"x\"}")]
    [InlineData("{\"seed\": 1.5, \"input\": \"x\"}")]
    [InlineData("{\"seed\": \"7\", \"input\": \"x\"}")]
    [InlineData("{\"input\": \"x\"}")]
    [InlineData("{\"seed\": 1}")]
    [InlineData("{\"seed\": 1, \"input\": 42}")]
    [InlineData("{\"seed\": 1, \"input\": [\"x\"]}")]
    [InlineData("")]
    public async Task CheckRefusesBadFieldsWith400AndAHint(string body)
    {
        using var client = await factory.CreateApiClientAsync();
        var error = await ApiAssert.ClientError(await ApiAssert.PostRaw(client, $"{Base}/check", body), HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty(error["hint"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("{\"seed\": 1, \"index\": -1}")]
    [InlineData("{\"seed\": 1, \"index\": 99}")]
    [InlineData("{\"seed\": 1}")]
    public async Task HintRefusesABadIndex(string body)
    {
        using var client = await factory.CreateApiClientAsync();
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, $"{Base}/hint", body), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnAnswerOver2000CharactersIs400()
    {
        using var client = await factory.CreateApiClientAsync();
        string input = string.Join("+", Enumerable.Repeat("x", 1001));
        var error = await ApiAssert.ClientError(await ApiAssert.Post(client, $"{Base}/check", new { seed = 1, input }), HttpStatusCode.BadRequest);
        Assert.Contains("2,000", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AOneMegabyteBodyIsRefused()
    {
        using var client = await factory.CreateApiClientAsync();
        string huge = "{\"seed\": 1, \"input\": \"" + new string('x', 1 << 20) + "\"}";
        var response = await ApiAssert.PostRaw(client, $"{Base}/check", huge);
        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        await ApiAssert.ClientError(response);
    }

    [Fact]
    public async Task FiveThousandNestedPowersAreRefusedAtOnce()
    {
        using var client = await factory.CreateApiClientAsync();
        var text = new StringBuilder(new string('(', 5000)).Append('x');
        for (int i = 0; i < 5000; i++) text.Append("^x)");
        var clock = Stopwatch.StartNew();
        await ApiAssert.ClientError(await ApiAssert.Post(client, $"{Base}/check", new { seed = 1, input = text.ToString() }), HttpStatusCode.BadRequest);
        await ApiAssert.ClientError(await ApiAssert.Post(client, $"{Base}/validate", new { seed = 1, input = text.ToString() }), HttpStatusCode.BadRequest);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task NestedPowersWithinTheLengthLimitAreReadAsAProblemAndNotCounted()
    {
        using var client = await factory.CreateApiClientAsync();
        var text = new StringBuilder(new string('(', 400)).Append('x');
        for (int i = 0; i < 400; i++) text.Append("^x)");
        var clock = Stopwatch.StartNew();
        var check = await ApiAssert.Ok(await ApiAssert.Post(client, $"{Base}/check", new { seed = 2, input = text.ToString() }));
        Assert.False(check["counted"]!.GetValue<bool>());
        Assert.Contains("nested", check["read"]!["problem"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AnswersWithHugeExponentsAreCheckedWithinTheBudget()
    {
        using var client = await factory.CreateApiClientAsync();
        var clock = Stopwatch.StartNew();
        var response = await ApiAssert.Post(client, $"{Base}/check", new { seed = 3, input = "x^(10^10)" });
        Assert.True((int)response.StatusCode is 200 or 422, $"got {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.OK)
            Assert.False((await ApiAssert.Ok(response))["correct"]!.GetValue<bool>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var client = factory.CreateClient();
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, $"{Base}/check", "{\"seed\": 1, \"input\": \"x\"}"));
    }

    [Fact]
    public async Task AQuizSubmissionForAnUnknownModuleOrWithTheWrongAnswersIsRefused()
    {
        using var client = await factory.CreateApiClientAsync();
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/quizzes/no-such-module/submit", new { answers = Array.Empty<object>() }), HttpStatusCode.NotFound);
        var few = await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/quizzes/derivatives/submit", new { answers = new[] { new { template = "m1-power-rule-monomial", seed = 1, input = "x" } } }), HttpStatusCode.BadRequest);
        Assert.Contains("8 questions", few["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/quizzes/derivatives/submit", "{\"answers\": 3}"), HttpStatusCode.BadRequest);
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/quizzes/derivatives/submit", "{\"answers\": [1,2"), HttpStatusCode.BadRequest);
    }
}
