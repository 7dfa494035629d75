namespace Nabla.Symbolic.Parsing;

internal enum TokenKind : byte
{
    End,
    /// <summary>A lexical error; the parser throws <see cref="Token.Error"/> when it reaches this token.</summary>
    Error,
    Number,
    Variable,
    Constant,
    Function,
    Plus,
    Minus,
    Star,
    Slash,
    /// <summary><c>^</c> or <c>**</c>.</summary>
    Caret,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Bar,
    /// <summary>A run of superscript characters (<c>²</c>, <c>⁻¹</c>); <see cref="Token.Value"/> is the exponent.</summary>
    Superscript,
    /// <summary><c>√</c> (code 2) or <c>∛</c> (code 3).</summary>
    Root,
}

/// <summary>One token. Numbers, variables and constants carry their value; functions carry a code (a
/// <see cref="MathFunction"/> or one of the parser-only codes of <see cref="ExpressionLanguage"/>).</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, int Code = 0, Expr? Value = null, ParseException? Error = null)
{
    /// <summary>Variable flag: a single letter or Greek name (with digits/subscript), so <c>x(…)</c> multiplies.</summary>
    public const int SimpleName = 1;

    /// <summary>Variable flag: written as the glyph σ, which means sigmoid when directly followed by <c>(</c>.</summary>
    public const int SigmaGlyph = 2;

    public int End => Start + Length;
}
