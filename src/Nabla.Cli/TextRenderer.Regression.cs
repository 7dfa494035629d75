using System.Globalization;
using System.Text;
using Nabla.Optimization;
using Nabla.Regression;

namespace Nabla.Cli;

public static partial class TextRenderer
{
    private static string RenderRegression(Outcome outcome, OutputFormat format) => outcome switch
    {
        FitOutcome f => RenderFit(f, format),
        LinFitOutcome l => RenderLinFit(l, format),
        _ => throw new ArgumentException($"unknown outcome {outcome?.GetType().Name}", nameof(outcome)),
    };

    private static string RenderFit(FitOutcome outcome, OutputFormat format)
    {
        var r = outcome.Result;
        var sb = new StringBuilder();
        if (outcome.Trace && r.Trace.Count > 0)
            AppendTable(sb, ["n", .. r.ParameterNames, "chi2", "step", "lambda"],
                r.Trace.Select(s => new[] { s.Iteration.ToString(CultureInfo.InvariantCulture) }
                    .Concat(s.Parameters.Select(Num)).Concat([Num(s.ChiSquared), Num(s.StepNorm), Num(s.Lambda)]).ToArray()));
        if (format == OutputFormat.Latex)
        {
            sb.Append(string.Join(",\\; ", r.ParameterNames.Select((p, i) => $"{p} = {Num(r.Parameters[i])} \\pm {Num(r.StandardErrors[i])}")));
            return sb.ToString();
        }
        if (format == OutputFormat.Plain)
        {
            sb.AppendLine(r.Message);
            sb.Append(string.Join(",", r.ParameterNames.Select((p, i) => $"{p}={Responder.FormatNumber(r.Parameters[i])}")));
            return sb.ToString();
        }
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"fit of {outcome.Model.ToHuman()} ({(outcome.Linear ? "linear in its parameters: solved directly" : r.Method)}, exit: {r.Exit.ToJsonName()}, {r.Iterations} iteration{(r.Iterations == 1 ? "" : "s")})");
        AppendTable(sb, ["parameter", "value", "std error"],
            r.ParameterNames.Select((p, i) => new[] { p, Num(r.Parameters[i]), Num(r.StandardErrors[i]) }));
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"chi2 = {Num(r.ChiSquared)}, dof = {r.DegreesOfFreedom}, reduced chi2 = {Num(r.ReducedChiSquared)}, p = {Num(r.PValue)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"condition number of JᵀJ = {Num(r.ConditionNumber)}, rank {r.Rank} of {r.ParameterNames.Count}");
        if (outcome.PlotPath is not null) sb.AppendLine($"plot written to {outcome.PlotPath}");
        sb.Append(r.Message);
        return sb.ToString();
    }

    private static string RenderLinFit(LinFitOutcome outcome, OutputFormat format)
    {
        var l = outcome.Result;
        return format switch
        {
            OutputFormat.Latex => $"y = ({Num(l.Slope)} \\pm {Num(l.SlopeError)})\\,x + ({Num(l.Intercept)} \\pm {Num(l.InterceptError)})",
            OutputFormat.Plain => $"slope={Responder.FormatNumber(l.Slope)},intercept={Responder.FormatNumber(l.Intercept)}",
            _ => string.Join('\n', new[]
            {
                $"y = {Num(l.Slope)} x + {Num(l.Intercept)}",
                $"slope     = {Num(l.Slope)} ± {Num(l.SlopeError)}",
                $"intercept = {Num(l.Intercept)} ± {Num(l.InterceptError)}",
                $"r = {Num(l.R)}, chi2 = {Num(l.Fit.ChiSquared)}, dof = {l.Fit.DegreesOfFreedom}",
            }.Concat(outcome.PlotPath is null ? [] : [$"plot written to {outcome.PlotPath}"])),
        };
    }
}
