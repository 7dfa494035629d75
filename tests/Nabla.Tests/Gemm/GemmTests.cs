using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nabla.Numerics;
using Xunit;

namespace Nabla.Tests.GemmTests;

public sealed class GemmTests
{
    /// <summary>One stored problem: A, B, C with padded row strides, plus the double-accumulated oracle.</summary>
    private sealed record Problem<T>(bool Ta, bool Tb, int M, int N, int K, T Alpha, T Beta,
        T[] A, int Lda, T[] B, int Ldb, T[] C, int Ldc) where T : unmanaged, INumber<T>
    {
        public double OpA(int i, int p) => double.CreateChecked(Ta ? A[p * Lda + i] : A[i * Lda + p]);
        public double OpB(int p, int j) => double.CreateChecked(Tb ? B[j * Ldb + p] : B[p * Ldb + j]);

        /// <summary>Naive triple loop in double, and the magnitude |α|·Σ|a||b| + |β||c| that bounds its rounding.</summary>
        public (double Value, double Scale) Oracle(int i, int j)
        {
            double sum = 0, abs = 0;
            for (int p = 0; p < K; p++)
            {
                double t = OpA(i, p) * OpB(p, j);
                sum += t;
                abs += Math.Abs(t);
            }
            double alpha = double.CreateChecked(Alpha), beta = double.CreateChecked(Beta);
            double c = beta == 0 ? 0 : double.CreateChecked(C[i * Ldc + j]);
            return (alpha * sum + beta * c, Math.Abs(alpha) * abs + Math.Abs(beta * c));
        }
    }

    private static Problem<T> Make<T>(Random random, int m, int n, int k, bool ta, bool tb, T alpha, T beta, bool nanC = false)
        where T : unmanaged, INumber<T>
    {
        int pad() => random.Next(0, 4);
        int aCols = ta ? m : k, aRows = ta ? k : m, bCols = tb ? k : n, bRows = tb ? n : k;
        int lda = aCols + pad(), ldb = bCols + pad(), ldc = n + pad();
        T[] fill(int rows, int stride) =>
            Enumerable.Range(0, Math.Max(rows * stride, 1)).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();
        var c = fill(m, ldc);
        if (nanC) Array.Fill(c, T.CreateChecked(double.NaN));
        return new Problem<T>(ta, tb, m, n, k, alpha, beta, fill(aRows, lda), lda, fill(bRows, ldb), ldb, c, ldc);
    }

    private static T RandomScalar<T>(Random random) where T : unmanaged, INumber<T> => random.Next(5) switch
    {
        0 => T.Zero,
        1 => T.One,
        2 => -T.One,
        _ => T.CreateChecked(Math.Round(random.NextDouble() * 4 - 2, 3)),
    };

    /// <summary>The oracle on every entry (or a sample when the product is large), computed once per problem.</summary>
    private static List<(int I, int J, double Expected, double Scale)> Expected<T>(Problem<T> problem, int samples)
        where T : unmanaged, INumber<T>
    {
        var random = new Random(7);
        long total = (long)problem.M * problem.N;
        IEnumerable<(int, int)> cells = total <= samples
            ? from i in Enumerable.Range(0, problem.M) from j in Enumerable.Range(0, problem.N) select (i, j)
            : Enumerable.Range(0, samples).Select(_ => (random.Next(problem.M), random.Next(problem.N)));
        return cells.Select(cell =>
        {
            var (expected, scale) = problem.Oracle(cell.Item1, cell.Item2);
            return (cell.Item1, cell.Item2, expected, scale);
        }).ToList();
    }

    /// <summary>Checks the result against the oracle (error bound ~ k·ε·|α|Σ|a||b| + |β c|) and that C's stride padding is untouched.</summary>
    private static void Check<T>(Problem<T> problem, List<(int I, int J, double Expected, double Scale)> oracle,
        T[] result, double epsilon, string label) where T : unmanaged, INumber<T>
    {
        foreach (var (i, j, expected, scale) in oracle)
        {
            double actual = double.CreateChecked(result[i * problem.Ldc + j]);
            double tolerance = 2 * (problem.K + 2) * epsilon * scale + 1e-300;
            Assert.True(Math.Abs(actual - expected) <= tolerance,
                $"{label}: C[{i},{j}] = {actual}, oracle {expected} (tolerance {tolerance}) for m={problem.M} n={problem.N} k={problem.K} " +
                $"ta={problem.Ta} tb={problem.Tb} alpha={problem.Alpha} beta={problem.Beta}");
        }
        for (int i = 0; i < problem.M; i++)
            for (int j = problem.N; j < problem.Ldc && i * problem.Ldc + j < result.Length; j++)
                Assert.Equal(problem.C[i * problem.Ldc + j], result[i * problem.Ldc + j]);
    }

