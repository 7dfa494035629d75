using System.Net;
using System.Text.Json.Nodes;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Sandpit;

/// <summary>The Sandpit API: terrains, rounds, dips, rules and scores, with bad input answered 4xx.</summary>
public sealed class SandpitApiTests(NablaWebFactory factory) : IClassFixture<NablaWebFactory>
{
    /// <summary>The intro formula in plain C#: the oracle for the phone's position (never the server's answer).</summary>
    internal static double Intro(double x, double y) =>
        -((x - 4.1) * (x - 4.1) + (y - 0.9) * (y - 0.9)) - 30 * Math.Exp(-((x - 1.5) * (x - 1.5) + (y - 3.7) * (y - 3.7)) / 2.8);

    /// <summary>The minimum of <paramref name="f"/> over the pit by brute force on an n × n grid.</summary>
    internal static (double X, double Y, double Min, double Max) GridSearch(Func<double, double, double> f, int n = 1201)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, bx = 0, by = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double x = 6.0 * i / (n - 1), y = 6.0 * j / (n - 1), v = f(x, y);
                if (v < min) (min, bx, by) = (v, x, y);
                max = Math.Max(max, v);
            }
        return (bx, by, min, max);
    }

    private static async Task<JsonObject> Start(HttpClient client, object body) =>
        await ApiAssert.Ok(await ApiAssert.Post(client, "/api/sandpit/rounds", body));

    private static async Task<JsonObject> Dip(HttpClient client, string round, double x, double y, object? rule = null) =>
        await ApiAssert.Ok(await ApiAssert.Post(client, "/api/sandpit/dip", new { round, x, y, rule }));

    [Fact]
    public async Task TerrainsListSixWithModesPresetsAndRules()
    {
        var client = await factory.CreateApiClientAsync();
        var json = await ApiAssert.Ok(await client.GetAsync("/api/sandpit/terrains"));
        var terrains = json["terrains"]!.AsArray();
        Assert.Equal(6, terrains.Count);
        Assert.Equal("intro", terrains[0]!["id"]!.GetValue<string>());
        Assert.Equal(["gradient", "depth"], terrains[0]!["modes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(["right", "gradient", "newton", "hybrid"], json["presets"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(25, json["rules"]!["maxDips"]!.GetValue<int>());
        Assert.DoesNotContain("phone", json.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ARoundOnTheIntroIsWonAtTheIndependentlyFoundMinimumAndRevealsIt()
    {
        var client = await factory.CreateApiClientAsync();
        var start = await Start(client, new { terrain = "intro", mode = "gradient" });
        string round = start["round"]!.GetValue<string>();
        Assert.DoesNotContain("1.2", start.ToJsonString(), StringComparison.Ordinal);

        var (mx, my, min, max) = GridSearch(Intro);
        // A dip far away: its depth is the rescaled formula, and the arrow points downhill.
        var first = await Dip(client, round, 5, 5);
        double expected = -9 + 8 * (Intro(5, 5) - min) / (max - min);
        Assert.Equal(expected, first["depth"]!.GetValue<double>(), 2);
        Assert.Equal(1, first["number"]!.GetValue<int>());
        Assert.StartsWith("1) -", first["label"]!.GetValue<string>(), StringComparison.Ordinal);
        var arrow = first["arrow"]!;
        double ax = arrow["dx"]!.GetValue<double>(), ay = arrow["dy"]!.GetValue<double>();
        Assert.True(Intro(5 + 1e-3 * ax, 5 + 1e-3 * ay) < Intro(5, 5), "the arrow must point downhill");
        Assert.Null(first["reveal"]);
        Assert.Equal("playing", first["status"]!.GetValue<string>());

        var win = await Dip(client, first["round"]!.GetValue<string>(), mx, my);
        Assert.Equal("won", win["status"]!.GetValue<string>());
        Assert.Equal(2, win["number"]!.GetValue<int>());
        var phone = win["reveal"]!["phone"]!;
        Assert.InRange(phone["x"]!.GetValue<double>(), mx - 0.01, mx + 0.01);
        Assert.InRange(phone["y"]!.GetValue<double>(), my - 0.01, my + 0.01);
        var depths = win["reveal"]!["grid"]!["depths"]!.AsArray();
        Assert.Equal(61, depths.Count);
        var all = depths.SelectMany(r => r!.AsArray().Select(v => v!.GetValue<double>())).ToList();
        Assert.InRange(all.Min(), -9.0005, -8.9);
        Assert.InRange(all.Max(), -1.1, -0.9995);
        Assert.True(win["score"]!["won"]!.GetValue<bool>());

        // The finished round accepts no more dips; the score is kept.
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/dip", new { round = win["round"]!.GetValue<string>(), x = 1, y = 1 }), HttpStatusCode.Conflict);
        var scores = await ApiAssert.Ok(await client.GetAsync("/api/sandpit/scores"));
        var intro = scores["scores"]!.AsArray().Single(s => s!["terrain"]!.GetValue<string>() == "intro")!;
        Assert.Equal(2, intro["best"]!.GetValue<int>());
        Assert.True(intro["wins"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task DescentModeRunsACustomRuleAndAPresetAlongAPath()
    {
        var client = await factory.CreateApiClientAsync();
        var start = await Start(client, new { terrain = "valley", mode = "descent" });
        var answer = await Dip(client, start["round"]!.GetValue<string>(), 0.5, 5.5, new { expression = "-0.5*J" });
        var path = answer["path"]!.AsArray();
        Assert.InRange(path.Count, 2, 6);
        Assert.Equal(0.5, path[0]!["x"]!.GetValue<double>());
        Assert.Equal("-0.5*J", answer["rule"]!.GetValue<string>());
        var right = await Dip(client, answer["round"]!.GetValue<string>(), 3.2, 4, new { preset = "right" });
        Assert.Equal([3.2, 4.2, 5.2, 6.0], right["path"]!.AsArray().Select(p => p!["x"]!.GetValue<double>()));
        Assert.Equal(2, right["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task SeededRoundsAreReproducibleAndCustomFormulasPlay()
    {
        var client = await factory.CreateApiClientAsync();
        var a = await Start(client, new { terrain = "dunes", seed = 17, mode = "depth" });
        var b = await Start(client, new { terrain = "dunes", seed = 17, mode = "depth" });
        var da = await Dip(client, a["round"]!.GetValue<string>(), 2.5, 1.5);
        var db = await Dip(client, b["round"]!.GetValue<string>(), 2.5, 1.5);
        Assert.Equal(da["depth"]!.GetValue<double>(), db["depth"]!.GetValue<double>());
        Assert.Equal(17, a["seed"]!.GetValue<int>());

        var custom = await Start(client, new { f = "(x-2)^2 + (y-5)^2" });
        var hit = await Dip(client, custom["round"]!.GetValue<string>(), 2.05, 4.95);
        Assert.Equal("won", hit["status"]!.GetValue<string>());
        Assert.Equal(-9, hit["depth"]!.GetValue<double>(), 1);
    }

    [Fact]
    public async Task ValidatingARuleReportsThePositionOfTheMistake()
    {
        var client = await factory.CreateApiClientAsync();
        var ok = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/sandpit/rules/validate", new { expression = "-inv(H)*J" }));
        Assert.True(ok["valid"]!.GetValue<bool>());
        Assert.Equal("-inv(H)*J", ok["rule"]!.GetValue<string>());
        // A wrong rule is this call's answer (valid: false), not a failed request.
        var answer = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/sandpit/rules/validate", new { expression = "-0.5*J*J" }));
        Assert.False(answer["valid"]!.GetValue<bool>());
        var error = answer["error"]!;
        Assert.Equal(6, error["position"]!.GetValue<int>());
        Assert.Contains("two vectors", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error["hint"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/api/sandpit/rounds", """{"terrain":"moon"}""")]
    [InlineData("/api/sandpit/rounds", """{"terrain":"intro","mode":"descent"}""")]
    [InlineData("/api/sandpit/rounds", """{"terrain":"dunes","seed":-1}""")]
    [InlineData("/api/sandpit/rounds", """{"f":"x + z"}""")]
    [InlineData("/api/sandpit/rounds", """{"f":"ln(x - 1)"}""")]
    [InlineData("/api/sandpit/rounds", """{"f":"x^(10^10)"}""")]
    [InlineData("/api/sandpit/rounds", """{"f":"7"}""")]
    [InlineData("/api/sandpit/rounds", """{"terrain":"intro",""")]
    [InlineData("/api/sandpit/rounds", "[]")]
    [InlineData("/api/sandpit/rounds", "{}")]
    [InlineData("/api/sandpit/dip", """{"round":"forged","x":1,"y":1}""")]
    [InlineData("/api/sandpit/dip", """{"x":1,"y":1}""")]
    [InlineData("/api/sandpit/dip", """{"round":"x","x":"one","y":1}""")]
    [InlineData("/api/sandpit/rules/validate", """{"expression":12}""")]
    [InlineData("/api/sandpit/rules/validate", """{}""")]
    public async Task BadRequestsGetAClientError(string path, string body)
    {
        var client = await factory.CreateApiClientAsync();
        await ApiAssert.ClientError(await ApiAssert.PostRaw(client, path, body));
    }

    [Fact]
    public async Task PathologicalInputIsRefusedQuickly()
    {
        var client = await factory.CreateApiClientAsync();
        string nested = new string('(', 5000) + "x" + new string(')', 5000);
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/rounds", new { f = nested }));
        var deep = await ApiAssert.Ok(await ApiAssert.Post(client, "/api/sandpit/rules/validate", new { expression = new string('(', 5000) + "J" }));
        Assert.Contains("too long", deep["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/rounds", new { f = "((x^x)^x)^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x^x" }));
        var big = await ApiAssert.PostRaw(client, "/api/sandpit/rules/validate", "{\"expression\":\"" + new string('J', 1_100_000) + "\"}");
        await ApiAssert.ClientError(big, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task DipsOutsideThePitOrInDescentWithoutARuleAreRefused()
    {
        var client = await factory.CreateApiClientAsync();
        var start = await Start(client, new { terrain = "valley", mode = "descent" });
        string round = start["round"]!.GetValue<string>();
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/dip", new { round, x = 6.5, y = 1 }));
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/dip", new { round, x = 1, y = 1 }));
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/dip", new { round, x = 1, y = 1, rule = new { preset = "teleport" } }));
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/dip", new { round, x = 1, y = 1, rule = new { preset = "gradient", rate = 0 } }));
        var bad = await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/dip", new { round, x = 1, y = 1, rule = new { expression = "-0.5*j" } }));
        Assert.Equal(5, bad["position"]!.GetValue<int>());
        string tampered = round[..^4] + (round[^4] == 'A' ? "B" : "A") + round[^3..];
        await ApiAssert.ClientError(await ApiAssert.Post(client, "/api/sandpit/dip", new { round = tampered, x = 1, y = 1, rule = new { preset = "hybrid" } }));
    }

    [Fact]
    public async Task TheSandpitPageAndUnknownTerrains()
    {
        var client = await factory.CreateApiClientAsync();
        var page = await client.GetAsync("/sandpit/rocks");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-terrain=\"rocks\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sandpit/moon")).StatusCode);
    }
}
