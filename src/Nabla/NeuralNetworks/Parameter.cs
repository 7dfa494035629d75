using System.Numerics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// A trainable tensor of a layer (a weight matrix or a bias column) together with its gradient ∂C/∂(this), which
/// <see cref="ILayer{T}.Backward"/> accumulates and an <see cref="IOptimizer{T}"/> consumes.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A parameter holding <paramref name="value"/> (used in place, not copied) and a zero gradient of the same shape.</summary>
    /// <exception cref="ArgumentException">The value is not contiguous.</exception>
    public Parameter(string name, Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!value.IsContiguous) throw new ArgumentException($"parameter '{name}' must be a contiguous tensor (call Contiguous()).", nameof(value));
        Name = name;
        Value = value;
        Gradient = Tensor<T>.Zeros(value.Shape);
    }

    /// <summary>The name, e.g. "W1" or "b2" (used in error messages and saved files).</summary>
    public string Name { get; }

    /// <summary>The current value; optimisers update it in place.</summary>
    public Tensor<T> Value { get; }

    /// <summary>The accumulated gradient of the loss with respect to <see cref="Value"/>.</summary>
    public Tensor<T> Gradient { get; }

    /// <summary>Sets the gradient to zero (before a new mini-batch).</summary>
    public void ZeroGradient() => Gradient.AsSpan().Clear();

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Value.Shape}";
}
