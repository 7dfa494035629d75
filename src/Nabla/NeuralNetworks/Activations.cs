using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// A layer that applies a function to every element: a = f(z). Its backward step is the chain rule with a diagonal
/// Jacobian, ∂C/∂z = ∂C/∂a ⊙ f′(z); each subclass writes f and f′ side by side.
/// </summary>
public abstract class ElementwiseActivation<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BufferCache<T> _outputs = new(), _inputGradients = new();
    private Tensor<T>? _input, _output;

    private protected ElementwiseActivation() { }

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public int? InputSize => null;

    /// <inheritdoc />
    public int? OutputSize => null;

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>y = f(x) elementwise.</summary>
    protected abstract void Apply(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>dx = g ⊙ f′(x), given the input x and the output y = f(x) (whichever is cheaper to use).</summary>
    protected abstract void ApplyDerivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx);

    /// <inheritdoc />
    public Tensor<T> Forward(Tensor<T> input, bool training)
    {
        Kernels.CheckMatrix(input, null, Kind, "input");
        var y = _outputs.Get(input.Shape[0], input.Shape[1]);
        Apply(Kernels.Span(input, "input"), y.AsSpan());
        _input = input;
        _output = y;
        return y;
    }

    /// <inheritdoc />
    public Tensor<T> Backward(Tensor<T> outputGradient)
    {
        var y = _output ?? throw new InvalidOperationException($"{Kind}: Backward called before Forward.");
        if (outputGradient.Shape != y.Shape)
            throw new InvalidOperationException($"{Kind}: the output gradient has shape {outputGradient.Shape} but the output was {y.Shape}.");
        var dx = _inputGradients.Get(y.Shape[0], y.Shape[1]);
        ApplyDerivative(_input!.AsSpan(), y.AsSpan(), Kernels.Span(outputGradient, "output gradient"), dx.AsSpan());
        return dx;
    }

    /// <inheritdoc />
    public override string ToString() => Kind;
}

/// <summary>The logistic sigmoid σ(z) = 1/(1 + e⁻ᶻ); σ′(z) = σ(z)(1 − σ(z)) (= cosh(z/2)⁻²/4, the course's form).</summary>
public sealed class Sigmoid<T> : ElementwiseActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Kind => "sigmoid";

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Sigmoid(x, y);

    /// <inheritdoc />
    protected override void ApplyDerivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx)
    {
        TensorPrimitives.Subtract(T.One, y, dx);      // 1 − σ
        TensorPrimitives.Multiply(dx, y, dx);          // σ(1 − σ)
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>tanh z; tanh′(z) = 1 − tanh² z.</summary>
public sealed class Tanh<T> : ElementwiseActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Kind => "tanh";

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Tanh(x, y);

    /// <inheritdoc />
    protected override void ApplyDerivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx)
    {
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Subtract(T.One, dx, dx);      // 1 − tanh²
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>relu z = max(z, 0); relu′(z) = 1 for z &gt; 0 and 0 for z ≤ 0 (0 at exactly 0, as PyTorch and the tape).</summary>
public sealed class Relu<T> : ElementwiseActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Kind => "relu";

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Max(x, T.Zero, y);

    /// <inheritdoc />
    protected override void ApplyDerivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var xv = new Vector<T>(x.Slice(i));
                var gv = new Vector<T>(g.Slice(i));
                // NaN inputs: x > 0 is false, so the gradient is 0 there; the NaN itself shows up in the loss.
                Vector.ConditionalSelect(Vector.GreaterThan(xv, Vector<T>.Zero), gv, Vector<T>.Zero).CopyTo(dx.Slice(i));
            }
        }
        for (; i < x.Length; i++) dx[i] = x[i] > T.Zero ? g[i] : T.Zero;
    }
}

/// <summary>softplus z = ln(1 + eᶻ), computed as max(z, 0) + ln(1 + e^−|z|) (no overflow); softplus′(z) = σ(z).</summary>
public sealed class Softplus<T> : ElementwiseActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Kind => "softplus";

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        for (int i = 0; i < x.Length; i++)
            y[i] = T.Max(x[i], T.Zero) + T.LogP1(T.Exp(-T.Abs(x[i])));
    }

    /// <inheritdoc />
    protected override void ApplyDerivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx)
    {
        TensorPrimitives.Sigmoid(x, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>
/// Softmax over the features of each sample (each column): sᵢ = e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z). Its Jacobian is
/// diag(s) − s·sᵀ, so the backward step is ∂C/∂z = s ⊙ (g − (gᵀs)) per column. For classification prefer a linear last
/// layer with <see cref="SoftmaxCrossEntropy{T}"/>, which fuses the two stably.
/// </summary>
public sealed class Softmax<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BufferCache<T> _outputs = new(), _inputGradients = new();
    private Tensor<T>? _output;

    /// <inheritdoc />
    public string Kind => "softmax";

    /// <inheritdoc />
    public int? InputSize => null;

    /// <inheritdoc />
    public int? OutputSize => null;

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <inheritdoc />
    public Tensor<T> Forward(Tensor<T> input, bool training)
    {
        Kernels.CheckMatrix(input, null, Kind, "input");
        int k = input.Shape[0], n = input.Shape[1];
        var y = _outputs.Get(k, n);
        SoftmaxColumns(Kernels.Span(input, "input"), y.AsSpan(), k, n);
        _output = y;
        return y;
    }

    /// <summary>Column-wise softmax of a (k × n) row-major matrix.</summary>
    internal static void SoftmaxColumns(ReadOnlySpan<T> z, Span<T> s, int k, int n)
    {
        for (int j = 0; j < n; j++)
        {
            T max = T.NegativeInfinity;
            for (int i = 0; i < k; i++) max = T.Max(max, z[i * n + j]);
            T sum = T.Zero;
            for (int i = 0; i < k; i++) { var e = T.Exp(z[i * n + j] - max); s[i * n + j] = e; sum += e; }
            for (int i = 0; i < k; i++) s[i * n + j] /= sum;
        }
    }

    /// <inheritdoc />
    public Tensor<T> Backward(Tensor<T> outputGradient)
    {
        var s = _output ?? throw new InvalidOperationException("softmax: Backward called before Forward.");
        if (outputGradient.Shape != s.Shape)
            throw new InvalidOperationException($"softmax: the output gradient has shape {outputGradient.Shape} but the output was {s.Shape}.");
        int k = s.Shape[0], n = s.Shape[1];
        var dx = _inputGradients.Get(k, n);
        var ss = s.AsSpan();
        var g = Kernels.Span(outputGradient, "output gradient");
        var d = dx.AsSpan();
        for (int j = 0; j < n; j++)
        {
            T dot = T.Zero;
            for (int i = 0; i < k; i++) dot += g[i * n + j] * ss[i * n + j];
            for (int i = 0; i < k; i++) d[i * n + j] = ss[i * n + j] * (g[i * n + j] - dot);
        }
        return dx;
    }

    /// <inheritdoc />
    public override string ToString() => Kind;
}
