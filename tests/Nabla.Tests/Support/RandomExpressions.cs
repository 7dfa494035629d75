using CsCheck;
using Nabla.Symbolic;

namespace Nabla.Tests.Support;

/// <summary>
/// Random expressions for property-based tests. Built from a seed (CsCheck generates and reports the seed), so a
/// failure is reproducible from the printed value.
/// </summary>
public static class RandomExpressions
{
    public static readonly Expr X = Expr.Sym("x");
    public static readonly Expr Y = Expr.Sym("y");
    public static readonly Expr Z = Expr.Sym("z");

    /// <summary>Functions that are smooth on the whole real line (safe for derivative checks anywhere).</summary>
    public static readonly MathFunction[] SmoothEverywhere =
    [
        MathFunction.Sin, MathFunction.Cos, MathFunction.Atan, MathFunction.Sinh, MathFunction.Cosh,
        MathFunction.Tanh, MathFunction.Exp, MathFunction.Sigmoid, MathFunction.Softplus,
    ];

    /// <summary>Every function of the language (domains vary; tests must skip undefined points).</summary>
    public static readonly MathFunction[] AllFunctions = Enum.GetValues<MathFunction>();

    /// <summary>Expressions in x, y (and z) of depth up to <paramref name="maxDepth"/>.</summary>
    public static Gen<Expr> Any(int maxDepth = 4, bool smoothOnly = false) =>
        Gen.Int.Select(seed => Build(new Random(seed), maxDepth, smoothOnly));

    public static Expr Build(Random rng, int depth, bool smoothOnly)
    {
        try
        {
            return BuildUnchecked(rng, depth, smoothOnly);
        }
        catch (SymbolicException)
        {
            // The random combination has no value (1/0, cot(0) …): the core refuses to build it, so use a leaf.
            return Leaf(rng);
        }
    }

    private static Expr BuildUnchecked(Random rng, int depth, bool smoothOnly)
    {
        if (depth <= 0 || rng.NextDouble() < 0.25) return Leaf(rng);
        switch (rng.Next(8))
        {
            case 0:
            case 1:
                return Build(rng, depth - 1, smoothOnly) + Build(rng, depth - 1, smoothOnly);
            case 2:
                return Build(rng, depth - 1, smoothOnly) - Build(rng, depth - 1, smoothOnly);
            case 3:
            case 4:
                return Build(rng, depth - 1, smoothOnly) * Build(rng, depth - 1, smoothOnly);
            case 5:
            {
                var denominator = Build(rng, depth - 1, smoothOnly);
                if (smoothOnly) denominator = 2 + Expr.Pow(denominator, 2); // never zero
                return denominator.IsZero ? Build(rng, depth - 1, smoothOnly) : Build(rng, depth - 1, smoothOnly) / denominator;
            }
            case 6:
            {
                var exponent = smoothOnly ? rng.Next(0, 4) : rng.Next(-3, 4);
                var b = Build(rng, depth - 1, smoothOnly);
                if (b.IsZero && exponent < 0) exponent = -exponent;
                return Expr.Pow(b, exponent);
            }
            default:
            {
                var pool = smoothOnly ? SmoothEverywhere : AllFunctions;
                return Expr.Call(pool[rng.Next(pool.Length)], Build(rng, depth - 1, smoothOnly));
            }
        }
    }

    private static Expr Leaf(Random rng) => rng.Next(10) switch
    {
        0 or 1 or 2 => X,
        3 or 4 => Y,
        5 => Z,
        6 => Expr.Num(rng.Next(-5, 6)),
        7 => Expr.Num(rng.Next(-9, 10), rng.Next(1, 5)),
        8 => Expr.Pi,
        _ => Expr.Num(rng.Next(1, 4)),
    };

    /// <summary>Random variable values in [-2.5, 2.5] for x, y, z.</summary>
    public static Dictionary<string, double> Point(Random rng) => new()
    {
        ["x"] = rng.NextDouble() * 5 - 2.5,
        ["y"] = rng.NextDouble() * 5 - 2.5,
        ["z"] = rng.NextDouble() * 5 - 2.5,
    };

    /// <summary>Relative closeness with an absolute floor.</summary>
    public static bool Close(double a, double b, double relative, double absolute = 1e-9) =>
        Math.Abs(a - b) <= absolute + relative * Math.Max(Math.Abs(a), Math.Abs(b));
}
