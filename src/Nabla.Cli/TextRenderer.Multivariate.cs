using System.Globalization;
using System.Text;
using Nabla.Symbolic;

namespace Nabla.Cli;

public static partial class TextRenderer
{
    private static string RenderMultivariate(Outcome outcome, OutputFormat format) => outcome switch
    {
        GradientOutcome g => RenderGradient(g, format),
        MatrixOutcome m => RenderMatrix(m, format),
        StationaryOutcome s => RenderStationary(s, format),
        ChainOutcome c => RenderChain(c, format),
        TaylorOutcome t => format switch
        {
            OutputFormat.Plain => t.ToPlain(),
            OutputFormat.Latex => t.ToLatex(),
            _ => t.ToHuman(),
        },
        NumDiffOutcome n => RenderNumDiff(n, format),
        _ => RenderOptimization(outcome, format),
    };

    private static string Names(IEnumerable<Symbol> variables) => string.Join(", ", variables.Select(v => v.Name));

    /// <summary>Human: <c>(2x y, x^2)</c>; plain: <c>[2*x*y, x^2]</c>; LaTeX: <c>\left(2 x y, x^{2}\right)</c>.</summary>
    private static string Vector(IEnumerable<string> entries, OutputFormat format) => format switch
    {
        OutputFormat.Plain => "[" + string.Join(", ", entries) + "]",
        OutputFormat.Latex => "\\left(" + string.Join(", ", entries) + "\\right)",
        _ => "(" + string.Join(", ", entries) + ")",
    };

    /// <summary>
    /// Human: one bracketed row per line, columns right-aligned; plain: <c>[[a, b], [c, d]]</c>; LaTeX: a bmatrix.
    /// </summary>
    private static string Matrix(string[,] entries, OutputFormat format)
    {
        int rows = entries.GetLength(0), columns = entries.GetLength(1);
        IEnumerable<string> Row(int i) => Enumerable.Range(0, columns).Select(j => entries[i, j]);
        switch (format)
        {
            case OutputFormat.Plain:
                return "[" + string.Join(", ", Enumerable.Range(0, rows).Select(i => "[" + string.Join(", ", Row(i)) + "]")) + "]";
            case OutputFormat.Latex:
                return "\\begin{bmatrix} " + string.Join(" \\\\ ", Enumerable.Range(0, rows).Select(i => string.Join(" & ", Row(i)))) + " \\end{bmatrix}";
            default:
                var widths = Enumerable.Range(0, columns).Select(j => Enumerable.Range(0, rows).Max(i => entries[i, j].Length)).ToArray();
                return string.Join("\n", Enumerable.Range(0, rows).Select(i =>
                    "[" + string.Join("  ", Enumerable.Range(0, columns).Select(j => entries[i, j].PadLeft(widths[j]))) + "]"));
        }
    }

    private static string[,] Map<T>(T[,] matrix, Func<T, string> print)
    {
        var text = new string[matrix.GetLength(0), matrix.GetLength(1)];
        for (int i = 0; i < text.GetLength(0); i++)
            for (int j = 0; j < text.GetLength(1); j++)
                text[i, j] = print(matrix[i, j]);
        return text;
    }

    private static Func<Expr, string> Printer(OutputFormat format) => format switch
    {
        OutputFormat.Plain => e => e.ToPlain(),
        OutputFormat.Latex => e => e.ToLatex(),
        _ => e => e.ToHuman(),
    };

    private static Func<double, string> NumberPrinter(OutputFormat format) =>
        format == OutputFormat.Human ? Responder.FormatHumanNumber : Responder.FormatNumber;

    private static string PointText(IReadOnlyList<KeyValuePair<string, double>> point, Func<double, string> number) =>
        string.Join(", ", point.Select(p => $"{p.Key} = {number(p.Value)}"));

    /// <summary>Rows of cells as lines with aligned columns (trailing spaces trimmed).</summary>
    private static IEnumerable<string> Columns(IReadOnlyList<string[]> rows, string separator)
    {
        int columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(j => rows.Max(r => j < r.Length ? r[j].Length : 0)).ToArray();
        return rows.Select(r => string.Join(separator, r.Select((cell, j) => cell.PadRight(widths[j]))).TrimEnd());
    }

