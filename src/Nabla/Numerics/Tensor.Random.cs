namespace Nabla.Numerics;

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64: a small, fast generator whose output for a
/// seed is fixed by this code, not by the .NET version, so seeded tensors are reproducible everywhere.
/// </summary>
internal struct TensorRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public TensorRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Two independent standard normals by the Box–Muller transform.</summary>
    public (double, double) NextNormalPair()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        return (r * Math.Cos(2 * Math.PI * u2), r * Math.Sin(2 * Math.PI * u2));
    }
}

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Independent uniform samples in [low, high). Deterministic for a seed: the generator is xoshiro256** seeded
    /// by SplitMix64, drawing 53-bit doubles in row-major order (then rounded to <typeparamref name="T"/>).
    /// </summary>
    /// <exception cref="ArgumentException">low ≥ high or either is not finite.</exception>
    public static Tensor<T> RandomUniform(TensorShape shape, T low, T high, long seed)
    {
        if (!(low < high) || !T.IsFinite(low) || !T.IsFinite(high))
            throw new ArgumentException($"RandomUniform needs finite low < high (got {low}, {high}).");
        var t = new Tensor<T>(shape);
        var rng = new TensorRandom(seed);
        double lo = double.CreateChecked(low), width = double.CreateChecked(high) - lo;
        for (int i = 0; i < t._data.Length; i++)
        {
            var v = T.CreateChecked(lo + width * rng.NextDouble());
            t._data[i] = v < high ? v : low; // rounding to float can reach high; fold it back so the interval stays half-open
        }
        return t;
    }

    /// <summary>
    /// Independent normal samples with the given mean and standard deviation. Deterministic for a seed:
    /// xoshiro256** seeded by SplitMix64, Box–Muller pairs in row-major order.
    /// </summary>
    /// <exception cref="ArgumentException">std is negative or either parameter is not finite.</exception>
    public static Tensor<T> RandomNormal(TensorShape shape, T mean, T std, long seed)
    {
        if (!(std >= T.Zero) || !T.IsFinite(std) || !T.IsFinite(mean))
            throw new ArgumentException($"RandomNormal needs a finite mean and a finite std ≥ 0 (got {mean}, {std}).");
        var t = new Tensor<T>(shape);
        var rng = new TensorRandom(seed);
        double mu = double.CreateChecked(mean), sigma = double.CreateChecked(std);
        for (int i = 0; i < t._data.Length; i += 2)
        {
            var (z0, z1) = rng.NextNormalPair();
            t._data[i] = T.CreateChecked(mu + sigma * z0);
            if (i + 1 < t._data.Length) t._data[i + 1] = T.CreateChecked(mu + sigma * z1);
        }
        return t;
    }

    /// <summary>
    /// Glorot (Xavier) uniform initialisation of a (fanIn, fanOut) weight matrix for <c>x·W</c>: uniform in
    /// ±√(6 / (fanIn + fanOut)), which keeps activation variance roughly constant through tanh/sigmoid layers.
    /// </summary>
    /// <exception cref="ArgumentException">A fan is not positive.</exception>
    public static Tensor<T> GlorotUniform(int fanIn, int fanOut, long seed)
    {
        CheckFans(fanIn, fanOut);
        var limit = T.CreateChecked(Math.Sqrt(6.0 / ((double)fanIn + fanOut)));
        return RandomUniform(new TensorShape(fanIn, fanOut), -limit, limit, seed);
    }

    /// <summary>Glorot (Xavier) normal initialisation: normal with std √(2 / (fanIn + fanOut)), shape (fanIn, fanOut).</summary>
    /// <exception cref="ArgumentException">A fan is not positive.</exception>
    public static Tensor<T> GlorotNormal(int fanIn, int fanOut, long seed)
    {
        CheckFans(fanIn, fanOut);
        return RandomNormal(new TensorShape(fanIn, fanOut), T.Zero, T.CreateChecked(Math.Sqrt(2.0 / ((double)fanIn + fanOut))), seed);
    }

    /// <summary>He (Kaiming) uniform initialisation for ReLU layers: uniform in ±√(6 / fanIn), shape (fanIn, fanOut).</summary>
    /// <exception cref="ArgumentException">A fan is not positive.</exception>
    public static Tensor<T> HeUniform(int fanIn, int fanOut, long seed)
    {
        CheckFans(fanIn, fanOut);
        var limit = T.CreateChecked(Math.Sqrt(6.0 / fanIn));
        return RandomUniform(new TensorShape(fanIn, fanOut), -limit, limit, seed);
    }

    /// <summary>He (Kaiming) normal initialisation for ReLU layers: normal with std √(2 / fanIn), shape (fanIn, fanOut).</summary>
    /// <exception cref="ArgumentException">A fan is not positive.</exception>
    public static Tensor<T> HeNormal(int fanIn, int fanOut, long seed)
    {
        CheckFans(fanIn, fanOut);
        return RandomNormal(new TensorShape(fanIn, fanOut), T.Zero, T.CreateChecked(Math.Sqrt(2.0 / fanIn)), seed);
    }

    private static void CheckFans(int fanIn, int fanOut)
    {
        if (fanIn <= 0 || fanOut <= 0)
            throw new ArgumentException($"fanIn and fanOut must be positive (got {fanIn}, {fanOut}).");
    }
}
