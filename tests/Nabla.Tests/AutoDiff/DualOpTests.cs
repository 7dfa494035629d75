using Nabla.AutoDiff;
using Nabla.Symbolic;

namespace Nabla.Tests.AutoDiffTests;

/// <summary>Each dual-number operation's derivative against a finite-difference oracle, and its domain against
/// <c>Expr.Evaluate</c>.</summary>
public sealed class DualOpTests
{
    private static readonly Expr X = Expr.Sym("x");

    /// <summary>One unary op: the dual version, the same function as an expression (the value oracle), and where its
    /// derivative exists (intervals kept away from poles and corners so the finite difference is trustworthy).</summary>
    public sealed record Op(string Name, Func<Dual<double>, Dual<double>> Dual, Expr Symbolic, (double Lo, double Hi)[] Domain)
    {
        public override string ToString() => Name;
    }

    private static readonly (double, double)[] Wide = [(-4, 4)];
    private static readonly (double, double)[] Positive = [(0.1, 5)];
    private static readonly (double, double)[] NonZero = [(-4, -0.1), (0.1, 4)];

    private static readonly Op[] Ops =
    [
        new("sin", Dual<double>.Sin, Expr.Call(MathFunction.Sin, X), Wide),
        new("cos", Dual<double>.Cos, Expr.Call(MathFunction.Cos, X), Wide),
        new("tan", Dual<double>.Tan, Expr.Call(MathFunction.Tan, X), [(-1.4, 1.4)]),
        new("sec", Dual<double>.Sec, Expr.Call(MathFunction.Sec, X), [(-1.4, 1.4)]),
        new("csc", Dual<double>.Csc, Expr.Call(MathFunction.Csc, X), [(0.2, 2.9)]),
        new("cot", Dual<double>.Cot, Expr.Call(MathFunction.Cot, X), [(0.2, 2.9)]),
        new("asin", Dual<double>.Asin, Expr.Call(MathFunction.Asin, X), [(-0.95, 0.95)]),
        new("acos", Dual<double>.Acos, Expr.Call(MathFunction.Acos, X), [(-0.95, 0.95)]),
        new("atan", Dual<double>.Atan, Expr.Call(MathFunction.Atan, X), Wide),
        new("sinh", Dual<double>.Sinh, Expr.Call(MathFunction.Sinh, X), Wide),
        new("cosh", Dual<double>.Cosh, Expr.Call(MathFunction.Cosh, X), Wide),
        new("tanh", Dual<double>.Tanh, Expr.Call(MathFunction.Tanh, X), Wide),
        new("exp", Dual<double>.Exp, Expr.Call(MathFunction.Exp, X), Wide),
        new("ln", Dual<double>.Log, Expr.Call(MathFunction.Ln, X), Positive),
        new("sqrt", Dual<double>.Sqrt, Expr.Sqrt(X), Positive),
        new("abs", Dual<double>.Abs, Expr.Call(MathFunction.Abs, X), NonZero),
        new("sign", Dual<double>.Sign, Expr.Call(MathFunction.Sign, X), NonZero),
        new("sigmoid", Dual<double>.Sigmoid, Expr.Call(MathFunction.Sigmoid, X), [(-40, 40)]),
        new("softplus", Dual<double>.Softplus, Expr.Call(MathFunction.Softplus, X), [(-40, 40)]),
        new("relu", Dual<double>.Relu, Expr.Call(MathFunction.Relu, X), NonZero),
        new("step", Dual<double>.Step, Expr.Call(MathFunction.Step, X), NonZero),
        new("x^3", u => Dual<double>.Pow(u, 3), Expr.Pow(X, 3), Wide),
        new("x^-2", u => Dual<double>.Pow(u, -2), Expr.Pow(X, -2), NonZero),
        new("x^(1/3)", u => Dual<double>.Pow(u, 1, 3), Expr.Pow(X, Expr.Num(1, 3)), NonZero),
        new("x^(2/3)", u => Dual<double>.Pow(u, 2, 3), Expr.Pow(X, Expr.Num(2, 3)), NonZero),
        new("x^(3/2)", u => Dual<double>.Pow(u, 3, 2), Expr.Pow(X, Expr.Num(3, 2)), Positive),
        new("x^2.5", u => Dual<double>.Pow(u, 2.5), Expr.Pow(X, Expr.Num(5, 2)), Positive),
        new("x^4.0", u => Dual<double>.Pow(u, 4.0), Expr.Pow(X, 4), Wide),
        new("2^x (dual^dual)", u => Dual<double>.Pow(Dual<double>.Constant(2), u), Expr.Pow(2, X), Wide),
        new("x^x (dual^dual)", u => Dual<double>.Pow(u, u), Expr.Pow(X, X), Positive),
        new("1/x", u => 1.0 / u, Expr.Pow(X, -1), NonZero),
        new("x*x + 3x - 2", u => u * u + 3.0 * u - 2.0, X * X + 3 * X - 2, Wide),
        new("(x + 1)/(x^2 + 2)", u => (u + 1.0) / (u * u + 2.0), (X + 1) / (X * X + 2), Wide),
        new("5 - x, -x, x/4", u => (5.0 - u) * -u + u / 4.0, (5 - X) * -X + X / 4, Wide),
    ];

    public static TheoryData<Op> AllOps() => [.. Ops];

