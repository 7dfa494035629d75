using System.Globalization;
using System.Text.RegularExpressions;
using Nabla.Course.Content;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;
using YamlDotNet.RepresentationModel;

namespace Nabla.Course.Sandpit;

/// <summary>
/// The Sandpit's terrains, loaded from <c>sandpit/terrains.yaml</c> under the content folder and validated (every
/// problem reported with its line, like the course content).
/// </summary>
public sealed partial class TerrainCatalogue
{
    /// <summary>The terrain file, relative to the content folder.</summary>
    public const string RelativePath = "sandpit/terrains.yaml";

    private TerrainCatalogue(IReadOnlyList<TerrainDefinition> terrains) => Terrains = terrains;

    /// <summary>The terrains, in the file's order.</summary>
    public IReadOnlyList<TerrainDefinition> Terrains { get; }

    /// <summary>The terrain with <paramref name="id"/>, or null.</summary>
    public TerrainDefinition? Find(string? id) => Terrains.FirstOrDefault(t => t.Id == id);

    /// <summary>Loads the terrain file under the content folder <paramref name="contentRoot"/>.</summary>
    /// <exception cref="ContentException">The file is missing or has problems (all listed).</exception>
    public static TerrainCatalogue Load(string contentRoot)
    {
        string path = Path.Combine(contentRoot, RelativePath);
        if (!File.Exists(path)) throw new ContentException($"the Sandpit's terrain file {RelativePath} is missing under {contentRoot}");
        return Parse(File.ReadAllText(path), RelativePath);
    }

    /// <summary>Reads and validates terrain YAML.</summary>
    /// <exception cref="ContentException">The text has problems (all listed with their lines).</exception>
    public static TerrainCatalogue Parse(string yaml, string fileName = RelativePath)
    {
        var problems = new List<ContentProblem>();
        var source = new YamlSource(fileName, 0, problems);
        var terrains = new List<TerrainDefinition>();
        var root = source.LoadMapping(yaml);
        if (root is not null)
        {
            if (YamlSource.Get(root, "terrains") is not YamlSequenceNode list || list.Children.Count == 0)
                source.Problem(ProblemKind.Syntax, source.Line(root), "expected a non-empty list \"terrains\"");
            else
                foreach (var item in list.Children)
                {
                    if (item is not YamlMappingNode map) source.Problem(ProblemKind.Syntax, source.Line(item), "each terrain must be a mapping");
                    else if (ReadTerrain(source, problems, map) is { } t)
                    {
                        if (terrains.Any(o => o.Id == t.Id)) source.Problem(ProblemKind.DuplicateId, source.Line(map), $"two terrains have the id \"{t.Id}\"");
                        else terrains.Add(t);
                    }
                }
        }
        if (problems.Count > 0) throw new ContentException(problems);
        return new TerrainCatalogue(terrains);
    }

    private static TerrainDefinition? ReadTerrain(YamlSource source, List<ContentProblem> problems, YamlMappingNode map)
    {
        int line = source.Line(map);
        int before = problems.Count;
        string? id = source.String(map, "id", required: true);
        string? title = source.String(map, "title", required: true);
        string description = source.String(map, "description") ?? "";
        string? f = source.String(map, "f", required: true);
        var modeNames = source.StringList(map, "modes", required: true);
        if (id is not null && (!IdPattern().IsMatch(id) || id == TerrainDefinition.CustomId))
            source.Problem(ProblemKind.Syntax, line, $"the terrain id \"{id}\" must be lower-case letters, digits and dashes, and not \"{TerrainDefinition.CustomId}\"");
        var modes = new List<SandpitMode>();
        foreach (var name in modeNames)
        {
            if (SandpitModes.Parse(name) is { } m && !modes.Contains(m)) modes.Add(m);
            else source.Problem(ProblemKind.Syntax, line, $"unknown or repeated mode \"{name}\" (use depth, gradient, descent)");
        }
        if (modeNames.Count > 0 && modes.Count == 0) source.Problem(ProblemKind.Syntax, line, "a terrain needs at least one mode");
        var series = ReadSeries(source, map);
        var parameters = ReadParameters(source, map);
        if (problems.Count > before || id is null || title is null || f is null) return null;

        var definition = new TerrainDefinition(id, title, description, modes, f, series, parameters);
        try
        {
            var template = definition.ParseTemplate();
            foreach (var symbol in template.FreeSymbols)
                if (symbol.Name is not ("x" or "y") && definition.FamilyOf(symbol.Name) is null)
                    source.Problem(ProblemKind.BadExpression, line, $"terrain {id}: f uses {symbol.Name}, which is neither x, y nor a declared parameter family");
            foreach (var p in parameters)
                if (!template.FreeSymbols.Any(s => definition.FamilyOf(s.Name) == p))
                    source.Problem(ProblemKind.Syntax, line, $"terrain {id}: the parameter family {p.Family} is not used in f");
        }
        catch (Exception ex) when (ex is ParseException or ArgumentException or SymbolicException)
        {
            source.Problem(ProblemKind.BadExpression, line, $"terrain {id}: f is not a valid expression: {ex.Message}");
        }
        return problems.Count > before ? null : definition;
    }

