using System.Numerics;
using CsCheck;
using Nabla.Numerics;
using Nabla.Optimization;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Tests.Regression;

public sealed class NonlinearExtendedPrecisionTests
{
    private static double RelativeError(DoubleDouble a, DoubleDouble b) => Math.Abs((a - b).ToDouble()) / Math.Abs(b.ToDouble());

    [Fact]
    public void ExpOfOneIsEulersNumberToThirtyDigits()
    {
        // e = 2.71828182845904523536028747135266249775724709… as hi + lo (independently: Math.E and the next 17 digits).
        var e = new DoubleDouble(Math.E, 1.4456468917292502e-16);
        Assert.InRange(RelativeError(DoubleDoubleMath.Exp(1), e), 0, 1e-30);
    }

    [Fact]
    public void LnInvertsExpAndExpAddsExponents()
    {
        Gen.Double[-30, 30].Sample(x =>
        {
            var ex = DoubleDoubleMath.Exp(x);
            Assert.InRange(Math.Abs((DoubleDoubleMath.Ln(ex) - x).ToDouble()), 0, 1e-29 * Math.Max(1, Math.Abs(x)));
            // exp(x)·exp(−x) = 1 to double-double precision.
            Assert.InRange(Math.Abs((ex * DoubleDoubleMath.Exp(-x) - 1).ToDouble()), 0, 1e-29);
            Assert.Equal(Math.Exp(x), ex.ToDouble(), Math.Exp(x) * 4e-16);
        }, iter: 500);
    }

    [Fact]
    public void DecimalParsingKeepsTheDigitsDoublesLose()
    {
        var tenth = DoubleDoubleMath.Parse("0.1");
        Assert.Equal(0.1, tenth.Hi);
        // 0.1 − fl(0.1) = −5.551115123125783e-18 exactly to this precision.
        Assert.Equal(-5.551115123125783e-18, tenth.Lo, 1e-32);
        Assert.InRange(Math.Abs((tenth * 10 - 1).ToDouble()), 0, 1e-31);
        var big = DoubleDoubleMath.Parse("-1.2345678901234567890123E+03");
        Assert.InRange(Math.Abs((big + DoubleDoubleMath.Parse("1234.5678901234567890123")).ToDouble()), 0, 1e-26);
    }

    [Fact]
    public void ProgramMatchesTheDoubleEvaluatorAndIsMoreAccurate()
    {
        var model = Expr.Parse("b1*exp(-b2*x) + b3/(1+x^2) + sqrt(x)*x^b2 - atan(x)");
        var program = new DoubleDoubleProgram(model, ["b1", "b2", "b3", "x"]);
        // CsCheck runs samples on several threads: each needs its own scratch (a shared one made this test fail about
        // one run in three, with values from another thread's half-finished evaluation).
        Gen.Select(Gen.Double[0.1, 3], Gen.Double[0.1, 2], Gen.Double[-2, 2], Gen.Double[0.1, 5]).Sample((b1, b2, b3, x) =>
        {
            double expected = model.Evaluate(("b1", b1), ("b2", b2), ("b3", b3), ("x", x));
            var value = program.Evaluate([b1, b2, b3, x], program.NewScratch());
            Assert.Equal(expected, value.ToDouble(), 1e-13 * Math.Max(1, Math.Abs(expected)));
        }, iter: 300);
        // Cancellation that double cannot resolve: (1 + 1e-20) − 1 with the exact pieces.
        var cancel = new DoubleDoubleProgram(Expr.Parse("(a + b) - a"), ["a", "b"]);
        Assert.Equal(1e-20, cancel.Evaluate([1, 1e-20], cancel.NewScratch()).ToDouble(), 1e-35);
    }

