using System.Diagnostics;
using System.Net;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.CalculusWidgets;

/// <summary>Bad input to the calculus widget endpoints: always a 4xx with a message, never a 500 or a hang.</summary>
public sealed class CalculusWidgetsBadInputTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    public static TheoryData<string> Widgets => new()
    {
        "function-plot", "secant-tangent", "derivative-plot", "match-derivative", "surface", "contour-gradient", "jacobian-field", "hessian",
    };

    // A valid body for each widget, which the cases below spoil one field at a time.
    private static Dictionary<string, object?> Valid(string widget) => widget switch
    {
        "secant-tangent" => new() { ["f"] = "x^2", ["x0"] = 1, ["h"] = 1 },
        "jacobian-field" => new() { ["f"] = "x^2 - y^2", ["g"] = "2*x*y" },
        "surface" or "contour-gradient" or "hessian" => new() { ["f"] = "x^2 + y^2" },
        _ => new() { ["f"] = "x^3 - 3*x" },
    };

    private static bool TwoVariables(string widget) => widget is "surface" or "contour-gradient" or "jacobian-field" or "hessian";

    private async Task<string> RefusedAsync(string widget, Func<HttpClient, Task<HttpResponseMessage>> send, HttpStatusCode? status = null)
    {
        using var client = await factory.CreateApiClientAsync();
        var watch = Stopwatch.StartNew();
        var response = await send(client);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{widget} took {watch.Elapsed}");
        var error = await ApiAssert.ClientError(response, status);
        return error["message"]!.GetValue<string>();
    }

    private Task<string> RefusedAsync(string widget, Dictionary<string, object?> body, HttpStatusCode? status = null) =>
        RefusedAsync(widget, c => ApiAssert.Post(c, "/api/widgets/" + widget, body), status);

    private static Dictionary<string, object?> With(string widget, string key, object? value)
    {
        var body = Valid(widget);
        body[key] = value;
        return body;
    }

    [Theory]
    [MemberData(nameof(Widgets))]
    public async Task TheValidBodyIsAccepted(string widget)
    {
        using var client = await factory.CreateApiClientAsync();
        await ApiAssert.Ok(await ApiAssert.Post(client, "/api/widgets/" + widget, Valid(widget)));
    }

    [Theory]
    [MemberData(nameof(Widgets))]
    public async Task MalformedJsonIsRefused(string widget)
    {
        foreach (string raw in new[] { "{\"f\": ", "not json", "[1, 2]", "null", "{\"f\": 5}", "{\"f\": \"x\", \"from\": NaN}" })
        {
            string message = await RefusedAsync(widget, c => ApiAssert.PostRaw(c, "/api/widgets/" + widget, raw), HttpStatusCode.BadRequest);
            Assert.False(string.IsNullOrWhiteSpace(message));
        }
    }

    [Theory]
    [MemberData(nameof(Widgets))]
    public async Task AOneMegabyteBodyIsRefused(string widget)
    {
        string huge = "{\"f\":\"" + new string('x', 1 << 20) + "\"}";
        await RefusedAsync(widget, c => ApiAssert.PostRaw(c, "/api/widgets/" + widget, huge));
    }

    [Theory]
    [MemberData(nameof(Widgets))]
    public async Task MissingTooLongAndDeeplyNestedExpressionsAreRefused(string widget)
    {
        Assert.Contains("missing", await RefusedAsync(widget, With(widget, "f", null)), StringComparison.Ordinal);
        Assert.Contains("limit is 2000", await RefusedAsync(widget, With(widget, "f", string.Join("+", Enumerable.Repeat("x", 1001)))), StringComparison.Ordinal);
        await RefusedAsync(widget, With(widget, "f", new string('(', 5000) + "x" + new string(')', 5000)));
        await RefusedAsync(widget, With(widget, "f", new string('(', 900) + "x" + new string(')', 900)));
        await RefusedAsync(widget, With(widget, "f", "x^^2 +"));
    }

    [Theory]
    [MemberData(nameof(Widgets))]
    public async Task UnknownVariablesAreRefused(string widget)
    {
        string message = await RefusedAsync(widget, With(widget, "f", TwoVariables(widget) ? "x*z" : "x*y"));
        Assert.Contains(TwoVariables(widget) ? "z" : "y", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Widgets))]
    public async Task PathologicalExpressionsNeverFailOrHang(string widget)
    {
        // Each either draws (overflowing samples are null) or is refused with a 4xx; never a 500, never a hang.
        string tower = "x";
        for (int i = 0; i < 12; i++) tower = $"({tower})^x";
        foreach (string f in new[] { "x^(10^10)", tower, "exp(exp(exp(exp(x))))", "1/(x-x)" })
        {
            using var client = await factory.CreateApiClientAsync();
            var watch = Stopwatch.StartNew();
            var response = await ApiAssert.Post(client, "/api/widgets/" + widget, With(widget, "f", f));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{widget} on {f} took {watch.Elapsed}");
            Assert.True((int)response.StatusCode < 500, $"{widget} on {f}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (!response.IsSuccessStatusCode) await ApiAssert.ClientError(response);
        }
    }

    [Theory]
    [InlineData("function-plot", "from", "NaN")]
    [InlineData("function-plot", "to", "Infinity")]
    [InlineData("function-plot", "from", 1e300)]
    [InlineData("function-plot", "from", 10)]      // from > to
    [InlineData("function-plot", "to", "y")]
    [InlineData("function-plot", "samples", 5000)]
    [InlineData("function-plot", "samples", 1)]
    [InlineData("derivative-plot", "to", "-3")]    // to = from
    [InlineData("match-derivative", "from", "NaN")]
    [InlineData("secant-tangent", "x0", "NaN")]
    [InlineData("secant-tangent", "x0", null)]
    [InlineData("secant-tangent", "h", 0)]
    [InlineData("secant-tangent", "h", 1e9)]
    [InlineData("surface", "grid", 500)]
    [InlineData("surface", "xMin", "NaN")]
    [InlineData("contour-gradient", "arrows", 1000)]
    [InlineData("contour-gradient", "yMax", -10)]
    [InlineData("jacobian-field", "size", 0)]
    [InlineData("jacobian-field", "size", 100)]
    [InlineData("jacobian-field", "g", null)]
    [InlineData("hessian", "x0", "Infinity")]
    [InlineData("hessian", "grid", 101)]
    public async Task OutOfRangeNumbersAreRefusedWithAHint(string widget, string field, object? value)
    {
        await RefusedAsync(widget, With(widget, field, value), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AFunctionUndefinedAtTheTangentPointIsRefused()
    {
        string message = await RefusedAsync("secant-tangent", new Dictionary<string, object?> { ["f"] = "ln(x)", ["x0"] = -1 }, HttpStatusCode.BadRequest);
        Assert.Contains("not defined at x0", message, StringComparison.Ordinal);
        message = await RefusedAsync("secant-tangent", new Dictionary<string, object?> { ["f"] = "abs(x)^(1/2)", ["x0"] = 0 }, HttpStatusCode.BadRequest);
        Assert.Contains("no derivative", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConstantHasNothingToMatch()
    {
        await RefusedAsync("match-derivative", new Dictionary<string, object?> { ["f"] = "0" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var client = factory.CreateClient();
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, "/api/widgets/function-plot", "{\"f\":\"x\"}"));
    }
}
