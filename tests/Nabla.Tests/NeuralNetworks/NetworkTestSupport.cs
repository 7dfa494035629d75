using Nabla.AutoDiff;
using Nabla.NeuralNetworks;
using Nabla.Numerics;

namespace Nabla.Tests.NeuralNetworks;

/// <summary>Random networks and data shared by the neural-network tests.</summary>
internal static class NetworkTestSupport
{
    public static readonly string[] Activations = ["sigmoid", "tanh", "relu", "softplus"];

    /// <summary>A random Dense/activation stack with 1–3 hidden layers of 2–6 units and random biases.</summary>
    public static (Sequential<double> Network, int[] Sizes) RandomNetwork(Random rng, int inputs, int outputs, string? outputActivation)
    {
        int hidden = rng.Next(1, 4);
        var sizes = new List<int> { inputs };
        for (int i = 0; i < hidden; i++) sizes.Add(rng.Next(2, 7));
        sizes.Add(outputs);
        var layers = new List<ILayer<double>>();
        for (int l = 1; l < sizes.Count; l++)
        {
            layers.Add(new Dense<double>(sizes[l - 1], sizes[l], Initializer.XavierNormal, rng.Next(), Initializer.Normal(0.5), index: l));
            var act = l < sizes.Count - 1 ? Activations[rng.Next(Activations.Length)] : outputActivation;
            if (act is not null) layers.Add(Sequential<double>.Activation(act));
        }
        return (new Sequential<double>([.. layers]), [.. sizes]);
    }

    /// <summary>The same network and loss recorded on the reverse-mode tape; returns the loss and the tape variables of the parameters.</summary>
    public static (double Loss, Variable[] Parameters) OnTape(Sequential<double> network, Tensor<double> x, Func<Variable, Variable> loss)
    {
        var tape = new Tape();
        var vars = network.Parameters.Select(p => tape.Variable(p.Value.Clone())).ToArray();
        var a = tape.Constant(x);
        int next = 0;
        foreach (var layer in network.Layers)
        {
            a = layer.Kind switch
            {
                "dense" => Variable.MatMul(vars[next++], a) + vars[next++],
                "sigmoid" => a.Sigmoid(),
                "tanh" => a.Tanh(),
                "relu" => a.Relu(),
                "softplus" => a.Softplus(),
                "softmax" => a.Softmax(0),
                var k => throw new InvalidOperationException(k),
            };
        }
        var c = loss(a);
        c.Backward();
        return (c.Value.ToScalar(), vars);
    }
}
