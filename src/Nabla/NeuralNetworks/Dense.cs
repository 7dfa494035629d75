using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// A fully connected layer z = W·a + b with W (out × in) and b (out × 1), applied to a (in × samples) batch at once.
/// </summary>
/// <remarks>
/// The chain rule for one layer, with G = ∂C/∂z (out × samples): ∂C/∂W = G·aᵀ, ∂C/∂b = the row sums of G (b is
/// broadcast over the samples), ∂C/∂a = Wᵀ·G. All three products go to <see cref="Gemm"/> with transpose flags, so
/// no matrix is copied or transposed in memory.
/// </remarks>
public sealed class Dense<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BufferCache<T> _outputs = new(), _inputGradients = new();
    private Tensor<T>? _input;

    /// <summary>A layer with weights from <paramref name="initializer"/> (default He normal) and zero biases (or <paramref name="biasInitializer"/>).</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public Dense(int inputs, int outputs, Initializer? initializer = null, long seed = 0, Initializer? biasInitializer = null, int index = 1)
    {
        if (inputs <= 0 || outputs <= 0) throw new ArgumentException($"a dense layer needs positive sizes (got {inputs} → {outputs}).");
        var w = (initializer ?? Initializer.HeNormal).Create<T>(inputs, outputs, seed);
        var b = (biasInitializer ?? Initializer.Zeros).Create<T>(1, outputs, unchecked(seed * 7919 + 17));
        Weights = new Parameter<T>($"W{index}", w);
        Bias = new Parameter<T>($"b{index}", b);
        Parameters = [Weights, Bias];
    }

    /// <summary>A layer with the given weights (out × in) and biases (out × 1 or out), used in place.</summary>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public Dense(Tensor<T> weights, Tensor<T> bias, int index = 1)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Rank != 2) throw new ArgumentException($"dense weights must be a matrix (out × in); got shape {weights.Shape}.");
        if (bias.Length != weights.Shape[0] || bias.Rank > 2 || (bias.Rank == 2 && bias.Shape[1] != 1))
            throw new ArgumentException($"dense bias must be ({weights.Shape[0]}, 1) for weights {weights.Shape}; got {bias.Shape}.");
        Weights = new Parameter<T>($"W{index}", weights.Contiguous());
        Bias = new Parameter<T>($"b{index}", bias.Contiguous().Reshape(weights.Shape[0], 1));
        Parameters = [Weights, Bias];
    }

    /// <summary>W (out × in).</summary>
    public Parameter<T> Weights { get; }

    /// <summary>b (out × 1).</summary>
    public Parameter<T> Bias { get; }

    /// <inheritdoc />
    public string Kind => "dense";

    /// <summary>The number of inputs (columns of W).</summary>
    public int Inputs => Weights.Value.Shape[1];

    /// <summary>The number of outputs (rows of W).</summary>
    public int Outputs => Weights.Value.Shape[0];

    /// <inheritdoc />
    public int? InputSize => Inputs;

    /// <inheritdoc />
    public int? OutputSize => Outputs;

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <inheritdoc />
    public Tensor<T> Forward(Tensor<T> input, bool training)
    {
        Kernels.CheckMatrix(input, Inputs, this, "input");
        int n = input.Shape[1], m = Outputs, k = Inputs;
        var x = Kernels.Span(input, "input");
        var z = _outputs.Get(m, n);
        var zs = z.AsSpan();
        var b = Bias.Value.AsSpan();
        // z starts as b repeated along each row, then the product is accumulated onto it (β = 1): no separate bias pass.
        for (int r = 0; r < m; r++) zs.Slice(r * n, n).Fill(b[r]);
        Kernels.Multiply(false, false, m, n, k, T.One, Weights.Value.AsSpan(), k, x, n, T.One, zs, n);
        _input = input;
        return z;
    }

    /// <inheritdoc />
    public Tensor<T> Backward(Tensor<T> outputGradient)
    {
        AccumulateParameterGradients(outputGradient);
        int n = outputGradient.Shape[1], m = Outputs, k = Inputs;
        var dx = _inputGradients.Get(k, n);
        // ∂C/∂a = Wᵀ·G: W is read transposed through the flag.
        Kernels.Multiply(true, false, k, n, m, T.One, Weights.Value.AsSpan(), k, outputGradient.AsSpan(), n, T.Zero, dx.AsSpan(), n);
        return dx;
    }

    /// <summary>
    /// The parameter half of <see cref="Backward"/> (∂C/∂W += G·aᵀ, ∂C/∂b += row sums of G) without ∂C/∂input —
    /// the first layer of a network needs no gradient for its input, which saves a third of the backward products.
    /// </summary>
    public void AccumulateParameterGradients(Tensor<T> outputGradient)
    {
        var x = _input ?? throw new InvalidOperationException($"{this}: Backward called before Forward.");
        int n = x.Shape[1], m = Outputs, k = Inputs;
        if (outputGradient.Rank != 2 || outputGradient.Shape[0] != m || outputGradient.Shape[1] != n)
            throw new InvalidOperationException($"{this}: the output gradient has shape {outputGradient.Shape} but the output was ({m}, {n}).");
        var g = Kernels.Span(outputGradient, "output gradient");
        Kernels.Multiply(false, true, m, k, n, T.One, g, n, x.AsSpan(), n, T.One, Weights.Gradient.AsSpan(), k);
        var db = Bias.Gradient.AsSpan();
        for (int r = 0; r < m; r++) db[r] += TensorPrimitives.Sum<T>(g.Slice(r * n, n));
    }

    /// <inheritdoc />
    public override string ToString() => $"Dense {Inputs} → {Outputs}";
}
