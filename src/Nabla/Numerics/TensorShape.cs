using System.Text;

namespace Nabla.Numerics;

/// <summary>
/// The immutable shape of a tensor: its dimension sizes, outermost first (row-major). The default value is the
/// shape of a scalar, <c>()</c>. Construction checks every size and the element count, so a shape that exists
/// always describes a tensor Nabla can allocate.
/// </summary>
public readonly struct TensorShape : IEquatable<TensorShape>
{
    /// <summary>The largest rank Nabla supports (the same limit as NumPy's classic 32 dimensions).</summary>
    public const int MaxRank = 32;

    private readonly int[]? _dims;

    /// <summary>Creates a shape from dimension sizes.</summary>
    /// <exception cref="ArgumentException">A size is negative, the rank exceeds <see cref="MaxRank"/>, or the
    /// element count exceeds <see cref="int.MaxValue"/> (checked before anything is allocated).</exception>
    public TensorShape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length > MaxRank)
            throw new ArgumentException($"a tensor of rank {dims.Length} is larger than Nabla supports (at most {MaxRank} dimensions).", nameof(dims));
        _dims = (int[])dims.Clone();
        foreach (int d in _dims)
            if (d < 0)
                throw new ArgumentException($"shape {this} has a negative dimension; every size must be 0 or more.", nameof(dims));
        _length = CheckedLength(_dims, this);
    }

    /// <summary>A shape from an array of sizes (same checks as the constructor).</summary>
    public static implicit operator TensorShape(int[] dims) => new(dims);

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>The number of elements: the product of the sizes (1 for a scalar).</summary>
    public int Length => _dims is null ? 1 : _length;

    private readonly int _length;

    /// <summary>The dimension sizes, outermost first.</summary>
    public ReadOnlySpan<int> Dims => _dims;

    /// <summary>The size along <paramref name="axis"/> (negative axes count from the end, as in NumPy).</summary>
    public int this[int axis] => _dims![NormalizeAxis(axis)];

    /// <summary>The row-major (C order) element strides of a contiguous tensor with this shape.</summary>
    public int[] Strides
    {
        get
        {
            var strides = new int[Rank];
            int s = 1;
            for (int i = Rank - 1; i >= 0; i--) { strides[i] = s; s *= _dims![i]; }
            return strides;
        }
    }

    /// <summary>A copy of the sizes.</summary>
    public int[] ToArray() => _dims is null ? [] : (int[])_dims.Clone();

    /// <summary>Maps a possibly negative axis (−1 = last) to 0 … Rank−1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis does not exist for this rank.</exception>
    public int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for shape {this} (rank {Rank}).");
        return a;
    }

    /// <summary>
    /// The shape two operands broadcast to under NumPy's rules: align sizes from the right; each pair must be
    /// equal or contain a 1.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes are incompatible; the message names both.</exception>
    public static TensorShape Broadcast(TensorShape a, TensorShape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int da = i <= a.Rank ? a.Dims[a.Rank - i] : 1;
            int db = i <= b.Rank ? b.Dims[b.Rank - i] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"cannot broadcast shapes {a} and {b}: dimension {da} vs {db} at axis {-i}");
            dims[rank - i] = da == 1 ? db : da;
        }
        return new TensorShape(dims);
    }

    /// <inheritdoc/>
    public bool Equals(TensorShape other) => Dims.SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in Dims) hash.Add(d);
        return hash.ToHashCode();
    }

    /// <summary>Structural equality.</summary>
    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);

    /// <summary>NumPy's notation: <c>(2, 3)</c>, <c>(4,)</c>, <c>()</c>.</summary>
    public override string ToString()
    {
        if (Rank == 0) return "()";
        if (Rank == 1) return $"({Dims[0]},)";
        var sb = new StringBuilder("(");
        for (int i = 0; i < Rank; i++) sb.Append(i == 0 ? "" : ", ").Append(Dims[i]);
        return sb.Append(')').ToString();
    }

    private static int CheckedLength(int[] dims, TensorShape shape)
    {
        long n = 1;
        foreach (int d in dims)
        {
            if (d == 0) return 0;
        }
        foreach (int d in dims)
        {
            n *= d; // each factor is < 2^31 and n stays < 2^31 until the check below fires, so no long overflow
            if (n > int.MaxValue)
            {
                long total = 1;
                double approx = 1;
                bool exact = true;
                foreach (int e in dims)
                {
                    approx *= e;
                    if (exact && total > long.MaxValue / Math.Max(e, 1)) exact = false;
                    else if (exact) total *= e;
                }
                string count = exact ? (long.IsPow2(total) ? $"2^{long.Log2(total)}" : total.ToString(System.Globalization.CultureInfo.InvariantCulture))
                                     : approx.ToString("E3", System.Globalization.CultureInfo.InvariantCulture);
                throw new ArgumentException(
                    $"a tensor of {count} elements is larger than Nabla supports (shape {shape}; at most 2^31 - 1 = {int.MaxValue} elements fit in one tensor).");
            }
        }
        return (int)n;
    }
}
