using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// The training loop of <see cref="CourseNetwork"/> at full speed: the same forward pass and chain-rule Jacobians as
/// <see cref="CourseNetwork.ExplicitJacobians"/>, over preallocated buffers with no allocation per step.
/// Layout: every activation matrix is row-major with one row per neuron and the samples along the row, padded from
/// n to a multiple of 8 so every row is whole vectors and the sigmoid runs over a layer in one call. The padded
/// columns carry a zero mask in the output error, so they add nothing to any Jacobian or to the cost.
/// σ'(z) is taken as a(1 − a) from the stored activation: the same number as the course's cosh(z/2)⁻²/4 (a
/// property test checks the identity), without a second transcendental per element.
/// </summary>
internal sealed class CourseNetworkKernel
{
    // Offsets of the parameters in θ: W¹ (6×1), b¹, W² (7×6), b², W³ (2×7), b³ — 77 numbers, padded to 80.
    private const int OffW1 = 0, OffB1 = 6, OffW2 = 12, OffB2 = 54, OffW3 = 61, OffB3 = 75, ParameterCount = 77, Padded = 80;
    private const int H1 = 6, H2 = 7, Out = 2;
    private const int NoiseBlock = Padded * 64;

    private readonly int n, p;
    private readonly double[] x, y, mask, a1, a2, a3, d3, d2, d1;
    private readonly double[] theta = new double[Padded], backup = new double[Padded], grad = new double[Padded];
    private readonly Vector512<double>[] acc = new Vector512<double>[H2 * H1 + H2];
    private readonly double[] normals = new double[NoiseBlock];
    private int nextNormal = NoiseBlock;
    private TensorRandom rng;
    private double cost;

    public CourseNetworkKernel(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, long seed)
    {
        n = inputs.Length;
        p = (n + 7) & ~7;
        x = new double[p];
        y = new double[Out * p];
        mask = new double[p];
        inputs.CopyTo(x);
        for (int r = 0; r < Out; r++) targets.Slice(r * n, n).CopyTo(y.AsSpan(r * p));
        mask.AsSpan(0, n).Fill(1);
        a1 = new double[H1 * p]; d1 = new double[H1 * p];
        a2 = new double[H2 * p]; d2 = new double[H2 * p];
        a3 = new double[Out * p]; d3 = new double[Out * p];
        rng = new TensorRandom(seed);
    }

    public void LoadParameters(CourseNetwork net)
    {
        int o = 0;
        foreach (var t in net.Parameters)
        {
            t.AsSpan().CopyTo(theta.AsSpan(o));
            o += t.Length;
        }
    }

    public void StoreParameters(CourseNetwork net)
    {
        int o = 0;
        foreach (var t in net.Parameters)
        {
            theta.AsSpan(o, t.Length).CopyTo(t.AsSpan());
            o += t.Length;
        }
    }

    /// <summary>Feeds the current weights forward; returns the cost and leaves the output error ∂C/∂z³ in d3.</summary>
    public double Evaluate()
    {
        Forward();
        return cost;
    }

    /// <summary>Takes up to <paramref name="steps"/> noisy steepest-descent steps. Returns how many were kept: fewer
    /// when a step made the cost or a weight non-finite (that step is undone). <paramref name="finalCost"/> is the
    /// cost of the weights held at the end. Requires <see cref="Evaluate"/> (or a previous run) first.</summary>
    public int Run(int steps, double aggression, double noise, out double finalCost)
    {
        for (int t = 0; t < steps; t++)
        {
            Backward();
            theta.AsSpan().CopyTo(backup);
            double previous = cost;
            bool finite = Update(aggression, noise);
            if (finite) Forward();
            if (!finite || !double.IsFinite(cost))
            {
                backup.AsSpan().CopyTo(theta);
                Forward();
                cost = previous;
                finalCost = cost;
                return t;
            }
        }
        finalCost = cost;
        return steps;
    }

