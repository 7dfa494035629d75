using System.CommandLine;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    private static Option<string?> VarsOption() => new("--vars")
    {
        Description = "The variables, in the order of the result's entries. Default: every variable, alphabetically (x2 before x10).",
        HelpName = "x,y",
    };

    private static Option<string?> AtOption(string what, bool required = false) => new("--at")
    {
        Description = $"{what}; every variable needs a value. Values may be constants such as pi/4.",
        HelpName = "x=1,y=2",
        Required = required,
    };

    private static Option<bool> StepsOption(string description) => new("--steps") { Description = description };

    private static List<string>? Names(string? text) => text is null ? null : RequestReader.ParseNames(text);

    private static List<PointValue>? Point(string? text) => text is null ? null : RequestReader.ParsePoint(text);

    private Command GradCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The scalar function, e.g. \"x^2 y\"." };
        var vars = VarsOption();
        var at = AtOption("Also evaluate the gradient at a point");
        var method = new Option<string?>("--method")
        {
            Description = "Also compute the gradient at the --at point (required) by: symbolic (the formula evaluated), forward (forward-mode AD), "
                + "reverse (reverse-mode AD), numeric (finite differences), or all of them side by side with their differences.",
            HelpName = string.Join("|", Responder.GradientMethodNames) + "|all",
        };
        var steps = StepsOption("Show the derivation of each partial derivative, rule by rule.");
        var plot = PlotOption("contours with gradient arrows (two variables; around the --at point when given)", "grad.svg");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("grad",
            """
            The gradient (∂f/∂x, ∂f/∂y, …): one partial derivative per variable.

            Examples:
              nabla grad "x^2 y"
              nabla grad "x^2 y" --at x=1,y=2
              nabla grad "x^2 y + sin(x)" --at x=1,y=2 --method forward
              nabla grad "x^2 y + sin(x)" --at x=1,y=2 --method all
              nabla grad "x2 + x10^2" --vars x10,x2 --format json
              nabla grad "x^2 sin(y)" --steps
              nabla grad "x^2 + 3y^2" --plot gradient.svg
            """)
        { expr, vars, at, method, steps, plot, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new GradientRequest(
            parse.GetValue(expr)!, Names(parse.GetValue(vars)), Point(parse.GetValue(at)), parse.GetValue(split), parse.GetValue(method),
            parse.GetValue(steps)), parse.GetValue(plot)));
        return command;
    }

    private Command JacobianCommand(TextWriter stdout, TextWriter stderr)
    {
        var exprs = new Argument<string>("functions")
        {
            Description = "The component functions, separated by semicolons, e.g. \"x^2 - y^2; 2x y\".",
        };
        var vars = VarsOption();
        var at = AtOption("Also evaluate the Jacobian at a point");
        var steps = StepsOption("Show the derivation of every entry, rule by rule.");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("jacobian",
            """
            The Jacobian matrix of a vector function: one row per function, one column per variable.

            Examples:
              nabla jacobian "x^2 - y^2; 2x y"
              nabla jacobian "x^2 - y^2; 2x y" --at x=1,y=2
              nabla jacobian "x y z; x + y + z; x^2" --vars z,y,x --format json
              nabla jacobian "x^2 y; sin(x y)" --steps
            """)
        { exprs, vars, at, steps, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new JacobianRequest(
            RequestReader.SplitFunctions(parse.GetValue(exprs)!), Names(parse.GetValue(vars)), Point(parse.GetValue(at)), parse.GetValue(split),
            parse.GetValue(steps))));
        return command;
    }

    private Command HessianCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The scalar function, e.g. \"x^3 - 3x y^2\"." };
        var vars = VarsOption();
        var at = AtOption("Also evaluate the Hessian at a point");
        var steps = StepsOption("Show, for every entry, the derivation of the second derivative from the gradient's entry.");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("hessian",
            """
            The Hessian matrix of second partial derivatives ∂²f/∂xᵢ∂xⱼ.

            Examples:
              nabla hessian "x^3 - 3x y^2"
              nabla hessian "x^2 y + y^3" --at x=1,y=2
              nabla hessian "exp(x y)" --format latex
              nabla hessian "x^2 sin(y)" --steps
            """)
        { expr, vars, at, steps, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new HessianRequest(
            parse.GetValue(expr)!, Names(parse.GetValue(vars)), Point(parse.GetValue(at)), parse.GetValue(split), parse.GetValue(steps))));
        return command;
    }

    private Command StationaryCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The scalar function, e.g. \"x^2 + y^2\"." };
        var vars = VarsOption();
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("stationary",
            """
            The stationary points (where the gradient is 0), each classified as a minimum, maximum, saddle or
            degenerate point by the eigenvalues of the Hessian, with the reason.

            Examples:
              nabla stationary "x^2 + y^2"
              nabla stationary "x^2 - y^2"
              nabla stationary "(x^2 + y - 11)^2 + (x + y^2 - 7)^2" --format json
            """)
        { expr, vars, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new StationaryRequest(
            parse.GetValue(expr)!, Names(parse.GetValue(vars)), parse.GetValue(split))));
        return command;
    }

    private Command ChainCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The outer function f, e.g. \"x y + z\"." };
        var with = new Option<string>("--with")
        {
            Description = "Each inner variable's path in the parameter, separated by semicolons.",
            HelpName = "x=t+1; y=t-1",
            Required = true,
        };
        var wrt = new Option<string?>("--wrt")
        {
            Description = "The parameter t. Default: the paths' only variable.",
            HelpName = "parameter",
        };
        var at = AtOption("Also evaluate the total derivative at a value of the parameter");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("chain",
            """
            The total derivative df/dt of f(x(t), y(t), …) by the multivariate chain rule,
            df/dt = ∂f/∂x · dx/dt + ∂f/∂y · dy/dt + …, with each term shown.

            Examples:
              nabla chain "x y + z" --with "x=t+1; y=t-1; z=t^2" --wrt t
              nabla chain "x^2 + y^2" --with "x=cos(t); y=sin(t)" --at t=pi/4
              nabla chain "x y" --with "x=s^2; y=s" --format json
            """)
        { expr, with, wrt, at, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new ChainRequest(
            parse.GetValue(expr)!, RequestReader.ParsePaths(parse.GetValue(with)!), parse.GetValue(wrt), Point(parse.GetValue(at)), parse.GetValue(split))));
        return command;
    }

    private Command TaylorCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The function to expand, e.g. \"1/x\"." };
        var about = new Option<string?>("--about")
        {
            Description = "The expansion point: one variable for a series in one variable, several for a multivariate one. Values may be constants such as pi/4 (kept exact). Default: 0 in every variable.",
            HelpName = "x=0,y=0",
        };
        var order = new Option<int>("--order")
        {
            Description = "The highest power kept (0 or more).",
            Required = true,
        };
        var plot = PlotOption("the function and its Taylor polynomials of orders 0 … n (one variable)", "taylor.svg");
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("taylor",
            """
            The Taylor polynomial about a point, with exact coefficients, in powers of (x - a).

            Examples:
              nabla taylor "1/x" --about x=4 --order 2
              nabla taylor "exp(x^2)" --order 6
              nabla taylor "exp(x) sin(y)" --about x=0,y=0 --order 3 --format json
              nabla taylor "sin(x)" --order 7 --plot taylor.svg
            """)
        { expr, about, order, plot, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new TaylorRequest(
            parse.GetValue(expr)!, Point(parse.GetValue(about)), parse.GetValue(order), parse.GetValue(split)), parse.GetValue(plot)));
        return command;
    }

    private Command NumDiffCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The function, e.g. \"sin(x)\"." };
        var at = AtOption("The point", required: true);
        var wrt = new Option<string?>("--wrt")
        {
            Description = "The variable to differentiate by. Default: the only variable, else x.",
            HelpName = "variable",
        };
        var method = new Option<string?>("--method")
        {
            Description = "richardson (default: extrapolated central differences), central, forward, backward or stencil5 (five-point).",
            HelpName = string.Join("|", Responder.NumericMethodNames),
        };
        var table = new Option<bool>("--table")
        {
            Description = "Also show the rise-over-run table: the secant slope as h shrinks, and its error against the exact derivative.",
        };
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("numdiff",
            """
            A numeric derivative (finite differences) at a point, with an error estimate.

            Examples:
              nabla numdiff "sin(x)" --at x=1
              nabla numdiff "x^2" --at x=1 --table
              nabla numdiff "x^2 y" --at x=1,y=2 --wrt y --method central --format json
            """)
        { expr, at, wrt, method, table, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new NumDiffRequest(
            parse.GetValue(expr)!, RequestReader.ParsePoint(parse.GetValue(at)!), parse.GetValue(wrt), parse.GetValue(method),
            parse.GetValue(table), parse.GetValue(split))));
        return command;
    }
}
