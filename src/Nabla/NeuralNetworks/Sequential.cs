using System.Numerics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// Layers applied one after the other: a⁽ˡ⁾ = layerₗ(a⁽ˡ⁻¹⁾). <see cref="Backward"/> runs the chain rule from the loss
/// back through every layer (backpropagation), accumulating each parameter's gradient.
/// </summary>
public sealed class Sequential<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T>[] _layers;

    /// <summary>A network of the given layers, checked at construction: each layer's input size must equal the size
    /// the layers before it produce (activations keep the size).</summary>
    /// <exception cref="ArgumentException">No layers, a null layer, or sizes that do not chain (both sizes named).</exception>
    public Sequential(params ILayer<T>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("a network needs at least one layer.", nameof(layers));
        int? size = null;
        int? first = null;
        string producer = "";
        for (int i = 0; i < layers.Length; i++)
        {
            var layer = layers[i] ?? throw new ArgumentException($"layer {i + 1} is null.", nameof(layers));
            if (layer.InputSize is int need)
            {
                if (size is int have && have != need)
                    throw new ArgumentException(
                        $"layer sizes do not chain: layer {i + 1} ({layer}) takes {need} inputs but {producer} gives {have} outputs.", nameof(layers));
                first ??= need;
            }
            if (layer.OutputSize is int outSize) { size = outSize; producer = $"layer {i + 1} ({layer})"; }
        }
        _layers = layers;
        InputSize = first;
        OutputSize = size;
        Parameters = layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>A multilayer perceptron: Dense layers of the given sizes (e.g. 784, 256, 256, 10) with
    /// <paramref name="hiddenActivation"/> ("relu", "sigmoid", "tanh", "softplus") after every hidden layer and
    /// <paramref name="outputActivation"/> (null for a linear output, e.g. logits for softmax cross-entropy) after the last.
    /// Layer l's weights use seed + l, so the whole network is reproducible from one seed.</summary>
    /// <exception cref="ArgumentException">Fewer than two sizes, a size ≤ 0, or an unknown activation.</exception>
    public static Sequential<T> Mlp(IReadOnlyList<int> sizes, string hiddenActivation = "relu", string? outputActivation = null,
        Initializer? initializer = null, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2) throw new ArgumentException($"an MLP needs at least an input and an output size (got {sizes.Count} sizes).", nameof(sizes));
        var init = initializer ?? (hiddenActivation == "relu" ? Initializer.HeNormal : Initializer.XavierUniform);
        var layers = new List<ILayer<T>>();
        for (int l = 1; l < sizes.Count; l++)
        {
            layers.Add(new Dense<T>(sizes[l - 1], sizes[l], init, seed + l, index: l));
            var act = l < sizes.Count - 1 ? hiddenActivation : outputActivation;
            if (act is not null) layers.Add(Activation(act));
        }
        return new Sequential<T>([.. layers]);
    }

    /// <summary>The activation layer for a name: "sigmoid", "tanh", "relu", "softplus", "softmax".</summary>
    /// <exception cref="ArgumentException">Unknown name (the known ones are listed).</exception>
    public static ILayer<T> Activation(string name) => name switch
    {
        "sigmoid" => new Sigmoid<T>(),
        "tanh" => new Tanh<T>(),
        "relu" => new Relu<T>(),
        "softplus" => new Softplus<T>(),
        "softmax" => new Softmax<T>(),
        _ => throw new ArgumentException($"unknown activation '{name}'; expected sigmoid, tanh, relu, softplus or softmax.", nameof(name)),
    };

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<ILayer<T>> Layers => _layers;

    /// <summary>All trainable parameters, layer by layer.</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The number of input features (null when no layer fixes it).</summary>
    public int? InputSize { get; }

    /// <summary>The number of outputs (null when no layer fixes it).</summary>
    public int? OutputSize { get; }

    /// <summary>The total number of trainable numbers.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

    /// <summary>Runs the layers on a (features × samples) batch. The result is a buffer of the last layer, reused by the
    /// next call with the same batch size (see <see cref="Predict"/> for a copy).</summary>
    /// <exception cref="ArgumentException">The input is not a matrix with <see cref="InputSize"/> rows.</exception>
    public Tensor<T> Forward(Tensor<T> input, bool training = false)
    {
        Kernels.CheckMatrix(input, InputSize, "the network", "input");
        var a = input;
        foreach (var layer in _layers) a = layer.Forward(a, training);
        return a;
    }

    /// <summary>Backpropagation: given ∂C/∂output of the last <see cref="Forward"/>, adds ∂C/∂θ to every parameter's
    /// gradient. The first layer's input gradient is not computed (nothing needs it).</summary>
    public void Backward(Tensor<T> outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var g = outputGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            if (i == 0 && _layers[0] is Dense<T> first) { first.AccumulateParameterGradients(g); return; }
            g = _layers[i].Backward(g);
        }
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (var p in Parameters) p.ZeroGradient();
    }

    /// <summary>Inference: the outputs for a (features × samples) input, as a new tensor.</summary>
    public Tensor<T> Predict(Tensor<T> input) => Forward(input, training: false).Clone();

    /// <summary>The predicted class of each sample (column): the row of the largest output, first on ties.</summary>
    public int[] Classify(Tensor<T> input)
    {
        var y = Forward(input, training: false);
        int k = y.Shape[0], n = y.Shape[1];
        var s = y.AsSpan();
        var labels = new int[n];
        for (int j = 0; j < n; j++)
        {
            int best = 0;
            for (int i = 1; i < k; i++) if (s[i * n + j] > s[best * n + j]) best = i;
            labels[j] = best;
        }
        return labels;
    }

    /// <summary>Copies of every parameter value (for restoring later with <see cref="SetParameters"/>).</summary>
    public T[][] GetParameters() => Parameters.Select(p => p.Value.ToArray()).ToArray();

    /// <summary>Overwrites every parameter value with the arrays from <see cref="GetParameters"/>.</summary>
    /// <exception cref="ArgumentException">The arrays do not match the parameters.</exception>
    public void SetParameters(IReadOnlyList<T[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Parameters.Count) throw new ArgumentException($"expected {Parameters.Count} parameter arrays, got {values.Count}.");
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i].Length != Parameters[i].Value.Length)
                throw new ArgumentException($"parameter {Parameters[i].Name} has {Parameters[i].Value.Length} elements, got {values[i].Length}.");
            values[i].CopyTo(Parameters[i].Value.AsSpan());
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" → ", _layers.Select(l => l.ToString()));
}
