using CsCheck;
using Nabla.AutoDiff;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.AutoDiffTests;

public sealed class ReverseBridgeTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");
    private static readonly Symbol Z = (Symbol)Expr.Sym("z");
    private static readonly Symbol[] Xyz = [X, Y, Z];

    private static Dictionary<string, double> At(double x, double y, double z) =>
        new(StringComparer.Ordinal) { ["x"] = x, ["y"] = y, ["z"] = z };

    [Fact]
    public void GradientOfAKnownFunction()
    {
        // f = x²·y + sin(z)·x − y^(1/3): ∇f = (2xy + sin z, x² − (1/3)y^(−2/3), x·cos z), by hand.
        Expr x = X, y = Y, z = Z;
        var f = x * x * y + Expr.Sin(z) * x - Expr.Pow(y, Expr.Num(1, 3));
        var g = ExprBridge.ReverseGradient(f, Xyz, At(1.5, -8, 0.3));
        Assert.Equal(2 * 1.5 * -8 + Math.Sin(0.3), g[0], 12);
        Assert.Equal(1.5 * 1.5 - 1.0 / 3 / 4, g[1], 12);
        Assert.Equal(1.5 * Math.Cos(0.3), g[2], 12);
    }

    [Fact]
    public void EvaluateOnTapeMatchesEvaluate()
    {
        Expr x = X, y = Y;
        var f = Expr.Exp(x * y) / (1 + y * y) + Expr.Pow(x, y);
        var tape = new Tape();
        var v = tape.Variable(Numerics.Tensor<double>.Scalar(0.5));
        var w = tape.Variable(Numerics.Tensor<double>.Scalar(2));
        Assert.Equal(f.Evaluate(("x", 0.5), ("y", 2.0)), ExprBridge.EvaluateOnTape(f, [X, Y], tape, [v, w]).Value.ToScalar(), 13);
    }

    [Fact]
    public void MissingVariableIsAClearError()
    {
        Expr x = X, y = Y;
        var ex = Assert.Throws<SymbolicException>(() => ExprBridge.ReverseGradient(x * y, [X], At(1, 2, 3)));
        Assert.Contains("'y'", ex.Message);
        Assert.Throws<SymbolicException>(() => ExprBridge.ReverseGradient(x, [X, Y], new Dictionary<string, double> { ["x"] = 1 }));
    }

    [Fact]
    public void ForwardEqualsReverseEqualsSymbolicOnRandomExpressions()
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
            {
                var reverse = ExprBridge.ReverseGradient(fs[i], Xyz, at);
                // An overflowed value (e.g. sinh(cosh 8) = ∞) makes forward mode's ∞·0 tangent NaN: nothing to compare.
                if (!double.IsFinite(fs[i].Evaluate(at))) continue;
                for (int j = 0; j < 3; j++)
                {
                    double s = symbolic[i, j];
                    if (!double.IsFinite(s) || Math.Abs(s) > 1e8) continue; // overflowed exp towers: nothing to compare
                    if (!RandomExpressions.Close(reverse[j], s, 1e-10)) return false;
                    if (!RandomExpressions.Close(reverse[j], forward[i, j], 1e-10)) return false;
                }
            }
            return true;
        }, iter: 1000);
    }
}
