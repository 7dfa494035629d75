using System.Globalization;
using System.Text.RegularExpressions;
using Nabla.Symbolic;

namespace Nabla.Course.Sandpit;

/// <summary>How the learner plays a round.</summary>
public enum SandpitMode
{
    /// <summary>Each dip reports the depth only.</summary>
    Depth,
    /// <summary>Each dip reports the depth and a downhill arrow (−∇depth, scaled and clipped).</summary>
    Gradient,
    /// <summary>Each dip starts an automatic descent of up to <see cref="SandpitRules.StepsPerDip"/> steps of a step rule.</summary>
    Descent,
}

/// <summary>Names of the modes as the API and the terrain file spell them.</summary>
public static class SandpitModes
{
    /// <summary>The mode's name: <c>depth</c>, <c>gradient</c> or <c>descent</c>.</summary>
    public static string ToName(this SandpitMode mode) => mode switch
    {
        SandpitMode.Depth => "depth",
        SandpitMode.Gradient => "gradient",
        _ => "descent",
    };

    /// <summary>Reads a mode name; null when it is not one.</summary>
    public static SandpitMode? Parse(string? name) => name switch
    {
        "depth" => SandpitMode.Depth,
        "gradient" => SandpitMode.Gradient,
        "descent" => SandpitMode.Descent,
        _ => null,
    };

    /// <summary>Every mode, in the pickers' order.</summary>
    public static IReadOnlyList<SandpitMode> All { get; } = [SandpitMode.Depth, SandpitMode.Gradient, SandpitMode.Descent];
}

/// <summary>A random parameter family: every symbol named like <see cref="Family"/> plus digits gets one draw.</summary>
/// <param name="Family">The family name (a letter or a word).</param>
/// <param name="Low">Uniform draws: the lower end.</param>
/// <param name="High">Uniform draws: the upper end.</param>
/// <param name="Choices">Choice draws: the values to pick from (null for uniform).</param>
public sealed record TerrainParameter(string Family, double Low, double High, IReadOnlyList<double>? Choices)
{
    /// <summary>The value drawn for <paramref name="unit"/> in [0, 1), rounded to three decimals (exact in the engine).</summary>
    public Rational Draw(double unit)
    {
        double value = Choices is { Count: > 0 } c
            ? c[Math.Min(c.Count - 1, (int)(unit * c.Count))]
            : Low + (High - Low) * unit;
        return new Rational(new System.Numerics.BigInteger(Math.Round(value * 1000)), 1000);
    }
}

/// <summary>A named sum in a terrain's formula: <c>{Name}</c> becomes Σ term over the index ranges.</summary>
/// <param name="Name">The placeholder name.</param>
/// <param name="Indices">Each index letter with its inclusive range.</param>
/// <param name="Term">The term, with <c>{i}</c> for each index letter.</param>
public sealed record TerrainSeries(string Name, IReadOnlyList<(string Index, int From, int To)> Indices, string Term)
{
    /// <summary>The most terms a series may expand to.</summary>
    public const int MaxTerms = 100;

    /// <summary>The expanded sum, in parentheses.</summary>
    public string Expand()
    {
        var terms = new List<string> { Term };
        foreach (var (index, from, to) in Indices)
        {
            var next = new List<string>();
            foreach (var t in terms)
                for (int k = from; k <= to; k++)
                    next.Add(t.Replace("{" + index + "}", k.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            terms = next;
            if (terms.Count > MaxTerms) throw new ArgumentException($"the series {Name} has more than {MaxTerms} terms");
        }
        return "(" + string.Join(" + ", terms) + ")";
    }
}

/// <summary>
/// One Sandpit terrain as the terrain file (content/sandpit/terrains.yaml) defines it. Random terrains draw their
/// parameters from the round's seed, so (terrain, seed) always gives the same landscape.
/// </summary>
/// <param name="Id">The id (<c>intro</c>, <c>dunes</c>…), also the score's level.</param>
/// <param name="Title">The title in the picker.</param>
/// <param name="Description">One or two sentences for the learner.</param>
/// <param name="Modes">The modes offered; the first is the default.</param>
/// <param name="Formula">f(x, y) as written, with series placeholders.</param>
/// <param name="Series">The named sums.</param>
/// <param name="Parameters">The random parameter families.</param>
public sealed partial record TerrainDefinition(string Id, string Title, string Description, IReadOnlyList<SandpitMode> Modes,
    string Formula, IReadOnlyList<TerrainSeries> Series, IReadOnlyList<TerrainParameter> Parameters)
{
    /// <summary>The id of a learner-supplied terrain (the lesson widget's <c>f</c> attribute).</summary>
    public const string CustomId = "custom";

    /// <summary>Whether the landscape depends on the seed.</summary>
    public bool IsRandom => Parameters.Count > 0;

    /// <summary>The pit's coordinates.</summary>
    public static IReadOnlyList<Symbol> Variables { get; } = [(Symbol)Expr.Sym("x"), (Symbol)Expr.Sym("y")];

    /// <summary>A terrain for a learner's own f (every mode, no parameters).</summary>
    public static TerrainDefinition Custom(string f) =>
        new(CustomId, "Your own landscape", "f(x, y) = " + f, SandpitModes.All, f, [], []);

    /// <summary>The formula with every series expanded.</summary>
    public string ExpandedFormula()
    {
        string text = Formula;
        foreach (var s in Series) text = text.Replace("{" + s.Name + "}", s.Expand(), StringComparison.Ordinal);
        return text;
    }

    /// <summary>The formula parsed, its series expanded (parameters still symbols).</summary>
    /// <exception cref="Nabla.Symbolic.Parsing.ParseException">The formula is not a valid expression.</exception>
    public Expr ParseTemplate() => Expr.Parse(ExpandedFormula());

    /// <summary>The family a parameter symbol belongs to, or null when it belongs to none.</summary>
    public TerrainParameter? FamilyOf(string symbol)
    {
        var m = FamilyName().Match(symbol);
        if (!m.Success) return null;
        string family = m.Groups[1].Value;
        return Parameters.FirstOrDefault(p => p.Family == family);
    }

    /// <summary>f(x, y) for <paramref name="seed"/>: every parameter replaced by its draw.</summary>
    /// <exception cref="ArgumentException">f uses a symbol that is neither x, y nor a parameter.</exception>
    public Expr Instantiate(int seed)
    {
        var template = ParseTemplate();
        var replacements = new Dictionary<Expr, Expr>();
        foreach (var symbol in template.FreeSymbols)
        {
            if (symbol.Name is "x" or "y") continue;
            var family = FamilyOf(symbol.Name)
                ?? throw new ArgumentException($"the terrain {Id} uses {symbol.Name}, which is neither x, y nor a parameter");
            replacements[symbol] = Expr.Num(family.Draw(SeededDraw.Unit(seed, Id, symbol.Name)));
        }
        return replacements.Count == 0 ? template : template.Substitute(replacements);
    }

    [GeneratedRegex(@"^([A-Za-z]+?)_?\d*$")]
    private static partial Regex FamilyName();
}

/// <summary>
/// Deterministic draws from (seed, terrain, parameter name): a stable FNV-1a hash through SplitMix64, the same on
/// every machine and runtime, and each parameter independent of which others exist.
/// </summary>
public static class SeededDraw
{
    /// <summary>A number in [0, 1) determined by the three keys.</summary>
    public static double Unit(int seed, string terrain, string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in $"{seed}|{terrain}|{name}")
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        h += 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (h >> 11) * (1.0 / (1UL << 53));
    }
}
