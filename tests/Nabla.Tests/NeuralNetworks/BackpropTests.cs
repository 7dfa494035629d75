using Nabla.AutoDiff;
using Nabla.NeuralNetworks;
using Nabla.Numerics;
using Xunit;

namespace Nabla.Tests.NeuralNetworks;

/// <summary>The network's backpropagation equals the general reverse-mode tape on random networks and data.</summary>
public sealed class BackpropTests
{
    [Theory]
    [InlineData("course")]
    [InlineData("mse")]
    [InlineData("cross-entropy")]
    [InlineData("softmax-course")]
    public void BackpropEqualsTheTape(string lossName)
    {
        for (int trial = 0; trial < 40; trial++)
        {
            var rng = new Random(1000 * lossName.Length + trial);
            int inputs = rng.Next(1, 5), outputs = rng.Next(2, 5), n = rng.Next(1, 9);
            var (network, _) = NetworkTestSupport.RandomNetwork(rng, inputs, outputs, lossName switch
            {
                "softmax-course" => "softmax",
                "cross-entropy" => null,
                _ => NetworkTestSupport.Activations[rng.Next(4)],
            });
            var x = Tensor<double>.RandomNormal(new TensorShape(inputs, n), 0, 1, trial);
            var y = Tensor<double>.RandomUniform(new TensorShape(outputs, n), 0, 1, trial + 7);
            var labels = Enumerable.Range(0, n).Select(_ => rng.Next(outputs)).ToArray();
            ILoss<double> loss = lossName switch
            {
                "mse" => new MeanSquaredError<double>(),
                "cross-entropy" => new SoftmaxCrossEntropy<double>(),
                _ => new CourseCost<double>(),
            };
            var targets = lossName == "cross-entropy" ? Targets<double>.FromLabels(labels) : Targets<double>.FromValues(y);

            network.ZeroGradients();
            var output = network.Forward(x, training: true);
            var g = Tensor<double>.Zeros(output.Shape);
            double value = loss.Evaluate(output, targets, g);
            network.Backward(g);

            var (tapeValue, vars) = NetworkTestSupport.OnTape(network, x, a => lossName switch
            {
                "mse" => Variable.Mse(a, y),
                "cross-entropy" => Variable.CrossEntropy(a.Transpose(), labels),
                _ => (a - Variable.Constant(y)).Square().Sum() * (1.0 / n),
            });
            Assert.Equal(tapeValue, value, 1e-12);
            for (int p = 0; p < vars.Length; p++)
            {
                var expected = vars[p].Grad!.ToArray();
                var actual = network.Parameters[p].Gradient.ToArray();
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])),
                        $"trial {trial}, {network.Parameters[p].Name}[{i}]: backprop {actual[i]} vs tape {expected[i]} ({network})");
            }
        }
    }

    [Fact]
    public void GradientsAccumulateUntilZeroed()
    {
        var rng = new Random(3);
        var (network, _) = NetworkTestSupport.RandomNetwork(rng, 2, 2, "sigmoid");
        var x = Tensor<double>.RandomNormal(new TensorShape(2, 4), 0, 1, 1);
        var g = Tensor<double>.RandomNormal(new TensorShape(2, 4), 0, 1, 2);
        network.ZeroGradients();
        network.Forward(x, true);
        network.Backward(g);
        var once = network.Parameters[0].Gradient.ToArray();
        network.Forward(x, true);
        network.Backward(g);
        var twice = network.Parameters[0].Gradient.ToArray();
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 1e-14);
    }
}
