using CsCheck;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

public sealed class SystemRootsTests
{
    private static Expr P(string s) => Expr.Parse(s);

    private static Dictionary<string, double> At(params (string Name, double Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void CircleMeetsLineAtBothIntersections()
    {
        var equations = new[] { P("x^2 + y^2 - 4"), P("x - y") };
        var upper = Roots.NewtonSystem(equations, At(("x", 1), ("y", 2)));
        Assert.Equal(ExitReason.Converged, upper.Exit);
        Assert.Equal(["x", "y"], upper.Variables);
        Assert.Equal(Math.Sqrt(2), upper.X[0], 12);
        Assert.Equal(Math.Sqrt(2), upper.X[1], 12);
        Assert.True(upper.ResidualNorm < 1e-12);

        var lower = Roots.NewtonSystem(equations, At(("x", -1), ("y", -3)));
        Assert.True(lower.Converged);
        Assert.Equal(-Math.Sqrt(2), lower.X[0], 12);
        Assert.Equal(-Math.Sqrt(2), lower.X[1], 12);
        Assert.Equal(lower.Iterations + 1, lower.Trace.Count);
        Assert.Equal(0, lower.Trace[0].Iteration);
        Assert.Equal(-1, lower.Trace[0].X[0]);
    }

    [Fact]
    public void RandomLinearSystemsMatchMathNetSolve()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 2 + trial % 4;
            var a = Matrix<double>.Build.Dense(n, n, (_, _) => random.Next(-9, 10));
            a += Matrix<double>.Build.DenseIdentity(n) * 20; // diagonally dominant: certainly invertible
            var b = Vector<double>.Build.Dense(n, _ => random.Next(-9, 10));
            var names = Enumerable.Range(1, n).Select(i => $"x{i}").ToArray();
            var equations = Enumerable.Range(0, n).Select(i =>
                Expr.Add([.. Enumerable.Range(0, n).Select(j => Expr.Num((long)a[i, j]) * Expr.Sym(names[j])), Expr.Num(-(long)b[i])])).ToArray();
            var expected = a.Solve(b);
            var r = Roots.NewtonSystem(equations, names.ToDictionary(v => v, _ => 0.0));
            Assert.Equal(ExitReason.Converged, r.Exit);
            Assert.True(r.Iterations <= 2, $"a linear system needs one Newton step (plus one to confirm), took {r.Iterations}");
            for (int i = 0; i < n; i++) Assert.Equal(expected[i], r.X[i], 10);
        }
    }

