using System.CommandLine;
using System.Text.Json.Nodes;
using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Progress;
using Nabla.Course.Templates;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    private Command PracticeCommand(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var target = new Argument<string?>("target")
        {
            Description = "A module id or a skill id (default: the whole course).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var list = new Option<bool>("--list") { Description = "List modules, skills and templates instead of practising." };
        var format = new Option<string>("--format")
        {
            Description = "For --list: human (default) or json.",
            DefaultValueFactory = _ => "human",
        };
        format.AcceptOnlyFromAmong("human", "json");
        var content = new Option<string?>("--content") { Description = "The content folder (default: NABLA_CONTENT, else the content/ shipped with nabla).", HelpName = "dir" };
        var store = new Option<string?>("--store") { Description = "The progress database (default: progress.db in the nabla data directory, see nabla info).", HelpName = "file" };
        var learner = new Option<string>("--learner") { Description = "Whose progress to record (default: the user name, as in the web course).", DefaultValueFactory = _ => Environment.UserName is { Length: > 0 } user ? user : "learner" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the first exercise (default: random); the next ones follow from it." };
        var command = new Command("practice",
            """
            Practise exercises in the terminal: type an answer to see how it was read, feedback and your score.
            Type ? or hint for a hint, solution for the worked solution, next to skip, quit to stop.
            Progress (attempts, mastery per skill, review queue) is saved to the progress database.

            Examples:
              nabla practice derivatives
              nabla practice chain-rule --seed 7
              nabla practice --list --format json
            """)
        { target, list, format, content, store, learner, seed };
        command.SetAction(parse =>
        {
            try
            {
                var course = responder.Course(parse.GetValue(content));
                if (parse.GetValue(list))
                {
                    if (parse.GetValue(format) == "json") stdout.WriteLine(JsonOutput.ToLine(ListJson(course)));
                    else WriteList(course, stdout);
                    return ExitCodes.Ok;
                }
                return Practise(course, parse.GetValue(target), parse.GetValue(store) ?? SqliteProgressStore.DefaultPath(),
                    parse.GetValue(learner) ?? "learner", parse.GetValue(seed), stdin, stdout);
            }
            catch (Exception ex) when (ProgressStoreFailure(ex, parse.GetValue(store) ?? SqliteProgressStore.DefaultPath()) is { } failure)
            {
                // A full disk or an unwritable progress file is no bug in nabla: say what happened and what is safe.
                stderr.WriteLine(failure);
                return ExitCodes.UserError;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var error = ErrorInfo.FromException(ex, debug);
                stderr.WriteLine(error.Display);
                return error.ExitCode;
            }
        });
        return command;
    }

    /// <summary>
    /// The message for a progress database that cannot be written (SQLite's SQLITE_FULL, read-only, cannot open, I/O
    /// error, busy), found anywhere in the exception's inner chain (EF Core wraps it); null for any other failure.
    /// </summary>
    internal static string? ProgressStoreFailure(Exception exception, string storePath)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is not Microsoft.Data.Sqlite.SqliteException sqlite) continue;
            int code = sqlite.SqliteErrorCode & 0xFF;
            // SQLITE_FULL, or an I/O error / unopenable file (the write-ahead log cannot be created) on a full disk.
            return code == 13 || (code is 10 or 14 && DiskIsFull(storePath))
                ? $"error: the disk is full: progress cannot be saved to {storePath}\nhint: free some disk space, then run nabla practice again (the progress saved before is safe)"
                : $"error: the progress database {storePath} could not be written: {sqlite.Message}\nhint: check that the file and its folder are writable (or pass --store FILE); the progress saved before is safe";
        }
        return null;
    }

    private static bool DiskIsFull(string storePath)
    {
        try
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(storePath)) ?? ".";
            return new DriveInfo(folder).AvailableFreeSpace < 64 * 1024;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The <c>--list --format json</c> object: modules with their skills and templates.</summary>
    public static JsonObject ListJson(CourseContent course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return new JsonObject
        {
            ["modules"] = new JsonArray(course.Modules.Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Id,
                ["skills"] = new JsonArray(m.Skills.Select(s => (JsonNode)JsonValue.Create(s.Id)!).ToArray()),
                ["templates"] = new JsonArray(m.Templates.Select(t => (JsonNode)new JsonObject
                {
                    ["id"] = t.Id,
                    ["skills"] = new JsonArray(t.Skills.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                    ["kind"] = t.KindName,
                }).ToArray()),
            }).ToArray()),
        };
    }

    private static void WriteList(CourseContent course, TextWriter stdout)
    {
        foreach (var m in course.Modules)
        {
            stdout.WriteLine($"{m.Id}: {m.Title}");
            stdout.WriteLine($"  skills: {string.Join(", ", m.Skills.Select(s => s.Id))}");
            foreach (var t in m.Templates) stdout.WriteLine($"  {t.Id} ({t.KindName}; {string.Join(", ", t.Skills)})");
        }
    }

    private int Practise(CourseContent course, string? target, string storePath, string learner, int? seed, TextReader stdin, TextWriter stdout)
    {
        var templates = course.Templates.Values.Where(t =>
            target is null || t.Module == target || t.Skills.Contains(target)).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        if (templates.Count == 0)
            throw new RequestException($"no module or skill \"{target}\"", "list them with: nabla practice --list");
        using var store = new SqliteProgressStore(storePath);
        var tracker = new ProgressTracker(store);
        var grader = new Grader();
        var rng = new Random(seed ?? Environment.TickCount);
        stdout.WriteLine($"Practising {(target ?? "the whole course")}: {templates.Count} exercise templates. Progress is saved to {storePath}.");
        stdout.WriteLine("Type ? for a hint, solution for the worked solution, next to skip, quit to stop.");
        while (true)
        {
            var template = templates[rng.Next(templates.Count)];
            int variantSeed = rng.Next(1, int.MaxValue);
            Variant variant;
            try
            {
                variant = VariantGenerator.Generate(template, variantSeed);
            }
            catch (TemplateException ex)
            {
                stdout.WriteLine($"(skipping {template.Id}: {ex.Message})");
                continue;
            }
            stdout.WriteLine();
            stdout.WriteLine($"[{template.Id}] {template.Title}");
            stdout.WriteLine(variant.PromptWithOptions);
            int attempt = 1, hint = 0;
            bool done = false;
            while (!done)
            {
                stdout.Write("> ");
                stdout.Flush();
                var line = stdin.ReadLine();
                if (line is null || line.Trim() is "quit" or "q" or "exit")
                {
                    stdout.WriteLine("Progress saved. Bye.");
                    return ExitCodes.Ok;
                }
                switch (line.Trim())
                {
                    case "?" or "hint":
                        stdout.WriteLine(Grader.Hint(variant, hint++) is { } h ? $"hint: {h}" : "No more hints: type solution to see the worked solution.");
                        continue;
                    case "solution":
                        stdout.WriteLine(Grader.Solve(variant).Text);
                        tracker.Record(learner, template.Id, variantSeed, template.Skills, attempt, false, 0);
                        done = true;
                        continue;
                    case "next" or "skip":
                        done = true;
                        continue;
                }
                var result = grader.Grade(variant, line, attempt);
                if (result.Read.IsValid) stdout.WriteLine($"read as: {result.Read.Plain}");
                foreach (var w in result.Read.Warnings) stdout.WriteLine($"warning: {w}");
                if (!result.Counted)
                {
                    stdout.WriteLine(result.Read.Problem?.Display ?? result.Summary);
                    continue;
                }
                stdout.WriteLine(result.Summary);
                foreach (var f in result.Feedback) stdout.WriteLine($"  - {f.Message}");
                var mastery = tracker.Record(learner, template.Id, variantSeed, template.Skills, attempt, result.Correct, result.Score, result.FeedbackIds());
                if (result.Correct)
                {
                    stdout.WriteLine($"score {result.Score:0.##}; {string.Join(", ", mastery.Select(m => $"{m.Skill}: {m.Level.ToString().ToLowerInvariant()}"))}");
                    done = true;
                }
                else attempt++;
            }
        }
    }
}
