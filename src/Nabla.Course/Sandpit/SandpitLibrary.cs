using System.Collections.Concurrent;
using Nabla.Symbolic;

namespace Nabla.Course.Sandpit;

/// <summary>
/// The terrains a server plays: the catalogue, plus a bounded cache of built terrains keyed by (terrain, seed) or by
/// the learner's own f. The cache only saves work (any node can rebuild a terrain from its key), so it may be dropped
/// at any time; it is cleared when it reaches <see cref="CacheSize"/> entries.
/// </summary>
public sealed class SandpitLibrary(TerrainCatalogue catalogue)
{
    /// <summary>The most built terrains kept.</summary>
    public const int CacheSize = 64;

    /// <summary>The longest f a learner may give.</summary>
    public const int MaxFormulaLength = 2000;

    private readonly ConcurrentDictionary<string, Lazy<Terrain>> cache = new(StringComparer.Ordinal);

    /// <summary>The catalogue.</summary>
    public TerrainCatalogue Catalogue { get; } = catalogue ?? throw new ArgumentNullException(nameof(catalogue));

    /// <summary>The built terrain of <paramref name="round"/>.</summary>
    /// <exception cref="KeyNotFoundException">The round names an unknown terrain.</exception>
    public Terrain TerrainOf(SandpitRound round, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.TerrainId == TerrainDefinition.CustomId)
            return Custom(round.CustomF ?? throw new ArgumentException("a custom round needs f"), cancellation);
        var definition = Catalogue.Find(round.TerrainId) ?? throw new KeyNotFoundException($"no terrain \"{round.TerrainId}\"");
        return Get(definition, round.Seed, cancellation);
    }

    /// <summary>The terrain <paramref name="definition"/> drawn with <paramref name="seed"/>.</summary>
    public Terrain Get(TerrainDefinition definition, int seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        int key = definition.IsRandom ? seed : 0;
        return Cached($"{definition.Id}#{key}", () => Terrain.Build(definition, key, cancellation));
    }

    /// <summary>A terrain from a learner's own f(x, y), checked: at most <see cref="MaxFormulaLength"/> characters,
    /// only x and y, defined and not flat over the pit.</summary>
    /// <exception cref="Nabla.Symbolic.Parsing.ParseException">f is not a valid expression.</exception>
    /// <exception cref="ArgumentException">f uses other variables, is undefined somewhere in the pit, or is flat.</exception>
    public Terrain Custom(string f, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Length > MaxFormulaLength) throw new ArgumentException($"f is too long ({f.Length} characters; at most {MaxFormulaLength})");
        var expr = Expr.Parse(f);
        var others = expr.FreeSymbols.Where(s => s.Name is not ("x" or "y")).Select(s => s.Name).ToList();
        if (others.Count > 0) throw new ArgumentException($"f may use only x and y, not {string.Join(", ", others)}");
        string canonical = expr.ToPlain();
        var definition = TerrainDefinition.Custom(canonical);
        return Cached("custom#" + canonical, () => Terrain.Build(definition, 0, cancellation));
    }

    private Terrain Cached(string key, Func<Terrain> build)
    {
        if (cache.Count >= CacheSize) cache.Clear();
        var lazy = cache.GetOrAdd(key, _ => new Lazy<Terrain>(build, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed or cancelled build is not cached: the next request tries again.
            cache.TryRemove(new KeyValuePair<string, Lazy<Terrain>>(key, lazy));
            throw;
        }
    }
}
