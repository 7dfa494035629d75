using System.Text.RegularExpressions;
using Nabla.Symbolic;

namespace Nabla.Course.Templates;

/// <summary>A parameter or definition of a variant.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Value">Its value as an expression, vector or matrix; null for verbatim pieces such as <c>sin</c>.</param>
/// <param name="Verbatim">For verbatim pieces (from <c>choice</c>), the text inserted; else null.</param>
public sealed record Binding(string Name, CourseValue? Value, string? Verbatim = null)
{
    /// <summary>The scalar expression, when the value is one.</summary>
    public Expr? Expr => (Value as ScalarValue)?.Value;

    /// <summary>Plain syntax for <c>{name}</c>: parenthesised unless it is an atom.</summary>
    public string Plain => Verbatim ?? Value switch
    {
        ScalarValue s => IsAtom(s.Value) ? s.Value.ToPlain() : $"({s.Value.ToPlain()})",
        { } v => v.ToPlain(),
        _ => "",
    };

    /// <summary>LaTeX for <c>{name:latex}</c>.</summary>
    public string Latex => Verbatim is { } piece
        ? (Symbolic.FunctionTable.TryGetByName(piece, out _) && Content.LatexChecker.KnownCommands.Contains(piece) ? "\\" + piece : piece)
        : Value?.ToLatex() ?? "";

    private static bool IsAtom(Expr e) => e switch
    {
        Symbol or Constant or Function => true,
        Number n => n.Value.Sign >= 0 && n.Value.IsInteger,
        _ => false,
    };
}

/// <summary>The names of a variant in the order they were bound, and placeholder filling.</summary>
public sealed partial class Bindings
{
    private readonly Dictionary<string, Binding> map = new(StringComparer.Ordinal);
    private readonly List<Binding> order = [];

    /// <summary>Every binding, in order.</summary>
    public IReadOnlyList<Binding> All => order;

    /// <summary>Adds or replaces a binding.</summary>
    public void Set(Binding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (map.ContainsKey(binding.Name)) order.RemoveAll(b => b.Name == binding.Name);
        map[binding.Name] = binding;
        order.Add(binding);
    }

    /// <summary>The binding named <paramref name="name"/>, or null.</summary>
    public Binding? Get(string name) => map.GetValueOrDefault(name);

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(?::(latex|plain))?\}")]
    private static partial Regex PlaceholderPattern();

    /// <summary>Replaces <c>{name}</c> (plain) and <c>{name:latex}</c> for bound names; other braces stay as written.</summary>
    public string Fill(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PlaceholderPattern().Replace(text, m =>
        {
            if (map.GetValueOrDefault(m.Groups[1].Value) is not { } b) return m.Value;
            return m.Groups[2].Value == "latex" ? b.Latex : b.Plain;
        });
    }

    /// <summary>Placeholder names used in <paramref name="text"/> that are not bound.</summary>
    public IEnumerable<string> Unbound(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Where(n => !map.ContainsKey(n));

    /// <summary>
    /// Parses a plain-syntax expression after filling placeholders, then replaces symbols named after scalar
    /// bindings by their values (so computations may use names directly).
    /// </summary>
    public Expr Resolve(string text)
    {
        var expr = Expr.Parse(Fill(text));
        var replacements = new Dictionary<Expr, Expr>();
        foreach (var s in expr.FreeSymbols)
            if (map.GetValueOrDefault(s.Name)?.Expr is { } value) replacements[s] = value;
        return replacements.Count == 0 ? expr : expr.Substitute(replacements);
    }
}
