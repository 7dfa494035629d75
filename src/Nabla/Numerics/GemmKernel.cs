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
/// The managed GEMM: a BLIS-style loop nest. op(B) is packed once (KC-deep slabs of NR-column panels) into a buffer
/// all threads read; C is cut into blocks of rows (and of columns when it has few rows) that the threads take
/// dynamically, each packing its MC×KC block of op(A) into MR-row panels (α folded in) and running an MR×NR
/// register-blocked micro-kernel that accumulates a tile of C over KC before touching C once. Packing resolves the
/// transposes, so the micro-kernel only ever sees unit-stride panels.
/// </summary>
internal static unsafe partial class GemmKernel
{
    // Blocking. KC = 256 steps of k per slab: each pass over C (read, add, write back — C is far larger than the
    // caches at 1024²) then carries 256 multiply-adds per element; KC = 85 (a B micro-panel that fits half of L1)
    // measured 27 GFLOP/s single-threaded at 1024² f64 against 41 with KC = 256, because C traffic dominated. The
    // KC×NR B micro-panel (48 KB with the AVX-512 tile) then streams from L2, which the hardware prefetcher keeps
    // up with. The MC×KC A block takes ~256 KB of the 1 MB L2 (MC from 64 to 256 measured the same).
    private const int KC = 256;
    private const int L2BlockBytes = 256 * 1024;
    // op(B) is packed in column strips of at most this many elements (32 MB of doubles), shared by all threads.
    private const long PackedBElements = 4L * 1024 * 1024;
    private const long SmallWork = 32L * 32 * 32;
    // From 128³ multiply-adds on, the product is shared with the other cores (PieceJob: the caller starts at once
    // and helpers that wake late find nothing left, so a second thread cannot make it slower than one by more than
    // a queued work item). The old Parallel.For split lost at 256² — a median of 2.8 GFLOP/s f64 under load against
    // 16–22 on one thread — because its fork-join waited for workers to start; below 128³ (~0.1 ms) the helper's
    // wake-up is a large part of the product.
    private const long ParallelWork = 128L * 128 * 128;

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