    [Theory]
    // The input a shared-scratch run reported (0.1491 expected, 1.2503 from the racing evaluation), and the NIST-like
    // corners of the test's box.
    [InlineData(0.28658447587715097, 0.7525754503265147, 0, 0.4483481963580277)]
    [InlineData(3, 2, 2, 5)]
    [InlineData(0.1, 0.1, -2, 0.1)]
    [InlineData(1.7, 1.3, -0.4, 3.9)]
    public void ProgramMatchesMathFunctionsAtReportedInputs(double b1, double b2, double b3, double x)
    {
        var model = Expr.Parse("b1*exp(-b2*x) + b3/(1+x^2) + sqrt(x)*x^b2 - atan(x)");
        var program = new DoubleDoubleProgram(model, ["b1", "b2", "b3", "x"]);
        // Oracle: the same formula in System.Math, term by term (each term to ~1 ulp, so 1e-15 of the largest term).
        double[] terms = [b1 * Math.Exp(-b2 * x), b3 / (1 + x * x), Math.Sqrt(x) * Math.Pow(x, b2), -Math.Atan(x)];
        double expected = terms.Sum(), scale = terms.Max(Math.Abs);
        var scratch = program.NewScratch();
        for (int repeat = 0; repeat < 3; repeat++) // the scratch is reused serially: no state leaks between calls
            Assert.Equal(expected, program.Evaluate([b1, b2, b3, x], scratch).ToDouble(), 4e-15 * scale);
    }

