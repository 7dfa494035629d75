using System.Globalization;
using System.Text.Json;
using Nabla.Cli;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;
using Nabla.Symbolic.Parsing;

namespace Nabla.Web.Api;

/// <summary>
/// Validation and sampling shared by the calculus widget endpoints: every learner- or author-supplied field is
/// checked here (length, variables, finite bounded numbers, sample counts) and rejected with a
/// <see cref="RequestException"/> (answered 400 with the hint) before the engine sees it.
/// </summary>
public static class CalculusWidgetsInput
{
    /// <summary>Longest expression accepted.</summary>
    public const int MaxExpressionLength = 2000;

    /// <summary>Largest |coordinate| of a range or point.</summary>
    public const double MaxCoordinate = 1e6;

    /// <summary>Most samples of a curve.</summary>
    public const int MaxSamples = 2000;

    /// <summary>Most grid points per axis of a two-variable widget.</summary>
    public const int MaxGrid = 100;

    /// <summary>Most arrows per axis of <c>contour-gradient</c>.</summary>
    public const int MaxArrows = 30;

    /// <summary>Most distinct nodes of a function or derivative we compile (the engine's own cap is far higher).</summary>
    public const int MaxCompiledNodes = 100_000;

    /// <summary>The differentiation budget of one widget request (the request's own 2 s budget is the backstop).</summary>
    public static DiffOptions Diff { get; } = new() { MaxNodes = 200_000, TimeBudget = TimeSpan.FromSeconds(2) };

    /// <summary>The symbol x.</summary>
    public static Symbol X { get; } = (Symbol)Expr.Sym("x");

    /// <summary>The symbol y.</summary>
    public static Symbol Y { get; } = (Symbol)Expr.Sym("y");

    private static readonly ParseOptions Parse = new() { MaxLength = MaxExpressionLength };

