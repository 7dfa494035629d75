using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

public sealed class LagrangeTests
{
    private static Expr P(string s) => Expr.Parse(s);

    [Fact]
    public void XyOnTheUnitCircleHasTwoMaximaAndTwoMinima()
    {
        var r = Optimize.Lagrange(P("x*y"), [P("x^2 + y^2 - 1")]);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(4, r.Points.Count);
        Assert.Equal(["lambda"], r.MultiplierNames);
        double s = 1 / Math.Sqrt(2);
        foreach (var p in r.Points)
        {
            Assert.Equal(s, Math.Abs(p.X[0]), 9);
            Assert.Equal(s, Math.Abs(p.X[1]), 9);
            bool sameSign = Math.Sign(p.X[0]) == Math.Sign(p.X[1]);
            // Independent: on x = cos t, y = sin t, f = sin(2t)/2 peaks where x and y share a sign.
            Assert.Equal(sameSign ? ConstrainedPointKind.Maximum : ConstrainedPointKind.Minimum, p.Kind);
            Assert.Equal(sameSign ? 0.5 : -0.5, p.Value, 12);
            // ∇f = λ∇g: (y, x) = λ(2x, 2y), so λ = y / (2x) = ±1/2.
            Assert.Equal(p.X[1] / (2 * p.X[0]), p.Multipliers[0], 9);
        }
        Assert.Equal(2, r.Points.Count(p => p.Kind == ConstrainedPointKind.Maximum));
        Assert.Equal(-0.5, r.GlobalMin!.Value, 12);
        Assert.Equal(0.5, r.GlobalMax!.Value, 12);
        Assert.Contains("bordered Hessian determinant", r.Points[0].Reason);
        Assert.Equal("min", r.GlobalMin.Kind.ToJsonName());
        Assert.Equal("max", r.GlobalMax.Kind.ToJsonName());
    }

    [Fact]
    public void CourseProblemFindsEveryStationaryPointOfTheEllipse()
    {
        var f = P("exp(-(2*x^2 + y^2 - x*y)/2)");
        var r = Optimize.Lagrange(f, [P("x^2 + 3*(y + 1)^2 - 1")]);
        Assert.Equal(ExitReason.Converged, r.Exit);

        // Independent: x = cos t, y = −1 + sin t/√3 traces the ellipse; f = exp(−q/2) with q = 2x² + y² − xy, so f'(t) = 0
        // exactly where q'(t) = 0. Sample q' densely and bisect every sign change.
        double Q(double t) { double x = Math.Cos(t), y = -1 + Math.Sin(t) / Math.Sqrt(3); return 2 * x * x + y * y - x * y; }
        double DQ(double t)
        {
            double x = Math.Cos(t), y = -1 + Math.Sin(t) / Math.Sqrt(3), dx = -Math.Sin(t), dy = Math.Cos(t) / Math.Sqrt(3);
            return (4 * x - y) * dx + (2 * y - x) * dy;
        }
        var critical = new List<double>();
        const int samples = 20000;
        for (int i = 0; i < samples; i++)
        {
            double a = 2 * Math.PI * i / samples, b = 2 * Math.PI * (i + 1) / samples;
            if (Math.Sign(DQ(a)) == Math.Sign(DQ(b))) continue;
            for (int k = 0; k < 100; k++) { double m = (a + b) / 2; if (Math.Sign(DQ(m)) == Math.Sign(DQ(a))) a = m; else b = m; }
            critical.Add((a + b) / 2);
        }
        Assert.True(critical.Count >= 2);
        Assert.Equal(critical.Count, r.Points.Count);
        foreach (double t in critical)
        {
            double x = Math.Cos(t), y = -1 + Math.Sin(t) / Math.Sqrt(3);
            var match = r.Points.Single(p => Math.Abs(p.X[0] - x) < 1e-6 && Math.Abs(p.X[1] - y) < 1e-6);
            Assert.Equal(Math.Exp(-Q(t) / 2), match.Value, 10);
            // f along the ellipse: a minimum of f(t) is a constrained minimum.
            double h = 1e-3, ft = Math.Exp(-Q(t) / 2), side = Math.Min(Math.Exp(-Q(t - h) / 2), Math.Exp(-Q(t + h) / 2));
            var expected = side > ft ? ConstrainedPointKind.Minimum : ConstrainedPointKind.Maximum;
            Assert.Equal(expected, match.Kind);
        }
        double tMin = critical.MinBy(t => Math.Exp(-Q(t) / 2));
        Assert.Equal(Math.Cos(tMin), r.GlobalMin!.X[0], 6);
        Assert.Equal(-1 + Math.Sin(tMin) / Math.Sqrt(3), r.GlobalMin.X[1], 6);
        Assert.Equal(ConstrainedPointKind.Minimum, r.GlobalMin.Kind);
    }

