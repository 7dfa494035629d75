using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Numerics;

/// <summary>Vector width the managed kernel runs with.</summary>
internal enum GemmSimdKind
{
    /// <summary>System.Numerics.Vector&lt;T&gt; (whatever width the runtime chose).</summary>
    Portable,
    /// <summary>Vector256 (AVX2, with FMA when present).</summary>
    Avx2,
    /// <summary>Vector512 (AVX-512F, fused multiply-add).</summary>
    Avx512,
}

/// <summary>
/// The managed GEMM: a BLIS-style loop nest. B is packed in KC×NC slabs of NR-column panels, A in MC×KC blocks of
/// MR-row panels (α is folded into A while packing), and an MR×NR register-blocked micro-kernel accumulates each
/// tile of C over KC before touching C once. Packing also resolves the transposes, so the micro-kernel only ever
/// sees unit-stride panels. Large products split C into one rectangle per core.
/// </summary>
internal static unsafe class GemmKernel
{
    // Blocking in bytes, so one rule serves every width and precision: the KC×NR B micro-panel takes half of a
    // 32 KB L1 (it is reused across every A micro-panel of the block), the MC×KC A block ~256 KB of L2, and the
    // KC×NC B slab lives in L3.
    private const int L1PanelBytes = 16 * 1024;
    private const int L2BlockBytes = 256 * 1024;
    private const int NC = 3072;
    private const long SmallWork = 32L * 32 * 32;
    private const long ParallelWork = 96L * 96 * 96;

    /// <summary>The widest kernel this machine runs well.</summary>
    /// <remarks>
    /// The runtime reports Vector512 as not accelerated on Xeons that lower their clock for 512-bit code, because
    /// mixed scalar/vector code loses there; a dense FMA loop like this one still gains (OpenBLAS makes the same
    /// choice), so AVX-512F support alone selects it.
    /// </remarks>
    internal static readonly GemmSimdKind BestKind =
        Avx512F.IsSupported ? GemmSimdKind.Avx512
        : Vector256.IsHardwareAccelerated ? GemmSimdKind.Avx2
        : GemmSimdKind.Portable;

    internal static int Threads => Environment.ProcessorCount;

    internal static string Describe()
    {
        string threads = Threads == 1 ? "1 thread" : $"{Threads} threads";
        return BestKind switch
        {
            GemmSimdKind.Avx512 => $"managed AVX-512 kernel, {threads}",
            GemmSimdKind.Avx2 => Fma.IsSupported ? $"managed AVX2+FMA kernel, {threads}" : $"managed AVX2 kernel, {threads}",
            _ => $"managed Vector<T> kernel ({Vector<byte>.Count * 8}-bit), {threads}",
        };
    }

