using System.Text.Json;
using Microsoft.Extensions.Options;
using Nabla.Course.Progress;
using Nabla.Course.Sandpit;
using Nabla.Symbolic.Parsing;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>Starts a round: a terrain from the catalogue (with an optional seed) or the learner's own f.</summary>
/// <param name="Terrain">The terrain id; omit (or <c>custom</c>) with <paramref name="F"/>.</param>
/// <param name="Mode"><c>depth</c>, <c>gradient</c> or <c>descent</c>; by default the terrain's first mode.</param>
/// <param name="Seed">The seed of a random terrain (0 … 2³¹−1); by default the server draws one and keeps it secret.</param>
/// <param name="F">The learner's own f(x, y) (the lesson widget's <c>f</c>).</param>
public sealed record SandpitStartRequest(string? Terrain, string? Mode, long? Seed, string? F);

/// <summary>The step rule of a descent dip: a preset (with γ for the gradient rule) or an expression over J and H.</summary>
/// <param name="Preset"><c>right</c>, <c>gradient</c>, <c>newton</c> or <c>hybrid</c>.</param>
/// <param name="Rate">γ for the gradient rule (0 &lt; γ ≤ 10, default 0.3).</param>
/// <param name="Expression">The learner's rule, e.g. <c>-0.5*J</c> (used when <paramref name="Preset"/> is absent).</param>
public sealed record SandpitRuleRequest(string? Preset, double? Rate, string? Expression);

/// <summary>One dip.</summary>
/// <param name="Round">The round token from the previous answer.</param>
/// <param name="X">East, 0 … 6.</param>
/// <param name="Y">North, 0 … 6.</param>
/// <param name="Rule">The step rule (descent mode).</param>
public sealed record SandpitDipRequest(string? Round, double? X, double? Y, SandpitRuleRequest? Rule);

/// <summary>A step rule to check.</summary>
/// <param name="Expression">The rule.</param>
public sealed record SandpitValidateRequest(string? Expression);

/// <summary>The Sandpit's API: terrains, rounds, dips, step-rule checks and scores (docs/api/sandpit.md).</summary>
public sealed class SandpitApi : IApiModule
{
    /// <summary>The game's name in the progress store.</summary>
    public const string Game = "sandpit";

