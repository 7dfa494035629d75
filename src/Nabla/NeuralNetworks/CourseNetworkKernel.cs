using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nabla.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

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
    private readonly Vector256<double>[] acc = new Vector256<double>[H2 * H1 + H2];
    private readonly double[] normals = new double[NoiseBlock], angles = new double[NoiseBlock / 2], radii = new double[NoiseBlock / 2];
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
            var w = Vector256.Create(Unsafe.Add(ref th, OffW1 + i));
            var b = Vector256.Create(Unsafe.Add(ref th, OffB1 + i));
            for (int k = 0; k < stride; k += 4)
                Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref rx, (nuint)k), b).StoreUnsafe(ref r1, (nuint)(i * stride + k));
        }
        SimdMath.Sigmoid(a1, a1);

        // Layer 2: z² = W²a¹ + b², four samples at a time with the six inputs held in registers.
        for (int k = 0; k < stride; k += 4)
        {
            var i0 = Vector256.LoadUnsafe(ref r1, (nuint)k);
            var i1 = Vector256.LoadUnsafe(ref r1, (nuint)(stride + k));
            var i2 = Vector256.LoadUnsafe(ref r1, (nuint)(2 * stride + k));
            var i3 = Vector256.LoadUnsafe(ref r1, (nuint)(3 * stride + k));
            var i4 = Vector256.LoadUnsafe(ref r1, (nuint)(4 * stride + k));
            var i5 = Vector256.LoadUnsafe(ref r1, (nuint)(5 * stride + k));
            for (int i = 0; i < H2; i++)
            {
                ref double w = ref Unsafe.Add(ref th, OffW2 + i * H1);
                var z = Vector256.FusedMultiplyAdd(Vector256.Create(w), i0, Vector256.Create(Unsafe.Add(ref th, OffB2 + i)));
                z = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, 1)), i1, z);
                z = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, 2)), i2, z);
                z = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, 3)), i3, z);
                z = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, 4)), i4, z);
                z = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, 5)), i5, z);
                z.StoreUnsafe(ref r2, (nuint)(i * stride + k));
            }
        }
        SimdMath.Sigmoid(a2, a2);

        // Layer 3: z³ = W³a² + b³.
        for (int k = 0; k < stride; k += 4)
        {
            for (int i = 0; i < Out; i++)
            {
                ref double w = ref Unsafe.Add(ref th, OffW3 + i * H2);
                var z = Vector256.Create(Unsafe.Add(ref th, OffB3 + i));
                for (int j = 0; j < H2; j++)
                    z = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, j)), Vector256.LoadUnsafe(ref r2, (nuint)(j * stride + k)), z);
                z.StoreUnsafe(ref r3, (nuint)(i * stride + k));
            }
        }
        SimdMath.Sigmoid(a3, a3);

        // The cost and the output error ∂C/∂z³ = 2(a³ − y)/n ⊙ σ'(z³); the mask zeroes the padding columns.
        ref double ry = ref MemoryMarshal.GetArrayDataReference(y);
        ref double rm = ref MemoryMarshal.GetArrayDataReference(mask);
        ref double rd = ref MemoryMarshal.GetArrayDataReference(d3);
        var sum = Vector256<double>.Zero;
        var scale = Vector256.Create(2.0 / n);
        for (int r = 0; r < Out; r++)
            for (int k = 0; k < stride; k += 4)
            {
                nuint at = (nuint)(r * stride + k);
                var a = Vector256.LoadUnsafe(ref r3, at);
                var diff = (a - Vector256.LoadUnsafe(ref ry, at)) * Vector256.LoadUnsafe(ref rm, (nuint)k);
                sum = Vector256.FusedMultiplyAdd(diff, diff, sum);
                (diff * scale * a * (Vector256<double>.One - a)).StoreUnsafe(ref rd, at);
            }
        cost = Vector256.Sum(sum) / n;
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
        ref Vector256<double> sums = ref MemoryMarshal.GetArrayDataReference(acc);
        int count = rows * cols + rows;
        for (int i = 0; i < count; i++) Unsafe.Add(ref sums, i) = Vector256<double>.Zero;
        for (int k = 0; k < stride; k += 4)
        {
            for (int c = 0; c < cols; c++)
            {
                var a = Vector256.LoadUnsafe(ref ra, (nuint)(c * stride + k));
                var back = Vector256<double>.Zero;
                for (int r = 0; r < rows; r++)
                {
                    var d = Vector256.LoadUnsafe(ref rd, (nuint)(r * stride + k));
                    ref var s = ref Unsafe.Add(ref sums, r * cols + c);
                    s = Vector256.FusedMultiplyAdd(d, a, s);
                    back = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref th, offW + r * cols + c)), d, back);
                }
                if (below is not null)
                    (back * a * (Vector256<double>.One - a)).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(below), (nuint)(c * stride + k));
            }
            for (int r = 0; r < rows; r++)
            {
                ref var s = ref Unsafe.Add(ref sums, rows * cols + r);
                s += Vector256.LoadUnsafe(ref rd, (nuint)(r * stride + k));
            }
        }
        for (int i = 0; i < rows * cols; i++) grad[offW + i] = Vector256.Sum(Unsafe.Add(ref sums, i));
        for (int r = 0; r < rows; r++) grad[offB + r] = Vector256.Sum(Unsafe.Add(ref sums, rows * cols + r));
    }

    /// <summary>θ ← θ − aggression·J ⊙ (1 + noise·N(0,1)). Returns false when a weight became NaN or infinite.</summary>
    private bool Update(double aggression, double noise)
    {
        if (nextNormal + Padded > NoiseBlock) RefillNormals();
        ref double th = ref MemoryMarshal.GetArrayDataReference(theta);
        ref double g = ref MemoryMarshal.GetArrayDataReference(grad);
        ref double z = ref MemoryMarshal.GetArrayDataReference(normals);
        var rate = Vector256.Create(-aggression);
        var s = Vector256.Create(noise);
        var check = Vector256<double>.Zero;
        for (int i = 0; i < Padded; i += 4)
        {
            var shake = Vector256.FusedMultiplyAdd(s, Vector256.LoadUnsafe(ref z, (nuint)(nextNormal + i)), Vector256<double>.One);
            var w = Vector256.FusedMultiplyAdd(rate * shake, Vector256.LoadUnsafe(ref g, (nuint)i), Vector256.LoadUnsafe(ref th, (nuint)i));
            w.StoreUnsafe(ref th, (nuint)i);
            check += w - w; // 0 for a finite weight, NaN for NaN or ±∞
        }
        nextNormal += Padded;
        return Vector256.EqualsAll(check, Vector256<double>.Zero);
    }

    /// <summary>A block of standard normals by the Box–Muller transform, vectorised over the block:
    /// √(−2 ln u₁)·(cos 2πu₂, sin 2πu₂) with u₁ ∈ (0, 1], u₂ ∈ [0, 1) from xoshiro256**.</summary>
    private void RefillNormals()
    {
        int pairs = NoiseBlock / 2;
        for (int i = 0; i < pairs; i++)
        {
            radii[i] = 1.0 - rng.NextDouble();
            angles[i] = 2 * Math.PI * rng.NextDouble();
        }
        TP.Log(radii, radii);
        TP.Multiply(radii, -2.0, radii);
        TP.Sqrt(radii, radii);
        var first = normals.AsSpan(0, pairs);
        var second = normals.AsSpan(pairs, pairs);
        TP.Cos(angles, first);
        TP.Sin(angles, second);
        TP.Multiply(first, radii, first);
        TP.Multiply(second, radii, second);
        nextNormal = 0;
    }
}
