using System.Diagnostics;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

public sealed class RootsExitTests
{
    private static readonly Expr X = Expr.Sym("x");

    [Fact]
    public void CycleOfTheCourseExampleIsDetectedAndNamed()
    {
        // x³ − 2x + 2 from 0: f = 2, f' = −2 → x₁ = 1; f = 1, f' = 1 → x₂ = 0 (by hand).
        var r = Roots.NewtonRaphson(Expr.Pow(X, 3) - 2 * X + 2, 0);
        Assert.Equal(ExitReason.CycleDetected, r.Exit);
        Assert.Equal("cycle-detected", r.Exit.ToJsonName());
        Assert.Contains("cycle 0 → 1 → 0 detected after 2 steps", r.Message);
        Assert.Equal(2, r.Iterations);
        Assert.Equal(new double[] { 0, 1, 0 }, r.Trace.Select(s => s.X));
        Assert.Equal(new double[] { 2, 1, 2 }, r.Trace.Select(s => s.F));
        Assert.Equal(new double[] { 1, -1 }, r.Trace.Take(2).Select(s => s.Step));
        // The cycle attracts: a nearby start falls into it too (detected once iterates repeat to the tolerance).
        Assert.Equal(ExitReason.CycleDetected, Roots.NewtonRaphson(Expr.Pow(X, 3) - 2 * X + 2, 0.05).Exit);
        // From −1 Newton reaches the real root (Cardano, by hand).
        double s = Math.Sqrt(19.0 / 27);
        Assert.Equal(-Math.Cbrt(1 + s) - Math.Cbrt(1 - s), Roots.NewtonRaphson(Expr.Pow(X, 3) - 2 * X + 2, -1).Root, 12);
    }

    [Fact]
    public void StationaryPointIsDerivativeZero()
    {
        var r = Roots.NewtonRaphson(X * X - 1, 0);
        Assert.Equal(ExitReason.DerivativeZero, r.Exit);
        Assert.Contains("f'(0) = 0", r.Message);
        Assert.Equal(0, r.Iterations);
        // The secant method's analogue: a horizontal secant.
        var s = Roots.Secant(X * X - 1, -0.5, 0.5);
        Assert.Equal(ExitReason.DerivativeZero, s.Exit);
        Assert.Contains("horizontal", s.Message);
    }

    [Fact]
    public void ArctangentFromOnePointFiveDiverges()
    {
        // For atan, Newton's map x − atan(x)(1 + x²) pushes |x| outward once |x| > 1.3917 (the 2-cycle point).
        var r = Roots.NewtonRaphson(Expr.Call(MathFunction.Atan, X), 1.5);
        Assert.Equal(ExitReason.Diverged, r.Exit);
        Assert.True(Math.Abs(r.Root) > 1e12);
        for (int n = 1; n < r.Trace.Count; n++)
            Assert.True(Math.Abs(r.Trace[n].X) > Math.Abs(r.Trace[n - 1].X));
        Assert.Contains("divergence limit", r.Message);
    }

    [Fact]
    public void LogarithmLeavingItsDomainIsNonFinite()
    {
        // ln x from 3: x₁ = 3 − 3 ln 3 ≈ −0.2958 < 0, where ln is undefined.
        var r = Roots.NewtonRaphson(Expr.Ln(X), 3);
        Assert.Equal(ExitReason.NonFinite, r.Exit);
        Assert.Equal(3 - 3 * Math.Log(3), r.Root, 14);
        Assert.Contains("left the domain", r.Message);
        Assert.Equal(ExitReason.NonFinite, Roots.Secant(Expr.Ln(X), 3, 2.9).Exit);
    }

    [Fact]
    public void UndefinedStartsAreReported()
    {
        var sqrt = Roots.NewtonRaphson(Expr.Sqrt(X), -1);
        Assert.Equal(ExitReason.UndefinedAtStart, sqrt.Exit);
        Assert.Contains("x = -1", sqrt.Message);
        Assert.Equal(ExitReason.UndefinedAtStart, Roots.NewtonRaphson(1 / X, 0).Exit);
        Assert.Equal(ExitReason.UndefinedAtStart, Roots.Secant(Expr.Ln(X), -1, 1).Exit);
        Assert.Equal(ExitReason.UndefinedAtStart, Roots.Bisection(Expr.Ln(X), -1, 2).Exit);
        Assert.Equal(ExitReason.UndefinedAtStart, Roots.Find(Expr.Ln(X), -1, RootMethod.Bisection).Exit);
        // sqrt(x) − 1 at 0: f is defined but f' = ∞, so no Newton step can be taken.
        Assert.Equal(ExitReason.UndefinedAtStart, Roots.NewtonRaphson(Expr.Sqrt(X) - 1, 0).Exit);
    }

    [Fact]
    public void BisectionNeedsASignChange()
    {
        var r = Roots.Bisection(X * X + 1, -1, 2);
        Assert.Equal(ExitReason.NoSignChange, r.Exit);
        Assert.Equal("no-sign-change", r.Exit.ToJsonName());
        Assert.Contains("same sign", r.Message);
    }

