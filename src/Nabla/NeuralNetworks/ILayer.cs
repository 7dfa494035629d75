using System.Numerics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// One stage of a network. Activations are (features × samples) matrices — one column per sample, as in the course's
/// a = σ(W a + b) — so a batch flows through the layers as a single matrix.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> remembers what <see cref="Backward"/> needs (its input or output). The returned tensors are
/// buffers owned by the layer and reused by the next call with the same batch size: copy them (Clone) to keep them.
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
public interface ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The layer's kind as written in saved files, e.g. "dense", "relu".</summary>
    string Kind { get; }

    /// <summary>The number of input features, or null when the layer accepts any size (activations).</summary>
    int? InputSize { get; }

    /// <summary>The number of output features, or null when it equals the input size (activations).</summary>
    int? OutputSize { get; }

    /// <summary>The trainable parameters (empty for activations).</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The output for a (features × samples) input. <paramref name="training"/> is true inside a training step.</summary>
    Tensor<T> Forward(Tensor<T> input, bool training);

    /// <summary>
    /// Given ∂C/∂output for the last <see cref="Forward"/>, adds ∂C/∂parameter to each parameter's gradient and returns
    /// ∂C/∂input: one application of the chain rule.
    /// </summary>
    /// <exception cref="InvalidOperationException">Forward has not run, or the gradient's shape differs from the output's.</exception>
    Tensor<T> Backward(Tensor<T> outputGradient);
}
