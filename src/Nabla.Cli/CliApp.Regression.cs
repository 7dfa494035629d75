using System.CommandLine;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    private static Option<string?> ColumnOption(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
    };

    private Command FitCommand(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("data") { Description = "A CSV or TSV file (header row optional; # starts a comment)." };
        var model = new Option<string>("--model")
        {
            Description = "The model in the predictors and parameters, e.g. \"a exp(-b x)\". Parameters are its symbols other than the predictors.",
            HelpName = "expr",
            Required = true,
        };
        var parameters = new Option<string?>("--params")
        {
            Description = "Start values of the parameters. Not needed when the model is linear in them (it is then solved directly).",
            HelpName = "a=1,b=2",
        };
        var x = ColumnOption("--x", "The predictor column(s), by header name or 1-based index (default: the column named x, else the first).", "col");
        var y = ColumnOption("--y", "The response column (default: the column named y, else the second).", "col");
        var sigma = ColumnOption("--sigma", "The column of uncertainties σ of y (default: none, an unweighted fit).", "col");
        var method = new Option<string?>("--method")
        {
            Description = "lm (Levenberg-Marquardt, default), gn (Gauss-Newton) or sd (steepest descent, as in the course).",
            HelpName = string.Join("|", Responder.FitMethodNames),
        };
        var rate = new Option<double?>("--rate") { Description = "Steepest descent: the \"aggression\", step = −rate·∇χ².", HelpName = "γ" };
        var iterations = new Option<int?>("--iterations") { Description = "Steepest descent: take exactly this many steps.", HelpName = "n" };
        var absolute = new Option<bool>("--absolute-sigma")
        {
            Description = "The σ are absolute measurement errors: do not rescale the covariance by the reduced χ² (curve_fit's absolute_sigma).",
        };
        var trace = TraceOption();
        var plot = new Option<string?>("--plot") { Description = "Write the data and the fitted curve to this file (.svg or .png).", HelpName = "fit.svg" };
        var format = FormatOption();
        var split = SplitOption();
        var command = new Command("fit",
            """
            Fit a model to data by least squares (χ²), with standard errors, covariance and goodness of fit.
            A model linear in its parameters is solved directly; otherwise the fit walks down the χ² surface.

            Examples:
              nabla fit data.csv --model "a x + b"
              nabla fit decay.csv --model "a exp(-k t)" --x t --params a=10,k=0.5 --sigma dy --plot decay.svg
              nabla fit heights.csv --model "exp(-(x-mu)^2/(2 sig^2))/(sig sqrt(2 pi))" --params mu=155,sig=6 --method sd --rate 2000 --iterations 50 --trace
            """)
        { file, model, parameters, x, y, sigma, method, rate, iterations, absolute, trace, plot, format, split };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () => new FitRequest(
            parse.GetValue(model)!,
            FitData.FromFile(parse.GetValue(file)!, parse.GetValue(x), parse.GetValue(y), parse.GetValue(sigma)),
            Point(parse.GetValue(parameters)),
            parse.GetValue(method),
            parse.GetValue(rate),
            parse.GetValue(iterations),
            parse.GetValue(absolute),
            parse.GetValue(trace),
            parse.GetValue(plot),
            parse.GetValue(split))));
        return command;
    }

    private Command LinFitCommand(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("data") { Description = "A CSV or TSV file (header row optional; # starts a comment)." };
        var x = ColumnOption("--x", "The x column, by header name or 1-based index (default: the column named x, else the first).", "col");
        var y = ColumnOption("--y", "The y column (default: the column named y, else the second).", "col");
        var sigma = ColumnOption("--sigma", "The column of uncertainties σ of y (default: none).", "col");
        var absolute = new Option<bool>("--absolute-sigma") { Description = "The σ are absolute: do not rescale the errors by the reduced χ²." };
        var plot = new Option<string?>("--plot") { Description = "Write the data and the line to this file (.svg or .png).", HelpName = "line.svg" };
        var format = FormatOption();
        var command = new Command("linfit",
            """
            Fit a straight line y = slope·x + intercept (the course's linfit): slope, intercept, their standard
            errors, the correlation coefficient r and χ².

            Examples:
              nabla linfit data.csv
              nabla linfit data.csv --x time --y distance --sigma error --plot line.svg
              nabla linfit data.csv --format json
            """)
        { file, x, y, sigma, absolute, plot, format };
        command.SetAction(parse => Respond(stdout, stderr, ParseFormat(parse.GetValue(format)), () =>
        {
            var data = FitData.FromFile(parse.GetValue(file)!, parse.GetValue(x), parse.GetValue(y), parse.GetValue(sigma));
            if (data.Predictors.Count != 1)
                throw new RequestException("linfit fits one predictor; --x names several", "use nabla fit with a model for several predictors");
            return new LinFitRequest(data, parse.GetValue(absolute), parse.GetValue(plot));
        }));
        return command;
    }
}
