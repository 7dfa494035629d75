using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nabla.Cli;
using Nabla.Web.Infrastructure;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;
using Nabla.Symbolic.Parsing;

namespace Nabla.Web.Api;

/// <summary>
/// A number in a widget request: a JSON number (<c>1.5</c>) or a constant expression as a string (<c>"pi/4"</c>, the
/// form lesson attributes take). Keeps the exact expression for the engine (a Taylor series about π/4 has exact
/// coefficients) and its value for arithmetic.
/// </summary>
/// <param name="Exact">The number as an expression without variables.</param>
/// <param name="Value">Its finite value.</param>
[JsonConverter(typeof(ScalarConverter))]
public sealed record Scalar(Expr Exact, double Value)
{
    /// <summary>A scalar from a double (tests and defaults).</summary>
    public static Scalar Of(double value) =>
        new(Expr.Parse(value.ToString("R", CultureInfo.InvariantCulture)), value);

    /// <summary>Parses a constant: a decimal or an expression without variables (at most 200 characters).</summary>
    /// <exception cref="JsonException">Not a finite constant.</exception>
    public static Scalar Parse(string text)
    {
        if (text.Length > 200) throw new JsonException("a number is longer than 200 characters");
        Expr e;
        try { e = Expr.Parse(text); }
        catch (ParseException ex) { throw new JsonException($"'{text}' is not a number: {ex.Message}"); }
        catch (SymbolicException ex) { throw new JsonException($"'{text}' is not a number: {ex.Message}"); }
        if (e.FreeSymbols.Count > 0) throw new JsonException($"'{text}' is not a number (it has the variable {e.FreeSymbols[0].Name})");
        double v = e.Evaluate();
        if (!double.IsFinite(v)) throw new JsonException($"'{text}' is not a finite number");
        return new Scalar(e, v);
    }
}