    /// <summary>Parses a function of the allowed variables (x, or x and y).</summary>
    public static Expr Function(string? text, string field, IReadOnlyList<Symbol> allowed)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new RequestException($"\"{field}\" is missing", $"send the function as a string, e.g. \"{field}\": \"x^2\"");
        if (text.Length > MaxExpressionLength)
            throw new RequestException($"\"{field}\" is {text.Length} characters long; the limit is {MaxExpressionLength}", "send a shorter expression");
        var expr = Expr.Parse(text, Parse);
        foreach (var symbol in expr.FreeSymbols)
            if (!allowed.Contains(symbol))
                throw new RequestException(
                    $"\"{field}\" uses the variable {symbol.Name}, but this widget plots functions of {string.Join(" and ", allowed.Select(s => s.Name))}",
                    $"write {field} in terms of {string.Join(", ", allowed.Select(s => s.Name))} only");
        expr.EnsureRecursable("plot");
        return expr;
    }

    /// <summary>A number given as a JSON number or a constant expression ("pi/4"), or <paramref name="fallback"/> when absent.</summary>
    public static double Number(JsonElement? value, string field, double fallback, double limit = MaxCoordinate)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return fallback;
        double result;
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (!v.TryGetDouble(out result)) throw new RequestException($"\"{field}\" is not a representable number");
        }
        else if (v.ValueKind == JsonValueKind.String)
        {
            string text = v.GetString() ?? "";
            if (text.Length > 100) throw new RequestException($"\"{field}\" is too long for a number", "send e.g. 1.5 or \"pi/4\"");
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out result)) { }
            else
            {
                var expr = Expr.Parse(text, Parse);
                if (expr.FreeSymbols.Count > 0)
                    throw new RequestException($"\"{field}\" must be a number, but \"{text}\" uses {expr.FreeSymbols[0].Name}", "send e.g. 1.5 or \"pi/4\"");
                result = expr.Evaluate(new Dictionary<string, double>());
            }
        }
        else throw new RequestException($"\"{field}\" must be a number", "send e.g. 1.5 or \"pi/4\"");
        if (!double.IsFinite(result)) throw new RequestException($"\"{field}\" must be a finite number", "NaN and infinities are not coordinates");
        if (Math.Abs(result) > limit) throw new RequestException($"\"{field}\" = {result} is out of range", $"keep |{field}| ≤ {limit:G3}");
        return result;
    }

    /// <summary>An interval [lo, hi] with lo &lt; hi and a usable width.</summary>
    public static (double Lo, double Hi) Range(JsonElement? lo, JsonElement? hi, string loField, string hiField, double loDefault, double hiDefault)
    {
        double a = Number(lo, loField, loDefault), b = Number(hi, hiField, hiDefault);
        if (!(a < b)) throw new RequestException($"\"{loField}\" ({a}) must be less than \"{hiField}\" ({b})", "swap them or widen the range");
        if (b - a < 1e-6 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))))
            throw new RequestException($"the range [{a}, {b}] is too narrow to plot", "widen it");
        return (a, b);
    }

    /// <summary>A count in [min, max], or <paramref name="fallback"/>.</summary>
    public static int Count(int? value, string field, int fallback, int min, int max)
    {
        if (value is not { } v) return fallback;
        if (v < min || v > max) throw new RequestException($"\"{field}\" = {v} is out of range", $"use {min}…{max}");
        return v;
    }

    /// <summary>Differentiates under the widget budget and checks the result is small enough to compile.</summary>
    public static Expr Derivative(Expr f, Symbol variable, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var d = Calculus.Diff(f, variable, 1, Diff);
        CheckSize(d);
        return d;
    }

    /// <summary>Rejects expressions too large to sample within the budget.</summary>
    public static void CheckSize(Expr e)
    {
        if (e.DagSize > MaxCompiledNodes)
            throw new BudgetExceededException($"the expression has {e.DagSize} distinct parts, more than the {MaxCompiledNodes} a widget samples");
    }

    /// <summary>Compiles <paramref name="outputs"/> as functions of <paramref name="variables"/>.</summary>
    public static CompiledVectorFunction Compile(IReadOnlyList<Expr> outputs, IReadOnlyList<Symbol> variables, CancellationToken ct)
    {
        foreach (var e in outputs) CheckSize(e);
        ct.ThrowIfCancellationRequested();
        return Compiler.Compile(outputs, variables);
    }

    /// <summary>n evenly spaced points from lo to hi (both included).</summary>
    public static double[] Linspace(double lo, double hi, int n)
    {
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = i == n - 1 ? hi : lo + (hi - lo) * i / (n - 1);
        return xs;
    }

    /// <summary>Values with NaN/±∞ as null (JSON has no NaN).</summary>
    public static double?[] Finite(double[] values)
    {
        var result = new double?[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = double.IsFinite(values[i]) ? values[i] : null;
        return result;
    }

    /// <summary>A value, or null when not finite.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>
    /// A y-range that shows the curve's shape: the full range of the finite values unless a few extreme values
    /// (a pole, an exponential's tail) would squash the rest, in which case the 2nd-98th percentile range; padded 8 %.
    /// </summary>
    public static double[] ViewRange(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return [-1, 1];
        double lo = v[0], hi = v[^1];
        double pLo = v[(int)(0.02 * (v.Length - 1))], pHi = v[(int)Math.Ceiling(0.98 * (v.Length - 1))];
        if (hi - lo > 4 * (pHi - pLo) && pHi > pLo) { lo = pLo; hi = pHi; }
        if (hi - lo < 1e-9 * Math.Max(1, Math.Abs(hi))) { lo -= 1; hi += 1; }
        double pad = 0.08 * (hi - lo);
        return [lo - pad, hi + pad];
    }

    /// <summary>Interior local extrema of sampled values (at most <paramref name="max"/>).</summary>
    public static List<Feature> Extrema(double[] xs, double[] ys, int max = 6)
    {
        var result = new List<Feature>();
        for (int i = 1; i < xs.Length - 1 && result.Count < max; i++)
        {
            double a = ys[i - 1], b = ys[i], c = ys[i + 1];
            if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c)) continue;
            if (b > a && b >= c) result.Add(new Feature("maximum", xs[i], b));
            else if (b < a && b <= c) result.Add(new Feature("minimum", xs[i], b));
        }
        return result;
    }

    /// <summary>A short, readable rendering of a number for summaries ("2.41", "-0.5", "1.2e+06").</summary>
    public static string Show(double v)
    {
        if (!double.IsFinite(v)) return "undefined";
        double a = Math.Abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) return v.ToString("G3", CultureInfo.InvariantCulture);
        string s = Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    /// <summary>A point "(a, b)".</summary>
    public static string Show(double a, double b) => $"({Show(a)}, {Show(b)})";
}
