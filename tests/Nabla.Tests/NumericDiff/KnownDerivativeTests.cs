namespace Nabla.Tests.NumericDiffTests;

/// <summary>Numeric derivatives of functions whose derivatives of every order are known in closed form.</summary>
public sealed class KnownDerivativeTests
{
    /// <summary>A function and its d-th derivative in closed form (the oracle).</summary>
    public sealed record Known(string Name, Func<double, double> F, Func<int, double, double> Derivative, double[] Points)
    {
        public override string ToString() => Name;
    }

    private static readonly Known[] All =
    [
        new("sin", Math.Sin, (d, x) => Math.Sin(x + d * Math.PI / 2), [-2, -0.7, 0.5, 1, 2.5]),
        new("exp", Math.Exp, (_, x) => Math.Exp(x), [-2, -0.7, 0.5, 1, 2.5]),
        new("x^5", x => x * x * x * x * x, (d, x) => FallingFactorial(5, d) * Math.Pow(x, 5 - d), [-2, -0.7, 0.5, 1, 2.5]),
        new("1/x", x => 1 / x, (d, x) => (d % 2 == 0 ? 1 : -1) * FallingFactorial(d, d) / Math.Pow(x, d + 1), [-2, -0.7, 0.5, 1, 2.5]),
        new("atan", Math.Atan, AtanDerivative, [-2, -0.7, 0.5, 1, 2.5]),
    ];

    public static TheoryData<Known> Functions => [.. All];

    private static double FallingFactorial(int n, int k)
    {
        double r = 1;
        for (int i = 0; i < k; i++) r *= n - i;
        return r;
    }

    private static double AtanDerivative(int d, double x)
    {
        double q = 1 + x * x;
        return d switch
        {
            1 => 1 / q,
            2 => -2 * x / (q * q),
            3 => (6 * x * x - 2) / (q * q * q),
            4 => 24 * x * (1 - x * x) / (q * q * q * q),
            _ => throw new ArgumentOutOfRangeException(nameof(d)),
        };
    }

    private static double Relative(double value, double exact) => Math.Abs(value - exact) / Math.Max(Math.Abs(exact), 1e-300);

    /// <summary>Relative error, or absolute where the exact value is below 1 (it may be 0).</summary>
    private static double Scaled(double value, double exact) => Math.Abs(value - exact) / Math.Max(Math.Abs(exact), 1);