    private static string RenderGradient(GradientOutcome g, OutputFormat format)
    {
        var print = Printer(format);
        var number = NumberPrinter(format);
        string symbolic = Vector(g.Gradient.Select(print), format);
        var sb = new StringBuilder();
        if (g.Derivations is { } derivations)
        {
            for (int i = 0; i < derivations.Count; i++)
                AppendDerivation(sb, $"∂f/∂{g.Variables[i].Name}", derivations[i], format);
            sb.AppendLine(format == OutputFormat.Latex ? "% Result:" : "Result:");
        }
        if (format == OutputFormat.Human) sb.Append($"∇f({Names(g.Variables)}) = ");
        sb.Append(symbolic);
        if (g.Point is { } at && g.Methods is { } methods)
        {
            sb.AppendLine();
            sb.Append(RenderMethodGradients(g.Variables, at, methods, format));
        }
        else if (g.Point is { } point && g.Value is { } value)
        {
            string numbers = Vector(value.Select(number), format);
            sb.AppendLine();
            sb.Append(format switch
            {
                OutputFormat.Human => $"at {PointText(point, number)}: {numbers}",
                OutputFormat.Latex => $"% at {PointText(point, number)}: {numbers}",
                _ => numbers,
            });
        }
        return sb.ToString();
    }

    /// <summary>What each gradient method is, for the human table's header line.</summary>
    private static string MethodDescription(string method) => method switch
    {
        "symbolic" => "the symbolic gradient evaluated",
        "forward" => "forward-mode AD (dual numbers)",
        "reverse" => "reverse-mode AD (a tape)",
        "numeric" => "finite differences (Richardson)",
        _ => method,
    };

    /// <summary>
    /// Human: a table variable | ∂f/∂v (one column per method for <c>all</c>, with each method's largest difference from
    /// the symbolic value). Plain: the vector (one line per method, <c>method: [..]</c>, for all). LaTeX: a comment line.
    /// </summary>
    private static string RenderMethodGradients(IReadOnlyList<Symbol> variables, IReadOnlyList<KeyValuePair<string, double>> point,
        IReadOnlyList<MethodGradient> methods, OutputFormat format)
    {
        var number = NumberPrinter(format);
        switch (format)
        {
            case OutputFormat.Plain:
                return methods.Count == 1
                    ? Vector(methods[0].Values.Select(number), format)
                    : string.Join("\n", methods.Select(m => $"{m.Method}: {Vector(m.Values.Select(number), format)}"));
            case OutputFormat.Latex:
                return string.Join("\n", methods.Select(m =>
                    $"% at {PointText(point, number)} by {m.Method}: {Vector(m.Values.Select(number), OutputFormat.Plain)}"));
        }
        var sb = new StringBuilder();
        if (methods.Count == 1)
        {
            sb.AppendLine($"at {PointText(point, number)}, by {MethodDescription(methods[0].Method)}:");
            var rows = new List<string[]> { new[] { "v", "∂f/∂v" } };
            rows.AddRange(variables.Select((v, i) => new[] { v.Name, number(methods[0].Values[i]) }));
            sb.Append(string.Join("\n", Columns(rows, " | ")));
            return sb.ToString();
        }
        var reference = methods.First(m => m.Method == "symbolic");
        sb.AppendLine($"∂f/∂v at {PointText(point, number)}, by each method:");
        var table = new List<string[]> { new[] { "v" }.Concat(methods.Select(m => m.Method)).ToArray() };
        table.AddRange(variables.Select((v, i) => new[] { v.Name }.Concat(methods.Select(m => number(m.Values[i]))).ToArray()));
        string Short(double d) => double.IsFinite(d) ? d.ToString("G2", CultureInfo.InvariantCulture) : Responder.FormatHumanNumber(d);
        table.Add(new[] { "max |Δ|" }.Concat(methods.Select(m => Short(Responder.MaxDifference(m, reference)))).ToArray());
        sb.AppendLine(string.Join("\n", Columns(table, " | ")));
        sb.Append("(max |Δ|: the largest difference from the symbolic value; ")
          .Append(string.Join("; ", methods.Select(m => $"{m.Method} = {MethodDescription(m.Method)}")))
          .Append(')');
        return sb.ToString();
    }

