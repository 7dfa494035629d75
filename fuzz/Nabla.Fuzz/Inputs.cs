using System.Text;

namespace Nabla.Fuzz;

/// <summary>
/// Learner-like expression text: a seed corpus (what learners type, paste and get wrong), a grammar that writes random
/// expressions in every surface syntax the language accepts (and a few it does not), and token/byte mutators. Every
/// choice comes from the <see cref="Random"/> passed in, so an input is a pure function of (seed, index).
/// </summary>
public sealed class Inputs
{
    /// <summary>Typical learner input and traps: implicit products, unicode, pasted LaTeX, typos, extremes.</summary>
    public static IReadOnlyList<string> BuiltInCorpus { get; } =
    [
        "2x", "2 x", "2*x", "x2", "x^2", "x**2", "x²", "x³", "2x^3 - 5x + 1", "3x^2+2x-7", "sin x^2", "sin(x)^2", "sin^2 x",
        "sin^2(x) + cos^2(x)", "sin x cos x", "sinx", "sinhx", "cosxsinx", "e^x", "e^-x", "e^(-x^2/2)", "exp(x)", "ex", "xe^x",
        "2e", "2e^x", "2e-x", "1e5", "1.5e-3", "6.02e+23", "1e10000", "1e10001", "1e", "e^e^e^x", "x^x^x", "x^-1", "x^(-1/2)",
        "1/x", "1/(x+1)", "x/y/z", "a/bc", "1/2x", "½", "¼x", "√x", "√(x²+y²)", "∛x", "sqrt(x)", "sqrt x", "sqrt(-1)", "ln x",
        "ln(0)", "log(x)", "log(1+e^z)", "|x|", "|x-1|+relu(x)", "||x||", "|x|y|", "abs(x)", "sign(x)", "step(x)", "sigmoid(wx+b)",
        "σ(w·x + b)", "softplus(x)", "tanh(x)", "atan(x)", "arctan(x)", "asin(2)", "acos(x)", "sec x", "csc(x)", "cot(0)",
        "tan(pi/2)", "−x", "x − 1", "x – 1", "x — 1", "2·x", "2×x", "2÷x", "x⋅y", "θ² + 2θ + 1", "πr^2", "pi r^2", "2pi",
        "2π", "∞", "inf", "NaN", "x_1 + x_2", "x_{12}", "w_1 x_1 + b", "x_", "x__1", "(x+1)(x-1)", "(x+1)^2", "((x))", "(((x+1)",
        "x+1)", ")(", "()", "(,)", "[x, y]", "[2x, 2y]", "[[1, 2], [3, 4]]", "[[2, 0], [0, 2]]", "[x; y]", "{x}", "[x", "x,y",
        "1,5", "1.5", ".5", "1.", "007", "0.1+0.2", "1/3 + 1/6", "0/0", "1/0", "0^0", "0^-1", "(-8)^(1/3)", "(-1)^(1/2)",
        "x^(1/3)", "x^0.5", "x^1e100", "x^(10^10)", "2^2^2^2^2", "10^10^10", "99999999999999999999999999999999999999",
        "123456789012345678901234567890*x", "-x", "--x", "+-x", "x++1", "x+", "*x", "x*", "x^", "^2", "2^", "x==1", "x=1",
        "y = 2x", "dy/dx = 2x", "f(x) = x^2", "f'(x)", "x'", "d/dx x^2", "\\frac{1}{2}x^2", "\\sin(x)", "\\sqrt{x}",
        "x^{2}", "2 \\cdot x", "\\pi", "\\left(x\\right)", "$x^2$", "`x^2`", "x^2 ", "  ", "", "\t2x\n", "2x;", "2x.", "2 x y",
        "xy", "xyz", "xy^2", "2xy", "x y", "rate * time", "theta", "alpha beta", "lambda x", "loss", "relu(x)", "max(x, 0)",
        "min(x,y)", "mod(x)", "floor(x)", "diff(x^2)", "integrate(x)", "0", "1", "-0", "0.0", "x-x", "x/x", "(x^2-1)/(x-1)",
        "sin(x)/x", "(1+1/x)^x", "x^2*y + y^2*x", "x^2 y", "4x^3y^2", "2*x*sin(x) + x^2*cos(x)", "cos(x) - x sin(x)",
        "1/(1+e^-x)", "σ(x)(1-σ(x))", "sigmoid(x)*(1-sigmoid(x))", "2(x+1)", "2(x+1)^3(x-1)", "(2x+1)^10", "(x+y)^20",
        "(x+1)^100", "x^100000", "x^-100000", "sin(sin(sin(sin(sin(x)))))", "exp(exp(exp(x)))", "ln(ln(ln(x)))",
        "x^2 + 3x - 1", "2x sin(x) + e^-x", "e^(-x^2/2) / sqrt(2pi)", "a x^2 + b x + c", "[2x y, x^2]", "[[2y, 2x], [2x, 0]]",
        "[[0, 1], [1, 0]]", "[e^x, e^y]", "1 2", "2 3x", "x 2", "x2y", "x1x2", "sin", "sin()", "sin(,)", "sin(x,y)", "ln()",
        "cos^-1(x)", "sin^-1 x", "e^ix", "i", "j", "2i", "∂f/∂x", "∇f", "Δx", "x̄", "ẋ", "x⁻¹", "x⁽²⁾", "ｘ", "２x", "x\u200b+1",
        "x\u00a0+ 1", "\ufeffx", "x\u0000", "😀", "x😀", "\"x\"", "'x'", "x#1", "x@y", "x&y", "x!", "3!", "x%", "x?", "~x", "x<y",
    ];