    /// <summary>Points per side of the reveal's depth grid.</summary>
    public const int RevealGrid = 61;

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection();
        services.AddSingleton<SandpitRounds>();
        services.AddSingleton(sp => new SandpitLibrary(TerrainCatalogue.Load(sp.GetRequiredService<CourseCatalog>().Content.Root)));
    }

    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sandpit");
        group.MapGet("/terrains", (SandpitLibrary library) => Results.Json(new
        {
            ok = true,
            terrains = library.Catalogue.Terrains.Select(TerrainJson),
            presets = StepRules.Presets.Select(p => new { p.Id, p.Label, p.Description, p.UsesRate }),
            rules = RulesJson(),
        }));
        group.MapPost("/rounds", Start);
        group.MapPost("/dip", Dip);
        group.MapPost("/rules/validate", (Delegate)Validate);
        group.MapGet("/scores", (HttpContext http, SandpitLibrary library, ProgressService progress) =>
        {
            string learner = ProgressService.LearnerOf(http);
            var scores = progress.Read(s => s.GameScores(learner, Game));
            return Results.Json(new { ok = true, scores = ScoresJson(library, scores) });
        });
    }

    /// <summary>
    /// Reads the JSON body as <typeparamref name="T"/>: unreadable JSON or a wrong shape is answered 400 with the reason
    /// (the framework's own binding would answer an empty 400); an oversized body still reaches the error handler (413).
    /// </summary>
    private static async Task<(T? Body, IResult? Error)> ReadBody<T>(HttpContext http, string example) where T : class
    {
        // Kestrel enforces the body limit; this check also holds behind hosts that do not (the in-process test server).
        long limit = http.RequestServices.GetRequiredService<IOptions<NablaWebOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
            return (null, ApiErrors.Error("the request body is too large", $"send less than {limit / 1024} KB", status: StatusCodes.Status413PayloadTooLarge));
        try
        {
            var body = await http.Request.ReadFromJsonAsync<T>(Json, http.RequestAborted);
            return body is null ? (null, ApiErrors.Error("send a JSON object", "e.g. " + example)) : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.Error($"the request is not valid JSON for this call: {ex.Message}", "e.g. " + example));
        }
        catch (InvalidOperationException ex) when (!http.Request.HasJsonContentType())
        {
            return (null, ApiErrors.Error($"send JSON ({ex.Message})", "set Content-Type: application/json", status: StatusCodes.Status415UnsupportedMediaType));
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static object TerrainJson(TerrainDefinition t) => new
    {
        t.Id, t.Title, t.Description, modes = t.Modes.Select(m => m.ToName()), random = t.IsRandom,
    };

    private static object RulesJson() => new
    {
        pit = SandpitRules.PitSize, winRadius = SandpitRules.WinRadius, hurryAt = SandpitRules.HurryAt, maxDips = SandpitRules.MaxDips,
        stepsPerDip = SandpitRules.StepsPerDip, depthRange = new[] { SandpitRules.PhoneDepth, SandpitRules.TopDepth },
        defaultRate = StepRules.DefaultRate, maxRate = StepRules.MaxRate, maxRuleLength = StepRuleExpression.MaxLength,
    };

    private static async Task<IResult> Validate(HttpContext http)
    {
        var (body, error) = await ReadBody<SandpitValidateRequest>(http, "{\"expression\": \"-0.5*J\"}");
        if (error is not null) return error;
        if (body!.Expression is null) return ApiErrors.Error("send {\"expression\": \"-0.5*J\"}", "the field expression is required");
        // Whether a rule is valid is this call's answer, so a mistake in the rule is a 200 with valid: false (a live
        // check while typing is not a failed request); a malformed request is still a 4xx.
        try
        {
            var rule = StepRuleExpression.Parse(body.Expression);
            return Results.Json(new { ok = true, valid = true, rule = rule.Text });
        }
        catch (ParseException ex)
        {
            return Results.Json(new { ok = true, valid = false, error = new { message = ex.Message, position = ex.Position, length = ex.Length, hint = ex.Hint } });
        }
    }

    private static async Task<IResult> Start(SandpitLibrary library, SandpitRounds rounds, EngineCall engine, HttpContext http)
    {
        var (body, error) = await ReadBody<SandpitStartRequest>(http, "{\"terrain\": \"intro\", \"mode\": \"gradient\"}");
        if (error is not null) return error;
        if (body is null) return ApiErrors.Error("send a JSON object");
        bool custom = body.F is not null;
        TerrainDefinition? definition;
        if (custom)
        {
            if (body.Terrain is not (null or TerrainDefinition.CustomId))
                return ApiErrors.Error("give either a terrain or your own f, not both", "drop \"terrain\" or \"f\"");
            if (body.F!.Length > SandpitLibrary.MaxFormulaLength)
                return ApiErrors.Error($"f is too long ({body.F.Length} characters; at most {SandpitLibrary.MaxFormulaLength})", "use a shorter formula");
            definition = null;
        }
        else
        {
            if (string.IsNullOrEmpty(body.Terrain)) return ApiErrors.Error("which terrain?", "send \"terrain\": one of " + string.Join(", ", library.Catalogue.Terrains.Select(t => t.Id)));
            definition = library.Catalogue.Find(body.Terrain);
            if (definition is null)
                return ApiErrors.Error($"there is no terrain \"{Shorten(body.Terrain)}\"", "choose one of " + string.Join(", ", library.Catalogue.Terrains.Select(t => t.Id)), status: StatusCodes.Status404NotFound);
        }
        var modes = definition?.Modes ?? SandpitModes.All;
        SandpitMode mode;
        if (body.Mode is null) mode = modes[0];
        else if (SandpitModes.Parse(body.Mode) is { } m && modes.Contains(m)) mode = m;
        else return ApiErrors.Error($"the mode \"{Shorten(body.Mode)}\" is not offered here", "choose one of " + string.Join(", ", modes.Select(x => x.ToName())));
        if (body.Seed is { } s && s is < 0 or > int.MaxValue) return ApiErrors.Error("the seed must be an integer from 0 to 2147483647", "or leave it out for a surprise");
        int seed = definition is { IsRandom: true } ? (int)(body.Seed ?? Random.Shared.Next(1, int.MaxValue)) : 0;

        var (terrain, failure) = await Build(engine, http, custom ? ct => library.Custom(body.F!, ct) : null,
            () => library.Get(definition!, seed));
        if (terrain is null) return failure!;
        {
            var round = new SandpitRound(terrain.Definition.Id, seed, mode, [], false, custom ? terrain.Definition.Formula : null);
            return Results.Json(new
            {
                ok = true,
                round = rounds.Protect(round, ProgressService.LearnerOf(http)),
                terrain = TerrainJson(terrain.Definition),
                mode = mode.ToName(),
                seed = body.Seed is not null && definition is { IsRandom: true } ? seed : (int?)null,
                dips = 0,
                dipsLeft = SandpitRules.MaxDips,
                rules = RulesJson(),
            });
        }
    }

    /// <summary>
    /// Builds a round's terrain. A learner's own f runs under the engine's time budget (<paramref name="custom"/>);
    /// the catalogue's terrains are our own content, bounded by the terrain file, so they are built without it (a
    /// first build on a busy machine may take longer than the budget, and is cached after).
    /// </summary>
    private static async Task<(Terrain? Terrain, IResult? Failure)> Build(EngineCall engine, HttpContext http,
        Func<CancellationToken, Terrain>? custom, Func<Terrain> catalogue)
    {
        if (custom is null) return (await Task.Run(catalogue, http.RequestAborted), null);
        Terrain? built = null;
        var answer = await engine.Run<IResult>(ct =>
        {
            try
            {
                built = custom(ct);
                return Results.Ok();
            }
            catch (ArgumentException ex)
            {
                return ApiErrors.Error(ex.Message, "f(x, y) must use only x and y, be defined everywhere in the pit [0, 6] × [0, 6], and not be flat");
            }
        }, http.RequestAborted);
        return built is null ? (null, answer) : (built, null);
    }

    private static async Task<IResult> Dip(SandpitLibrary library, SandpitRounds rounds, EngineCall engine, ProgressService progress, HttpContext http)
    {
        var (body, error) = await ReadBody<SandpitDipRequest>(http, "{\"round\": \"…\", \"x\": 1.5, \"y\": 3}");
        if (error is not null) return error;
        if (body is null) return ApiErrors.Error("send a JSON object");
        var round = rounds.Unprotect(body.Round, ProgressService.LearnerOf(http));
        if (round is null) return ApiErrors.Error("this round is not valid", "start a new round (the token was altered, belongs to someone else, or the server's keys changed)");
        if (round.Over) return ApiErrors.Error("this round is over", "start a new round", status: StatusCodes.Status409Conflict);
        if (body.X is not { } x || body.Y is not { } y) return ApiErrors.Error("where? send x and y", "both from 0 to 6");
        if (!double.IsFinite(x) || !double.IsFinite(y) || x is < 0 or > SandpitRules.PitSize || y is < 0 or > SandpitRules.PitSize)
            return ApiErrors.Error($"({x}, {y}) is outside the pit", "x and y run from 0 to 6");
        StepRule? rule = null;
        if (round.Mode == SandpitMode.Descent)
        {
            var r = body.Rule;
            if (r is null || (r.Preset is null && r.Expression is null))
                return ApiErrors.Error("descent mode needs a step rule", "send \"rule\": {\"preset\": \"hybrid\"} or {\"expression\": \"-0.5*J\"}");
            if (r.Preset is not null)
            {
                double rate = r.Rate ?? StepRules.DefaultRate;
                if (!double.IsFinite(rate) || rate <= 0 || rate > StepRules.MaxRate)
                    return ApiErrors.Error($"γ must be a number above 0 and at most {StepRules.MaxRate}", "try 0.3");
                rule = StepRules.Create(r.Preset, rate);
                if (rule is null) return ApiErrors.Error($"there is no step rule \"{Shorten(r.Preset)}\"", "choose one of " + string.Join(", ", StepRules.Presets.Select(p => p.Id)));
            }
            else rule = StepRuleExpression.Parse(r.Expression);
        }

        bool isCustom = round.TerrainId == TerrainDefinition.CustomId;
        if (!isCustom && library.Catalogue.Find(round.TerrainId) is null)
            return ApiErrors.Error($"the terrain \"{round.TerrainId}\" is no longer offered", "start a new round");
        var (terrain, failure) = await Build(engine, http, isCustom ? ct => library.TerrainOf(round, ct) : null, () => library.TerrainOf(round));
        if (terrain is null) return failure!;
        {
            var outcome = SandpitGame.Dip(terrain, round, x, y, rule);
            object? score = null;
            object? reveal = null;
            if (outcome.Status != DipStatus.Playing)
            {
                reveal = Reveal(terrain);
                if (round.TerrainId != TerrainDefinition.CustomId)
                {
                    string learner = ProgressService.LearnerOf(http);
                    var now = DateTimeOffset.UtcNow;
                    var history = progress.Read(s => s.GameScores(learner, Game));
                    progress.Write(s => s.AddGameScore(new GameScore(learner, Game, round.TerrainId, outcome.Number, outcome.Status == DipStatus.Won, now)));
                    int? previousBest = history.Where(g => g.Level == round.TerrainId && g.Won).Select(g => (int?)g.Moves).Min();
                    bool won = outcome.Status == DipStatus.Won;
                    int? best = won ? Math.Min(previousBest ?? int.MaxValue, outcome.Number) : previousBest;
                    score = new { dips = outcome.Number, won, best, newBest = won && (previousBest is null || outcome.Number < previousBest) };
                }
            }
            return Results.Json(new
            {
                ok = true,
                round = rounds.Protect(outcome.Round, ProgressService.LearnerOf(http)),
                number = outcome.Number,
                x = Round(outcome.X),
                y = Round(outcome.Y),
                depth = Round(outcome.Depth),
                label = outcome.Label,
                arrow = outcome.Arrow is { } a ? new { gradient = new[] { Round(a.Gradient.X), Round(a.Gradient.Y) }, dx = Round(a.ArrowDx), dy = Round(a.ArrowDy) } : null,
                path = outcome.Path?.Select(p => new { x = Round(p.X), y = Round(p.Y), depth = Round(p.Depth), p.Clipped }),
                rule = rule?.Text,
                status = outcome.Status switch { DipStatus.Won => "won", DipStatus.Over => "over", _ => "playing" },
                stuck = outcome.Stuck,
                hurry = outcome.Hurry,
                messages = outcome.Messages,
                dipsLeft = outcome.Round.DipsLeft,
                reveal,
                score,
            });
        }
    }

    private static object Reveal(Terrain terrain)
    {
        var grid = terrain.Grid(RevealGrid);
        return new
        {
            phone = new { x = Round(terrain.Phone.X), y = Round(terrain.Phone.Y), depth = SandpitRules.PhoneDepth },
            localMinima = terrain.LocalMinima.Take(40).Select(p => new { x = Round(p.X), y = Round(p.Y), depth = Round(terrain.Depth(p.X, p.Y)) }),
            grid = new { xs = grid.Xs, ys = grid.Ys, depths = grid.Depths.Select(row => row.Select(d => Math.Round(d, 3))) },
            f = terrain.Definition.Id == TerrainDefinition.CustomId || !terrain.Definition.IsRandom ? terrain.Definition.Formula : null,
        };
    }

    private static IEnumerable<object> ScoresJson(SandpitLibrary library, IReadOnlyList<GameScore> scores) =>
        library.Catalogue.Terrains.Select(t =>
        {
            var mine = scores.Where(s => s.Level == t.Id).ToList();
            var last = mine.LastOrDefault();
            return (object)new
            {
                terrain = t.Id,
                title = t.Title,
                rounds = mine.Count,
                wins = mine.Count(s => s.Won),
                best = mine.Where(s => s.Won).Select(s => (int?)s.Moves).Min(),
                last = last is null ? null : new { dips = last.Moves, won = last.Won, at = last.At },
            };
        });

    private static double Round(double v) => Math.Round(v, 4);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
