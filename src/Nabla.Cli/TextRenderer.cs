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
public static partial class TextRenderer
{
    /// <summary>The text for <paramref name="outcome"/> in <paramref name="format"/> (not JSON).</summary>
    public static string Render(Outcome outcome, OutputFormat format) => outcome switch
    {
        DiffOutcome d => RenderDiff(d, format),
        SimplifyOutcome s => Print(s.Result, format),
        EquivOutcome q => RenderEquiv(q, format),
        _ => RenderMultivariate(outcome, format),
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
        if (d.Derivation is not null)
        {
            // The shared renderer (also used by the web course) shows the steps; the answer then comes last, as
            // without --steps, so "the last line is the result" holds for every format.
            sb.Append(format switch
            {
                OutputFormat.Plain => DerivationRenderer.ToText(d.Derivation, e => e.ToPlain()),
                OutputFormat.Latex => DerivationRenderer.ToLatex(d.Derivation),
                _ => DerivationRenderer.ToText(d.Derivation),
            });
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
