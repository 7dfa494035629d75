using System.Text.Json.Nodes;
using Nabla.NeuralNetworks;
using Nabla.Numerics;
using Xunit;

namespace Nabla.Tests.NeuralNetworks;

/// <summary>JSON save/load: identical outputs after a round trip, and clear errors for bad files and bad input.</summary>
public sealed class SaveLoadTests
{
    private static void TrainedRoundTrip<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var data = SyntheticData.GaussianClusters<T>(300, 12, 4, 1.0, seed: 2);
        var network = new Sequential<T>(new Dense<T>(12, 10, Initializer.HeNormal, 1, index: 1), new Relu<T>(),
            new Dense<T>(10, 6, Initializer.XavierUniform, 2, index: 2), new Tanh<T>(), new Dense<T>(6, 5, seed: 3, index: 3), new Sigmoid<T>(),
            new Dense<T>(5, 4, seed: 4, index: 4), new Softplus<T>(), new Softmax<T>());
        new Trainer<T>(network, new MeanSquaredError<T>(), new Adam<T>(0.01), new TrainingOptions { Epochs = 2, BatchSize = 30 })
            .Train(Dataset<T>.Regression(data.Inputs, Tensor<T>.RandomUniform(new TensorShape(4, 300), T.Zero, T.One, 5)));
        var path = Path.Combine(Path.GetTempPath(), $"nabla-net-{Guid.NewGuid():N}.json");
        try
        {
            NetworkFile.Save(network, path);
            var loaded = NetworkFile.Load<T>(path);
            Assert.Equal(network.ToString(), loaded.ToString());
            Assert.Equal(network.Predict(data.Inputs).ToArray(), loaded.Predict(data.Inputs).ToArray());
            for (int i = 0; i < network.Parameters.Count; i++)
                Assert.Equal(network.Parameters[i].Value.ToArray(), loaded.Parameters[i].Value.ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void FloatNetworkRoundTripsExactly() => TrainedRoundTrip<float>();

    [Fact]
    public void DoubleNetworkRoundTripsExactly() => TrainedRoundTrip<double>();

    [Fact]
    public void AFailedSaveLeavesTheOldFileWholeAndNoTemporaryFiles()
    {
        var folder = Directory.CreateTempSubdirectory("nabla-save-");
        try
        {
            string path = Path.Combine(folder.FullName, "net.json");
            var good = Sequential<double>.Mlp([3, 2, 2], seed: 1);
            NetworkFile.Save(good, path);
            string before = File.ReadAllText(path);
            // A network JSON cannot represent (a NaN weight) fails while serialising: the saved file must be untouched.
            var broken = Sequential<double>.Mlp([3, 2, 2], seed: 2);
            broken.Parameters[0].Value.AsSpan()[0] = double.NaN;
            Assert.Throws<InvalidOperationException>(() => NetworkFile.Save(broken, path));
            Assert.Equal(before, File.ReadAllText(path));
            // Saving over an existing file replaces it whole; no temporary file is left beside it.
            NetworkFile.Save(Sequential<double>.Mlp([3, 2, 2], seed: 3), path);
            Assert.NotEqual(before, File.ReadAllText(path));
            Assert.Equal(["net.json"], folder.GetFiles().Select(f => f.Name));
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void FileHasTheDocumentedHeader()
    {
        var json = JsonNode.Parse(NetworkFile.Serialize(Sequential<float>.Mlp([3, 2, 2], seed: 1)))!;
        Assert.Equal("nabla-network", (string?)json["format"]);
        Assert.Equal(1, (int?)json["version"]);
        Assert.Equal("float32", (string?)json["dtype"]);
        Assert.Equal("dense", (string?)json["layers"]![0]!["type"]);
        Assert.Equal(6, json["layers"]![0]!["weights"]!.AsArray().Count);
        Assert.Equal("relu", (string?)json["layers"]![1]!["type"]);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "top level")]
    [InlineData("""{"format":"other","version":1}""", "\"format\" must be \"nabla-network\"")]
    [InlineData("""{"format":"nabla-network","version":2,"dtype":"float32","layers":[]}""", "version 2 is not supported")]
    [InlineData("""{"format":"nabla-network","version":1,"dtype":"int8","layers":[]}""", "unknown dtype")]
    [InlineData("""{"format":"nabla-network","version":1,"dtype":"float64","layers":[]}""", "no layers")]
    [InlineData("""{"format":"nabla-network","version":1,"dtype":"float64","layers":[{"type":"conv"}]}""", "unknown type \"conv\"")]
    [InlineData("""{"format":"nabla-network","version":1,"dtype":"float64","layers":[{"type":"dense","inputs":2,"outputs":1,"weights":[1],"bias":[0]}]}""", "\"weights\" has 1 numbers but its sizes need 2")]
    [InlineData("""{"format":"nabla-network","version":1,"dtype":"float64","layers":[{"type":"dense","inputs":1,"outputs":1,"weights":["x"],"bias":[0]}]}""", "not a number")]
    [InlineData("""{"format":"nabla-network","version":1,"dtype":"float64","layers":[{"type":"dense","inputs":1,"outputs":2,"weights":[1,2],"bias":[0,0]},{"type":"dense","inputs":3,"outputs":1,"weights":[1,2,3],"bias":[0]}]}""", "takes 3 inputs but layer 1")]
    public void BadFilesGiveClearErrors(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => NetworkFile.Deserialize<double>(json));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void NonFiniteWeightsAreNotSaved()
    {
        var network = Sequential<double>.Mlp([2, 2], seed: 1);
        network.Parameters[0].Value.AsSpan()[1] = double.NaN;
        var e = Assert.Throws<InvalidOperationException>(() => NetworkFile.Serialize(network));
        Assert.Contains("weights[1] is NaN", e.Message);
    }

    [Fact]
    public void SizesThatDoNotChainAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequential<double>(new Dense<double>(3, 4), new Relu<double>(), new Dense<double>(5, 2)));
        Assert.Contains("layer 3 (Dense 5 → 2) takes 5 inputs but layer 1 (Dense 3 → 4) gives 4 outputs", e.Message);
        var network = new Sequential<double>(new Dense<double>(3, 4));
        var f = Assert.Throws<ArgumentException>(() => network.Forward(Tensor<double>.Zeros(2, 5)));
        Assert.Contains("takes 3 features (rows)", f.Message);
    }

    [Fact]
    public void LabelsOutOfRangeAreRejectedBeforeTraining()
    {
        var x = Tensor<double>.Zeros(2, 4);
        var network = Sequential<double>.Mlp([2, 3, 3], seed: 1);
        var before = network.GetParameters();
        var trainer = new Trainer<double>(network, new SoftmaxCrossEntropy<double>(), new Sgd<double>(0.1));
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(Dataset<double>.Classification(x, [0, 2, 7, 1])));
        Assert.Contains("label 7 (sample 2) is out of range: the network has 3 classes", e.Message);
        Assert.Equal(before, network.GetParameters());
        var direct = Assert.Throws<ArgumentException>(() =>
            new SoftmaxCrossEntropy<double>().Evaluate(Tensor<double>.Zeros(3, 2), Targets<double>.FromLabels([0, -1]), null));
        Assert.Contains("label -1", direct.Message);
    }