    private static List<TerrainSeries> ReadSeries(YamlSource source, YamlMappingNode map)
    {
        var result = new List<TerrainSeries>();
        if (YamlSource.Get(map, "series") is not { } node) return result;
        if (node is not YamlMappingNode all)
        {
            source.Problem(ProblemKind.Syntax, source.Line(node), "\"series\" must map names to {i: [from, to], term: ...}");
            return result;
        }
        foreach (var (key, value) in all.Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? "";
            if (value is not YamlMappingNode spec || !IdPattern().IsMatch(name))
            {
                source.Problem(ProblemKind.Syntax, source.Line(key), $"series \"{name}\" must be a mapping with a lower-case name");
                continue;
            }
            string? term = source.String(spec, "term", required: true);
            var indices = new List<(string, int, int)>();
            long count = 1;
            foreach (var (k, v) in spec.Children)
            {
                string index = (k as YamlScalarNode)?.Value ?? "";
                if (index == "term") continue;
                var bounds = v is YamlSequenceNode seq ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value).ToList() : [];
                if (index.Length != 1 || !char.IsAsciiLetterLower(index[0]) || bounds.Count != 2
                    || !int.TryParse(bounds[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int from)
                    || !int.TryParse(bounds[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int to) || to < from)
                {
                    source.Problem(ProblemKind.Syntax, source.Line(k), $"series \"{name}\": index \"{index}\" must be one lower-case letter with [from, to]");
                    continue;
                }
                indices.Add((index, from, to));
                count *= to - from + 1;
            }
            if (indices.Count == 0) source.Problem(ProblemKind.Syntax, source.Line(key), $"series \"{name}\" has no index");
            else if (count > TerrainSeries.MaxTerms) source.Problem(ProblemKind.Syntax, source.Line(key), $"series \"{name}\" has {count} terms (at most {TerrainSeries.MaxTerms})");
            if (term is not null) result.Add(new TerrainSeries(name, indices, term));
        }
        return result;
    }

    private static List<TerrainParameter> ReadParameters(YamlSource source, YamlMappingNode map)
    {
        var result = new List<TerrainParameter>();
        if (YamlSource.Get(map, "parameters") is not { } node) return result;
        if (node is not YamlMappingNode all)
        {
            source.Problem(ProblemKind.Syntax, source.Line(node), "\"parameters\" must map family names to {uniform: [low, high]} or {choice: [...]}");
            return result;
        }
        foreach (var (key, value) in all.Children)
        {
            string family = (key as YamlScalarNode)?.Value ?? "";
            int line = source.Line(key);
            if (!FamilyPattern().IsMatch(family) || family is "x" or "y" or "e" or "pi")
            {
                source.Problem(ProblemKind.Syntax, line, $"parameter family \"{family}\" must be letters and not x, y, e or pi");
                continue;
            }
            if (value is not YamlMappingNode spec)
            {
                source.Problem(ProblemKind.Syntax, line, $"parameter family \"{family}\" needs uniform: [low, high] or choice: [values]");
                continue;
            }
            var uniform = Numbers(YamlSource.Get(spec, "uniform"));
            var choice = Numbers(YamlSource.Get(spec, "choice"));
            if (uniform is { Count: 2 } u && u[0] < u[1] && choice is null) result.Add(new TerrainParameter(family, u[0], u[1], null));
            else if (choice is { Count: > 0 } c && uniform is null) result.Add(new TerrainParameter(family, c.Min(), c.Max(), c));
            else source.Problem(ProblemKind.Syntax, line, $"parameter family \"{family}\" needs uniform: [low, high] (low < high) or choice: [values], finite numbers");
        }
        return result;
    }

    private static List<double>? Numbers(YamlNode? node)
    {
        if (node is not YamlSequenceNode seq) return null;
        var list = new List<double>();
        foreach (var item in seq.Children)
        {
            if (item is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                return [];
            list.Add(v);
        }
        return list;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z]+$")]
    private static partial Regex FamilyPattern();
}
