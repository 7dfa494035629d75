using System.Diagnostics.CodeAnalysis;
using Nabla.Symbolic.Parsing;

namespace Nabla.Symbolic;

public abstract partial class Expr
{
    /// <summary>Parses the expression language (see docs/expression-language.md).</summary>
    /// <param name="text">What the learner typed, e.g. <c>2x sin(x) + e^-x</c>.</param>
    /// <param name="options">Name splitting and size limits; <see cref="ParseOptions.Default"/> when null.</param>
    /// <exception cref="ParseException">The text is not a valid expression (the exception points at the spot).</exception>
    public static Expr Parse(string text, ParseOptions? options = null) =>
        ExpressionParser.Parse(text, options ?? ParseOptions.Default);

    /// <summary>Parses the expression language without throwing on bad input.</summary>
    /// <param name="text">What the learner typed.</param>
    /// <param name="result">The expression, when the text is valid.</param>
    /// <param name="options">Name splitting and size limits; <see cref="ParseOptions.Default"/> when null.</param>
    /// <returns>True when <paramref name="text"/> is a valid expression.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out Expr? result, ParseOptions? options = null) =>
        TryParse(text, out result, out _, options);

    /// <summary>Parses the expression language without throwing on bad input, returning the error.</summary>
    /// <param name="text">What the learner typed.</param>
    /// <param name="result">The expression, when the text is valid.</param>
    /// <param name="error">What is wrong and where, when the text is not valid.</param>
    /// <param name="options">Name splitting and size limits; <see cref="ParseOptions.Default"/> when null.</param>
    /// <returns>True when <paramref name="text"/> is a valid expression.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out Expr? result, [NotNullWhen(false)] out ParseException? error,
        ParseOptions? options = null)
    {
        try
        {
            result = ExpressionParser.Parse(text, options ?? ParseOptions.Default);
            error = null;
            return true;
        }
        catch (ParseException ex)
        {
            result = null;
            error = ex;
            return false;
        }
    }
}
