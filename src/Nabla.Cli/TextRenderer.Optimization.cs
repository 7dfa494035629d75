using System.Globalization;
using System.Text;
using Nabla.Optimization;

namespace Nabla.Cli;

public static partial class TextRenderer
{
    private static string RenderOptimization(Outcome outcome, OutputFormat format) => outcome switch
    {
        RootsOutcome r => RenderRoots(r, format),
        MinimizeOutcome m => RenderMinimize(m, format),
        LagrangeOutcome l => RenderLagrange(l, format),
        _ => RenderRegression(outcome, format),
    };

    private static string Num(double value) =>
        double.IsFinite(value) ? value.ToString("G12", CultureInfo.InvariantCulture) : Responder.FormatNumber(value);

    private static string RenderRoots(RootsOutcome outcome, OutputFormat format)
    {
        var r = outcome.Result;
        string x = outcome.Variable.Name;
        var sb = new StringBuilder();
        if (outcome.Trace)
            AppendTable(sb, ["n", x, $"f({x})", "f'", "step"],
                r.Trace.Select(s => new[] { s.Iteration.ToString(CultureInfo.InvariantCulture), Num(s.X), Num(s.F), Num(s.Derivative), Num(s.Step) }));
        switch (format)
        {
            case OutputFormat.Plain:
                sb.AppendLine(r.Message);
                sb.Append(Responder.FormatNumber(r.Root));
                break;
            case OutputFormat.Latex:
                sb.Append(CultureInfo.InvariantCulture, $"{x} \\approx {Num(r.Root)}");
                break;
            default:
                string what = r.Converged ? "root" : "no root found";
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"{what}: {x} = {Num(r.Root)}, f({x}) = {Num(r.Value)} ({r.Method}, {r.Iterations} iteration{(r.Iterations == 1 ? "" : "s")}, exit: {r.Exit.ToJsonName()})");
                sb.Append(r.Message);
                break;
        }
        return sb.ToString();
    }

    private static string RenderMinimize(MinimizeOutcome outcome, OutputFormat format)
    {
        var r = outcome.Result;
        var sb = new StringBuilder();
        if (outcome.Trace)
            AppendTable(sb, ["n", .. r.Variables, "f", "|grad f|", "step"],
                r.Trace.Select(s => new[] { s.Iteration.ToString(CultureInfo.InvariantCulture) }
                    .Concat(s.X.Select(Num)).Concat([Num(s.Value), Num(s.GradientNorm), Num(s.StepLength)]).ToArray()));
        string point = string.Join(", ", r.Variables.Select((v, i) => $"{v} = {Num(r.X[i])}"));
        switch (format)
        {
            case OutputFormat.Plain:
                sb.AppendLine(r.Message);
                sb.Append(string.Join(",", r.Variables.Select((v, i) => $"{v}={Responder.FormatNumber(r.X[i])}")));
                break;
            case OutputFormat.Latex:
                sb.Append(string.Join(",\\; ", r.Variables.Select((v, i) => $"{v} \\approx {Num(r.X[i])}")));
                sb.Append(CultureInfo.InvariantCulture, $",\\; f \\approx {Num(r.Value)}");
                break;
            default:
                string what = r.Converged ? "minimum" : "stopped";
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"{what}: f = {Num(r.Value)} at {point} ({r.Method}, {r.Iterations} iteration{(r.Iterations == 1 ? "" : "s")}, exit: {r.Exit.ToJsonName()})");
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"|grad f| = {Num(r.GradientNorm)}; evaluations: f {r.FunctionEvaluations}, gradient {r.GradientEvaluations}, Hessian {r.HessianEvaluations}");
                sb.Append(r.Message);
                break;
        }
        return sb.ToString();
    }

    private static string RenderLagrange(LagrangeOutcome outcome, OutputFormat format)
    {
        var r = outcome.Result;
        var sb = new StringBuilder();
        if (format == OutputFormat.Latex)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\\mathcal{{L}} = {r.Lagrangian.ToLatex()}");
            foreach (var p in r.Points) sb.AppendLine(LagrangeRow(p, latex: true));
            return sb.ToString().TrimEnd();
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"L = {(format == OutputFormat.Plain ? r.Lagrangian.ToPlain() : r.Lagrangian.ToHuman())}");
        if (r.Points.Count == 0)
        {
            sb.Append(r.Message);
            return sb.ToString();
        }
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{r.Points.Count} stationary point{(r.Points.Count == 1 ? "" : "s")} on the constraint{(outcome.Constraints.Count == 1 ? "" : "s")}:");
        foreach (var p in r.Points) sb.AppendLine("  " + LagrangeRow(p, latex: false));
        if (r.GlobalMin is { } min) sb.AppendLine("global minimum found: " + LagrangeRow(min, latex: false, reason: false));
        if (r.GlobalMax is { } max) sb.AppendLine("global maximum found: " + LagrangeRow(max, latex: false, reason: false));
        sb.Append(r.Message);
        return sb.ToString();
    }

    private static string LagrangeRow(ConstrainedPoint p, bool latex, bool reason = true)
    {
        var parts = p.Variables.Select((v, i) => $"{v} = {Num(p.X[i])}").ToList();
        for (int i = 0; i < p.Multipliers.Count; i++)
            parts.Add($"{(latex ? "\\lambda" : "λ")}{(p.Multipliers.Count == 1 ? "" : (i + 1).ToString(CultureInfo.InvariantCulture))} = {Num(p.Multipliers[i])}");
        parts.Add($"f = {Num(p.Value)}");
        string kind = p.Kind.ToJsonName();
        if (latex) return $"\\text{{{kind}}}: {string.Join(",\\; ", parts)}";
        return reason ? $"{kind,-7} {string.Join(", ", parts)}  ({p.Reason})" : string.Join(", ", parts);
    }

    /// <summary>An aligned plain-text table (the iteration tables learners read line by line).</summary>
    private static void AppendTable(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header.ToArray() };
        all.AddRange(rows);
        var widths = new int[header.Count];
        foreach (var row in all)
            for (int i = 0; i < Math.Min(row.Length, widths.Length); i++) widths[i] = Math.Max(widths[i], row[i].Length);
        foreach (var row in all)
        {
            for (int i = 0; i < Math.Min(row.Length, widths.Length); i++)
            {
                if (i > 0) sb.Append("  ");
                sb.Append(i == 0 ? row[i].PadLeft(widths[i]) : row[i].PadRight(widths[i]));
            }
            sb.Append('\n');
        }
    }
}