    /// <summary>Span form of <see cref="Multiply{T}(bool, bool, int, int, int, T, T*, int, T*, int, T, T*, int, GemmSimdKind)"/>
    /// (arguments already validated), so each vector width can be checked on its own.</summary>
    internal static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, GemmSimdKind kind)
        where T : unmanaged, INumber<T>
    {
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
            Multiply(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, kind);
    }

    /// <summary>C ← α·op(A)·op(B) + β·C with arguments already validated.</summary>
    internal static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, GemmSimdKind kind)
        where T : unmanaged, INumber<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        long work = (long)m * n * k;
        if (work <= SmallWork || m <= 2)
        {
            Simple(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        switch (kind)
        {
            case GemmSimdKind.Avx512 when Avx512F.IsSupported:
                Split<T, Vector512<T>, GemmSimd512<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
                break;
            case GemmSimdKind.Avx512 or GemmSimdKind.Avx2 when Vector256.IsHardwareAccelerated:
                Split<T, Vector256<T>, GemmSimd256<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
                break;
            default:
                Split<T, Vector<T>, GemmSimdPortable<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
                break;
        }
    }

    /// <summary>One rectangle of C per core (along the longer side, aligned to the micro-tile) — no shared buffers.</summary>
    private static void Split<T, TV, TS>(bool ta, bool tb, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, long work)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int nr = TS.Columns * TS.Width;
        int parts = work >= ParallelWork ? Threads : 1;
        bool alongN = n >= m;
        int unit = alongN ? nr : TS.Rows;
        int extent = alongN ? n : m;
        int chunk = RoundUp((extent + parts - 1) / Math.Max(parts, 1), unit);
        parts = Math.Max(1, (extent + chunk - 1) / chunk);
        if (parts == 1)
        {
            Blocked<T, TV, TS>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        nint ap = (nint)a, bp = (nint)b, cp = (nint)c; // pointers cannot be captured by the lambda
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            int start = part * chunk, length = Math.Min(chunk, extent - start);
            T* a0 = (T*)ap, b0 = (T*)bp, c0 = (T*)cp;
            if (alongN)
                Blocked<T, TV, TS>(ta, tb, m, length, k, alpha, a0, lda,
                    b0 + (tb ? (long)start * ldb : start), ldb, beta, c0 + start, ldc);
            else
                Blocked<T, TV, TS>(ta, tb, length, n, k, alpha, a0 + (ta ? start : (long)start * lda), lda,
                    b0, ldb, beta, c0 + (long)start * ldc, ldc);
        });
    }

    private static void Blocked<T, TV, TS>(bool ta, bool tb, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int nr = TS.Columns * TS.Width, mr = TS.Rows;
        int kcBlock = Math.Max(64, L1PanelBytes / (nr * sizeof(T)));
        int mcBlock = Math.Max(mr, L2BlockBytes / (kcBlock * sizeof(T)) / mr * mr);
        int kcMax = Math.Min(kcBlock, k);
        int mcMax = Math.Min(mcBlock, RoundUp(m, mr));
        int ncMax = Math.Min(RoundUp(NC, nr), RoundUp(n, nr));
        int slack = 64 / sizeof(T);
        T[] aRented = ArrayPool<T>.Shared.Rent(mcMax * kcMax + slack);
        T[] bRented = ArrayPool<T>.Shared.Rent(kcMax * ncMax + slack);
        T* tile = stackalloc T[mr * nr];
        try
        {
            fixed (T* aRaw = aRented)
            fixed (T* bRaw = bRented)
            {
                // 64-byte aligned panels: every vector load in the micro-kernel stays within one cache line.
                T* aPack = (T*)(((nint)aRaw + 63) & ~(nint)63);
                T* bPack = (T*)(((nint)bRaw + 63) & ~(nint)63);
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    for (int pc = 0; pc < k; pc += kcBlock)
                    {
                        int kc = Math.Min(kcBlock, k - pc);
                        PackB(tb, b, ldb, pc, jc, kc, nc, nr, bPack);
                        T betaHere = pc == 0 ? beta : T.One; // later slabs accumulate onto the first
                        for (int ic = 0; ic < m; ic += mcBlock)
                        {
                            int mc = Math.Min(mcBlock, m - ic);
                            PackA(ta, a, lda, ic, pc, mc, kc, mr, alpha, aPack);
                            for (int jr = 0; jr < nc; jr += nr)
                            {
                                int nrHere = Math.Min(nr, nc - jr);
                                T* bPanel = bPack + (long)jr * kc;
                                for (int ir = 0; ir < mc; ir += mr)
                                {
                                    int mrHere = Math.Min(mr, mc - ir);
                                    T* aPanel = aPack + (long)ir * kc;
                                    T* cTile = c + (long)(ic + ir) * ldc + jc + jr;
                                    if (mrHere == mr && nrHere == nr)
                                        MicroKernel<T, TV, TS>(kc, aPanel, bPanel, cTile, ldc, betaHere);
                                    else
                                    {
                                        MicroKernel<T, TV, TS>(kc, aPanel, bPanel, tile, nr, T.Zero);
                                        Merge(tile, nr, cTile, ldc, mrHere, nrHere, betaHere);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(aRented);
            ArrayPool<T>.Shared.Return(bRented);
        }
    }

    /// <summary>Packs op(A)[ic.., pc..] (mc×kc) as MR-row panels, p-major inside a panel, scaled by α, zero-padded.</summary>
    private static void PackA<T>(bool ta, T* a, int lda, int ic, int pc, int mc, int kc, int mr, T alpha, T* dst)
        where T : unmanaged, INumber<T>
    {
        bool scale = alpha != T.One;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* panel = dst + (long)ir * kc;
            if (ta)
            {
                // op(A)(i, p) = a[p·lda + i]: a panel row p is contiguous in memory.
                for (int p = 0; p < kc; p++)
                {
                    T* src = a + (long)(pc + p) * lda + ic + ir;
                    T* d = panel + p * mr;
                    int r = 0;
                    for (; r < rows; r++) d[r] = scale ? alpha * src[r] : src[r];
                    for (; r < mr; r++) d[r] = T.Zero;
                }
            }
            else
            {
                int r = 0;
                for (; r < rows; r++)
                {
                    T* src = a + (long)(ic + ir + r) * lda + pc;
                    T* d = panel + r;
                    if (scale) for (int p = 0; p < kc; p++) d[p * mr] = alpha * src[p];
                    else for (int p = 0; p < kc; p++) d[p * mr] = src[p];
                }
                for (; r < mr; r++)
                {
                    T* d = panel + r;
                    for (int p = 0; p < kc; p++) d[p * mr] = T.Zero;
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc.., jc..] (kc×nc) as NR-column panels, p-major inside a panel, zero-padded.</summary>
    private static void PackB<T>(bool tb, T* b, int ldb, int pc, int jc, int kc, int nc, int nr, T* dst)
        where T : unmanaged, INumber<T>
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* panel = dst + (long)jr * kc;
            if (tb)
            {
                // op(B)(p, j) = b[j·ldb + p]: walk each stored row (one column of op(B)) contiguously.
                int col = 0;
                for (; col < cols; col++)
                {
                    T* src = b + (long)(jc + jr + col) * ldb + pc;
                    T* d = panel + col;
                    for (int p = 0; p < kc; p++) d[p * nr] = src[p];
                }
                for (; col < nr; col++)
                {
                    T* d = panel + col;
                    for (int p = 0; p < kc; p++) d[p * nr] = T.Zero;
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    T* src = b + (long)(pc + p) * ldb + jc + jr;
                    T* d = panel + p * nr;
                    new ReadOnlySpan<T>(src, cols).CopyTo(new Span<T>(d, cols));
                    if (cols < nr) new Span<T>(d + cols, nr - cols).Clear();
                }
            }
        }
    }

    /// <summary>One Rows×(Columns·Width) tile of C ← β·C + Apanel·Bpanel, by the kernel of the tile's shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel<T, TV, TS>(int kc, T* a, T* b, T* c, int ldc, T beta)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        if (TS.Rows == 8 && TS.Columns == 3) MicroKernel8x3<T, TV, TS>(kc, a, b, c, ldc, beta);
        else MicroKernel6x2<T, TV, TS>(kc, a, b, c, ldc, beta);
    }

    /// <summary>8×(3·Width) tile for 32-register machines (AVX-512): 24 accumulators, 3 B vectors, one broadcast —
    /// 24 FMAs per 11 loads, against 12 per 8 for the 6×2 tile, which is what lifts AVX-512 towards OpenBLAS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel8x3<T, TV, TS>(int kc, T* a, T* b, T* c, int ldc, T beta)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int w = TS.Width;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c42 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero, c52 = TS.Zero;
        TV c60 = TS.Zero, c61 = TS.Zero, c62 = TS.Zero, c70 = TS.Zero, c71 = TS.Zero, c72 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(b), b1 = TS.Load(b + w), b2 = TS.Load(b + 2 * w);
            TV x = TS.Broadcast(a[0]);
            c00 = TS.MultiplyAdd(x, b0, c00); c01 = TS.MultiplyAdd(x, b1, c01); c02 = TS.MultiplyAdd(x, b2, c02);
            x = TS.Broadcast(a[1]);
            c10 = TS.MultiplyAdd(x, b0, c10); c11 = TS.MultiplyAdd(x, b1, c11); c12 = TS.MultiplyAdd(x, b2, c12);
            x = TS.Broadcast(a[2]);
            c20 = TS.MultiplyAdd(x, b0, c20); c21 = TS.MultiplyAdd(x, b1, c21); c22 = TS.MultiplyAdd(x, b2, c22);
            x = TS.Broadcast(a[3]);
            c30 = TS.MultiplyAdd(x, b0, c30); c31 = TS.MultiplyAdd(x, b1, c31); c32 = TS.MultiplyAdd(x, b2, c32);
            x = TS.Broadcast(a[4]);
            c40 = TS.MultiplyAdd(x, b0, c40); c41 = TS.MultiplyAdd(x, b1, c41); c42 = TS.MultiplyAdd(x, b2, c42);
            x = TS.Broadcast(a[5]);
            c50 = TS.MultiplyAdd(x, b0, c50); c51 = TS.MultiplyAdd(x, b1, c51); c52 = TS.MultiplyAdd(x, b2, c52);
            x = TS.Broadcast(a[6]);
            c60 = TS.MultiplyAdd(x, b0, c60); c61 = TS.MultiplyAdd(x, b1, c61); c62 = TS.MultiplyAdd(x, b2, c62);
            x = TS.Broadcast(a[7]);
            c70 = TS.MultiplyAdd(x, b0, c70); c71 = TS.MultiplyAdd(x, b1, c71); c72 = TS.MultiplyAdd(x, b2, c72);
            a += 8;
            b += 3 * w;
        }
        Update3<T, TV, TS>(c, w, c00, c01, c02, beta);
        Update3<T, TV, TS>(c + ldc, w, c10, c11, c12, beta);
        Update3<T, TV, TS>(c + 2L * ldc, w, c20, c21, c22, beta);
        Update3<T, TV, TS>(c + 3L * ldc, w, c30, c31, c32, beta);
        Update3<T, TV, TS>(c + 4L * ldc, w, c40, c41, c42, beta);
        Update3<T, TV, TS>(c + 5L * ldc, w, c50, c51, c52, beta);
        Update3<T, TV, TS>(c + 6L * ldc, w, c60, c61, c62, beta);
        Update3<T, TV, TS>(c + 7L * ldc, w, c70, c71, c72, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update3<T, TV, TS>(T* c, int w, TV left, TV middle, TV right, T beta)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        Update<T, TV, TS>(c, w, left, middle, beta);
        Update<T, TV, TS>(c + 2 * w, w, right, right, beta, single: true);
    }

    /// <summary>6×(2·Width) tile for 16-register machines (AVX2): 12 accumulators, 2 B vectors, one broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel6x2<T, TV, TS>(int kc, T* a, T* b, T* c, int ldc, T beta)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int w = TS.Width;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(b), b1 = TS.Load(b + w);
            TV x = TS.Broadcast(a[0]);
            c00 = TS.MultiplyAdd(x, b0, c00); c01 = TS.MultiplyAdd(x, b1, c01);
            x = TS.Broadcast(a[1]);
            c10 = TS.MultiplyAdd(x, b0, c10); c11 = TS.MultiplyAdd(x, b1, c11);
            x = TS.Broadcast(a[2]);
            c20 = TS.MultiplyAdd(x, b0, c20); c21 = TS.MultiplyAdd(x, b1, c21);
            x = TS.Broadcast(a[3]);
            c30 = TS.MultiplyAdd(x, b0, c30); c31 = TS.MultiplyAdd(x, b1, c31);
            x = TS.Broadcast(a[4]);
            c40 = TS.MultiplyAdd(x, b0, c40); c41 = TS.MultiplyAdd(x, b1, c41);
            x = TS.Broadcast(a[5]);
            c50 = TS.MultiplyAdd(x, b0, c50); c51 = TS.MultiplyAdd(x, b1, c51);
            a += 6;
            b += 2 * w;
        }
        Update<T, TV, TS>(c, w, c00, c01, beta);
        Update<T, TV, TS>(c + ldc, w, c10, c11, beta);
        Update<T, TV, TS>(c + 2L * ldc, w, c20, c21, beta);
        Update<T, TV, TS>(c + 3L * ldc, w, c30, c31, beta);
        Update<T, TV, TS>(c + 4L * ldc, w, c40, c41, beta);
        Update<T, TV, TS>(c + 5L * ldc, w, c50, c51, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update<T, TV, TS>(T* c, int w, TV left, TV right, T beta, bool single = false)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        if (beta == T.Zero)
        {
            TS.Store(c, left);
            if (!single) TS.Store(c + w, right);
        }
        else if (beta == T.One)
        {
            TS.Store(c, TS.Add(TS.Load(c), left));
            if (!single) TS.Store(c + w, TS.Add(TS.Load(c + w), right));
        }
        else
        {
            TV scale = TS.Broadcast(beta);
            TS.Store(c, TS.MultiplyAdd(TS.Load(c), scale, left));
            if (!single) TS.Store(c + w, TS.MultiplyAdd(TS.Load(c + w), scale, right));
        }
    }

    private static void Merge<T>(T* tile, int tileStride, T* c, int ldc, int rows, int cols, T beta)
        where T : unmanaged, INumber<T>
    {
        for (int r = 0; r < rows; r++)
        {
            T* src = tile + r * tileStride;
            T* dst = c + (long)r * ldc;
            if (beta == T.Zero) for (int j = 0; j < cols; j++) dst[j] = src[j];
            else if (beta == T.One) for (int j = 0; j < cols; j++) dst[j] += src[j];
            else for (int j = 0; j < cols; j++) dst[j] = beta * dst[j] + src[j];
        }
    }

    /// <summary>C ← β·C, where β = 0 clears C without reading it (so NaN in C does not survive).</summary>
    private static void ScaleC<T>(int m, int n, T beta, T* c, int ldc) where T : unmanaged, INumber<T>
    {
        if (beta == T.One) return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (long)i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else for (int j = 0; j < n; j++) row[j] *= beta;
        }
    }

    /// <summary>Tiny products (and one- or two-row ones): no packing, which would cost as much as the arithmetic.</summary>
    private static void Simple<T>(bool ta, bool tb, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc) where T : unmanaged, INumber<T>
    {
        ScaleC(m, n, beta, c, ldc);
        int w = Vector<T>.Count;
        for (int i = 0; i < m; i++)
        {
            T* crow = c + (long)i * ldc;
            if (!tb)
            {
                // Row i of C gathers α·A(i,p)·(row p of B): unit-stride and vectorised along n.
                for (int p = 0; p < k; p++)
                {
                    T s = alpha * (ta ? a[(long)p * lda + i] : a[(long)i * lda + p]);
                    T* brow = b + (long)p * ldb;
                    var sv = new Vector<T>(s);
                    int j = 0;
                    for (; j <= n - w; j += w)
                        Unsafe.WriteUnaligned(crow + j, Unsafe.ReadUnaligned<Vector<T>>(crow + j) + sv * Unsafe.ReadUnaligned<Vector<T>>(brow + j));
                    for (; j < n; j++) crow[j] += s * brow[j];
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    T* bcol = b + (long)j * ldb; // op(B)(p, j) = bcol[p]
                    T sum = T.Zero;
                    if (ta) for (int p = 0; p < k; p++) sum += a[(long)p * lda + i] * bcol[p];
                    else
                    {
                        T* arow = a + (long)i * lda;
                        for (int p = 0; p < k; p++) sum += arow[p] * bcol[p];
                    }
                    crow[j] += alpha * sum;
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
