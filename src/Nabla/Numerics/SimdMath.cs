using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Nabla.Numerics;

/// <summary>
/// Elementwise kernels where the general-purpose library routine is the bottleneck of a hot loop. The logistic
/// sigmoid is the one that matters: a small network spends most of a training step in it, and
/// <see cref="TP.Sigmoid{T}(ReadOnlySpan{T}, Span{T})"/> (an exp correct to ½ ulp, then a division) costs about 3 ns
/// per double here. This version computes exp after Cody-Waite range reduction — with AVX-512 by a 16-entry table of
/// 2^(j/16) and a degree-7 polynomial, otherwise by a degree-13 polynomial — and replaces the division by the AVX-512
/// reciprocal estimate refined by two Newton steps: at most 4 ulp from
/// 1/(1 + Math.Exp(−z)), which itself rounds twice (checked by a property test), about twice as fast.
/// <para>The AVX-512 form is also exposed one register at a time (<see cref="Sigmoid(Vector512{double}, in SigmoidTable)"/>
/// and two to four registers interleaved), so kernels that compute z in registers — the compiled gradient's dense
/// layers, the course network's fused sweep — apply σ before storing, with the same bits as the span form.</para>
/// </summary>
internal static class SimdMath
{
    // ln 2 split so that k·Ln2Hi is exact for |k| < 2¹¹ (Cody-Waite), and the exponent clamp that keeps 2ᵏ a normal
    // double: for z < −709 the sigmoid is below 1.3e-308 and is returned as that bound's value (absolute error
    // < 1.3e-308); for z > 708 it is 1 to the last bit.
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Log2E = 1.4426950408889634;
    private const double MinExponent = -708.0;
    private const double MaxExponent = 709.0;

