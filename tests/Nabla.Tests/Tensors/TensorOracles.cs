using Nabla.Numerics;

namespace Nabla.Tests.Tensors;

/// <summary>
/// Plain-loop reference implementations used as oracles: logical element access by explicit row-major offset
/// arithmetic, written independently of the tensor's stride machinery.
/// </summary>
internal static class TensorOracles
{
    public static int Product(int[] dims)
    {
        int n = 1;
        foreach (int d in dims) n *= d;
        return n;
    }

    public static int RowMajor(int[] index, int[] dims)
    {
        int o = 0;
        for (int i = 0; i < dims.Length; i++) o = o * dims[i] + index[i];
        return o;
    }

    /// <summary>All multi-indices of a shape in row-major order.</summary>
    public static IEnumerable<int[]> Indices(int[] dims)
    {
        int n = Product(dims);
        for (int flat = 0; flat < n; flat++)
        {
            var idx = new int[dims.Length];
            int r = flat;
            for (int i = dims.Length - 1; i >= 0; i--) { idx[i] = r % dims[i]; r /= dims[i]; }
            yield return idx;
        }
    }

    /// <summary>The index into an operand of shape <paramref name="dims"/> that broadcasting reads for output index <paramref name="outIndex"/>.</summary>
    public static int[] Project(int[] outIndex, int[] dims)
    {
        var idx = new int[dims.Length];
        int shift = outIndex.Length - dims.Length;
        for (int i = 0; i < dims.Length; i++) idx[i] = dims[i] == 1 ? 0 : outIndex[i + shift];
        return idx;
    }

    /// <summary>A random shape pair that broadcasts (ranks 0–4, sizes 1–4, some axes 1 or missing) and its result.</summary>
    public static (int[] A, int[] B, int[] Out) CompatibleShapes(Random rng)
    {
        int rank = rng.Next(0, 5);
        var outDims = new int[rank];
        for (int i = 0; i < rank; i++) outDims[i] = rng.Next(1, 5);
        int[] Operand()
        {
            int r = rng.Next(0, rank + 1);
            var d = new int[r];
            for (int i = 0; i < r; i++) d[i] = rng.Next(3) == 0 ? 1 : outDims[rank - r + i];
            return d;
        }
        var a = Operand();
        var b = Operand();
        // The true output: where both operands have 1 (or are missing), the output is 1.
        var result = new int[Math.Max(a.Length, b.Length)];
        for (int i = 1; i <= result.Length; i++)
        {
            int da = i <= a.Length ? a[^i] : 1, db = i <= b.Length ? b[^i] : 1;
            result[^i] = Math.Max(da, db);
        }
        return (a, b, result);
    }

    public static double[] RandomData(Random rng, int n, double low = -3, double high = 3)
    {
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = low + (high - low) * rng.NextDouble();
        return d;
    }

    /// <summary>
    /// A tensor with logical shape <paramref name="dims"/> and logical row-major values <paramref name="data"/>,
    /// stored either contiguously or (when <paramref name="asView"/>) as a reversed-axes permutation of storage laid
    /// out in the opposite order, so the operation under test sees non-contiguous strides.
    /// </summary>
    public static Tensor<double> Make(double[] data, int[] dims, bool asView)
    {
        if (!asView || dims.Length < 2) return Tensor<double>.FromArray(data, dims);
        var reversed = dims.Reverse().ToArray();
        var storage = new double[data.Length];
        foreach (var idx in Indices(dims))
            storage[RowMajor(idx.Reverse().ToArray(), reversed)] = data[RowMajor(idx, dims)];
        var perm = Enumerable.Range(0, dims.Length).Reverse().ToArray();
        return Tensor<double>.FromArray(storage, reversed).Permute(perm);
    }

    public static void Close(double expected, double actual, double tol = 1e-12)
    {
        if (double.IsNaN(expected)) { Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}"); return; }
        if (expected == actual) return;
        Assert.True(Math.Abs(expected - actual) <= tol * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
    }
}
