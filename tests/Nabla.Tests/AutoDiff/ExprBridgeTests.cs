using CsCheck;
using Nabla.AutoDiff;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.AutoDiffTests;

public sealed class ExprBridgeTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");
    private static readonly Symbol Z = (Symbol)Expr.Sym("z");
    private static readonly Symbol[] Xyz = [X, Y, Z];

    private static Dictionary<string, double> At(double x, double y, double z) =>
        new(StringComparer.Ordinal) { ["x"] = x, ["y"] = y, ["z"] = z };

    private static bool Close(double a, double b, double relative) =>
        Math.Abs(a - b) <= relative * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    [Fact]
    public void GradientOfAKnownFunction()
    {
        // f = x²·y + sin(z)·x − y^(1/3): ∇f = (2xy + sin z, x² − (1/3)y^(−2/3), x·cos z), by hand.
        Expr x = X, y = Y, z = Z;
        var f = x * x * y + Expr.Sin(z) * x - Expr.Pow(y, Expr.Num(1, 3));
        var g = ExprBridge.ForwardGradient(f, Xyz, At(1.5, -8, 0.3));
        Assert.Equal(2 * 1.5 * -8 + Math.Sin(0.3), g[0], 12);
        Assert.Equal(1.5 * 1.5 - 1.0 / 3 / 4, g[1], 12); // (−8)^(−2/3) = 1/4: the odd root of a negative base
        Assert.Equal(1.5 * Math.Cos(0.3), g[2], 12);
    }

    [Fact]
    public void EvaluateDualMatchesEvaluateAndIsDirectional()
    {
        Expr x = X, y = Y;
        var f = Expr.Exp(x * y) / (1 + y * y);
        var d = ExprBridge.EvaluateDual(f, [X, Y], [new Dual<double>(0.5, 1), new Dual<double>(2, -1)]);
        Assert.Equal(f.Evaluate(("x", 0.5), ("y", 2.0)), d.Value, 14);
        var grad = ExprBridge.ForwardGradient(f, [X, Y], new Dictionary<string, double> { ["x"] = 0.5, ["y"] = 2 });
        Assert.Equal(grad[0] - grad[1], d.Derivative, 12);
    }

    [Fact]
    public void MissingVariableIsAClearError()
    {
        Expr x = X, y = Y;
        var ex = Assert.Throws<SymbolicException>(() => ExprBridge.EvaluateDual(x * y, [X], [Dual<double>.Variable(1)]));
        Assert.Contains("'y'", ex.Message);
        Assert.Throws<ArgumentException>(() => ExprBridge.EvaluateDual(x, [X, Y], [Dual<double>.Variable(1)]));
        Assert.Throws<SymbolicException>(() => ExprBridge.ForwardGradient(x, [X, Y], new Dictionary<string, double> { ["x"] = 1 }));
    }

    [Fact]
    public void NaNOutsideTheDomainLikeEvaluate()
    {
        Expr x = X;
        foreach (var f in new[] { Expr.Ln(x), Expr.Sqrt(x), Expr.Call(MathFunction.Asin, x), Expr.Pow(x, Expr.Num(1, 4)), Expr.Pow(x, X) })
        {
            var d = ExprBridge.EvaluateDual(f, [X], [Dual<double>.Variable(-2.5)]);
            Assert.True(double.IsNaN(f.Evaluate(("x", -2.5))));
            Assert.True(double.IsNaN(d.Value), f.ToString());
            Assert.True(double.IsNaN(d.Derivative), f.ToString());
        }
    }

    [Fact]
    public void JacobianMatchesSymbolicAndFiniteDifferencesOnRandomExpressions()
    {
        var gen = Gen.Select(RandomExpressions.Any(3, smoothOnly: true), RandomExpressions.Any(3, smoothOnly: true),
            Gen.Double[-2, 2], Gen.Double[-2, 2], Gen.Double[-2, 2]);
        gen.Sample((f1, f2, x, y, z) =>
        {
            Expr[] fs = [f1, f2];
            var at = At(x, y, z);
            var forward = ExprBridge.ForwardJacobian(fs, Xyz, at);
            var symbolic = Calculus.Evaluate(Calculus.Jacobian(fs, Xyz), at);
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++)
                {
                    double s = symbolic[i, j], a = forward[i, j];
                    if (!double.IsFinite(s) || Math.Abs(s) > 1e8) continue; // overflowed exp towers: nothing to compare
                    // Where the function's own value overflows (sinh(sinh(21))), forward mode's chain rule multiplies
                    // ∞ by a zero inner derivative and gets NaN, while the symbolic derivative is exactly 0.
                    if (!double.IsFinite(fs[i].Evaluate(at))) continue;
                    if (!Close(a, s, 1e-10)) return false;
                    // Independent oracle: Richardson-extrapolated central differences of Expr.Evaluate.
                    var point = new[] { x, y, z };
                    double F(double t)
                    {
                        var p = (double[])point.Clone();
                        p[j] = t;
                        return fs[i].Evaluate(At(p[0], p[1], p[2]));
                    }
                    double Central(double step) => (F(point[j] + step) - F(point[j] - step)) / (2 * step);
                    double Extrapolated(double h) => (4 * Central(h / 2) - Central(h)) / 3;
                    // A large constant part (exp(pi^3) ≈ 3e13) leaves no digits for a difference quotient.
                    if (Math.Abs(F(point[j])) > 1e6 * (1 + Math.Abs(a))) continue;
                    double numeric = Extrapolated(1e-3);
                    // Functions that vary on a scale near the step (e.g. 1/((125y − 125z)² + 2)) make the estimate
                    // itself unreliable: only compare where two step sizes agree.
                    if (!Close(numeric, Extrapolated(1e-4), 1e-7)) continue;
                    if (double.IsFinite(numeric) && !Close(a, numeric, 1e-5)) return false;
                }
            return true;
        }, iter: 600);
    }

    [Fact]
    public void AMillionDeepExpressionDifferentiatesWithoutStackOverflow()
    {
        // sin(sin(…sin(x)…)) nested 10⁶ times, built iteratively. The core's recursive algorithms refuse this depth
        // (Expr.MaxDepth), but the bridge walks the DAG with an explicit stack.
        const int depth = 1_000_000;
        Expr e = X;
        for (int i = 0; i < depth; i++) e = Expr.Sin(e);
        Assert.True(e.Depth > Expr.MaxDepth);
        var d = ExprBridge.EvaluateDual(e, [X], [Dual<double>.Variable(0.5)]);
        // Oracle: the same chain in plain doubles, value exact and slope Π cos(xₖ) by the chain rule by hand.
        double v = 0.5, slope = 1;
        for (int i = 0; i < depth; i++) { slope *= Math.Cos(v); v = Math.Sin(v); }
        Assert.Equal(v, d.Value, 15);
        Assert.True(Math.Abs(d.Derivative - slope) <= 1e-12 * Math.Abs(slope), $"{d.Derivative:R} vs {slope:R}");
    }
}
