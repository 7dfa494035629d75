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
        ref Vector512<double> s = ref MemoryMarshal.GetArrayDataReference(acc);
        for (int i = 0; i < ParameterCount; i++) Unsafe.Add(ref s, i) = Vector512<double>.Zero;
        var table = SigmoidTable.Load();
        var one = Vector512<double>.One;
        var scale = Vector512.Create(2.0 / n);
        var cost0 = Vector512<double>.Zero;
        int stride = p;
        for (int k = 0; k < stride; k += 8)
        {
            var a0 = Vector512.LoadUnsafe(ref rx, (nuint)k);

            // Forward, layer 1.
            for (int i = 0; i < H1; i++)
                Sigmoid(Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW1 + i)), a0, Vector512.Create(Unsafe.Add(ref th, OffB1 + i))), table)
                    .StoreUnsafe(ref r1, (nuint)(i * stride + k));

            // Layer 2, the six inputs in registers.
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
                Sigmoid(z, table).StoreUnsafe(ref r2, (nuint)(i * stride + k));
            }

            // Layer 3 and the output error δ³ (the mask zeroes the padding samples).
            var o0 = Vector512.Create(Unsafe.Add(ref th, OffB3));
            var o1 = Vector512.Create(Unsafe.Add(ref th, OffB3 + 1));
            for (int j = 0; j < H2; j++)
            {
                var a = Vector512.LoadUnsafe(ref r2, (nuint)(j * stride + k));
                o0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + j)), a, o0);
                o1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + j)), a, o1);
            }
            o0 = Sigmoid(o0, table);
            o1 = Sigmoid(o1, table);
            var m = Vector512.LoadUnsafe(ref rm, (nuint)k);
            var diff0 = (o0 - Vector512.LoadUnsafe(ref ry, (nuint)k)) * m;
            var diff1 = (o1 - Vector512.LoadUnsafe(ref ry, (nuint)(stride + k))) * m;
            cost0 = Vector512.FusedMultiplyAdd(diff0, diff0, cost0);
            diff1.StoreUnsafe(ref rdiff, (nuint)k); // the second output's squares join the cost after the sweep, in order
            var e0 = diff0 * scale * o0 * (one - o0);
            var e1 = diff1 * scale * o1 * (one - o1);

            // Backward, layer 3 (2 × 7): J_W³ += δ³·a²ᵀ, J_b³ += δ³, δ² = (W³ᵀδ³) ⊙ a²(1 − a²).
            for (int c = 0; c < H2; c++)
            {
                var a = Vector512.LoadUnsafe(ref r2, (nuint)(c * stride + k));
                ref var s0 = ref Unsafe.Add(ref s, OffW3 + c);
                ref var s1 = ref Unsafe.Add(ref s, OffW3 + H2 + c);
                s0 = Vector512.FusedMultiplyAdd(e0, a, s0);
                var back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + c)), e0, Vector512<double>.Zero);
                s1 = Vector512.FusedMultiplyAdd(e1, a, s1);
                back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref th, OffW3 + H2 + c)), e1, back);
                (back * a * (one - a)).StoreUnsafe(ref q2, (nuint)(c * stride + k));
            }
            Unsafe.Add(ref s, OffB3) += e0;
            Unsafe.Add(ref s, OffB3 + 1) += e1;

            // Layer 2 (7 × 6), δ² in registers.
            var g0 = Vector512.LoadUnsafe(ref q2, (nuint)k);
            var g1 = Vector512.LoadUnsafe(ref q2, (nuint)(stride + k));
            var g2 = Vector512.LoadUnsafe(ref q2, (nuint)(2 * stride + k));
            var g3 = Vector512.LoadUnsafe(ref q2, (nuint)(3 * stride + k));
            var g4 = Vector512.LoadUnsafe(ref q2, (nuint)(4 * stride + k));
            var g5 = Vector512.LoadUnsafe(ref q2, (nuint)(5 * stride + k));
            var g6 = Vector512.LoadUnsafe(ref q2, (nuint)(6 * stride + k));
            for (int c = 0; c < H1; c++)
            {
                var a = Vector512.LoadUnsafe(ref r1, (nuint)(c * stride + k));
                ref var sc = ref Unsafe.Add(ref s, OffW2 + c);
                ref double wc = ref Unsafe.Add(ref th, OffW2 + c);
                sc = Vector512.FusedMultiplyAdd(g0, a, sc);
                var back = Vector512.FusedMultiplyAdd(Vector512.Create(wc), g0, Vector512<double>.Zero);
                Unsafe.Add(ref sc, H1) = Vector512.FusedMultiplyAdd(g1, a, Unsafe.Add(ref sc, H1));
                back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wc, H1)), g1, back);
                Unsafe.Add(ref sc, 2 * H1) = Vector512.FusedMultiplyAdd(g2, a, Unsafe.Add(ref sc, 2 * H1));
                back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wc, 2 * H1)), g2, back);
                Unsafe.Add(ref sc, 3 * H1) = Vector512.FusedMultiplyAdd(g3, a, Unsafe.Add(ref sc, 3 * H1));
                back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wc, 3 * H1)), g3, back);
                Unsafe.Add(ref sc, 4 * H1) = Vector512.FusedMultiplyAdd(g4, a, Unsafe.Add(ref sc, 4 * H1));
                back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wc, 4 * H1)), g4, back);
                Unsafe.Add(ref sc, 5 * H1) = Vector512.FusedMultiplyAdd(g5, a, Unsafe.Add(ref sc, 5 * H1));
                back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wc, 5 * H1)), g5, back);
                Unsafe.Add(ref sc, 6 * H1) = Vector512.FusedMultiplyAdd(g6, a, Unsafe.Add(ref sc, 6 * H1));
                back = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref wc, 6 * H1)), g6, back);
                (back * a * (one - a)).StoreUnsafe(ref q1, (nuint)(c * stride + k));
            }
            ref var b2 = ref Unsafe.Add(ref s, OffB2);
            b2 += g0;
            Unsafe.Add(ref b2, 1) += g1;
            Unsafe.Add(ref b2, 2) += g2;
            Unsafe.Add(ref b2, 3) += g3;
            Unsafe.Add(ref b2, 4) += g4;
            Unsafe.Add(ref b2, 5) += g5;
            Unsafe.Add(ref b2, 6) += g6;

            // Layer 1 (6 × 1): J_W¹ += δ¹·xᵀ, J_b¹ += δ¹.
            for (int r = 0; r < H1; r++)
            {
                var d = Vector512.LoadUnsafe(ref q1, (nuint)(r * stride + k));
                ref var sw = ref Unsafe.Add(ref s, OffW1 + r);
                sw = Vector512.FusedMultiplyAdd(d, a0, sw);
                Unsafe.Add(ref s, OffB1 + r) += d;
            }
        }
        for (int k = 0; k < stride; k += 8)
        {
            var d = Vector512.LoadUnsafe(ref rdiff, (nuint)k);
            cost0 = Vector512.FusedMultiplyAdd(d, d, cost0);
        }
        cost = Vector512.Sum(cost0) / n;
        ref double g = ref MemoryMarshal.GetArrayDataReference(grad);
        for (int i = 0; i < ParameterCount; i++) Unsafe.Add(ref g, i) = Vector512.Sum(Unsafe.Add(ref s, i));
    }

    /// <summary>The 16 entries 2^(j/16) as double-double hi + lo, in the four registers the permutes read.</summary>
    internal readonly struct SigmoidTable(Vector512<double> hi0, Vector512<double> hi1, Vector512<double> lo0, Vector512<double> lo1)
    {
        private static readonly Vector512<double>[] Entries = Build();

        public readonly Vector512<double> Hi0 = hi0, Hi1 = hi1, Lo0 = lo0, Lo1 = lo1;

        public static SigmoidTable Load() => new(Entries[0], Entries[1], Entries[2], Entries[3]);

        private static Vector512<double>[] Build()
        {
            // As SimdMath builds its table: 2^(1/16) by four double-double square roots of 2, then its powers.
            DoubleDouble root = 2.0;
            for (int k = 0; k < 4; k++) root = DoubleDouble.Sqrt(root);
            var hi = new double[16];
            var lo = new double[16];
            DoubleDouble power = 1.0;
            for (int j = 0; j < 16; j++)
            {
                hi[j] = power.Hi;
                lo[j] = power.Lo;
                power *= root;
            }
            return [Vector512.Create(hi.AsSpan(0, 8)), Vector512.Create(hi.AsSpan(8, 8)), Vector512.Create(lo.AsSpan(0, 8)), Vector512.Create(lo.AsSpan(8, 8))];
        }
    }

    /// <summary>
    /// σ(z) with the same arithmetic as <see cref="SimdMath.Sigmoid"/>'s AVX-512 kernel — the same bits for every
    /// number (NaN stays NaN) — in about half the instructions, since it runs 15 times per block of samples:
    /// k = round(−16z/ln 2) by adding and subtracting 1.5·2⁵² (round-to-nearest-even, like vrndscalepd, and k's low bits
    /// are then the table index, read by the permutes without a conversion); 2^⌊k/16⌋ applied by vscalefpd (exact,
    /// as the original's exponent-bits product is); the reciprocal's Newton steps by negated multiply-adds; and NaN
    /// carried through by the operand order of vmaxpd/vminpd (they return the second operand when one is NaN) instead
    /// of a compare and a blend.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Sigmoid(Vector512<double> z, in SigmoidTable table)
    {
        const double Sixteenths = 16 / 0.6931471805599453;
        const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;
        const double Round = 6755399441055744.0; // 1.5·2⁵²: below 2⁵¹ in size, u + Round − Round is u rounded to an integer
        var x = Avx512F.Min(Vector512.Create(709.0), Avx512F.Max(Vector512.Create(-708.0), -z));
        var shifted = x * Sixteenths + Vector512.Create(Round);
        var kf = shifted - Vector512.Create(Round);
        var r = Vector512.FusedMultiplyAdd(kf, Vector512.Create(-Ln2Hi / 16), x);
        r = Vector512.FusedMultiplyAdd(kf, Vector512.Create(-Ln2Lo / 16), r);
        var q = Vector512.Create(1.0 / 5040);
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1.0 / 720));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1.0 / 120));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1.0 / 24));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(1.0 / 6));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(0.5));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512<double>.One);
        q = Vector512.FusedMultiplyAdd(q, r, Vector512<double>.One);
        var j = shifted.AsInt64(); // low four bits: k mod 16 (1.5·2⁵² is a multiple of 16)
        var hi = Avx512F.PermuteVar8x64x2(table.Hi0, j, table.Hi1);
        var lo = Avx512F.PermuteVar8x64x2(table.Lo0, j, table.Lo1);
        var e = Avx512F.Scale(Vector512.FusedMultiplyAdd(hi, q, lo * q), kf * 0.0625);
        var d = Vector512<double>.One + e;
        var y = Avx512F.Reciprocal14(d);
        y = Vector512.FusedMultiplyAdd(y, Avx512F.FusedMultiplyAddNegated(d, y, Vector512<double>.One), y);
        return Vector512.FusedMultiplyAdd(y, Avx512F.FusedMultiplyAddNegated(d, y, Vector512<double>.One), y);
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
