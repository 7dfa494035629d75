using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Numerics;

/// <summary>
/// The few vector operations the GEMM micro-kernel needs, as static abstract members so that the kernel is written
/// once and the JIT specialises (and inlines) it for each vector width and element type.
/// </summary>
internal unsafe interface IGemmSimd<T, TV> where T : unmanaged where TV : struct
{
    static abstract int Width { get; }

    /// <summary>Rows of C per micro-tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Vectors of C per micro-tile row (NR = Columns·Width). Rows·Columns accumulators plus the B vectors
    /// and one broadcast must fit the register file: 8·3 + 3 + 1 of AVX-512's 32, 6·2 + 2 + 1 of AVX2's 16.</summary>
    static abstract int Columns { get; }
    static abstract TV Zero { get; }
    static abstract TV Load(T* source);
    static abstract void Store(T* destination, TV value);
    static abstract TV Broadcast(T value);
    /// <summary>a·b + c, fused when the hardware has FMA.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Add(TV a, TV b);
}

internal readonly unsafe struct GemmSimd512<T> : IGemmSimd<T, Vector512<T>> where T : unmanaged
{
    public static int Width => Vector512<T>.Count;
    public static int Rows => 8;
    public static int Columns => 3;
    public static Vector512<T> Zero => Vector512<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Load(T* source) => Vector512.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* destination, Vector512<T> value) => value.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double) && Avx512F.IsSupported)
            return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return a * b + c;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
}

internal readonly unsafe struct GemmSimd256<T> : IGemmSimd<T, Vector256<T>> where T : unmanaged
{
    public static int Width => Vector256<T>.Count;
    public static int Rows => 6;
    public static int Columns => 2;
    public static Vector256<T> Zero => Vector256<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(T* source) => Vector256.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* destination, Vector256<T> value) => value.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(double) && Fma.IsSupported)
            return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float) && Fma.IsSupported)
            return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return a * b + c;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
}

/// <summary>Portable fallback (any width the runtime picks, including scalar-sized vectors).</summary>
internal readonly unsafe struct GemmSimdPortable<T> : IGemmSimd<T, Vector<T>> where T : unmanaged
{
    public static int Width => Vector<T>.Count;
    public static int Rows => 6;
    public static int Columns => 2;
    public static Vector<T> Zero => Vector<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Load(T* source) => Unsafe.ReadUnaligned<Vector<T>>(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* destination, Vector<T> value) => Unsafe.WriteUnaligned(destination, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Broadcast(T value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> MultiplyAdd(Vector<T> a, Vector<T> b, Vector<T> c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Multiply(Vector<T> a, Vector<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Add(Vector<T> a, Vector<T> b) => a + b;
}