    [Fact]
    public void ThreeVariablePolynomialSystemFindsTheBuiltInRoot()
    {
        // Built so that (1, −2, 3) is a root: 1 + 4 + 9 = 14, 1·(−2) + 3 = 1, 1 + (−2)(3) + 5 = 0.
        var equations = new[] { P("x^2 + y^2 + z^2 - 14"), P("x*y + z - 1"), P("x + y*z + 5") };
        var r = Roots.NewtonSystem(equations, At(("x", 1.2), ("y", -1.8), ("z", 2.7)));
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1, r.X[0], 10);
        Assert.Equal(-2, r.X[1], 10);
        Assert.Equal(3, r.X[2], 10);
        foreach (var v in r.Residual) Assert.True(Math.Abs(v) < 1e-10);
    }

    [Fact]
    public void ConvergenceIsQuadratic()
    {
        var r = Roots.NewtonSystem([P("x^2 + y^2 - 4"), P("x - y")], At(("x", 3), ("y", 1)));
        Assert.True(r.Converged);
        double root = Math.Sqrt(2);
        var errors = r.Trace.Select(s => Math.Max(Math.Abs(s.X[0] - root), Math.Abs(s.X[1] - root))).ToArray();
        int checkedSteps = 0;
        for (int k = 0; k + 1 < errors.Length; k++)
        {
            if (errors[k] > 0.1 || errors[k + 1] < 1e-13) continue;
            Assert.True(errors[k + 1] <= 2 * errors[k] * errors[k], $"e{k + 1} = {errors[k + 1]} vs e{k}² = {errors[k] * errors[k]}");
            checkedSteps++;
        }
        Assert.True(checkedSteps >= 2);
    }

    [Fact]
    public void SingularJacobianIsReported()
    {
        // J = [[2x, 0], [0, 1]] = [[0, 0], [0, 1]] at (0, 1).
        var r = Roots.NewtonSystem([P("x^2"), P("y")], At(("x", 0), ("y", 1)));
        Assert.Equal(ExitReason.SingularJacobian, r.Exit);
        Assert.Equal(0, r.Iterations);
        Assert.Contains("singular", r.Message);
    }

    [Fact]
    public void CycleIsDetected()
    {
        // x³ − 2x + 2 from 0: 0 → 1 → 0 → …
        var r = Roots.NewtonSystem([P("x^3 - 2*x + 2")], At(("x", 0)));
        Assert.Equal(ExitReason.CycleDetected, r.Exit);
        Assert.Equal(2, r.Iterations);
        Assert.Equal(1, r.Trace[1].X[0]);
        Assert.Contains("cycle", r.Message);
    }

    [Fact]
    public void DivergenceIsDetected()
    {
        // Newton on atan from 2 overshoots further each time: 2 → −3.5 → 14 → −3e2 → …
        var r = Roots.NewtonSystem([P("atan(x)"), P("y - 1")], At(("x", 2), ("y", 0)));
        Assert.Equal(ExitReason.Diverged, r.Exit);
        Assert.True(Math.Abs(r.X[0]) > 1e12);
    }

    [Fact]
    public void NonFiniteIterateIsReported()
    {
        // ln x from 3: x₁ = 3 − 3·ln 3 ≈ −0.296, where ln is undefined.
        var r = Roots.NewtonSystem([P("ln(x)")], At(("x", 3)));
        Assert.Equal(ExitReason.NonFinite, r.Exit);
        Assert.Equal(3 - 3 * Math.Log(3), r.X[0], 12);
    }

    [Fact]
    public void UndefinedStartIsReported()
    {
        var r = Roots.NewtonSystem([P("ln(x) + y"), P("y")], At(("x", -1), ("y", 0)));
        Assert.Equal(ExitReason.UndefinedAtStart, r.Exit);
        Assert.Equal(0, r.Iterations);
    }

    [Fact]
    public void IterationBudgetIsReported()
    {
        var r = Roots.NewtonSystem([P("x^2 + y^2 - 4"), P("x - y")], At(("x", 1000), ("y", 3)), new RootOptions { MaxIterations = 3 });
        Assert.Equal(ExitReason.MaxIterations, r.Exit);
        Assert.Equal(3, r.Iterations);
        Assert.Equal(4, r.Trace.Count);
    }

    [Fact]
    public void FunctionToleranceStopsEarlier()
    {
        var equations = new[] { P("x^2 + y^2 - 4"), P("x - y") };
        var strict = Roots.NewtonSystem(equations, At(("x", 3), ("y", 1)));
        var loose = Roots.NewtonSystem(equations, At(("x", 3), ("y", 1)), new RootOptions { FunctionTolerance = 1e-3 });
        Assert.True(loose.Converged);
        Assert.True(loose.ResidualNorm <= 1e-3);
        Assert.True(loose.Iterations < strict.Iterations);
    }

    [Fact]
    public void DampingSlowsButStillConverges()
    {
        var equations = new[] { P("x^2 + y^2 - 4"), P("x - y") };
        var plain = Roots.NewtonSystem(equations, At(("x", 3), ("y", 1)));
        var damped = Roots.NewtonSystem(equations, At(("x", 3), ("y", 1)), new RootOptions { Damping = 0.5, MaxIterations = 200 });
        Assert.True(damped.Converged, damped.Message);
        Assert.True(damped.Iterations > plain.Iterations);
        Assert.Equal(Math.Sqrt(2), damped.X[0], 10);
        // The first damped step is half the plain one.
        Assert.Equal(plain.Trace[1].StepNorm / 2, damped.Trace[1].StepNorm, 12);
    }

    [Theory]
    [InlineData(DerivativeSource.Numeric)]
    [InlineData(DerivativeSource.Automatic)]
    public void OtherDerivativeSourcesFindTheSameRoot(DerivativeSource source)
    {
        var r = Roots.NewtonSystem([P("x^2 + y^2 - 4"), P("x - y")], At(("x", 1), ("y", 2)), new RootOptions { Derivative = source });
        Assert.True(r.Converged, r.Message);
        Assert.Equal(Math.Sqrt(2), r.X[0], 9);
        Assert.Equal(Math.Sqrt(2), r.X[1], 9);
    }

    [Fact]
    public void BadInputIsAnArgumentExceptionNamingTheProblem()
    {
        var equations = new[] { P("x^2 + y^2 - 4"), P("x - y") };
        var missing = Assert.Throws<ArgumentException>(() => Roots.NewtonSystem(equations, At(("x", 1))));
        Assert.Contains("y", missing.Message);
        var extra = Assert.Throws<ArgumentException>(() => Roots.NewtonSystem(equations, At(("x", 1), ("y", 1), ("z", 1))));
        Assert.Contains("z", extra.Message);
        Assert.Throws<ArgumentException>(() => Roots.NewtonSystem([P("x + y")], At(("x", 1), ("y", 1))));
        Assert.Throws<ArgumentNullException>(() => Roots.NewtonSystem(null!, At(("x", 1))));
    }

    [Fact]
    public void NoTraceWhenDisabled()
    {
        var r = Roots.NewtonSystem([P("x^2 - 2")], At(("x", 1)), new RootOptions { RecordTrace = false });
        Assert.True(r.Converged);
        Assert.Empty(r.Trace);
        Assert.Equal(Math.Sqrt(2), r.X[0], 14);
    }
    [Fact]
    public void PropertyConvergesToABuiltInRootFromNearby()
    {
        // Fᵢ = aᵢx² + bᵢy² + cᵢx + dᵢy − Fᵢ⁰(r): r is a root by construction; from r + 10⁻³·(1, −1) Newton must return
        // to r whenever J(r) is well conditioned (|det J| ≥ 0.5 with entries of order 1–10).
        Gen.Select(Gen.Int[-5, 5].Array[8], Gen.Int[-20, 20], Gen.Int[-20, 20]).Sample((c, p, q) =>
        {
            double rx = p / 10.0, ry = q / 10.0;
            double J(int i, int k) => k == 0 ? 2 * c[4 * i] * rx + c[4 * i + 2] : 2 * c[4 * i + 1] * ry + c[4 * i + 3];
            if (Math.Abs(J(0, 0) * J(1, 1) - J(0, 1) * J(1, 0)) < 0.5) return;
            var x = Expr.Sym("x");
            var y = Expr.Sym("y");
            var equations = Enumerable.Range(0, 2).Select(i =>
            {
                Expr poly = Expr.Num(c[4 * i]) * (x ^ 2) + Expr.Num(c[4 * i + 1]) * (y ^ 2) + Expr.Num(c[4 * i + 2]) * x + Expr.Num(c[4 * i + 3]) * y;
                double at = c[4 * i] * rx * rx + c[4 * i + 1] * ry * ry + c[4 * i + 2] * rx + c[4 * i + 3] * ry;
                return poly - Expr.Num(new Rational((int)Math.Round(at * 100), 100));
            }).ToArray();
            var r = Roots.NewtonSystem(equations, ["x", "y"], At(("x", rx + 1e-3), ("y", ry - 1e-3)));
            Assert.True(r.Converged, r.Message);
            Assert.Equal(rx, r.X[0], 9);
            Assert.Equal(ry, r.X[1], 9);
        }, iter: 200);
    }
}
