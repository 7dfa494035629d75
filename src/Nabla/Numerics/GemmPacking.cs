using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Numerics;

/// <summary>
/// Vectorised pieces of the packing routines. Packing A row-major into MR-row panels is a transpose (panel element
/// (p, r) = A(r, p)); done one element at a time it wrote each cache line of the panel eight times in eight passes
/// and took 0.11 ms at 256² — a quarter of the f32 product on one core. In-register 4×4 (f64) and 8×8 (f32)
/// transposes write every panel line once. The values stored are exactly the scalar ones (α·a, one rounding).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs 8 rows of row-major A (src points at row 0, column 0 of the panel) into an 8-row panel,
    /// p-major, scaled by α when α ≠ 1. False when this machine or T has no fast path (the caller packs then).</summary>
    internal static bool TransposeRows8<T>(T* src, int lda, int kc, T alpha, T* dst) where T : unmanaged, INumber<T>
    {
        if (!Avx.IsSupported) return false;
        if (typeof(T) == typeof(double))
        {
            TransposeRows8((double*)src, lda, kc, double.CreateTruncating(alpha), (double*)dst);
            return true;
        }
        if (typeof(T) == typeof(float))
        {
            TransposeRows8((float*)src, lda, kc, float.CreateTruncating(alpha), (float*)dst);
            return true;
        }
        return false;
    }

    private static void TransposeRows8(double* src, int lda, int kc, double alpha, double* dst)
    {
        bool scale = alpha != 1.0;
        var factor = Vector256.Create(alpha);
        int p = 0;
        for (; p + 4 <= kc; p += 4)
        {
            for (int half = 0; half < 8; half += 4)
            {
                double* s = src + (long)half * lda + p;
                Vector256<double> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + lda);
                Vector256<double> r2 = Avx.LoadVector256(s + 2L * lda), r3 = Avx.LoadVector256(s + 3L * lda);
                if (scale)
                {
                    r0 = Avx.Multiply(factor, r0); r1 = Avx.Multiply(factor, r1);
                    r2 = Avx.Multiply(factor, r2); r3 = Avx.Multiply(factor, r3);
                }
                // t0 = (r0[0], r1[0], r0[2], r1[2]), t1 = (r0[1], r1[1], r0[3], r1[3]), likewise t2, t3 for r2, r3;
                // the lane permutes then gather column p+j of the four rows.
                Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
                Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                double* d = dst + p * 8 + half;
                Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
                Avx.Store(d + 8, Avx.Permute2x128(t1, t3, 0x20));
                Avx.Store(d + 16, Avx.Permute2x128(t0, t2, 0x31));
                Avx.Store(d + 24, Avx.Permute2x128(t1, t3, 0x31));
            }
        }
        for (; p < kc; p++)
            for (int r = 0; r < 8; r++)
                dst[p * 8 + r] = scale ? alpha * src[(long)r * lda + p] : src[(long)r * lda + p];
    }

    private static void TransposeRows8(float* src, int lda, int kc, float alpha, float* dst)
    {
        bool scale = alpha != 1f;
        var factor = Vector256.Create(alpha);
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            float* s = src + p;
            Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + lda);
            Vector256<float> r2 = Avx.LoadVector256(s + 2L * lda), r3 = Avx.LoadVector256(s + 3L * lda);
            Vector256<float> r4 = Avx.LoadVector256(s + 4L * lda), r5 = Avx.LoadVector256(s + 5L * lda);
            Vector256<float> r6 = Avx.LoadVector256(s + 6L * lda), r7 = Avx.LoadVector256(s + 7L * lda);
            if (scale)
            {
                r0 = Avx.Multiply(factor, r0); r1 = Avx.Multiply(factor, r1); r2 = Avx.Multiply(factor, r2); r3 = Avx.Multiply(factor, r3);
                r4 = Avx.Multiply(factor, r4); r5 = Avx.Multiply(factor, r5); r6 = Avx.Multiply(factor, r6); r7 = Avx.Multiply(factor, r7);
            }
            // Interleave row pairs, then quadruples (per 128-bit lane), then swap lanes: the classic 8×8 transpose.
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
            float* d = dst + p * 8;
            Avx.Store(d, Avx.Permute2x128(s0, s4, 0x20));
            Avx.Store(d + 8, Avx.Permute2x128(s1, s5, 0x20));
            Avx.Store(d + 16, Avx.Permute2x128(s2, s6, 0x20));
            Avx.Store(d + 24, Avx.Permute2x128(s3, s7, 0x20));
            Avx.Store(d + 32, Avx.Permute2x128(s0, s4, 0x31));
            Avx.Store(d + 40, Avx.Permute2x128(s1, s5, 0x31));
            Avx.Store(d + 48, Avx.Permute2x128(s2, s6, 0x31));
            Avx.Store(d + 56, Avx.Permute2x128(s3, s7, 0x31));
        }
        for (; p < kc; p++)
            for (int r = 0; r < 8; r++)
                dst[p * 8 + r] = scale ? alpha * src[(long)r * lda + p] : src[(long)r * lda + p];
    }

    /// <summary>dst[0..count) ← α·src[0..count) (a plain copy when α = 1), whole vectors where they fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy<T>(T* src, T* dst, int count, T alpha) where T : unmanaged, INumber<T>
    {
        int j = 0;
        bool scale = alpha != T.One;
        if (Vector256.IsHardwareAccelerated)
        {
            int w = Vector256<T>.Count;
            if (scale)
            {
                var factor = Vector256.Create(alpha);
                for (; j + w <= count; j += w) Vector256.Store(factor * Vector256.Load(src + j), dst + j);
            }
            else
                for (; j + w <= count; j += w) Vector256.Store(Vector256.Load(src + j), dst + j);
        }
        for (; j < count; j++) dst[j] = scale ? alpha * src[j] : src[j];
    }
}
