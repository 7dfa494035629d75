using System.Globalization;
using System.Numerics;

namespace Nabla.Symbolic.Parsing;

/// <summary>
/// Single-pass tokenizer that produces tokens on demand, so memory stays constant however long the input and a
/// parse that fails early never reads the rest. A lexical error becomes an <see cref="TokenKind.Error"/> token
/// that repeats forever, so the parser reports whichever problem comes first in the text.
/// </summary>
internal sealed class Lexer
{
    /// <summary>Largest decimal exponent accepted in scientific notation (10^10000 already has 33,000 bits).</summary>
    internal const int MaxDecimalExponent = 10_000;

    /// <summary>
    /// Most digits in one number literal: exact arithmetic on longer integers is slow (multiplication, GCD and printing
    /// grow faster than linearly) and no exercise needs them. Every exact number has at most 40,000 digits
    /// (<see cref="Rational.MaxBits"/>), so every number the printers write parses back (with 10,000 the printed form
    /// of 1e10000 did not: found by the fuzz smoke test).
    /// </summary>
    internal const int MaxNumberDigits = 40_000;

    private readonly string _text;
    private readonly bool _split;
    // A word can yield several tokens in split mode; they wait here.
    private readonly List<Token> _pending = new(4);
    private int _pendingIndex;
    private int _i;

    public Lexer(string text, bool split)
    {
        _text = text;
        _split = split;
    }

    /// <summary>The next token; after the end (or an error) the same token again.</summary>
    public Token Next()
    {
        if (_pendingIndex < _pending.Count)
        {
            var t = _pending[_pendingIndex];
            if (t.Kind is not (TokenKind.End or TokenKind.Error)) _pendingIndex++;
            return t;
        }
        _pending.Clear();
        _pendingIndex = 0;
        LexOne();
        return Next();
    }

