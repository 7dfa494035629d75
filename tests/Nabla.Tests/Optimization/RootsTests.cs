using CsCheck;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

public sealed class RootsTests
{
    private static readonly Expr X = Expr.Sym("x");

    /// <summary>∏(x − rᵢ) for roots rᵢ = kᵢ/2: the roots are known by construction.</summary>
    private static Expr FromRoots(IEnumerable<int> halves) =>
        halves.Aggregate((Expr)1, (p, k) => p * (X - Expr.Num(k, 2)));

    /// <summary>Distinct half-integer roots in [−5, 5] (as numerators k of k/2).</summary>
    private static readonly Gen<int[]> DistinctHalves =
        Gen.Int[-10, 10].Array[2, 5].Where(a => a.Distinct().Count() == a.Length);

    [Fact]
    public void NewtonFindsSquareRootOfTwo()
    {
        var r = Roots.NewtonRaphson(X * X - 2, 1);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.True(r.Converged);
        Assert.Equal("newton", r.Method);
        Assert.Equal(Math.Sqrt(2), r.Root, 15);
        Assert.Equal(0, r.Trace[0].Iteration);
        Assert.Equal(1, r.Trace[0].X);
        Assert.Equal(-1, r.Trace[0].F);
        Assert.Equal(2, r.Trace[0].Derivative);
        Assert.Equal(0.5, r.Trace[0].Step); // x₁ = 1 − (−1)/2 = 1.5
        Assert.Equal(r.Iterations, r.Trace[^1].Iteration);
        Assert.True(r.Iterations is >= 4 and <= 7, $"{r.Iterations} iterations");
    }

    [Fact]
    public void NewtonMatchesCubeRoots()
    {
        Gen.Select(Gen.Int[1, 100_000], Gen.Int[1, 100]).Sample((p, q) =>
        {
            double a = (double)p / q;
            // x³ − a is convex for x > 0, so Newton from the right of the root decreases monotonically onto it.
            var r = Roots.NewtonRaphson(Expr.Pow(X, 3) - Expr.Num(p, q), Math.Max(1, a), new RootOptions { MaxIterations = 200 });
            Assert.Equal(ExitReason.Converged, r.Exit);
            Assert.True(Math.Abs(r.Root - Math.Cbrt(a)) <= 1e-13 * Math.Cbrt(a), $"{r.Root} vs ∛{a} = {Math.Cbrt(a)}");
        }, iter: 200);
    }

    [Fact]
    public void NewtonFindsEachKnownRootOfAPolynomialFromNearby()
    {
        DistinctHalves.Sample(halves =>
        {
            var f = FromRoots(halves);
            foreach (var k in halves)
            {
                double root = k / 2.0, start = root + 0.1; // roots are ≥ 0.5 apart, so the nearest root attracts
                var r = Roots.NewtonRaphson(f, start);
                Assert.Equal(ExitReason.Converged, r.Exit);
                Assert.True(Math.Abs(r.Root - root) <= 1e-10, $"{f}: {r.Root} vs {root}");
            }
        }, iter: 60);
    }

    [Fact]
    public void NewtonConvergesQuadraticallyWithTheTheoreticalConstant()
    {
        // f = eˣ − 2, root ln 2: e_{n+1}/e_n² → |f''/(2f')| = 1/2 at the root.
        var r = Roots.NewtonRaphson(Expr.Exp(X) - 2, 2);
        Assert.Equal(ExitReason.Converged, r.Exit);
        double root = Math.Log(2);
        int checkedRows = 0;
        for (int n = 0; n + 1 < r.Trace.Count; n++)
        {
            double e = Math.Abs(r.Trace[n].X - root), eNext = Math.Abs(r.Trace[n + 1].X - root);
            if (e > 1e-2 || e < 1e-6) continue;
            Assert.InRange(eNext / (e * e), 0.4, 0.6);
            checkedRows++;
        }
        Assert.True(checkedRows >= 1);
    }

    [Fact]
    public void BisectionHalvesTheBracketAndKeepsTheRootInside()
    {
        var r = Roots.Bisection(X * X - 2, 1, 2);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal("bisection", r.Method);
        Assert.Equal(Math.Sqrt(2), r.Root, 11);
        Assert.Equal(0.5, r.Trace[0].Step);
        Assert.Equal(1.5, r.Trace[0].X);
        for (int n = 0; n < r.Trace.Count; n++)
        {
            Assert.True(double.IsNaN(r.Trace[n].Derivative));
            Assert.True(Math.Abs(r.Trace[n].X - Math.Sqrt(2)) <= r.Trace[n].Step, $"row {n}");
            if (n > 0) Assert.Equal(r.Trace[n - 1].Step / 2, r.Trace[n].Step);
        }
    }

    [Fact]
    public void BisectionAgreesWithKnownPolynomialRoots()
    {
        DistinctHalves.Sample(halves =>
        {
            var f = FromRoots(halves);
            var sorted = halves.Order().Select(k => k / 2.0).ToArray();
            // A bracket around one root only: halfway to its neighbours.
            for (int i = 0; i < sorted.Length; i++)
            {
                double lo = i == 0 ? sorted[i] - 1 : (sorted[i - 1] + sorted[i]) / 2;
                double hi = i == sorted.Length - 1 ? sorted[i] + 1 : (sorted[i] + sorted[i + 1]) / 2;
                var r = Roots.Bisection(f, lo, hi);
                Assert.Equal(ExitReason.Converged, r.Exit);
                Assert.True(Math.Abs(r.Root - sorted[i]) <= 1e-11, $"{f} on [{lo}, {hi}]: {r.Root} vs {sorted[i]}");
            }
        }, iter: 60);
    }