    /// <summary>Every kernel width this machine can run, so each is tested, not only the one Auto picks.</summary>
    private static IEnumerable<GemmSimdKind> Kinds()
    {
        yield return GemmSimdKind.Portable;
        if (Vector256.IsHardwareAccelerated) yield return GemmSimdKind.Avx2;
        if (Avx512F.IsSupported) yield return GemmSimdKind.Avx512;
    }

    private static void RunAllPaths<T>(Problem<T> problem, double epsilon, int samples = int.MaxValue)
        where T : unmanaged, INumber<T>
    {
        var oracle = Expected(problem, samples);
        foreach (var kind in Kinds())
        {
            var c = (T[])problem.C.Clone();
            GemmKernel.Multiply(problem.Ta, problem.Tb, problem.M, problem.N, problem.K, problem.Alpha,
                problem.A, problem.Lda, problem.B, problem.Ldb, problem.Beta, c, problem.Ldc, kind);
            Check(problem, oracle, c, epsilon, $"managed {kind}");
        }
        var viaFacade = (T[])problem.C.Clone();
        Facade(problem, viaFacade, GemmBackend.Managed);
        Check(problem, oracle, viaFacade, epsilon, "Gemm.Multiply managed");
        if (Gemm.BlasLibrary is not null)
        {
            var viaBlas = (T[])problem.C.Clone();
            Facade(problem, viaBlas, GemmBackend.Blas);
            Check(problem, oracle, viaBlas, epsilon, $"BLAS {Gemm.BlasLibrary}");
        }
    }

