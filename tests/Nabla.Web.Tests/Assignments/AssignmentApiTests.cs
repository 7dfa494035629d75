using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Api;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Assignments;

/// <summary>The assignments API without grading: the list, the page data, bad input, the run gate, the pages.</summary>
public sealed class AssignmentApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    [Fact]
    public async Task The_list_has_both_assignments_with_checks_worth_100_points_and_run_enabled_locally()
    {
        var client = await factory.CreateApiClientAsync();
        var answer = await ApiAssert.Ok(await client.GetAsync("/api/assignments"));
        Assert.True(answer["runEnabled"]!.GetValue<bool>());
        var ids = answer["assignments"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["backprop", "heights"], ids);
        foreach (var a in answer["assignments"]!.AsArray())
            Assert.Equal(100, a!["checks"]!.AsArray().Sum(c => c!["points"]!.GetValue<double>()));
    }

    [Fact]
    public async Task Before_any_attempt_the_page_data_holds_the_starter_and_no_best_report()
    {
        var client = await factory.CreateApiClientAsync();
        var view = await ApiAssert.Ok(await client.GetAsync("/api/assignments/backprop"));
        string starter = AssignmentFiles.Starter("backprop");
        Assert.Equal(starter, view["code"]!.GetValue<string>());
        Assert.Equal(starter, view["starter"]!.GetValue<string>());
        Assert.True(view["codeIsStarter"]!.GetValue<bool>());
        Assert.Null(view["best"]);
        Assert.Empty(view["history"]!.AsArray());
        Assert.Equal("not started", view["status"]!["label"]!.GetValue<string>());
        var file = await client.GetAsync("/api/assignments/backprop/file");
        Assert.Equal(starter, await file.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Saving_keeps_the_file_for_the_editor_and_the_download()
    {
        var client = await factory.CreateApiClientAsync();
        string code = AssignmentFiles.Starter("heights") + "\n// my notes: <script>alert(1)</script>\n";
        var saved = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/assignments/heights/code", new { code }));
        Assert.Equal(code.Length, saved["saved"]!.GetValue<int>());
        Assert.Equal(code, await (await client.GetAsync("/api/assignments/heights/file")).Content.ReadAsStringAsync());
        // The page embeds the file as JSON: the learner's text can never close the script element.
        string page = await client.GetStringAsync("/assignments/heights");
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.Contains("my notes", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"code\": ")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"code\": 42}")]
    public async Task Malformed_json_is_a_400_with_a_message(string body)
    {
        var client = await factory.CreateApiClientAsync();
        var error = await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/assignments/heights/check", body), HttpStatusCode.BadRequest);
        Assert.Contains("code", error["hint"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"code\": null}")]
    [InlineData("null")]
    public async Task A_missing_file_is_a_400(string body)
    {
        var client = await factory.CreateApiClientAsync();
        var error = await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/assignments/heights/check", body), HttpStatusCode.BadRequest);
        Assert.Contains("code", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_200000_characters_is_refused_without_grading()
    {
        var client = await factory.CreateApiClientAsync();
        string code = AssignmentFiles.Reference("heights") + "\n//" + new string('x', AssignmentWorkspace.MaxSourceLength);
        var error = await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code }), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("200,000", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/assignments/heights/code", new { code }), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_over_the_endpoint_limit_is_a_413()
    {
        var client = await factory.CreateApiClientAsync();
        string body = "{\"code\": \"" + new string('x', (int)AssignmentWorkspace.MaxBodyBytes + 10) + "\"}";
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/assignments/heights/check", body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Other_endpoints_keep_the_64_KB_limit()
    {
        var client = await factory.CreateApiClientAsync();
        string body = "{\"expression\": \"" + new string('x', 70 * 1024) + "\"}";
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/sandpit/rules/validate", body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Text_that_is_not_json_is_a_415()
    {
        var client = await factory.CreateApiClientAsync();
        var response = await client.PostAsync("/api/assignments/heights/check", new StringContent("class A {}", System.Text.Encoding.UTF8, "text/plain"));
        await ApiAssert.ClientError(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("GET", "/api/assignments/nope")]
    [InlineData("GET", "/api/assignments/nope/file")]
    [InlineData("POST", "/api/assignments/nope/check")]
    [InlineData("POST", "/api/assignments/nope/code")]
    public async Task An_unknown_assignment_is_a_404(string method, string path)
    {
        var client = await factory.CreateApiClientAsync();
        var response = method == "GET" ? await client.GetAsync(path) : await ApiAssert.Post(client, path, new { code = "class A {}" });
        var error = await ApiAssert.ClientError(response, HttpStatusCode.NotFound);
        Assert.Contains("heights", error["hint"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var client = factory.CreateClient();
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = "class A {}" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_second_run_while_the_learner_has_one_running_is_a_409()
    {
        var client = await factory.CreateApiClientAsync();
        var workspace = factory.Services.GetRequiredService<AssignmentWorkspace>();
        using (var claim = workspace.TryClaim(ProgressService.LocalLearner, out _))
        {
            Assert.NotNull(claim);
            var error = await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = "class A {}" }), HttpStatusCode.Conflict);
            Assert.Contains("still running", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        // Freed: the same learner may claim again.
        using var again = workspace.TryClaim(ProgressService.LocalLearner, out var refusal);
        Assert.NotNull(again);
        Assert.Equal(RunRefusal.None, refusal);
    }

    [Fact]
    public async Task When_every_grading_slot_is_taken_another_learner_gets_a_429()
    {
        var client = await factory.CreateApiClientAsync();
        var workspace = factory.Services.GetRequiredService<AssignmentWorkspace>();
        var claims = Enumerable.Range(0, workspace.MaxConcurrentRuns).Select(i => workspace.TryClaim("other-" + i, out _)).ToList();
        try
        {
            Assert.All(claims, Assert.NotNull);
            await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = "class A {}" }), HttpStatusCode.TooManyRequests);
        }
        finally
        {
            foreach (var c in claims) c?.Dispose();
        }
    }

    [Fact]
    public async Task The_pages_render_the_list_and_the_instructions_and_404_for_an_unknown_assignment()
    {
        var client = await factory.CreateApiClientAsync();
        string list = await client.GetStringAsync("/assignments");
        Assert.Contains("/assignments/backprop", list, StringComparison.Ordinal);
        Assert.Contains("/assignments/heights", list, StringComparison.Ordinal);
        string page = await client.GetStringAsync("/assignments/heights");
        Assert.Contains("<title>Fitting the distribution of heights", page, StringComparison.Ordinal);
        Assert.Contains("id=\"run-checks\"", page, StringComparison.Ordinal);
        Assert.Contains("class=\"math\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/assignments/nope")).StatusCode);
    }
}

/// <summary>Outside local mode a learner's code runs only when the operator allows it.</summary>
public sealed class AssignmentHostedModeTests
{
    [Fact]
    public async Task In_hosted_mode_run_checks_and_saving_are_refused_with_a_403_naming_the_setting()
    {
        using var hosted = new HostedAssignmentFactory();
        var client = await hosted.CreateApiClientAsync();
        var error = await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = AssignmentFiles.Reference("heights") }),
            HttpStatusCode.Forbidden);
        Assert.Contains("Nabla:Lab:AllowRunningCode", error["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/assignments/heights/code", new { code = "x" }), HttpStatusCode.Forbidden);

        var view = await ApiAssert.Ok(await client.GetAsync("/api/assignments/heights"));
        Assert.False(view["runEnabled"]!.GetValue<bool>());
        string page = await client.GetStringAsync("/assignments/heights");
        Assert.DoesNotContain("id=\"run-checks\"", page, StringComparison.Ordinal);
        Assert.Contains("Download my file", page, StringComparison.Ordinal);
        Assert.Contains("switched off", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_can_allow_running_code_outside_local_mode()
    {
        using var hosted = new HostedAssignmentFactory(allowRunningCode: true);
        var client = await hosted.CreateApiClientAsync();
        var view = await ApiAssert.Ok(await client.GetAsync("/api/assignments/heights"));
        Assert.True(view["runEnabled"]!.GetValue<bool>());
        await ApiAssert.Ok(await ApiAssert.Post(client, "/api/assignments/heights/code", new { code = "// saved" }));
    }
}
