using System.Globalization;
using System.Numerics;
using System.Text;

namespace Nabla.Numerics;

/// <summary>
/// An n-dimensional array of <c>float</c> or <c>double</c> with NumPy semantics: row-major storage, broadcasting
/// elementwise arithmetic, reductions along axes, softmax, and matrix multiplication through <see cref="Gemm"/>.
/// </summary>
/// <remarks>
/// <para>A tensor is a window on a <c>T[]</c>: an offset plus a stride per axis. Freshly created tensors are
/// contiguous (row-major, strides from <see cref="TensorShape.Strides"/>). <see cref="Reshape(int[])"/> of a
/// contiguous tensor, <see cref="Transpose()"/>, <see cref="Permute(int[])"/>, <see cref="Row(int)"/> and
/// <see cref="Narrow(int, int, int)"/> are views: they share the storage, so writing through one is visible in the
/// other. Every arithmetic operation returns a new contiguous tensor; none mutates its operands.</para>
/// <para>Tensors are mutable only through the indexer and <see cref="AsSpan"/>; there is no shared static state.</para>
/// </remarks>
/// <typeparam name="T"><c>float</c> or <c>double</c>; any other type throws <see cref="NotSupportedException"/>.</typeparam>
public sealed partial class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _data;
    private readonly int _offset;
    private readonly int[] _strides;

    private Tensor(T[] data, int offset, TensorShape shape, int[] strides)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Tensor<{typeof(T).Name}> is not supported: Nabla tensors hold float or double.");
        _data = data;
        _offset = offset;
        Shape = shape;
        _strides = strides;
        IsContiguous = ComputeIsContiguous(shape, strides);
    }

    private Tensor(TensorShape shape) : this(NewStorage(shape), 0, shape, shape.Strides) { }

    private static T[] NewStorage(TensorShape shape)
    {
        // Checked before allocating so Tensor<Half> fails with the clear message rather than after a big allocation.
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Tensor<{typeof(T).Name}> is not supported: Nabla tensors hold float or double.");
        return new T[shape.Length];
    }

    /// <summary>The shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int Length => Shape.Length;

    /// <summary>The element stride of each axis in the underlying storage.</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>True when the elements are stored in row-major order without gaps, so <see cref="AsSpan"/> works.</summary>
    public bool IsContiguous { get; }

    /// <summary>The elements of a contiguous tensor, in row-major order; writes go to the tensor (and its views).</summary>
    /// <exception cref="InvalidOperationException">The tensor is a non-contiguous view (call <see cref="Contiguous"/>).</exception>
    public Span<T> AsSpan()
    {
        if (!IsContiguous)
            throw new InvalidOperationException($"this tensor of shape {Shape} is a non-contiguous view (e.g. a transpose); call Contiguous() first.");
        return _data.AsSpan(_offset, Length);
    }

    /// <summary>The elements copied into a new array, in row-major order.</summary>
    public T[] ToArray() => Contiguous() is var c && ReferenceEquals(c, this) ? AsSpan().ToArray() : c._data;

    /// <summary>The single element of a tensor with one element (e.g. a scalar loss).</summary>
    /// <exception cref="InvalidOperationException">The tensor does not have exactly one element.</exception>
    public T ToScalar()
    {
        if (Length != 1)
            throw new InvalidOperationException($"ToScalar needs a tensor with one element; this one has shape {Shape}.");
        return _data[_offset];
    }

    /// <summary>Reads or writes one element; the index has one entry per axis.</summary>
    /// <exception cref="ArgumentException">The number of indices differs from the rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside its axis.</exception>
    public T this[params int[] index]
    {
        get => _data[OffsetOf(index)];
        set => _data[OffsetOf(index)] = value;
    }

    private int OffsetOf(int[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Length != Rank)
            throw new ArgumentException($"a tensor of shape {Shape} needs {Rank} indices, got {index.Length}.", nameof(index));
        int o = _offset;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)Shape.Dims[i])
                throw new ArgumentOutOfRangeException(nameof(index), $"index {index[i]} is out of range for axis {i} of size {Shape.Dims[i]} (shape {Shape}).");
            o += index[i] * _strides[i];
        }
        return o;
    }

    // ---------------------------------------------------------------- factories

    /// <summary>A tensor of zeros.</summary>
    public static Tensor<T> Zeros(params int[] shape) => Zeros(new TensorShape(shape));

    /// <summary>A tensor of zeros.</summary>
    public static Tensor<T> Zeros(TensorShape shape) => new(shape);

    /// <summary>A tensor of ones.</summary>
    public static Tensor<T> Ones(params int[] shape) => Full(new TensorShape(shape), T.One);

    /// <summary>A tensor of ones.</summary>
    public static Tensor<T> Ones(TensorShape shape) => Full(shape, T.One);

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor<T> Full(TensorShape shape, T value)
    {
        var t = new Tensor<T>(shape);
        t._data.AsSpan().Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor<T> Scalar(T value) => Full(default, value);

    /// <summary>A tensor over a copy of <paramref name="data"/> with the given shape (row-major).</summary>
    /// <exception cref="ArgumentException">The data length is not the shape's element count.</exception>
    public static Tensor<T> FromArray(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = new TensorShape(shape);
        if (data.Length != s.Length)
            throw new ArgumentException($"{data.Length} values cannot fill shape {s}, which has {s.Length} elements.", nameof(data));
        var t = new Tensor<T>(s);
        data.CopyTo(t._data, 0);
        return t;
    }

    /// <summary>A 1-D tensor over a copy of <paramref name="data"/>.</summary>
    public static Tensor<T> FromArray(T[] data) => FromArray(data, (data ?? throw new ArgumentNullException(nameof(data))).Length);

    /// <summary>The 1-D tensor start, start+step, … (excluding <paramref name="stop"/>), like <c>numpy.arange</c>.</summary>
    /// <exception cref="ArgumentException">The step is zero or not finite.</exception>
    public static Tensor<T> Arange(T start, T stop, T step)
    {
        if (step == T.Zero || !T.IsFinite(step) || !T.IsFinite(start) || !T.IsFinite(stop))
            throw new ArgumentException($"Arange needs finite start/stop and a non-zero finite step (got {start}, {stop}, {step}).");
        double count = Math.Ceiling(double.CreateChecked((stop - start) / step));
        if (count > int.MaxValue)
            throw new ArgumentException($"a tensor of {count:E3} elements is larger than Nabla supports (Arange({start}, {stop}, {step})).");
        var t = new Tensor<T>(new TensorShape(Math.Max(0, (int)count)));
        for (int i = 0; i < t._data.Length; i++) t._data[i] = start + T.CreateChecked(i) * step;
        return t;
    }

    /// <summary>The 1-D tensor 0, 1, …, count−1.</summary>
    public static Tensor<T> Arange(int count) => Arange(T.Zero, T.CreateChecked(count), T.One);

    // ---------------------------------------------------------------- views

    /// <summary>
    /// The same elements with another shape; one size may be −1 and is inferred. A view sharing storage when this
    /// tensor is contiguous, otherwise a reshaped copy.
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ, or more than one size is −1.</exception>
    public Tensor<T> Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dims = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"cannot reshape {Shape} to ({string.Join(", ", shape)}): only one size may be -1.");
                infer = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"cannot reshape {Shape} to ({string.Join(", ", shape)}): sizes must be 0 or more (or -1 to infer).");
            else known = Math.Min(known * dims[i], (long)int.MaxValue + 1);
        }
        if (infer >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ArgumentException($"cannot reshape {Shape} ({Length} elements) to ({string.Join(", ", shape)}): the -1 size cannot be inferred.");
            dims[infer] = (int)(Length / known);
        }
        var target = new TensorShape(dims);
        if (target.Length != Length)
            throw new ArgumentException($"cannot reshape {Shape} ({Length} elements) to {target} ({target.Length} elements).");
        var source = Contiguous();
        return new Tensor<T>(source._data, source._offset, target, target.Strides);
    }

    /// <summary>The transpose of a rank-2 tensor, as a view (strides swapped; no copy).</summary>
    /// <exception cref="InvalidOperationException">The rank is not 2 (use <see cref="Permute(int[])"/>).</exception>
    public Tensor<T> Transpose()
    {
        if (Rank != 2)
            throw new InvalidOperationException($"Transpose() needs a matrix; this tensor has shape {Shape} (use Permute for other ranks).");
        return Permute(1, 0);
    }

    /// <summary>A view with the axes reordered: result axis i is this tensor's axis <c>axes[i]</c>.</summary>
    /// <exception cref="ArgumentException">The axes are not a permutation of 0 … Rank−1.</exception>
    public Tensor<T> Permute(params int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length != Rank)
            throw new ArgumentException($"Permute of shape {Shape} needs {Rank} axes, got {axes.Length}.");
        var seen = new bool[Rank];
        var dims = new int[Rank];
        var strides = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int a = Shape.NormalizeAxis(axes[i]);
            if (seen[a]) throw new ArgumentException($"Permute axes ({string.Join(", ", axes)}) repeat axis {a}.");
            seen[a] = true;
            dims[i] = Shape.Dims[a];
            strides[i] = _strides[a];
        }
        return new Tensor<T>(_data, _offset, new TensorShape(dims), strides);
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along axis 0 (rank one less), as a view.</summary>
    /// <exception cref="InvalidOperationException">The tensor is a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside axis 0.</exception>
    public Tensor<T> Row(int index)
    {
        if (Rank == 0) throw new InvalidOperationException("a scalar has no rows.");
        if ((uint)index >= (uint)Shape.Dims[0])
            throw new ArgumentOutOfRangeException(nameof(index), $"row {index} is out of range for shape {Shape}.");
        return new Tensor<T>(_data, _offset + index * _strides[0], new TensorShape(Shape.Dims[1..].ToArray()), _strides[1..]);
    }

    /// <summary>The elements <paramref name="start"/> … start+length−1 along <paramref name="axis"/>, as a view.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the axis.</exception>
    public Tensor<T> Narrow(int axis, int start, int length)
    {
        int a = Shape.NormalizeAxis(axis);
        if (start < 0 || length < 0 || (long)start + length > Shape.Dims[a])
            throw new ArgumentOutOfRangeException(nameof(start), $"range [{start}, {(long)start + length}) is outside axis {a} of shape {Shape}.");
        var dims = Shape.ToArray();
        dims[a] = length;
        return new Tensor<T>(_data, _offset + (length == 0 ? 0 : start * _strides[a]), new TensorShape(dims), (int[])_strides.Clone());
    }

    /// <summary>This tensor if contiguous, otherwise a contiguous copy.</summary>
    public Tensor<T> Contiguous()
    {
        if (IsContiguous) return this;
        var result = new Tensor<T>(Shape);
        Broadcasting.Copy(_data, _offset, _strides, Shape, result._data);
        return result;
    }

    /// <summary>A contiguous copy that shares nothing with this tensor.</summary>
    public Tensor<T> Clone()
    {
        var result = new Tensor<T>(Shape);
        Broadcasting.Copy(_data, _offset, _strides, Shape, result._data);
        return result;
    }

    /// <summary>This tensor's values repeated to <paramref name="shape"/> under broadcasting rules (a copy).</summary>
    /// <exception cref="ArgumentException">The shapes are not broadcast-compatible or the result would not be <paramref name="shape"/>.</exception>
    public Tensor<T> BroadcastTo(TensorShape shape)
    {
        var joint = TensorShape.Broadcast(Shape, shape);
        if (joint != shape)
            throw new ArgumentException($"cannot broadcast shape {Shape} to {shape}.");
        var result = new Tensor<T>(shape);
        Broadcasting.Copy(_data, _offset, BroadcastStrides(shape), shape, result._data);
        return result;
    }

    private static bool ComputeIsContiguous(TensorShape shape, int[] strides)
    {
        if (shape.Length <= 1) return true;
        int expected = 1;
        for (int i = shape.Rank - 1; i >= 0; i--)
        {
            if (shape.Dims[i] != 1 && strides[i] != expected) return false;
            expected *= shape.Dims[i];
        }
        return true;
    }

    // ---------------------------------------------------------------- checks and printing

    /// <summary>True when any element is NaN.</summary>
    public bool HasNaN()
    {
        var span = Contiguous().AsSpan();
        foreach (var v in span) if (T.IsNaN(v)) return true;
        return false;
    }

    /// <summary>
    /// NumPy's <c>allclose</c>: the shapes broadcast and every pair satisfies |a − b| ≤ atol + rtol·|b|. NaNs are
    /// never close (unless <paramref name="equalNaN"/>); infinities are close only to the same infinity.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public bool AllClose(Tensor<T> other, double rtol = 1e-5, double atol = 1e-8, bool equalNaN = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        var shape = TensorShape.Broadcast(Shape, other.Shape);
        var a = BroadcastTo(shape).AsSpan();
        var b = other.BroadcastTo(shape).AsSpan();
        for (int i = 0; i < a.Length; i++)
        {
            double x = double.CreateChecked(a[i]), y = double.CreateChecked(b[i]);
            if (double.IsNaN(x) || double.IsNaN(y))
            {
                if (equalNaN && double.IsNaN(x) && double.IsNaN(y)) continue;
                return false;
            }
            if (x == y) continue;
            if (double.IsInfinity(x) || double.IsInfinity(y)) return false;
            if (!(Math.Abs(x - y) <= atol + rtol * Math.Abs(y))) return false;
        }
        return true;
    }

    private const int EdgeItems = 3, SummariseAbove = 1000;

    /// <summary>
    /// NumPy-like text: nested brackets, 6 significant digits, and for more than 1000 elements only the first and
    /// last 3 entries of each axis around "...". The shape and element type follow on the last line.
    /// </summary>
    public override string ToString()
    {
        var c = Contiguous();
        var sb = new StringBuilder();
        bool summarise = Length > SummariseAbove;
        AppendNested(sb, c._data.AsSpan(c._offset, Length), Shape, 0, 0, summarise);
        sb.Append("  shape=").Append(Shape).Append(", dtype=").Append(typeof(T) == typeof(float) ? "float32" : "float64");
        return sb.ToString();
    }

    // Recursion depth is the rank, which TensorShape caps at MaxRank = 32.
    private static void AppendNested(StringBuilder sb, ReadOnlySpan<T> data, TensorShape shape, int axis, int start, bool summarise)
    {
        if (axis == shape.Rank)
        {
            sb.Append(data[start].ToString("G6", CultureInfo.InvariantCulture));
            return;
        }
        int n = shape.Dims[axis];
        int block = 1;
        for (int i = axis + 1; i < shape.Rank; i++) block *= shape.Dims[i];
        sb.Append('[');
        string separator = axis == shape.Rank - 1 ? ", " : "," + new string('\n', shape.Rank - 1 - axis) + new string(' ', axis + 1);
        bool elide = summarise && n > 2 * EdgeItems;
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(separator);
            if (elide && i == EdgeItems)
            {
                sb.Append("...").Append(separator);
                i = n - EdgeItems;
            }
            AppendNested(sb, data, shape, axis + 1, start + i * block, summarise);
        }
        sb.Append(']');
    }
}
