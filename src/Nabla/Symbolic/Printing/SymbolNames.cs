namespace Nabla.Symbolic.Printing;

/// <summary>
/// How symbol names look in the typeset forms: Greek names become letters (<c>theta</c> → θ, <c>\theta</c>), a
/// suffix after <c>_</c> or a trailing run of digits becomes a subscript (<c>x_1</c>, <c>x1</c> → x₁).
/// </summary>
internal static class SymbolNames
{
    private static readonly (string Name, string Latex, char Letter)[] Greek =
    [
        ("alpha", @"\alpha", 'α'), ("beta", @"\beta", 'β'), ("gamma", @"\gamma", 'γ'), ("delta", @"\delta", 'δ'),
        ("epsilon", @"\epsilon", 'ε'), ("varepsilon", @"\varepsilon", 'ε'), ("zeta", @"\zeta", 'ζ'), ("eta", @"\eta", 'η'),
        ("theta", @"\theta", 'θ'), ("vartheta", @"\vartheta", 'ϑ'), ("iota", @"\iota", 'ι'), ("kappa", @"\kappa", 'κ'),
        ("lambda", @"\lambda", 'λ'), ("mu", @"\mu", 'μ'), ("nu", @"\nu", 'ν'), ("xi", @"\xi", 'ξ'), ("pi", @"\pi", 'π'),
        ("rho", @"\rho", 'ρ'), ("sigma", @"\sigma", 'σ'), ("tau", @"\tau", 'τ'), ("upsilon", @"\upsilon", 'υ'),
        ("phi", @"\phi", 'φ'), ("varphi", @"\varphi", 'φ'), ("chi", @"\chi", 'χ'), ("psi", @"\psi", 'ψ'),
        ("omega", @"\omega", 'ω'),
        ("Gamma", @"\Gamma", 'Γ'), ("Delta", @"\Delta", 'Δ'), ("Theta", @"\Theta", 'Θ'), ("Lambda", @"\Lambda", 'Λ'),
        ("Xi", @"\Xi", 'Ξ'), ("Pi", @"\Pi", 'Π'), ("Sigma", @"\Sigma", 'Σ'), ("Upsilon", @"\Upsilon", 'Υ'),
        ("Phi", @"\Phi", 'Φ'), ("Psi", @"\Psi", 'Ψ'), ("Omega", @"\Omega", 'Ω'),
    ];

    private static readonly Dictionary<string, (string Latex, char Letter)> ByName =
        Greek.ToDictionary(g => g.Name, g => (g.Latex, g.Letter), StringComparer.Ordinal);

    // First entry per letter wins, so ε maps back to \epsilon rather than \varepsilon.
    private static readonly Dictionary<char, string> LatexByLetter =
        Greek.GroupBy(g => g.Letter).ToDictionary(g => g.Key, g => g.First().Latex);

    /// <summary>Splits a name into the part written normally and an optional subscript.</summary>
    public static (string Head, string? Subscript) Split(string name)
    {
        int underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore > 0 && underscore < name.Length - 1) return (name[..underscore], name[(underscore + 1)..]);
        int digits = name.Length;
        while (digits > 0 && char.IsAsciiDigit(name[digits - 1])) digits--;
        if (digits > 0 && digits < name.Length && char.IsLetter(name[digits - 1])) return (name[..digits], name[digits..]);
        return (name, null);
    }

    /// <summary>The Greek letter for a Greek name (<c>theta</c> → θ), or null.</summary>
    public static char? GreekLetter(string name) => ByName.TryGetValue(name, out var g) ? g.Letter : null;

    /// <summary>The LaTeX command for a Greek name or letter (<c>theta</c>, θ → <c>\theta</c>), or null.</summary>
    public static string? GreekLatex(string name)
    {
        if (ByName.TryGetValue(name, out var g)) return g.Latex;
        if (name.Length == 1 && LatexByLetter.TryGetValue(name[0], out var latex)) return latex;
        return null;
    }

    /// <summary>The name with Greek letters and Unicode subscript digits: <c>theta_1</c> → θ₁, <c>x_ij</c> → x_ij.</summary>
    public static string Unicode(string name)
    {
        var (head, sub) = Split(name);
        var h = GreekLetter(head) is { } letter ? letter.ToString() : head;
        if (sub is null) return h;
        if (sub.All(char.IsAsciiDigit)) return h + string.Concat(sub.Select(d => (char)('₀' + (d - '0'))));
        return h + "_" + (GreekLetter(sub) is { } s ? s.ToString() : sub);
    }

    /// <summary>Superscript digits for a non-negative integer: 12 → ¹².</summary>
    public static string Superscript(string digits) => string.Concat(digits.Select(d => d switch
    {
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        _ => (char)('⁰' + (d - '0')),
    }));
}
