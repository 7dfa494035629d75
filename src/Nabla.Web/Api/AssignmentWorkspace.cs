using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Nabla.Cli;
using Nabla.Course.Assignments;
using Nabla.Course.Content;
using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>One graded attempt in the score history.</summary>
/// <param name="Score">The score, 0–100.</param>
/// <param name="Passed">Whether every check passed.</param>
/// <param name="At">When it was graded.</param>
public sealed record AssignmentHistoryEntry(int Score, bool Passed, DateTimeOffset At);

/// <summary>The learner's standing on one assignment.</summary>
/// <param name="Attempts">How many graded attempts (files that compiled).</param>
/// <param name="BestScore">The best score, 0–100 (null before the first attempt).</param>
/// <param name="Passed">Whether some attempt passed every check.</param>
/// <param name="History">Every attempt, oldest first.</param>
public sealed record AssignmentStatus(int Attempts, int? BestScore, bool Passed, IReadOnlyList<AssignmentHistoryEntry> History)
{
    /// <summary>"not started", "passed" or "in progress", for the pages.</summary>
    public string Label => Attempts == 0 ? "not started" : Passed ? "passed" : "in progress";
}

/// <summary>
/// Where the web course keeps a learner's assignment work, next to the progress file: <c>lab/&lt;learner&gt;/&lt;id&gt;/</c>
/// holds the last submitted file (<c>&lt;id&gt;.cs</c>) and the best attempt's report (<c>best.json</c>, the
/// <see cref="LabReport"/> with its plot data, so the page redraws the plots without running the code again). Attempts
/// and scores go into the progress store as the CLI records them (template <c>lab:&lt;id&gt;</c>, game <c>lab</c>).
/// It also holds the run gate: one run per learner, and at most <see cref="MaxConcurrentRuns"/> at once.
/// </summary>
public sealed class AssignmentWorkspace
{
    /// <summary>The longest file the editor accepts (characters).</summary>
    public const int MaxSourceLength = 200_000;

    /// <summary>The largest request body of a check or save (bytes): the file JSON-escaped, with room for escapes.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The configuration key an operator sets to allow running learners' code outside local mode.</summary>
    public const string AllowRunningCodeKey = "Nabla:Lab:AllowRunningCode";

    /// <summary>The progress store's game name for assignment scores (as the CLI's <c>nabla lab check</c>).</summary>
    public const string Game = "lab";

    private readonly ProgressService progress;
    private readonly string root;
    private readonly ConcurrentDictionary<string, byte> running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim slots;
    // Rendered once per assignment: our own content files, never learner input.
    private readonly ConcurrentDictionary<string, string> instructionsHtml = new(StringComparer.Ordinal);
    private readonly string contentRoot;

