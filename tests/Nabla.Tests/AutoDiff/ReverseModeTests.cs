using Nabla.AutoDiff;
using Nabla.Numerics;

namespace Nabla.Tests.AutoDiffTests;

public sealed class ReverseModeTests
{
    private static Tensor<double> Vec(params double[] v) => Tensor<double>.FromArray(v);

    [Fact]
    public void GradAndValueAndGradMatchAClosedForm()
    {
        // f(x) = Σ xᵢ² sin xᵢ: ∂f/∂xᵢ = 2xᵢ sin xᵢ + xᵢ² cos xᵢ.
        var x = Vec(0.3, -1.2, 2.0);
        var (value, g) = ReverseMode.ValueAndGrad(v => (v * v * v.Sin()).Sum(), x);
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            double t = x[i];
            expected += t * t * Math.Sin(t);
            Assert.Equal(2 * t * Math.Sin(t) + t * t * Math.Cos(t), g[i], 14);
        }
        Assert.Equal(expected, value.ToScalar(), 14);
    }

    [Fact]
    public void VjpAndJacobianMatchTheMatrix()
    {
        // f(x) = A·x (x as a column): J = A, vᵀJ = Aᵀv.
        var a = Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Func<Variable, Variable> f = v => Variable.MatMul(Variable.Constant(a), v.Reshape(3, 1)).Reshape(2);
        var x = Vec(0.1, 0.2, 0.3);
        var jacobian = ReverseMode.Jacobian(f, x);
        Assert.Equal(new TensorShape(2, 3), jacobian.Shape);
        Assert.True(jacobian.AllClose(a, 0, 0));
        var (_, vjp) = ReverseMode.Vjp(f, x, Vec(1, -1));
        Assert.True(vjp.AllClose(Vec(-3, -3, -3), 0, 0));
        Assert.Throws<ArgumentException>(() => ReverseMode.Vjp(f, x, Vec(1, 2, 3)));
    }

    [Fact]
    public void HessianByReverseOverReverseMatchesAClosedForm()
    {
        // f = x0³ x1 + exp(x1) x2² + sin(x0 x2): second derivatives by hand.
        Func<Variable, Variable> f = v =>
        {
            var x0 = v.Narrow(0, 0, 1); var x1 = v.Narrow(0, 1, 1); var x2 = v.Narrow(0, 2, 1);
            return (x0.Pow(3.0) * x1 + x1.Exp() * x2.Square() + (x0 * x2).Sin()).Sum();
        };
        double a = 0.7, b = -0.4, c = 1.3;
        double s = Math.Sin(a * c), co = Math.Cos(a * c);
        double[,] expected =
        {
            { 6 * a * b - c * c * s, 3 * a * a, co - a * c * s },
            { 3 * a * a, Math.Exp(b) * c * c, 2 * c * Math.Exp(b) },
            { co - a * c * s, 2 * c * Math.Exp(b), 2 * Math.Exp(b) - a * a * s },
        };
        var x = Vec(a, b, c);
        var h = ReverseMode.Hessian(f, x);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(expected[i, j], h[i, j], 12);
        var v = Vec(0.5, -2, 1);
        var hv = ReverseMode.HessianVectorProduct(f, x, v);
        for (int i = 0; i < 3; i++)
            Assert.Equal(expected[i, 0] * 0.5 - expected[i, 1] * 2 + expected[i, 2], hv[i], 12);
    }

    [Fact]
    public void HessianOfSoftmaxCrossEntropyAndTanhNetworkIsSymmetricAndMatchesGradientDifferences()
    {
        var w = Tensor<double>.RandomUniform(new TensorShape(3, 4), -1, 1, 11);
        Func<Variable, Variable> f = v => Variable.CrossEntropy(Variable.MatMul(v.Reshape(2, 3).Tanh(), Variable.Constant(w)), [1, 3]);
        var x = Tensor<double>.RandomUniform(new TensorShape(6), -1, 1, 12);
        var h = ReverseMode.Hessian(f, x);
        // Independent oracle: central differences of the (checked) gradient, column by column.
        for (int j = 0; j < 6; j++)
        {
            var up = x.Clone(); up[j] += 1e-5;
            var down = x.Clone(); down[j] -= 1e-5;
            var column = (ReverseMode.Grad(f, up) - ReverseMode.Grad(f, down)) / 2e-5;
            for (int i = 0; i < 6; i++)
            {
                Assert.Equal(h[i, j], h[j, i], 12);
                Assert.True(Math.Abs(column[i] - h[i, j]) < 1e-7, $"H[{i},{j}] = {h[i, j]} vs {column[i]}");
            }
        }
    }

    [Fact]
    public void BackwardTwiceIsAClearErrorUnlessRetained()
    {
        var tape = new Tape();
        var x = tape.Variable(Vec(1, 2));
        var y = (x * x).Sum();
        y.Backward();
        Assert.True(x.Grad!.AllClose(Vec(2, 4), 0, 0));
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Equal("backward was already called on this tape; record a new computation", ex.Message);

        var tape2 = new Tape();
        var x2 = tape2.Variable(Vec(3));
        var y2 = (x2 * x2 * x2).Sum();
        tape2.Backward(y2, retainGraph: true);
        tape2.Backward(y2);
        Assert.Equal(27, x2.Grad![0], 14);
        Assert.Throws<InvalidOperationException>(() => tape2.Backward(y2));
    }

    [Fact]
    public void ShapeAndTapeErrorsAreClear()
    {
        var tape = new Tape();
        var a = tape.Variable(Tensor<double>.Zeros(2, 3));
        var ex = Assert.Throws<ArgumentException>(() => a + tape.Variable(Tensor<double>.Zeros(4)));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(4,)", ex.Message);
        var other = new Tape().Variable(Tensor<double>.Zeros(2, 3));
        Assert.Throws<InvalidOperationException>(() => a + other);
        var nonScalar = Assert.Throws<InvalidOperationException>(() => tape.Backward(a * 2.0));
        Assert.Contains("(2, 3)", nonScalar.Message);
    }

    [Fact]
    public void NaNInAGradientIsFlaggedByTheGradientCheck()
    {
        // √x at 0: the value is 0 but the derivative is +∞·… → the check must fail and name the parameter.
        var report = ReverseMode.CheckGradient(v => (v.Sqrt() * v.Log()).Sum(), Vec(1.0, 0.0, 2.0));
        Assert.False(report.Passed);
        Assert.Contains(report.Problems, p => p.Contains("parameter 1") && p.Contains("NaN"));
        Assert.True(double.IsNaN(report.MaxRelativeError));
        Assert.True(ReverseMode.Grad(v => (v.Log() * v).Sum(), Vec(-1.0)).HasNaN());
    }

    [Fact]
    public void AMillionNodeChainDoesNotOverflowTheStack()
    {
        const int n = 1_000_000;
        var (value, g) = ReverseMode.ValueAndGrad(v =>
        {
            for (int i = 0; i < n; i++) v *= 1.000001;
            return v;
        }, Tensor<double>.Scalar(2.0));
        double closed = Math.Pow(1.000001, n);
        Assert.True(Math.Abs(g.ToScalar() - closed) < 1e-9 * closed, $"{g.ToScalar()} vs {closed}");
        Assert.True(Math.Abs(value.ToScalar() - 2 * closed) < 1e-9 * closed);
    }

    [Fact]
    public void ASinChainMatchesAPlainChainRuleLoop()
    {
        const int n = 200_000;
        var (value, g) = ReverseMode.ValueAndGrad(v =>
        {
            for (int i = 0; i < n; i++) v = v.Sin();
            return v;
        }, Tensor<double>.Scalar(1.0));
        double x = 1, d = 1;
        for (int i = 0; i < n; i++) { d *= Math.Cos(x); x = Math.Sin(x); }
        Assert.Equal(x, value.ToScalar(), 15);
        Assert.True(Math.Abs(g.ToScalar() - d) < 1e-12 * Math.Abs(d), $"{g.ToScalar()} vs {d}");
    }

    [Fact]
    public void UnusedInputGetsZeroGradient()
    {
        var g = ReverseMode.Grad(v => Variable.Constant(Tensor<double>.Scalar(3)), Vec(1, 2));
        Assert.True(g.AllClose(Vec(0, 0), 0, 0));
    }
}