    private static readonly string[] Variables = ["x", "y", "z", "t", "a", "b", "w", "theta", "θ", "x_1", "x_2", "w1", "r", "u", "E", "rate"];
    private static readonly string[] Functions = ["sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan", "arctan", "sinh", "cosh", "tanh",
        "exp", "ln", "log", "abs", "sign", "sigmoid", "σ", "softplus", "relu", "step", "sqrt", "√"];
    private static readonly string[] Numbers = ["0", "1", "2", "3", "10", "0.5", ".5", "1.25", "1/2", "3/4", "1e3", "2e-3", "100", "7", "12", "-1",
        "pi", "π", "e", "½", "99999999999999999999", "1e300", "0.000001"];
    private static readonly string[] Operators = ["+", "-", "*", "/", "^", "**", "−", "·", "×", " ", "", "÷"];
    private static readonly string[] Tokens = ["(", ")", "[", "]", "{", "}", "|", ",", ";", "^", "*", "/", "+", "-", "−", "²", "√", "_", ".", " ",
        "x", "y", "e", "pi", "sin", "ln", "exp", "2", "0", "1e9", "π", "σ", "θ", "!", "=", "\\", "'", "\"", "√(", "^(", "e^", "sin^2", "..", "e-"];
    private static readonly string[] Unicode = ["\u2212", "\u00b7", "\u00d7", "\u221a", "\u00bd", "\u00b2", "\u03c0", "\u03b8", "\u03c3", "\u2009",
        "\u200b", "\ufeff", "\u0301", "\ud83d\ude00", "\ud800", "\udc00", "\u0000", "\u00a0", "\uff58", "\u2074", "\u2080", "\u221e", "\u2202", "\u2207"];

    private readonly IReadOnlyList<string> corpus;

    /// <summary>Creates a generator over <paramref name="corpus"/> (the built-in corpus plus e.g. answers from content/).</summary>
    public Inputs(IEnumerable<string> corpus)
    {
        var all = new List<string>(BuiltInCorpus);
        foreach (var s in corpus) if (!all.Contains(s)) all.Add(s);
        this.corpus = all;
    }

    /// <summary>The corpus (built-in entries first).</summary>
    public IReadOnlyList<string> Corpus => corpus;

    /// <summary>One input: a corpus entry, a grammar expression, or either mutated (1–4 mutations), now and then very long.</summary>
    public string Next(Random rng)
    {
        int pick = rng.Next(100);
        string text = pick < 25 ? Pick(rng, corpus) : Grammar(rng, rng.Next(1, 6));
        if (pick >= 45)
        {
            int mutations = 1 + rng.Next(4);
            for (int i = 0; i < mutations; i++) text = Mutate(rng, text);
        }
        return text;
    }

    /// <summary>A random expression in a random surface syntax, of depth at most <paramref name="depth"/>.</summary>
    public string Grammar(Random rng, int depth)
    {
        var sb = new StringBuilder();
        Write(rng, sb, depth);
        return sb.ToString();
    }

    private void Write(Random rng, StringBuilder sb, int depth)
    {
        if (depth <= 0 || rng.Next(4) == 0)
        {
            sb.Append(rng.Next(3) == 0 ? Pick(rng, Numbers) : Pick(rng, Variables));
            return;
        }
        switch (rng.Next(10))
        {
            case 0:
            case 1:
            case 2:
                Write(rng, sb, depth - 1);
                sb.Append(rng.Next(3) == 0 ? " " : "").Append(Pick(rng, Operators)).Append(rng.Next(3) == 0 ? " " : "");
                Write(rng, sb, depth - 1);
                break;
            case 3:
                {
                    string f = Pick(rng, Functions);
                    sb.Append(f);
                    int style = rng.Next(6);
                    if (style == 0) { sb.Append(' '); Write(rng, sb, depth - 1); }
                    else if (style == 1) { sb.Append("^2("); Write(rng, sb, depth - 1); sb.Append(')'); }
                    else { sb.Append('('); Write(rng, sb, depth - 1); sb.Append(')'); }
                    break;
                }
            case 4:
                sb.Append('(');
                Write(rng, sb, depth - 1);
                sb.Append(')');
                if (rng.Next(2) == 0) { sb.Append('^'); Write(rng, sb, depth - 2); }
                break;
            case 5:
                sb.Append(rng.Next(2) == 0 ? "e^" : "e^(");
                Write(rng, sb, depth - 1);
                if (sb[^1] != ')' && rng.Next(2) == 0) sb.Append(')');
                break;
            case 6:
                sb.Append(Pick(rng, Numbers)).Append(Pick(rng, Variables));
                if (rng.Next(2) == 0) sb.Append(rng.Next(2) == 0 ? "^" + rng.Next(-3, 12) : "²");
                break;
            case 7:
                sb.Append('|');
                Write(rng, sb, depth - 1);
                sb.Append('|');
                break;
            case 8:
                Write(rng, sb, depth - 1);
                sb.Append('/');
                sb.Append('(');
                Write(rng, sb, depth - 1);
                sb.Append(')');
                break;
            default:
                sb.Append(rng.Next(2) == 0 ? "-" : "−");
                Write(rng, sb, depth - 1);
                break;
        }
    }