    [Fact]
    public void BisectionDoesNotMistakeAPoleForARoot()
    {
        var r = Roots.Bisection(1 / X, -1, 2);
        Assert.Equal(ExitReason.Diverged, r.Exit);
        Assert.Contains("pole", r.Message);
    }

    [Fact]
    public void SlowNewtonRunsOutOfIterations()
    {
        // x·e^(−x) from 2: xₙ₊₁ = xₙ + xₙ/(xₙ − 1) creeps to +∞ about one unit per step; f → 0 but never a root.
        var r = Roots.NewtonRaphson(X * Expr.Exp(-X), 2, new RootOptions { MaxIterations = 30 });
        Assert.Equal(ExitReason.MaxIterations, r.Exit);
        Assert.Equal(30, r.Iterations);
        Assert.Equal(31, r.Trace.Count);
        Assert.Equal(4, r.Trace[1].X, 14); // 2 + 2/(2 − 1)
        Assert.Equal(ExitReason.MaxIterations, Roots.Bisection(X * X - 2, 1, 2, new RootOptions { MaxIterations = 5 }).Exit);
        Assert.Equal(ExitReason.MaxIterations, Roots.Secant(X * X - 2, 1, 2, new RootOptions { MaxIterations = 2 }).Exit);
    }

    [Fact]
    public void JumpPastANearerRootIsNoted()
    {
        // x³ − x from 0.5 (near the stationary point 1/√3): f = −0.375, f' = −0.25, so x₁ = 0.5 − 1.5 = −1, a root,
        // while 0 and 1 are both nearer to the start.
        var r = Roots.NewtonRaphson(Expr.Pow(X, 3) - X, 0.5);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(-1, r.Root);
        Assert.Contains("nearer root", r.Message);
        Assert.DoesNotContain("nearer root", Roots.NewtonRaphson(X * X - 2, 1).Message);
        // Turned off, the same solve reports the same root with no note and only Newton's own evaluations.
        var quiet = Roots.NewtonRaphson(Expr.Pow(X, 3) - X, 0.5, new RootOptions { DetectSkippedRoots = false });
        Assert.Equal(-1, quiet.Root);
        Assert.DoesNotContain("nearer root", quiet.Message);
        Assert.True(quiet.FunctionEvaluations < r.FunctionEvaluations, $"{quiet.FunctionEvaluations} vs {r.FunctionEvaluations}");
    }

    [Fact]
    public void ProgrammingErrorsThrow()
    {
        var e = Assert.Throws<ArgumentException>(() => Roots.NewtonRaphson(X * Expr.Sym("y") - 1, 1));
        Assert.Contains("x, y", e.Message);
        Assert.Throws<ArgumentException>(() => Roots.Bisection(Expr.Num(3), 0, 1));
        Assert.Throws<ArgumentNullException>(() => Roots.NewtonRaphson((Expr)null!, 1));
        Assert.Throws<ArgumentNullException>(() => Roots.NewtonRaphson(x => x, null!, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Roots.NewtonRaphson(X, 1, new RootOptions { Damping = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Roots.AllRealRoots(X, 0, 1, samples: 1));
        Assert.Throws<ArgumentException>(() => Roots.AllRealRoots(X, 1, 0));
    }

    [Fact]
    public void EveryOneDimensionalExitReasonHasAJsonName()
    {
        ExitReason[] produced =
        [
            ExitReason.Converged, ExitReason.MaxIterations, ExitReason.DerivativeZero, ExitReason.Diverged,
            ExitReason.CycleDetected, ExitReason.NonFinite, ExitReason.UndefinedAtStart, ExitReason.NoSignChange,
        ];
        Assert.Equal(
            ["converged", "max-iterations", "derivative-zero", "diverged", "cycle-detected", "non-finite", "undefined-at-start", "no-sign-change"],
            produced.Select(r => r.ToJsonName()));
    }

    [Fact]
    public void ManyTermsReturnQuickly()
    {
        // x − 1 + Σ sin(kx)/k³ for k = 1…400: a large expression (and derivative) to compile and iterate.
        var f = Expr.Add(Enumerable.Range(1, 400).Select(k => Expr.Sin(k * X) / Expr.Pow(k, 3)).Append(X - 1).ToArray());
        var clock = Stopwatch.StartNew();
        var r = Roots.NewtonRaphson(f, 0.5);
        var all = Roots.AllRealRoots(f, -3, 3, samples: 500);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.NotEmpty(all);
        Assert.True(r.Exit is ExitReason.Converged or ExitReason.MaxIterations or ExitReason.CycleDetected);
        // Independent check of each root: f by direct double arithmetic.
        foreach (var root in all)
        {
            double value = root.X - 1 + Enumerable.Range(1, 400).Sum(k => Math.Sin(k * root.X) / Math.Pow(k, 3));
            Assert.True(Math.Abs(value) < 1e-9, $"f({root.X}) = {value}");
        }
    }
}