    [Fact]
    public void SecantConvergesWithOrderNearTheGoldenRatio()
    {
        var r = Roots.Secant(Expr.Exp(X) - 2, 2, 1.9);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal("secant", r.Method);
        double root = Math.Log(2);
        Assert.Equal(root, r.Root, 14);
        var errors = r.Trace.Select(s => Math.Abs(s.X - root)).ToArray();
        var orders = new List<double>();
        for (int n = 1; n + 1 < errors.Length; n++)
            if (errors[n + 1] > 1e-13 && errors[n] < 1e-2)
                orders.Add(Math.Log(errors[n + 1] / errors[n]) / Math.Log(errors[n] / errors[n - 1]));
        Assert.NotEmpty(orders);
        Assert.InRange(orders[^1], 1.45, 1.8);
        // The slope column is the secant through the last two iterates.
        for (int n = 1; n < r.Trace.Count - 1; n++)
        {
            double expected = (r.Trace[n].F - r.Trace[n - 1].F) / (r.Trace[n].X - r.Trace[n - 1].X);
            Assert.Equal(expected, r.Trace[n].Derivative, 12);
        }
    }

    [Fact]
    public void DerivativeSourcesAgreeOnTheDottieNumber()
    {
        // cos x = x has the single root 0.739085133215160641655… (the Dottie number).
        const double dottie = 0.7390851332151607;
        foreach (var source in Enum.GetValues<DerivativeSource>())
        {
            var r = Roots.NewtonRaphson(Expr.Cos(X) - X, 1, new RootOptions { Derivative = source });
            Assert.Equal(ExitReason.Converged, r.Exit);
            Assert.Equal(dottie, r.Root, 14);
        }
        var delegates = Roots.NewtonRaphson(x => Math.Cos(x) - x, x => -Math.Sin(x) - 1, 1);
        Assert.Equal(dottie, delegates.Root, 14);
    }

    [Fact]
    public void FunctionEvaluationsAreCountedHonestly()
    {
        int calls = 0;
        var r = Roots.NewtonRaphson(x => { calls++; return x * x * x - 5; }, x => 3 * x * x, 2);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(calls, r.FunctionEvaluations);
        calls = 0;
        var s = Roots.Secant(x => { calls++; return x * x * x - 5; }, 2, 1.5);
        Assert.Equal(calls, s.FunctionEvaluations);
        calls = 0;
        var b = Roots.Bisection(x => { calls++; return x * x * x - 5; }, 0, 3);
        Assert.Equal(calls, b.FunctionEvaluations);
    }

    [Fact]
    public void TraceCanBeSwitchedOff()
    {
        var r = Roots.NewtonRaphson(X * X - 2, 1, new RootOptions { RecordTrace = false });
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Empty(r.Trace);
        Assert.True(r.Iterations > 0);
    }

    [Fact]
    public void FindRunsEachMethodFromOneStart()
    {
        var f = X * X - 2;
        foreach (var method in Enum.GetValues<RootMethod>())
        {
            var r = Roots.Find(f, 1, method);
            Assert.Equal(ExitReason.Converged, r.Exit);
            Assert.Equal(Math.Sqrt(2), r.Root, 10);
        }
        // Bisection expands outward from 1 to a bracket; secant starts at (1, 1.0001).
        var secant = Roots.Find(f, 1, RootMethod.Secant);
        Assert.Equal(1, secant.Trace[0].X);
        Assert.Equal(1e-4, secant.Trace[0].Step, 15);
        var bisection = Roots.Find(f, 1, RootMethod.Bisection);
        Assert.Contains("doubling outward", bisection.Message);
        Assert.Equal(ExitReason.NoSignChange, Roots.Find(X * X + 1, 0, RootMethod.Bisection).Exit);
        // A negative start brackets the negative root.
        Assert.Equal(-Math.Sqrt(2), Roots.Find(f, -3, RootMethod.Bisection).Root, 10);
    }

    [Fact]
    public void DampingShortensEveryNewtonStep()
    {
        var options = new RootOptions { Damping = 0.5 };
        var r = Roots.NewtonRaphson(X * X - 2, 1, options);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(Math.Sqrt(2), r.Root, 11);
        foreach (var row in r.Trace.Take(r.Trace.Count - 1))
            Assert.Equal(-0.5 * row.F / row.Derivative, row.Step, 14);
        // Damping is linear convergence (error halves): more steps than the plain method.
        Assert.True(r.Iterations > Roots.NewtonRaphson(X * X - 2, 1).Iterations);
    }

    [Fact]
    public void DampingBreaksTheCycleOfTheCourseExample()
    {
        // x³ − 2x + 2 has one real root; by hand −∛(1 + √(19/27)) − ∛(1 − √(19/27)) (Cardano).
        double s = Math.Sqrt(19.0 / 27);
        double root = -Math.Cbrt(1 + s) - Math.Cbrt(1 - s);
        var r = Roots.NewtonRaphson(Expr.Pow(X, 3) - 2 * X + 2, 0, new RootOptions { Damping = 0.5, MaxIterations = 500 });
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(root, r.Root, 10);
    }
}