    private static string RenderMatrix(MatrixOutcome m, OutputFormat format)
    {
        var number = NumberPrinter(format);
        var sb = new StringBuilder();
        if (m.Derivations is { } derivations)
        {
            for (int i = 0; i < derivations.GetLength(0); i++)
                for (int j = 0; j < derivations.GetLength(1); j++)
                {
                    var d = derivations[i, j];
                    string entry = m.Kind == MatrixKind.Jacobian
                        ? $"entry ({i + 1}, {j + 1}): ∂f{i + 1}/∂{d.Variable.Name}"
                        : $"entry ({i + 1}, {j + 1}): ∂/∂{d.Variable.Name} of ∂f/∂{m.Variables[i].Name} = {Printer(format)(d.Function)}";
                    AppendDerivation(sb, entry, d, format);
                }
            sb.AppendLine(format == OutputFormat.Latex ? "% Result:" : "Result:");
        }
        if (format == OutputFormat.Human)
        {
            sb.AppendLine(m.Kind == MatrixKind.Jacobian
                ? $"Jacobian (one row per function; columns {Names(m.Variables)}):"
                : $"Hessian (rows and columns {Names(m.Variables)}):");
        }
        sb.Append(Matrix(Map(m.Matrix, Printer(format)), format));
        if (m.Point is { } point && m.Value is { } value)
        {
            string numbers = Matrix(Map(value, number), format);
            sb.AppendLine();
            sb.Append(format switch
            {
                OutputFormat.Human => $"at {PointText(point, number)}:\n{numbers}",
                OutputFormat.Latex => $"% at {PointText(point, number)}: {Matrix(Map(value, Responder.FormatNumber), OutputFormat.Plain)}",
                _ => numbers,
            });
        }
        return sb.ToString();
    }

    /// <summary>One entry's working under a heading, in the same renderer <c>nabla diff --steps</c> uses.</summary>
    private static void AppendDerivation(StringBuilder sb, string heading, Derivation derivation, OutputFormat format)
    {
        sb.AppendLine(format == OutputFormat.Latex ? $"% {heading}" : heading + ":");
        sb.Append(format switch
        {
            OutputFormat.Plain => DerivationRenderer.ToText(derivation, e => e.ToPlain()),
            OutputFormat.Latex => DerivationRenderer.ToLatex(derivation),
            _ => DerivationRenderer.ToText(derivation),
        });
        if (sb.Length > 0 && sb[^1] != '\n') sb.AppendLine();
    }

    private static string RenderStationary(StationaryOutcome s, OutputFormat format)
    {
        var r = s.Result;
        var number = NumberPrinter(format);
        var header = r.Variables.Select(v => v.Name).Concat(["f", "kind", "eigenvalues", "reason"]).ToArray();
        var rows = r.Points.Select(p => r.Variables
            .Select(v => p.Location.TryGetValue(v.Name, out double c) ? number(c) : "?")
            .Concat([number(p.Value), Responder.KindName(p.Kind), string.Join(format == OutputFormat.Plain ? "," : ", ", p.Eigenvalues.Select(number)), p.Reason])
            .ToArray()).ToList();
        switch (format)
        {
            case OutputFormat.Plain:
                return string.Join("\n", new[] { header }.Concat(rows).Select(row => string.Join("\t", row)));
            case OutputFormat.Latex:
                var sb = new StringBuilder();
                sb.AppendLine("\\begin{array}{" + new string('l', header.Length) + "}");
                sb.AppendLine(string.Join(" & ", header.Select((h, j) => j < r.Variables.Count + 1 ? h : $"\\text{{{h}}}")) + " \\\\");
                sb.AppendLine("\\hline");
                foreach (var row in rows)
                    sb.AppendLine(string.Join(" & ", row.Select((c, j) => j < r.Variables.Count + 1 || j == r.Variables.Count + 2 ? c : $"\\text{{{c}}}")) + " \\\\");
                sb.Append("\\end{array}");
                return sb.ToString();
            default:
                string gradient = Vector(r.Gradient.Select(e => e.ToHuman()), OutputFormat.Human);
                if (rows.Count == 0) return $"∇f = {gradient} = 0: no stationary points found";
                string count = rows.Count == 1 ? "1 point" : $"{rows.Count} points";
                return $"∇f = {gradient} = 0 at {count}:\n" + string.Join("\n", Columns([header, .. rows], "  "));
        }
    }

