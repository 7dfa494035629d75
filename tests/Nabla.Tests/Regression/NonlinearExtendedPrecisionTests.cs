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
        var scratch = program.NewScratch();
        Gen.Select(Gen.Double[0.1, 3], Gen.Double[0.1, 2], Gen.Double[-2, 2], Gen.Double[0.1, 5]).Sample((b1, b2, b3, x) =>
        {
            double expected = model.Evaluate(("b1", b1), ("b2", b2), ("b3", b3), ("x", x));
            var value = program.Evaluate([b1, b2, b3, x], scratch);
            Assert.Equal(expected, value.ToDouble(), 1e-13 * Math.Max(1, Math.Abs(expected)));
        }, iter: 300);
        // Cancellation that double cannot resolve: (1 + 1e-20) − 1 with the exact pieces.
        var cancel = new DoubleDoubleProgram(Expr.Parse("(a + b) - a"), ["a", "b"]);
        Assert.Equal(1e-20, cancel.Evaluate([1, 1e-20], cancel.NewScratch()).ToDouble(), 1e-35);
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
        // MINPACK's lmder needs about 250 iterations from start 1; the trust-region update brings us to the same.
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
