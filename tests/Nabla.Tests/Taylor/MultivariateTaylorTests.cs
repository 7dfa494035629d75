using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Nabla.Symbolic.Simplification;
using Nabla.Tests.Support;

namespace Nabla.Tests.Taylor;

public sealed class MultivariateTaylorTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");
    private static readonly Symbol Z = (Symbol)Expr.Sym("z");

    private static Expr RandomRational(Random rng) => Expr.Num(rng.Next(-9, 10), rng.Next(1, 4));

    [Fact]
    public void ACubicInThreeVariablesIsItsOwnThirdOrderTaylorPolynomial()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            Expr[] v = [X, Y, Z];
            Expr p = RandomRational(rng);
            for (int i = 0; i < 3; i++)
                for (int j = i; j < 3; j++)
                    for (int k = j; k < 3; k++)
                        p = p + RandomRational(rng) * v[i] * v[j] * v[k] + RandomRational(rng) * v[i] * v[j] + RandomRational(rng) * v[i];
            // Not expanded: (x + y − 1)·(2z + 1)·y keeps the shapes a learner types.
            p = p + (v[0] + v[1] - 1) * (2 * v[2] + 1) * v[1];
            var about = new Dictionary<Symbol, Expr> { [X] = RandomRational(rng), [Y] = RandomRational(rng), [Z] = RandomRational(rng) };
            var s = Calculus.Taylor(p, about, 3);
            Assert.True(Simplifier.Expand(s.Polynomial - p).IsZero, $"{p}: {s.ToPlain()}");
            Assert.True(s.Terms.All(t => t.Degree <= 3));
        }, iter: 100);
    }

    [Fact]
    public void SecondOrderIsValuePlusGradientPlusHalfTheHessianForm()
    {
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), Gen.Int).Sample((f, seed) =>
        {
            var rng = new Random(seed);
            Symbol[] vars = [X, Y, Z];
            var about = vars.ToDictionary(v => v, _ => RandomRational(rng));
            var s = Calculus.Taylor(f, about, 2);
            var at = vars.ToDictionary(v => v.Name, v => about[v].Evaluate());
            double f0 = f.Evaluate(at);
            var gradient = Calculus.Evaluate(Calculus.Gradient(f, vars), at);
            var hessian = Calculus.Evaluate(Calculus.Hessian(f, vars), at);
            if (!double.IsFinite(f0) || gradient.Concat(hessian.Cast<double>()).Any(g => !double.IsFinite(g) || Math.Abs(g) > 1e8)) return;

            var none = new Dictionary<string, double>();
            double Slack(Expr c) => 1e-9 + 1e-12 * Conditioning.Magnitude(c, none);
            Assert.True(RandomExpressions.Close(s.Value.Evaluate(), f0, 1e-10, Slack(s.Value)));
            for (int i = 0; i < 3; i++)
            {
                Assert.True(RandomExpressions.Close(s.Gradient![i].Evaluate(), gradient[i], 1e-9, Slack(s.Gradient[i])));
                for (int j = 0; j < 3; j++)
                    Assert.True(RandomExpressions.Close(s.Hessian![i, j].Evaluate(), hessian[i, j], 1e-9, Slack(s.Hessian[i, j])),
                        $"{f}: H[{i},{j}] = {s.Hessian[i, j]} vs {hessian[i, j]}");
            }
            // The polynomial itself against f + J·Δ + ½ΔᵀHΔ at a few points.
            for (int trial = 0; trial < 3; trial++)
            {
                var point = RandomExpressions.Point(rng);
                var delta = vars.Select(v => point[v.Name] - at[v.Name]).ToArray();
                double expected = f0;
                for (int i = 0; i < 3; i++)
                {
                    expected += gradient[i] * delta[i];
                    for (int j = 0; j < 3; j++) expected += 0.5 * delta[i] * hessian[i, j] * delta[j];
                }
                // The exact coefficients can cancel heavily (cosh(9)^2·(σ − 3σ² + 2σ³) …): allow the rounding error that
                // evaluating the polynomial in double can make, bounded independently of the value.
                var bounded = new BoundedValue[1];
                new Nabla.Symbolic.Equivalence.ErrorBoundEvaluator([s.Polynomial], vars, 1_000_000)
                    .Evaluate(vars.Select(v => point[v.Name]).ToArray(), bounded);
                double slack = 1e-8 + 16 * bounded[0].Error;
                Assert.True(RandomExpressions.Close(s.Polynomial.Evaluate(point), expected, 1e-8, slack),
                    $"{f}: {s.ToPlain()} = {s.Polynomial.Evaluate(point)} vs {expected}");
            }
        }, iter: 200);
    }

    [Fact]
    public void PrintsGroupedByTotalDegree()
    {
        Expr x = X, y = Y;
        var s = Calculus.Taylor(Expr.Exp(x + 2 * y), new Dictionary<Symbol, Expr> { [X] = 0, [Y] = 0 }, 2);
        // e^(x+2y) = 1 + (x + 2y) + (x + 2y)²/2.
        Assert.Equal("1+x+2*y+x^2/2+2*x*y+2*y^2", s.ToPlain());
        Assert.Equal("1 + x + 2y + x^2/2 + 2x y + 2y^2", s.ToHuman());
        var shifted = Calculus.Taylor(x * y, new Dictionary<Symbol, Expr> { [X] = 1, [Y] = 2 }, 2);
        Assert.Equal("2 + 2(x - 1) + (y - 2) + (x - 1)(y - 2)", shifted.ToHuman());
        Assert.Equal("2+2*(x-1)+(y-2)+(x-1)*(y-2)", shifted.ToPlain());
        Assert.True(Simplifier.Expand(Expr.Parse(shifted.ToPlain()) - x * y).IsZero);
        Assert.Contains("H = [[0, 1], [1, 0]]", shifted.ToQuadraticFormText());
    }

    [Fact]
    public void LineariseGivesTheTangentPlane()
    {
        Expr x = X, y = Y;
        var plane = Calculus.Linearise(x * x * y, new Dictionary<Symbol, Expr> { [X] = 1, [Y] = 3 });
        // f = 3, ∂f/∂x = 2xy = 6, ∂f/∂y = x² = 1.
        Assert.True(Simplifier.Expand(plane.Polynomial - (3 + 6 * (x - 1) + (y - 3))).IsZero);
        Assert.Null(plane.Hessian);
    }

    [Fact]
    public void APoleInSeveralVariablesIsAClearError()
    {
        Expr x = X, y = Y;
        var ex = Assert.Throws<SymbolicException>(() =>
            Calculus.Taylor(1 / (x - y), new Dictionary<Symbol, Expr> { [X] = 1, [Y] = 1 }, 2));
        Assert.Contains("pole at (x, y) = (1, 1)", ex.Message);
    }
}
