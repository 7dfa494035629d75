using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Nabla.Cli;
using Nabla.Course.Assignments;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>The learner's file, sent to be checked or kept.</summary>
/// <param name="Code">The whole C# file (at most <see cref="AssignmentWorkspace.MaxSourceLength"/> characters).</param>
public sealed record AssignmentCodeRequest(string? Code);

/// <summary>
/// The programming assignments' API (docs/api.md, "Assignments"): the list, one assignment with the learner's file,
/// status and best report, saving the file, downloading it, and "Run checks", which grades the file with
/// <see cref="LabRunner.Check"/> — compiled in this process (no learner code runs), graded in a child process with
/// time and memory limits. Running is on in local mode only, unless an operator sets
/// <see cref="AssignmentWorkspace.AllowRunningCodeKey"/>.
/// </summary>
public sealed class AssignmentApi : IApiModule
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSingleton<AssignmentWorkspace>();

    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/assignments");
        group.MapGet("", (HttpContext http, AssignmentWorkspace workspace) =>
        {
            string learner = ProgressService.LearnerOf(http);
            return Results.Json(new
            {
                ok = true,
                runEnabled = workspace.RunEnabled,
                assignments = AssignmentCatalog.All.Select(a => Summary(a, workspace.Status(learner, a))),
            });
        });
        group.MapGet("/{id}", (string id, HttpContext http, AssignmentWorkspace workspace) =>
        {
            if (AssignmentCatalog.Find(id) is not { } assignment) return UnknownAssignment(id);
            return Results.Json(View(assignment, ProgressService.LearnerOf(http), workspace));
        });
        group.MapGet("/{id}/file", (string id, HttpContext http, AssignmentWorkspace workspace) =>
        {
            if (AssignmentCatalog.Find(id) is not { } assignment) return UnknownAssignment(id);
            string code = workspace.Code(ProgressService.LearnerOf(http), assignment);
            return Results.File(new UTF8Encoding(false).GetBytes(code), "text/x-csharp; charset=utf-8", assignment.FileName);
        });
        group.MapPost("/{id}/code", SaveCode);
        group.MapPost("/{id}/check", Check);
    }

    /// <summary>The page's data for one assignment: what the editor starts from, the status and the best report.</summary>
    public static JsonObject View(Assignment assignment, string learner, AssignmentWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(workspace);
        var status = workspace.Status(learner, assignment);
        var node = JsonSerializer.SerializeToNode(Summary(assignment, status), Json)!.AsObject();
        node["ok"] = true;
        node["runEnabled"] = workspace.RunEnabled;
        node["maxSourceLength"] = AssignmentWorkspace.MaxSourceLength;
        string? saved = workspace.SavedCode(learner, assignment);
        node["code"] = saved ?? workspace.Starter(assignment);
        node["codeIsStarter"] = saved is null;
        node["starter"] = workspace.Starter(assignment);
        node["history"] = JsonSerializer.SerializeToNode(status.History, Json);
        node["best"] = workspace.BestReport(learner, assignment);
        return node;
    }

    private static object Summary(Assignment a, AssignmentStatus status) => new
    {
        a.Id,
        a.Title,
        a.Summary,
        file = a.FileName,
        a.Module,
        checks = a.Checks.Select(c => new { c.Id, c.Title, c.Points, kind = c.Kind == CheckKind.Run ? "run" : "function" }),
        status = new { label = status.Label, attempts = status.Attempts, bestScore = status.BestScore, passed = status.Passed },
    };

    private static IResult UnknownAssignment(string id) =>
        ApiErrors.Error($"there is no assignment \"{(id.Length > 40 ? id[..40] + "…" : id)}\"",
            "the assignments are: " + string.Join(", ", AssignmentCatalog.All.Select(a => a.Id)), status: StatusCodes.Status404NotFound);

    private static IResult RunDisabled() =>
        ApiErrors.Error("running code is switched off on this server: learners' code runs only in local mode",
            $"run `nabla lab check` on your own machine, or (operators) set {AssignmentWorkspace.AllowRunningCodeKey}=true behind a real sandbox (docs/web-assignments.md)",
            status: StatusCodes.Status403Forbidden);

    private static async Task<IResult> SaveCode(string id, HttpContext http, AssignmentWorkspace workspace)
    {
        if (AssignmentCatalog.Find(id) is not { } assignment) return UnknownAssignment(id);
        if (!workspace.RunEnabled) return RunDisabled();
        var (code, error) = await ReadCode(http);
        if (error is not null) return error;
        workspace.SaveCode(ProgressService.LearnerOf(http), assignment, code!);
        return Results.Json(new { ok = true, saved = code!.Length });
    }

    private static async Task<IResult> Check(string id, HttpContext http, AssignmentWorkspace workspace, ILoggerFactory logs)
    {
        if (AssignmentCatalog.Find(id) is not { } assignment) return UnknownAssignment(id);
        if (!workspace.RunEnabled) return RunDisabled();
        var (code, error) = await ReadCode(http);
        if (error is not null) return error;
        string learner = ProgressService.LearnerOf(http);
        using var claim = workspace.TryClaim(learner, out var refusal);
        if (claim is null)
        {
            return refusal == RunRefusal.Busy
                ? ApiErrors.Error("your previous check is still running", "wait for its results, then run the checks again", status: StatusCodes.Status409Conflict)
                : ApiErrors.Error("the server is grading other files right now", $"try again in a few seconds (at most {workspace.MaxConcurrentRuns} checks run at once)",
                    status: StatusCodes.Status429TooManyRequests);
        }
        workspace.SaveCode(learner, assignment, code!);
        var abort = http.RequestAborted;
        LabReport report;
        try
        {
            // Compiling and grading block for seconds (the grader is a child process): off the request thread, on a
            // thread of its own so a few runs never starve the pool; leaving the page cancels the run and kills the child.
            report = await Task.Factory.StartNew(() => LabRunner.Check(assignment, code!, LabLimits.Default, abort), abort,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // The grader process could not be started or talked to: a fault of this installation, not of the learner's file.
            logs.CreateLogger("Nabla.Web.Assignments").LogError(ex, "the grader could not run for {Assignment}", assignment.Id);
            return ApiErrors.Error("the grader could not run on this server: " + ex.Message, "check that Nabla.Cli.dll and its runtimeconfig.json are next to Nabla.Web.dll",
                status: StatusCodes.Status503ServiceUnavailable);
        }
        bool best = workspace.Record(learner, assignment, report);
        var status = workspace.Status(learner, assignment);
        var node = JsonSerializer.SerializeToNode(report, LabRunner.Json)!.AsObject();
        node["passed"] = report.Passed;
        return Results.Json(new JsonObject
        {
            ["ok"] = true,
            ["report"] = node,
            ["best"] = best,
            ["status"] = JsonSerializer.SerializeToNode(new { label = status.Label, attempts = status.Attempts, bestScore = status.BestScore, passed = status.Passed }, Json),
            ["history"] = JsonSerializer.SerializeToNode(status.History, Json),
        });
    }

    /// <summary>
    /// Reads <c>{"code": "…"}</c>. This endpoint alone accepts bodies up to <see cref="AssignmentWorkspace.MaxBodyBytes"/>
    /// (a file of 200,000 characters, JSON-escaped); every other API call keeps the server's 64 KB limit.
    /// </summary>
    private static async Task<(string? Code, IResult? Error)> ReadCode(HttpContext http)
    {
        const string example = "{\"code\": \"…your whole file…\"}";
        long limit = AssignmentWorkspace.MaxBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        // The in-process test server enforces no limit: this check holds there too.
        if (http.Request.ContentLength > limit)
            return (null, TooLarge());
        AssignmentCodeRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<AssignmentCodeRequest>(Json, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.Error($"the request is not valid JSON: {ex.Message}", "send " + example));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (InvalidOperationException ex) when (!http.Request.HasJsonContentType())
        {
            return (null, ApiErrors.Error($"send JSON ({ex.Message})", "set Content-Type: application/json", status: StatusCodes.Status415UnsupportedMediaType));
        }
        if (body?.Code is null) return (null, ApiErrors.Error("send your file as {\"code\": \"…\"}", "the field code is required"));
        if (body.Code.Length > AssignmentWorkspace.MaxSourceLength)
            return (null, ApiErrors.Error($"your file is {body.Code.Length:N0} characters long; the editor accepts up to {AssignmentWorkspace.MaxSourceLength:N0}",
                "an assignment file is a few hundred lines: remove what you pasted by mistake", status: StatusCodes.Status413PayloadTooLarge));
        if (body.Code.Contains('\0', StringComparison.Ordinal))
            return (null, ApiErrors.Error("your file contains a NUL character", "paste plain text"));
        return (body.Code, null);
    }

    private static IResult TooLarge() =>
        ApiErrors.Error("the request body is too large", $"send your file in less than {AssignmentWorkspace.MaxBodyBytes / 1024} KB of JSON",
            status: StatusCodes.Status413PayloadTooLarge);
}