    /// <summary>Span form of <see cref="Multiply{T}(bool, bool, int, int, int, T, T*, int, T*, int, T, T*, int, GemmSimdKind, int)"/>
    /// (arguments already validated), so each vector width can be checked on its own.</summary>
    internal static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, GemmSimdKind kind,
        int threads = 0)
        where T : unmanaged, INumber<T>
    {
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
            Multiply(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, kind, threads);
    }

    /// <summary>C ← α·op(A)·op(B) + β·C with arguments already validated. <paramref name="threads"/> &gt; 0 forces
    /// that many threads whenever the product is above the small-product cut (so tests reach the shared path on any
    /// machine); 0 means <see cref="Threads"/> from 128³ multiply-adds on, one thread below.</summary>
    internal static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, GemmSimdKind kind, int threads = 0)
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
        int team = threads > 0 ? threads : work >= ParallelWork ? Threads : 1;
        switch (kind)
        {
            case GemmSimdKind.Avx512 when Avx512F.IsSupported:
                Split<T, Vector512<T>, GemmSimd512<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, team);
                break;
            case GemmSimdKind.Avx512 or GemmSimdKind.Avx2 when Vector256.IsHardwareAccelerated:
                Split<T, Vector256<T>, GemmSimd256<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, team);
                break;
            default:
                Split<T, Vector<T>, GemmSimdPortable<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, team);
                break;
        }
    }

    /// <summary>
    /// Packs op(B) once into a buffer every thread reads, then hands out blocks of C rows (each with its own packed
    /// A block) to the threads dynamically: nothing is packed twice, and a thread that other processes slow down
    /// simply takes fewer blocks instead of holding the whole product back.
    /// </summary>
    private static void Split<T, TV, TS>(bool ta, bool tb, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, int threads)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int nr = TS.Columns * TS.Width, mr = TS.Rows;
        int kcBlock = KC;
        int mcBlock = Math.Max(mr, L2BlockBytes / (kcBlock * sizeof(T)) / mr * mr);
        // Pieces of op(B) — a depth of whole KC slabs times a strip of columns — bound the packed-B buffer at
        // PackedBElements; at the benchmark sizes all of op(B) is one piece.
        int nPadded = RoundUp(n, nr);
        int depth = (int)Math.Min(k, Math.Max(kcBlock, PackedBElements / nPadded / kcBlock * kcBlock));
        int stripWidth = (int)Math.Min(nPadded, Math.Max(nr, PackedBElements / depth / nr * nr));
        // Blocks of C: rows in multiples of MR up to MC; with several threads, aim for ≥ 4 blocks per thread.
        int rowBlock = mcBlock, colBlock = stripWidth;
        if (threads > 1)
        {
            int target = 4 * threads;
            rowBlock = Math.Clamp(RoundUp((m + target - 1) / target, mr), mr, mcBlock);
            int rowBlocks = (m + rowBlock - 1) / rowBlock;
            if (rowBlocks < target) // few rows: split the columns too (each block then packs its rows of A itself)
                colBlock = Math.Max(nr, RoundUp((stripWidth + (target / rowBlocks) - 1) / Math.Max(1, target / rowBlocks), nr));
        }
        int slack = 64 / sizeof(T);
        T[] bRented = ArrayPool<T>.Shared.Rent(depth * stripWidth + slack);
        try
        {
            fixed (T* bRaw = bRented)
            {
                T* bPack = (T*)(((nint)bRaw + 63) & ~(nint)63);
                for (int p0 = 0; p0 < k; p0 += depth)
                {
                    int kDepth = Math.Min(depth, k - p0);
                    T betaHere = p0 == 0 ? beta : T.One; // later pieces of k accumulate onto the first
                    for (int jc = 0; jc < n; jc += stripWidth)
                    {
                        int nc = Math.Min(stripWidth, n - jc);
                        var piece = new Piece<T>(ta, tb, m, nc, kDepth, p0, jc, alpha, a, lda, b, ldb, betaHere, c + jc, ldc,
                            bPack, RoundUp(nc, nr), kcBlock, mcBlock, rowBlock, colBlock);
                        RunPiece<T, TV, TS>(piece, threads);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(bRented);
        }
    }

    /// <summary>Packs the piece's op(B) and computes its blocks of C — on the calling thread alone, or shared with
    /// <paramref name="threads"/> − 1 thread-pool helpers through a <see cref="PieceJob{T, TV, TS}"/>.</summary>
    private static void RunPiece<T, TV, TS>(Piece<T> piece, int threads)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int nr = TS.Columns * TS.Width;
        int panels = piece.NcPadded / nr;
        int colBlocks = (piece.Nc + piece.ColBlock - 1) / piece.ColBlock;
        int blocks = (piece.M + piece.RowBlock - 1) / piece.RowBlock * colBlocks;
        if (threads == 1 || blocks == 1)
        {
            piece.PackB(0, panels, nr);
            for (int block = 0; block < blocks; block++) ComputeBlock<T, TV, TS>(piece, block / colBlocks, block % colBlocks);
        }
        else
            new PieceJob<T, TV, TS>(piece, Math.Min(threads, panels), panels, blocks, colBlocks).Run(threads - 1);
    }

    /// <summary>One piece of the product: k range [P0, P0+K) by columns [Jc, Jc+Nc) of C, the arguments, and where
    /// its packed op(B) lives (slab pc at pc·NcPadded, its panel jr at jr·kc within the slab). Pointers travel as
    /// nint so that the shared job object can hold the piece.</summary>
    private readonly struct Piece<T>(bool ta, bool tb, int m, int nc, int k, int p0, int jc, T alpha, T* a, int lda,
        T* b, int ldb, T beta, T* c, int ldc, T* bPack, int ncPadded, int kcBlock, int mcBlock, int rowBlock, int colBlock)
        where T : unmanaged, INumber<T>
    {
        public readonly bool Ta = ta, Tb = tb;
        public readonly int M = m, Nc = nc, K = k, P0 = p0, Jc = jc, Lda = lda, Ldb = ldb, Ldc = ldc, NcPadded = ncPadded;
        public readonly int KcBlock = kcBlock, McBlock = mcBlock, RowBlock = rowBlock, ColBlock = colBlock;
        public readonly T Alpha = alpha, Beta = beta;
        private readonly nint _a = (nint)a, _b = (nint)b, _c = (nint)c, _bPack = (nint)bPack;
        public T* A => (T*)_a;
        public T* C => (T*)_c;
        public T* BPack => (T*)_bPack;

        /// <summary>Packs the panels [first, last) of every KC slab of this piece.</summary>
        public void PackB(int first, int last, int nr)
        {
            if (first >= last) return;
            int cols = Math.Min(Nc, last * nr) - first * nr;
            for (int pc = 0; pc < K; pc += KcBlock)
            {
                int kc = Math.Min(KcBlock, K - pc);
                GemmKernel.PackB(Tb, (T*)_b, Ldb, P0 + pc, Jc + first * nr, kc, cols, nr,
                    BPack + (long)pc * NcPadded + (long)first * nr * kc);
            }
        }
    }

    /// <summary>C[rows of block, columns of block] over all of k: packs its A block per KC slab and runs the
    /// micro-kernel over the shared packed B.</summary>
    private static void ComputeBlock<T, TV, TS>(in Piece<T> s, int rowBlockIndex, int colBlockIndex)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int nr = TS.Columns * TS.Width, mr = TS.Rows;
        int i0 = rowBlockIndex * s.RowBlock, rows = Math.Min(s.RowBlock, s.M - i0);
        int j0 = colBlockIndex * s.ColBlock, cols = Math.Min(s.ColBlock, s.Nc - j0);
        int kcMax = Math.Min(s.KcBlock, s.K);
        int slack = 64 / sizeof(T);
        T[] aRented = ArrayPool<T>.Shared.Rent(RoundUp(Math.Min(rows, s.McBlock), mr) * kcMax + slack);
        T* tile = stackalloc T[mr * nr];
        try
        {
            fixed (T* aRaw = aRented)
            {
                T* aPack = (T*)(((nint)aRaw + 63) & ~(nint)63);
                for (int pc = 0; pc < s.K; pc += s.KcBlock)
                {
                    int kc = Math.Min(s.KcBlock, s.K - pc);
                    T betaHere = pc == 0 ? s.Beta : T.One; // later slabs accumulate onto the first
                    T* bSlab = s.BPack + (long)pc * s.NcPadded;
                    for (int ic = i0; ic < i0 + rows; ic += s.McBlock)
                    {
                        int mc = Math.Min(s.McBlock, i0 + rows - ic);
                        PackA(s.Ta, s.A, s.Lda, ic, s.P0 + pc, mc, kc, mr, s.Alpha, aPack);
                        for (int jr = j0; jr < j0 + cols; jr += nr)
                        {
                            int nrHere = Math.Min(nr, s.Nc - jr);
                            T* bPanel = bSlab + (long)jr * kc;
                            for (int ir = 0; ir < mc; ir += mr)
                            {
                                int mrHere = Math.Min(mr, mc - ir);
                                T* aPanel = aPack + (long)ir * kc;
                                T* cTile = s.C + (long)(ic + ir) * s.Ldc + jr;
                                if (mrHere == mr && nrHere == nr)
                                    MicroKernel<T, TV, TS>(kc, aPanel, bPanel, cTile, s.Ldc, betaHere);
                                else if (TS.Rows == 8 && TS.Columns == 3 && nrHere <= 2 * TS.Width)
                                {
                                    // Right-edge panel of the wide tile: run only the vectors that hold columns
                                    // (f32 at 256²: 16 of 48 columns, a third of the last panel's FMAs).
                                    int vectors = (nrHere + TS.Width - 1) / TS.Width;
                                    if (mrHere == mr && nrHere == vectors * TS.Width)
                                        MicroKernel8xNarrow<T, TV, TS>(kc, aPanel, bPanel, nr, cTile, s.Ldc, betaHere, vectors);
                                    else
                                    {
                                        MicroKernel8xNarrow<T, TV, TS>(kc, aPanel, bPanel, nr, tile, nr, T.Zero, vectors);
                                        Merge(tile, nr, cTile, s.Ldc, mrHere, nrHere, betaHere);
                                    }
                                }
                                else
                                {
                                    MicroKernel<T, TV, TS>(kc, aPanel, bPanel, tile, nr, T.Zero);
                                    Merge(tile, nr, cTile, s.Ldc, mrHere, nrHere, betaHere);
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
        }
    }

    /// <summary>Span form of <see cref="PackA{T}(bool, T*, int, int, int, int, int, int, T, T*)"/>, so the panel
    /// layout can be checked on its own.</summary>
    internal static void PackA<T>(bool ta, ReadOnlySpan<T> a, int lda, int ic, int pc, int mc, int kc, int mr, T alpha, Span<T> dst)
        where T : unmanaged, INumber<T>
    {
        if (dst.Length < (mc + mr - 1) / mr * mr * kc) throw new ArgumentException("The panel buffer is too small.", nameof(dst));
        fixed (T* pa = a)
        fixed (T* pd = dst)
            PackA(ta, pa, lda, ic, pc, mc, kc, mr, alpha, pd);
    }

    /// <summary>Packs op(A)[ic.., pc..] (mc×kc) as MR-row panels, p-major inside a panel, scaled by α, zero-padded.</summary>
    internal static void PackA<T>(bool ta, T* a, int lda, int ic, int pc, int mc, int kc, int mr, T alpha, T* dst)
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
                    GemmPacking.Copy(src, d, rows, alpha);
                    for (int r = rows; r < mr; r++) d[r] = T.Zero;
                }
            }
            else if (rows == 8 && mr == 8 && GemmPacking.TransposeRows8(a + (long)(ic + ir) * lda + pc, lda, kc, alpha, panel))
            {
                // Full 8-row panel transposed in registers.
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
    internal static void PackB<T>(bool tb, T* b, int ldb, int pc, int jc, int kc, int nc, int nr, T* dst)
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
        PrefetchC<T>(c, ldc, 8, 3 * w);
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

    /// <summary>8×(vectors·Width) tile, vectors ∈ {1, 2}, reading a B panel packed bStep wide: the right edge of
    /// the 8×3 kernel's panels, so a panel with one or two vectors of real columns does not pay for three.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel8xNarrow<T, TV, TS>(int kc, T* a, T* b, int bStep, T* c, int ldc, T beta, int vectors)
        where T : unmanaged, INumber<T> where TV : struct where TS : IGemmSimd<T, TV>
    {
        int w = TS.Width;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero, c60 = TS.Zero, c61 = TS.Zero, c70 = TS.Zero, c71 = TS.Zero;
        PrefetchC<T>(c, ldc, 8, vectors * w);
        if (vectors == 1)
        {
            for (int p = 0; p < kc; p++)
            {
                TV b0 = TS.Load(b);
                c00 = TS.MultiplyAdd(TS.Broadcast(a[0]), b0, c00); c10 = TS.MultiplyAdd(TS.Broadcast(a[1]), b0, c10);
                c20 = TS.MultiplyAdd(TS.Broadcast(a[2]), b0, c20); c30 = TS.MultiplyAdd(TS.Broadcast(a[3]), b0, c30);
                c40 = TS.MultiplyAdd(TS.Broadcast(a[4]), b0, c40); c50 = TS.MultiplyAdd(TS.Broadcast(a[5]), b0, c50);
                c60 = TS.MultiplyAdd(TS.Broadcast(a[6]), b0, c60); c70 = TS.MultiplyAdd(TS.Broadcast(a[7]), b0, c70);
                a += 8;
                b += bStep;
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                TV b0 = TS.Load(b), b1 = TS.Load(b + w);
                TV x = TS.Broadcast(a[0]); c00 = TS.MultiplyAdd(x, b0, c00); c01 = TS.MultiplyAdd(x, b1, c01);
                x = TS.Broadcast(a[1]); c10 = TS.MultiplyAdd(x, b0, c10); c11 = TS.MultiplyAdd(x, b1, c11);
                x = TS.Broadcast(a[2]); c20 = TS.MultiplyAdd(x, b0, c20); c21 = TS.MultiplyAdd(x, b1, c21);
                x = TS.Broadcast(a[3]); c30 = TS.MultiplyAdd(x, b0, c30); c31 = TS.MultiplyAdd(x, b1, c31);
                x = TS.Broadcast(a[4]); c40 = TS.MultiplyAdd(x, b0, c40); c41 = TS.MultiplyAdd(x, b1, c41);
                x = TS.Broadcast(a[5]); c50 = TS.MultiplyAdd(x, b0, c50); c51 = TS.MultiplyAdd(x, b1, c51);
                x = TS.Broadcast(a[6]); c60 = TS.MultiplyAdd(x, b0, c60); c61 = TS.MultiplyAdd(x, b1, c61);
                x = TS.Broadcast(a[7]); c70 = TS.MultiplyAdd(x, b0, c70); c71 = TS.MultiplyAdd(x, b1, c71);
                a += 8;
                b += bStep;
            }
        }
        bool single = vectors == 1;
        Update<T, TV, TS>(c, w, c00, c01, beta, single);
        Update<T, TV, TS>(c + ldc, w, c10, c11, beta, single);
        Update<T, TV, TS>(c + 2L * ldc, w, c20, c21, beta, single);
        Update<T, TV, TS>(c + 3L * ldc, w, c30, c31, beta, single);
        Update<T, TV, TS>(c + 4L * ldc, w, c40, c41, beta, single);
        Update<T, TV, TS>(c + 5L * ldc, w, c50, c51, beta, single);
        Update<T, TV, TS>(c + 6L * ldc, w, c60, c61, beta, single);
        Update<T, TV, TS>(c + 7L * ldc, w, c70, c71, beta, single);
    }

    /// <summary>
    /// Asks for the C tile before the k loop, so its cache misses overlap the KC·Rows·Columns FMAs instead of
    /// stalling the final read-modify-write (C is re-read once per KC slab and is rarely cached at large sizes):
    /// 27 → 41 GFLOP/s single-threaded at 1024² f64 together with KC = 256.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchC<T>(T* c, int ldc, int rows, int columns) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        for (int r = 0; r < rows; r++)
        {
            byte* row = (byte*)(c + (long)r * ldc);
            byte* last = (byte*)(c + (long)r * ldc + columns - 1);
            for (byte* line = row; line <= last; line += 64) Sse.Prefetch0(line);
            Sse.Prefetch0(last); // the row's last line when it is not 64-byte aligned
        }
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
        PrefetchC<T>(c, ldc, 6, 2 * w);
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
