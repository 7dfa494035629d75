using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nabla.Numerics;
using Xunit;

namespace Nabla.Tests.GemmTests;

/// <summary>
/// The managed kernel's blocking paths: several KC slabs of k, C split into row and column blocks across threads,
/// op(B) packed in more than one piece (along k and along n), and the narrow right-edge tiles of the AVX-512
/// kernel — each against a naive double-accumulated product, for every kernel width the machine runs.
/// </summary>
public sealed class GemmKernelTests
{
    private static IEnumerable<GemmSimdKind> Kinds()
    {
        yield return GemmSimdKind.Portable;
        if (Vector256.IsHardwareAccelerated) yield return GemmSimdKind.Avx2;
        if (Avx512F.IsSupported) yield return GemmSimdKind.Avx512;
    }

    /// <summary>C ← α·op(A)·op(B) + β·C on padded strides, checked on every entry (or a random sample) against the
    /// naive product in double within 2(k+2)ε·(|α|Σ|a||b| + |βc|); C's stride padding must stay untouched.</summary>
    private static void Check<T>(int seed, int m, int n, int k, bool ta, bool tb, T alpha, T beta, int samples = 4000,
        int threads = 0)
        where T : unmanaged, INumber<T>
    {
        var random = new Random(seed);
        int lda = (ta ? m : k) + random.Next(0, 3), ldb = (tb ? k : n) + random.Next(0, 3), ldc = n + 3;
        T[] Fill(long count) => Enumerable.Range(0, (int)count).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();
        T[] a = Fill((long)(ta ? k : m) * lda), b = Fill((long)(tb ? n : k) * ldb), c0 = Fill((long)m * ldc);
        double A(int i, int p) => double.CreateChecked(ta ? a[(long)p * lda + i] : a[(long)i * lda + p]);
        double B(int p, int j) => double.CreateChecked(tb ? b[(long)j * ldb + p] : b[(long)p * ldb + j]);
        var cells = (long)m * n <= samples
            ? (from i in Enumerable.Range(0, m) from j in Enumerable.Range(0, n) select (i, j)).ToArray()
            : Enumerable.Range(0, samples).Select(_ => (random.Next(m), random.Next(n))).ToArray();
        double eps = typeof(T) == typeof(float) ? 1.1920929e-7 : 2.220446049250313e-16;
        double al = double.CreateChecked(alpha), be = double.CreateChecked(beta);
        foreach (var kind in Kinds())
        {
            var c = (T[])c0.Clone();
            GemmKernel.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, kind, threads);
            foreach (var (i, j) in cells)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = A(i, p) * B(p, j);
                    sum += t;
                    abs += Math.Abs(t);
                }
                double old = be == 0 ? 0 : double.CreateChecked(c0[(long)i * ldc + j]);
                double expected = al * sum + be * old, scale = Math.Abs(al) * abs + Math.Abs(be * old);
                double actual = double.CreateChecked(c[(long)i * ldc + j]);
                Assert.True(Math.Abs(actual - expected) <= 2 * (k + 2) * eps * scale + 1e-300,
                    $"{kind} {typeof(T).Name} m={m} n={n} k={k} ta={ta} tb={tb} α={al} β={be}: C[{i},{j}] = {actual}, oracle {expected}");
            }
            for (int i = 0; i < m; i++)
                for (int j = n; j < ldc; j++)
                    Assert.Equal(c0[(long)i * ldc + j], c[(long)i * ldc + j]);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Several_KC_slabs_accumulate_onto_beta_C(bool ta, bool tb)
    {
        // k = 257 and 600: a second (one-step) and a third (partial) slab; β = 0, 1 and 0.5 on the first slab only.
        Check(1, 67, 53, 257, ta, tb, 1.0, 0.0);
        Check(2, 40, 75, 600, ta, tb, -0.75, 0.5);
        Check(3, 41, 29, 513, ta, tb, 1.5f, 1f);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Right_edge_panels_of_every_width_are_right(bool ta, bool tb)
    {
        // n around multiples of 16 and 24 (the AVX-512 tile is 48 floats or 24 doubles wide): edge panels of one or
        // two whole vectors (stored straight into C) and of partial vectors (through the tile buffer), with m not a
        // multiple of 8 so bottom-right corners are covered too.
        foreach (int n in new[] { 8, 16, 17, 32, 40, 64, 65, 104, 112, 113 })
        {
            Check(10 + n, 45, n, 70, ta, tb, 1.0, 0.0);
            Check(20 + n, 40, n, 70, ta, tb, 2.0, -1.0);
            Check(30 + n, 45, n, 70, ta, tb, 1f, 0f);
            Check(40 + n, 40, n, 70, ta, tb, -1f, 0.25f);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Few_rows_and_many_columns_split_C_by_columns_too(bool ta, bool tb)
    {
        // m ≤ a handful of micro-tiles (and m·n·k above the 128³ parallel threshold): the parallel split cuts the
        // columns into blocks that each pack their A rows.
        Check(50, 9, 2000, 1600, ta, tb, 1.0, 0.0);
        Check(51, 3, 3000, 3100, ta, tb, 0.5, 2.0);
        Check(52, 17, 901, 1800, ta, tb, 1f, 1f);
    }

    [Fact]
    public void Packed_B_larger_than_one_piece_is_split_along_k_and_n()
    {
        // k·n > 4M elements: op(B) is packed in pieces — here two along k (the second accumulates with β = 1)…
        Check(60, 20, 3000, 1500, false, false, 1.0, 0.5, samples: 300);
        Check(61, 12, 3000, 1500, true, true, 1f, 0f, samples: 300);
        // …and here several column strips of at most 16384 columns at depth KC.
        Check(62, 9, 20000, 300, false, true, -1.0, 1.0, samples: 300);
    }

    [Fact]
    public void Tall_products_with_many_row_blocks_are_right()
    {
        // m far above MC with odd n and k (m·n·k above the 128³ parallel threshold): many row blocks handed to the
        // threads, each packing its own A block.
        Check(70, 1100, 97, 300, false, false, 1.0, 0.0, samples: 3000);
        Check(71, 777, 121, 301, true, false, 1f, -1f, samples: 3000);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Mid_sized_products_shared_between_threads_are_right(bool ta, bool tb)
    {
        // From 128³ multiply-adds the product is shared with thread-pool helpers (B packed in parts, C in row blocks):
        // 256², odd sizes just above the threshold, a partial last row block and edge panels, β applied once.
        Check(80, 256, 256, 256, ta, tb, 1.0, 0.0, samples: 3000);
        Check(81, 129, 131, 127, ta, tb, -0.5, 0.5, samples: 3000);
        Check(82, 255, 257, 253, ta, tb, 1f, 0f, samples: 3000);
        Check(83, 203, 37, 300, ta, tb, 2f, 1f, samples: 3000);
        // Forced team sizes below the threshold and above the core count: more helpers than tasks or cores.
        Check(84, 61, 70, 45, ta, tb, 1.0, -1.0, threads: 3);
        Check(85, 17, 100, 33, ta, tb, 0.25f, 0f, threads: 8);
    }

    [Fact]
    public void Concurrent_products_sharing_the_thread_pool_are_right()
    {
        // Several callers at once, each sharing its product with helpers from the same pool: a helper that arrives
        // after its product finished must leave it alone, and no caller may wait on a helper that never started.
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
        {
            if (i % 2 == 0) Check(90 + i, 150 + 7 * i, 140 + 3 * i, 130 + i, i % 4 == 0, false, 1.0, 0.0, samples: 500, threads: 2);
            else Check(90 + i, 160 + 5 * i, 135 + i, 150 - i, false, i % 3 == 0, 1f, 0.5f, samples: 500, threads: 3);
        });
    }
}
