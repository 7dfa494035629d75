using Nabla.Symbolic.Parsing;

namespace Nabla.Symbolic;

public abstract partial class Expr
{
    /// <summary>Parses the expression language (see docs/expression-language.md).</summary>
    /// <exception cref="ParseException">The text is not a valid expression.</exception>
    public static Expr Parse(string text, ParseOptions? options = null) =>
        throw new NotImplementedException("PLACEHOLDER until the parser lands");
}