    [Fact]
    public void ProgramIsSafeToShareBetweenThreadsWithOneScratchEach()
    {
        var model = Expr.Parse("b1*exp(-b2*x) + sqrt(x)*x^b2");
        var program = new DoubleDoubleProgram(model, ["b1", "b2", "x"]);
        var inputs = Enumerable.Range(0, 2000).Select(i => (B1: 0.1 + i % 29 * 0.1, B2: 0.1 + i % 19 * 0.1, X: 0.1 + i % 49 * 0.1)).ToArray();
        var results = new double[inputs.Length];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, () => program.NewScratch(), (i, _, scratch) =>
        {
            var (b1, b2, x) = inputs[i];
            results[i] = program.Evaluate([b1, b2, x], scratch).ToDouble();
            return scratch;
        }, _ => { });
        for (int i = 0; i < inputs.Length; i++)
        {
            var (b1, b2, x) = inputs[i];
            double expected = b1 * Math.Exp(-b2 * x) + Math.Pow(x, b2 + 0.5);
            Assert.Equal(expected, results[i], 4e-15 * Math.Abs(expected));
        }
    }

    [Fact]
    public void RealPowersAndExpAgreeWithExactReferencesToThirtyDigits()
    {
        Gen.Select(Gen.Int[1, 400], Gen.Int[-3, 3]).Sample((n, k) =>
        {
            // x = n/16 is exact in double; x^(k + 1/2) through the general exp(y·ln x) path (the exponent is a symbol,
            // not a rational) against x^k·√x from exact integer powers and the double-double square root.
            var x = n / 16.0;
            var pow = DoubleDoubleMath.Pow(x, k + 0.5, null);
            var reference = DoubleDoubleMath.PowInt(x, k) * DoubleDouble.Sqrt(x);
            Assert.InRange(RelativeError(pow, reference), 0, 1e-29);
            // Integer exponents through the general path: x^k with x^k exact from BigInteger arithmetic.
            var integral = DoubleDoubleMath.Pow(x, k, null);
            var exact = k >= 0 ? BigRational(BigInteger.Pow(n, k), BigInteger.Pow(16, k)) : BigRational(BigInteger.Pow(16, -k), BigInteger.Pow(n, -k));
            Assert.InRange(RelativeError(integral, exact), 0, 1e-29);
            Assert.Equal(Math.Pow(x, k + 0.5), pow.ToDouble(), 2e-16 * Math.Pow(x, k + 0.5));
        }, iter: 300);
        // exp(a)·exp(b) = exp(a + b), the sum held exactly in double-double.
        Gen.Select(Gen.Double[-20, 20], Gen.Double[-20, 20]).Sample((a, b) =>
        {
            var sum = (DoubleDouble)a + b;
            Assert.InRange(RelativeError(DoubleDoubleMath.Exp(a) * DoubleDoubleMath.Exp(b), DoubleDoubleMath.Exp(sum)), 0, 2e-29);
        }, iter: 300);
    }

    private static DoubleDouble BigRational(BigInteger numerator, BigInteger denominator) =>
        DoubleDoubleMath.FromRational(new Rational(numerator, denominator));

    [Theory]
    // Lanczos1's residuals (‖r‖² ≈ 1.4e-25) sit at the rounding level of double: it needs the double-double finish.
    // Gauss1's (‖r‖ ≈ 0.02‖y‖) are far above it: its finish runs on the double residuals and must lose nothing.
    [InlineData("Lanczos1", 1)]
    [InlineData("Lanczos1", 2)]
    [InlineData("Gauss1", 1)]
    [InlineData("Gauss1", 2)]
    [InlineData("Lanczos3", 2)]
    public void FinishKeepsTenDigitsWhetherOrNotItNeedsDoubleDouble(string name, int start)
    {
        var problem = NistProblem.Load(Path.Combine(NistNonlinearTests.Directory(), name + ".dat"));
        var fit = problem.Fit(start);
        Assert.Equal(ExitReason.Converged, fit.Exit);
        for (int j = 0; j < problem.CertifiedValues.Count; j++)
            Assert.InRange(NistNonlinearTests.Digits(fit.Parameters[j], problem.CertifiedValues[j]), 9.5, 15);
        // NIST certifies Lanczos1's tiny RSS to about 7 digits.
        Assert.InRange(NistNonlinearTests.Digits(fit.ChiSquared, problem.CertifiedResidualSumOfSquares), 6, 15);
    }

    [Fact]
    public void IntegerPowersAreExact()
    {
        var three = DoubleDoubleMath.PowInt(3, new BigInteger(40));
        var exact = BigInteger.Pow(3, 40);
        Assert.Equal((double)exact, three.ToDouble());
        Assert.Equal((double)(exact - new BigInteger(three.Hi)), three.Lo);
    }

    [Fact]
    public void TimeBudgetStopsALongFitWithItsBestPoint()
    {
        var problem = NistProblem.Load(Path.Combine(NistNonlinearTests.Directory(), "MGH10.dat"));
        var started = DateTime.UtcNow;
        // Levenberg-Marquardt now solves MGH10 in a few milliseconds; ten million fixed steepest-descent steps (a
        // small rate, so χ² falls at first) take far longer than the budget.
        var fit = problem.Fit(1, new FitOptions { Method = FitMethod.SteepestDescent, Rate = 1e-25, Iterations = 10_000_000, TimeBudget = TimeSpan.FromMilliseconds(100) });
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(ExitReason.MaxIterations, fit.Exit);
        Assert.Contains("time budget", fit.Message);
        Assert.True(fit.ChiSquared < fit.Trace[0].ChiSquared);
    }

    [Fact]
    public void DefaultIterationCapSolvesMgh10AndASmallCapIsReportedHonestly()
    {
        var problem = NistProblem.Load(Path.Combine(NistNonlinearTests.Directory(), "MGH10.dat"));
        // MINPACK's lmder needs about 250 iterations from start 1; the trust region with geodesic acceleration takes 78.
        var fit = problem.Fit(1);
        Assert.Equal(ExitReason.Converged, fit.Exit);
        Assert.InRange(fit.Iterations, 1, 1000);
        for (int j = 0; j < 3; j++)
            Assert.Equal(problem.CertifiedValues[j], fit.Parameters[j], 1e-6 * Math.Abs(problem.CertifiedValues[j]));
        var capped = problem.Fit(1, new FitOptions { MaxIterations = 50 });
        Assert.Equal(ExitReason.MaxIterations, capped.Exit);
        Assert.Equal(50, capped.Iterations);
    }
}
