using CsCheck;
using Nabla.Symbolic;
using Nabla.Tests.CalculusTests;
using Nabla.Tests.Support;

namespace Nabla.Tests.Multivariate;

public sealed class ChainRuleTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");
    private static readonly Symbol Z = (Symbol)Expr.Sym("z");
    private static readonly Symbol T = (Symbol)Expr.Sym("t");
    private static readonly Symbol U = (Symbol)Expr.Sym("u");
    private static readonly Symbol V = (Symbol)Expr.Sym("v");

    [Fact]
    public void TheCourseExampleShowsEveryTerm()
    {
        // f = xy + z² with x = t + 1, y = t − 1, z = t²: f(t) = t² − 1 + t⁴, so df/dt = 2t + 4t³ (by hand).
        Expr x = X, y = Y, z = Z, t = T;
        var d = Calculus.TotalDerivative(x * y + z * z, new Dictionary<Symbol, Expr> { [X] = t + 1, [Y] = t - 1, [Z] = t * t }, T);
        Assert.Equal(new[] { X, Y, Z }, d.Terms.Select(term => term.Variable));
        Assert.Same(t - 1, d.Terms[0].PartialDerivative); // ∂f/∂x = y, along the path
        Assert.Same(Expr.One, d.Terms[0].PathDerivative);
        Assert.Same(t + 1, d.Terms[1].PartialDerivative);
        Assert.Same(2 * t * t, d.Terms[2].PartialDerivative); // ∂f/∂z = 2z = 2t²
        Assert.Same(2 * t, d.Terms[2].PathDerivative);
        Assert.Same(4 * Expr.Pow(t, 3), d.Terms[2].Term);
        Assert.Same(2 * t + 4 * Expr.Pow(t, 3), d.Result);
        Assert.Same(Calculus.Diff(d.Composite!, T), d.Result);
        var text = d.ToText();
        Assert.Contains("df/dt = ∂f/∂x · dx/dt + ∂f/∂y · dy/dt + ∂f/∂z · dz/dt", text);
        Assert.EndsWith("df/dt = " + d.Result, text);
    }

    [Fact]
    public void TrigonometricPathMatchesTheHandDerivative()
    {
        // f = x²y on the unit circle x = cos t, y = sin t: f(t) = cos²t·sin t, f'(t) = −2cos t·sin²t + cos³t.
        Expr t = T;
        var d = Calculus.TotalDerivative(Expr.Parse("x^2*y"), new Dictionary<Symbol, Expr> { [X] = Expr.Cos(t), [Y] = Expr.Sin(t) }, T);
        foreach (var value in new[] { -2.0, -0.3, 0.0, 0.7, 1.9 })
        {
            double expected = -2 * Math.Cos(value) * Math.Pow(Math.Sin(value), 2) + Math.Pow(Math.Cos(value), 3);
            Assert.Equal(expected, d.Result.Evaluate(("t", value)), 12);
        }
    }

    [Fact]
    public void DirectDependenceOnTheParameterAddsItsOwnTerm()
    {
        // f = x·t with x = t²: f(t) = t³, df/dt = 3t² = (∂f/∂x)(dx/dt) + ∂f/∂t = t·2t + t².
        Expr t = T;
        var d = Calculus.TotalDerivative(Expr.Parse("x*t"), new Dictionary<Symbol, Expr> { [X] = t * t }, T);
        Assert.Equal(2, d.Terms.Count);
        Assert.Same(T, d.Terms[1].Variable);
        Assert.Same(t * t, d.Terms[1].Term);
        Assert.Same(3 * t * t, d.Result);
    }

    [Fact]
    public void APathForAnUnusedSymbolContributesZero()
    {
        Expr t = T;
        var d = Calculus.TotalDerivative(Expr.Parse("x^2"), new Dictionary<Symbol, Expr> { [X] = t, [Y] = Expr.Sin(t) }, T);
        Assert.Same(Expr.Zero, d.Terms[1].PartialDerivative);
        Assert.Same(Expr.Zero, d.Terms[1].Term);
        Assert.Same(2 * t, d.Result);
    }

    [Fact]
    public void AParameterThatAppearsNowhereGivesZero()
    {
        var none = Calculus.TotalDerivative(Expr.Parse("x^2 + y"), new Dictionary<Symbol, Expr>(), T);
        Assert.Empty(none.Terms);
        Assert.Same(Expr.Zero, none.Result);
        var constantPath = Calculus.TotalDerivative(Expr.Parse("x^2 + y"), new Dictionary<Symbol, Expr> { [X] = 5 }, T);
        Assert.Same(Expr.Zero, constantPath.Result);
    }

    [Fact]
    public void InconsistentPathsAreRejected()
    {
        Expr t = T, y = Y;
        var nested = Assert.Throws<ArgumentException>(() =>
            Calculus.TotalDerivative(Expr.Parse("x*y"), new Dictionary<Symbol, Expr> { [X] = y + t, [Y] = t * t }, T));
        Assert.Contains("uses y", nested.Message);
        var own = Assert.Throws<ArgumentException>(() =>
            Calculus.TotalDerivative(Expr.Parse("x*t"), new Dictionary<Symbol, Expr> { [T] = Expr.Sym("s") }, T));
        Assert.Contains("parameter", own.Message);
    }

    [Fact]
    public void TotalDerivativeEqualsDifferentiatingTheSubstitutedFunction()
    {
        var toT = new Dictionary<Expr, Expr> { [X] = T, [Y] = T, [Z] = T };
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), RandomExpressions.Any(2, smoothOnly: true),
                   RandomExpressions.Any(2, smoothOnly: true), Gen.Double[-2, 2]).Sample((f, px, py, t0) =>
        {
            var paths = new Dictionary<Symbol, Expr> { [X] = px.Substitute(toT), [Y] = py.Substitute(toT), [Z] = Expr.Sin((Expr)T) };
            var d = Calculus.TotalDerivative(f, paths, T);
            double chain = d.Result.Evaluate(("t", t0));
            double direct = Calculus.Diff(f.Substitute(paths.ToDictionary(p => (Expr)p.Key, p => p.Value)), T).Evaluate(("t", t0));
            if (!Moderate(chain) || !Moderate(direct)) return;
            Assert.True(RandomExpressions.Close(chain, direct, 1e-9, 1e-9), $"{f} with x = {paths[X]}, y = {paths[Y]}: {chain} vs {direct}");
            // And against a numeric derivative of t ↦ f(x(t), y(t), z(t)) that never touches the symbolic engine's derivatives.
            double F(double t) => f.Evaluate(new Dictionary<string, double>
            {
                ["x"] = paths[X].Evaluate(("t", t)), ["y"] = paths[Y].Evaluate(("t", t)), ["z"] = Math.Sin(t),
            });
            // Beyond moderate magnitudes the numeric oracle's own error estimate is no longer trustworthy (a path like
            // x = -3 cosh(8)/2 makes f vary by millions); the exact comparison above still covers those cases.
            if (Math.Abs(chain) > 1e5) return;
            // The numeric oracle cannot see a change much smaller than f itself (y = −sinh(64) swamps 6x), and its own
            // error estimate is optimistic at tiny values: compare only where f's size leaves digits for the slope.
            if (Math.Abs(F(t0)) > 1e6 * (1 + Math.Abs(chain))) return;
            var numeric = RichardsonOracle.Richardson(F, t0);
            if (!double.IsFinite(numeric.Value) || numeric.Error > 1e-6 * (1 + Math.Abs(numeric.Value))) return;
            Assert.True(RandomExpressions.Close(chain, numeric.Value, 1e-5, 1e-5), $"{f}: {chain} vs numeric {numeric.Value}");
        }, iter: 600);
    }

    private static bool Moderate(double value) => double.IsFinite(value) && Math.Abs(value) < 1e100;

    [Fact]
    public void ComposeJacobianOfPolarCoordinates()
    {
        // f(u, v) = (u² − v², 2uv) after g(r, θ) = (r cos θ, r sin θ): f∘g = (r² cos 2θ, r² sin 2θ).
        var r = (Symbol)Expr.Sym("r");
        var theta = (Symbol)Expr.Sym("theta");
        Expr u = U, v = V;
        var j = Calculus.ComposeJacobian([u * u - v * v, 2 * u * v], [U, V], [r * Expr.Cos(theta), r * Expr.Sin(theta)], [r, theta]);
        foreach (var (rv, tv) in new[] { (1.0, 0.3), (2.5, -1.1), (0.4, 2.0) })
        {
            var at = new Dictionary<string, double> { ["r"] = rv, ["theta"] = tv };
            var values = Calculus.Evaluate(j, at);
            Assert.Equal(2 * rv * Math.Cos(2 * tv), values[0, 0], 12);
            Assert.Equal(-2 * rv * rv * Math.Sin(2 * tv), values[0, 1], 12);
            Assert.Equal(2 * rv * Math.Sin(2 * tv), values[1, 0], 12);
            Assert.Equal(2 * rv * rv * Math.Cos(2 * tv), values[1, 1], 12);
        }
    }

    [Fact]
    public void ComposeJacobianEqualsTheJacobianOfTheComposition()
    {
        var toUv = new Dictionary<Expr, Expr> { [X] = U, [Y] = V, [Z] = U * V };
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), RandomExpressions.Any(3, smoothOnly: true),
                   RandomExpressions.Any(2, smoothOnly: true), RandomExpressions.Any(2, smoothOnly: true), Gen.Int).Sample((f1, f2, g1, g2, seed) =>
        {
            Expr[] outer = [f1.Substitute(toUv), f2.Substitute(toUv)];
            Expr[] inner = [g1, g2];
            Symbol[] xyz = [X, Y, Z];
            var composed = Calculus.ComposeJacobian(outer, [U, V], inner, xyz);
            var substitution = new Dictionary<Expr, Expr> { [U] = g1, [V] = g2 };
            var direct = Calculus.Jacobian([.. outer.Select(o => o.Substitute(substitution))], xyz);
            var point = RandomExpressions.Point(new Random(seed));
            var a = Calculus.Evaluate(composed, point);
            var b = Calculus.Evaluate(direct, point);
            for (int i = 0; i < 2; i++)
                for (int k = 0; k < 3; k++)
                {
                    // Overflow or a point outside the domain: the two forms may overflow at different intermediate steps.
                    if (!Moderate(a[i, k]) || !Moderate(b[i, k])) continue;
                    Assert.True(RandomExpressions.Close(a[i, k], b[i, k], 1e-9, 1e-9),
                        $"entry [{i}, {k}] of {outer[i]} ∘ ({g1}, {g2}): {a[i, k]} vs {b[i, k]}");
                }
        }, iter: 300);
    }

    [Fact]
    public void ComposeJacobianRejectsMismatchedSizes()
    {
        Expr u = U, v = V, x = X;
        var error = Assert.Throws<ArgumentException>(() => Calculus.ComposeJacobian([u * v], [U, V], [x, x * x, Expr.Sin(x)], [X]));
        Assert.Contains("2 variables", error.Message);
        Assert.Contains("3 inner functions", error.Message);
        var direct = Assert.Throws<ArgumentException>(() => Calculus.ComposeJacobian([u * x], [U], [x * x], [X]));
        Assert.Contains("uses x directly", direct.Message);
    }

    [Fact]
    public void NeuralLayerJacobianIsDiagSigmoidSlopeTimesW()
    {
        var layer = Calculus.NeuralLayerJacobian();
        Assert.Equal(2, layer.Jacobian.GetLength(0));
        for (int i = 0; i < 2; i++)
        {
            // σ'(z) = σ(z)(1 − σ(z)), written out here rather than taken from the engine.
            var s = Expr.Call(MathFunction.Sigmoid, layer.PreActivations[i]);
            Assert.Same(s * (1 - s), layer.ActivationSlopes[i]);
            for (int j = 0; j < 2; j++)
            {
                Assert.Same(layer.Factored[i, j], layer.Jacobian[i, j]);
                Assert.Same(s * (1 - s) * layer.Weights[i, j], layer.Jacobian[i, j]);
            }
        }
        // Numerically at random weights, against finite differences of the layer itself.
        var rng = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            var at = new Dictionary<string, double>();
            foreach (var name in new[] { "w11", "w12", "w21", "w22", "b1", "b2", "a1", "a2" }) at[name] = rng.NextDouble() * 4 - 2;
            var values = Calculus.Evaluate(layer.Jacobian, at);
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 2; j++)
                {
                    string input = $"a{j + 1}";
                    double F(double a) => layer.Activations[i].Evaluate(new Dictionary<string, double>(at) { [input] = a });
                    Assert.Equal(RichardsonOracle.Richardson(F, at[input]).Value, values[i, j], 9);
                }
            }
        }
        Assert.Contains("diag(σ'(z)) · W", layer.Explanation);
    }
}