    /// <summary>Creates the workspace next to the progress file.</summary>
    public AssignmentWorkspace(ProgressService progress, CourseCatalog course, IOptions<NablaWebOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        this.progress = progress;
        contentRoot = course.Content.Root;
        root = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(progress.Path)) ?? ".", "lab");
        bool local = string.Equals(options.Value.Mode, "local", StringComparison.OrdinalIgnoreCase);
        RunEnabled = local || configuration.GetValue<bool>(AllowRunningCodeKey);
        MaxConcurrentRuns = Math.Max(1, Environment.ProcessorCount / 2);
        slots = new SemaphoreSlim(MaxConcurrentRuns, MaxConcurrentRuns);
    }

    /// <summary>Whether the editor and "Run checks" are on: local mode, or an operator set <see cref="AllowRunningCodeKey"/>.</summary>
    public bool RunEnabled { get; }

    /// <summary>How many checks may run at once (each starts a grader process).</summary>
    public int MaxConcurrentRuns { get; }

    /// <summary>The folder of the learner's files (kept under the data directory).</summary>
    public string Root => root;

    /// <summary>
    /// The instructions as HTML (Markdown with KaTeX math, rendered like a lesson), without their leading
    /// <c># Title</c> line: the page shows the title as its own heading.
    /// </summary>
    public string InstructionsHtml(Assignment assignment) =>
        instructionsHtml.GetOrAdd(assignment.Id, _ => LessonMarkdown.ToHtml(WithoutTitle(AssignmentCatalog.Instructions(assignment, contentRoot))));

    private static string WithoutTitle(string markdown)
    {
        string text = markdown.TrimStart('\uFEFF', '\r', '\n');
        if (!text.StartsWith("# ", StringComparison.Ordinal)) return markdown;
        int end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? "" : text[(end + 1)..];
    }

    /// <summary>The starter file.</summary>
    public string Starter(Assignment assignment) => AssignmentCatalog.Starter(assignment, contentRoot);

    /// <summary>The learner's last submitted file, or null.</summary>
    public string? SavedCode(string learner, Assignment assignment)
    {
        string file = Path.Combine(Folder(learner, assignment), assignment.FileName);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    /// <summary>The learner's file: the last one submitted, else the starter.</summary>
    public string Code(string learner, Assignment assignment) => SavedCode(learner, assignment) ?? Starter(assignment);

    /// <summary>Keeps <paramref name="code"/> as the learner's file.</summary>
    public void SaveCode(string learner, Assignment assignment, string code)
    {
        string folder = Folder(learner, assignment);
        Directory.CreateDirectory(folder);
        WriteAtomically(Path.Combine(folder, assignment.FileName), code);
    }

    /// <summary>The best attempt's report as JSON (<see cref="LabRunner.Json"/> form), or null.</summary>
    public JsonObject? BestReport(string learner, Assignment assignment)
    {
        string file = Path.Combine(Folder(learner, assignment), "best.json");
        if (!File.Exists(file)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
        }
        catch (JsonException)
        {
            // A damaged file only loses the plots of the best attempt; the scores are in the progress store.
            return null;
        }
    }

    /// <summary>The learner's attempts and scores on <paramref name="assignment"/>.</summary>
    public AssignmentStatus Status(string learner, Assignment assignment)
    {
        var history = progress.Read(s => s.GameScores(learner, Game))
            .Where(g => g.Level == assignment.Id)
            .OrderBy(g => g.At)
            .Select(g => new AssignmentHistoryEntry(g.Moves, g.Won, g.At))
            .ToList();
        return new AssignmentStatus(history.Count, history.Count == 0 ? null : history.Max(h => h.Score), history.Any(h => h.Passed), history);
    }

    /// <summary>
    /// Records a graded report as the CLI does (an attempt <c>lab:&lt;id&gt;</c> and a game score), and keeps it as
    /// the best report when it scores at least as well as the kept one. Returns whether it became the best.
    /// </summary>
    public bool Record(string learner, Assignment assignment, LabReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.Compiled) return false;
        var now = DateTimeOffset.UtcNow;
        string template = "lab:" + assignment.Id;
        progress.Write(store =>
        {
            int attempt = store.Attempts(learner).Count(a => a.TemplateId == template) + 1;
            store.AddAttempt(new AttemptRecord(learner, template, 0, [], attempt, report.Passed, report.Score / 100, now));
            store.AddGameScore(new GameScore(learner, Game, assignment.Id, (int)Math.Round(report.Score), report.Passed, now));
        });
        var best = BestReport(learner, assignment);
        double bestScore = best?["score"]?.GetValue<double>() ?? double.NegativeInfinity;
        if (report.Score < bestScore) return false;
        var node = JsonSerializer.SerializeToNode(report, LabRunner.Json)!.AsObject();
        node["passed"] = report.Passed;
        node["at"] = now;
        string folder = Folder(learner, assignment);
        Directory.CreateDirectory(folder);
        WriteAtomically(Path.Combine(folder, "best.json"), node.ToJsonString(LabRunner.Json));
        return true;
    }

    /// <summary>
    /// Claims the learner's run slot and one of the machine's slots; null when the learner already runs a check
    /// (<see cref="RunRefusal.Busy"/>) or every slot is taken (<see cref="RunRefusal.Full"/>).
    /// </summary>
    public RunClaim? TryClaim(string learner, out RunRefusal refusal)
    {
        if (!running.TryAdd(learner, 0))
        {
            refusal = RunRefusal.Busy;
            return null;
        }
        if (!slots.Wait(0))
        {
            running.TryRemove(learner, out _);
            refusal = RunRefusal.Full;
            return null;
        }
        refusal = RunRefusal.None;
        return new RunClaim(() =>
        {
            slots.Release();
            running.TryRemove(learner, out _);
        });
    }

    private string Folder(string learner, Assignment assignment) => Path.Combine(root, SafeName(learner), assignment.Id);

    /// <summary>A learner id as a folder name: kept when it is plain, else a hash (no path tricks).</summary>
    private static string SafeName(string learner)
    {
        bool plain = learner.Length is > 0 and <= 64 && learner.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        return plain ? learner : "h" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(learner)))[..32].ToLowerInvariant();
    }

    private static void WriteAtomically(string path, string text)
    {
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>Why a run was refused.</summary>
public enum RunRefusal
{
    /// <summary>Not refused.</summary>
    None,
    /// <summary>The learner already has a check running.</summary>
    Busy,
    /// <summary>Every grading slot of the machine is taken.</summary>
    Full,
}

/// <summary>A claimed run slot; disposing frees it.</summary>
public sealed class RunClaim(Action release) : IDisposable
{
    private Action? release = release;

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
}
