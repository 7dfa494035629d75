using System.Numerics;
using Nabla.Symbolic;

namespace Nabla.Tests.CalculusTests;

/// <summary>Derivatives worked out by hand from the rules and built with the factories.</summary>
public sealed class ClosedFormTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");

    [Fact]
    public void ProductOfPowerAndSine()
    {
        var f = Expr.Pow(X, 3) * Expr.Sin(X);
        Assert.Same(3 * Expr.Pow(X, 2) * Expr.Sin(X) + Expr.Pow(X, 3) * Expr.Cos(X), Calculus.Diff(f, X));
    }

    [Fact]
    public void ExponentialOfAPolynomial()
    {
        var f = Expr.Exp(Expr.Pow(X, 2) - 3);
        Assert.Same(2 * X * Expr.Exp(Expr.Pow(X, 2) - 3), Calculus.Diff(f, X));
    }

    [Fact]
    public void SquareRoot()
    {
        Assert.Same(Expr.Num(1, 2) / Expr.Sqrt(X), Calculus.Diff(Expr.Sqrt(X), X));
        Assert.Same(Expr.Num(1, 2) * Expr.Pow(X, Expr.Num(-1, 2)), Calculus.Diff(Expr.Sqrt(X), X));
    }

    [Fact]
    public void Tangent() =>
        Assert.Same(Expr.Pow(Expr.Call(MathFunction.Sec, X), 2), Calculus.Diff(Expr.Call(MathFunction.Tan, X), X));

    [Fact]
    public void PowerRuleWithNegativeAndSymbolicExponents()
    {
        Assert.Same(-2 * Expr.Pow(X, -3), Calculus.Diff(1 / (X * X), X));
        var n = Expr.Sym("n");
        Assert.Same(n * Expr.Pow(X, n - 1), Calculus.Diff(Expr.Pow(X, n), X));
    }

    [Fact]
    public void ExponentialAndGeneralPowerRules()
    {
        Assert.Same(Expr.Pow(2, X) * Expr.Ln(2), Calculus.Diff(Expr.Pow(2, X), X));
        // (x^x)' = x^x (ln x + 1)
        Assert.Same(Expr.Pow(X, X) * (Expr.Ln(X) + 1), Calculus.Diff(Expr.Pow(X, X), X));
    }

    [Fact]
    public void Quotient()
    {
        // (sin x / x)' = cos x / x − sin x / x²
        var expected = Expr.Cos(X) / X - Expr.Sin(X) / Expr.Pow(X, 2);
        Assert.Same(expected, Calculus.Diff(Expr.Sin(X) / X, X));
    }

    [Fact]
    public void NestedChainRule()
    {
        // sin(cos(x²))' = cos(cos(x²)) · (−sin(x²)) · 2x
        var f = Expr.Sin(Expr.Cos(Expr.Pow(X, 2)));
        var expected = -2 * X * Expr.Sin(Expr.Pow(X, 2)) * Expr.Cos(Expr.Cos(Expr.Pow(X, 2)));
        Assert.Same(expected, Calculus.Diff(f, X));
    }

    [Fact]
    public void ExponentialFactorsStayInFront()
    {
        // (e^x / x)' = e^x (1/x − 1/x²);  (e^(2x) sin x)' = e^(2x) (2 sin x + cos x)
        Assert.Same(Expr.Exp(X) * (1 / X - 1 / Expr.Pow(X, 2)), Calculus.Diff(Expr.Exp(X) / X, X));
        Assert.Same(Expr.Exp(2 * X) * (2 * Expr.Sin(X) + Expr.Cos(X)), Calculus.Diff(Expr.Exp(2 * X) * Expr.Sin(X), X));
        // e^x e^y with respect to x: e^y is a constant factor.
        Assert.Same(Expr.Exp(X) * Expr.Exp(Y), Calculus.Diff(Expr.Exp(X) * Expr.Exp(Y), X));
    }

    [Fact]
    public void LogarithmAndExponential()
    {
        Assert.Same(1 / X, Calculus.Diff(Expr.Ln(X), X));
        Assert.Same(2 / (2 * X + 1), Calculus.Diff(Expr.Ln(2 * X + 1), X));
        Assert.Same(Expr.Exp(X), Calculus.Diff(Expr.Exp(X), X));
    }

    [Fact]
    public void NthDerivativeOfExpTwoX()
    {
        var f = Expr.Exp(2 * X);
        for (int n = 0; n <= 12; n++)
            Assert.Same(Expr.Num(BigInteger.Pow(2, n), 1) * f, Calculus.Diff(f, X, n));
    }

    [Fact]
    public void DerivativesOfSineCycleWithPeriodFour()
    {
        Assert.Same(-Expr.Sin(X), Calculus.Diff(Expr.Sin(X), X, 10));
        Assert.Same(Expr.Sin(X), Calculus.Diff(Expr.Sin(X), X, 4));
        Assert.Same(-Expr.Cos(X), Calculus.Diff(Expr.Sin(X), X, 3));
    }

    [Fact]
    public void PartialsOfXSquaredYCubed()
    {
        var f = Expr.Pow(X, 2) * Expr.Pow(Y, 3);
        Assert.Same(2 * X * Expr.Pow(Y, 3), Calculus.Diff(f, X));
        Assert.Same(3 * Expr.Pow(X, 2) * Expr.Pow(Y, 2), Calculus.Diff(f, Y));
        Assert.Same(6 * X * Expr.Pow(Y, 2), Calculus.Partial(f, X, Y));
        Assert.Same(6 * X * Expr.Pow(Y, 2), Calculus.Partial(f, Y, X));
        Assert.Same(6 * Expr.Pow(X, 2) * Y, Calculus.Partial(f, Y, Y));
        Assert.Same(2 * Expr.Pow(Y, 3), Calculus.Diff(f, "x", 2));
    }

    [Fact]
    public void GradientAndHessianOfAQuadratic()
    {
        // f = x² y + 3 y² − x  →  ∇f = (2xy − 1, x² + 6y),  H = [[2y, 2x], [2x, 6]]
        var f = Expr.Pow(X, 2) * Y + 3 * Expr.Pow(Y, 2) - X;
        var g = Calculus.Gradient(f, [X, Y]);
        Assert.Same(2 * X * Y - 1, g[0]);
        Assert.Same(Expr.Pow(X, 2) + 6 * Y, g[1]);
        var h = Calculus.Hessian(f, [X, Y]);
        Assert.Same(2 * Y, h[0, 0]);
        Assert.Same(2 * X, h[0, 1]);
        Assert.Same(2 * X, h[1, 0]);
        Assert.Same(Expr.Num(6), h[1, 1]);
    }

    [Fact]
    public void TenthDerivativeOfExpSinMatchesTaylorCoefficients()
    {
        // Independent oracle: exp(sin(x0 + t)) = Σ eₙ tⁿ with sin(x0 + t) = Σ sₖ tᵏ and e₀ = exp(s₀),
        // eₙ = (1/n) Σₖ k sₖ eₙ₋ₖ (from e' = s'e), so f⁽¹⁰⁾(x0) = 10! e₁₀.
        var d10 = Calculus.Diff(Expr.Exp(Expr.Sin(X)), X, 10);
        // e^(sin x) times a flat polynomial in sin x, cos x whose like terms merged at every order.
        Assert.True(d10.DagSize < 120, $"the 10th derivative has {d10.DagSize} nodes");
        foreach (var x0 in new[] { 0.0, 0.7, -1.3, 2.2 })
        {
            const int n = 10;
            var s = new double[n + 1];
            double factorial = 1;
            for (int k = 0; k <= n; k++)
            {
                if (k > 0) factorial *= k;
                // k-th Taylor coefficient of sin(x0 + t): sin⁽ᵏ⁾(x0)/k!
                double derivative = (k % 4) switch { 0 => Math.Sin(x0), 1 => Math.Cos(x0), 2 => -Math.Sin(x0), _ => -Math.Cos(x0) };
                s[k] = derivative / factorial;
            }
            var e = new double[n + 1];
            e[0] = Math.Exp(s[0]);
            for (int m = 1; m <= n; m++)
            {
                double acc = 0;
                for (int k = 1; k <= m; k++) acc += k * s[k] * e[m - k];
                e[m] = acc / m;
            }
            double expected = factorial * e[n];
            double actual = d10.Evaluate(("x", x0));
            Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"x0={x0}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void BenchmarkHessianMatchesNumericSecondDerivatives()
    {
        var f = -(Expr.Pow(X - Expr.Num(41, 10), 2) + Expr.Pow(Y - Expr.Num(9, 10), 2))
                - 30 * Expr.Exp(-(Expr.Pow(X - Expr.Num(3, 2), 2) + Expr.Pow(Y - Expr.Num(37, 10), 2)) / Expr.Num(28, 10));
        var h = Calculus.Hessian(f, [X, Y]);
        Symbol[] vars = [X, Y];
        var rng = new Random(7);
        for (int p = 0; p < 10; p++)
        {
            double px = rng.NextDouble() * 6 - 1, py = rng.NextDouble() * 6 - 1;
            for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
            {
                // ∂/∂vj of the numeric ∂f/∂vi, both by Richardson: independent of the symbolic engine.
                double Fi(double a, double b) => RichardsonOracle.Richardson(
                    t => f.Evaluate((X.Name, i == 0 ? t : a), (Y.Name, i == 1 ? t : b)), i == 0 ? a : b, 0.05).Value;
                double numeric = RichardsonOracle.Richardson(
                    t => Fi(j == 0 ? t : px, j == 1 ? t : py), j == 0 ? px : py, 0.05, levels: 6).Value;
                double symbolic = h[i, j].Evaluate((X.Name, px), (Y.Name, py));
                Assert.True(Math.Abs(symbolic - numeric) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                    $"H[{vars[i].Name},{vars[j].Name}]({px},{py}) = {symbolic} vs {numeric}");
            }
        }
    }

    [Fact]
    public void GradientOfTheFortyVariableChainMatchesSingleDerivatives()
    {
        var xs = Enumerable.Range(0, 40).Select(i => (Symbol)Expr.Sym($"x{i}")).ToArray();
        var f = Expr.Add(Enumerable.Range(0, 39).Select(i =>
            Expr.Pow(xs[i] - xs[i + 1], 2) * Expr.Exp(xs[i]) + Expr.Sin(xs[i] * xs[i + 1])));
        var g = Calculus.Gradient(f, xs);
        var h = Calculus.Hessian(f, xs);
        for (int i = 0; i < 40; i++)
        {
            Assert.Same(Calculus.Diff(f, xs[i]), g[i]);
            for (int j = 0; j < 40; j++)
            {
                if (Math.Abs(i - j) > 1) Assert.Same(Expr.Zero, h[i, j]);
                Assert.Same(h[i, j], h[j, i]);
            }
        }
        // x5 appears in the terms i = 4 and i = 5:
        // ∂/∂x5 = −2(x4 − x5) e^x4 + x4 cos(x4 x5) + e^x5 ((x5 − x6)² + 2(x5 − x6)) + x6 cos(x5 x6)
        Expr x4 = xs[4], x5 = xs[5], x6 = xs[6];
        // (A product rule term is one product: −2·(x4 − x5)·e^x4 keeps −2 as its coefficient, whereas the two-step
        // −2·(x4 − x5) alone would distribute it over the sum.)
        var expected = Expr.Mul(-2, x4 - x5, Expr.Exp(x4)) + x4 * Expr.Cos(x4 * x5)
                       + Expr.Exp(x5) * (Expr.Pow(x5 - x6, 2) + 2 * (x5 - x6)) + x6 * Expr.Cos(x5 * x6);
        Assert.Same(expected, g[5]);
        Assert.Same(Calculus.Diff(g[4], xs[5]), h[4, 5]);
    }
}
