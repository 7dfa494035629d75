using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nabla.Fuzz;

/// <summary>The web course hosted in-process (TestServer) on a throw-away progress file.</summary>
public sealed class FuzzWebFactory(string root) : WebApplicationFactory<Program>
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "nabla-fuzz-" + Guid.NewGuid().ToString("N"));

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(root, "src", "Nabla.Web"));
        builder.UseEnvironment("Testing");
        builder.UseSetting("Nabla:ProgressDatabase", Path.Combine(dataDirectory, "progress.db"));
        builder.UseSetting("Nabla:ContentPath", Path.Combine(root, "content"));
        // A log line per request would cost more than many requests do.
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", "None");
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>
/// The web JSON API in-process: POST bodies to the exercise (validate, check), workbench, widget and engine endpoints,
/// with a valid antiforgery token. Input: the path on the first line, the body after it. A crash is a 5xx, a body that
/// is not JSON, or a 4xx that is not the API's error shape.
/// </summary>
public sealed class WebTarget : Target, IDisposable
{
    private readonly FuzzContext context;
    private readonly FuzzWebFactory factory;
    private readonly HttpClient client;

    /// <summary>Starts the in-process server and takes an antiforgery token.</summary>
    public WebTarget(FuzzContext context)
    {
        this.context = context;
        factory = new FuzzWebFactory(context.Root);
        client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var session = client.GetFromJsonAsync<JsonObject>("/api/session").GetAwaiter().GetResult() ?? throw new InvalidOperationException("no session answer");
        client.DefaultRequestHeaders.Add(session["header"]!.GetValue<string>(), session["token"]!.GetValue<string>());
    }

    /// <inheritdoc />
    public override string Name => "web";

    private static readonly string[] CurveWidgets = ["function-plot", "derivative-plot", "match-derivative", "secant-tangent"];
    private static readonly string[] PlaneWidgets = ["surface", "contour-gradient", "jacobian-field", "hessian"];
    private static readonly string[] ModelWidgets = ["chain-rule", "taylor-series", "linearisation", "newton-raphson", "gradient-descent", "lagrange", "neuron"];

    /// <inheritdoc />
    public override string Generate(Random rng)
    {
        string Expr() => context.Inputs.Next(rng);
        JsonNode Number() => rng.Next(6) == 0
            ? JsonValue.Create(Inputs.Pick(rng, ["pi/4", "1/0", "-e", "sqrt(2)", "x", "1e400", ""]))!
            : JsonValue.Create(Math.Round(rng.NextDouble() * 8 - 4, 2))!;
        string path;
        var body = new JsonObject();
        int pick = rng.Next(100);
        if (pick < 35)
        {
            var t = Inputs.Pick(rng, context.Templates);
            int seed = 1 + rng.Next(30);
            path = $"/api/exercises/{t.Id}/{(rng.Next(3) == 0 ? "check" : "validate")}";
            body["seed"] = seed;
            var v = context.Variant(t.Id, seed);
            body["input"] = v is null || rng.Next(3) == 0 ? Expr() : rng.Next(3) == 0 ? v.AnswerPlain : context.Inputs.Mutate(rng, v.AnswerPlain);
        }
        else if (pick < 50)
        {
            path = "/api/workbench/" + Inputs.Pick(rng, ["read", "read", "derive", "sample", "stationary", "roots"]);
            body["f"] = Expr();
            if (rng.Next(3) == 0) body["split"] = true;
            if (rng.Next(3) == 0) body["derivative"] = true;
        }
        else if (pick < 62)
        {
            path = "/api/widgets/" + Inputs.Pick(rng, CurveWidgets);
            body["f"] = Expr();
            body["samples"] = Inputs.Pick(rng, [2, 5, 11, 21, 0, -1, 100000]);
            if (rng.Next(2) == 0) { body["from"] = Number(); body["to"] = Number(); }
            if (path.EndsWith("secant-tangent", StringComparison.Ordinal)) body["x0"] = Number();
        }
        else if (pick < 72)
        {
            path = "/api/widgets/" + Inputs.Pick(rng, PlaneWidgets);
            body["f"] = Expr();
            if (path.EndsWith("jacobian-field", StringComparison.Ordinal)) body["g"] = Expr();
            body["grid"] = Inputs.Pick(rng, [2, 3, 5, 7, 0, 1000]);
            if (rng.Next(2) == 0) { body["x0"] = Number(); body["y0"] = Number(); }
        }
        else if (pick < 82)
        {
            path = "/api/widgets/" + Inputs.Pick(rng, ModelWidgets);
            body["f"] = Expr();
            body["inner"] = Expr();
            body["g"] = Expr();
            body["a"] = Number();
            body["x0"] = Number();
            body["y0"] = Number();
            if (rng.Next(2) == 0) body["maxOrder"] = Inputs.Pick(rng, [1, 3, 5, 50]);
            if (rng.Next(2) == 0) body["steps"] = Inputs.Pick(rng, [1, 5, 20, 10000]);
            if (rng.Next(2) == 0) body["activation"] = Inputs.Pick(rng, ["sigmoid", "relu", "tanh", "bogus"]);
        }
        else
        {
            path = "/api/engine";
            body = BatchTarget.Request(rng, context);
        }
        string text = body.ToJsonString();
        if (rng.Next(5) == 0)
        {
            for (int i = 1 + rng.Next(3); i > 0; i--) text = context.Inputs.Mutate(rng, text);
        }
        return path + "\n" + text;
    }

    /// <inheritdoc />
    public override (string Prefix, string Payload) Split(string input)
    {
        int nl = input.IndexOf('\n', StringComparison.Ordinal);
        return (input[..(nl + 1)], input[(nl + 1)..]);
    }

    /// <inheritdoc />
    public override string Run(string input)
    {
        var (prefix, body) = Split(input);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = client.PostAsync(prefix.TrimEnd('\n'), content).GetAwaiter().GetResult();
        string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        int status = (int)response.StatusCode;
        if (status >= 500) throw new Finding("status-5xx", $"{status}: {Oracles.Clip(text)}");
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new Finding("bad-json", $"{status} answer is not JSON ({ex.Message}): {Oracles.Clip(text)}");
        }
        if (json is not JsonObject obj) throw new Finding("bad-json", $"{status} answer is not a JSON object: {Oracles.Clip(text)}");
        if (status >= 400)
        {
            if (obj["ok"]?.GetValue<bool>() != false || string.IsNullOrWhiteSpace(obj["error"]?["message"]?.GetValue<string>()))
                throw new Finding("bad-json", $"{status} answer is not the API's error shape: {Oracles.Clip(text)}");
            return status.ToString(CultureInfo.InvariantCulture);
        }
        return "200";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }
}
