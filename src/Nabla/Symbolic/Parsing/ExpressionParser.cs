using System.Runtime.CompilerServices;

namespace Nabla.Symbolic.Parsing;

/// <summary>
/// Recursive-descent parser for the expression language (docs/expression-language.md). Grammar, loosest first:
/// <code>
/// sum      := term (('+' | '-') term)*
/// term     := ('+' | '-')* power (('*' | '/') unary | implicit)*   left to right: 1/2x = (1/2)·x
/// unary    := ('+' | '-')* power                         -x^2 = -(x^2)
/// power    := postfix ('^' ('+' | '-')* postfix)*        right-associative: 2^3^2 = 2^9
/// postfix  := primary superscript*
/// primary  := number | name | constant | call | '(' sum ')' | '[' sum ']' | '|' sum '|' | '√' unary
/// call     := function [('^' postfix | superscript)] ('(' sum [',' sum] ')' | bare-argument)
/// </code>
/// Recursion only happens on nesting (groups, bars, roots, calls), which is counted against
/// <see cref="ParseOptions.MaxNesting"/> before descending; signs and power towers are parsed with loops.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private readonly ParseOptions _options;
    private readonly Lexer _lexer;
    private Token _current;
    private Token? _previous;
    private int _depth;
    private int _barDepth;
    private int _openGroups;
    private int _blameStart;
    private int _blameLength = 1;

    private ExpressionParser(string text, ParseOptions options)
    {
        _text = text;
        _options = options;
        _lexer = new Lexer(text, options.SplitMultiLetterNames);
        _current = _lexer.Next();
    }

    public static Expr Parse(string text, ParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (text.Length > options.MaxLength)
            throw new ParseException(
                $"The input is too long: {text.Length:N0} characters; the limit is {options.MaxLength:N0}.",
                text, options.MaxLength, 1, "Split the expression into smaller parts.");
        if (string.IsNullOrWhiteSpace(text))
            throw new ParseException("The input is empty.", text, 0, 1, "Type an expression such as x^2 + 1.");

        var parser = new ExpressionParser(text, options);
        try
        {
            return parser.ParseAll();
        }
        catch (ParseException)
        {
            throw;
        }
        catch (SymbolicException ex)
        {
            throw parser.Blamed(ex);
        }
        catch (ArithmeticException ex)
        {
            throw parser.Blamed(ex);
        }
    }

    private ParseException Blamed(Exception ex)
    {
        bool divisionByZero = ex is DivideByZeroException || ex.Message.Contains("Division by zero", StringComparison.Ordinal);
        string message = divisionByZero ? "Division by zero." : ex.Message;
        string? hint = divisionByZero
            ? "The expression divides by something that is exactly zero."
            : ex is BudgetExceededException ? "The expression is too large to build exactly; try smaller numbers or exponents." : null;
        return new ParseException(message, _text, _blameStart, _blameLength, hint, ex);
    }

    // ---- token access --------------------------------------------------------------------------------------

    private Token Cur
    {
        get
        {
            if (_current.Kind == TokenKind.Error) throw _current.Error!;
            return _current;
        }
    }

    private Token? Previous => _previous;

    private void Advance()
    {
        _previous = _current;
        _current = _lexer.Next();
    }

    private string TextOf(Token t) => _text.Substring(t.Start, t.Length);

    private void Blame(Token t) => Blame(t.Start, t.Length);

    private void Blame(int start, int length)
    {
        _blameStart = start;
        _blameLength = Math.Max(1, length);
    }

    private void Enter(Token at)
    {
        if (++_depth > _options.MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw TooDeep(at);
    }

    private void Exit() => _depth--;

    private ParseException TooDeep(Token at) => new(
        $"The expression is nested too deeply (more than {_options.MaxNesting} levels of parentheses, bars, roots, powers or function calls).",
        _text, at.Start, at.Length, "Simplify the input or split it into parts.");

    // ---- grammar -------------------------------------------------------------------------------------------

    private Expr ParseAll()
    {
        var e = ParseSum();
        var t = Cur;
        if (t.Kind != TokenKind.End) throw Unexpected(t);
        return e;
    }

    private Expr ParseSum()
    {
        int start = Cur.Start;
        var first = ParseTerm();
        if (Cur.Kind is not (TokenKind.Plus or TokenKind.Minus)) return first;
        var terms = new List<Expr> { first };
        while (Cur.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            bool negate = Cur.Kind == TokenKind.Minus;
            Advance();
            var term = ParseTerm();
            terms.Add(negate ? Expr.Negate(term) : term);
        }
        Blame(start, Previous!.Value.End - start);
        return Expr.Add(terms);
    }

    /// <summary>
    /// A product of factors. A leading sign negates the whole product (<c>-a*b</c> is built as <c>(-1)·a·b</c> in
    /// one step), so that <c>-(x+1)*y</c> keeps the sum as a factor instead of distributing the sign into it first:
    /// the value is the same either way, but only this reading gives back exactly what the plain printer wrote.
    /// </summary>
    private Expr ParseTerm()
    {
        int start = Cur.Start;
        bool negate = false;
        while (Cur.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            if (Cur.Kind == TokenKind.Minus) negate = !negate;
            Advance();
        }
        var first = ParsePower();
        List<Expr>? factors = null;
        while (true)
        {
            var t = Cur;
            if (t.Kind is TokenKind.Star or TokenKind.Slash)
            {
                Advance();
                var operand = ParseUnary();
                if (t.Kind == TokenKind.Slash)
                {
                    Blame(t);
                    operand = Expr.Pow(operand, Expr.MinusOne);
                }
                (factors ??= [first]).Add(operand);
            }
            else if (StartsImplicitFactor(t))
            {
                if (t.Kind == TokenKind.Number) throw MissingOperatorBeforeNumber(t);
                (factors ??= [first]).Add(ParsePower());
            }
            else
            {
                break;
            }
        }
        if (factors is null) return negate ? Expr.Negate(first) : first;
        if (negate) factors.Add(Expr.MinusOne);
        Blame(start, Previous!.Value.End - start);
        return Expr.Mul(factors);
    }

    /// <summary>Tokens that start a factor multiplied by juxtaposition (<c>2x</c>, <c>x(x+1)</c>, <c>2|x|</c>).
    /// Inside bars a '|' closes instead, so it never starts an implicit factor there.</summary>
    private bool StartsImplicitFactor(Token t) => t.Kind switch
    {
        TokenKind.Number or TokenKind.Variable or TokenKind.Constant or TokenKind.Function or TokenKind.LParen
            or TokenKind.LBracket or TokenKind.Root => true,
        TokenKind.Bar => _barDepth == 0,
        _ => false,
    };

    private Expr ParseUnary()
    {
        bool negate = false;
        while (Cur.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            if (Cur.Kind == TokenKind.Minus) negate = !negate;
            Advance();
        }
        var e = ParsePower();
        return negate ? Expr.Negate(e) : e;
    }

    private Expr ParsePower()
    {
        var baseExpr = ParsePostfix();
        if (Cur.Kind != TokenKind.Caret) return baseExpr;

        // A power tower is read with a loop and folded from the right, so its length never costs stack.
        var operands = new List<(Expr Value, bool Negate)> { (baseExpr, false) };
        var carets = new List<Token>();
        while (Cur.Kind == TokenKind.Caret)
        {
            var caret = Cur;
            if (_depth + carets.Count >= _options.MaxNesting) throw TooDeep(caret);
            carets.Add(caret);
            Advance();
            bool negate = false;
            while (Cur.Kind is TokenKind.Plus or TokenKind.Minus)
            {
                if (Cur.Kind == TokenKind.Minus) negate = !negate;
                Advance();
            }
            operands.Add((ParsePostfix(), negate));
        }
        var acc = operands[^1].Negate ? Expr.Negate(operands[^1].Value) : operands[^1].Value;
        for (int k = carets.Count - 1; k >= 0; k--)
        {
            Blame(carets[k]);
            acc = Expr.Pow(operands[k].Value, acc);
            if (operands[k].Negate) acc = Expr.Negate(acc);
        }
        return acc;
    }

    private Expr ParsePostfix()
    {
        var e = ParsePrimary();
        while (Cur.Kind == TokenKind.Superscript)
        {
            var t = Cur;
            Advance();
            Blame(t);
            e = Expr.Pow(e, t.Value!);
        }
        return e;
    }

    private Expr ParsePrimary()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Number:
            case TokenKind.Constant:
                Advance();
                return t.Value!;
            case TokenKind.Variable:
                Advance();
                if (Cur.Kind == TokenKind.LParen)
                {
                    if ((t.Code & Token.SigmaGlyph) != 0) return ParseFunction(t with { Kind = TokenKind.Function, Code = (int)MathFunction.Sigmoid });
                    if ((t.Code & Token.SimpleName) == 0) throw UnknownFunction(t);
                }
                return t.Value!;
            case TokenKind.Function:
                Advance();
                return ParseFunction(t);
            case TokenKind.LParen:
            case TokenKind.LBracket:
                return ParseGroup();
            case TokenKind.Bar:
                return ParseBars();
            case TokenKind.Root:
                return ParseRoot();
            default:
                throw MissingOperand(t);
        }
    }

    private Expr ParseGroup()
    {
        var open = Cur;
        Advance();
        Enter(open);
        if (Cur.Kind == TokenKind.End) throw Unclosed(open);
        int savedBars = _barDepth;
        _barDepth = 0;
        _openGroups++;
        var e = ParseSum();
        ExpectClose(open);
        _openGroups--;
        _barDepth = savedBars;
        Exit();
        return e;
    }

    private void ExpectClose(Token open)
    {
        var close = Cur;
        var expected = open.Kind == TokenKind.LParen ? TokenKind.RParen : TokenKind.RBracket;
        if (close.Kind == expected)
        {
            Advance();
            return;
        }
        char want = expected == TokenKind.RParen ? ')' : ']';
        switch (close.Kind)
        {
            case TokenKind.End:
                throw Unclosed(open);
            case TokenKind.RParen or TokenKind.RBracket:
                throw new ParseException(
                    $"'{TextOf(close)}' does not match the opening '{TextOf(open)}'.",
                    _text, close.Start, 1, $"Close '{TextOf(open)}' with '{want}'.");
            case TokenKind.Comma:
                throw CommaError(close);
            default:
                throw Unexpected(close);
        }
    }

    private Expr ParseBars()
    {
        var open = Cur;
        Advance();
        Enter(open);
        if (Cur.Kind == TokenKind.End) throw Unclosed(open);
        int savedGroups = _openGroups;
        _openGroups = 0;
        _barDepth++;
        var inner = ParseSum();
        var close = Cur;
        if (close.Kind != TokenKind.Bar)
        {
            if (close.Kind == TokenKind.End) throw Unclosed(open);
            if (close.Kind is TokenKind.RParen or TokenKind.RBracket)
                throw new ParseException($"'{TextOf(close)}' appears before the absolute value bars are closed.",
                    _text, close.Start, 1, "Close the absolute value bars inside the parentheses: (|x|), not (|x)|.");
            if (close.Kind == TokenKind.Comma) throw CommaError(close);
            throw Unexpected(close);
        }
        Advance();
        _barDepth--;
        _openGroups = savedGroups;
        Blame(open.Start, close.End - open.Start);
        var e = Expr.Call(MathFunction.Abs, inner);
        Exit();
        return e;
    }

    private Expr ParseRoot()
    {
        var root = Cur;
        Advance();
        Enter(root);
        var operand = ParseUnary();
        Blame(root);
        var e = root.Code == 2 ? Expr.Sqrt(operand) : Expr.Pow(operand, Expr.Num(1, 3));
        Exit();
        return e;
    }

    /// <summary>Parses what follows a function name (already consumed): an optional power, then the argument in
    /// parentheses or, without parentheses, the bare argument.</summary>
    private Expr ParseFunction(Token function)
    {
        Enter(function);
        Expr? power = null;
        if (Cur.Kind == TokenKind.Caret)
        {
            var caret = Cur;
            Advance();
            if (Cur.Kind == TokenKind.Minus) throw InverseNotation(function, caret.Start, Cur.End - caret.Start);
            power = ParsePostfix();
        }
        else if (Cur.Kind == TokenKind.Superscript)
        {
            var sup = Cur;
            if (sup.Value is Number { Value.Sign: < 0 }) throw InverseNotation(function, sup.Start, sup.Length);
            Advance();
            power = sup.Value;
        }

        Expr argument;
        Expr? second = null;
        if (Cur.Kind is TokenKind.LParen or TokenKind.LBracket)
            (argument, second) = ParseCallArguments(function);
        else
            argument = ParseBareArgument(function);

        var result = Apply(function, argument, second);
        if (power is not null)
        {
            Blame(function);
            result = Expr.Pow(result, power);
        }
        Exit();
        return result;
    }

    private (Expr Argument, Expr? Second) ParseCallArguments(Token function)
    {
        var open = Cur;
        Advance();
        if (Cur.Kind == TokenKind.End) throw Unclosed(open);
        if (Cur.Kind is TokenKind.RParen or TokenKind.RBracket)
            throw new ParseException($"{TextOf(function)} needs an argument inside the parentheses.", _text, open.Start, Cur.End - open.Start,
                $"Write {TextOf(function)}(x).");
        int savedBars = _barDepth;
        _barDepth = 0;
        _openGroups++;
        var argument = ParseSum();
        Expr? second = null;
        if (Cur.Kind == TokenKind.Comma)
        {
            var comma = Cur;
            if (function.Code != ExpressionLanguage.LogCode)
                throw new ParseException($"{TextOf(function)} takes exactly one argument.", _text, comma.Start, 1,
                    "Only log takes a second argument, the base: log(x, b).");
            Advance();
            second = ParseSum();
            if (Cur.Kind == TokenKind.Comma)
                throw new ParseException("log takes at most two arguments: log(x, b).", _text, Cur.Start, 1,
                    "The second argument is the base of the logarithm.");
        }
        ExpectClose(open);
        _openGroups--;
        _barDepth = savedBars;
        return (argument, second);
    }

    /// <summary>
    /// The argument of a function written without parentheses: either another function
    /// application (<c>sin cos x</c>) or the run of juxtaposed non-function factors with their powers
    /// (<c>sin 2x</c> = sin(2x), <c>sin x^2</c> = sin(x^2), <c>sin x cos x</c> = sin(x)·cos(x)).
    /// </summary>
    private Expr ParseBareArgument(Token function)
    {
        // No sign may start a bare argument: "sin - x" and "sin + 1" would otherwise read as sin(-x) and sin(1).
        var t = Cur;
        Expr argument;
        if (t.Kind == TokenKind.Function)
        {
            argument = ParsePostfix();
        }
        else if (StartsImplicitFactor(t) || t.Kind == TokenKind.Bar)
        {
            int start = t.Start;
            var first = ParsePower();
            List<Expr>? factors = null;
            while (StartsImplicitFactor(Cur) && Cur.Kind != TokenKind.Function)
            {
                if (Cur.Kind == TokenKind.Number) throw MissingOperatorBeforeNumber(Cur);
                (factors ??= [first]).Add(ParsePower());
            }
            if (factors is null)
            {
                argument = first;
            }
            else
            {
                Blame(start, Previous!.Value.End - start);
                argument = Expr.Mul(factors);
            }
        }
        else
        {
            string name = TextOf(function);
            throw new ParseException($"{name} needs an argument.", _text, function.Start, function.Length,
                $"Write {name}(x).");
        }
        return argument;
    }

    private Expr Apply(Token function, Expr argument, Expr? second)
    {
        Blame(function);
        return function.Code switch
        {
            ExpressionLanguage.SqrtCode => Expr.Sqrt(argument),
            ExpressionLanguage.CbrtCode => Expr.Pow(argument, Expr.Num(1, 3)),
            ExpressionLanguage.LogCode => second is null ? Expr.Ln(argument) : Logarithm(function, argument, second),
            ExpressionLanguage.Log10Code => Logarithm(function, argument, Expr.Num(10)),
            ExpressionLanguage.Log2Code => Logarithm(function, argument, Expr.Num(2)),
            ExpressionLanguage.LogBaseCode => Logarithm(function, argument, function.Value!),
            _ => Expr.Call((MathFunction)function.Code, argument),
        };
    }

    private Expr Logarithm(Token function, Expr argument, Expr logBase)
    {
        var lnBase = Expr.Ln(logBase);
        if (lnBase.IsZero)
            throw new ParseException("The base of a logarithm cannot be 1.", _text, function.Start, Previous!.Value.End - function.Start,
                "log(x, b) = ln(x)/ln(b) needs a base b other than 1.");
        return Expr.Divide(Expr.Ln(argument), lnBase);
    }

    // ---- errors --------------------------------------------------------------------------------------------

    private ParseException Unclosed(Token open)
    {
        string o = TextOf(open);
        string close = o == "(" ? ")" : o == "[" ? "]" : "|";
        return new ParseException($"'{o}' is never closed.", _text, open.Start, 1, $"Add a matching '{close}'.");
    }

    private ParseException InverseNotation(Token function, int start, int length)
    {
        string name = TextOf(function);
        return new ParseException($"{name}^-1 is ambiguous: it can mean the inverse function or 1/{name}.", _text, start, length,
            $"For an inverse function write asin(x), acos(x) or atan(x); for the reciprocal write 1/{name}(x); for other negative powers write {name}(x)^-2.");
    }

    private ParseException MissingOperatorBeforeNumber(Token number)
    {
        string n = TextOf(number);
        return new ParseException($"A number cannot follow here without an operator: '{n}'.", _text, number.Start, number.Length,
            $"Write * to multiply (x*{n}), or put the number first ({n}x).");
    }

    private ParseException UnknownFunction(Token name)
    {
        string word = TextOf(name);
        var hints = new List<string>();
        var nearest = ExpressionLanguage.NearestFunctionNames(word);
        if (nearest.Count > 0) hints.Add($"Did you mean {string.Join(" or ", nearest)}?");
        if (ExpressionLanguage.LongestFunctionSuffix(word) is { } suffix && suffix.Length < word.Length)
            hints.Add($"To multiply {word[..^suffix.Length]} by {suffix}(…), write {word[..^suffix.Length]}*{suffix}(…).");
        else
            hints.Add($"To multiply, write {word}*(…).");
        return new ParseException($"Unknown function '{word}'.", _text, name.Start, name.Length, string.Join(" ", hints));
    }

    private ParseException CommaError(Token comma)
    {
        bool decimalComma = comma.Start > 0 && comma.End < _text.Length &&
                            char.IsAsciiDigit(_text[comma.Start - 1]) && char.IsAsciiDigit(_text[comma.End]);
        return new ParseException("A comma can only separate the two arguments of log(x, b).", _text, comma.Start, 1,
            decimalComma ? "Use a point for decimals: 1.5, not 1,5." : "Write log(x, b) for the logarithm of x to base b.");
    }

    /// <summary>An operand was expected at <paramref name="t"/> but something else is there.</summary>
    private ParseException MissingOperand(Token t)
    {
        var prev = Previous;
        string? prevText = prev is { } p ? TextOf(p) : null;
        switch (t.Kind)
        {
            case TokenKind.End:
                return new ParseException($"Expected an expression after '{prevText}'.", _text, prev?.End ?? 0, 1,
                    prev?.Kind == TokenKind.Root ? "Write √x or √(x+1)." : "Complete the expression, e.g. x^2 or 2*x.");
            case TokenKind.RParen or TokenKind.RBracket:
                if (_openGroups == 0)
                    return new ParseException($"'{TextOf(t)}' has no matching '{(t.Kind == TokenKind.RParen ? '(' : '[')}'.",
                        _text, t.Start, 1, "Remove it or add the opening bracket.");
                if (prev?.Kind is TokenKind.LParen or TokenKind.LBracket)
                    return new ParseException("Empty parentheses.", _text, prev.Value.Start, t.End - prev.Value.Start,
                        "Put an expression inside them, or remove them.");
                return new ParseException($"Expected an expression after '{prevText}' but found '{TextOf(t)}'.", _text, t.Start, 1,
                    "Complete the expression before closing the bracket.");
            case TokenKind.Comma:
                return CommaError(t);
            case TokenKind.Superscript:
                return new ParseException("A superscript needs something to raise to the power.", _text, t.Start, t.Length,
                    "Write x² or x^2.");
            default:
                if (prev is null)
                    return new ParseException($"'{TextOf(t)}' needs an expression on its left.", _text, t.Start, t.Length,
                        $"For example 2{TextOf(t)}x.");
                return new ParseException($"Expected an expression after '{prevText}' but found '{TextOf(t)}'.", _text, t.Start, t.Length,
                    "Two operators cannot follow each other.");
        }
    }

    /// <summary>A complete expression was read but <paramref name="t"/> follows it.</summary>
    private ParseException Unexpected(Token t) => t.Kind switch
    {
        TokenKind.RParen or TokenKind.RBracket => MissingOperand(t),
        TokenKind.Comma => CommaError(t),
        TokenKind.Bar => new ParseException("'|' closes an absolute value that was never opened.", _text, t.Start, 1,
            "Write |x| with one bar on each side."),
        _ => new ParseException($"Unexpected '{TextOf(t)}'.", _text, t.Start, Math.Max(1, t.Length),
            "Check for a missing operator or bracket."),
    };
}
