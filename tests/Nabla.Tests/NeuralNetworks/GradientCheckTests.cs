using Nabla.AutoDiff;
using Nabla.NeuralNetworks;
using Nabla.Numerics;
using Xunit;

namespace Nabla.Tests.NeuralNetworks;

/// <summary>Every layer, activation and loss (double) against central differences of its own forward pass.</summary>
public sealed class GradientCheckTests
{
    /// <summary>f = Σ R ⊙ layer(x) for a fixed random R, so ∂f/∂output = R; Backward(R) must match the finite
    /// differences of f in the input and in every parameter.</summary>
    private static void CheckLayer(ILayer<double> layer, int rows, int samples, long seed)
    {
        var x = Tensor<double>.RandomNormal(new TensorShape(rows, samples), 0, 1, seed);
        var y0 = layer.Forward(x, true);
        var r = Tensor<double>.RandomNormal(y0.Shape, 0, 1, seed + 1);
        double F()
        {
            var y = layer.Forward(x, true);
            double s = 0;
            var ys = y.AsSpan(); var rs = r.AsSpan();
            for (int i = 0; i < ys.Length; i++) s += ys[i] * rs[i];
            return s;
        }
        foreach (var p in layer.Parameters) p.ZeroGradient();
        layer.Forward(x, true);
        var dx = layer.Backward(r).ToArray();

        var x0 = x.ToArray();
        var report = GradientCheck.Compare(v => { v.CopyTo(x.AsSpan()); return F(); }, x0, dx);
        x0.CopyTo(x.AsSpan());
        Assert.True(report.Passed, $"{layer} input: {report.Summary}");
        foreach (var p in layer.Parameters)
        {
            var original = p.Value.ToArray();
            var rep = GradientCheck.Compare(v => { v.CopyTo(p.Value.AsSpan()); return F(); }, original, p.Gradient.ToArray());
            original.CopyTo(p.Value.AsSpan());
            Assert.True(rep.Passed, $"{layer} {p.Name}: {rep.Summary}");
        }
    }

    [Theory]
    [InlineData(3, 4, 5)]
    [InlineData(7, 2, 1)]
    [InlineData(1, 6, 9)]
    public void Dense(int inputs, int outputs, int samples) =>
        CheckLayer(new Dense<double>(inputs, outputs, Initializer.XavierNormal, seed: inputs, biasInitializer: Initializer.Normal(1)), inputs, samples, 10 + samples);

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("softplus")]
    [InlineData("softmax")]
    public void Activation(string name)
    {
        for (int seed = 0; seed < 5; seed++) CheckLayer(Sequential<double>.Activation(name), 4, 6, 100 + seed);
    }

    [Fact]
    public void SigmoidDerivativeIsTheCourseForm()
    {
        // σ′(z) = σ(z)(1 − σ(z)) = cosh(z/2)⁻²/4, checked through Backward with unit upstream gradient.
        var layer = new Sigmoid<double>();
        var z = Tensor<double>.FromArray([-3.0, -0.5, 0, 0.7, 4], 5, 1);
        layer.Forward(z, true);
        var d = layer.Backward(Tensor<double>.Ones(5, 1)).ToArray();
        for (int i = 0; i < 5; i++)
        {
            double c = Math.Cosh(z[i, 0] / 2);
            Assert.Equal(1 / (4 * c * c), d[i], 1e-15);
        }
    }

    public static TheoryData<string> LossNames => new() { "course", "mse", "cross-entropy" };

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Loss(string name)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            int k = 3 + seed % 3, n = 2 + seed;
            var output = Tensor<double>.RandomNormal(new TensorShape(k, n), 0, 1.5, seed);
            var rng = new Random(seed);
            ILoss<double> loss = name switch
            {
                "course" => new CourseCost<double>(),
                "mse" => new MeanSquaredError<double>(),
                _ => new SoftmaxCrossEntropy<double>(),
            };
            var targets = name == "cross-entropy"
                ? Targets<double>.FromLabels(Enumerable.Range(0, n).Select(_ => rng.Next(k)).ToArray())
                : Targets<double>.FromValues(Tensor<double>.RandomUniform(new TensorShape(k, n), 0, 1, seed + 50));
            var g = Tensor<double>.Zeros(k, n);
            loss.Evaluate(output, targets, g);
            var report = GradientCheck.Compare(v => loss.Evaluate(Tensor<double>.FromArray(v, k, n), targets, null), output.ToArray(), g.ToArray());
            Assert.True(report.Passed, $"{name}: {report.Summary}");
        }
    }

    [Fact]
    public void LossValuesMatchTheirDefinitions()
    {
        var a = Tensor<double>.FromArray([1.0, 2, 3, 4, 5, 6], 2, 3);
        var y = Tensor<double>.FromArray([0.0, 2, 1, 4, 4, 6], 2, 3);
        // Σ(a − y)² = 1 + 0 + 4 + 0 + 1 + 0 = 6; n = 3 samples, 6 elements.
        Assert.Equal(2.0, new CourseCost<double>().Evaluate(a, Targets<double>.FromValues(y), null), 1e-15);
        Assert.Equal(1.0, new MeanSquaredError<double>().Evaluate(a, Targets<double>.FromValues(y), null), 1e-15);
        // Cross-entropy of logits [[0],[ln 3]] with label 1: −ln(3/4).
        var z = Tensor<double>.FromArray([0.0, Math.Log(3)], 2, 1);
        Assert.Equal(-Math.Log(0.75), new SoftmaxCrossEntropy<double>().Evaluate(z, Targets<double>.FromLabels([1]), null), 1e-15);
    }
}
