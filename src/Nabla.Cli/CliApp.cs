using System.CommandLine;
using System.Text.Json.Nodes;

namespace Nabla.Cli;

/// <summary>
/// The <c>nabla</c> command line, runnable in-process: every input and output goes through the readers and writers
/// passed to <see cref="Run"/>, so tests need no child processes.
/// </summary>
public sealed partial class CliApp
{
    /// <summary>The longest batch line accepted, in characters (the parser's own limit is lower).</summary>
    public const int MaxBatchLineLength = 1_000_000;

    /// <summary>The default wall-clock limit of one batch line, in seconds (<c>NABLA_BATCH_TIME_LIMIT</c> overrides it).</summary>
    public const double DefaultBatchLineTimeLimitSeconds = 60;

    /// <summary>
    /// The wall-clock limit of one batch line: past it the engine stops at its next budget checkpoint and the line
    /// is answered with an error, so one pathological request never holds a core for longer. The default is
    /// <see cref="DefaultBatchLineTimeLimitSeconds"/>, or the number of seconds in <c>NABLA_BATCH_TIME_LIMIT</c>.
    /// </summary>
    public TimeSpan BatchLineTimeLimit { get; init; } = ReadBatchTimeLimit();

    private static TimeSpan ReadBatchTimeLimit() =>
        double.TryParse(Environment.GetEnvironmentVariable("NABLA_BATCH_TIME_LIMIT"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 && s < 86_400
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(DefaultBatchLineTimeLimitSeconds);

    private readonly Responder responder;
    private readonly bool debug;

    /// <summary>Creates the app over <paramref name="engine"/> (the real library when null).</summary>
    /// <param name="engine">The math engine; tests inject fakes.</param>
    /// <param name="debug">Show stack traces for internal errors; null reads <c>NABLA_DEBUG=1</c> from the environment.</param>
    public CliApp(IMathEngine? engine = null, bool? debug = null)
    {
        responder = new Responder(engine ?? NablaEngine.Instance);
        this.debug = debug ?? Environment.GetEnvironmentVariable("NABLA_DEBUG") == "1";
    }

    /// <summary>Cancelled when the user interrupts the run (Ctrl-C); see <see cref="Run"/>.</summary>
    private CancellationToken interrupted;

    /// <summary>Runs the command line <paramref name="args"/> and returns the exit code (0 ok, 1 user error, 2 internal error).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdin">Standard input.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="interrupted">Cancelled on Ctrl-C (the process's entry point wires SIGINT/SIGTERM to it): long
    /// verbs stop, answer "cancelled" and write no file.</param>
    public int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken interrupted = default)
    {
        this.interrupted = interrupted;
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var root = BuildCommands(stdin, stdout, stderr);
            // No response files (an expression may start with '@') and no option bundling, so that "-x^2" or
            // "-sin(x)" stays an expression instead of becoming a bundle of short options.
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });
            int code = parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                // The entry point handles SIGINT/SIGTERM itself (see Program.cs), for every verb alike.
                ProcessTerminationTimeout = null,
            });
            stdout.Flush();
            return code;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = ErrorInfo.FromException(ex, debug);
            stderr.WriteLine(error.Display);
            return error.ExitCode;
        }
    }

    private Command BuildCommands(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        // A named root rather than RootCommand, whose name is the executable's file name (Nabla.Cli, or dotnet
        // under `dotnet run`): help and usage lines should name the command users type.
        var root = new Command("nabla",
            """
            nabla: calculus for machine learning from the shell — derivatives with steps, simplification,
            equivalence, gradients, Jacobians, Hessians, stationary points, the chain rule, Taylor series, numeric
            derivatives, root finding, minimisation, Lagrange multipliers, curve fitting and neural-network training.
            Every verb prints for people by default and JSON with --format json; `nabla batch` answers JSON lines.
            Exit codes: 0 success, 1 bad input (the message says what and where), 2 internal error.

            Examples:
              nabla diff "x^3 sin(x)"
              nabla diff "x^2 y" --wrt y --at x=1,y=2
              nabla simplify "(x^2 - 1)/(x - 1)"
              nabla equiv "sin(x)^2 + cos(x)^2" "1"
              nabla grad "x^2 y" --at x=1,y=2
              nabla jacobian "x^2 - y^2; 2x y"
              nabla taylor "1/x" --about x=4 --order 2
              nabla roots "x^3 - 2x - 5" --from 2
              nabla minimize "(1-x)^2 + 100(y-x^2)^2" --from x=-1.2,y=1 --method bfgs
              nabla fit data.csv --model "a exp(-k t)" --x t --params a=10,k=0.5
              nabla train course-net --iterations 50000 --plot heart.svg
              nabla plot "exp(x)" --tangent-at 0 -o tangent.svg
              echo '{"op":"diff","expr":"x^2"}' | nabla batch
            """);
        root.Add(new System.CommandLine.Help.HelpOption());
        root.Add(new VersionOption());
        root.Add(DiffCommand(stdout, stderr));
        root.Add(SimplifyCommand(stdout, stderr));
        root.Add(EquivCommand(stdout, stderr));
        root.Add(GradCommand(stdout, stderr));
        root.Add(JacobianCommand(stdout, stderr));
        root.Add(HessianCommand(stdout, stderr));
        root.Add(StationaryCommand(stdout, stderr));
        root.Add(ChainCommand(stdout, stderr));
        root.Add(TaylorCommand(stdout, stderr));
        root.Add(NumDiffCommand(stdout, stderr));
        root.Add(RootsCommand(stdout, stderr));
        root.Add(MinimizeCommand(stdout, stderr));
        root.Add(LagrangeCommand(stdout, stderr));
        root.Add(FitCommand(stdout, stderr));
        root.Add(LinFitCommand(stdout, stderr));
        root.Add(TrainCommand(stdout, stderr));
        root.Add(PlotCommand(stdout, stderr));
        root.Add(PracticeCommand(stdin, stdout, stderr));
        root.Add(LabCommand(stdout, stderr));
        root.Add(BatchCommand(stdin, stdout, stderr));
        root.Add(InfoCommand(stdout, stderr));
        return root;
    }

    private static Option<string> FormatOption()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output form: human (default), plain (parses back), latex, or json (the same object `nabla batch` answers).",
            DefaultValueFactory = _ => "human",
            HelpName = "human|plain|latex|json",
        };
        option.AcceptOnlyFromAmong("human", "plain", "latex", "json");
        return option;
    }

    private static Option<bool> SplitOption() => new("--split-letters")
    {
        Description = "Read unknown multi-letter names as products of single letters (xy means x*y), as in exercises.",
    };

    private static OutputFormat ParseFormat(string? text) => text switch
    {
        "plain" => OutputFormat.Plain,
        "latex" => OutputFormat.Latex,
        "json" => OutputFormat.Json,
        _ => OutputFormat.Human,
    };

    private Command DiffCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The function to differentiate, e.g. \"x^2 sin(x)\"." };
        var wrt = new Option<string?>("--wrt")
        {
            Description = "The variable to differentiate by. Default: the only variable, else x; required when that is ambiguous.",
            HelpName = "variable",
        };
        var order = new Option<int>("--order")
        {
            Description = "How many times to differentiate (default 1).",
            DefaultValueFactory = _ => 1,
        };
        var at = new Option<string?>("--at")
        {
            Description = "Also evaluate the derivative at a point; every variable needs a value. Values may be constants such as pi/4.",
            HelpName = "x=1,y=2",
        };
        var steps = new Option<bool>("--steps") { Description = "Show the derivation rule by rule." };
        var plot = PlotOption("the function with its derivative (other variables fixed at their --at values)", "diff.svg");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("diff",
            """
            Differentiate an expression.

            Examples:
              nabla diff "x^3 sin(x)"
              nabla diff "x^3 sin(x)" --steps
              nabla diff "exp(-x^2)" --order 2 --format latex
              nabla diff "x^2 y + y^3" --wrt y --at x=1,y=2
              nabla diff "sigmoid(w x + b)" --wrt w --format json
              nabla diff "x^3 - 2x" --plot derivative.svg
            """)
        { expr, wrt, order, at, steps, plot, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new DiffRequest(
            parse.GetValue(expr)!,
            parse.GetValue(wrt),
            parse.GetValue(order),
            parse.GetValue(at) is { } point ? RequestReader.ParsePoint(point) : null,
            parse.GetValue(steps),
            parse.GetValue(split)), parse.GetValue(plot)));
        return command;
    }

    private Command SimplifyCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The expression to simplify." };
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("simplify",
            """
            Simplify an expression (under a time and size budget: the best form found is returned).

            Examples:
              nabla simplify "(x^2 - 1)/(x - 1)"
              nabla simplify "sin(x)^2 + cos(x)^2"
              nabla simplify "exp(ln(x)) + x" --format latex
            """)
        { expr, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)),
            () => new SimplifyRequest(parse.GetValue(expr)!, parse.GetValue(split))));
        return command;
    }

    private Command EquivCommand(TextWriter stdout, TextWriter stderr)
    {
        var a = new Argument<string>("a") { Description = "The first expression." };
        var b = new Argument<string>("b") { Description = "The second expression." };
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("equiv",
            """
            Decide whether two expressions are the same function; when not, show a point where they differ.
            Exit code 0 either way (the answer is in the output).

            Examples:
              nabla equiv "sin(x)^2 + cos(x)^2" "1"
              nabla equiv "(x+1)^2" "x^2 + 1"
              nabla equiv "2xy" "2yx" --split-letters --format json
            """)
        { a, b, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)),
            () => new EquivRequest(parse.GetValue(a)!, parse.GetValue(b)!, parse.GetValue(split))));
        return command;
    }

    private Command BatchCommand(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("batch",
            """
            Answer JSON requests from stdin, one per line, with one JSON answer per line on stdout.
            A bad line gets an error answer and the stream continues; blank lines are skipped.
            Ops: diff (expr, wrt?, order?, at?, steps?), simplify (expr), equiv (a, b), grad (expr, vars?, at?, method?, steps?),
            jacobian (exprs, vars?, at?, steps?), hessian (expr, vars?, at?, steps?), stationary (expr, vars?),
            chain (expr, with, wrt?, at?), taylor (expr, about?, order), numdiff (expr, at, wrt?, method?, table?),
            roots, minimize, lagrange, fit, linfit and plot (the same options as the verbs),
            exercise (template, seed), check (template, seed, answer, attempt?);
            any request may carry "id" (echoed back) and "split" (split-letters parsing). See docs/cli.md for the shapes.

            Examples:
              echo '{"op":"diff","expr":"x^2 sin(x)","at":{"x":1}}' | nabla batch
              printf '%s\n' '{"id":1,"op":"simplify","expr":"x+x"}' '{"id":2,"op":"equiv","a":"x","b":"x+0"}' | nabla batch
              echo '{"op":"jacobian","exprs":["x^2-y^2","2*x*y"],"at":{"x":1,"y":2}}' | nabla batch
            """);
        command.SetAction(_ => RunBatch(stdin, stdout, stderr));
        return command;
    }

    /// <summary>
    /// Runs one verb: builds the request, computes, prints. Errors go to stderr (and, with <c>--format json</c>, the
    /// error object to stdout as a batch line would answer), mapped to exit code 1 or 2. With <paramref name="plot"/>,
    /// the answer is also drawn to that file (checked before computing; JSON gains <c>"plot"</c>).
    /// </summary>
    private int Respond(TextWriter stdout, TextWriter stderr, OutputFormat format, Func<Request> build, string? plot = null,
        CancellationToken cancellationToken = default)
    {
        Outcome outcome;
        string text;
        string? written = null;
        cancellationToken = WithInterrupt(cancellationToken);
        try
        {
            if (plot is not null) PlotFile.Check(plot);
            var request = build();
            outcome = WhileBusy(stderr, format, request, cancellationToken,
                () => request is PlotRequest p ? responder.ExecutePlot(p, cancellationToken) : responder.Execute(request));
            if (plot is not null) written = PlotOutcomes.Write(outcome, plot, cancellationToken);
            // Render before writing so a printer failure cannot leave half an answer on stdout.
            text = format == OutputFormat.Json
                ? JsonOutput.ToLine(PlotOutcomes.WithPlot(Responder.ToJson(outcome), written))
                : outcome is PlotOutcome drawn ? Responder.PlotText(drawn) : TextRenderer.Render(outcome, format);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = ErrorInfo.FromException(ex, debug);
            if (format == OutputFormat.Json) stdout.WriteLine(JsonOutput.ToLine(Responder.ErrorJson(error)));
            stderr.WriteLine(error.Display);
            return error.ExitCode;
        }
        stdout.WriteLine(text);
        // Plain and LaTeX keep "the last line is the result", so the notice goes to stderr there.
        if (written is not null && format != OutputFormat.Json) (format == OutputFormat.Human ? stdout : stderr).WriteLine($"plot written to {written}");
        return ExitCodes.Ok;
    }
}
