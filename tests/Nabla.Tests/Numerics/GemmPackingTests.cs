using System.Numerics;
using Nabla.Numerics;
using Xunit;

namespace Nabla.Tests.GemmTests;

/// <summary>
/// Packing op(A) into MR-row panels (the in-register 8×8 / 4×4 transposes for row-major A, vector copies for
/// transposed A) must store exactly α·A(i, p) — one rounding, the value the scalar definition gives — at
/// panel[ir·kc + p·MR + r], with rows past the matrix zero.
/// </summary>
public sealed class GemmPackingTests
{
    private static void CheckPackA<T>(bool ta, int mc, int kc, T alpha, int mr) where T : unmanaged, INumber<T>
    {
        var random = new Random(mc * 31 + kc);
        int rows = 3 + mc, columns = 5 + kc; // stored op(A) is larger than the block: (ic, pc) = (3, 5)
        int lda = (ta ? rows : columns) + 3;
        var a = Enumerable.Range(0, (ta ? columns : rows) * lda).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();
        int panels = (mc + mr - 1) / mr;
        var packed = new T[panels * mr * kc + 1];
        var sentinel = T.CreateChecked(12345);
        packed[^1] = sentinel;
        GemmKernel.PackA<T>(ta, a, lda, 3, 5, mc, kc, mr, alpha, packed);
        for (int panel = 0; panel < panels; panel++)
            for (int p = 0; p < kc; p++)
                for (int r = 0; r < mr; r++)
                {
                    int i = panel * mr + r;
                    T expected = i >= mc ? T.Zero
                        : alpha == T.One ? (ta ? a[(5 + p) * lda + 3 + i] : a[(3 + i) * lda + 5 + p])
                        : alpha * (ta ? a[(5 + p) * lda + 3 + i] : a[(3 + i) * lda + 5 + p]);
                    Assert.Equal(expected, packed[panel * mr * kc + p * mr + r]);
                }
        Assert.Equal(sentinel, packed[^1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Packed_A_panels_hold_alpha_times_A_exactly(bool ta)
    {
        // kc = 13 and 29 leave tails after whole 4- and 8-column transposes; mc = 19 ends in a partial panel.
        foreach (int kc in new[] { 1, 8, 13, 29 })
            foreach (int mc in new[] { 8, 19 })
            {
                CheckPackA(ta, mc, kc, 1.0, 8);
                CheckPackA(ta, mc, kc, 0.3, 8);
                CheckPackA(ta, mc, kc, 1f, 8);
                CheckPackA(ta, mc, kc, -1.7f, 8);
                CheckPackA(ta, mc, kc, 0.3, 6); // the AVX2 tile's panels take the scalar path
                CheckPackA(ta, mc, kc, 2.5f, 6);
            }
    }
}
