using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nabla.Numerics;

namespace Nabla.AutoDiff;

/// <summary>How <see cref="CompiledKernels.SmallProduct"/> starts each output row: from zero, from what the output
/// already holds (C += L·R), or from a bias entry per row (a dense layer's W·X + b).</summary>
internal enum ProductStart
{
    Zero, Accumulate, Bias,
}

/// <summary>
/// The compiled gradient's kernels for small dense layers on AVX-512: the samples run along the lanes (X is (k, n)
/// row-major, so eight consecutive samples are one register), every product keeps its partial sums in registers
/// over the whole inner dimension, and the backward sweep of a dense layer goes from ∂/∂activation to ∂/∂z, ∂/∂b
/// and ∂/∂W in two passes over each row while it is in L1 — no per-element call, no temporary tensor.
/// </summary>
/// <remarks>.NET reports <c>Vector512.IsHardwareAccelerated</c> as false on CPUs where 512-bit registers may
/// down-clock, and <c>Vector&lt;double&gt;</c> is then 256 bits wide; for these short, arithmetic-bound loops the wide
/// registers still win, so the kernels test <see cref="Avx512F.IsSupported"/> (as <see cref="Nabla.Numerics.SimdMath"/>
/// does) and the caller falls back to its <c>Vector&lt;double&gt;</c> loops without it.</remarks>
internal static class CompiledKernels
{
    /// <summary>True when these kernels can run (the caller uses its portable loops otherwise).</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    private const int Width = 8;