    [Fact]
    public void OtherBadInput()
    {
        Assert.Throws<ArgumentException>(() => Sequential<double>.Activation("swish"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>(beta1: 1));
        Assert.Throws<ArgumentException>(() => new Dataset<double>(Tensor<double>.Zeros(2, 3), Targets<double>.FromLabels([0, 1])));
        var net = Sequential<double>.Mlp([2, 2], seed: 1);
        Assert.Throws<ArgumentException>(() => new Trainer<double>(net, new MeanSquaredError<double>(), new Sgd<double>(1), new TrainingOptions { BatchSize = 0 }));
        var t = new Trainer<double>(net, new MeanSquaredError<double>(), new Sgd<double>(1), new TrainingOptions { Patience = 2 });
        Assert.Contains("needs validation data", Assert.Throws<ArgumentException>(() =>
            t.Train(Dataset<double>.Regression(Tensor<double>.Zeros(2, 3), Tensor<double>.Zeros(2, 3)))).Message);
        Assert.Contains("class labels", Assert.Throws<ArgumentException>(() =>
            new Trainer<double>(net, new MeanSquaredError<double>(), new Sgd<double>(1)).Train(Dataset<double>.Classification(Tensor<double>.Zeros(2, 3), [0, 1, 1]))).Message);
    }
}
