using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Checker = Nabla.Symbolic.Equivalence.Equivalence;

namespace Nabla.Tests.Equivalence;

public sealed class EquivalenceTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    private static Expr Binomial(int n, int k) =>
        Expr.Num((long)Enumerable.Range(1, k).Aggregate(1.0, (acc, i) => acc * (n - k + i) / i));

    [Fact]
    public void CanonicallyEqualExpressionsAreEquivalentSymbolically()
    {
        var result = Checker.Check(2 * (X + 1), 2 * X + 2);
        Assert.True(result.Equivalent);
        Assert.Equal(EquivalenceMethod.Symbolic, result.Method);
        Assert.Null(result.Counterexample);
        Assert.True(Checker.AreEquivalent(Expr.Sin(X) * Y, Y * Expr.Sin(X)));
    }

    [Fact]
    public void SqrtOfASquareIsNotXButIsAbsX()
    {
        var sqrtSquare = Expr.Sqrt(Expr.Pow(X, 2));
        var vsX = Checker.Check(sqrtSquare, X);
        Assert.False(vsX.Equivalent);
        Assert.Equal(EquivalenceMethod.Counterexample, vsX.Method);
        double x = vsX.Counterexample!["x"];
        Assert.True(x < 0);
        Assert.Equal(-x, vsX.ValueA!.Value, 12);
        Assert.Equal(x, vsX.ValueB!.Value, 12);

        var vsAbs = Checker.Check(sqrtSquare, Expr.Call(MathFunction.Abs, X));
        Assert.True(vsAbs.Equivalent);
        Assert.Equal(EquivalenceMethod.NumericSampling, vsAbs.Method);
        Assert.Equal(EquivalenceOptions.Default.SamplePoints, vsAbs.PointsTested);
    }

    [Fact]
    public void LogOfASquareEqualsTwiceTheLogOnTheCommonDomain()
    {
        // ln(x^2) is defined for x != 0, 2 ln(x) only for x > 0: compared where both are defined.
        var result = Checker.Check(Expr.Ln(Expr.Pow(X, 2)), 2 * Expr.Ln(X));
        Assert.True(result.Equivalent);
        Assert.Equal(EquivalenceMethod.NumericSampling, result.Method);
        Assert.True(Checker.AreEquivalent(Expr.Ln(X * Y), Expr.Ln(X) + Expr.Ln(Y)));
    }

    [Fact]
    public void NowhereDefinedIsUndetermined()
    {
        var nowhere = Expr.Sqrt(-1 - Expr.Pow(X, 2));
        var result = Checker.Check(nowhere, X);
        Assert.False(result.Equivalent);
        Assert.Equal(EquivalenceMethod.Undetermined, result.Method);
        Assert.Equal(0, result.PointsTested);
        Assert.Null(result.Counterexample);
        Assert.Contains("Undetermined", result.Describe());
    }

    [Fact]
    public void ARareCommonDomainIsUndeterminedUntilTheGraderGivesAnInterval()
    {
        // ln(x − 99) needs x > 99, which the default mix of scales almost never draws.
        var a = Expr.Ln(Expr.Pow(X - 99, 2)) / 2;
        var b = Expr.Ln(X - 99);
        Assert.Equal(EquivalenceMethod.Undetermined, Checker.Check(a, b).Method);

        var options = new EquivalenceOptions { VariableDomains = new Dictionary<string, SamplingInterval> { ["x"] = new(100, 200) } };
        var result = Checker.Check(a, b, options);
        Assert.True(result.Equivalent);
        Assert.Equal(EquivalenceMethod.NumericSampling, result.Method);
    }

    [Fact]
    public void VariableDomainsRestrictTheComparison()
    {
        var positive = new EquivalenceOptions { VariableDomains = new Dictionary<string, SamplingInterval> { ["x"] = SamplingInterval.Positive } };
        Assert.True(Checker.Check(Expr.Sqrt(Expr.Pow(X, 2)), X, positive).Equivalent);
        var negative = new EquivalenceOptions { VariableDomains = new Dictionary<string, SamplingInterval> { ["x"] = new(-5, -0.5) } };
        var result = Checker.Check(Expr.Sqrt(Expr.Pow(X, 2)), -X, negative);
        Assert.True(result.Equivalent);
    }

    [Fact]
    public void ExpandedPolynomialsWithCancellationAreAccepted()
    {
        // (x+1)^10 and (x−y)^10 written out term by term: the terms cancel heavily near x = −1 and x = y.
        var expanded = Expr.Add(Enumerable.Range(0, 11).Select(k => Binomial(10, k) * Expr.Pow(X, k)));
        Assert.True(Checker.Check(Expr.Pow(X + 1, 10), expanded).Equivalent);

        var expandedXy = Expr.Add(Enumerable.Range(0, 11).Select(k =>
            (k % 2 == 0 ? 1 : -1) * Binomial(10, k) * Expr.Pow(X, 10 - k) * Expr.Pow(Y, k)));
        Assert.True(Checker.Check(Expr.Pow(X - Y, 10), expandedXy).Equivalent);

        // One coefficient off by one is still found.
        var wrong = expandedXy + Expr.Pow(X, 5) * Expr.Pow(Y, 5);
        var result = Checker.Check(Expr.Pow(X - Y, 10), wrong);
        Assert.Equal(EquivalenceMethod.Counterexample, result.Method);
    }

    [Fact]
    public void IllConditionedIdentitiesAreAccepted()
    {
        var cosh = Expr.Call(MathFunction.Cosh, X);
        var sinh = Expr.Call(MathFunction.Sinh, X);
        Assert.True(Checker.Check(Expr.Pow(cosh, 2) - Expr.Pow(sinh, 2), Expr.One).Equivalent);
        Assert.True(Checker.Check((Expr.Pow(X, 2) - Expr.Pow(Y, 2)) / (X - Y), X + Y).Equivalent);
        Assert.True(Checker.Check(Expr.Call(MathFunction.Tan, X), Expr.Sin(X) / Expr.Cos(X)).Equivalent);
    }

    [Fact]
    public void ConstantsAreComparedByValue()
    {
        Assert.True(Checker.Check(Expr.Sin(Expr.Pi / 6), Expr.Num(1, 2)).Equivalent);
        var result = Checker.Check(Expr.Pi, Expr.Num(355, 113));
        Assert.Equal(EquivalenceMethod.Counterexample, result.Method);
        Assert.Empty(result.Counterexample!);
        Assert.Equal(Math.PI, result.ValueA!.Value);
        Assert.Equal(EquivalenceMethod.Undetermined, Checker.Check(Expr.Ln(-1 * Expr.Pi), Expr.One).Method);
    }

    [Fact]
    public void ResultsAreReproducibleForASeed()
    {
        var a = Expr.Sin(X) * Y;
        var b = Expr.Sin(Y) * X;
        var first = Checker.Check(a, b);
        var second = Checker.Check(a, b);
        Assert.Equal(first.Counterexample!["x"], second.Counterexample!["x"]);
        Assert.Equal(first.Counterexample["y"], second.Counterexample["y"]);
        var other = Checker.Check(a, b, new EquivalenceOptions { Seed = 1 });
        Assert.False(other.Equivalent);
        Assert.NotEqual(first.Counterexample["x"], other.Counterexample!["x"]);
    }

    [Fact]
    public void KinksAndStepsAreHandled()
    {
        var relu = Expr.Call(MathFunction.Relu, X);
        Assert.True(Checker.Check(relu, (X + Expr.Call(MathFunction.Abs, X)) / 2).Equivalent);
        Assert.True(Checker.Check(Expr.Call(MathFunction.Step, X), (Expr.Call(MathFunction.Sign, X) + 1) / 2).Equivalent);
        Assert.False(Checker.Check(relu, X).Equivalent);
        Assert.True(Checker.Check(Expr.Call(MathFunction.Sign, X) * X, Expr.Call(MathFunction.Abs, X)).Equivalent);
    }

    [Fact]
    public void DescribeExplainsTheVerdict()
    {
        var result = Checker.Check(Expr.Sqrt(Expr.Pow(X, 2)), X);
        var text = result.Describe();
        Assert.StartsWith("Not equivalent: at x = -", text);
        Assert.Contains("the second is -", text);
        Assert.StartsWith("Equivalent", Checker.Check(X + X, 2 * X).Describe());
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Checker.Check(X, Y, new EquivalenceOptions { SamplePoints = 0 }));
        Assert.Throws<ArgumentException>(() => Checker.Check(X, Y, new EquivalenceOptions { RelativeTolerance = double.NaN }));
        Assert.Throws<ArgumentException>(() => Checker.Check(X, Y,
            new EquivalenceOptions { VariableDomains = new Dictionary<string, SamplingInterval> { ["x"] = new(2, 1) } }));
    }

    [Fact]
    public void LargeSharedExpressionsReturnQuickly()
    {
        // The tree has ~2^30 nodes, the DAG a few dozen: sampling must follow the DAG.
        Expr f = X;
        for (int k = 0; k < 30; k++) f = Expr.Sin(f) + f * f / 4;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Checker.Check(f, f + Expr.Pow(10, -3) * X);
        Assert.Equal(EquivalenceMethod.Counterexample, result.Method);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }
}
