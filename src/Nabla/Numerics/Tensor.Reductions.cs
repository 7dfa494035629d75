using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Nabla.Numerics;

public sealed partial class Tensor<T>
{
    /// <summary>The sum of all elements (0 for an empty tensor).</summary>
    public T Sum() => TP.Sum<T>(Contiguous().AsSpan());

    /// <summary>The mean of all elements (NaN for an empty tensor).</summary>
    public T Mean() => Length == 0 ? T.NaN : Sum() / T.CreateChecked(Length);

    /// <summary>The largest element (NaN if any element is NaN).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public T Max()
    {
        if (Length == 0) throw new InvalidOperationException($"Max of an empty tensor (shape {Shape}) is undefined.");
        return TP.Max<T>(Contiguous().AsSpan());
    }

    /// <summary>The smallest element (NaN if any element is NaN).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public T Min()
    {
        if (Length == 0) throw new InvalidOperationException($"Min of an empty tensor (shape {Shape}) is undefined.");
        return TP.Min<T>(Contiguous().AsSpan());
    }

    /// <summary>The row-major position of the largest element (the first on ties; a NaN counts as largest).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public int ArgMax()
    {
        if (Length == 0) throw new InvalidOperationException($"ArgMax of an empty tensor (shape {Shape}) is undefined.");
        return TP.IndexOfMax<T>(Contiguous().AsSpan());
    }

    /// <summary>Sums along <paramref name="axis"/> (negative counts from the end); keepDims leaves a size-1 axis.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist.</exception>
    public Tensor<T> Sum(int axis, bool keepDims = false) => Reduce(axis, keepDims, ReduceKind.Sum);

    /// <summary>Means along <paramref name="axis"/> (NaN when the axis is empty).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist.</exception>
    public Tensor<T> Mean(int axis, bool keepDims = false)
    {
        var sum = Reduce(axis, keepDims, ReduceKind.Sum);
        int n = Shape[axis];
        TP.Divide(sum._data, T.CreateChecked(n), sum._data);
        return sum;
    }

    /// <summary>Maxima along <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist.</exception>
    /// <exception cref="InvalidOperationException">The axis is empty.</exception>
    public Tensor<T> Max(int axis, bool keepDims = false) => Reduce(axis, keepDims, ReduceKind.Max);

    /// <summary>Minima along <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist.</exception>
    /// <exception cref="InvalidOperationException">The axis is empty.</exception>
    public Tensor<T> Min(int axis, bool keepDims = false) => Reduce(axis, keepDims, ReduceKind.Min);

    /// <summary>
    /// Sums over the axes that broadcasting added or stretched, giving a tensor of <paramref name="target"/> shape:
    /// the adjoint of broadcasting, which reverse-mode differentiation needs for every broadcast operand.
    /// </summary>
    /// <exception cref="ArgumentException">This shape is not a broadcast of <paramref name="target"/>.</exception>
    public Tensor<T> SumToShape(TensorShape target)
    {
        if (TensorShape.Broadcast(target, Shape) != Shape)
            throw new ArgumentException($"cannot sum shape {Shape} down to {target}: {target} does not broadcast to {Shape}.");
        var t = this;
        int lead = Rank - target.Rank;
        for (int i = 0; i < lead; i++) t = t.Sum(0);
        for (int i = 0; i < target.Rank; i++)
            if (target.Dims[i] == 1 && t.Shape.Dims[i] != 1) t = t.Sum(i, keepDims: true);
        return ReferenceEquals(t, this) ? Clone() : t;
    }