    private static void Facade<T>(Problem<T> p, T[] c, GemmBackend backend) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(double))
            Gemm.Multiply(p.Ta, p.Tb, p.M, p.N, p.K, double.CreateChecked(p.Alpha), (double[])(object)p.A, p.Lda,
                (double[])(object)p.B, p.Ldb, double.CreateChecked(p.Beta), (double[])(object)c, p.Ldc, backend);
        else
            Gemm.Multiply(p.Ta, p.Tb, p.M, p.N, p.K, float.CreateChecked(p.Alpha), (float[])(object)p.A, p.Lda,
                (float[])(object)p.B, p.Ldb, float.CreateChecked(p.Beta), (float[])(object)c, p.Ldc, backend);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_shapes_transposes_strides_and_scalars_match_the_double_oracle_in_double(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 12; trial++)
        {
            int size = trial % 3 == 0 ? 300 : trial % 3 == 1 ? 60 : 12;
            var problem = Make(random, random.Next(1, size + 1), random.Next(1, size + 1), random.Next(1, size + 1),
                random.Next(2) == 0, random.Next(2) == 0, RandomScalar<double>(random), RandomScalar<double>(random));
            RunAllPaths(problem, Math.Pow(2, -53));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Random_shapes_transposes_strides_and_scalars_match_the_double_oracle_in_single(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 12; trial++)
        {
            int size = trial % 3 == 0 ? 300 : trial % 3 == 1 ? 60 : 12;
            var problem = Make(random, random.Next(1, size + 1), random.Next(1, size + 1), random.Next(1, size + 1),
                random.Next(2) == 0, random.Next(2) == 0, RandomScalar<float>(random), RandomScalar<float>(random));
            RunAllPaths(problem, Math.Pow(2, -24));
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Every_transpose_combination_is_right_at_edge_sizes(bool ta, bool tb)
    {
        var random = new Random(11);
        // Sizes straddling the micro-tile (6 × 8/16/32) and the blocking (KC 128/256, MC 128..512).
        foreach (var (m, n, k) in new[] { (7, 17, 33), (145, 33, 257), (1, 300, 300), (2, 97, 513), (300, 1, 40), (13, 65, 1), (520, 20, 130) })
            RunAllPaths(Make(random, m, n, k, ta, tb, 1.5, -0.5), Math.Pow(2, -53));
    }

    [Fact]
    public void Large_1024_products_match_the_oracle_on_sampled_entries()
    {
        var random = new Random(21);
        RunAllPaths(Make(random, 1024, 1024, 1024, false, false, 1.0, 0.0), Math.Pow(2, -53), samples: 300);
        RunAllPaths(Make(random, 1024, 1000, 1030, true, true, 0.5f, 2f), Math.Pow(2, -24), samples: 300);
    }

    [Theory]
    [InlineData(4, 5, 3)]
    [InlineData(200, 190, 180)]
    public void Beta_zero_never_reads_C_so_NaN_in_C_does_not_propagate(int m, int n, int k)
    {
        var random = new Random(31);
        var problem = Make(random, m, n, k, false, true, 2.0, 0.0, nanC: true);
        RunAllPaths(problem, Math.Pow(2, -53));
        var c = (double[])problem.C.Clone();
        Gemm.Multiply(false, true, m, n, k, 2.0, problem.A, problem.Lda, problem.B, problem.Ldb, 0.0, c, problem.Ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.False(double.IsNaN(c[i * problem.Ldc + j]));
    }

    [Fact]
    public void Alpha_zero_or_k_zero_only_scales_C_by_beta()
    {
        double[] c = [1, 2, 3, 4];
        Gemm.Multiply(false, false, 2, 2, 0, 1.0, [], 0, [], 2, 3.0, c, 2);
        Assert.Equal([3.0, 6, 9, 12], c);
        double[] nan = [double.NaN, double.NaN];
        Gemm.Multiply(false, false, 1, 2, 1, 0.0, [5.0], 1, [1.0, 2.0], 2, 0.0, nan, 2, GemmBackend.Managed);
        Assert.Equal([0.0, 0.0], nan);
        float[] f = [1, 2];
        Gemm.Multiply(false, false, 1, 2, 1, 0f, [5f], 1, [1f, 2f], 2, -1f, f, 2);
        Assert.Equal([-1f, -2f], f);
    }

    [Fact]
    public void Empty_products_leave_C_alone()
    {
        double[] c = [7, 8];
        Gemm.Multiply(false, false, 0, 2, 3, 1.0, [], 3, [1.0, 2, 3, 4, 5, 6], 2, 0.0, c, 2);
        Gemm.Multiply(false, false, 1, 0, 3, 1.0, [1.0, 2, 3], 3, [], 0, 0.0, c, 2);
        Assert.Equal([7.0, 8], c);
    }

    [Fact]
    public void Inconsistent_buffers_and_strides_are_clear_ArgumentExceptions()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 2, 2, 2, 1.0, new double[3], 2, new double[4], 2, 0.0, new double[4], 2));
        Assert.Contains("A is 2×2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, true, 2, 3, 2, 1f, new float[4], 2, new float[6], 1, 0f, new float[6], 3));
        Assert.Contains("B has 2 columns but its row stride is 1", ex.Message);
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, -1, 2, 2, 1.0, new double[4], 2, new double[4], 2, 0.0, new double[4], 2));
    }

    [Fact]
    public void NABLA_GEMM_and_explicit_requests_resolve_as_documented()
    {
        Assert.Equal(GemmBackend.Managed, Gemm.Resolve(GemmBackend.Auto, "managed", blasPresent: true));
        Assert.Equal(GemmBackend.Blas, Gemm.Resolve(GemmBackend.Auto, " BLAS ", blasPresent: true));
        Assert.Equal(GemmBackend.Blas, Gemm.Resolve(GemmBackend.Auto, null, blasPresent: true));
        Assert.Equal(GemmBackend.Managed, Gemm.Resolve(GemmBackend.Auto, "", blasPresent: false));
        Assert.Equal(GemmBackend.Managed, Gemm.Resolve(GemmBackend.Managed, "blas", blasPresent: true));
        var missing = Assert.Throws<InvalidOperationException>(() => Gemm.Resolve(GemmBackend.Auto, "blas", blasPresent: false));
        Assert.Contains("libopenblas.so.0", missing.Message);
        Assert.Contains("libblas.so.3", missing.Message);
        var bogus = Assert.Throws<InvalidOperationException>(() => Gemm.Resolve(GemmBackend.Auto, "cuda", blasPresent: true));
        Assert.Contains("NABLA_GEMM", bogus.Message);
    }

    [Fact]
    public void Blas_backend_when_present_agrees_with_managed_else_requesting_it_throws_naming_the_libraries()
    {
        var random = new Random(41);
        var problem = Make(random, 70, 50, 90, true, false, 1.0, 1.0);
        if (Gemm.BlasLibrary is null)
        {
            var ex = Assert.Throws<InvalidOperationException>(() =>
                Gemm.Multiply(false, false, 1, 1, 1, 1.0, [1.0], 1, [1.0], 1, 0.0, new double[1], 1, GemmBackend.Blas));
            Assert.Contains("libopenblas.so.0", ex.Message);
            Assert.Null(Gemm.DescribeBlas());
            return;
        }
        Assert.Contains(Gemm.BlasLibrary, Gemm.DescribeBlas());
        var blas = (double[])problem.C.Clone();
        var managed = (double[])problem.C.Clone();
        Facade(problem, blas, GemmBackend.Blas);
        Facade(problem, managed, GemmBackend.Managed);
        for (int i = 0; i < blas.Length; i++)
            Assert.Equal(managed[i], blas[i], 1e-12);
    }

    [Fact]
    public void Describe_names_the_active_path()
    {
        string description = Gemm.Describe();
        if (Gemm.ActiveBackend == GemmBackend.Blas) Assert.Equal(Gemm.DescribeBlas(), description);
        else Assert.StartsWith("managed ", description);
        Assert.Matches(@"^managed .+ kernel.*, \d+ threads?$", Gemm.DescribeManaged());
    }
}