    /// <summary>Richardson extrapolation of two central differences: error O(h⁴), independent of any AD code.</summary>
    private static double Richardson(Func<double, double> f, double x, double h)
    {
        double Central(double step) => (f(x + step) - f(x - step)) / (2 * step);
        return (4 * Central(h / 2) - Central(h)) / 3;
    }

    private static double Value(Expr e, double x) => e.Evaluate(("x", x));

    [Theory]
    [MemberData(nameof(AllOps))]
    public void DerivativeMatchesFiniteDifferences(Op op)
    {
        var rng = new Random(op.Name.Length * 7919 + 17);
        for (int k = 0; k < 200; k++)
        {
            var (lo, hi) = op.Domain[rng.Next(op.Domain.Length)];
            double x = lo + (hi - lo) * rng.NextDouble();
            var d = op.Dual(Dual<double>.Variable(x));
            double expected = Value(op.Symbolic, x);
            Assert.True(Math.Abs(d.Value - expected) <= 1e-13 * Math.Max(1, Math.Abs(expected)),
                $"{op.Name} value at {x:R}: dual {d.Value:R}, Expr.Evaluate {expected:R}");
            double numeric = Richardson(t => Value(op.Symbolic, t), x, 1e-3 * Math.Max(1, Math.Abs(x)) / 4);
            Assert.True(Math.Abs(d.Derivative - numeric) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                $"{op.Name}' at {x:R}: dual {d.Derivative:R}, finite differences {numeric:R}");
        }
    }

    [Theory]
    [MemberData(nameof(AllOps))]
    public void NaNExactlyWhereExprEvaluateIsNaN(Op op)
    {
        double[] probes = [-3, -2, -1.5, -1, -0.5, -1e-300, 0, 1e-300, 0.5, 1, 1.5, 2, 3, double.NaN, 800, -800];
        foreach (var x in probes)
        {
            var d = op.Dual(Dual<double>.Variable(x));
            double expected = Value(op.Symbolic, x);
            Assert.True(double.IsNaN(d.Value) == double.IsNaN(expected),
                $"{op.Name}({x:R}): dual value {d.Value:R}, Expr.Evaluate {expected:R}");
            if (double.IsNaN(d.Value)) Assert.True(double.IsNaN(d.Derivative), $"{op.Name}({x:R}) is undefined but has slope {d.Derivative:R}");
            else if (double.IsFinite(expected))
                Assert.True(Math.Abs(d.Value - expected) <= 1e-13 * Math.Max(1, Math.Abs(expected)),
                    $"{op.Name}({x:R}): dual {d.Value:R}, Expr.Evaluate {expected:R}");
        }
    }

    [Fact]
    public void CornersAndJumpsFollowTheSymbolicRules()
    {
        // relu'(0) and step(0) are undefined (step(0) = NaN); |x|' at 0 is sign(0) = 0, as DerivativeTable states.
        Assert.True(double.IsNaN(Dual<double>.Relu(Dual<double>.Variable(0)).Derivative));
        Assert.Equal(0, Dual<double>.Relu(Dual<double>.Variable(0)).Value);
        Assert.True(double.IsNaN(Dual<double>.Step(Dual<double>.Variable(0)).Value));
        Assert.Equal(new Dual<double>(0, 0), Dual<double>.Abs(Dual<double>.Variable(0)));
        // The real cube root of −8 is −2 and its slope is (1/3)(−8)^(−2/3) = 1/12, by hand.
        var cubeRoot = Dual<double>.Pow(Dual<double>.Variable(-8), 1, 3);
        Assert.Equal(-2, cubeRoot.Value, 14);
        Assert.Equal(1.0 / 12, cubeRoot.Derivative, 14);
    }

    [Fact]
    public void BinaryOperatorsHaveBothPartials()
    {
        // f(u, v) = u·v / (u − v) + u^v: partials from finite differences in each argument separately.
        static Dual<double> F(Dual<double> u, Dual<double> v) => u * v / (u - v) + Dual<double>.Pow(u, v);
        static double Fd(double u, double v) => u * v / (u - v) + Math.Pow(u, v);
        var rng = new Random(5);
        for (int k = 0; k < 200; k++)
        {
            double u = 0.5 + 2 * rng.NextDouble(), v = -2 + 1.5 * rng.NextDouble();
            var du = F(Dual<double>.Variable(u), Dual<double>.Constant(v)).Derivative;
            var dv = F(Dual<double>.Constant(u), Dual<double>.Variable(v)).Derivative;
            double nu = Richardson(t => Fd(t, v), u, 1e-3), nv = Richardson(t => Fd(u, t), v, 1e-3);
            Assert.True(Math.Abs(du - nu) <= 1e-7 * Math.Max(1, Math.Abs(nu)), $"∂/∂u at ({u}, {v}): {du} vs {nu}");
            Assert.True(Math.Abs(dv - nv) <= 1e-7 * Math.Max(1, Math.Abs(nv)), $"∂/∂v at ({u}, {v}): {dv} vs {nv}");
        }
    }

    [Fact]
    public void SinglePrecisionWorks()
    {
        var d = Dual<float>.Sin(Dual<float>.Variable(0.5f)) * Dual<float>.Exp(Dual<float>.Variable(0.5f));
        // (sin x · eˣ)' = (cos x + sin x) eˣ, written out by hand.
        Assert.Equal((Math.Cos(0.5) + Math.Sin(0.5)) * Math.Exp(0.5), d.Derivative, 5);
    }
}
