using System.Globalization;
using System.Text;
using Nabla.Symbolic;

namespace Nabla.Series;

/// <summary>One term c·Π(xᵢ − aᵢ)^eᵢ of a Taylor polynomial.</summary>
internal readonly record struct SeriesTerm(Expr Coefficient, int[] Exponents)
{
    public int Degree => Exponents.Sum();
}

/// <summary>
/// Writes a Taylor polynomial in powers of (x − a), lowest degree first, the way it is taught:
/// <c>1/4 - (x - 4)/16 + (x - 4)^2/64</c>. The canonical form cannot keep this shape (a number times a single sum is
/// distributed: −(x − 4)/16 becomes 1/4 − x/16), so the terms are printed one by one.
/// </summary>
internal static class SeriesText
{
    public enum Style { Plain, Human, Latex }

    public static string Print(IReadOnlyList<SeriesTerm> terms, IReadOnlyList<Expr> deltas, Style style)
    {
        var sb = new StringBuilder();
        foreach (var term in terms)
        {
            if (term.Coefficient.IsZero) continue;
            var text = Term(term, deltas, style);
            if (sb.Length == 0) sb.Append(text);
            else if (text.StartsWith('-')) sb.Append(style == Style.Plain ? "-" : " - ").Append(text.AsSpan(1));
            else sb.Append(style == Style.Plain ? "+" : " + ").Append(text);
        }
        return sb.Length == 0 ? "0" : sb.ToString();
    }

    private static string Term(SeriesTerm term, IReadOnlyList<Expr> deltas, Style style)
    {
        var c = term.Coefficient;
        if (term.Degree == 0) return Print(c, style);
        if (c is not Number n)
        {
            // A symbolic coefficient keeps the product shape (only a rational times one sum is distributed).
            var factors = new List<Expr> { c };
            for (int i = 0; i < deltas.Count; i++)
                if (term.Exponents[i] > 0) factors.Add(Expr.Pow(deltas[i], term.Exponents[i]));
            return Print(Expr.Mul(factors), style);
        }
        var monomial = Monomial(term.Exponents, deltas, style);
        var r = n.Value;
        var sign = r.Sign < 0 ? "-" : "";
        var p = System.Numerics.BigInteger.Abs(r.Numerator).ToString(CultureInfo.InvariantCulture);
        var q = r.Denominator.ToString(CultureInfo.InvariantCulture);
        var top = p == "1" ? monomial : style switch
        {
            Style.Plain => p + "*" + monomial,
            Style.Human => p + monomial,
            _ => p + " " + monomial,
        };
        if (r.Denominator.IsOne) return sign + top;
        // A lone parenthesised (x − a) needs no parentheses over a fraction bar.
        if (style == Style.Latex && top.StartsWith("\\left(", StringComparison.Ordinal) && top.EndsWith("\\right)", StringComparison.Ordinal)
            && top.IndexOf("\\left(", 1, StringComparison.Ordinal) < 0)
            top = top[6..^7];
        return style == Style.Latex ? $"{sign}\\frac{{{top}}}{{{q}}}" : $"{sign}{top}/{q}";
    }

    private static string Monomial(int[] exponents, IReadOnlyList<Expr> deltas, Style style)
    {
        var sb = new StringBuilder();
        bool previousParenthesised = false;
        for (int i = 0; i < deltas.Count; i++)
        {
            int e = exponents[i];
            if (e == 0) continue;
            var d = deltas[i];
            bool parenthesise = d is not Symbol;
            var text = Print(d, style);
            if (parenthesise) text = style == Style.Latex ? $"\\left({text}\\right)" : $"({text})";
            if (e > 1) text += style == Style.Latex ? $"^{{{e}}}" : $"^{e}";
            if (sb.Length > 0)
            {
                // Plain needs *, LaTeX a thin separation, human glues parenthesised factors: (x - 1)(y - 2), x y.
                sb.Append(style switch
                {
                    Style.Plain => "*",
                    Style.Latex => " ",
                    _ => parenthesise || previousParenthesised ? "" : " ",
                });
            }
            sb.Append(text);
            previousParenthesised = parenthesise;
        }
        return sb.ToString();
    }

    private static string Print(Expr e, Style style) => style switch
    {
        Style.Plain => e.ToPlain(),
        Style.Human => e.ToHuman(),
        _ => e.ToLatex(),
    };
}