    /// <summary>One mutation: delete/insert/duplicate/swap/replace a token, splice with a corpus entry, random unicode, long or deep input.</summary>
    public string Mutate(Random rng, string text)
    {
        var tokens = Tokenize(text);
        switch (rng.Next(12))
        {
            case 0 when tokens.Count > 0:
                tokens.RemoveAt(rng.Next(tokens.Count));
                break;
            case 1:
                tokens.Insert(rng.Next(tokens.Count + 1), Pick(rng, Tokens));
                break;
            case 2 when tokens.Count > 0:
                {
                    int i = rng.Next(tokens.Count);
                    tokens.Insert(i, tokens[i]);
                    break;
                }
            case 3 when tokens.Count > 1:
                {
                    int i = rng.Next(tokens.Count - 1);
                    (tokens[i], tokens[i + 1]) = (tokens[i + 1], tokens[i]);
                    break;
                }
            case 4 when tokens.Count > 0:
                tokens[rng.Next(tokens.Count)] = rng.Next(2) == 0 ? Pick(rng, Tokens) : Pick(rng, Variables);
                break;
            case 5:
                {
                    string other = rng.Next(2) == 0 ? Pick(rng, corpus) : Grammar(rng, 3);
                    int cut = rng.Next(text.Length + 1), cut2 = rng.Next(other.Length + 1);
                    return text[..cut] + other[cut2..];
                }
            case 6:
                {
                    int at = rng.Next(text.Length + 1);
                    return text[..at] + Pick(rng, Unicode) + text[at..];
                }
            case 7:
                {
                    // A long input: a piece repeated (sums of many terms, long products, long names).
                    string piece = tokens.Count == 0 ? "x" : string.Concat(tokens.Skip(rng.Next(tokens.Count)).Take(1 + rng.Next(4)));
                    int times = rng.Next(40) == 0 ? rng.Next(500, 3000) : rng.Next(2, 40);
                    var glue = rng.Next(3) switch { 0 => "+", 1 => "*", _ => "" };
                    return text + glue + string.Join(glue, Enumerable.Repeat(piece, times));
                }
            case 8:
                {
                    // Deep nesting around the input or its part: parentheses, function calls, power towers, bars.
                    int n = rng.Next(40) == 0 ? rng.Next(150, 400) : rng.Next(2, 30);
                    string open = rng.Next(4) switch { 0 => "(", 1 => "sin(", 2 => "exp(", _ => "√(" };
                    if (rng.Next(4) == 0) return string.Concat(Enumerable.Repeat("x^", n)) + text;
                    return string.Concat(Enumerable.Repeat(open, n)) + text + new string(')', rng.Next(3) == 0 ? rng.Next(n + 1) : n);
                }
            case 9:
                {
                    // Extreme numbers.
                    string number = rng.Next(4) switch
                    {
                        0 => new string('9', rng.Next(20, 400)),
                        1 => "1e" + rng.Next(-12000, 12000),
                        2 => "0." + new string('0', rng.Next(10, 300)) + "1",
                        _ => rng.Next(2) == 0 ? "^" + rng.Next(1000, 1_000_000) : "^-" + rng.Next(50, 100_000),
                    };
                    tokens.Insert(rng.Next(tokens.Count + 1), number);
                    break;
                }
            case 10 when text.Length > 0:
                {
                    // A byte-level flip within ASCII punctuation/letters.
                    var chars = text.ToCharArray();
                    chars[rng.Next(chars.Length)] = (char)rng.Next(32, 127);
                    return new string(chars);
                }
            default:
                tokens.Insert(rng.Next(tokens.Count + 1), rng.Next(2) == 0 ? " " : Pick(rng, Operators));
                break;
        }
        return string.Concat(tokens);
    }

    /// <summary>Splits text into tokens: runs of letters, runs of digits (with '.'), whitespace runs, single other characters.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            int j = i + 1;
            char c = text[i];
            if (char.IsLetter(c)) while (j < text.Length && char.IsLetter(text[j])) j++;
            else if (char.IsDigit(c) || c == '.') while (j < text.Length && (char.IsDigit(text[j]) || text[j] == '.')) j++;
            else if (char.IsWhiteSpace(c)) while (j < text.Length && char.IsWhiteSpace(text[j])) j++;
            else if (char.IsHighSurrogate(c) && j < text.Length && char.IsLowSurrogate(text[j])) j++;
            tokens.Add(text[i..j]);
            i = j;
        }
        return tokens;
    }

    /// <summary>A uniformly chosen element.</summary>
    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
