namespace Nabla.Symbolic.Parsing;

/// <summary>
/// The vocabulary of the expression language: the function names the parser accepts (with their aliases) and the
/// Greek letter names. Help texts and command-line completion read these lists, so they always match the parser.
/// </summary>
public static class ExpressionLanguage
{
    // Codes above the MathFunction range name the parser-only functions that build other expressions.
    internal const int SqrtCode = 100, LogCode = 101, Log10Code = 102, Log2Code = 103, LogBaseCode = 104, CbrtCode = 105;

    private static readonly Dictionary<string, int> FunctionCodes = BuildFunctionCodes();

    private static readonly string[] GreekNameList =
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
        "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Phi", "Psi", "Omega",
    ];

    private static readonly HashSet<string> GreekNameSet = new(GreekNameList, StringComparer.Ordinal);

    internal static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> FunctionLookup =
        FunctionCodes.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> GreekLookup =
        GreekNameSet.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Function names, longest first, so that the first prefix match is the longest (sinh before sin).</summary>
    internal static readonly string[] FunctionNamesLongestFirst =
        [.. FunctionCodes.Keys.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)];

    /// <summary>Every multi-letter word split mode keeps whole: functions, Greek names and pi, longest first.</summary>
    internal static readonly string[] KnownWordsLongestFirst =
        [.. FunctionCodes.Keys.Concat(GreekNameList).Append("pi").OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)];

    /// <summary>Every function name the parser accepts, including aliases (arcsin, log10, sqrt, …), sorted.</summary>
    public static IReadOnlyList<string> FunctionNames { get; } = [.. FunctionCodes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The Greek letter names that are read as variables (θ and theta are both the variable "theta").</summary>
    public static IReadOnlyList<string> GreekNames => GreekNameList;

    private static Dictionary<string, int> BuildFunctionCodes()
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in FunctionTable.All) codes[row.Name] = (int)row.Function;
        codes["arcsin"] = (int)MathFunction.Asin;
        codes["arccos"] = (int)MathFunction.Acos;
        codes["arctan"] = (int)MathFunction.Atan;
        codes["sgn"] = (int)MathFunction.Sign;
        codes["sqrt"] = SqrtCode;
        codes["cbrt"] = CbrtCode;
        codes["log"] = LogCode;
        codes["log10"] = Log10Code;
        codes["log2"] = Log2Code;
        return codes;
    }

    /// <summary>The ASCII name of a Greek letter typed as a symbol (θ → theta), or null.</summary>
    internal static string? GreekName(char c) => c switch
    {
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'δ' => "delta",
        'ε' or 'ϵ' => "epsilon",
        'ζ' => "zeta",
        'η' => "eta",
        'θ' or 'ϑ' => "theta",
        'ι' => "iota",
        'κ' => "kappa",
        'λ' => "lambda",
        'μ' or 'µ' => "mu",
        'ν' => "nu",
        'ξ' => "xi",
        'ρ' => "rho",
        'σ' or 'ς' => "sigma",
        'τ' => "tau",
        'υ' => "upsilon",
        'φ' or 'ϕ' => "phi",
        'χ' => "chi",
        'ψ' => "psi",
        'ω' => "omega",
        'Γ' => "Gamma",
        'Δ' => "Delta",
        'Θ' => "Theta",
        'Λ' => "Lambda",
        'Ξ' => "Xi",
        'Φ' => "Phi",
        'Ψ' => "Psi",
        'Ω' => "Omega",
        _ => null,
    };

    /// <summary>The longest function name that <paramref name="word"/> starts with, or null.</summary>
    internal static string? LongestFunctionPrefix(ReadOnlySpan<char> word)
    {
        foreach (var name in FunctionNamesLongestFirst)
            if (word.StartsWith(name, StringComparison.Ordinal)) return name;
        return null;
    }

    /// <summary>The longest function name that <paramref name="word"/> ends with, or null.</summary>
    internal static string? LongestFunctionSuffix(ReadOnlySpan<char> word)
    {
        foreach (var name in FunctionNamesLongestFirst)
            if (word.EndsWith(name, StringComparison.Ordinal)) return name;
        return null;
    }

    /// <summary>Up to three function names closest to <paramref name="word"/> by edit distance (at most 2 edits).</summary>
    internal static List<string> NearestFunctionNames(string word)
    {
        var scored = new List<(int Distance, string Name)>();
        foreach (var name in FunctionNames)
        {
            int d = EditDistance(word, name);
            if (d <= Math.Min(2, Math.Max(1, word.Length - 1))) scored.Add((d, name));
        }
        scored.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Name, b.Name));
        return [.. scored.Take(3).Select(s => s.Name)];
    }

    /// <summary>Levenshtein distance (two rows; the words involved are short identifiers).</summary>
    internal static int EditDistance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue; // nobody misspells a 64-letter function name
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            current.CopyTo(previous);
        }
        return previous[b.Length];
    }
}
