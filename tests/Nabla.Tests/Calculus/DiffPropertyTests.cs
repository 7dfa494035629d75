using CsCheck;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.CalculusTests;

public sealed class DiffPropertyTests
{
    private static readonly Symbol X = (Symbol)RandomExpressions.X;
    private static readonly Symbol Y = (Symbol)RandomExpressions.Y;

    /// <summary>
    /// Compares ∂f/∂v with the Richardson estimate at a few random points. Points where f is undefined, huge, or
    /// not smooth enough for the oracle to be trustworthy (large error estimate) are skipped; returns how many
    /// points were actually compared.
    /// </summary>
    internal static int CheckAgainstNumeric(Expr f, Symbol v, Expr derivative, Random rng, int points, double tolerance)
    {
        int compared = 0;
        for (int i = 0; i < points; i++)
        {
            var at = RandomExpressions.Point(rng);
            double F(double t)
            {
                var copy = new Dictionary<string, double>(at) { [v.Name] = t };
                return f.Evaluate(copy);
            }
            double x0 = at[v.Name];
            double f0 = F(x0);
            if (!double.IsFinite(f0) || Math.Abs(f0) > 1e6 || !EverySubExpressionIsFinite(f, at)) continue;
            var numeric = RichardsonOracle.Richardson(F, x0, h0: 0.01);
            if (!double.IsFinite(numeric.Value) || Math.Abs(numeric.Value) > 1e6) continue;
            if (numeric.Error > 1e-9 * Math.Max(1, Math.Abs(numeric.Value))) continue; // ill-conditioned or non-smooth here
            double symbolic = derivative.Evaluate(at);
            // step(0) is undefined (relu is not differentiable at 0), even where a composite like relu(relu(u)) happens
            // to be flat: the chain rule does not apply there, and NaN is the engine saying so.
            if (double.IsNaN(symbolic) && HasKink(derivative)) continue;
            Assert.True(RandomExpressions.Close(symbolic, numeric.Value, tolerance, tolerance),
                $"d/d{v.Name} [{f}] = {derivative}\nat {string.Join(", ", at.Select(p => $"{p.Key}={p.Value:R}"))}: " +
                $"symbolic {symbolic:R}, numeric {numeric.Value:R} (±{numeric.Error:G3})");
            compared++;
        }
        return compared;
    }

    private static bool HasKink(Expr e)
    {
        var stack = new Stack<Expr>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is Function { Which: MathFunction.Step or MathFunction.Sign or MathFunction.Abs or MathFunction.Relu }) return true;
            foreach (var a in node.Args) stack.Push(a);
        }
        return false;
    }

    /// <summary>
    /// f is defined at the point only if every part of it is: tanh(1/0) evaluates to 1 in floating point, but the
    /// expression (and so its derivative) is undefined there.
    /// </summary>
    private static bool EverySubExpressionIsFinite(Expr f, IReadOnlyDictionary<string, double> at)
    {
        var seen = new HashSet<Expr>();
        var stack = new Stack<Expr>();
        stack.Push(f);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!seen.Add(e)) continue;
            if (!double.IsFinite(e.Evaluate(at))) return false;
            foreach (var a in e.Args) stack.Push(a);
        }
        return true;
    }

    [Fact]
    public void SmoothRandomExpressionsMatchTheNumericDerivative()
    {
        int compared = 0;
        RandomExpressions.Any(4, smoothOnly: true).Select(Gen.Int).Sample((f, seed) =>
        {
            var d = Calculus.Diff(f, X);
            compared += CheckAgainstNumeric(f, X, d, new Random(seed), 3, 1e-6);
        }, iter: 1000, threads: 1);
        Assert.True(compared > 1000, $"only {compared} points were compared");
    }

    [Fact]
    public void GeneralRandomExpressionsMatchWhereDefined()
    {
        int compared = 0;
        RandomExpressions.Any(4).Select(Gen.Int).Sample((f, seed) =>
        {
            var d = Calculus.Diff(f, X);
            compared += CheckAgainstNumeric(f, X, d, new Random(seed), 3, 1e-6);
        }, iter: 600, threads: 1);
        Assert.True(compared > 500, $"only {compared} points were compared");
    }

    [Fact]
    public void PartialDerivativesInYTreatXAsAConstant()
    {
        int compared = 0;
        RandomExpressions.Any(4, smoothOnly: true).Select(Gen.Int).Sample((f, seed) =>
        {
            var d = Calculus.Diff(f, Y);
            compared += CheckAgainstNumeric(f, Y, d, new Random(seed), 2, 1e-6);
        }, iter: 300, threads: 1);
        Assert.True(compared > 200, $"only {compared} points were compared");
    }

    [Fact]
    public void SecondDerivativeIsTheDerivativeOfTheFirst()
    {
        RandomExpressions.Any(3).Sample(f =>
        {
            Assert.Same(Calculus.Diff(Calculus.Diff(f, X), X), Calculus.Diff(f, X, 2));
            Assert.Same(f, Calculus.Diff(f, X, 0));
        }, iter: 300);
    }

    [Fact]
    public void ExpressionsWithoutTheVariableHaveDerivativeZero()
    {
        RandomExpressions.Any(4).Sample(f =>
        {
            // A fresh symbol, not a number: substituting a number could divide by zero (1/(x − 3/7)).
            var g = f.Substitute(X, Expr.Sym("w"));
            Assert.Same(Expr.Zero, Calculus.Diff(g, X));
        }, iter: 300);
    }

    [Fact]
    public void DifferentiationIsLinear()
    {
        // (2f − g/3)' = 2f' − g'/3, checked numerically (canonical forms of the two sides may differ in shape).
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), RandomExpressions.Any(3, smoothOnly: true), Gen.Int)
            .Sample((f, g, seed) =>
            {
                var lhs = Calculus.Diff(2 * f - g / 3, X);
                var rhs = 2 * Calculus.Diff(f, X) - Calculus.Diff(g, X) / 3;
                var rng = new Random(seed);
                for (int i = 0; i < 3; i++)
                {
                    var at = RandomExpressions.Point(rng);
                    double a = lhs.Evaluate(at), b = rhs.Evaluate(at);
                    if (!double.IsFinite(a) || !double.IsFinite(b) || Math.Abs(a) > 1e8) continue;
                    Assert.True(RandomExpressions.Close(a, b, 1e-9, 1e-9), $"{lhs} vs {rhs}: {a} vs {b}");
                }
            }, iter: 300);
    }
}