/// <summary>Reads a <see cref="Scalar"/> from a JSON number or string.</summary>
public sealed class ScalarConverter : JsonConverter<Scalar>
{
    /// <inheritdoc />
    public override Scalar Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => Scalar.Parse(System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.String => Scalar.Parse(reader.GetString() ?? ""),
        _ => throw new JsonException("expected a number (or a constant such as \"pi/4\")"),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Scalar value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>
/// Validation shared by the model widgets' endpoints: bodies read by hand (so malformed JSON is a 400 in the API's
/// error shape), expressions parsed by the engine with a length limit, numbers finite and bounded, counts bounded,
/// and every double in an answer made JSON-safe (NaN and ±∞ become null).
/// </summary>
internal static class ModelInput
{
    /// <summary>The longest expression a widget accepts.</summary>
    public const int MaxExpressionLength = 2000;

    /// <summary>The largest request body a widget reads.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>The largest |coordinate| a widget accepts for a point or range end.</summary>
    public const double MaxCoordinate = 1e6;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>Reads the JSON body as <typeparamref name="T"/>; an unreadable or empty body is a 400 error answer.</summary>
    public static async Task<(T? Value, IResult? Error)> Read<T>(HttpContext http) where T : class
    {
        // Kestrel enforces the site's body limit; this repeats it for hosts that do not (the in-process test server).
        if (http.Request.ContentLength > MaxBodyBytes)
            return (null, ApiErrors.Error("the request body is too large", "send less than 64 KB", status: StatusCodes.Status413PayloadTooLarge));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted);
            return value is null
                ? (null, ApiErrors.Error("the request body is empty", "send a JSON object"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.Error($"the request is not valid: {ex.Message}", "send a JSON object with the fields listed in docs/api/widgets-models.md"));
        }
    }

    /// <summary>Parses a required expression field.</summary>
    public static Expr Function(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new RequestException($"'{field}' is required", $"give a function, e.g. \"{field}\": \"x^2\"");
        if (text.Length > MaxExpressionLength)
            throw new RequestException($"'{field}' is {text.Length} characters long; the limit is {MaxExpressionLength}", "shorten the expression");
        var f = Expr.Parse(text);
        f.EnsureRecursable(field);
        return f;
    }

    /// <summary>The one variable of a function of x (a constant counts as a function of x).</summary>
    public static Symbol SingleVariable(Expr f, string field)
    {
        var free = f.FreeSymbols;
        if (free.Count > 1)
            throw new RequestException($"'{field}' depends on {string.Join(", ", free.Select(s => s.Name))}; this widget draws functions of one variable",
                "use a single variable such as x");
        return free.Count == 1 ? free[0] : (Symbol)Expr.Sym("x");
    }

    /// <summary>Checks that f uses only x and y (the plane these widgets draw).</summary>
    public static void OnlyXY(Expr f, string field)
    {
        var stray = f.FreeSymbols.Where(s => s.Name is not ("x" or "y")).Select(s => s.Name).ToArray();
        if (stray.Length > 0)
            throw new RequestException($"'{field}' uses {string.Join(", ", stray)}; this widget draws functions of x and y",
                "write the function in x and y");
    }

    /// <summary>A required number within [min, max].</summary>
    public static double Number(Scalar? value, string field, double min, double max)
    {
        if (value is null) throw new RequestException($"'{field}' is required", $"give a number between {min:G6} and {max:G6}");
        return Number(value.Value, field, min, max);
    }

    /// <summary>An optional number within [min, max], or <paramref name="fallback"/>.</summary>
    public static double Number(Scalar? value, string field, double min, double max, double fallback) =>
        value is null ? fallback : Number(value.Value, field, min, max);

    /// <summary>A number within [min, max].</summary>
    public static double Number(double value, string field, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
            throw new RequestException($"'{field}' must be a number between {min:G6} and {max:G6}, got {value:G6}", $"choose '{field}' in [{min:G6}, {max:G6}]");
        return value;
    }

    /// <summary>An optional count within [min, max], or <paramref name="fallback"/>.</summary>
    public static int Count(int? value, string field, int min, int max, int fallback)
    {
        int v = value ?? fallback;
        if (v < min || v > max)
            throw new RequestException($"'{field}' must be a whole number from {min} to {max}, got {v}", $"choose '{field}' between {min} and {max}");
        return v;
    }

    /// <summary>A plotting range [from, to]: finite, from &lt; to, within ±<see cref="MaxCoordinate"/>.</summary>
    public static (double From, double To) Range(Scalar? from, Scalar? to, double defaultFrom, double defaultTo)
    {
        double lo = Number(from, "from", -MaxCoordinate, MaxCoordinate, defaultFrom);
        double hi = Number(to, "to", -MaxCoordinate, MaxCoordinate, defaultTo);
        if (!(lo < hi)) throw new RequestException($"the range [{lo:G6}, {hi:G6}] is empty", "give from < to");
        return (lo, hi);
    }

    /// <summary><paramref name="count"/> evenly spaced points from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double[] Grid(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToArray();

    /// <summary>A JSON-safe number: null for NaN and ±∞.</summary>
    public static double? N(double v) => double.IsFinite(v) ? v : null;

    /// <summary>JSON-safe numbers.</summary>
    public static double?[] Ns(IEnumerable<double> values) => values.Select(N).ToArray();

    /// <summary>f compiled over <paramref name="variables"/> and evaluated at each point (NaN outside the domain).</summary>
    public static CompiledFunction Compile(Expr f, params string[] variables) =>
        Compiler.Compile(f, variables.Select(v => (Symbol)Expr.Sym(v)).ToArray());

    /// <summary>f(x) at every x of the grid (NaN where undefined).</summary>
    public static double[] Sample(CompiledFunction f, IReadOnlyList<double> xs, CancellationToken ct)
    {
        var values = new double[xs.Count];
        for (int i = 0; i < xs.Count; i++)
        {
            if ((i & 63) == 0) ct.ThrowIfCancellationRequested();
            values[i] = f.Evaluate(xs[i]);
        }
        return values;
    }

    /// <summary>f(x, y) on a grid: rows are y, columns are x (Plotly's contour layout).</summary>
    public static double?[][] SampleGrid(CompiledFunction f, IReadOnlyList<double> xs, IReadOnlyList<double> ys, CancellationToken ct)
    {
        var rows = new double?[ys.Count][];
        for (int j = 0; j < ys.Count; j++)
        {
            ct.ThrowIfCancellationRequested();
            rows[j] = new double?[xs.Count];
            for (int i = 0; i < xs.Count; i++) rows[j][i] = N(f.Evaluate(xs[i], ys[j]));
        }
        return rows;
    }

    /// <summary>
    /// A y-range that shows f well: the 2nd to 98th percentile of its finite values, padded, so a pole or a runaway
    /// approximation does not flatten the picture. Null when f has no finite value.
    /// </summary>
    public static double[]? ViewRange(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0) return null;
        double lo = finite[(int)(0.02 * (finite.Length - 1))], hi = finite[(int)Math.Ceiling(0.98 * (finite.Length - 1))];
        double pad = Math.Max(0.15 * (hi - lo), 0.5);
        return [lo - pad, hi + pad];
    }

    /// <summary>
    /// Runs engine work and turns the engine's argument checks (ArgumentException: a bad start, a bad option) into
    /// request errors (400), since here they are always caused by the learner's input.
    /// </summary>
    public static T Guard<T>(Func<T> work)
    {
        try { return work(); }
        catch (ArgumentException ex) { throw new RequestException(FirstSentence(ex.Message), "check the widget's inputs"); }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException) { throw new RequestException(FirstSentence(ex.Message)); }
        catch (DivideByZeroException) { throw new RequestException("the computation divided by zero", "try another function or point"); }
        catch (OverflowException) { throw new RequestException("a number in the computation is too large", "try smaller numbers or a lower order"); }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Plain display of a number in messages.</summary>
    public static string Show(double v) => v.ToString("G5", CultureInfo.InvariantCulture);
}
