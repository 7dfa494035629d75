using Nabla.Symbolic;

namespace Nabla.Tests.Equivalence;

/// <summary>A textbook identity lhs = rhs in sub-expressions u, v, with near misses that are NOT identities.</summary>
/// <param name="Name">For failure messages.</param>
/// <param name="Identity">The true rewrite.</param>
/// <param name="NearMisses">Pairs that differ from the identity by one typical learner slip (a sign, a coefficient,
/// a factor, an exponent, sin↔cos).</param>
public sealed record RewriteTemplate(
    string Name,
    Func<Expr, Expr, (Expr Lhs, Expr Rhs)> Identity,
    Func<Expr, Expr, (Expr Lhs, Expr Rhs)>[] NearMisses);

/// <summary>Identities in random sub-expressions, generated from a seed (tests are reproducible).</summary>
public static class RewriteTemplates
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    private static Expr Sq(Expr a) => Expr.Pow(a, 2);
    private static Expr Sin(Expr a) => Expr.Sin(a);
    private static Expr Cos(Expr a) => Expr.Cos(a);
    private static Expr Exp(Expr a) => Expr.Exp(a);
    private static Expr Ln(Expr a) => Expr.Ln(a);
    private static Expr F(MathFunction f, Expr a) => Expr.Call(f, a);
    /// <summary>A positive function of u (for identities that need a positive argument).</summary>
    private static Expr Positive(Expr u) => 1 + Sq(u);

    public static readonly RewriteTemplate[] All =
    [
        new("square of a sum",
            (u, v) => (Sq(u + v), Sq(u) + 2 * u * v + Sq(v)),
            [
                (u, v) => (Sq(u + v), Sq(u) - 2 * u * v + Sq(v)),
                (u, v) => (Sq(u + v), Sq(u) + 3 * u * v + Sq(v)),
                (u, v) => (Sq(u + v), Sq(u) + 2 * u + Sq(v)),
                (u, v) => (Sq(u + v), Expr.Pow(u, 3) + 2 * u * v + Sq(v)),
            ]),
        new("cube of a sum",
            (u, v) => (Expr.Pow(u + v, 3), Expr.Pow(u, 3) + 3 * Sq(u) * v + 3 * u * Sq(v) + Expr.Pow(v, 3)),
            [
                (u, v) => (Expr.Pow(u + v, 3), Expr.Pow(u, 3) - 3 * Sq(u) * v + 3 * u * Sq(v) + Expr.Pow(v, 3)),
                (u, v) => (Expr.Pow(u + v, 3), Expr.Pow(u, 3) + 2 * Sq(u) * v + 3 * u * Sq(v) + Expr.Pow(v, 3)),
            ]),
        new("difference of squares",
            (u, v) => ((u + 1) * (u - 1), Sq(u) - 1),
            [
                (u, v) => ((u + 1) * (u - 1), Sq(u) + 1),
                (u, v) => ((u + 1) * (u - 1), 2 * Sq(u) - 1),
                (u, v) => ((u + 1) * (u - 1), u - 1),
                (u, v) => ((u + 1) * (u - 1), Expr.Pow(u, 3) - 1),
            ]),
        new("Pythagorean identity",
            (u, v) => (Sq(Sin(u)) + Sq(Cos(u)), Expr.One),
            [
                (u, v) => (Sq(Sin(u)) - Sq(Cos(u)), Expr.One),
                (u, v) => (2 * Sq(Sin(u)) + Sq(Cos(u)), Expr.One),
                (u, v) => (Sq(Sin(u)) + Sq(Sin(u)), Expr.One),
                (u, v) => (Sq(Sin(u)) + Expr.Pow(Cos(u), 3), Expr.One),
            ]),
        new("double angle (sine)",
            (u, v) => (Sin(2 * u), 2 * Sin(u) * Cos(u)),
            [
                (u, v) => (Sin(2 * u), -2 * Sin(u) * Cos(u)),
                (u, v) => (Sin(2 * u), 3 * Sin(u) * Cos(u)),
                (u, v) => (Sin(2 * u), 2 * Sin(u)),
                (u, v) => (Sin(2 * u), 2 * Sq(Sin(u)) * Cos(u)),
                (u, v) => (Sin(2 * u), 2 * Cos(u) * Cos(u)),
            ]),
        new("double angle (cosine)",
            (u, v) => (Cos(2 * u), Sq(Cos(u)) - Sq(Sin(u))),
            [
                (u, v) => (Cos(2 * u), Sq(Cos(u)) + Sq(Sin(u))),
                (u, v) => (Cos(2 * u), 2 * Sq(Cos(u)) - Sq(Sin(u))),
                (u, v) => (Cos(2 * u), Sq(Sin(u)) - Sq(Cos(u))),
                (u, v) => (Cos(2 * u), Expr.Pow(Cos(u), 3) - Sq(Sin(u))),
            ]),
        new("sum of reciprocals",
            (u, v) => (1 / u + 1 / v, (u + v) / (u * v)),
            [
                (u, v) => (1 / u + 1 / v, (u - v) / (u * v)),
                (u, v) => (1 / u + 1 / v, (u + 2 * v) / (u * v)),
                (u, v) => (1 / u + 1 / v, (u + v) / u),
                (u, v) => (1 / u + 1 / v, (u + v) / (u * Sq(v))),
            ]),
        new("product of exponentials",
            (u, v) => (Exp(u) * Exp(v), Exp(u + v)),
            [
                (u, v) => (Exp(u) * Exp(v), Exp(u - v)),
                (u, v) => (Exp(u) * Exp(v), Exp(u + 2 * v)),
                (u, v) => (Exp(u) * Exp(v), Exp(u)),
                (u, v) => (Sq(Exp(u)) * Exp(v), Exp(u + v)),
            ]),
        new("logarithm of a product",
            (u, v) => (Ln(Positive(u) * Positive(v)), Ln(Positive(u)) + Ln(Positive(v))),
            [
                (u, v) => (Ln(Positive(u) * Positive(v)), Ln(Positive(u)) - Ln(Positive(v))),
                (u, v) => (Ln(Positive(u) * Positive(v)), 2 * Ln(Positive(u)) + Ln(Positive(v))),
                (u, v) => (Ln(Positive(u) * Positive(v)), Ln(Positive(u))),
                (u, v) => (Ln(Sq(Positive(u)) * Positive(v)), Ln(Positive(u)) + Ln(Positive(v))),
            ]),
        new("tangent as a quotient",
            (u, v) => (F(MathFunction.Tan, u), Sin(u) / Cos(u)),
            [
                (u, v) => (F(MathFunction.Tan, u), -Sin(u) / Cos(u)),
                (u, v) => (F(MathFunction.Tan, u), Cos(u) / Sin(u)),
                (u, v) => (F(MathFunction.Tan, u), Sin(u) / Sq(Cos(u))),
                (u, v) => (F(MathFunction.Tan, u), 2 * Sin(u) / Cos(u)),
            ]),
        new("difference of squares over difference",
            (u, v) => ((Sq(u) - Sq(v)) / (u - v), u + v),
            [
                (u, v) => ((Sq(u) - Sq(v)) / (u - v), u - v),
                (u, v) => ((Sq(u) - Sq(v)) / (u - v), u + 2 * v),
                (u, v) => ((Sq(u) - Sq(v)) / (u - v), Sq(u + v)),
                (u, v) => ((Sq(u) + Sq(v)) / (u - v), u + v),
            ]),
        new("sigmoid",
            (u, v) => (F(MathFunction.Sigmoid, u), 1 / (1 + Exp(-u))),
            [
                (u, v) => (F(MathFunction.Sigmoid, u), 1 / (1 + Exp(u))),
                (u, v) => (F(MathFunction.Sigmoid, u), 1 / (2 + Exp(-u))),
                (u, v) => (F(MathFunction.Sigmoid, u), 1 / Sq(1 + Exp(-u))),
                (u, v) => (F(MathFunction.Sigmoid, u), Exp(-u) / (1 + Exp(-u))),
            ]),
        new("softplus",
            (u, v) => (F(MathFunction.Softplus, u), Ln(1 + Exp(u))),
            [
                (u, v) => (F(MathFunction.Softplus, u), Ln(1 + Exp(-u))),
                (u, v) => (F(MathFunction.Softplus, u), Ln(2 + Exp(u))),
                (u, v) => (F(MathFunction.Softplus, u), Ln(1 + Sq(Exp(u)))),
                (u, v) => (F(MathFunction.Softplus, u), 1 + Exp(u)),
            ]),
        new("derivative of the sigmoid",
            (u, v) => (F(MathFunction.Sigmoid, u) * (1 - F(MathFunction.Sigmoid, u)), Exp(-u) / Sq(1 + Exp(-u))),
            [
                (u, v) => (F(MathFunction.Sigmoid, u) * (1 + F(MathFunction.Sigmoid, u)), Exp(-u) / Sq(1 + Exp(-u))),
                (u, v) => (F(MathFunction.Sigmoid, u) * (1 - F(MathFunction.Sigmoid, u)), 2 * Exp(-u) / Sq(1 + Exp(-u))),
                (u, v) => (F(MathFunction.Sigmoid, u) * (1 - F(MathFunction.Sigmoid, u)), Exp(-u) / (1 + Exp(-u))),
                (u, v) => (F(MathFunction.Sigmoid, u) * (1 - F(MathFunction.Sigmoid, u)), Exp(-u) / Expr.Pow(1 + Exp(-u), 3)),
            ]),
        new("hyperbolic identity",
            (u, v) => (Sq(F(MathFunction.Cosh, u)) - Sq(F(MathFunction.Sinh, u)), Expr.One),
            [
                (u, v) => (Sq(F(MathFunction.Cosh, u)) + Sq(F(MathFunction.Sinh, u)), Expr.One),
                (u, v) => (Sq(F(MathFunction.Cosh, u)) - Sq(F(MathFunction.Sinh, u)), Expr.Num(2)),
                (u, v) => (Sq(F(MathFunction.Cosh, u)) - F(MathFunction.Sinh, u), Expr.One),
            ]),
        new("square root of a square",
            (u, v) => (Expr.Sqrt(Sq(u)), F(MathFunction.Abs, u)),
            [
                (u, v) => (Expr.Sqrt(Sq(u)), F(MathFunction.Abs, u) + 1),
                (u, v) => (Expr.Sqrt(Sq(u)), 2 * F(MathFunction.Abs, u)),
                (u, v) => (Expr.Sqrt(Expr.Pow(u, 4)), F(MathFunction.Abs, u)),
            ]),
    ];

    /// <summary>A random smooth sub-expression in x and y that is not constant.</summary>
    public static Expr SubExpression(Random rng, int depth = 2)
    {
        var e = Build(rng, depth);
        return e.FreeSymbols.Count == 0 ? e + X : e;
    }

    private static Expr Build(Random rng, int depth)
    {
        if (depth <= 0 || rng.NextDouble() < 0.3)
        {
            return rng.Next(6) switch
            {
                0 or 1 => X,
                2 or 3 => Y,
                4 => Expr.Num(rng.Next(-7, 8), rng.Next(1, 4)) * X + Expr.Num(rng.Next(-3, 4)),
                _ => Expr.Num(rng.Next(1, 5)),
            };
        }
        var a = Build(rng, depth - 1);
        return rng.Next(9) switch
        {
            0 => a + Build(rng, depth - 1),
            1 => a - Build(rng, depth - 1),
            2 or 3 => a * Build(rng, depth - 1),
            4 => Expr.Num(rng.Next(-5, 6) is var c && c != 0 ? c : 2, rng.Next(1, 4)) * a,
            5 => Sq(a),
            6 => Expr.Call(SmoothFunctions[rng.Next(SmoothFunctions.Length)], a),
            7 => Expr.Sqrt(Sq(a) + 1),
            _ => a / (2 + Sq(Build(rng, depth - 1))),
        };
    }

    private static readonly MathFunction[] SmoothFunctions =
        [MathFunction.Sin, MathFunction.Cos, MathFunction.Atan, MathFunction.Tanh, MathFunction.Sigmoid, MathFunction.Exp];

    /// <summary>Two different non-constant sub-expressions whose difference is not constant (so u − v ≠ 0).</summary>
    public static (Expr U, Expr V) Pair(Random rng)
    {
        while (true)
        {
            var u = SubExpression(rng);
            var v = SubExpression(rng);
            if ((u - v).FreeSymbols.Count > 0) return (u, v);
        }
    }
}