    [Fact]
    public void SumOnSphereCutByAPlaneHasClosedFormExtremes()
    {
        // x + y + z on x² + y² + z² = 1 and x = y: with y = x the set is 2x² + z² = 1 and f = 2x + z; ∇f = μ∇g gives
        // x = z, so the extremes are ±(1, 1, 1)/√3 with f = ±√3.
        var r = Optimize.Lagrange(P("x + y + z"), [P("x^2 + y^2 + z^2 - 1"), P("x - y")]);
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(["lambda1", "lambda2"], r.MultiplierNames);
        Assert.Equal(2, r.Points.Count);
        double c = 1 / Math.Sqrt(3);
        Assert.Equal(-Math.Sqrt(3), r.GlobalMin!.Value, 10);
        Assert.Equal(Math.Sqrt(3), r.GlobalMax!.Value, 10);
        foreach (var v in r.GlobalMax.X) Assert.Equal(c, v, 9);
        foreach (var v in r.GlobalMin.X) Assert.Equal(-c, v, 9);
        Assert.Equal(ConstrainedPointKind.Maximum, r.GlobalMax.Kind);
        Assert.Equal(ConstrainedPointKind.Minimum, r.GlobalMin.Kind);
        // ∇f = λ₁∇g₁ + λ₂∇g₂: (1, 1, 1) = λ₁·2(x, y, z) + λ₂(1, −1, 0); the z-row gives λ₁ = 1/(2z), the x-row λ₂ = 1 − 2λ₁x = 0.
        Assert.Equal(1 / (2 * c), r.GlobalMax.Multipliers[0], 8);
        Assert.Equal(0, r.GlobalMax.Multipliers[1], 8);
    }

    [Fact]
    public void SaddleOnTheConstraintSetIsClassified()
    {
        // On the plane z = 0, x² − y² rises along x and falls along y.
        var r = Optimize.Lagrange(P("x^2 - y^2 + z"), [P("z")], options: new LagrangeOptions { Starts = 20 });
        Assert.Single(r.Points);
        Assert.Equal(ConstrainedPointKind.Saddle, r.Points[0].Kind);
        Assert.Equal("saddle", r.Points[0].Kind.ToJsonName());
        Assert.Equal(1, r.Points[0].Multipliers[0], 9);
    }

    [Fact]
    public void InfeasibleConstraintIsReportedWithTheBox()
    {
        var r = Optimize.Lagrange(P("x + y"), [P("x^2 + y^2 + 1")], options: new LagrangeOptions { Starts = 30 });
        Assert.Equal(ExitReason.Infeasible, r.Exit);
        Assert.Empty(r.Points);
        Assert.Null(r.GlobalMin);
        Assert.Null(r.GlobalMax);
        Assert.Contains("box", r.Message);
        Assert.Contains("[-10, 10]", r.Message);
        Assert.Equal(30, r.Starts);
    }

    [Fact]
    public void SingleStartFromAGivenPoint()
    {
        var r = Optimize.Lagrange(P("x*y"), [P("x^2 + y^2 - 1")],
            from: new Dictionary<string, double> { ["x"] = 0.8, ["y"] = 0.5, ["lambda"] = 0.4 });
        Assert.Equal(1, r.Starts);
        var p = Assert.Single(r.Points);
        Assert.Equal(1 / Math.Sqrt(2), p.X[0], 9);
        Assert.Equal(ConstrainedPointKind.Maximum, p.Kind);
        Assert.Equal(0.5, p.Multipliers[0], 9);
    }

