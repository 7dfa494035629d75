using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Nabla.Numerics;

public sealed partial class Tensor<T>
{
    /// <summary>Strides that read this tensor as if it had <paramref name="target"/> shape (0 on broadcast axes).</summary>
    private int[] BroadcastStrides(TensorShape target)
    {
        var strides = new int[target.Rank];
        int shift = target.Rank - Rank;
        for (int i = 0; i < Rank; i++)
            strides[i + shift] = Shape.Dims[i] == 1 ? 0 : _strides[i];
        return strides;
    }

    private static Tensor<T> Binary(BinaryOp op, Tensor<T> a, Tensor<T> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Shape == b.Shape && a.IsContiguous && b.IsContiguous)
        {
            var fast = new Tensor<T>(a.Shape);
            Broadcasting.Apply<T>(op, a.AsSpan(), b.AsSpan(), fast._data);
            return fast;
        }
        var shape = TensorShape.Broadcast(a.Shape, b.Shape);
        var result = new Tensor<T>(shape);
        Broadcasting.Binary(op, a._data, a._offset, a.BroadcastStrides(shape), b._data, b._offset, b.BroadcastStrides(shape), shape, result._data);
        return result;
    }

    /// <summary>Elementwise a + b with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor<T> Add(Tensor<T> a, Tensor<T> b) => Binary(BinaryOp.Add, a, b);

    /// <summary>Elementwise a − b with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor<T> Subtract(Tensor<T> a, Tensor<T> b) => Binary(BinaryOp.Subtract, a, b);

    /// <summary>Elementwise (Hadamard) a · b with NumPy broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor<T> Multiply(Tensor<T> a, Tensor<T> b) => Binary(BinaryOp.Multiply, a, b);

    /// <summary>Elementwise a / b with NumPy broadcasting (IEEE: x/0 is ±∞ or NaN).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor<T> Divide(Tensor<T> a, Tensor<T> b) => Binary(BinaryOp.Divide, a, b);

    /// <summary>Elementwise a^b with NumPy broadcasting (NaN for a negative base with a non-integer exponent).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor<T> Pow(Tensor<T> a, Tensor<T> b) => Binary(BinaryOp.Pow, a, b);

    /// <summary>Elementwise maximum with NumPy broadcasting (NaN if either is NaN).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor<T> Maximum(Tensor<T> a, Tensor<T> b) => Binary(BinaryOp.Maximum, a, b);

    /// <summary>Elementwise minimum with NumPy broadcasting (NaN if either is NaN).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor<T> Minimum(Tensor<T> a, Tensor<T> b) => Binary(BinaryOp.Minimum, a, b);

    /// <summary>Elementwise sum (broadcasting).</summary>
    public static Tensor<T> operator +(Tensor<T> a, Tensor<T> b) => Add(a, b);
    /// <summary>Elementwise difference (broadcasting).</summary>
    public static Tensor<T> operator -(Tensor<T> a, Tensor<T> b) => Subtract(a, b);
    /// <summary>Elementwise product (broadcasting); use <see cref="MatMul"/> for the matrix product.</summary>
    public static Tensor<T> operator *(Tensor<T> a, Tensor<T> b) => Multiply(a, b);
    /// <summary>Elementwise quotient (broadcasting).</summary>
    public static Tensor<T> operator /(Tensor<T> a, Tensor<T> b) => Divide(a, b);
    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(Tensor<T> a, T b) => Add(a, Scalar(b));
    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(T a, Tensor<T> b) => Add(Scalar(a), b);
    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor<T> operator -(Tensor<T> a, T b) => Subtract(a, Scalar(b));
    /// <summary>A scalar minus every element.</summary>
    public static Tensor<T> operator -(T a, Tensor<T> b) => Subtract(Scalar(a), b);
    /// <summary>Scales every element.</summary>
    public static Tensor<T> operator *(Tensor<T> a, T b) => Multiply(a, Scalar(b));
    /// <summary>Scales every element.</summary>
    public static Tensor<T> operator *(T a, Tensor<T> b) => Multiply(Scalar(a), b);
    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor<T> operator /(Tensor<T> a, T b) => Divide(a, Scalar(b));
    /// <summary>A scalar divided by every element.</summary>
    public static Tensor<T> operator /(T a, Tensor<T> b) => Divide(Scalar(a), b);
    /// <summary>Elementwise negation.</summary>
    public static Tensor<T> operator -(Tensor<T> a) => (a ?? throw new ArgumentNullException(nameof(a))).Neg();

    private delegate void SpanMap(ReadOnlySpan<T> x, Span<T> destination);

    private Tensor<T> Unary(SpanMap map)
    {
        var source = Contiguous();
        var result = new Tensor<T>(Shape);
        map(source.AsSpan(), result._data);
        return result;
    }

    /// <summary>−x.</summary>
    public Tensor<T> Neg() => Unary(TP.Negate);
    /// <summary>eˣ.</summary>
    public Tensor<T> Exp() => Unary(TP.Exp);
    /// <summary>Natural logarithm (NaN below 0, −∞ at 0).</summary>
    public Tensor<T> Log() => Unary(TP.Log);
    /// <summary>Square root (NaN below 0).</summary>
    public Tensor<T> Sqrt() => Unary(TP.Sqrt);
    /// <summary>|x|.</summary>
    public Tensor<T> Abs() => Unary(TP.Abs);
    /// <summary>tanh x.</summary>
    public Tensor<T> Tanh() => Unary(TP.Tanh);
    /// <summary>The logistic sigmoid 1 / (1 + e⁻ˣ).</summary>
    public Tensor<T> Sigmoid() => Unary(TP.Sigmoid);
    /// <summary>x².</summary>
    public Tensor<T> Square() => Unary((x, d) => TP.Multiply(x, x, d));
    /// <summary>max(x, 0) (NaN stays NaN).</summary>
    public Tensor<T> Relu() => Unary((x, d) => TP.Max(x, T.Zero, d));

    /// <summary>softplus x = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so it neither overflows nor loses small values.</summary>
    public Tensor<T> Softplus() => Map(x => T.Max(x, T.Zero) + T.LogP1(T.Exp(-T.Abs(x))));

    /// <summary>Applies <paramref name="f"/> to every element (a scalar loop; prefer the named maps, which use SIMD).</summary>
    public Tensor<T> Map(Func<T, T> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var source = Contiguous().AsSpan();
        var result = new Tensor<T>(Shape);
        for (int i = 0; i < source.Length; i++) result._data[i] = f(source[i]);
        return result;
    }
}