    private static string RenderChain(ChainOutcome c, OutputFormat format)
    {
        var d = c.Derivative;
        string t = d.Parameter.Name;
        var print = Printer(format);
        var sb = new StringBuilder();
        if (format == OutputFormat.Latex)
        {
            string terms = string.Join(" + ", d.Terms.Select(term =>
                $"\\frac{{\\partial f}}{{\\partial {term.Variable.Name}}} \\frac{{d{term.Variable.Name}}}{{d{t}}}"));
            sb.Append($"\\frac{{df}}{{d{t}}} = {terms} = {d.Result.ToLatex()}");
            if (c.Point is { } p && c.Value is { } v)
                sb.AppendLine().Append($"% at {PointText(p, Responder.FormatNumber)}: {Responder.FormatNumber(v)}");
            return sb.ToString();
        }

        // The chain rule written out, then one aligned line per inner variable with its two factors and their product.
        bool human = format == OutputFormat.Human;
        string dot = human ? " · " : "*";
        sb.AppendLine($"df/d{t} = " + string.Join(" + ", d.Terms.Select(term => $"∂f/∂{term.Variable.Name}{dot}d{term.Variable.Name}/d{t}")));
        var rows = d.Terms.Select(term => new[]
        {
            // The parameter's own term when f also depends on t directly.
            term.Variable == d.Parameter ? $"  {t} (directly):" : $"  {term.Variable.Name} = {print(term.Path)}:",
            $"∂f/∂{term.Variable.Name} = {print(term.PartialDerivative)},",
            $"d{term.Variable.Name}/d{t} = {print(term.PathDerivative)},",
            $"term = {print(term.Term)}",
        }).ToList();
        if (rows.Count > 0) sb.AppendLine(string.Join("\n", Columns(rows, "  ")));
        if (human)
        {
            sb.Append($"df/d{t} = {d.Result.ToHuman()}");
            if (c.Value is { } v) sb.Append(" = ").Append(Responder.FormatHumanNumber(v));
        }
        else
        {
            sb.Append(d.Result.ToPlain());
            if (c.Value is { } v) sb.AppendLine().Append(Responder.FormatNumber(v));
        }
        return sb.ToString();
    }

    private static string RenderNumDiff(NumDiffOutcome n, OutputFormat format)
    {
        var d = n.Derivative;
        string x = n.Variable.Name;
        bool partial = n.Function.FreeSymbols.Any(s => s != n.Variable);
        var sb = new StringBuilder();
        if (n.Table is { } table)
        {
            string Short(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : Responder.FormatHumanNumber(v);
            switch (format)
            {
                case OutputFormat.Plain:
                    sb.AppendLine("h slope error");
                    foreach (var row in table)
                        sb.AppendLine($"{Responder.FormatNumber(row.Step)} {Responder.FormatNumber(row.Slope)} {Responder.FormatNumber(row.Error)}");
                    break;
                case OutputFormat.Latex:
                    sb.AppendLine("\\begin{array}{lll}");
                    sb.AppendLine("h & \\text{slope} & \\text{error} \\\\");
                    sb.AppendLine("\\hline");
                    foreach (var row in table)
                        sb.AppendLine($"{Short(row.Step)} & {Responder.FormatHumanNumber(row.Slope)} & {Short(row.Error)} \\\\");
                    sb.AppendLine("\\end{array}");
                    break;
                default:
                    var rows = new List<string[]> { new[] { "h", "slope", "error" } };
                    rows.AddRange(table.Select(row => new[] { Short(row.Step), Responder.FormatHumanNumber(row.Slope), Short(row.Error) }));
                    foreach (var line in Columns(rows, " | ")) sb.AppendLine(line);
                    if (n.Exact is { } exact) sb.AppendLine($"exact: {Responder.FormatHumanNumber(exact)}");
                    break;
            }
        }
        switch (format)
        {
            case OutputFormat.Plain:
                sb.Append(Responder.FormatNumber(d.Value));
                break;
            case OutputFormat.Latex:
                string derivative = partial ? $"\\frac{{\\partial f}}{{\\partial {x}}}" : $"\\frac{{df}}{{d{x}}}";
                sb.Append($"\\left.{derivative}\\right|_{{{PointText(n.Point, Responder.FormatNumber)}}} \\approx {Responder.FormatHumanNumber(d.Value)}");
                break;
            default:
                string name = partial ? $"∂f/∂{x}" : $"df/d{x}";
                string error = double.IsFinite(d.ErrorEstimate) ? d.ErrorEstimate.ToString("G2", CultureInfo.InvariantCulture) : Responder.FormatHumanNumber(d.ErrorEstimate);
                sb.Append($"{name} at {PointText(n.Point, Responder.FormatHumanNumber)} ≈ {Responder.FormatHumanNumber(d.Value)}")
                  .Append($"  (error ≈ {error}, {Responder.MethodName(d.Method)}, h = {Responder.FormatHumanNumber(d.Step)})");
                break;
        }
        return sb.ToString();
    }
}
