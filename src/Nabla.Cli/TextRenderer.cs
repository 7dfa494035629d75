using System.Text;
using Nabla.Symbolic;

namespace Nabla.Cli;

/// <summary>The output formats of the single verbs.</summary>
public enum OutputFormat
{
    /// <summary>What a teacher writes: <c>2x sin(x) + x^2 cos(x)</c>.</summary>
    Human,
    /// <summary>The machine form that parses back: <c>2*x*sin(x)+x^2*cos(x)</c>.</summary>
    Plain,
    /// <summary>LaTeX.</summary>
    Latex,
    /// <summary>The same JSON object a <c>nabla batch</c> line answers.</summary>
    Json,
}

/// <summary>Renders outcomes as text for the human, plain and LaTeX formats.</summary>
public static class TextRenderer
{
    /// <summary>The text for <paramref name="outcome"/> in <paramref name="format"/> (not JSON).</summary>
    public static string Render(Outcome outcome, OutputFormat format) => outcome switch
    {
        DiffOutcome d => RenderDiff(d, format),
        SimplifyOutcome s => Print(s.Result, format),
        EquivOutcome q => RenderEquiv(q, format),
        _ => throw new ArgumentException($"unknown outcome {outcome?.GetType().Name}", nameof(outcome)),
    };

    private static string Print(Expr e, OutputFormat format) => format switch
    {
        OutputFormat.Plain => e.ToPlain(),
        OutputFormat.Latex => e.ToLatex(),
        _ => e.ToHuman(),
    };

    private static string RenderDiff(DiffOutcome d, OutputFormat format)
    {
        var sb = new StringBuilder();
        if (d.Steps is not null)
        {
            sb.AppendLine(format == OutputFormat.Latex ? "% " + Heading(d) : Heading(d));
            int n = 1;
            foreach (var step in d.Steps)
            {
                sb.AppendLine(RenderStep(n++, step, d.Variable.Name, format));
            }
            sb.AppendLine(format == OutputFormat.Latex ? "% Result:" : "Result:");
        }
        sb.Append(Print(d.Result, format));
        if (d.Point is not null && d.Value is { } value)
        {
            // Human: "3x^2 y^2 = 12" (the derivative's value at the point on the same line); the machine forms put
            // the bare number on a line of its own so scripts can take the last line.
            string number = Responder.FormatNumber(value);
            if (format == OutputFormat.Human)
            {
                sb.Append(" = ").Append(Responder.FormatHumanNumber(value));
            }
            else
            {
                sb.AppendLine();
                sb.Append(format == OutputFormat.Latex ? $"% at {PointText(d.Point)}: {number}" : number);
            }
        }
        return sb.ToString();
    }

    private static string PointText(IReadOnlyList<KeyValuePair<string, double>> point) =>
        string.Join(", ", point.Select(p => $"{p.Key} = {Responder.FormatNumber(p.Value)}"));

    private static string Heading(DiffOutcome d)
    {
        string op = d.Order == 1 ? $"d/d{d.Variable.Name}" : $"d^{d.Order}/d{d.Variable.Name}^{d.Order}";
        return $"Differentiating {d.Function.ToHuman()} ({op}), {(d.Steps!.Count == 1 ? "1 step" : $"{d.Steps.Count} steps")}:";
    }

    private static string RenderStep(int n, DerivationStep step, string variable, OutputFormat format)
    {
        string indent = new(' ', 2 * Math.Max(0, step.Depth));
        return format switch
        {
            OutputFormat.Plain =>
                $"{indent}{n}. {step.Rule}: d/d{variable}({step.Expression.ToPlain()}) = {step.Result.ToPlain()}",
            OutputFormat.Latex =>
                $"{indent}% {n}. {step.Rule}: {step.Explanation}\n{indent}\\frac{{d}}{{d{variable}}}\\left[{step.Expression.ToLatex()}\\right] = {step.Result.ToLatex()}",
            _ =>
                $"{indent}{n}. {Capitalise(step.Rule)}: {step.Explanation}\n{indent}   {step.Formula}\n{indent}   d/d{variable} [{step.Expression.ToHuman()}] = {step.Result.ToHuman()}",
        };
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string RenderEquiv(EquivOutcome q, OutputFormat format)
    {
        var r = q.Result;
        string method = Responder.MethodName(r.Method);
        if (format == OutputFormat.Plain)
        {
            var sb = new StringBuilder(r.Equivalent ? "true" : "false");
            sb.Append(' ').Append(method);
            if (r.Counterexample is { } c) sb.Append(' ').Append(Point(c, "=", Responder.FormatNumber));
            return sb.ToString();
        }
        if (format == OutputFormat.Latex)
        {
            string rel = r.Equivalent ? "\\equiv" : "\\not\\equiv";
            return $"{q.A.ToLatex()} {rel} {q.B.ToLatex()}";
        }
        if (r.Equivalent) return "equivalent";
        string a = q.A.ToHuman(), b = q.B.ToHuman();
        if (r.Counterexample is { } point)
        {
            string va = r.ValueA is { } x ? Responder.FormatHumanNumber(x) : "?";
            string vb = r.ValueB is { } y ? Responder.FormatHumanNumber(y) : "?";
            return $"not equivalent: at {Point(point, " = ", Responder.FormatHumanNumber)}, {a} = {va} but {b} = {vb}";
        }
        return $"not determined: found no point where both {a} and {b} are defined";
    }

    private static string Point(IReadOnlyDictionary<string, double> point, string eq, Func<double, string> number) =>
        string.Join(", ", point.OrderBy(p => p.Key, Comparer<string>.Create(Symbol.NaturalCompare))
            .Select(p => $"{p.Key}{eq}{number(p.Value)}"));
}