    /// <summary>
    /// Indices of the maxima along <paramref name="axis"/> (first on ties), in row-major order of the shape with
    /// that axis removed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist.</exception>
    /// <exception cref="InvalidOperationException">The axis is empty.</exception>
    public int[] ArgMax(int axis)
    {
        var (outer, n, inner, source) = Split(axis, "ArgMax");
        var src = source.AsSpan();
        var result = new int[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                T bestValue = src[o * n * inner + i];
                for (int j = 1; j < n && !T.IsNaN(bestValue); j++)
                {
                    T v = src[(o * n + j) * inner + i];
                    if (v > bestValue || T.IsNaN(v)) { best = j; bestValue = v; }
                }
                result[o * inner + i] = best;
            }
        }
        return result;
    }

    /// <summary>
    /// Softmax along <paramref name="axis"/>: exp(x − max) / Σ exp(x − max); subtracting the maximum keeps every
    /// exponent ≤ 0, so large inputs do not overflow.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist.</exception>
    public Tensor<T> Softmax(int axis = -1) => SoftmaxCore(axis, log: false);

    /// <summary>log softmax along <paramref name="axis"/>: x − max − ln Σ exp(x − max) (stable, no log of 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist.</exception>
    public Tensor<T> LogSoftmax(int axis = -1) => SoftmaxCore(axis, log: true);

    private Tensor<T> SoftmaxCore(int axis, bool log)
    {
        var (outer, n, inner, source) = Split(axis, null);
        var src = source.AsSpan();
        var result = new Tensor<T>(Shape);
        if (n == 0) return result;
        var line = new T[n];
        var exps = log ? new T[n] : line; // log softmax keeps the shifted inputs, so it needs a second buffer
        var dst = result._data;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * n * inner + i;
                if (inner == 1) src.Slice(start, n).CopyTo(line);
                else for (int j = 0; j < n; j++) line[j] = src[start + j * inner];
                T max = TP.Max<T>(line);
                TP.Subtract(line, max, line);
                if (log)
                {
                    TP.Exp(line, exps);
                    TP.Subtract(line, T.Log(TP.Sum<T>(exps)), line);
                }
                else
                {
                    TP.Exp(line, line);
                    TP.Divide(line, TP.Sum<T>(line), line);
                }
                if (inner == 1) line.CopyTo(dst.AsSpan(start, n));
                else for (int j = 0; j < n; j++) dst[start + j * inner] = line[j];
            }
        }
        return result;
    }

    private enum ReduceKind { Sum, Max, Min }

    private (int Outer, int N, int Inner, Tensor<T> Source) Split(int axis, string? nonEmptyFor)
    {
        int a = Shape.NormalizeAxis(axis);
        int n = Shape.Dims[a];
        if (n == 0 && nonEmptyFor is not null)
            throw new InvalidOperationException($"{nonEmptyFor} along axis {axis} of shape {Shape} is undefined: the axis is empty.");
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= Shape.Dims[i];
        for (int i = a + 1; i < Rank; i++) inner *= Shape.Dims[i];
        return (outer, n, inner, Contiguous());
    }

    private Tensor<T> Reduce(int axis, bool keepDims, ReduceKind kind)
    {
        var (outer, n, inner, source) = Split(axis, kind == ReduceKind.Sum ? null : kind.ToString());
        var src = source.AsSpan();
        int a = Shape.NormalizeAxis(axis);
        var dims = Shape.ToArray();
        if (keepDims) dims[a] = 1;
        else dims = [.. dims[..a], .. dims[(a + 1)..]];
        var result = new Tensor<T>(new TensorShape(dims));
        var dst = result._data.AsSpan();
        for (int o = 0; o < outer; o++)
        {
            var target = dst.Slice(o * inner, inner);
            if (inner == 1)
            {
                var line = src.Slice(o * n, n);
                target[0] = kind switch { ReduceKind.Sum => TP.Sum(line), ReduceKind.Max => TP.Max(line), _ => TP.Min(line) };
                continue;
            }
            // Accumulate whole rows so the inner loop is a SIMD vector operation.
            if (n == 0) continue;
            src.Slice(o * n * inner, inner).CopyTo(target);
            for (int j = 1; j < n; j++)
            {
                var row = src.Slice((o * n + j) * inner, inner);
                switch (kind)
                {
                    case ReduceKind.Sum: TP.Add(target, row, target); break;
                    case ReduceKind.Max: TP.Max(target, row, target); break;
                    default: TP.Min(target, row, target); break;
                }
            }
        }
        return result;
    }
}