    private void Forward()
    {
        ref double th = ref MemoryMarshal.GetArrayDataReference(theta);
        ref double rx = ref MemoryMarshal.GetArrayDataReference(x);
        ref double r1 = ref MemoryMarshal.GetArrayDataReference(a1);
        ref double r2 = ref MemoryMarshal.GetArrayDataReference(a2);
        ref double r3 = ref MemoryMarshal.GetArrayDataReference(a3);
        int stride = p;

        // Layer 1: z¹ = W¹x + b¹ (W¹ is a column: an outer product plus a bias), then σ over the whole layer.
        for (int i = 0; i < H1; i++)
        {
            var w = Vector512.Create(Unsafe.Add(ref th, OffW1 + i));
            var b = Vector512.Create(Unsafe.Add(ref th, OffB1 + i));
            for (int k = 0; k < stride; k += 8)
                Vector512.FusedMultiplyAdd(w, Vector512.LoadUnsafe(ref rx, (nuint)k), b).StoreUnsafe(ref r1, (nuint)(i * stride + k));
        }
        SimdMath.Sigmoid(a1, a1);

        // Layer 2: z² = W²a¹ + b², eight samples at a time with the six inputs held in registers.
        for (int k = 0; k < stride; k += 8)
        {
            var i0 = Vector512.LoadUnsafe(ref r1, (nuint)k);
            var i1 = Vector512.LoadUnsafe(ref r1, (nuint)(stride + k));
            var i2 = Vector512.LoadUnsafe(ref r1, (nuint)(2 * stride + k));
            var i3 = Vector512.LoadUnsafe(ref r1, (nuint)(3 * stride + k));
            var i4 = Vector512.LoadUnsafe(ref r1, (nuint)(4 * stride + k));
            var i5 = Vector512.LoadUnsafe(ref r1, (nuint)(5 * stride + k));
            for (int i = 0; i < H2; i++)
            {
                ref double w = ref Unsafe.Add(ref th, OffW2 + i * H1);
                var z = Vector512.FusedMultiplyAdd(Vector512.Create(w), i0, Vector512.Create(Unsafe.Add(ref th, OffB2 + i)));
                z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 1)), i1, z);
                z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 2)), i2, z);
                z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 3)), i3, z);
                z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 4)), i4, z);
                z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 5)), i5, z);
                z.StoreUnsafe(ref r2, (nuint)(i * stride + k));
            }
        }
        SimdMath.Sigmoid(a2, a2);

        // Layer 3: z³ = W³a² + b³.
        for (int k = 0; k < stride; k += 8)
        {
            for (int i = 0; i < Out; i++)
            {
                ref double w = ref Unsafe.Add(ref th, OffW3 + i * H2);
                var z = Vector512.Create(Unsafe.Add(ref th, OffB3 + i));
                for (int j = 0; j < H2; j++)
                    z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, j)), Vector512.LoadUnsafe(ref r2, (nuint)(j * stride + k)), z);
                z.StoreUnsafe(ref r3, (nuint)(i * stride + k));
            }
        }
        SimdMath.Sigmoid(a3, a3);

        // The cost and the output error ∂C/∂z³ = 2(a³ − y)/n ⊙ σ'(z³); the mask zeroes the padding columns.
        ref double ry = ref MemoryMarshal.GetArrayDataReference(y);
        ref double rm = ref MemoryMarshal.GetArrayDataReference(mask);
        ref double rd = ref MemoryMarshal.GetArrayDataReference(d3);
        var sum = Vector512<double>.Zero;
        var scale = Vector512.Create(2.0 / n);
        for (int r = 0; r < Out; r++)
            for (int k = 0; k < stride; k += 8)
            {
                nuint at = (nuint)(r * stride + k);
                var a = Vector512.LoadUnsafe(ref r3, at);
                var diff = (a - Vector512.LoadUnsafe(ref ry, at)) * Vector512.LoadUnsafe(ref rm, (nuint)k);
                sum = Vector512.FusedMultiplyAdd(diff, diff, sum);
                (diff * scale * a * (Vector512<double>.One - a)).StoreUnsafe(ref rd, at);
            }
        cost = Vector512.Sum(sum) / n;
    }

    /// <summary>The chain rule backwards through the three layers, from d3 = ∂C/∂z³ to the 77 Jacobian entries.</summary>
    private void Backward()
    {
        Layer(d3, Out, a2, H2, OffW3, OffB3, d2);
        Layer(d2, H2, a1, H1, OffW2, OffB2, d1);
        Layer(d1, H1, x, 1, OffW1, OffB1, null);
    }

    /// <summary>
    /// One layer of backpropagation, in one sweep over the samples. With δ = ∂C/∂z of this layer (rows × samples) and
    /// a the layer's input (cols × samples): J_W = δ·aᵀ, J_b = row sums of δ, and, for the layer below,
    /// δ_below = (Wᵀ·δ) ⊙ a(1 − a) (the step back a layer).
    /// </summary>
    private void Layer(double[] delta, int rows, double[] input, int cols, int offW, int offB, double[]? below)
    {
        int stride = p;
        ref double rd = ref MemoryMarshal.GetArrayDataReference(delta);
        ref double ra = ref MemoryMarshal.GetArrayDataReference(input);
        ref double th = ref MemoryMarshal.GetArrayDataReference(theta);
        ref Vector512<double> sums = ref MemoryMarshal.GetArrayDataReference(acc);
        int count = rows * cols + rows;
        for (int i = 0; i < count; i++) Unsafe.Add(ref sums, i) = Vector512<double>.Zero;
        for (int k = 0; k < stride; k += 8)
        {
            for (int c = 0; c < cols; c++)
            {
                var a = Vector512.LoadUnsafe(ref ra, (nuint)(c * stride + k));
                var back = Vector512<double>.Zero;
                for (int r = 0; r < rows; r++)
                {
                    var d = Vector512.LoadUnsafe(ref rd, (nuint)(r * stride + k));
                    ref var s = ref Unsafe.Add(ref sums, r * cols + c);
                    s = Vector512.FusedMultiplyAdd(d, a, s);
                    back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, offW + r * cols + c)), d, back);
                }
                if (below is not null)
                    (back * a * (Vector512<double>.One - a)).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(below), (nuint)(c * stride + k));
            }
            for (int r = 0; r < rows; r++)
            {
                ref var s = ref Unsafe.Add(ref sums, rows * cols + r);
                s += Vector512.LoadUnsafe(ref rd, (nuint)(r * stride + k));
            }
        }
        for (int i = 0; i < rows * cols; i++) grad[offW + i] = Vector512.Sum(Unsafe.Add(ref sums, i));
        for (int r = 0; r < rows; r++) grad[offB + r] = Vector512.Sum(Unsafe.Add(ref sums, rows * cols + r));
    }

    /// <summary>θ ← θ − aggression·J ⊙ (1 + noise·N(0,1)). Returns false when a weight became NaN or infinite.</summary>
    private bool Update(double aggression, double noise)
    {
        if (nextNormal + Padded > NoiseBlock) RefillNormals();
        ref double th = ref MemoryMarshal.GetArrayDataReference(theta);
        ref double g = ref MemoryMarshal.GetArrayDataReference(grad);
        ref double z = ref MemoryMarshal.GetArrayDataReference(normals);
        var rate = Vector512.Create(-aggression);
        var s = Vector512.Create(noise);
        var check = Vector512<double>.Zero;
        for (int i = 0; i < Padded; i += 8)
        {
            var shake = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref z, (nuint)(nextNormal + i)), Vector512<double>.One);
            var w = Vector512.FusedMultiplyAdd(rate * shake, Vector512.LoadUnsafe(ref g, (nuint)i), Vector512.LoadUnsafe(ref th, (nuint)i));
            w.StoreUnsafe(ref th, (nuint)i);
            check += w - w; // 0 for a finite weight, NaN for NaN or ±∞
        }
        nextNormal += Padded;
        return Vector512.EqualsAll(check, Vector512<double>.Zero);
    }

    /// <summary>A block of standard normals by Marsaglia's polar method: (u, v) uniform in the unit disc, s = u² + v²,
    /// then u·√(−2 ln s / s) and v·√(−2 ln s / s) are independent N(0, 1). Scalar Math.Log and Math.Sqrt rather than
    /// vectorised library kernels, whose last bit differs between precompiled and re-jitted code: the dynamics amplify
    /// a one-ulp difference, and a seed must give the same run every time.</summary>
    private void RefillNormals()
    {
        for (int i = 0; i < NoiseBlock; i += 2)
        {
            double u, v, s;
            do
            {
                u = 2 * rng.NextDouble() - 1;
                v = 2 * rng.NextDouble() - 1;
                s = u * u + v * v;
            }
            while (s >= 1 || s == 0);
            double f = Math.Sqrt(-2 * Math.Log(s) / s);
            normals[i] = u * f;
            normals[i + 1] = v * f;
        }
        nextNormal = 0;
    }
}
