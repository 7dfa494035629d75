using System.Net;
using System.Text.Json.Nodes;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Assignments;

/// <summary>"Run checks" end to end through the API: the grader's child process runs from the web host's output folder.</summary>
public sealed class AssignmentGradingApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    [Fact]
    public async Task The_heights_reference_scores_100_and_becomes_the_best_attempt_with_its_plots()
    {
        var client = await factory.CreateApiClientAsync();
        string reference = AssignmentFiles.Reference("heights");
        var answer = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = reference }));
        var report = answer["report"]!.AsObject();
        Assert.True(report["compiled"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(100, report["score"]!.GetValue<double>());
        Assert.True(report["passed"]!.GetValue<bool>());
        Assert.All(report["checks"]!.AsArray(), c => Assert.True(c!["passed"]!.GetValue<bool>(), c.ToJsonString()));
        var plots = report["checks"]!.AsArray().SelectMany(c => c!["plots"]!.AsArray()).Select(p => p!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["path", "fit"], plots);
        Assert.True(answer["best"]!.GetValue<bool>());
        Assert.Equal("passed", answer["status"]!["label"]!.GetValue<string>());

        // The page's data now starts from the submitted file and redraws the best attempt's plots without a re-run.
        var view = await ApiAssert.Ok(await client.GetAsync("/api/assignments/heights"));
        Assert.Equal(reference, view["code"]!.GetValue<string>());
        Assert.False(view["codeIsStarter"]!.GetValue<bool>());
        Assert.Equal(100, view["best"]!["score"]!.GetValue<double>());
        var fit = view["best"]!["checks"]!.AsArray().SelectMany(c => c!["plots"]!.AsArray()).Single(p => p!["id"]!.GetValue<string>() == "fit")!;
        Assert.Contains(fit["series"]!.AsArray(), s => s!["kind"]!.GetValue<string>() == "bars");
        var history = view["history"]!.AsArray();
        Assert.Contains(history, h => h!["score"]!.GetValue<int>() == 100 && h["passed"]!.GetValue<bool>());

        // The download is the submitted file.
        var file = await client.GetAsync("/api/assignments/heights/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("heights.cs", file.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(reference, await file.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_compile_error_comes_back_with_its_line_and_column()
    {
        var client = await factory.CreateApiClientAsync();
        const string statement = "return f(x, mu, sig) * (x - mu) / (sig * sig);";
        string broken = AssignmentFiles.ReplaceOnce(AssignmentFiles.Reference("heights"), statement, statement.TrimEnd(';'));
        var lines = broken.Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains(statement.TrimEnd(';'), StringComparison.Ordinal)) + 1;
        int column = lines[line - 1].TrimEnd('\r', ' ').Length + 1;

        var answer = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = broken }));
        var report = answer["report"]!.AsObject();
        Assert.False(report["compiled"]!.GetValue<bool>());
        Assert.Empty(report["checks"]!.AsArray());
        var error = report["diagnostics"]!.AsArray().Select(d => d!.AsObject()).First(d => d["isError"]!.GetValue<bool>());
        Assert.Equal("CS1002", error["id"]!.GetValue<string>());
        Assert.Equal(line, error["line"]!.GetValue<int>());
        Assert.Equal(column, error["column"]!.GetValue<int>());
        Assert.Contains($"({line},{column})", report["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_error_in_dfdmu_loses_its_points_with_the_sign_feedback()
    {
        var client = await factory.CreateApiClientAsync();
        string wrong = AssignmentFiles.ReplaceOnce(AssignmentFiles.Reference("heights"),
            "return f(x, mu, sig) * (x - mu) / (sig * sig);", "return -f(x, mu, sig) * (x - mu) / (sig * sig);");
        var answer = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = wrong }));
        var report = answer["report"]!.AsObject();
        Assert.True(report["score"]!.GetValue<double>() < 100);
        var dfdmu = AssignmentFiles.Check(answer, "dfdmu");
        Assert.False(dfdmu["passed"]!.GetValue<bool>());
        Assert.Equal(0, dfdmu["points"]!.GetValue<double>());
        Assert.Contains(dfdmu["feedback"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "sign");
        Assert.True(AssignmentFiles.Check(answer, "dfdsig")["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_starter_compiles_and_scores_0_with_not_written()
    {
        var client = await factory.CreateApiClientAsync();
        var answer = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/assignments/heights/check", new { code = AssignmentFiles.Starter("heights") }));
        Assert.Equal(0, answer["report"]!["score"]!.GetValue<double>());
        Assert.Equal("not-written", AssignmentFiles.Check(answer, "dfdmu")["feedback"]![0]!["id"]!.GetValue<string>());
    }
}
