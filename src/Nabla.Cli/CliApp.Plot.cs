using System.CommandLine;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    private Command PlotCommand(TextWriter stdout, TextWriter stderr)
    {
        var expr = new Argument<string>("expr") { Description = "The function to draw, e.g. \"x^3 - 2x\" or \"x^2 + 3y^2\"." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The image file (default plot.svg): .svg for vector graphics, .png for a bitmap. Written whole or not at all.",
            DefaultValueFactory = _ => "plot.svg",
            HelpName = "file",
        };
        var kind = new Option<string?>("--kind")
        {
            Description = $"What to draw: {string.Join(", ", Responder.PlotKinds)}. Default: secant with --tangent-at, taylor with --order, "
                + "newton with --x0, descent with --start; else contour for two variables, function for one.",
            HelpName = "kind",
        };
        var from = new Option<string?>("--from") { Description = "The left end of x (a number or a constant such as -pi).", HelpName = "a" };
        var to = new Option<string?>("--to") { Description = "The right end of x.", HelpName = "b" };
        var yFrom = new Option<string?>("--y-from") { Description = "Two variables: the bottom of y (default: as x).", HelpName = "c" };
        var yTo = new Option<string?>("--y-to") { Description = "Two variables: the top of y (default: as x).", HelpName = "d" };
        var tangentAt = new Option<string?>("--tangent-at") { Description = "secant: secant lines through x₀ closing in on the tangent there.", HelpName = "x0" };
        var order = new Option<int?>("--order") { Description = "taylor: draw the Taylor polynomials of orders 0 … n (default 4).", HelpName = "n" };
        var about = new Option<string?>("--about") { Description = "taylor: the expansion point (default 0).", HelpName = "a" };
        var x0 = new Option<string?>("--x0") { Description = "newton: the start of Newton-Raphson.", HelpName = "x0" };
        var start = new Option<string?>("--start") { Description = "descent: the start of the minimiser, a value for every variable.", HelpName = "x=1,y=2" };
        var method = new Option<string?>("--method")
        {
            Description = "newton: newton (default), secant or bisection. descent: gd, momentum, nesterov, adam, newton, hybrid, bfgs (default) or lbfgs.",
            HelpName = "name",
        };
        var rate = new Option<double?>("--rate") { Description = "descent: the step size γ of gd, momentum, nesterov and adam (default 0.1).", HelpName = "γ" };
        var width = new Option<int?>("--width") { Description = $"Image width in pixels ({PlotFile.MinSize}–{PlotFile.MaxSize}; default 800, 700 for two variables).", HelpName = "px" };
        var height = new Option<int?>("--height") { Description = "Image height in pixels (default 500, 620 for two variables).", HelpName = "px" };
        var format = new Option<string>("--format")
        {
            Description = "human (default: where the plot went) or json ({\"ok\":true,\"file\":…,\"kind\":…}).",
            DefaultValueFactory = _ => "human",
            HelpName = "human|json",
        };
        format.AcceptOnlyFromAmong("human", "json");
        var split = SplitOption();
        var command = new Command("plot",
            """
            Draw a function to an SVG (default) or PNG file, with the calculus around it: its derivative, secant
            lines closing in on a tangent, Taylor polynomials, Newton-Raphson steps, contours with gradient arrows,
            a heat map, or a minimiser's path.

            Examples:
              nabla plot "x^3 - 2x" --kind derivative -o derivative.svg
              nabla plot "exp(x)" --tangent-at 0 -o tangent.svg
              nabla plot "sin(x)" --order 7 --from -2pi --to 2pi -o taylor.svg
              nabla plot "x^3 - 2x + 2" --x0 0 -o newton.png
              nabla plot "x^2 + 3y^2" -o contour.svg
              nabla plot "sin(x) cos(y)" --kind surface --from -pi --to pi -o surface.svg
              nabla plot "x^2 + 10 y^2" --start x=-4,y=1 --method gd --rate 0.09 -o descent.svg
              nabla plot "(1 - x)^2 + 100 (y - x^2)^2" --start x=-1.2,y=1 -o rosenbrock.svg
            """)
        { expr, output, kind, from, to, yFrom, yTo, tangentAt, order, about, x0, start, method, rate, width, height, format, split };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new PlotRequest(
            parse.GetValue(expr)!,
            parse.GetValue(output)!,
            parse.GetValue(kind),
            parse.GetValue(from),
            parse.GetValue(to),
            parse.GetValue(yFrom),
            parse.GetValue(yTo),
            parse.GetValue(tangentAt),
            parse.GetValue(order),
            parse.GetValue(about),
            parse.GetValue(x0),
            Point(parse.GetValue(start)),
            parse.GetValue(method),
            parse.GetValue(rate),
            parse.GetValue(width),
            parse.GetValue(height),
            parse.GetValue(split)), cancellationToken: cancellationToken)));
        return command;
    }

    private static Option<string?> PlotOption(string what, string example) => new("--plot")
    {
        Description = $"Also draw {what} to this file (.svg or .png).",
        HelpName = example,
    };

    private static Option<string?> LossPlotOption() => new("--loss-plot")
    {
        Description = "Also draw the training-loss curve to this file (.svg or .png; a log scale when the loss falls by more than ten times).",
        HelpName = "loss.svg",
    };

    /// <summary>The JSON answer with <c>"lossPlot"</c>: the loss curve written, when there is one.</summary>
    private static System.Text.Json.Nodes.JsonObject WithLossPlot(System.Text.Json.Nodes.JsonObject json, string? written)
    {
        if (written is not null) json["lossPlot"] = written;
        return json;
    }

    /// <summary>The human answer with a last line saying where the loss curve went (JSON carries it as a field).</summary>
    private static string WithLossPlot(string text, bool json, string? written) =>
        json || written is null ? text : $"{text}\n  loss curve written to {written}";
}
