using Nabla.Symbolic;

namespace Nabla.Tests.Symbolic;

public sealed class CanonicalFormTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    [Fact]
    public void EqualExpressionsAreTheSameObject()
    {
        var a = Expr.Sin(X * X) + 3 * Y;
        var b = 3 * Y + Expr.Sin(Expr.Pow(X, 2));
        Assert.Same(a, b);
    }

    [Fact]
    public void LikeTermsAndFactorsMerge()
    {
        Assert.Same(Expr.Pow(X, 2), X * X);
        Assert.Same(Expr.Zero, X - X);
        Assert.Same(2 * X, X + X);
        Assert.Same(Expr.One, X / X);
        Assert.Equal("x^3", (X * X * X).ToString());
    }

    [Fact]
    public void NumbersFoldExactly()
    {
        Assert.Same(Expr.Num(1, 3), Expr.Num(2) / Expr.Num(6));
        Assert.Equal("2*sqrt(2)", Expr.Sqrt(8).ToString());
        Assert.Equal("sqrt(2)/2", Expr.Sqrt(Expr.Num(1, 2)).ToString());
        Assert.Same(Expr.Num(2), Expr.Sqrt(2) * Expr.Sqrt(2));
        Assert.Equal("2*sqrt(3)", (Expr.Sqrt(2) * Expr.Sqrt(6)).ToString());
        Assert.Same(Expr.Num(1024), Expr.Pow(2, 10));
    }

    [Fact]
    public void NumericCoefficientDistributesOverASum()
    {
        Assert.Same(2 * X + 2, 2 * (X + 1));
    }

    [Fact]
    public void HugePowersStayUnevaluated()
    {
        var huge = Expr.Pow(2, Expr.Pow(10, 10));
        Assert.Equal(ExprKind.Power, huge.Kind);
    }

    [Fact]
    public void SignsComeOutOfOddFunctionsAndVanishInEvenOnes()
    {
        Assert.Same(-Expr.Sin(X), Expr.Sin(-X));
        Assert.Same(Expr.Cos(X), Expr.Cos(-X));
        Assert.Same(Expr.E, Expr.Exp(1));
        Assert.Same(Expr.Exp(X), Expr.Pow(Expr.E, X));
        Assert.Same(X, Expr.Ln(Expr.Exp(X)));
    }

    [Fact]
    public void EvaluationMatchesDoubleArithmetic()
    {
        var f = X * X * Expr.Sin(X) + Expr.Exp(-X) / Y;
        double x = 0.7, y = 1.3;
        Assert.Equal(x * x * Math.Sin(x) + Math.Exp(-x) / y, f.Evaluate(("x", x), ("y", y)), 12);
    }

    [Fact]
    public void SubstitutionRebuildsCanonically()
    {
        var f = X * Y + X;
        Assert.Same(Y * Y + Y, f.Substitute(X, Y));
    }

    [Fact]
    public void PrintingAnAstronomicallyLargeTreeFailsWithABudgetError()
    {
        // A DAG of 40 levels, each using the previous one twice: small in memory, 2^40 nodes written out.
        Expr f = X;
        for (int i = 0; i < 40; i++) f = Expr.Sin(f) + f * f;
        Assert.Throws<BudgetExceededException>(() => f.ToPlain());
    }

    [Theory]
    [InlineData(MathFunction.Sin, 1, 1)]
    [InlineData(MathFunction.Sin, 2, 0)]
    [InlineData(MathFunction.Sin, -1, -1)]
    [InlineData(MathFunction.Cos, 2, -1)]
    [InlineData(MathFunction.Cos, 3, 0)]
    [InlineData(MathFunction.Tan, 4, 0)]
    [InlineData(MathFunction.Sec, 2, -1)]
    [InlineData(MathFunction.Csc, 1, 1)]
    [InlineData(MathFunction.Cot, 1, 0)]
    public void CircularFunctionsAreExactAtMultiplesOfHalfPi(MathFunction function, int halfTurns, int expected)
    {
        var argument = Expr.Num(new Rational(halfTurns, 2)) * Expr.Pi;
        Assert.Same(Expr.Num(expected), Expr.Call(function, argument));
        // Independent check in double precision.
        Assert.Equal(expected, FunctionTable.Get(function).Evaluate(halfTurns * Math.PI / 2), 9);
    }

    [Theory]
    [InlineData(MathFunction.Tan, 1)]
    [InlineData(MathFunction.Sec, 3)]
    [InlineData(MathFunction.Csc, 2)]
    [InlineData(MathFunction.Cot, 0)]
    public void CircularFunctionsThatDivideByZeroAreUndefined(MathFunction function, int halfTurns)
    {
        var argument = Expr.Num(new Rational(halfTurns, 2)) * Expr.Pi;
        var error = Assert.Throws<SymbolicException>(() => Expr.Call(function, argument));
        Assert.Contains("undefined", error.Message);
    }
}
