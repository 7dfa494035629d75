using System.CommandLine;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    private static Option<int?> MaxIterationsOption(int fallback) => new("--max-iterations")
    {
        Description = $"The iteration budget (default {fallback}).",
        HelpName = "n",
    };

    private static Option<bool> TraceOption() => new("--trace")
    {
        Description = "Print every iterate as a table (in JSON: a \"trace\" list, the start first).",
    };

    private Command RootsCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "A function of one variable; its root is where it is 0, e.g. \"x^2 - 2\"." };
        var from = new Option<string>("--from")
        {
            Description = "The start (a number or a constant such as pi/2); for bisection one end of the interval.",
            HelpName = "x0",
            Required = true,
        };
        var to = new Option<string?>("--to")
        {
            Description = "Bisection: the other end of the interval (otherwise a bracket is searched for outward from --from). Secant: the second start.",
            HelpName = "x1",
        };
        var method = new Option<string?>("--method")
        {
            Description = "newton (default: Newton-Raphson, x ← x − f(x)/f'(x)), bisection or secant.",
            HelpName = string.Join("|", Responder.RootMethodNames),
        };
        var maxIterations = MaxIterationsOption(100);
        var trace = TraceOption();
        var plot = PlotOption("the iterations on the graph of f (Newton: along each tangent to the axis)", "newton.svg");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("roots",
            """
            A root of a function of one variable: where f(x) = 0. Newton-Raphson shows how it can fail too —
            cycling, jumping to a far root, or stopping at a stationary point — and says which.

            Examples:
              nabla roots "x^2 - 2" --from 1 --trace
              nabla roots "x^3 - 2x + 2" --from 0 --trace
              nabla roots "cos(x) - x" --from 0 --to 1 --method bisection
              nabla roots "x^3 - x - 1" --from 1.5 --method secant --format json
              nabla roots "x^3 - 2x + 2" --from 0 --plot newton.svg
            """)
        { expr, from, to, method, maxIterations, trace, plot, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new RootsRequest(
            parse.GetValue(expr)!, parse.GetValue(from)!, parse.GetValue(method), parse.GetValue(to), parse.GetValue(maxIterations),
            parse.GetValue(trace), parse.GetValue(split)), parse.GetValue(plot)));
        return command;
    }

    private Command MinimizeCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The function to minimise, e.g. \"(1 - x)^2 + 100 (y - x^2)^2\"." };
        var from = new Option<string>("--from")
        {
            Description = "The start: a value for every variable. Values may be constants such as pi/4.",
            HelpName = "x=1,y=2",
            Required = true,
        };
        var method = new Option<string?>("--method")
        {
            Description = "gd (gradient descent), momentum, nesterov, adam, newton, hybrid (Newton unless uphill or too long), bfgs (default) or lbfgs.",
            HelpName = string.Join("|", Responder.MinimizeMethodNames),
        };
        var rate = new Option<double?>("--rate")
        {
            Description = "The step size γ of gd, momentum, nesterov and adam (default 0.1).",
            HelpName = "γ",
        };
        var maxIterations = MaxIterationsOption(1000);
        var trace = TraceOption();
        var plot = PlotOption("the path on the contours of f (one or two variables)", "descent.svg");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("minimize",
            """
            A local minimum of a function of several variables, walking downhill from a start.

            Examples:
              nabla minimize "(1 - x)^2 + 100 (y - x^2)^2" --from x=-1.2,y=1
              nabla minimize "x^2 + 10 y^2" --from x=1,y=1 --method gd --rate 0.05 --trace
              nabla minimize "(x^2 + y - 11)^2 + (x + y^2 - 7)^2" --from x=-3,y=3 --method newton --format json
              nabla minimize "x^2 + 10 y^2" --from x=-4,y=1 --method gd --rate 0.09 --plot descent.svg
            """)
        { expr, from, method, rate, maxIterations, trace, plot, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new MinimizeRequest(
            parse.GetValue(expr)!, RequestReader.ParsePoint(parse.GetValue(from)!), parse.GetValue(method), parse.GetValue(rate),
            parse.GetValue(maxIterations), parse.GetValue(trace), parse.GetValue(split)), parse.GetValue(plot)));
        return command;
    }

    private Command LagrangeCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The function f to optimise, e.g. \"x y\"." };
        var subjectTo = new Option<string[]>("--subject-to")
        {
            Description = "A constraint, \"g = c\" or \"g\" (meaning g = 0); repeat the option or separate with ; for several.",
            HelpName = "g = 0",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var vars = VarsOption();
        var from = new Option<string?>("--from")
        {
            Description = "Start Newton's method here (variables, and lambda if you like). Without it, many starts in a box are tried.",
            HelpName = "x=1,y=0,lambda=1",
        };
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("lagrange",
            """
            Optimise f along constraints with Lagrange multipliers: solve ∇f = λ∇g with g = 0, report every
            stationary point found with λ and f, classified (constrained min, max or saddle), and the global
            minimum and maximum among them.

            Examples:
              nabla lagrange "x y" --subject-to "x^2 + y^2 = 1"
              nabla lagrange "exp(-(2x^2 + y^2 - x y)/2)" --subject-to "x^2 + 3(y + 1)^2 = 1"
              nabla lagrange "x + y + z" --subject-to "x^2 + y^2 + z^2 = 1" --subject-to "x - y = 0" --format json
            """)
        { expr, subjectTo, vars, from, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new LagrangeRequest(
            parse.GetValue(expr)!, RequestReader.SplitConstraints(parse.GetValue(subjectTo) ?? []), Names(parse.GetValue(vars)),
            Point(parse.GetValue(from)), parse.GetValue(split))));
        return command;
    }
}