    /// <summary>
    /// C (rows, n) = start + L·R for a short inner dimension q, with L read through strides (so Aᵀ needs no copy) and
    /// R row-major (q, n). Four registers of eight samples are accumulated over the whole inner dimension, then one,
    /// then a half-width register, then single elements for the last few samples.
    /// </summary>
    /// <remarks>With <paramref name="sigmoid"/> each output becomes σ(start + L·R) before it is stored (a dense layer's
    /// forward pass in one sweep): four registers at a time through <see cref="SimdMath.Sigmoid4"/>, the last few
    /// samples of a row as the row's last eight recomputed in one register (zero-padded when the row is shorter), so every element gets the bits of <see cref="SimdMath.Sigmoid(ReadOnlySpan{double}, Span{double})"/>'s
    /// AVX-512 kernel.</remarks>
    public static void SmallProduct(int rows, int n, int q, ReadOnlySpan<double> l, int rowStride, int innerStride,
        ReadOnlySpan<double> r, Span<double> c, ProductStart start, ReadOnlySpan<double> bias, bool sigmoid = false)
    {
        if (rows == 0 || n == 0) return;
        // Bounds, once: every index below stays inside these (checked) extents.
        _ = c[rows * n - 1];
        if (q > 0)
        {
            _ = r[q * n - 1];
            _ = l[(rows - 1) * rowStride + (q - 1) * innerStride];
        }
        if (start == ProductStart.Bias) _ = bias[rows - 1];
        ref double rr = ref MemoryMarshal.GetReference(r);
        ref double rc = ref MemoryMarshal.GetReference(c);
        ref double rl = ref MemoryMarshal.GetReference(l);
        const int block = 4 * Width;
        if (sigmoid && start == ProductStart.Accumulate)
            throw new ArgumentException("a fused sigmoid needs the product to start from zero or a bias.", nameof(sigmoid));
        var table = sigmoid ? SimdMath.SigmoidTable.Load() : default;
        for (int i = 0; i < rows; i++)
        {
            ref double li = ref Unsafe.Add(ref rl, i * rowStride);
            ref double ci = ref Unsafe.Add(ref rc, i * n);
            double b0 = start == ProductStart.Bias ? bias[i] : 0.0;
            var init = Vector512.Create(b0);
            int j = 0;
            for (; j <= n - block; j += block)
            {
                Vector512<double> c0, c1, c2, c3;
                if (start == ProductStart.Accumulate)
                {
                    c0 = Vector512.LoadUnsafe(ref ci, (nuint)j);
                    c1 = Vector512.LoadUnsafe(ref ci, (nuint)(j + Width));
                    c2 = Vector512.LoadUnsafe(ref ci, (nuint)(j + 2 * Width));
                    c3 = Vector512.LoadUnsafe(ref ci, (nuint)(j + 3 * Width));
                }
                else c0 = c1 = c2 = c3 = init;
                for (int p = 0; p < q; p++)
                {
                    var lp = Vector512.Create(Unsafe.Add(ref li, p * innerStride));
                    ref double rp = ref Unsafe.Add(ref rr, p * n + j);
                    c0 = Vector512.FusedMultiplyAdd(lp, Vector512.LoadUnsafe(ref rp), c0);
                    c1 = Vector512.FusedMultiplyAdd(lp, Vector512.LoadUnsafe(ref rp, (nuint)Width), c1);
                    c2 = Vector512.FusedMultiplyAdd(lp, Vector512.LoadUnsafe(ref rp, (nuint)(2 * Width)), c2);
                    c3 = Vector512.FusedMultiplyAdd(lp, Vector512.LoadUnsafe(ref rp, (nuint)(3 * Width)), c3);
                }
                if (sigmoid) SimdMath.Sigmoid4(ref c0, ref c1, ref c2, ref c3, table);
                c0.StoreUnsafe(ref ci, (nuint)j);
                c1.StoreUnsafe(ref ci, (nuint)(j + Width));
                c2.StoreUnsafe(ref ci, (nuint)(j + 2 * Width));
                c3.StoreUnsafe(ref ci, (nuint)(j + 3 * Width));
            }
            for (; j <= n - Width; j += Width)
            {
                var acc = start == ProductStart.Accumulate ? Vector512.LoadUnsafe(ref ci, (nuint)j) : init;
                for (int p = 0; p < q; p++)
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref li, p * innerStride)),
                        Vector512.LoadUnsafe(ref rr, (nuint)(p * n + j)), acc);
                if (sigmoid) acc = SimdMath.Sigmoid(acc, table);
                acc.StoreUnsafe(ref ci, (nuint)j);
            }
            if (sigmoid && j < n && n >= Width)
            {
                // The last eight samples once more as one register; the lanes already stored get the same sums in the
                // same order, so the same bits again.
                int at = n - Width;
                var acc = init;
                for (int p = 0; p < q; p++)
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref li, p * innerStride)),
                        Vector512.LoadUnsafe(ref rr, (nuint)(p * n + at)), acc);
                SimdMath.Sigmoid(acc, table).StoreUnsafe(ref ci, (nuint)at);
                continue;
            }
            int tail = j;
            if (j <= n - Width / 2)
            {
                var acc = start == ProductStart.Accumulate ? Vector256.LoadUnsafe(ref ci, (nuint)j) : Vector256.Create(b0);
                for (int p = 0; p < q; p++)
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref li, p * innerStride)),
                        Vector256.LoadUnsafe(ref rr, (nuint)(p * n + j)), acc);
                acc.StoreUnsafe(ref ci, (nuint)j);
                j += Width / 2;
            }
            for (; j < n; j++)
            {
                double sum = start == ProductStart.Accumulate ? Unsafe.Add(ref ci, j) : b0;
                for (int p = 0; p < q; p++)
                    sum = Math.FusedMultiplyAdd(Unsafe.Add(ref li, p * innerStride), Unsafe.Add(ref rr, p * n + j), sum);
                Unsafe.Add(ref ci, j) = sum;
            }
            if (sigmoid && tail < n)
            {
                // A row shorter than one register: its sums, zero-padded to one.
                var v = Vector512<double>.Zero;
                for (int t = tail; t < n; t++) v = v.WithElement(t - tail, Unsafe.Add(ref ci, t));
                v = SimdMath.Sigmoid(v, table);
                for (int t = tail; t < n; t++) Unsafe.Add(ref ci, t) = v.GetElement(t - tail);
            }
        }
    }

    /// <summary>
    /// ga (m, k) += G·Bᵀ for G (m, n) and B (k, n), both row-major: each entry is a dot product along the samples.
    /// Four rows of B are walked together, so each register of G is loaded once per four products.
    /// </summary>
    public static void AddProductWithTranspose(int m, int n, int k, ReadOnlySpan<double> g, ReadOnlySpan<double> b, Span<double> ga)
    {
        if (m == 0 || k == 0 || n == 0) return;
        _ = g[m * n - 1];
        _ = b[k * n - 1];
        _ = ga[m * k - 1];
        ref double rg = ref MemoryMarshal.GetReference(g);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rga = ref MemoryMarshal.GetReference(ga);
        for (int i = 0; i < m; i++) AddRowDots(ref Unsafe.Add(ref rg, i * n), ref rb, n, k, 0, ref Unsafe.Add(ref rga, i * k));
    }

    /// <summary>out[p] += Σⱼ gⱼ·B[p, j] for p = <paramref name="from"/> … k − 1: one row of G·Bᵀ, four rows of B at a time.
    /// The caller has checked the extents.</summary>
    private static void AddRowDots(ref double gi, ref double rb, int n, int k, int from, ref double out0)
    {
        int vectorEnd = n - n % Width, p = from;
        for (; p <= k - 4; p += 4)
        {
            ref double b0 = ref Unsafe.Add(ref rb, p * n);
            ref double b1 = ref Unsafe.Add(ref b0, n);
            ref double b2 = ref Unsafe.Add(ref b1, n);
            ref double b3 = ref Unsafe.Add(ref b2, n);
            Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int j = 0; j < vectorEnd; j += Width)
            {
                var gv = Vector512.LoadUnsafe(ref gi, (nuint)j);
                s0 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref b0, (nuint)j), s0);
                s1 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref b1, (nuint)j), s1);
                s2 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref b2, (nuint)j), s2);
                s3 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref b3, (nuint)j), s3);
            }
            double t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
            for (int j = vectorEnd; j < n; j++)
            {
                double gj = Unsafe.Add(ref gi, j);
                t0 = Math.FusedMultiplyAdd(gj, Unsafe.Add(ref b0, j), t0);
                t1 = Math.FusedMultiplyAdd(gj, Unsafe.Add(ref b1, j), t1);
                t2 = Math.FusedMultiplyAdd(gj, Unsafe.Add(ref b2, j), t2);
                t3 = Math.FusedMultiplyAdd(gj, Unsafe.Add(ref b3, j), t3);
            }
            Unsafe.Add(ref out0, p) += t0;
            Unsafe.Add(ref out0, p + 1) += t1;
            Unsafe.Add(ref out0, p + 2) += t2;
            Unsafe.Add(ref out0, p + 3) += t3;
        }
        for (; p < k; p++)
        {
            ref double bp = ref Unsafe.Add(ref rb, p * n);
            Vector512<double> acc = default;
            for (int j = 0; j < vectorEnd; j += Width)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref gi, (nuint)j), Vector512.LoadUnsafe(ref bp, (nuint)j), acc);
            double t = Vector512.Sum(acc);
            for (int j = vectorEnd; j < n; j++) t = Math.FusedMultiplyAdd(Unsafe.Add(ref gi, j), Unsafe.Add(ref bp, j), t);
            Unsafe.Add(ref out0, p) += t;
        }
    }

    /// <summary>Σ (aᵢ − bᵢ)², or Σ aᵢ² when <paramref name="b"/> is empty, in one pass (vectorised when
    /// <see cref="IsSupported"/>, a plain loop otherwise).</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        bool difference = !b.IsEmpty;
        int n = a.Length, i = 0;
        if (n == 0) return 0;
        if (difference) _ = b[n - 1];
        double total = 0;
        if (IsSupported)
        {
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            Vector512<double> s0 = default, s1 = default;
            for (; i <= n - 2 * Width; i += 2 * Width)
            {
                var d0 = Vector512.LoadUnsafe(ref ra, (nuint)i);
                var d1 = Vector512.LoadUnsafe(ref ra, (nuint)(i + Width));
                if (difference)
                {
                    d0 -= Vector512.LoadUnsafe(ref rb, (nuint)i);
                    d1 -= Vector512.LoadUnsafe(ref rb, (nuint)(i + Width));
                }
                s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
                s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
            }
            total = Vector512.Sum(s0 + s1);
        }
        for (; i < n; i++)
        {
            double d = difference ? a[i] - b[i] : a[i];
            total += d * d;
        }
        return total;
    }

    /// <summary>The backward sweep of <see cref="SquaredDistance"/> for the upstream gradient g:
    /// ∂/∂a += g·d·2 and ∂/∂b −= g·d·2 with d = a − b (the tape's products in its order); an empty gradient is skipped.</summary>
    public static void SquaredDistanceBackward(double g, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> ga, Span<double> gb)
    {
        bool difference = !b.IsEmpty, toA = !ga.IsEmpty, toB = !gb.IsEmpty;
        int n = a.Length, i = 0;
        if (n == 0) return;
        if (difference) _ = b[n - 1];
        if (toA) _ = ga[n - 1];
        if (toB) _ = gb[n - 1];
        if (!toA && !toB) return;
        if (IsSupported)
        {
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            ref double rga = ref MemoryMarshal.GetReference(ga);
            ref double rgb = ref MemoryMarshal.GetReference(gb);
            var vg = Vector512.Create(g);
            var two = Vector512.Create(2.0);
            for (; i <= n - Width; i += Width)
            {
                var d = Vector512.LoadUnsafe(ref ra, (nuint)i);
                if (difference) d -= Vector512.LoadUnsafe(ref rb, (nuint)i);
                var t = vg * d * two;
                if (toA) (Vector512.LoadUnsafe(ref rga, (nuint)i) + t).StoreUnsafe(ref rga, (nuint)i);
                if (toB) (Vector512.LoadUnsafe(ref rgb, (nuint)i) - t).StoreUnsafe(ref rgb, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double d = difference ? a[i] - b[i] : a[i];
            double t = g * d * 2.0;
            if (toA) ga[i] += t;
            if (toB) gb[i] -= t;
        }
    }

    /// <summary>
    /// The backward sweep of a dense layer out = activation(W·X + b), W (m, k), X (k, n), short of ∂/∂X:
    /// ∂/∂z = ∂/∂out ⊙ activation′ for a sigmoid (σ′ = y(1 − y)) or tanh (1 − y²) layer, written into
    /// <paramref name="gz"/>; in the same pass over each row, its sum is added to <paramref name="gb"/> (∂/∂b of a bias
    /// broadcast along the row) and its dot products with the first rows of X (four, or one when k &lt; 4) to
    /// <paramref name="gw"/> (∂/∂W += ∂/∂z·Xᵀ), while the row is in registers; the rest of ∂/∂W reads the stored row.
    /// An empty <paramref name="gb"/> or <paramref name="gw"/> is a parameter that needs no gradient. The activation
    /// derivative's products are in the tape's order.
    /// </summary>
    public static void DenseBackward(bool sigmoid, int m, int n, int k, ReadOnlySpan<double> g, ReadOnlySpan<double> y,
        ReadOnlySpan<double> x, Span<double> gz, Span<double> gb, Span<double> gw)
    {
        if (m == 0 || n == 0) return;
        _ = g[m * n - 1];
        _ = y[m * n - 1];
        _ = gz[m * n - 1];
        bool withBias = !gb.IsEmpty, withWeights = !gw.IsEmpty && k > 0;
        if (withBias) _ = gb[m - 1];
        if (withWeights)
        {
            _ = x[k * n - 1];
            _ = gw[m * k - 1];
        }
        int first = !withWeights ? 0 : k >= 4 ? 4 : 1, vectorEnd = n - n % Width;
        ref double rg = ref MemoryMarshal.GetReference(g);
        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double rz = ref MemoryMarshal.GetReference(gz);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double rw = ref MemoryMarshal.GetReference(gw);
        // With one row of X in the first pass, the other three pointers repeat it and their sums are dropped.
        ref double x0 = ref rx;
        ref double x1 = ref first == 4 ? ref Unsafe.Add(ref rx, n) : ref rx;
        ref double x2 = ref first == 4 ? ref Unsafe.Add(ref rx, 2 * n) : ref rx;
        ref double x3 = ref first == 4 ? ref Unsafe.Add(ref rx, 3 * n) : ref rx;
        var one = Vector512<double>.One;
        for (int i = 0; i < m; i++)
        {
            ref double gi = ref Unsafe.Add(ref rg, i * n);
            ref double yi = ref Unsafe.Add(ref ry, i * n);
            ref double zi = ref Unsafe.Add(ref rz, i * n);
            Vector512<double> total = default, s0 = default, s1 = default, s2 = default, s3 = default;
            Vector512<double> totalB = default, s0B = default, s1B = default, s2B = default, s3B = default;
            int j = 0;
            // Two registers of samples per step into two sets of sums: chains of dependent additions half as long.
            for (; j <= vectorEnd - 2 * Width; j += 2 * Width)
            {
                var gv = Vector512.LoadUnsafe(ref gi, (nuint)j);
                var yv = Vector512.LoadUnsafe(ref yi, (nuint)j);
                var gw2 = Vector512.LoadUnsafe(ref gi, (nuint)(j + Width));
                var yw = Vector512.LoadUnsafe(ref yi, (nuint)(j + Width));
                var d = sigmoid ? gv * yv * (one - yv) : gv * (one - yv * yv);
                var e = sigmoid ? gw2 * yw * (one - yw) : gw2 * (one - yw * yw);
                d.StoreUnsafe(ref zi, (nuint)j);
                e.StoreUnsafe(ref zi, (nuint)(j + Width));
                total += d;
                totalB += e;
                if (first == 0) continue;
                s0 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x0, (nuint)j), s0);
                s0B = Vector512.FusedMultiplyAdd(e, Vector512.LoadUnsafe(ref x0, (nuint)(j + Width)), s0B);
                if (first == 1) continue;
                s1 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x1, (nuint)j), s1);
                s1B = Vector512.FusedMultiplyAdd(e, Vector512.LoadUnsafe(ref x1, (nuint)(j + Width)), s1B);
                s2 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x2, (nuint)j), s2);
                s2B = Vector512.FusedMultiplyAdd(e, Vector512.LoadUnsafe(ref x2, (nuint)(j + Width)), s2B);
                s3 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x3, (nuint)j), s3);
                s3B = Vector512.FusedMultiplyAdd(e, Vector512.LoadUnsafe(ref x3, (nuint)(j + Width)), s3B);
            }
            total += totalB;
            s0 += s0B;
            s1 += s1B;
            s2 += s2B;
            s3 += s3B;
            for (; j < vectorEnd; j += Width)
            {
                var gv = Vector512.LoadUnsafe(ref gi, (nuint)j);
                var yv = Vector512.LoadUnsafe(ref yi, (nuint)j);
                var d = sigmoid ? gv * yv * (one - yv) : gv * (one - yv * yv);
                d.StoreUnsafe(ref zi, (nuint)j);
                total += d;
                if (first == 0) continue;
                s0 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x0, (nuint)j), s0);
                if (first == 1) continue;
                s1 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x1, (nuint)j), s1);
                s2 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x2, (nuint)j), s2);
                s3 = Vector512.FusedMultiplyAdd(d, Vector512.LoadUnsafe(ref x3, (nuint)j), s3);
            }
            double sum = Vector512.Sum(total), t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
            for (; j < n; j++)
            {
                double gj = Unsafe.Add(ref gi, j), yj = Unsafe.Add(ref yi, j);
                double d = sigmoid ? gj * yj * (1.0 - yj) : gj * (1.0 - yj * yj);
                Unsafe.Add(ref zi, j) = d;
                sum += d;
                if (first == 0) continue;
                t0 = Math.FusedMultiplyAdd(d, Unsafe.Add(ref x0, j), t0);
                t1 = Math.FusedMultiplyAdd(d, Unsafe.Add(ref x1, j), t1);
                t2 = Math.FusedMultiplyAdd(d, Unsafe.Add(ref x2, j), t2);
                t3 = Math.FusedMultiplyAdd(d, Unsafe.Add(ref x3, j), t3);
            }
            if (withBias) gb[i] += sum;
            if (first == 0) continue;
            ref double wi = ref Unsafe.Add(ref rw, i * k);
            wi += t0;
            if (first == 4)
            {
                Unsafe.Add(ref wi, 1) += t1;
                Unsafe.Add(ref wi, 2) += t2;
                Unsafe.Add(ref wi, 3) += t3;
            }
            AddRowDots(ref zi, ref rx, n, k, first, ref wi);
        }
    }
}