    [Fact]
    public void BoxRestrictsThePoints()
    {
        var r = Optimize.Lagrange(P("x*y"), [P("x^2 + y^2 - 1")],
            options: new LagrangeOptions { Box = [(0, 2), (0, 2)], Starts = 50 });
        var p = Assert.Single(r.Points);
        Assert.True(p.X[0] > 0 && p.X[1] > 0);
        Assert.Contains("x ∈ [0, 2]", r.Message);
    }

    [Fact]
    public void SameSeedSameAnswer()
    {
        var a = Optimize.Lagrange(P("x^3 + y"), [P("x^2 + y^2 - 4")], options: new LagrangeOptions { Seed = 3 });
        var b = Optimize.Lagrange(P("x^3 + y"), [P("x^2 + y^2 - 4")], options: new LagrangeOptions { Seed = 3 });
        Assert.Equal(a.Points.Select(p => p.X[0]), b.Points.Select(p => p.X[0]));
        // Every point satisfies ∇f = λ∇g and g = 0 (checked from the formulas, not the solver).
        foreach (var p in a.Points)
        {
            double x = p.X[0], y = p.X[1], l = p.Multipliers[0];
            Assert.Equal(0, x * x + y * y - 4, 9);
            Assert.Equal(3 * x * x, l * 2 * x, 8);
            Assert.Equal(1, l * 2 * y, 8);
        }
    }

    [Fact]
    public void BadInputThrowsNamingTheProblem()
    {
        var f = P("x*y");
        var g = new[] { P("x^2 + y^2 - 1") };
        Assert.Throws<ArgumentException>(() => Optimize.Lagrange(f, []));
        var stray = Assert.Throws<ArgumentException>(() => Optimize.Lagrange(P("x*y + a"), g, ["x", "y"]));
        Assert.Contains("a", stray.Message);
        var unknown = Assert.Throws<ArgumentException>(() => Optimize.Lagrange(f, g, from: new Dictionary<string, double> { ["x"] = 1, ["y"] = 1, ["mu"] = 1 }));
        Assert.Contains("mu", unknown.Message);
        Assert.Throws<ArgumentException>(() => Optimize.Lagrange(P("lambda*x"), [P("x - 1")]));
        Assert.Throws<ArgumentException>(() => Optimize.Lagrange(f, g, options: new LagrangeOptions { Box = [(0, 1)] }));
    }
    [Fact]
    public void AsManyConstraintsAsVariablesLeavesTheKindUnknown()
    {
        var r = Optimize.Lagrange(P("x + y"), [P("x - 1"), P("y - 2")], options: new LagrangeOptions { Starts = 10 });
        var p = Assert.Single(r.Points);
        Assert.Equal(1, p.X[0], 12);
        Assert.Equal(2, p.X[1], 12);
        Assert.Equal(ConstrainedPointKind.Unknown, p.Kind);
        Assert.Equal("unknown", p.Kind.ToJsonName());
        // ∇f = λ₁∇g₁ + λ₂∇g₂: (1, 1) = (λ₁, λ₂).
        Assert.Equal(1, p.Multipliers[0], 12);
        Assert.Equal(1, p.Multipliers[1], 12);
    }

    [Fact]
    public void TimeBudgetStopsTheSearchAndSaysSo()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var r = Optimize.Lagrange(P("exp(-(2*x^2 + y^2 - x*y)/2)"), [P("x^2 + 3*(y + 1)^2 - 1")],
            options: new LagrangeOptions { Starts = 10_000_000, TimeBudget = TimeSpan.FromMilliseconds(200) });
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
        Assert.False(r.Complete);
        Assert.True(r.Starts < 10_000_000);
        Assert.Contains("time budget", r.Message);
    }
}