    /// <summary>True when the vector kernel runs (AVX2 + FMA); otherwise <see cref="Sigmoid(ReadOnlySpan{double}, Span{double})"/> defers to TensorPrimitives.</summary>
    public static bool IsAccelerated => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>y = 1 / (1 + e⁻ˣ) elementwise (x and y may be the same span); NaN stays NaN.</summary>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"the output holds {y.Length} elements but the input has {x.Length}.", nameof(y));
        int n = x.Length, i = 0;
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        if (Avx512F.IsSupported)
        {
            var table = SigmoidTable.Load();
            for (; i <= n - 4 * Vector512<double>.Count; i += 4 * Vector512<double>.Count)
            {
                var z0 = Vector512.LoadUnsafe(ref rx, (nuint)i);
                var z1 = Vector512.LoadUnsafe(ref rx, (nuint)(i + 8));
                var z2 = Vector512.LoadUnsafe(ref rx, (nuint)(i + 16));
                var z3 = Vector512.LoadUnsafe(ref rx, (nuint)(i + 24));
                Sigmoid4(ref z0, ref z1, ref z2, ref z3, table);
                z0.StoreUnsafe(ref ry, (nuint)i);
                z1.StoreUnsafe(ref ry, (nuint)(i + 8));
                z2.StoreUnsafe(ref ry, (nuint)(i + 16));
                z3.StoreUnsafe(ref ry, (nuint)(i + 24));
            }
            for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
                Sigmoid(Vector512.LoadUnsafe(ref rx, (nuint)i), table).StoreUnsafe(ref ry, (nuint)i);
        }
        if (IsAccelerated)
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
                Sigmoid<Lanes256, Vector256<double>>(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        if (i < n) TP.Sigmoid(x[i..], y[i..n]);
    }

    /// <summary>The sigmoid of one vector: exp(−z) = 2ᵏ·p(r) with r = −z − k ln 2, |r| ≤ ½ ln 2, p the Taylor
    /// polynomial of degree 13 (truncation below 10⁻¹⁷ relative), then 1/(1 + e).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Sigmoid<TL, TV>(TV z) where TL : struct, ILanes<TV> where TV : struct
    {
        var x = TL.Min(TL.Max(TL.Negate(z), TL.Splat(MinExponent)), TL.Splat(MaxExponent));
        var k = TL.Round(TL.Multiply(x, TL.Splat(Log2E)));
        var r = TL.Fma(k, TL.Splat(-Ln2Hi), x);
        r = TL.Fma(k, TL.Splat(-Ln2Lo), r);
        var p = TL.Splat(1.0 / 6227020800);
        p = TL.Fma(p, r, TL.Splat(1.0 / 479001600));
        p = TL.Fma(p, r, TL.Splat(1.0 / 39916800));
        p = TL.Fma(p, r, TL.Splat(1.0 / 3628800));
        p = TL.Fma(p, r, TL.Splat(1.0 / 362880));
        p = TL.Fma(p, r, TL.Splat(1.0 / 40320));
        p = TL.Fma(p, r, TL.Splat(1.0 / 5040));
        p = TL.Fma(p, r, TL.Splat(1.0 / 720));
        p = TL.Fma(p, r, TL.Splat(1.0 / 120));
        p = TL.Fma(p, r, TL.Splat(1.0 / 24));
        p = TL.Fma(p, r, TL.Splat(1.0 / 6));
        p = TL.Fma(p, r, TL.Splat(0.5));
        p = TL.Fma(p, r, TL.Splat(1.0));
        p = TL.Fma(p, r, TL.Splat(1.0));
        var denominator = TL.Add(TL.Splat(1.0), TL.Multiply(p, TL.PowerOfTwo(k)));
        return TL.KeepNaN(z, TL.Reciprocal(denominator));
    }

    private const double Sixteenths = 16 / 0.6931471805599453;
    private const double Round = 6755399441055744.0; // 1.5·2⁵²: for |u| < 2⁵¹, u + Round − Round is u rounded to an integer

    /// <summary>The 16 entries 2^(j/16) as double-double hi + lo, in the four registers the permutes read: load it once
    /// before a loop and pass it to every call.</summary>
    internal readonly struct SigmoidTable(Vector512<double> hi0, Vector512<double> hi1, Vector512<double> lo0, Vector512<double> lo1)
    {
        private static readonly Vector512<double>[] Entries = Build();

        public readonly Vector512<double> Hi0 = hi0, Hi1 = hi1, Lo0 = lo0, Lo1 = lo1;

        public static SigmoidTable Load() => new(Entries[0], Entries[1], Entries[2], Entries[3]);

        private static Vector512<double>[] Build()
        {
            // 2^(1/16) by four double-double square roots of 2, then its powers by double-double products: every entry
            // is good to ~1e-31, so hi is 2^(j/16) correctly rounded and lo the rest.
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
    /// σ(z) of eight numbers, the AVX-512 kernel every sigmoid here runs: exp(−z) = 2^m · 2^(j/16) · p(r) with
    /// −z = (16m + j)·ln2/16 + r, |r| ≤ ln2/32, the table entry picked by a two-register permute and p the Taylor
    /// polynomial of degree 7 (truncation ~1e-18), then 1/(1 + e) by the reciprocal estimate and two Newton steps.
    /// NaN stays NaN. The instructions are chosen to be few, since a small network runs it on every activation:
    /// k = round(−16z/ln 2) by adding and subtracting 1.5·2⁵² (round-to-nearest-even, like vrndscalepd, and k's low bits
    /// are then the table index, read by the permutes without a conversion); 2^⌊k/16⌋ applied by vscalefpd (exact,
    /// like a product with 2^⌊k/16⌋ built in the exponent bits, without the conversion to integers); the reciprocal's Newton steps by negated multiply-adds; and NaN
    /// carried through by the operand order of vmaxpd/vminpd (they return the second operand when one is NaN) instead
    /// of a compare and a blend.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Sigmoid(Vector512<double> z, in SigmoidTable table)
    {
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

    /// <summary><see cref="Sigmoid(Vector512{double}, in SigmoidTable)"/> of 2 vectors at once, line by line interleaved: one σ is a chain of ~25 dependent
    /// operations (~100 cycles), so independent chains side by side keep both vector ports busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sigmoid2(ref Vector512<double> v0, ref Vector512<double> v1, in SigmoidTable table)
    {
        var lowest = Vector512.Create(-708.0);
        var highest = Vector512.Create(709.0);
        var round = Vector512.Create(Round);
        var x0 = Avx512F.Min(highest, Avx512F.Max(lowest, -v0));
        var x1 = Avx512F.Min(highest, Avx512F.Max(lowest, -v1));
        var t0 = x0 * Sixteenths + round;
        var t1 = x1 * Sixteenths + round;
        var k0 = t0 - round;
        var k1 = t1 - round;
        x0 = Vector512.FusedMultiplyAdd(k0, Vector512.Create(-Ln2Hi / 16), x0);
        x1 = Vector512.FusedMultiplyAdd(k1, Vector512.Create(-Ln2Hi / 16), x1);
        x0 = Vector512.FusedMultiplyAdd(k0, Vector512.Create(-Ln2Lo / 16), x0);
        x1 = Vector512.FusedMultiplyAdd(k1, Vector512.Create(-Ln2Lo / 16), x1);
        var q0 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x0, Vector512.Create(1.0 / 720));
        var q1 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x1, Vector512.Create(1.0 / 720));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 120));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 120));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 24));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 24));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 6));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 6));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(0.5));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(0.5));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512<double>.One);
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512<double>.One);
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512<double>.One);
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512<double>.One);
        var j0 = t0.AsInt64();
        var j1 = t1.AsInt64();
        x0 = Avx512F.PermuteVar8x64x2(table.Lo0, j0, table.Lo1) * q0;
        x1 = Avx512F.PermuteVar8x64x2(table.Lo0, j1, table.Lo1) * q1;
        x0 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j0, table.Hi1), q0, x0);
        x1 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j1, table.Hi1), q1, x1);
        var d0 = Vector512<double>.One + Avx512F.Scale(x0, k0 * 0.0625);
        var d1 = Vector512<double>.One + Avx512F.Scale(x1, k1 * 0.0625);
        var y0 = Avx512F.Reciprocal14(d0);
        var y1 = Avx512F.Reciprocal14(d1);
        y0 = Vector512.FusedMultiplyAdd(y0, Avx512F.FusedMultiplyAddNegated(d0, y0, Vector512<double>.One), y0);
        y1 = Vector512.FusedMultiplyAdd(y1, Avx512F.FusedMultiplyAddNegated(d1, y1, Vector512<double>.One), y1);
        v0 = Vector512.FusedMultiplyAdd(y0, Avx512F.FusedMultiplyAddNegated(d0, y0, Vector512<double>.One), y0);
        v1 = Vector512.FusedMultiplyAdd(y1, Avx512F.FusedMultiplyAddNegated(d1, y1, Vector512<double>.One), y1);
    }

    /// <summary><see cref="Sigmoid(Vector512{double}, in SigmoidTable)"/> of 3 vectors at once, line by line interleaved: one σ is a chain of ~25 dependent
    /// operations (~100 cycles), so independent chains side by side keep both vector ports busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sigmoid3(ref Vector512<double> v0, ref Vector512<double> v1, ref Vector512<double> v2, in SigmoidTable table)
    {
        var lowest = Vector512.Create(-708.0);
        var highest = Vector512.Create(709.0);
        var round = Vector512.Create(Round);
        var x0 = Avx512F.Min(highest, Avx512F.Max(lowest, -v0));
        var x1 = Avx512F.Min(highest, Avx512F.Max(lowest, -v1));
        var x2 = Avx512F.Min(highest, Avx512F.Max(lowest, -v2));
        var t0 = x0 * Sixteenths + round;
        var t1 = x1 * Sixteenths + round;
        var t2 = x2 * Sixteenths + round;
        var k0 = t0 - round;
        var k1 = t1 - round;
        var k2 = t2 - round;
        x0 = Vector512.FusedMultiplyAdd(k0, Vector512.Create(-Ln2Hi / 16), x0);
        x1 = Vector512.FusedMultiplyAdd(k1, Vector512.Create(-Ln2Hi / 16), x1);
        x2 = Vector512.FusedMultiplyAdd(k2, Vector512.Create(-Ln2Hi / 16), x2);
        x0 = Vector512.FusedMultiplyAdd(k0, Vector512.Create(-Ln2Lo / 16), x0);
        x1 = Vector512.FusedMultiplyAdd(k1, Vector512.Create(-Ln2Lo / 16), x1);
        x2 = Vector512.FusedMultiplyAdd(k2, Vector512.Create(-Ln2Lo / 16), x2);
        var q0 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x0, Vector512.Create(1.0 / 720));
        var q1 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x1, Vector512.Create(1.0 / 720));
        var q2 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x2, Vector512.Create(1.0 / 720));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 120));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 120));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(1.0 / 120));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 24));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 24));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(1.0 / 24));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 6));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 6));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(1.0 / 6));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(0.5));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(0.5));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(0.5));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512<double>.One);
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512<double>.One);
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512<double>.One);
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512<double>.One);
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512<double>.One);
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512<double>.One);
        var j0 = t0.AsInt64();
        var j1 = t1.AsInt64();
        var j2 = t2.AsInt64();
        x0 = Avx512F.PermuteVar8x64x2(table.Lo0, j0, table.Lo1) * q0;
        x1 = Avx512F.PermuteVar8x64x2(table.Lo0, j1, table.Lo1) * q1;
        x2 = Avx512F.PermuteVar8x64x2(table.Lo0, j2, table.Lo1) * q2;
        x0 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j0, table.Hi1), q0, x0);
        x1 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j1, table.Hi1), q1, x1);
        x2 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j2, table.Hi1), q2, x2);
        var d0 = Vector512<double>.One + Avx512F.Scale(x0, k0 * 0.0625);
        var d1 = Vector512<double>.One + Avx512F.Scale(x1, k1 * 0.0625);
        var d2 = Vector512<double>.One + Avx512F.Scale(x2, k2 * 0.0625);
        var y0 = Avx512F.Reciprocal14(d0);
        var y1 = Avx512F.Reciprocal14(d1);
        var y2 = Avx512F.Reciprocal14(d2);
        y0 = Vector512.FusedMultiplyAdd(y0, Avx512F.FusedMultiplyAddNegated(d0, y0, Vector512<double>.One), y0);
        y1 = Vector512.FusedMultiplyAdd(y1, Avx512F.FusedMultiplyAddNegated(d1, y1, Vector512<double>.One), y1);
        y2 = Vector512.FusedMultiplyAdd(y2, Avx512F.FusedMultiplyAddNegated(d2, y2, Vector512<double>.One), y2);
        v0 = Vector512.FusedMultiplyAdd(y0, Avx512F.FusedMultiplyAddNegated(d0, y0, Vector512<double>.One), y0);
        v1 = Vector512.FusedMultiplyAdd(y1, Avx512F.FusedMultiplyAddNegated(d1, y1, Vector512<double>.One), y1);
        v2 = Vector512.FusedMultiplyAdd(y2, Avx512F.FusedMultiplyAddNegated(d2, y2, Vector512<double>.One), y2);
    }

    /// <summary><see cref="Sigmoid(Vector512{double}, in SigmoidTable)"/> of 4 vectors at once, line by line interleaved: one σ is a chain of ~25 dependent
    /// operations (~100 cycles), so independent chains side by side keep both vector ports busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sigmoid4(ref Vector512<double> v0, ref Vector512<double> v1, ref Vector512<double> v2, ref Vector512<double> v3, in SigmoidTable table)
    {
        var lowest = Vector512.Create(-708.0);
        var highest = Vector512.Create(709.0);
        var round = Vector512.Create(Round);
        var x0 = Avx512F.Min(highest, Avx512F.Max(lowest, -v0));
        var x1 = Avx512F.Min(highest, Avx512F.Max(lowest, -v1));
        var x2 = Avx512F.Min(highest, Avx512F.Max(lowest, -v2));
        var x3 = Avx512F.Min(highest, Avx512F.Max(lowest, -v3));
        var t0 = x0 * Sixteenths + round;
        var t1 = x1 * Sixteenths + round;
        var t2 = x2 * Sixteenths + round;
        var t3 = x3 * Sixteenths + round;
        var k0 = t0 - round;
        var k1 = t1 - round;
        var k2 = t2 - round;
        var k3 = t3 - round;
        x0 = Vector512.FusedMultiplyAdd(k0, Vector512.Create(-Ln2Hi / 16), x0);
        x1 = Vector512.FusedMultiplyAdd(k1, Vector512.Create(-Ln2Hi / 16), x1);
        x2 = Vector512.FusedMultiplyAdd(k2, Vector512.Create(-Ln2Hi / 16), x2);
        x3 = Vector512.FusedMultiplyAdd(k3, Vector512.Create(-Ln2Hi / 16), x3);
        x0 = Vector512.FusedMultiplyAdd(k0, Vector512.Create(-Ln2Lo / 16), x0);
        x1 = Vector512.FusedMultiplyAdd(k1, Vector512.Create(-Ln2Lo / 16), x1);
        x2 = Vector512.FusedMultiplyAdd(k2, Vector512.Create(-Ln2Lo / 16), x2);
        x3 = Vector512.FusedMultiplyAdd(k3, Vector512.Create(-Ln2Lo / 16), x3);
        var q0 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x0, Vector512.Create(1.0 / 720));
        var q1 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x1, Vector512.Create(1.0 / 720));
        var q2 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x2, Vector512.Create(1.0 / 720));
        var q3 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), x3, Vector512.Create(1.0 / 720));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 120));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 120));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(1.0 / 120));
        q3 = Vector512.FusedMultiplyAdd(q3, x3, Vector512.Create(1.0 / 120));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 24));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 24));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(1.0 / 24));
        q3 = Vector512.FusedMultiplyAdd(q3, x3, Vector512.Create(1.0 / 24));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(1.0 / 6));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(1.0 / 6));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(1.0 / 6));
        q3 = Vector512.FusedMultiplyAdd(q3, x3, Vector512.Create(1.0 / 6));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512.Create(0.5));
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512.Create(0.5));
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512.Create(0.5));
        q3 = Vector512.FusedMultiplyAdd(q3, x3, Vector512.Create(0.5));
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512<double>.One);
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512<double>.One);
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512<double>.One);
        q3 = Vector512.FusedMultiplyAdd(q3, x3, Vector512<double>.One);
        q0 = Vector512.FusedMultiplyAdd(q0, x0, Vector512<double>.One);
        q1 = Vector512.FusedMultiplyAdd(q1, x1, Vector512<double>.One);
        q2 = Vector512.FusedMultiplyAdd(q2, x2, Vector512<double>.One);
        q3 = Vector512.FusedMultiplyAdd(q3, x3, Vector512<double>.One);
        var j0 = t0.AsInt64();
        var j1 = t1.AsInt64();
        var j2 = t2.AsInt64();
        var j3 = t3.AsInt64();
        x0 = Avx512F.PermuteVar8x64x2(table.Lo0, j0, table.Lo1) * q0;
        x1 = Avx512F.PermuteVar8x64x2(table.Lo0, j1, table.Lo1) * q1;
        x2 = Avx512F.PermuteVar8x64x2(table.Lo0, j2, table.Lo1) * q2;
        x3 = Avx512F.PermuteVar8x64x2(table.Lo0, j3, table.Lo1) * q3;
        x0 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j0, table.Hi1), q0, x0);
        x1 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j1, table.Hi1), q1, x1);
        x2 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j2, table.Hi1), q2, x2);
        x3 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(table.Hi0, j3, table.Hi1), q3, x3);
        var d0 = Vector512<double>.One + Avx512F.Scale(x0, k0 * 0.0625);
        var d1 = Vector512<double>.One + Avx512F.Scale(x1, k1 * 0.0625);
        var d2 = Vector512<double>.One + Avx512F.Scale(x2, k2 * 0.0625);
        var d3 = Vector512<double>.One + Avx512F.Scale(x3, k3 * 0.0625);
        var y0 = Avx512F.Reciprocal14(d0);
        var y1 = Avx512F.Reciprocal14(d1);
        var y2 = Avx512F.Reciprocal14(d2);
        var y3 = Avx512F.Reciprocal14(d3);
        y0 = Vector512.FusedMultiplyAdd(y0, Avx512F.FusedMultiplyAddNegated(d0, y0, Vector512<double>.One), y0);
        y1 = Vector512.FusedMultiplyAdd(y1, Avx512F.FusedMultiplyAddNegated(d1, y1, Vector512<double>.One), y1);
        y2 = Vector512.FusedMultiplyAdd(y2, Avx512F.FusedMultiplyAddNegated(d2, y2, Vector512<double>.One), y2);
        y3 = Vector512.FusedMultiplyAdd(y3, Avx512F.FusedMultiplyAddNegated(d3, y3, Vector512<double>.One), y3);
        v0 = Vector512.FusedMultiplyAdd(y0, Avx512F.FusedMultiplyAddNegated(d0, y0, Vector512<double>.One), y0);
        v1 = Vector512.FusedMultiplyAdd(y1, Avx512F.FusedMultiplyAddNegated(d1, y1, Vector512<double>.One), y1);
        v2 = Vector512.FusedMultiplyAdd(y2, Avx512F.FusedMultiplyAddNegated(d2, y2, Vector512<double>.One), y2);
        v3 = Vector512.FusedMultiplyAdd(y3, Avx512F.FusedMultiplyAddNegated(d3, y3, Vector512<double>.One), y3);
    }

    /// <summary>The handful of lane operations the kernels need, over one vector width; a struct per width so the
    /// JIT compiles each kernel once per width with every call inlined.</summary>
    private interface ILanes<TV> where TV : struct
    {
        static abstract TV Splat(double value);
        static abstract TV Add(TV a, TV b);
        static abstract TV Multiply(TV a, TV b);
        static abstract TV Negate(TV a);
        static abstract TV Fma(TV a, TV b, TV c);
        static abstract TV Min(TV a, TV b);
        static abstract TV Max(TV a, TV b);
        static abstract TV Round(TV a);

        /// <summary>2ᵏ for integral k in the normal exponent range, built in the exponent bits.</summary>
        static abstract TV PowerOfTwo(TV k);

        /// <summary>1/d to within an ulp or so (d ≥ 1 and finite here).</summary>
        static abstract TV Reciprocal(TV d);

        /// <summary>value where input is a number, NaN where input is NaN.</summary>
        static abstract TV KeepNaN(TV input, TV value);
    }

    private readonly struct Lanes256 : ILanes<Vector256<double>>
    {
        public static Vector256<double> Splat(double value) => Vector256.Create(value);
        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
        public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
        public static Vector256<double> Negate(Vector256<double> a) => -a;
        public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
        public static Vector256<double> Min(Vector256<double> a, Vector256<double> b) => Vector256.Min(a, b);
        public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);
        public static Vector256<double> Round(Vector256<double> a) => Vector256.Round(a);
        public static Vector256<double> PowerOfTwo(Vector256<double> k) =>
            ((Vector256.ConvertToInt64(k) + Vector256.Create(1023L)).AsUInt64() << 52).AsDouble();

        public static Vector256<double> Reciprocal(Vector256<double> d)
        {
            if (!Avx512F.VL.IsSupported) return Vector256<double>.One / d;
            var q = Avx512F.VL.Reciprocal14(d);
            q = Vector256.FusedMultiplyAdd(q, Vector256.FusedMultiplyAdd(-d, q, Vector256<double>.One), q);
            return Vector256.FusedMultiplyAdd(q, Vector256.FusedMultiplyAdd(-d, q, Vector256<double>.One), q);
        }

        public static Vector256<double> KeepNaN(Vector256<double> input, Vector256<double> value) =>
            Vector256.ConditionalSelect(Vector256.Equals(input, input), value, input);
    }

    private readonly struct Lanes512 : ILanes<Vector512<double>>
    {
        public static Vector512<double> Splat(double value) => Vector512.Create(value);
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
        public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
        public static Vector512<double> Negate(Vector512<double> a) => -a;
        public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
        public static Vector512<double> Min(Vector512<double> a, Vector512<double> b) => Vector512.Min(a, b);
        public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);
        public static Vector512<double> Round(Vector512<double> a) => Vector512.Round(a);
        public static Vector512<double> PowerOfTwo(Vector512<double> k) =>
            ((Vector512.ConvertToInt64(k) + Vector512.Create(1023L)).AsUInt64() << 52).AsDouble();

        public static Vector512<double> Reciprocal(Vector512<double> d)
        {
            var q = Avx512F.Reciprocal14(d);
            q = Vector512.FusedMultiplyAdd(q, Vector512.FusedMultiplyAdd(-d, q, Vector512<double>.One), q);
            return Vector512.FusedMultiplyAdd(q, Vector512.FusedMultiplyAdd(-d, q, Vector512<double>.One), q);
        }

        public static Vector512<double> KeepNaN(Vector512<double> input, Vector512<double> value) =>
            Vector512.ConditionalSelect(Vector512.Equals(input, input), value, input);
    }
}
