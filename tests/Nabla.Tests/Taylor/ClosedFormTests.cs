using System.Numerics;
using Nabla.Symbolic;

namespace Nabla.Tests.Taylor;

/// <summary>Coefficients against the textbook closed forms, computed here from their formulas.</summary>
public sealed class ClosedFormTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Expr x = X;

    internal static BigInteger Factorial(int k)
    {
        BigInteger f = 1;
        for (int i = 2; i <= k; i++) f *= i;
        return f;
    }

    /// <summary>The generalised binomial coefficient C(α, k) = α(α−1)…(α−k+1)/k!.</summary>
    internal static Rational Binomial(Rational alpha, int k)
    {
        Rational c = 1;
        for (int i = 0; i < k; i++) c = c * (alpha - i) / (i + 1);
        return c;
    }

    private static void AssertCoefficients(TaylorSeries s, Func<int, Expr> expected)
    {
        Assert.Equal(s.Order + 1, s.Coefficients.Count);
        for (int k = 0; k <= s.Order; k++) Assert.Same(expected(k), s.Coefficients[k]);
    }

    [Fact]
    public void ExpHasCoefficientsOneOverKFactorial() =>
        AssertCoefficients(Calculus.Taylor(Expr.Exp(x), X, 0, 20), k => Expr.Num(BigInteger.One, Factorial(k)));

    [Fact]
    public void SinAndCosAlternateOverOddAndEvenPowers()
    {
        AssertCoefficients(Calculus.Taylor(Expr.Sin(x), X, 0, 15),
            k => k % 2 == 0 ? Expr.Zero : Expr.Num((k / 2) % 2 == 0 ? 1 : -1, Factorial(k)));
        AssertCoefficients(Calculus.Taylor(Expr.Cos(x), X, 0, 15),
            k => k % 2 == 1 ? Expr.Zero : Expr.Num((k / 2) % 2 == 0 ? 1 : -1, Factorial(k)));
    }

    [Fact]
    public void LnOfOnePlusXIsTheAlternatingHarmonicSeries() =>
        AssertCoefficients(Calculus.Taylor(Expr.Ln(1 + x), X, 0, 12), k => k == 0 ? Expr.Zero : Expr.Num(k % 2 == 1 ? 1 : -1, k));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(-1, 2)]
    [InlineData(1, 3)]
    [InlineData(5, 3)]
    [InlineData(-7, 4)]
    [InlineData(3, 1)]
    [InlineData(-2, 1)]
    public void BinomialSeriesForRationalPowers(int p, int q)
    {
        var alpha = new Rational(p, q);
        var s = Calculus.Taylor(Expr.Pow(1 + x, Expr.Num(alpha)), X, 0, 10);
        AssertCoefficients(s, k => Expr.Num(Binomial(alpha, k)));
    }

    [Fact]
    public void GeometricSeriesHasAllOnes() =>
        AssertCoefficients(Calculus.Taylor(1 / (1 - x), X, 0, 30), _ => Expr.One);

    [Fact]
    public void ExpOfXSquaredHasOnlyEvenPowers() =>
        AssertCoefficients(Calculus.Taylor(Expr.Exp(x * x), X, 0, 16),
            k => k % 2 == 1 ? Expr.Zero : Expr.Num(BigInteger.One, Factorial(k / 2)));

    [Fact]
    public void OneOverXAboutFour()
    {
        // 1/x = 1/(4 + t) = Σ (−1)^k t^k / 4^(k+1).
        var s = Calculus.Taylor(1 / x, X, 4, 8);
        AssertCoefficients(s, k => Expr.Num(k % 2 == 0 ? 1 : -1, BigInteger.Pow(4, k + 1)));
        Assert.Equal("1/4 - (x - 4)/16 + (x - 4)^2/64", Calculus.Taylor(1 / x, X, 4, 2).ToHuman());
    }

    [Fact]
    public void SquareRootOfFourMinusX()
    {
        // √(4 − x) = 2 (1 − x/4)^(1/2) = 2 Σ C(1/2, k) (−1/4)^k x^k.
        var s = Calculus.Taylor(Expr.Sqrt(4 - x), X, 0, 8);
        AssertCoefficients(s, k => Expr.Num(2 * Binomial(Rational.Half, k) * new Rational(-1, 4).Pow(k)));
    }

    [Fact]
    public void ExpAboutOneKeepsTheExactFactorE() =>
        AssertCoefficients(Calculus.Taylor(Expr.Exp(x), X, 1, 6), k => Expr.E * Expr.Num(BigInteger.One, Factorial(k)));

    [Fact]
    public void SinAboutPiOverFourHasExactRadicals()
    {
        // sin(π/4 + t) = (√2/2)(cos t + sin t): the signs run +, +, −, −.
        var s = Calculus.Taylor(Expr.Sin(x), X, Expr.Pi / 4, 7);
        int[] signs = [1, 1, -1, -1];
        AssertCoefficients(s, k => Expr.Sqrt(2) / 2 * Expr.Num(signs[k % 4], Factorial(k)));
    }

    [Fact]
    public void AtanIsTheAlternatingOddSeries() =>
        AssertCoefficients(Calculus.Taylor(Expr.Call(MathFunction.Atan, x), X, 0, 15),
            k => k % 2 == 0 ? Expr.Zero : Expr.Num((k / 2) % 2 == 0 ? 1 : -1, k));

    [Fact]
    public void AsinHasTheCentralBinomialCoefficients()
    {
        // asin x = Σ C(2n, n) x^(2n+1) / (4^n (2n + 1)).
        var s = Calculus.Taylor(Expr.Call(MathFunction.Asin, x), X, 0, 13);
        AssertCoefficients(s, k =>
        {
            if (k % 2 == 0) return Expr.Zero;
            int n = (k - 1) / 2;
            var central = Factorial(2 * n) / (Factorial(n) * Factorial(n));
            return Expr.Num(central, BigInteger.Pow(4, n) * k);
        });
    }

    [Fact]
    public void SinhCoshAndExpAgree()
    {
        // sinh has the odd and cosh the even coefficients of exp.
        var sinh = Calculus.Taylor(Expr.Call(MathFunction.Sinh, x), X, 0, 12);
        var cosh = Calculus.Taylor(Expr.Call(MathFunction.Cosh, x), X, 0, 12);
        AssertCoefficients(sinh, k => k % 2 == 1 ? Expr.Num(BigInteger.One, Factorial(k)) : Expr.Zero);
        AssertCoefficients(cosh, k => k % 2 == 0 ? Expr.Num(BigInteger.One, Factorial(k)) : Expr.Zero);
    }

    [Fact]
    public void TanTimesCosIsSin()
    {
        // An identity check between independent recurrences (tan by its Riccati equation, sin/cos by angle addition).
        var product = Calculus.Taylor(Expr.Call(MathFunction.Tan, x) * Expr.Cos(x), X, 0, 12);
        var sin = Calculus.Taylor(Expr.Sin(x), X, 0, 12);
        for (int k = 0; k <= 12; k++) Assert.Same(sin.Coefficients[k], product.Coefficients[k]);
    }

    [Fact]
    public void SigmoidIsOneHalfPlusHalfTanhOfHalfX()
    {
        var sigmoid = Calculus.Taylor(Expr.Call(MathFunction.Sigmoid, x), X, 0, 11);
        var tanh = Calculus.Taylor(Expr.Call(MathFunction.Tanh, x / 2), X, 0, 11);
        for (int k = 0; k <= 11; k++)
            Assert.Same(k == 0 ? Expr.Num(1, 2) : tanh.Coefficients[k] / 2, sigmoid.Coefficients[k]);
    }

    [Fact]
    public void SoftplusIntegratesTheSigmoid()
    {
        var softplus = Calculus.Taylor(Expr.Call(MathFunction.Softplus, x), X, 0, 9);
        var sigmoid = Calculus.Taylor(Expr.Call(MathFunction.Sigmoid, x), X, 0, 8);
        Assert.Same(Expr.Ln(2), softplus.Coefficients[0]);
        for (int k = 1; k <= 9; k++) Assert.Same(sigmoid.Coefficients[k - 1] / k, softplus.Coefficients[k]);
    }

    [Fact]
    public void RemovableSingularitySinXOverX()
    {
        var s = Calculus.Taylor(Expr.Sin(x) / x, X, 0, 10);
        AssertCoefficients(s, k => k % 2 == 1 ? Expr.Zero : Expr.Num((k / 2) % 2 == 0 ? 1 : -1, Factorial(k + 1)));
    }

    [Fact]
    public void PiecewiseFunctionsAwayFromTheirKinks()
    {
        Assert.Same(-x, Calculus.Taylor(Expr.Call(MathFunction.Abs, x), X, -2, 3).Polynomial);
        Assert.Same(x, Calculus.Taylor(Expr.Call(MathFunction.Relu, x), X, 3, 3).Polynomial);
        Assert.Same(Expr.Zero, Calculus.Taylor(Expr.Call(MathFunction.Relu, x), X, -3, 3).Polynomial);
        Assert.Same(Expr.MinusOne, Calculus.Taylor(Expr.Call(MathFunction.Sign, x - 1), X, 0, 2).Polynomial);
    }

    [Fact]
    public void NumericValuesNearThePointMatchTheFunction()
    {
        (Expr F, Expr A)[] cases =
        [
            (1 / x, 4), (Expr.Sqrt(4 - x), 0), (Expr.Exp(Expr.Sin(x)) * Expr.Cos(x), 0), (Expr.Ln(x), 2),
            (Expr.Pow(x, x), 1), (Expr.Call(MathFunction.Tan, x), Expr.Pi / 3), (Expr.Call(MathFunction.Acos, x), Expr.Num(1, 2)),
            (Expr.Call(MathFunction.Sec, x) + Expr.Call(MathFunction.Csc, x) + Expr.Call(MathFunction.Cot, x), 1),
        ];
        foreach (var (f, a) in cases)
        {
            var s = Calculus.Taylor(f, X, a, 12);
            double a0 = a.Evaluate(), h = 0.01;
            double exact = f.Evaluate(("x", a0 + h)), approx = s.Polynomial.Evaluate(("x", a0 + h));
            Assert.True(Math.Abs(exact - approx) < 1e-12 * Math.Max(1, Math.Abs(exact)), $"{f} about {a}: {exact} vs {approx}");
        }
    }
}