    /// <summary>Appends the tokens of the next lexical item (or End, or an Error) to the pending list.</summary>
    private void LexOne()
    {
        string text = _text;
        int i = _i;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i >= text.Length)
        {
            _i = i;
            _pending.Add(new Token(TokenKind.End, text.Length, 0));
            return;
        }
        char c = text[i];
        ParseException? error;
        if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            error = LexNumber(text, ref i, _pending);
        else if (char.IsAsciiLetter(c))
            error = LexWord(text, ref i, _pending, _split);
        else
            error = LexSymbol(text, ref i, _pending);
        _i = i;
        if (error is not null)
        {
            _pending.Clear();
            _pending.Add(new Token(TokenKind.Error, error.Position, error.Length, Error: error));
        }
    }

    private ParseException? LexSymbol(string text, ref int i, List<Token> tokens)
    {
        int start = i;
        char c = text[i];
        TokenKind kind;
        switch (c)
        {
            case '+': kind = TokenKind.Plus; break;
            case '-' or '\u2212' or '\u2013' or '\u2012' or '\u2010' or '\uFE63' or '\uFF0D': kind = TokenKind.Minus; break;
            case '*' when i + 1 < text.Length && text[i + 1] == '*':
                tokens.Add(new Token(TokenKind.Caret, start, 2));
                i += 2;
                return null;
            case '*' or '·' or '×' or '\u22C5' or '\u2219' or '\u2217': kind = TokenKind.Star; break;
            case '/' or '÷' or '\u2215': kind = TokenKind.Slash; break;
            case '^': kind = TokenKind.Caret; break;
            case '(': kind = TokenKind.LParen; break;
            case ')': kind = TokenKind.RParen; break;
            case '[': kind = TokenKind.LBracket; break;
            case ']': kind = TokenKind.RBracket; break;
            case ',': kind = TokenKind.Comma; break;
            case '|': kind = TokenKind.Bar; break;
            case '√':
                tokens.Add(new Token(TokenKind.Root, start, 1, Code: 2));
                i++;
                return null;
            case '∛':
                tokens.Add(new Token(TokenKind.Root, start, 1, Code: 3));
                i++;
                return null;
            case 'π':
                tokens.Add(new Token(TokenKind.Constant, start, 1, Value: Expr.Pi));
                i++;
                return null;
            case '∞':
                return NotANumber(text, start, 1, "∞");
            default:
                if (IsSuperscript(c)) return LexSuperscript(text, ref i, tokens);
                if (ExpressionLanguage.GreekName(c) is { } greek) return LexGreek(text, ref i, tokens, greek);
                return UnknownCharacter(text, i);
        }
        tokens.Add(new Token(kind, start, 1));
        i++;
        return null;
    }

    private static ParseException UnknownCharacter(string text, int i)
    {
        char c = text[i];
        int length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        string shown = text.Substring(i, length);
        string? hint = c switch
        {
            '=' => "Equations are not expressions; write the difference instead: for x^2 = 2x + 1, enter x^2 - (2x + 1).",
            '<' or '>' or '≤' or '≥' or '≠' => "Comparisons are not expressions; enter the expression on one side.",
            '!' => "Factorials are not part of the expression language.",
            '%' => "Percent and remainder are not supported; write 5/100 for 5%.",
            '\\' => "LaTeX commands are not accepted: write sqrt(x), not \\sqrt{x}, and x/y, not \\frac{x}{y}.",
            '{' or '}' => "Use parentheses ( ) for grouping; braces only appear in subscripts such as x_{12}.",
            '_' => "An underscore starts a subscript and must follow a variable name, as in x_1.",
            'Σ' or '∑' or 'Π' or '∏' => "Sums and products over an index are not part of the expression language; write the terms out.",
            '\'' or '′' => "Derivative marks are not part of expressions; use the derivative command instead.",
            '.' => "A decimal point must be followed by digits, as in 0.5.",
            '±' => "Write the two cases as two expressions.",
            _ => "Expressions use numbers, variables, + - * / ^, parentheses and functions such as sin(x).",
        };
        string message = c switch
        {
            '=' => "'=' cannot appear in an expression.",
            _ => $"Unexpected character '{shown}'.",
        };
        return new ParseException(message, text, i, length, hint);
    }

    private static ParseException NotANumber(string text, int start, int length, string word)
    {
        bool isNaN = word.Equals("nan", StringComparison.OrdinalIgnoreCase);
        string hint = isNaN
            ? "NaN only appears as the result of evaluating outside a function's domain (such as ln(-1)); it cannot be typed."
            : "Infinity is not a real number; to see what happens for large values use a large number such as 10^6, or a variable.";
        return new ParseException($"'{word}' is not a number Nabla accepts.", text, start, length, hint);
    }

    private static bool IsNotANumberWord(ReadOnlySpan<char> word) =>
        word.Equals("nan", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("inf", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("infinity", StringComparison.OrdinalIgnoreCase);

    // ---- numbers -------------------------------------------------------------------------------------------

    private ParseException? LexNumber(string text, ref int i, List<Token> tokens)
    {
        int start = i;
        int intStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        int intEnd = i;
        int fracStart = i, fracEnd = i;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fracStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            fracEnd = i;
            if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
                return new ParseException("A number can have only one decimal point.", text, i, 1,
                    "Separate numbers with an operator, e.g. 1.5*2.");
        }
        if (intEnd - intStart + fracEnd - fracStart > MaxNumberDigits)
            return new ParseException(
                $"A number has {intEnd - intStart + fracEnd - fracStart:N0} digits; the limit is {MaxNumberDigits:N0}.",
                text, start, i - start, "Write a huge number as a power, such as 10^5000.");
        long exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            // Scientific notation only when digits follow; otherwise the e is Euler's constant (2e = 2·e).
            int j = i + 1;
            bool negative = false;
            if (j < text.Length && (text[j] == '+' || text[j] == '-' || text[j] == '\u2212'))
            {
                negative = text[j] != '+';
                j++;
            }
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                int expStart = j;
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    if (exponent <= MaxDecimalExponent) exponent = exponent * 10 + (text[j] - '0');
                    j++;
                }
                if (exponent > MaxDecimalExponent)
                    return new ParseException(
                        $"The exponent in {text[start..j]} is too large to keep the number exact (at most 10^{MaxDecimalExponent}).",
                        text, expStart, j - expStart, "Use a power such as 10^x, or a smaller exponent.");
                if (negative) exponent = -exponent;
                i = j;
            }
        }
        if (fracEnd == fracStart && exponent == 0 && intEnd - intStart <= 18)
        {
            tokens.Add(new Token(TokenKind.Number, start, i - start, Value: Integer(ParseSmall(text.AsSpan(intStart, intEnd - intStart)))));
            return null;
        }
        var integerPart = ParseDigits(text.AsSpan(intStart, intEnd - intStart));
        int fractionDigits = fracEnd - fracStart;
        BigInteger mantissa = fractionDigits == 0
            ? integerPart
            : integerPart * BigInteger.Pow(10, fractionDigits) + ParseDigits(text.AsSpan(fracStart, fractionDigits));
        long scale = exponent - fractionDigits;
        Rational value = scale >= 0
            ? new Rational(scale == 0 ? mantissa : mantissa * BigInteger.Pow(10, (int)scale))
            : new Rational(mantissa, BigInteger.Pow(10, (int)-scale));
        tokens.Add(new Token(TokenKind.Number, start, i - start, Value: Expr.Num(value)));
        return null;
    }

    private static BigInteger ParseDigits(ReadOnlySpan<char> digits)
    {
        if (digits.Length == 0) return BigInteger.Zero;
        if (digits.Length <= 18) return ParseSmall(digits);
        return BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static long ParseSmall(ReadOnlySpan<char> digits)
    {
        long v = 0;
        foreach (char d in digits) v = v * 10 + (d - '0');
        return v;
    }

    // ---- value caches: interning a node costs a hash and a lock, so repeated names and small numbers reuse one ----

    private static readonly Expr[] SmallIntegers = [.. Enumerable.Range(0, 64).Select(n => Expr.Num(n))];

    private Dictionary<string, Expr>? _symbols;

    private static Expr Integer(long value) =>
        value >= 0 && value < SmallIntegers.Length ? SmallIntegers[value] : Expr.Num(value);

    private Expr Symbol(ReadOnlySpan<char> name)
    {
        _symbols ??= new Dictionary<string, Expr>(StringComparer.Ordinal);
        var lookup = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out var cached)) return cached;
        var symbol = Expr.Sym(name.ToString());
        lookup[name] = symbol;
        return symbol;
    }

    // ---- superscripts --------------------------------------------------------------------------------------

    private static bool IsSuperscript(char c) => SuperscriptDigit(c) >= 0 || c == '⁻' || c == '⁺';

    private static int SuperscriptDigit(char c) => c switch
    {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        >= '⁴' and <= '⁹' => c - '⁴' + 4,
        _ => -1,
    };

    private ParseException? LexSuperscript(string text, ref int i, List<Token> tokens)
    {
        int start = i;
        bool negative = false;
        if (text[i] == '⁻' || text[i] == '⁺')
        {
            negative = text[i] == '⁻';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < text.Length && SuperscriptDigit(text[i]) is var d and >= 0)
        {
            if (i - digitsStart >= 9)
                return new ParseException("A superscript exponent is too long.", text, start, i - start + 1,
                    "Write large exponents with ^, e.g. x^(10^10).");
            value = value * 10 + d;
            i++;
        }
        if (i == digitsStart)
            return new ParseException("A superscript sign must be followed by superscript digits, as in x⁻¹.", text, start, 1,
                "Or write the power with ^, e.g. x^-1.");
        tokens.Add(new Token(TokenKind.Superscript, start, i - start, Value: Integer(negative ? -value : value)));
        return null;
    }

    // ---- names ---------------------------------------------------------------------------------------------

    /// <summary>Reads an optional subscript after a name: <c>_12</c>, <c>_i</c>, <c>_{12}</c>. Returns the end of
    /// the subscript text and its content (null when there is none).</summary>
    private static ParseException? LexSubscript(string text, ref int i, out string? subscript)
    {
        subscript = null;
        if (i >= text.Length || text[i] != '_') return null;
        int underscore = i;
        int j = i + 1;
        if (j < text.Length && text[j] == '{')
        {
            int contentStart = j + 1;
            int k = contentStart;
            while (k < text.Length && char.IsAsciiLetterOrDigit(text[k])) k++;
            if (k == contentStart || k >= text.Length || text[k] != '}')
                return new ParseException("A subscript in braces must be letters or digits followed by '}', as in x_{12}.",
                    text, underscore, Math.Min(k, text.Length) - underscore + 1, "Write x_{12} or x_12.");
            subscript = text[contentStart..k];
            i = k + 1;
            return null;
        }
        int runStart = j;
        while (j < text.Length && char.IsAsciiLetterOrDigit(text[j])) j++;
        if (j == runStart)
            return new ParseException("'_' must be followed by a subscript, as in x_1.", text, underscore, 1,
                "Write x_1, x_i or x_{12}.");
        subscript = text[runStart..j];
        i = j;
        return null;
    }

    private ParseException? LexGreek(string text, ref int i, List<Token> tokens, string greek)
    {
        int start = i;
        bool sigmaGlyph = text[i] == 'σ';
        i++;
        int digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        int digitsEnd = i;
        var error = LexSubscript(text, ref i, out var subscript);
        if (error is not null) return error;
        string name = string.Concat(greek, text.AsSpan(digitsStart, digitsEnd - digitsStart), subscript is null ? "" : "_" + subscript);
        int code = Token.SimpleName | (sigmaGlyph && i == digitsStart ? Token.SigmaGlyph : 0);
        tokens.Add(new Token(TokenKind.Variable, start, i - start, code, Symbol(name)));
        return null;
    }

    private ParseException? LexWord(string text, ref int i, List<Token> tokens, bool split)
    {
        int start = i;
        while (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) i++;
        int baseEnd = i;
        var error = LexSubscript(text, ref i, out var subscript);
        if (error is not null) return error;
        var word = text.AsSpan(start, baseEnd - start);

        if (IsNotANumberWord(word) && subscript is null) return NotANumber(text, start, word.Length, word.ToString());
        if (subscript is not null && word.SequenceEqual("log"))
        {
            tokens.Add(new Token(TokenKind.Function, start, i - start, ExpressionLanguage.LogBaseCode, LogBase(subscript)));
            return null;
        }
        return split
            ? SplitWord(text, start, baseEnd, i, subscript, tokens)
            : WholeWord(text, start, baseEnd, i, subscript, tokens);
    }

    private Expr LogBase(string subscript)
    {
        if (char.IsAsciiDigit(subscript[0]) && subscript.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
            return Expr.Num(ParseDigits(subscript));
        return Symbol(subscript);
    }

    /// <summary>Default mode: the whole letter/digit run is one name.</summary>
    private ParseException? WholeWord(string text, int start, int baseEnd, int end, string? subscript, List<Token> tokens)
    {
        var word = text.AsSpan(start, baseEnd - start);
        if (subscript is null)
        {
            if (ExpressionLanguage.FunctionLookup.TryGetValue(word, out int code))
            {
                tokens.Add(new Token(TokenKind.Function, start, end - start, code));
                return null;
            }
            if (word.SequenceEqual("pi")) { tokens.Add(new Token(TokenKind.Constant, start, 2, Value: Expr.Pi)); return null; }
            if (word.SequenceEqual("e")) { tokens.Add(new Token(TokenKind.Constant, start, 1, Value: Expr.E)); return null; }
        }
        if (ExpressionLanguage.LongestFunctionPrefix(word) is { } prefix)
            return FunctionGluedToArgument(text, start, baseEnd, end, prefix, subscript);

        var symbol = subscript is null ? Symbol(word) : Symbol(string.Concat(word, "_", subscript));
        int flags = IsSimpleName(word) ? Token.SimpleName : 0;
        tokens.Add(new Token(TokenKind.Variable, start, end - start, flags, symbol));
        return null;
    }

    /// <summary>One letter, or a Greek name, optionally followed by digits: names that multiply before '('.</summary>
    private static bool IsSimpleName(ReadOnlySpan<char> word)
    {
        int letters = word.IndexOfAnyInRange('0', '9');
        if (letters < 0) letters = word.Length;
        if (word[letters..].IndexOfAnyExceptInRange('0', '9') >= 0) return false;
        return letters == 1 || ExpressionLanguage.GreekLookup.Contains(word[..letters]);
    }

    private static ParseException FunctionGluedToArgument(string text, int start, int baseEnd, int end, string function, string? subscript)
    {
        string word = text[start..end];
        if (subscript is not null && baseEnd - start == function.Length)
            return new ParseException($"The function name '{function}' cannot take a subscript.", text, start, end - start,
                $"Write {function}(x) for the function, or choose another name for the variable.");
        string rest = text[(start + function.Length)..end];
        return new ParseException(
            $"'{word}' is not a name Nabla knows: it starts with the function name '{function}'.", text, start, end - start,
            $"Did you mean {function}({rest})? Put the argument of a function in parentheses (variable names cannot start with a function name).");
    }

    /// <summary>Split mode: a letter run becomes known words (functions, Greek names, pi) and single letters; digits
    /// right after a letter or Greek name are its index (x2 is the variable x2), other digits are numbers.</summary>
    private ParseException? SplitWord(string text, int start, int baseEnd, int end, string? subscript, List<Token> tokens)
    {
        int p = start;
        int lastVariable = -1;
        while (p < baseEnd)
        {
            if (char.IsAsciiDigit(text[p]))
            {
                int ds = p;
                while (p < baseEnd && char.IsAsciiDigit(text[p])) p++;
                tokens.Add(new Token(TokenKind.Number, ds, p - ds, Value: Expr.Num(ParseDigits(text.AsSpan(ds, p - ds)))));
                lastVariable = -1;
                continue;
            }
            var rest = text.AsSpan(p, baseEnd - p);
            string? known = null;
            foreach (var w in ExpressionLanguage.KnownWordsLongestFirst)
                if (rest.StartsWith(w, StringComparison.Ordinal)) { known = w; break; }
            if (known is not null && ExpressionLanguage.FunctionLookup.TryGetValue(known, out int code))
            {
                tokens.Add(new Token(TokenKind.Function, p, known.Length, code));
                p += known.Length;
                lastVariable = -1;
                continue;
            }
            if (known == "pi")
            {
                tokens.Add(new Token(TokenKind.Constant, p, 2, Value: Expr.Pi));
                p += 2;
                lastVariable = -1;
                continue;
            }
            int nameStart = p;
            p += known?.Length ?? 1;
            int lettersEnd = p;
            while (p < baseEnd && char.IsAsciiDigit(text[p])) p++;
            if (known is null && lettersEnd - nameStart == 1 && text[nameStart] == 'e' && p == lettersEnd)
            {
                tokens.Add(new Token(TokenKind.Constant, nameStart, 1, Value: Expr.E));
                lastVariable = -1;
                continue;
            }
            lastVariable = tokens.Count;
            tokens.Add(new Token(TokenKind.Variable, nameStart, p - nameStart, Token.SimpleName, Symbol(text.AsSpan(nameStart, p - nameStart))));
        }
        if (subscript is not null)
        {
            if (lastVariable != tokens.Count - 1 || lastVariable < 0)
                return new ParseException("A subscript can only follow a variable name.", text, baseEnd, end - baseEnd,
                    "Write x_1 or x_{12}.");
            var v = tokens[lastVariable];
            string name = ((Symbol)v.Value!).Name + "_" + subscript;
            tokens[lastVariable] = v with { Length = end - v.Start, Value = Symbol(name) };
        }
        return null;
    }
}
