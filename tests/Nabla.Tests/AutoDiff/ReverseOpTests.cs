using Nabla.AutoDiff;
using Nabla.Numerics;

namespace Nabla.Tests.AutoDiffTests;

/// <summary>Every tape operation's gradient against central differences (h = 1e-4, relative error &lt; 1e-6).</summary>
public sealed class ReverseOpTests
{
    private static Tensor<double> Rand(int seed, double low, double high, params int[] shape) =>
        Tensor<double>.RandomUniform(new TensorShape(shape), low, high, seed);

    /// <summary>Projects f(x) onto fixed random weights so every output element matters, then gradient-checks the
    /// reverse-mode gradient against central differences of the same computation.</summary>
    private static void Check(Func<Variable, Variable> f, Tensor<double> x, double tolerance = 1e-6)
    {
        var shape = f(Variable.Constant(x)).Shape;
        var weights = Tensor<double>.RandomUniform(shape, 0.5, 1.5, 99);
        var report = ReverseMode.CheckGradient(v => (f(v) * Variable.Constant(weights)).Sum(), x, 1e-4, tolerance);
        Assert.True(report.Passed, report.Summary);
    }

    public static TheoryData<string> Unary => new() { "neg", "exp", "log", "sqrt", "square", "pow2.5", "pow-1", "pow1/3", "abs", "tanh", "sigmoid",
        "relu", "softplus", "sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan", "sinh", "cosh", "scale", "addScalar", "rdiv" };

    [Theory]
    [MemberData(nameof(Unary))]
    public void UnaryOpGradients(string op)
    {
        Func<Variable, Variable> f = op switch
        {
            "neg" => v => -v,
            "exp" => v => v.Exp(),
            "log" => v => v.Log(),
            "sqrt" => v => v.Sqrt(),
            "square" => v => v.Square(),
            "pow2.5" => v => v.Pow(2.5),
            "pow-1" => v => v.Pow(-1.0),
            "pow1/3" => v => (v - 0.9).Pow(1, 3), // crosses zero: odd root of negatives
            "abs" => v => (v - 0.9).Abs(),
            "tanh" => v => v.Tanh(),
            "sigmoid" => v => (v * 3.0).Sigmoid(),
            "relu" => v => (v - 0.9).Relu(),
            "softplus" => v => v.Softplus(),
            "sin" => v => v.Sin(),
            "cos" => v => v.Cos(),
            "tan" => v => v.Tan(),
            "sec" => v => v.Sec(),
            "csc" => v => v.Csc(),
            "cot" => v => v.Cot(),
            "asin" => v => (v - 0.9).Asin(),
            "acos" => v => (v - 0.9).Acos(),
            "atan" => v => v.Atan(),
            "sinh" => v => v.Sinh(),
            "cosh" => v => v.Cosh(),
            "scale" => v => v * -2.5,
            "addScalar" => v => 3.0 - v,
            "rdiv" => v => 2.0 / v,
            _ => throw new ArgumentException(op),
        };
        // Inputs in [0.2, 1.4] (away from π/2) keep every function well conditioned; shifted ones stay ≥ 0.05 away from kinks at 0.
        var x = Rand(op.Length, 0.2, 1.4, 3, 4).Map(t => Math.Abs(t - 0.9) < 0.05 ? t + 0.1 : t);
        Check(f, x);
    }

    public static TheoryData<int[], int[]> BroadcastPairs => new()
    {
        { [3, 4], [3, 4] }, { [3, 4], [4] }, { [2, 1, 3], [4, 1] }, { [3, 1], [1, 5] }, { [], [2, 3] }, { [2, 3], [1] },
    };

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void BinaryOpGradientsWithBroadcasting(int[] shapeA, int[] shapeB)
    {
        var a = Rand(1, 0.5, 2, shapeA);
        var b = Rand(2, 0.5, 2, shapeB);
        Func<Variable, Variable, Variable>[] ops = [(u, v) => u + v, (u, v) => u - v, (u, v) => u * v, (u, v) => u / v, Variable.Pow];
        foreach (var op in ops)
        {
            Check(u => op(u, Variable.Constant(b)), a);
            Check(v => op(Variable.Constant(a), v), b);
            Check(u => op(u, u.Square() + 0.5), a); // the same variable on both sides: contributions add up
        }
    }

    [Fact]
    public void MatMulTransposeReshapeGradients()
    {
        var a = Rand(3, -1, 1, 3, 4);
        var b = Rand(4, -1, 1, 4, 5);
        Check(u => Variable.MatMul(u, Variable.Constant(b)), a);
        Check(v => Variable.MatMul(Variable.Constant(a), v), b);
        Check(u => Variable.MatMul(u.Transpose(), u), a);
        Check(u => u.Reshape(2, -1).Transpose().Reshape(12), a);
        Check(u => u.BroadcastTo(new TensorShape(2, 3, 4)), a);
        var ex = Assert.Throws<ArgumentException>(() => Variable.MatMul(Variable.Constant(a), Variable.Constant(a)));
        Assert.Contains("(3, 4)", ex.Message);
    }

    [Fact]
    public void ReductionGradients()
    {
        var x = Rand(5, -1, 1, 2, 3, 4);
        Check(u => u.Sum(), x);
        Check(u => u.Mean(), x);
        for (int axis = -3; axis < 3; axis++)
        {
            int ax = axis;
            Check(u => u.Sum(ax), x);
            Check(u => u.Sum(ax, keepDims: true) * u, x);
            Check(u => u.Mean(ax).Square(), x);
        }
    }

    [Fact]
    public void SoftmaxAndLossGradients()
    {
        var x = Rand(6, -2, 2, 4, 5);
        foreach (int axis in new[] { 0, 1, -1 })
        {
            int ax = axis;
            Check(u => u.Softmax(ax), x);
            Check(u => u.LogSoftmax(ax), x);
        }
        Check(u => Variable.CrossEntropy(u, [0, 4, 2, 2]), x);
        var soft = Rand(7, 0, 1, 4, 5).Softmax(1);
        Check(u => Variable.CrossEntropy(u, soft), x);
        Check(u => Variable.Mse(u.Sigmoid(), soft), x);
        // Closed form: ∂CE/∂logits = (softmax − onehot)/n.
        var g = ReverseMode.Grad(u => Variable.CrossEntropy(u, [1, 0, 3, 4]), x);
        var s = x.Softmax(1);
        int[] labels = [1, 0, 3, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
                Assert.Equal((s[i, j] - (labels[i] == j ? 1 : 0)) / 4, g[i, j], 14);
        Assert.Throws<ArgumentException>(() => Variable.CrossEntropy(Variable.Constant(x), [0, 5, 1, 1]));
        Assert.Throws<ArgumentException>(() => Variable.Mse(Variable.Constant(x), soft.Reshape(5, 4)));
    }

    [Fact]
    public void SlicingAndConcatGradients()
    {
        var x = Rand(8, -1, 1, 4, 6);
        Check(u => u.Narrow(1, 2, 3), x);
        Check(u => u.Narrow(0, 0, 2) * u.Narrow(0, 2, 2), x);
        Check(u => u.Row(3) * u.Row(1), x);
        Check(u => Variable.Concat([u.Narrow(1, 3, 3).Exp(), u, u.Narrow(1, 0, 1)], 1), x);
        Check(u => Variable.Concat([u.Sin(), u], 0), x);
        Assert.Throws<ArgumentException>(() => Variable.Concat([Variable.Constant(x), Variable.Constant(x.Reshape(6, 4))], 0));
    }
}
