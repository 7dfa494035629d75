using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Course.Assignments;
using Nabla.Course.Progress;
using Spectre.Console;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    /// <summary><c>nabla lab</c>: the programming assignments (list, start, check) and the hidden grader verb.</summary>
    private Command LabCommand(TextWriter stdout, TextWriter stderr)
    {
        var lab = new Command("lab",
            """
            The course's programming assignments in C#: write the functions in the starter file, then check them.
            Checking compiles your file, grades every function in a separate process (time and memory limits),
            prints feedback and your score, draws the plots and records the attempt in your progress.

            Examples:
              nabla lab start backprop
              nabla lab check backprop
            """);
        lab.Add(LabListCommand(stdout, stderr));
        lab.Add(LabStartCommand(stdout, stderr));
        lab.Add(LabCheckCommand(stdout, stderr));
        lab.Add(LabGradeCommand(stdout, stderr));
        return lab;
    }

    private static Argument<string> LabNameArgument() => new("name") { Description = "The assignment: backprop or heights." };

    private static Argument<string?> LabDirArgument() => new("dir")
    {
        Description = "The folder of your files (default: ./<name>).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static Option<string> LabFormatOption()
    {
        var format = new Option<string>("--format") { Description = "human (default) or json.", DefaultValueFactory = _ => "human", HelpName = "human|json" };
        format.AcceptOnlyFromAmong("human", "json");
        return format;
    }

    private static Option<string?> LabContentOption() =>
        new("--content") { Description = "The content folder (default: NABLA_CONTENT, else the content/ shipped with nabla).", HelpName = "dir" };

    private static Assignment FindAssignment(string name) => AssignmentCatalog.Find(name)
        ?? throw new RequestException($"no assignment \"{name}\"", $"the assignments are: {string.Join(", ", AssignmentCatalog.All.Select(a => a.Id))} (nabla lab list)");

    private int LabError(Exception ex, bool json, TextWriter stdout, TextWriter stderr)
    {
        var error = ex is DirectoryNotFoundException or FileNotFoundException
            ? ErrorInfo.FromException(new RequestException(ex.Message, "set NABLA_CONTENT or pass --content DIR"), debug)
            : ErrorInfo.FromException(ex, debug);
        if (json) stdout.WriteLine(JsonOutput.ToLine(Responder.ErrorJson(error)));
        stderr.WriteLine(error.Display);
        return error.ExitCode;
    }

    private Command LabListCommand(TextWriter stdout, TextWriter stderr)
    {
        var format = LabFormatOption();
        var command = new Command("list",
            """
            List the assignments and their graded checks.

            Examples:
              nabla lab list
              nabla lab list --format json
            """)
        { format };
        command.SetAction(parse =>
        {
            if (parse.GetValue(format) == "json")
            {
                var list = new JsonArray(AssignmentCatalog.All.Select(a => (JsonNode)new JsonObject
                {
                    ["id"] = a.Id,
                    ["title"] = a.Title,
                    ["summary"] = a.Summary,
                    ["file"] = a.FileName,
                    ["module"] = a.Module,
                    ["checks"] = new JsonArray(a.Checks.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["title"] = c.Title, ["points"] = c.Points }).ToArray()),
                }).ToArray());
                stdout.WriteLine(JsonOutput.ToLine(new JsonObject { ["ok"] = true, ["assignments"] = list }));
                return ExitCodes.Ok;
            }
            foreach (var a in AssignmentCatalog.All)
            {
                stdout.WriteLine($"{a.Id}: {a.Title}");
                stdout.WriteLine($"  {a.Summary}");
                stdout.WriteLine($"  checks: {string.Join(", ", a.Checks.Select(c => $"{c.Id} ({c.Points:0} points)"))}");
            }
            stdout.WriteLine("Start one with: nabla lab start <name>");
            return ExitCodes.Ok;
        });
        return command;
    }

    private Command LabStartCommand(TextWriter stdout, TextWriter stderr)
    {
        var name = LabNameArgument();
        var dir = LabDirArgument();
        var force = new Option<bool>("--force") { Description = "Overwrite your file even when you have edited it." };
        var content = LabContentOption();
        var command = new Command("start",
            """
            Write an assignment's starter file and instructions into a folder (default ./<name>). Run the starter with
            `dotnet run <file>.cs`; an edited file is never overwritten unless you pass --force.

            Examples:
              nabla lab start backprop
              nabla lab start heights ~/course/heights
            """)
        { name, dir, force, content };
        command.SetAction(parse =>
        {
            try
            {
                var assignment = FindAssignment(parse.GetValue(name)!);
                string folder = Path.GetFullPath(parse.GetValue(dir) ?? assignment.Id);
                string starter = AssignmentCatalog.Starter(assignment, parse.GetValue(content));
                string instructions = AssignmentCatalog.Instructions(assignment, parse.GetValue(content));
                string file = Path.Combine(folder, assignment.FileName);
                if (File.Exists(file) && File.ReadAllText(file) != starter && !parse.GetValue(force))
                    throw new RequestException($"{file} already exists and differs from the starter file: not overwritten",
                        $"check it with: nabla lab check {assignment.Id} {folder}  (or pass --force to start again from scratch)");
                Directory.CreateDirectory(folder);
                File.WriteAllText(file, starter);
                File.WriteAllText(Path.Combine(folder, "instructions.md"), instructions);
                stdout.WriteLine($"{assignment.Title}");
                stdout.WriteLine($"  wrote {file}");
                stdout.WriteLine($"  wrote {Path.Combine(folder, "instructions.md")}");
                stdout.WriteLine($"Write the functions marked \"write me\", run your file with: cd {folder} && dotnet run {assignment.FileName}");
                stdout.WriteLine($"then check it with: nabla lab check {assignment.Id} {folder}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return LabError(ex, false, stdout, stderr);
            }
        });
        return command;
    }

    private Command LabCheckCommand(TextWriter stdout, TextWriter stderr)
    {
        var name = LabNameArgument();
        var dir = LabDirArgument();
        var format = LabFormatOption();
        var store = new Option<string?>("--store") { Description = "The progress database (default: progress.db in the nabla data directory, see nabla info).", HelpName = "file" };
        var learner = new Option<string>("--learner") { Description = "Whose progress to record (default: the user name, as in the web course).", DefaultValueFactory = _ => Environment.UserName is { Length: > 0 } user ? user : "learner" };
        var noRecord = new Option<bool>("--no-record") { Description = "Do not record the attempt in the progress database." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not write the plots." };
        var command = new Command("check",
            """
            Check your assignment: compile <dir>/<name>.cs, grade each function against the reference on random inputs
            in a separate process (10 s per function, 30 s for the training run or descent, 512 MB), print feedback
            and your score, write the plots as SVG into <dir>, and record the attempt.
            Exit codes: 0 graded (whatever the score), 1 the file is missing or does not compile, 2 internal error.

            Examples:
              nabla lab check backprop
              nabla lab check heights ~/course/heights --format json
            """)
        { name, dir, format, store, learner, noRecord, noPlots };
        command.SetAction((parse, cancellationToken) =>
        {
            bool json = parse.GetValue(format) == "json";
            try
            {
                var assignment = FindAssignment(parse.GetValue(name)!);
                string folder = Path.GetFullPath(parse.GetValue(dir) ?? assignment.Id);
                string file = Path.Combine(folder, assignment.FileName);
                if (!File.Exists(file))
                    throw new RequestException($"there is no {assignment.FileName} in {folder}", $"start the assignment with: nabla lab start {assignment.Id} {folder}");
                if (new FileInfo(file).Length > 4L * LabCompiler.MaxSourceLength)
                    throw new RequestException($"{file} is too large for an assignment file", $"the lab accepts up to {LabCompiler.MaxSourceLength:N0} characters");
                string source = File.ReadAllText(file);
                if (source.Length > LabCompiler.MaxSourceLength)
                    throw new RequestException($"{file} is {source.Length:N0} characters long", $"the lab accepts up to {LabCompiler.MaxSourceLength:N0} characters");
                var report = LabRunner.Check(assignment, source, LabLimits.Default, WithInterrupt(cancellationToken));
                var plots = report.Compiled && !parse.GetValue(noPlots) ? LabPlots.WriteAll(report, folder, WithInterrupt(cancellationToken)) : [];
                string? recorded = null;
                if (report.Compiled && !parse.GetValue(noRecord))
                {
                    try
                    {
                        recorded = RecordLab(parse.GetValue(store) ?? SqliteProgressStore.DefaultPath(), parse.GetValue(learner) ?? "learner", assignment, report);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException
                                                   or Microsoft.EntityFrameworkCore.DbUpdateException)
                    {
                        // The grade is still worth showing when the progress file cannot be written (EF Core wraps
                        // SQLite's error, e.g. "database or disk is full", in DbUpdateException: show the real cause).
                        stderr.WriteLine($"warning: the attempt was not recorded: {ex.GetBaseException().Message}");
                    }
                }
                if (json) stdout.WriteLine(LabJson(report, plots, recorded));
                else WriteLabReport(stdout, report, file, plots, recorded);
                return Task.FromResult(report.Compiled ? ExitCodes.Ok : ExitCodes.UserError);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return Task.FromResult(LabError(ex, json, stdout, stderr));
            }
        });
        return command;
    }

    /// <summary>Records the attempt (template <c>lab:&lt;name&gt;</c>, score 0–1) and a game score (level = the
    /// assignment, moves = the percentage); returns the store's path.</summary>
    private static string RecordLab(string storePath, string learner, Assignment assignment, LabReport report)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(storePath));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var store = new SqliteProgressStore(storePath);
        string template = "lab:" + assignment.Id;
        int attempt = store.Attempts(learner).Count(a => a.TemplateId == template) + 1;
        var now = DateTimeOffset.UtcNow;
        store.AddAttempt(new AttemptRecord(learner, template, 0, [], attempt, report.Passed, report.Score / 100, now));
        store.AddGameScore(new GameScore(learner, "lab", assignment.Id, (int)Math.Round(report.Score), report.Passed, now));
        return Path.GetFullPath(storePath);
    }

    private static string LabJson(LabReport report, IReadOnlyList<string> plots, string? recorded) =>
        JsonOutput.ToLine(LabResultJson(report, plots, recorded));

    /// <summary>The JSON answer of a lab check (<c>nabla lab check --format json</c> and the batch op <c>lab</c>).</summary>
    internal static JsonObject LabResultJson(LabReport report, IReadOnlyList<string> plots, string? recorded)
    {
        var node = JsonSerializer.SerializeToNode(report, LabRunner.Json)!.AsObject();
        node["passed"] = report.Passed;
        var result = new JsonObject { ["ok"] = report.Compiled };
        if (!report.Compiled) result["error"] = new JsonObject { ["message"] = report.Message, ["kind"] = "compile" };
        result["report"] = node;
        result["plotFiles"] = new JsonArray(plots.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray());
        if (recorded is not null) result["recorded"] = recorded;
        return result;
    }

    private static void WriteLabReport(TextWriter stdout, LabReport report, string file, IReadOnlyList<string> plots, string? recorded)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (!report.Compiled)
        {
            stdout.WriteLine($"{Path.GetFileName(file)} does not compile:");
            foreach (var d in report.Diagnostics.Where(d => d.IsError)) stdout.WriteLine("  " + d.Display(file));
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{report.Assignment}: {file}"));
        table.AddColumn("check");
        table.AddColumn(new TableColumn("points").RightAligned());
        table.AddColumn("result");
        foreach (var c in report.Checks)
        {
            string verdict = (c.Passed ? "[green]pass[/]" : "[red]fail[/]") + " " + Markup.Escape(c.Summary);
            foreach (var f in c.Feedback) verdict += "\n[yellow]" + Markup.Escape($"{f.Message} [{f.Id}]") + "[/]";
            table.AddRow(Markup.Escape(c.Id), string.Create(CultureInfo.InvariantCulture, $"{c.Points:0.#}/{c.MaxPoints:0.#}"), verdict);
        }
        console.Write(table);
        foreach (var d in report.Diagnostics.Where(d => !d.IsError).Take(5)) stdout.WriteLine("  " + d.Display(file));
        stdout.WriteLine($"score: {report.Score:0.#}% — {report.Message} ({report.Seconds:0.0} s)");
        foreach (var p in plots) stdout.WriteLine($"plot written to {p}");
        if (recorded is not null) stdout.WriteLine($"attempt recorded in {recorded}");
    }

    /// <summary>
    /// The hidden grader verb, run in a child process by <see cref="LabRunner"/>: loads the learner's assembly and
    /// runs the given checks, writing one JSON line as each starts (<c>{"begin":id}</c>) and ends
    /// (<c>{"result":{…}}</c>). The learner's console output is discarded so it cannot forge a line.
    /// </summary>
    private static Command LabGradeCommand(TextWriter stdout, TextWriter stderr)
    {
        var dll = new Argument<string>("assembly") { Description = "The learner's compiled assembly." };
        var name = new Argument<string>("name") { Description = "The assignment." };
        var checks = new Argument<string[]>("checks") { Description = "The checks to run, in order.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("__grade", "Internal: grade a compiled assignment (run by `nabla lab check` in a child process).")
        {
            dll, name, checks,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var output = stdout;
            Console.SetOut(TextWriter.Null);
            Console.SetError(TextWriter.Null);
            var assignment = AssignmentCatalog.Find(parse.GetValue(name)!);
            if (assignment is null)
            {
                stderr.WriteLine($"error: no assignment \"{parse.GetValue(name)}\"");
                return ExitCodes.UserError;
            }
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(parse.GetValue(dll)!));
            long memory = long.TryParse(Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit"), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var m)
                ? m : LabLimits.Default.MemoryBytes;
            var limits = LabLimits.Default with { MemoryBytes = memory };
            foreach (var id in parse.GetValue(checks)!)
            {
                output.WriteLine(JsonSerializer.Serialize(new { begin = id }, LabRunner.Json));
                output.Flush();
                CheckResult result;
                try
                {
                    result = LabGrading.Run(assignment, assembly, id);
                }
                catch (OutOfMemoryException)
                {
                    result = LabRunner.MemoryExceeded(assignment.Check(id), limits);
                }
                catch (Exception ex) when (ex is InsufficientExecutionStackException or ReflectionTypeLoadException or TypeLoadException or BadImageFormatException)
                {
                    result = CheckResult.Failed(assignment.Check(id), "could not be graded", new("grader-failed", $"{ex.GetType().Name}: {ex.Message}"));
                }
                output.WriteLine(JsonSerializer.Serialize(new { result }, LabRunner.Json));
                output.Flush();
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