    [Theory]
    [MemberData(nameof(Functions))]
    public void CentralDifferenceIsAccurateToOnePartInABillion(Known f)
    {
        foreach (var x in f.Points)
        {
            var r = NumericDiff.Central(f.F, x);
            double exact = f.Derivative(1, x);
            Assert.True(Relative(r.Value, exact) < 1e-9, $"{f.Name}'({x}) = {exact:R}, central gave {r.Value:R}");
            Assert.True(Math.Abs(r.Value - exact) <= 10 * r.ErrorEstimate, $"{f.Name} at {x}: estimate {r.ErrorEstimate:G3} too small");
            Assert.Equal(NumericMethod.Central, r.Method);
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void OneSidedDifferencesAreAccurateToAboutTheSquareRootOfEpsilon(Known f)
    {
        foreach (var x in f.Points)
        {
            double exact = f.Derivative(1, x);
            var forward = NumericDiff.Forward(f.F, x);
            var backward = NumericDiff.Backward(f.F, x);
            Assert.True(Relative(forward.Value, exact) < 1e-6, $"{f.Name} at {x}: forward {forward.Value:R}");
            Assert.True(Relative(backward.Value, exact) < 1e-6, $"{f.Name} at {x}: backward {backward.Value:R}");
            // Truncation error ≈ ±h·f″/2: the two one-sided formulas err on opposite sides, so their mean is better.
            Assert.True(Relative((forward.Value + backward.Value) / 2, exact) < 1e-7);
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void RichardsonReachesOnePartInATrillion(Known f)
    {
        foreach (var x in f.Points)
        {
            var r = NumericDiff.Richardson(f.F, x);
            double exact = f.Derivative(1, x);
            Assert.True(Relative(r.Value, exact) < 1e-12, $"{f.Name}'({x}) = {exact:R}, Richardson gave {r.Value:R} (±{r.ErrorEstimate:G3})");
            Assert.True(Math.Abs(r.Value - exact) <= 10 * r.ErrorEstimate);
            Assert.True(r.AccuracyOrder >= 4, "the tableau extrapolated at least once");
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void HigherDerivativesMatchTheClosedForms(Known f)
    {
        // Round-off grows like ε/hᵈ, so each order loses digits. The wide order-8 stencil's automatic step scales with
        // max(|x|, 1), so near the pole of 1/x (closer than 1) it reaches across much of the gap: checked only at |x| ≥ 1.
        double[] richardsonTolerance = [0, 0, 1e-9, 1e-7, 1e-6];
        double[] stencilTolerance = [0, 0, 1e-7, 1e-6, 1e-5];
        foreach (var x in f.Points)
        {
            for (int d = 2; d <= 4; d++)
            {
                double exact = f.Derivative(d, x);
                var richardson = NumericDiff.Richardson(f.F, x, d);
                var stencil = NumericDiff.Stencil(f.F, x, d, 8);
                var five = NumericDiff.Stencil(f.F, x, d, d <= 2 ? 4 : 2);
                Assert.True(Scaled(richardson.Value, exact) < richardsonTolerance[d],
                    $"{f.Name} d={d} at {x}: exact {exact:R}, Richardson gave {richardson.Value:R}");
                bool nearPole = f.Name == "1/x" && Math.Abs(x) < 1;
                Assert.True(nearPole || Scaled(stencil.Value, exact) < stencilTolerance[d],
                    $"{f.Name} d={d} at {x}: exact {exact:R}, the order-8 stencil gave {stencil.Value:R}");
                foreach (var r in new[] { richardson, stencil })
                {
                    Assert.True(Math.Abs(r.Value - exact) <= 10 * r.ErrorEstimate,
                        $"{f.Name} d={d} at {x}: {r.Method} error {Math.Abs(r.Value - exact):G3} > 10 × {r.ErrorEstimate:G3}");
                    Assert.Equal(d, r.DerivativeOrder);
                }
                Assert.Equal(NumericMethod.Stencil5, five.Method);
                Assert.True(Scaled(five.Value, exact) < 1e-3 * d, $"{f.Name} d={d} at {x}: five-point gave {five.Value:R}");
            }
        }
    }

    /// <summary>On a fixed sequence of steps h, h/2, h/4 the error of an order-p stencil falls by about 2ᵖ per halving.</summary>
    [Theory]
    [InlineData(1, 2, 0.125)]
    [InlineData(1, 4, 0.25)]
    [InlineData(1, 6, 0.25)]
    [InlineData(1, 8, 0.25)]
    [InlineData(2, 2, 0.125)]
    [InlineData(2, 4, 0.25)]
    [InlineData(2, 6, 0.25)]
    [InlineData(2, 8, 0.5)]
    [InlineData(3, 4, 0.25)]
    [InlineData(4, 2, 0.125)]
    public void StencilErrorsFallAtTheirOrder(int d, int p, double h)
    {
        foreach (var (f, x) in new (Known, double)[] { (All[0], 1.0), (All[1], 0.5), (All[4], 2.5) })
        {
            double exact = f.Derivative(d, x);
            double[] errors = new double[3];
            for (int i = 0; i < 3; i++)
                errors[i] = Math.Abs(NumericDiff.Stencil(f.F, x, d, p, h / (1 << i)).Value - exact);
            double observed = Math.Log2(errors[1] / errors[2]);
            Assert.True(Math.Abs(observed - p) < 0.5,
                $"{f.Name} d={d} p={p}: errors {string.Join(", ", errors.Select(e => e.ToString("G3")))}, observed order {observed:F2}");
        }
    }

    [Fact]
    public void TheAutomaticStepIsTheClassicalOptimumRoundedToAPowerOfTwo()
    {
        double eps = Math.Pow(2, -52);
        foreach (double x in new[] { 0.0, 1, -3, 1000, 1e-5 })
        {
            double scale = Math.Max(Math.Abs(x), 1);
            var central = NumericDiff.Central(Math.Sin, x);
            var forward = NumericDiff.Forward(Math.Sin, x);
            var five = NumericDiff.Stencil(Math.Sin, x, 1, 4);
            AssertNear(central.Step, Math.Cbrt(eps) * scale);
            AssertNear(forward.Step, Math.Sqrt(eps) * scale);
            AssertNear(five.Step, Math.Pow(eps, 1.0 / 5) * scale);
            foreach (var r in new[] { central, forward, five })
            {
                Assert.Equal(r.Step, x + r.Step - x);
                // A power of two, unless x has low-order bits that x + h had to round away.
                if (x == Math.Round(x)) Assert.Equal(r.Step, Math.ScaleB(1, Math.ILogB(r.Step)));
            }
        }

        static void AssertNear(double step, double classical) =>
            Assert.InRange(step / classical, 1 / Math.Sqrt(2) - 1e-12, Math.Sqrt(2) + 1e-12);
    }

    [Fact]
    public void AGivenStepIsReplacedByTheRunThatIsActuallyTaken()
    {
        var rng = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            double x = rng.NextDouble() * 20 - 10;
            double step = Math.Pow(10, -rng.Next(1, 9)) * (1 + rng.NextDouble());
            foreach (var r in new[] { NumericDiff.Central(Math.Exp, x, step), NumericDiff.Forward(Math.Exp, x, step), NumericDiff.Backward(Math.Exp, x, step) })
            {
                Assert.Equal(r.Step, x + r.Step - x);
                Assert.InRange(r.Step / step, 1 - 1e-6, 1 + 1e-6);
            }
        }
    }

    [Fact]
    public void EvaluationsCountsEveryCallOfF()
    {
        int calls = 0;
        double F(double t) { calls++; return Math.Sin(t); }
        foreach (var run in new Func<NumericDerivative>[]
        {
            () => NumericDiff.Forward(F, 1), () => NumericDiff.Backward(F, 1), () => NumericDiff.Central(F, 1),
            () => NumericDiff.Stencil(F, 1, 2, 6), () => NumericDiff.Richardson(F, 1), () => NumericDiff.Richardson(F, 1, 3),
        })
        {
            calls = 0;
            var r = run();
            Assert.Equal(calls, r.Evaluations);
        }
        // f(x) once, then both steps of each formula; the centre is shared and zero weights are skipped.
        calls = 0;
        Assert.Equal(5, NumericDiff.Central(F, 1).Evaluations);
        Assert.Equal(3, NumericDiff.Forward(F, 1).Evaluations);
        Assert.Equal(9, NumericDiff.Stencil(F, 1, 1, 4).Evaluations);
        Assert.Equal(9, NumericDiff.Stencil(F, 1, 2, 4).Evaluations);
    }

    [Fact]
    public void OneSidedFormulasSampleOnlyTheirSide()
    {
        // Defined only for t ≤ 1: the backward difference works at the edge, forward and central report the gap.
        static double F(double t) => Math.Sqrt(1 - t) + t;
        var backward = NumericDiff.Backward(F, 0.5);
        Assert.True(Math.Abs(backward.Value - (1 - 0.5 / Math.Sqrt(0.5))) < 1e-6);
        Assert.Equal(NumericMethod.Backward, backward.Method);
        Assert.True(double.IsFinite(NumericDiff.Backward(t => t <= 1 ? t * t : double.NaN, 1).Value));
        var ex = Assert.Throws<ArgumentException>(() => NumericDiff.Forward(t => t <= 1 ? t * t : double.NaN, 1));
        Assert.Contains("x + h", ex.Message);
    }

    [Fact]
    public void RichardsonShrinksItsAutomaticFirstStepToStayInsideTheDomain()
    {
        // ln near 0: the default first step (1/8) would sample ln at negative numbers.
        var r = NumericDiff.Richardson(Math.Log, 0.01);
        Assert.True(Relative(r.Value, 100) < 1e-10, $"gave {r.Value:R}");
        // 1/x near its pole: early rows straddle the pole, and the tableau must not stop on them.
        var pole = NumericDiff.Richardson(t => 1 / t, 0.05);
        Assert.True(Relative(pole.Value, -400) < 1e-10, $"gave {pole.Value:R}");
    }

    [Fact]
    public void PolynomialsOfLowDegreeAreDifferentiatedExactlyUpToRoundOff()
    {
        // The central stencil of accuracy 2 is exact for cubics; Richardson stops as soon as the tableau agrees.
        static double Cubic(double t) => 2 * t * t * t - t + 4;
        var r = NumericDiff.Richardson(Cubic, 1.5);
        Assert.True(Math.Abs(r.Value - (6 * 2.25 - 1)) <= Math.Max(r.ErrorEstimate, 1e-13));
        Assert.True(r.ErrorEstimate < 1e-10);
        Assert.Equal(12, NumericDiff.Stencil(Cubic, 1, 3, 2, 0.5).Value, 12);
    }
}
