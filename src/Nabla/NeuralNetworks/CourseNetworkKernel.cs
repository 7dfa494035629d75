using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
/// <para>With AVX-512 a training step is one fused sweep over the samples (<see cref="ForwardBackward"/>): for eight
/// samples at a time the forward pass, the output error and the three layers of backpropagation run while that block's
/// activations are still in registers or L1, and the 77 Jacobian entries accumulate lane by lane. Every operation and
/// every sum is done in the same order as the layer-by-layer passes (<see cref="Forward"/> then <see cref="Backward"/>),
/// so both routes give the same bits — and the same training trajectory for a seed; a test checks it.</para>
/// </summary>
internal sealed class CourseNetworkKernel
{
    // Offsets of the parameters in θ: W¹ (6×1), b¹, W² (7×6), b², W³ (2×7), b³ — 77 numbers, padded to 80.
    private const int OffW1 = 0, OffB1 = 6, OffW2 = 12, OffB2 = 54, OffW3 = 61, OffB3 = 75, ParameterCount = 77, Padded = 80;
    private const int H1 = 6, H2 = 7, Out = 2;
    private const int NoiseBlock = Padded * 64;

    private readonly int n, p;
    private readonly bool fused;
    private readonly double[] x, y, mask, a1, a2, a3, d3, d2, d1, diffs;
    private readonly double[] theta = new double[Padded], backup = new double[Padded], grad = new double[Padded];
    private readonly Vector512<double>[] acc = new Vector512<double>[Padded];
    private readonly double[] normals = new double[NoiseBlock];
    private int nextNormal = NoiseBlock;
    private TensorRandom rng;
    private double cost;

    /// <summary>A kernel for the samples <paramref name="inputs"/> (n) and <paramref name="targets"/> (2×n, row-major);
    /// <paramref name="seed"/> seeds the noise. <paramref name="layerByLayer"/> forces the separate forward and backward
    /// passes even where the fused sweep runs (tests compare the two).</summary>
    public CourseNetworkKernel(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, long seed, bool layerByLayer = false)
    {
        fused = Avx512F.IsSupported && !layerByLayer;
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
        diffs = new double[p];
        rng = new TensorRandom(seed);
    }

    /// <summary>θ itself: W¹, b¹, W², b², W³, b³ flattened row-major (77 numbers), live.</summary>
    public Span<double> Parameters => theta.AsSpan(0, ParameterCount);

    /// <summary>Copies the network's weights into θ (field by field: no list is built, so a benchmark that restores
    /// the weights before every step allocates nothing).</summary>
    public void LoadParameters(CourseNetwork net)
    {
        net.W1.AsSpan().CopyTo(theta.AsSpan(OffW1));
        net.B1.AsSpan().CopyTo(theta.AsSpan(OffB1));
        net.W2.AsSpan().CopyTo(theta.AsSpan(OffW2));
        net.B2.AsSpan().CopyTo(theta.AsSpan(OffB2));
        net.W3.AsSpan().CopyTo(theta.AsSpan(OffW3));
        net.B3.AsSpan().CopyTo(theta.AsSpan(OffB3));
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Run(int steps, double aggression, double noise, out double finalCost)
    {
        if (!fused) return RunLayerByLayer(steps, aggression, noise, out finalCost);
        if (steps <= 0)
        {
            finalCost = cost;
            return 0;
        }
        // Each step is one fused sweep at θₜ (its cost and Jacobians), then the update. A non-finite cost is seen one
        // sweep after the step that caused it, so that step (t − 1) is undone; the last step's cost needs one more
        // forward pass.
        double previous = cost;
        for (int t = 0; t < steps; t++)
        {
            ForwardBackward();
            if (t > 0 && !double.IsFinite(cost))
                return Undo(t - 1, out finalCost);
            previous = cost;
            theta.AsSpan().CopyTo(backup);
            if (!Update(aggression, noise))
                return Undo(t, out finalCost);
        }
        Forward();
        if (!double.IsFinite(cost))
            return Undo(steps - 1, out finalCost);
        finalCost = cost;
        return steps;

        int Undo(int kept, out double final)
        {
            backup.AsSpan().CopyTo(theta);
            Forward();
            cost = previous;
            final = previous;
            return kept;
        }
    }

    /// <summary>One noiseless step θ ← θ − rate·J (one forward pass, the Jacobians, the update: what a framework's
    /// training step does). Returns the cost before the step; draws no random numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Step(double rate)
    {
        if (fused) ForwardBackward();
        else
        {
            Forward();
            Backward();
        }
        ref double th = ref MemoryMarshal.GetArrayDataReference(theta);
        ref double g = ref MemoryMarshal.GetArrayDataReference(grad);
        var r = Vector512.Create(-rate);
        for (int i = 0; i < Padded; i += 8)
            Vector512.FusedMultiplyAdd(r, Vector512.LoadUnsafe(ref g, (nuint)i), Vector512.LoadUnsafe(ref th, (nuint)i)).StoreUnsafe(ref th, (nuint)i);
        return cost;
    }

    /// <summary>The cost at the current weights and its 77 Jacobian entries in θ order (W¹, b¹, W², b², W³, b³), by
    /// whichever route this kernel takes. For tests.</summary>
    internal double Gradient(Span<double> into)
    {
        if (fused) ForwardBackward();
        else
        {
            Forward();
            Backward();
        }
        grad.AsSpan(0, ParameterCount).CopyTo(into);
        return cost;
    }

    /// <summary>The loop without AVX-512 (or when forced): a forward pass after each update, a backward pass before the
    /// next.</summary>
    private int RunLayerByLayer(int steps, double aggression, double noise, out double finalCost)
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

    /// <summary>
    /// The forward pass, the cost and all 77 Jacobian entries in one sweep over the samples, eight at a time (AVX-512
    /// only). Per block: a¹ = σ(W¹x + b¹), a² = σ(W²a¹ + b²), a³ = σ(W³a² + b³), the output error
    /// δ³ = 2(a³ − y)/n ⊙ a³(1 − a³), then for each layer J_W += δ·aᵀ, J_b += δ and δ_below = (Wᵀδ) ⊙ a(1 − a). The
    /// operations and their order are those of <see cref="Forward"/> and <see cref="Layer"/>, so the bits agree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardBackward()
    {
        ref double th = ref MemoryMarshal.GetArrayDataReference(theta);
        ref double rx = ref MemoryMarshal.GetArrayDataReference(x);
        ref double ry = ref MemoryMarshal.GetArrayDataReference(y);
        ref double rm = ref MemoryMarshal.GetArrayDataReference(mask);
        ref double r1 = ref MemoryMarshal.GetArrayDataReference(a1);
        ref double r2 = ref MemoryMarshal.GetArrayDataReference(a2);
        ref double q2 = ref MemoryMarshal.GetArrayDataReference(d2);
        ref double q1 = ref MemoryMarshal.GetArrayDataReference(d1);
        ref double rdiff = ref MemoryMarshal.GetArrayDataReference(diffs);
        ref double q3 = ref MemoryMarshal.GetArrayDataReference(d3);
        var table = SimdMath.SigmoidTable.Load();
        var one = Vector512<double>.One;
        var scale = Vector512.Create(2.0 / n);
        var cost0 = Vector512<double>.Zero;
        int stride = p;
        for (int k = 0; k < stride; k += 8)
        {
            var a0 = Vector512.LoadUnsafe(ref rx, (nuint)k);

            // Forward, layer 1: the six sums, then σ three at a time.
            var i0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW1)), a0, Vector512.Create(Unsafe.Add(ref th, OffB1)));
            var i1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW1 + 1)), a0, Vector512.Create(Unsafe.Add(ref th, OffB1 + 1)));
            var i2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW1 + 2)), a0, Vector512.Create(Unsafe.Add(ref th, OffB1 + 2)));
            var i3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW1 + 3)), a0, Vector512.Create(Unsafe.Add(ref th, OffB1 + 3)));
            var i4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW1 + 4)), a0, Vector512.Create(Unsafe.Add(ref th, OffB1 + 4)));
            var i5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW1 + 5)), a0, Vector512.Create(Unsafe.Add(ref th, OffB1 + 5)));
            SimdMath.Sigmoid3(ref i0, ref i1, ref i2, table);
            SimdMath.Sigmoid3(ref i3, ref i4, ref i5, table);
            i0.StoreUnsafe(ref r1, (nuint)k);
            i1.StoreUnsafe(ref r1, (nuint)(stride + k));
            i2.StoreUnsafe(ref r1, (nuint)(2 * stride + k));
            i3.StoreUnsafe(ref r1, (nuint)(3 * stride + k));
            i4.StoreUnsafe(ref r1, (nuint)(4 * stride + k));
            i5.StoreUnsafe(ref r1, (nuint)(5 * stride + k));

            // Layer 2: the seven sums from a¹ in registers, then σ (3 + 2 + 2 at a time).
            var h0 = Layer2Sum(ref th, 0, i0, i1, i2, i3, i4, i5);
            var h1 = Layer2Sum(ref th, 1, i0, i1, i2, i3, i4, i5);
            var h2 = Layer2Sum(ref th, 2, i0, i1, i2, i3, i4, i5);
            var h3 = Layer2Sum(ref th, 3, i0, i1, i2, i3, i4, i5);
            var h4 = Layer2Sum(ref th, 4, i0, i1, i2, i3, i4, i5);
            var h5 = Layer2Sum(ref th, 5, i0, i1, i2, i3, i4, i5);
            var h6 = Layer2Sum(ref th, 6, i0, i1, i2, i3, i4, i5);
            SimdMath.Sigmoid4(ref h0, ref h1, ref h2, ref h3, table);
            SimdMath.Sigmoid3(ref h4, ref h5, ref h6, table);
            h0.StoreUnsafe(ref r2, (nuint)k);
            h1.StoreUnsafe(ref r2, (nuint)(stride + k));
            h2.StoreUnsafe(ref r2, (nuint)(2 * stride + k));
            h3.StoreUnsafe(ref r2, (nuint)(3 * stride + k));
            h4.StoreUnsafe(ref r2, (nuint)(4 * stride + k));
            h5.StoreUnsafe(ref r2, (nuint)(5 * stride + k));
            h6.StoreUnsafe(ref r2, (nuint)(6 * stride + k));

            // Layer 3 and the output error δ³ (the mask zeroes the padding samples).
            var o0 = Vector512.Create(Unsafe.Add(ref th, OffB3));
            var o1 = Vector512.Create(Unsafe.Add(ref th, OffB3 + 1));
            o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3)), h0, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2)), h0, o1);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 1)), h1, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 1)), h1, o1);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 2)), h2, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 2)), h2, o1);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 3)), h3, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 3)), h3, o1);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 4)), h4, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 4)), h4, o1);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 5)), h5, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 5)), h5, o1);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 6)), h6, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 6)), h6, o1);
            SimdMath.Sigmoid2(ref o0, ref o1, table);
            var m = Vector512.LoadUnsafe(ref rm, (nuint)k);
            var diff0 = (o0 - Vector512.LoadUnsafe(ref ry, (nuint)k)) * m;
            var diff1 = (o1 - Vector512.LoadUnsafe(ref ry, (nuint)(stride + k))) * m;
            cost0 = Vector512.FusedMultiplyAdd(diff0, diff0, cost0);
            diff1.StoreUnsafe(ref rdiff, (nuint)k); // the second output's squares join the cost after the sweep, in order
            var e0 = diff0 * scale * o0 * (one - o0);
            var e1 = diff1 * scale * o1 * (one - o1);
            e0.StoreUnsafe(ref q3, (nuint)k);
            e1.StoreUnsafe(ref q3, (nuint)(stride + k));

            // Backward: δ² = (W³ᵀδ³) ⊙ a²(1 − a²), then δ¹ = (W²ᵀδ²) ⊙ a¹(1 − a¹), a¹ and a² still in registers.
            var g0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 0)), e0, Vector512<double>.Zero);
            g0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 0)), e1, g0);
            g0 = g0 * h0 * (one - h0);
            g0.StoreUnsafe(ref q2, (nuint)(0 * stride + k));
            var g1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 1)), e0, Vector512<double>.Zero);
            g1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 1)), e1, g1);
            g1 = g1 * h1 * (one - h1);
            g1.StoreUnsafe(ref q2, (nuint)(1 * stride + k));
            var g2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 2)), e0, Vector512<double>.Zero);
            g2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 2)), e1, g2);
            g2 = g2 * h2 * (one - h2);
            g2.StoreUnsafe(ref q2, (nuint)(2 * stride + k));
            var g3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 3)), e0, Vector512<double>.Zero);
            g3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 3)), e1, g3);
            g3 = g3 * h3 * (one - h3);
            g3.StoreUnsafe(ref q2, (nuint)(3 * stride + k));
            var g4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 4)), e0, Vector512<double>.Zero);
            g4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 4)), e1, g4);
            g4 = g4 * h4 * (one - h4);
            g4.StoreUnsafe(ref q2, (nuint)(4 * stride + k));
            var g5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 5)), e0, Vector512<double>.Zero);
            g5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 5)), e1, g5);
            g5 = g5 * h5 * (one - h5);
            g5.StoreUnsafe(ref q2, (nuint)(5 * stride + k));
            var g6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + 6)), e0, Vector512<double>.Zero);
            g6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + 6)), e1, g6);
            g6 = g6 * h6 * (one - h6);
            g6.StoreUnsafe(ref q2, (nuint)(6 * stride + k));
            var f0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 0)), g0, Vector512<double>.Zero);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 6)), g1, f0);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 12)), g2, f0);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 18)), g3, f0);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 24)), g4, f0);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 30)), g5, f0);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 36)), g6, f0);
            (f0 * i0 * (one - i0)).StoreUnsafe(ref q1, (nuint)(0 * stride + k));
            var f1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 1)), g0, Vector512<double>.Zero);
            f1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 7)), g1, f1);
            f1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 13)), g2, f1);
            f1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 19)), g3, f1);
            f1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 25)), g4, f1);
            f1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 31)), g5, f1);
            f1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 37)), g6, f1);
            (f1 * i1 * (one - i1)).StoreUnsafe(ref q1, (nuint)(1 * stride + k));
            var f2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 2)), g0, Vector512<double>.Zero);
            f2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 8)), g1, f2);
            f2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 14)), g2, f2);
            f2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 20)), g3, f2);
            f2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 26)), g4, f2);
            f2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 32)), g5, f2);
            f2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 38)), g6, f2);
            (f2 * i2 * (one - i2)).StoreUnsafe(ref q1, (nuint)(2 * stride + k));
            var f3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 3)), g0, Vector512<double>.Zero);
            f3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 9)), g1, f3);
            f3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 15)), g2, f3);
            f3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 21)), g3, f3);
            f3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 27)), g4, f3);
            f3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 33)), g5, f3);
            f3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 39)), g6, f3);
            (f3 * i3 * (one - i3)).StoreUnsafe(ref q1, (nuint)(3 * stride + k));
            var f4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 4)), g0, Vector512<double>.Zero);
            f4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 10)), g1, f4);
            f4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 16)), g2, f4);
            f4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 22)), g3, f4);
            f4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 28)), g4, f4);
            f4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 34)), g5, f4);
            f4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 40)), g6, f4);
            (f4 * i4 * (one - i4)).StoreUnsafe(ref q1, (nuint)(4 * stride + k));
            var f5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 5)), g0, Vector512<double>.Zero);
            f5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 11)), g1, f5);
            f5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 17)), g2, f5);
            f5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 23)), g3, f5);
            f5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 29)), g4, f5);
            f5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 35)), g5, f5);
            f5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW2 + 41)), g6, f5);
            (f5 * i5 * (one - i5)).StoreUnsafe(ref q1, (nuint)(5 * stride + k));
        }

        // The Jacobians: J_W = δ·aᵀ and J_b = row sums of δ, summed over the blocks in order into accumulators held in
        // registers, a tile at a time (the same per-lane sums as Layer's, without a store per multiply-add).
        ref Vector512<double> s = ref MemoryMarshal.GetArrayDataReference(acc);
        ref double q3r = ref MemoryMarshal.GetArrayDataReference(d3);
        { // W³ (2 × 7) and b³
            var s0_0 = Vector512<double>.Zero;
            var s0_1 = Vector512<double>.Zero;
            var s0_2 = Vector512<double>.Zero;
            var s0_3 = Vector512<double>.Zero;
            var s0_4 = Vector512<double>.Zero;
            var s0_5 = Vector512<double>.Zero;
            var s0_6 = Vector512<double>.Zero;
            var s1_0 = Vector512<double>.Zero;
            var s1_1 = Vector512<double>.Zero;
            var s1_2 = Vector512<double>.Zero;
            var s1_3 = Vector512<double>.Zero;
            var s1_4 = Vector512<double>.Zero;
            var s1_5 = Vector512<double>.Zero;
            var s1_6 = Vector512<double>.Zero;
            var t0 = Vector512<double>.Zero;
            var t1 = Vector512<double>.Zero;
            for (int k = 0; k < stride; k += 8)
            {
                var a0 = Vector512.LoadUnsafe(ref r2, (nuint)(0 * stride + k));
                var a1 = Vector512.LoadUnsafe(ref r2, (nuint)(1 * stride + k));
                var a2 = Vector512.LoadUnsafe(ref r2, (nuint)(2 * stride + k));
                var a3 = Vector512.LoadUnsafe(ref r2, (nuint)(3 * stride + k));
                var a4 = Vector512.LoadUnsafe(ref r2, (nuint)(4 * stride + k));
                var a5 = Vector512.LoadUnsafe(ref r2, (nuint)(5 * stride + k));
                var a6 = Vector512.LoadUnsafe(ref r2, (nuint)(6 * stride + k));
                var d0 = Vector512.LoadUnsafe(ref q3r, (nuint)(0 * stride + k));
                s0_0 = Vector512.FusedMultiplyAdd(d0, a0, s0_0);
                s0_1 = Vector512.FusedMultiplyAdd(d0, a1, s0_1);
                s0_2 = Vector512.FusedMultiplyAdd(d0, a2, s0_2);
                s0_3 = Vector512.FusedMultiplyAdd(d0, a3, s0_3);
                s0_4 = Vector512.FusedMultiplyAdd(d0, a4, s0_4);
                s0_5 = Vector512.FusedMultiplyAdd(d0, a5, s0_5);
                s0_6 = Vector512.FusedMultiplyAdd(d0, a6, s0_6);
                var d1 = Vector512.LoadUnsafe(ref q3r, (nuint)(1 * stride + k));
                s1_0 = Vector512.FusedMultiplyAdd(d1, a0, s1_0);
                s1_1 = Vector512.FusedMultiplyAdd(d1, a1, s1_1);
                s1_2 = Vector512.FusedMultiplyAdd(d1, a2, s1_2);
                s1_3 = Vector512.FusedMultiplyAdd(d1, a3, s1_3);
                s1_4 = Vector512.FusedMultiplyAdd(d1, a4, s1_4);
                s1_5 = Vector512.FusedMultiplyAdd(d1, a5, s1_5);
                s1_6 = Vector512.FusedMultiplyAdd(d1, a6, s1_6);
                t0 += d0;
                t1 += d1;
            }
            Unsafe.Add(ref s, OffW3 + 0) = s0_0;
            Unsafe.Add(ref s, OffW3 + 1) = s0_1;
            Unsafe.Add(ref s, OffW3 + 2) = s0_2;
            Unsafe.Add(ref s, OffW3 + 3) = s0_3;
            Unsafe.Add(ref s, OffW3 + 4) = s0_4;
            Unsafe.Add(ref s, OffW3 + 5) = s0_5;
            Unsafe.Add(ref s, OffW3 + 6) = s0_6;
            Unsafe.Add(ref s, OffW3 + 7) = s1_0;
            Unsafe.Add(ref s, OffW3 + 8) = s1_1;
            Unsafe.Add(ref s, OffW3 + 9) = s1_2;
            Unsafe.Add(ref s, OffW3 + 10) = s1_3;
            Unsafe.Add(ref s, OffW3 + 11) = s1_4;
            Unsafe.Add(ref s, OffW3 + 12) = s1_5;
            Unsafe.Add(ref s, OffW3 + 13) = s1_6;
            Unsafe.Add(ref s, OffB3 + 0) = t0;
            Unsafe.Add(ref s, OffB3 + 1) = t1;
        }
        { // W² columns 0–2
            var s0_0 = Vector512<double>.Zero;
            var s0_1 = Vector512<double>.Zero;
            var s0_2 = Vector512<double>.Zero;
            var s1_0 = Vector512<double>.Zero;
            var s1_1 = Vector512<double>.Zero;
            var s1_2 = Vector512<double>.Zero;
            var s2_0 = Vector512<double>.Zero;
            var s2_1 = Vector512<double>.Zero;
            var s2_2 = Vector512<double>.Zero;
            var s3_0 = Vector512<double>.Zero;
            var s3_1 = Vector512<double>.Zero;
            var s3_2 = Vector512<double>.Zero;
            var s4_0 = Vector512<double>.Zero;
            var s4_1 = Vector512<double>.Zero;
            var s4_2 = Vector512<double>.Zero;
            var s5_0 = Vector512<double>.Zero;
            var s5_1 = Vector512<double>.Zero;
            var s5_2 = Vector512<double>.Zero;
            var s6_0 = Vector512<double>.Zero;
            var s6_1 = Vector512<double>.Zero;
            var s6_2 = Vector512<double>.Zero;
            for (int k = 0; k < stride; k += 8)
            {
                var a0 = Vector512.LoadUnsafe(ref r1, (nuint)(0 * stride + k));
                var a1 = Vector512.LoadUnsafe(ref r1, (nuint)(1 * stride + k));
                var a2 = Vector512.LoadUnsafe(ref r1, (nuint)(2 * stride + k));
                var d0 = Vector512.LoadUnsafe(ref q2, (nuint)(0 * stride + k));
                s0_0 = Vector512.FusedMultiplyAdd(d0, a0, s0_0);
                s0_1 = Vector512.FusedMultiplyAdd(d0, a1, s0_1);
                s0_2 = Vector512.FusedMultiplyAdd(d0, a2, s0_2);
                var d1 = Vector512.LoadUnsafe(ref q2, (nuint)(1 * stride + k));
                s1_0 = Vector512.FusedMultiplyAdd(d1, a0, s1_0);
                s1_1 = Vector512.FusedMultiplyAdd(d1, a1, s1_1);
                s1_2 = Vector512.FusedMultiplyAdd(d1, a2, s1_2);
                var d2 = Vector512.LoadUnsafe(ref q2, (nuint)(2 * stride + k));
                s2_0 = Vector512.FusedMultiplyAdd(d2, a0, s2_0);
                s2_1 = Vector512.FusedMultiplyAdd(d2, a1, s2_1);
                s2_2 = Vector512.FusedMultiplyAdd(d2, a2, s2_2);
                var d3 = Vector512.LoadUnsafe(ref q2, (nuint)(3 * stride + k));
                s3_0 = Vector512.FusedMultiplyAdd(d3, a0, s3_0);
                s3_1 = Vector512.FusedMultiplyAdd(d3, a1, s3_1);
                s3_2 = Vector512.FusedMultiplyAdd(d3, a2, s3_2);
                var d4 = Vector512.LoadUnsafe(ref q2, (nuint)(4 * stride + k));
                s4_0 = Vector512.FusedMultiplyAdd(d4, a0, s4_0);
                s4_1 = Vector512.FusedMultiplyAdd(d4, a1, s4_1);
                s4_2 = Vector512.FusedMultiplyAdd(d4, a2, s4_2);
                var d5 = Vector512.LoadUnsafe(ref q2, (nuint)(5 * stride + k));
                s5_0 = Vector512.FusedMultiplyAdd(d5, a0, s5_0);
                s5_1 = Vector512.FusedMultiplyAdd(d5, a1, s5_1);
                s5_2 = Vector512.FusedMultiplyAdd(d5, a2, s5_2);
                var d6 = Vector512.LoadUnsafe(ref q2, (nuint)(6 * stride + k));
                s6_0 = Vector512.FusedMultiplyAdd(d6, a0, s6_0);
                s6_1 = Vector512.FusedMultiplyAdd(d6, a1, s6_1);
                s6_2 = Vector512.FusedMultiplyAdd(d6, a2, s6_2);
            }
            Unsafe.Add(ref s, OffW2 + 0) = s0_0;
            Unsafe.Add(ref s, OffW2 + 1) = s0_1;
            Unsafe.Add(ref s, OffW2 + 2) = s0_2;
            Unsafe.Add(ref s, OffW2 + 6) = s1_0;
            Unsafe.Add(ref s, OffW2 + 7) = s1_1;
            Unsafe.Add(ref s, OffW2 + 8) = s1_2;
            Unsafe.Add(ref s, OffW2 + 12) = s2_0;
            Unsafe.Add(ref s, OffW2 + 13) = s2_1;
            Unsafe.Add(ref s, OffW2 + 14) = s2_2;
            Unsafe.Add(ref s, OffW2 + 18) = s3_0;
            Unsafe.Add(ref s, OffW2 + 19) = s3_1;
            Unsafe.Add(ref s, OffW2 + 20) = s3_2;
            Unsafe.Add(ref s, OffW2 + 24) = s4_0;
            Unsafe.Add(ref s, OffW2 + 25) = s4_1;
            Unsafe.Add(ref s, OffW2 + 26) = s4_2;
            Unsafe.Add(ref s, OffW2 + 30) = s5_0;
            Unsafe.Add(ref s, OffW2 + 31) = s5_1;
            Unsafe.Add(ref s, OffW2 + 32) = s5_2;
            Unsafe.Add(ref s, OffW2 + 36) = s6_0;
            Unsafe.Add(ref s, OffW2 + 37) = s6_1;
            Unsafe.Add(ref s, OffW2 + 38) = s6_2;
        }
        { // W² columns 3–5
            var s0_0 = Vector512<double>.Zero;
            var s0_1 = Vector512<double>.Zero;
            var s0_2 = Vector512<double>.Zero;
            var s1_0 = Vector512<double>.Zero;
            var s1_1 = Vector512<double>.Zero;
            var s1_2 = Vector512<double>.Zero;
            var s2_0 = Vector512<double>.Zero;
            var s2_1 = Vector512<double>.Zero;
            var s2_2 = Vector512<double>.Zero;
            var s3_0 = Vector512<double>.Zero;
            var s3_1 = Vector512<double>.Zero;
            var s3_2 = Vector512<double>.Zero;
            var s4_0 = Vector512<double>.Zero;
            var s4_1 = Vector512<double>.Zero;
            var s4_2 = Vector512<double>.Zero;
            var s5_0 = Vector512<double>.Zero;
            var s5_1 = Vector512<double>.Zero;
            var s5_2 = Vector512<double>.Zero;
            var s6_0 = Vector512<double>.Zero;
            var s6_1 = Vector512<double>.Zero;
            var s6_2 = Vector512<double>.Zero;
            for (int k = 0; k < stride; k += 8)
            {
                var a0 = Vector512.LoadUnsafe(ref r1, (nuint)(3 * stride + k));
                var a1 = Vector512.LoadUnsafe(ref r1, (nuint)(4 * stride + k));
                var a2 = Vector512.LoadUnsafe(ref r1, (nuint)(5 * stride + k));
                var d0 = Vector512.LoadUnsafe(ref q2, (nuint)(0 * stride + k));
                s0_0 = Vector512.FusedMultiplyAdd(d0, a0, s0_0);
                s0_1 = Vector512.FusedMultiplyAdd(d0, a1, s0_1);
                s0_2 = Vector512.FusedMultiplyAdd(d0, a2, s0_2);
                var d1 = Vector512.LoadUnsafe(ref q2, (nuint)(1 * stride + k));
                s1_0 = Vector512.FusedMultiplyAdd(d1, a0, s1_0);
                s1_1 = Vector512.FusedMultiplyAdd(d1, a1, s1_1);
                s1_2 = Vector512.FusedMultiplyAdd(d1, a2, s1_2);
                var d2 = Vector512.LoadUnsafe(ref q2, (nuint)(2 * stride + k));
                s2_0 = Vector512.FusedMultiplyAdd(d2, a0, s2_0);
                s2_1 = Vector512.FusedMultiplyAdd(d2, a1, s2_1);
                s2_2 = Vector512.FusedMultiplyAdd(d2, a2, s2_2);
                var d3 = Vector512.LoadUnsafe(ref q2, (nuint)(3 * stride + k));
                s3_0 = Vector512.FusedMultiplyAdd(d3, a0, s3_0);
                s3_1 = Vector512.FusedMultiplyAdd(d3, a1, s3_1);
                s3_2 = Vector512.FusedMultiplyAdd(d3, a2, s3_2);
                var d4 = Vector512.LoadUnsafe(ref q2, (nuint)(4 * stride + k));
                s4_0 = Vector512.FusedMultiplyAdd(d4, a0, s4_0);
                s4_1 = Vector512.FusedMultiplyAdd(d4, a1, s4_1);
                s4_2 = Vector512.FusedMultiplyAdd(d4, a2, s4_2);
                var d5 = Vector512.LoadUnsafe(ref q2, (nuint)(5 * stride + k));
                s5_0 = Vector512.FusedMultiplyAdd(d5, a0, s5_0);
                s5_1 = Vector512.FusedMultiplyAdd(d5, a1, s5_1);
                s5_2 = Vector512.FusedMultiplyAdd(d5, a2, s5_2);
                var d6 = Vector512.LoadUnsafe(ref q2, (nuint)(6 * stride + k));
                s6_0 = Vector512.FusedMultiplyAdd(d6, a0, s6_0);
                s6_1 = Vector512.FusedMultiplyAdd(d6, a1, s6_1);
                s6_2 = Vector512.FusedMultiplyAdd(d6, a2, s6_2);
            }
            Unsafe.Add(ref s, OffW2 + 3) = s0_0;
            Unsafe.Add(ref s, OffW2 + 4) = s0_1;
            Unsafe.Add(ref s, OffW2 + 5) = s0_2;
            Unsafe.Add(ref s, OffW2 + 9) = s1_0;
            Unsafe.Add(ref s, OffW2 + 10) = s1_1;
            Unsafe.Add(ref s, OffW2 + 11) = s1_2;
            Unsafe.Add(ref s, OffW2 + 15) = s2_0;
            Unsafe.Add(ref s, OffW2 + 16) = s2_1;
            Unsafe.Add(ref s, OffW2 + 17) = s2_2;
            Unsafe.Add(ref s, OffW2 + 21) = s3_0;
            Unsafe.Add(ref s, OffW2 + 22) = s3_1;
            Unsafe.Add(ref s, OffW2 + 23) = s3_2;
            Unsafe.Add(ref s, OffW2 + 27) = s4_0;
            Unsafe.Add(ref s, OffW2 + 28) = s4_1;
            Unsafe.Add(ref s, OffW2 + 29) = s4_2;
            Unsafe.Add(ref s, OffW2 + 33) = s5_0;
            Unsafe.Add(ref s, OffW2 + 34) = s5_1;
            Unsafe.Add(ref s, OffW2 + 35) = s5_2;
            Unsafe.Add(ref s, OffW2 + 39) = s6_0;
            Unsafe.Add(ref s, OffW2 + 40) = s6_1;
            Unsafe.Add(ref s, OffW2 + 41) = s6_2;
        }
        { // W¹ (6 × 1), b¹ and b²
            var s0_0 = Vector512<double>.Zero;
            var s1_0 = Vector512<double>.Zero;
            var s2_0 = Vector512<double>.Zero;
            var s3_0 = Vector512<double>.Zero;
            var s4_0 = Vector512<double>.Zero;
            var s5_0 = Vector512<double>.Zero;
            var t0 = Vector512<double>.Zero;
            var t1 = Vector512<double>.Zero;
            var t2 = Vector512<double>.Zero;
            var t3 = Vector512<double>.Zero;
            var t4 = Vector512<double>.Zero;
            var t5 = Vector512<double>.Zero;
            var t6 = Vector512<double>.Zero;
            var t7 = Vector512<double>.Zero;
            var t8 = Vector512<double>.Zero;
            var t9 = Vector512<double>.Zero;
            var t10 = Vector512<double>.Zero;
            var t11 = Vector512<double>.Zero;
            var t12 = Vector512<double>.Zero;
            for (int k = 0; k < stride; k += 8)
            {
                var a0 = Vector512.LoadUnsafe(ref rx, (nuint)(0 * stride + k));
                var d0 = Vector512.LoadUnsafe(ref q1, (nuint)(0 * stride + k));
                s0_0 = Vector512.FusedMultiplyAdd(d0, a0, s0_0);
                var d1 = Vector512.LoadUnsafe(ref q1, (nuint)(1 * stride + k));
                s1_0 = Vector512.FusedMultiplyAdd(d1, a0, s1_0);
                var d2 = Vector512.LoadUnsafe(ref q1, (nuint)(2 * stride + k));
                s2_0 = Vector512.FusedMultiplyAdd(d2, a0, s2_0);
                var d3 = Vector512.LoadUnsafe(ref q1, (nuint)(3 * stride + k));
                s3_0 = Vector512.FusedMultiplyAdd(d3, a0, s3_0);
                var d4 = Vector512.LoadUnsafe(ref q1, (nuint)(4 * stride + k));
                s4_0 = Vector512.FusedMultiplyAdd(d4, a0, s4_0);
                var d5 = Vector512.LoadUnsafe(ref q1, (nuint)(5 * stride + k));
                s5_0 = Vector512.FusedMultiplyAdd(d5, a0, s5_0);
                t0 += d0;
                t1 += d1;
                t2 += d2;
                t3 += d3;
                t4 += d4;
                t5 += d5;
                t6 += Vector512.LoadUnsafe(ref q2, (nuint)(0 * stride + k));
                t7 += Vector512.LoadUnsafe(ref q2, (nuint)(1 * stride + k));
                t8 += Vector512.LoadUnsafe(ref q2, (nuint)(2 * stride + k));
                t9 += Vector512.LoadUnsafe(ref q2, (nuint)(3 * stride + k));
                t10 += Vector512.LoadUnsafe(ref q2, (nuint)(4 * stride + k));
                t11 += Vector512.LoadUnsafe(ref q2, (nuint)(5 * stride + k));
                t12 += Vector512.LoadUnsafe(ref q2, (nuint)(6 * stride + k));
            }
            Unsafe.Add(ref s, OffW1 + 0) = s0_0;
            Unsafe.Add(ref s, OffW1 + 1) = s1_0;
            Unsafe.Add(ref s, OffW1 + 2) = s2_0;
            Unsafe.Add(ref s, OffW1 + 3) = s3_0;
            Unsafe.Add(ref s, OffW1 + 4) = s4_0;
            Unsafe.Add(ref s, OffW1 + 5) = s5_0;
            Unsafe.Add(ref s, OffB1 + 0) = t0;
            Unsafe.Add(ref s, OffB1 + 1) = t1;
            Unsafe.Add(ref s, OffB1 + 2) = t2;
            Unsafe.Add(ref s, OffB1 + 3) = t3;
            Unsafe.Add(ref s, OffB1 + 4) = t4;
            Unsafe.Add(ref s, OffB1 + 5) = t5;
            Unsafe.Add(ref s, OffB2 + 0) = t6;
            Unsafe.Add(ref s, OffB2 + 1) = t7;
            Unsafe.Add(ref s, OffB2 + 2) = t8;
            Unsafe.Add(ref s, OffB2 + 3) = t9;
            Unsafe.Add(ref s, OffB2 + 4) = t10;
            Unsafe.Add(ref s, OffB2 + 5) = t11;
            Unsafe.Add(ref s, OffB2 + 6) = t12;
        }

        for (int k = 0; k < stride; k += 8)
        {
            var d = Vector512.LoadUnsafe(ref rdiff, (nuint)k);
            cost0 = Vector512.FusedMultiplyAdd(d, d, cost0);
        }
        cost = Vector512.Sum(cost0) / n;
        ref double g = ref MemoryMarshal.GetArrayDataReference(grad);
        for (int i = 0; i < Padded; i += 8) SumEach(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref g, (nuint)i);
    }

    /// <summary>[Σ v₀, Σ v₁, …, Σ v₇] of eight consecutive vectors, each sum with Vector512.Sum's pairing
    /// ((l₀ + l₁) + (l₂ + l₃)) + ((l₄ + l₅) + (l₆ + l₇)) — the same bits — by transposing as it adds: 21 operations
    /// for eight sums instead of about 17 for each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> SumEach(ref Vector512<double> v)
    {
        var v0 = v; var v1 = Unsafe.Add(ref v, 1); var v2 = Unsafe.Add(ref v, 2); var v3 = Unsafe.Add(ref v, 3);
        var v4 = Unsafe.Add(ref v, 4); var v5 = Unsafe.Add(ref v, 5); var v6 = Unsafe.Add(ref v, 6); var v7 = Unsafe.Add(ref v, 7);
        // Pairs of neighbours: u01 = [a₀+a₁, b₀+b₁, a₂+a₃, b₂+b₃, a₄+a₅, b₄+b₅, a₆+a₇, b₆+b₇] for a = v0, b = v1.
        var u01 = Avx512F.UnpackLow(v0, v1) + Avx512F.UnpackHigh(v0, v1);
        var u23 = Avx512F.UnpackLow(v2, v3) + Avx512F.UnpackHigh(v2, v3);
        var u45 = Avx512F.UnpackLow(v4, v5) + Avx512F.UnpackHigh(v4, v5);
        var u67 = Avx512F.UnpackLow(v6, v7) + Avx512F.UnpackHigh(v6, v7);
        // Quarters: w0123 = [a₀₋₃, b₀₋₃, c₀₋₃, d₀₋₃, a₄₋₇, b₄₋₇, c₄₋₇, d₄₋₇].
        var first = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
        var second = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
        var w0123 = Avx512F.PermuteVar8x64x2(u01, first, u23) + Avx512F.PermuteVar8x64x2(u01, second, u23);
        var w4567 = Avx512F.PermuteVar8x64x2(u45, first, u67) + Avx512F.PermuteVar8x64x2(u45, second, u67);
        // Halves: the low four of each plus the high four.
        return Avx512F.PermuteVar8x64x2(w0123, Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11), w4567)
            + Avx512F.PermuteVar8x64x2(w0123, Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15), w4567);
    }

    /// <summary>z²ᵢ = b²ᵢ + Σⱼ W²ᵢⱼ a¹ⱼ, in <see cref="Forward"/>'s order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Layer2Sum(ref double th, int i, Vector512<double> i0, Vector512<double> i1, Vector512<double> i2,
        Vector512<double> i3, Vector512<double> i4, Vector512<double> i5)
    {
        ref double w = ref Unsafe.Add(ref th, OffW2 + i * H1);
        var z = Vector512.FusedMultiplyAdd(Vector512.Create(w), i0, Vector512.Create(Unsafe.Add(ref th, OffB2 + i)));
        z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 1)), i1, z);
        z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 2)), i2, z);
        z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 3)), i3, z);
        z = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 4)), i4, z);
        return Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, 5)), i5, z);
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
