using System.Numerics;

namespace Nabla.Symbolic;

/// <summary>
/// Process-independent hashing. <see cref="HashCode"/> and <see cref="string.GetHashCode()"/> are randomised per
/// process; canonical ordering must not be, or printed output would change from run to run.
/// </summary>
internal static class StableHash
{
    public static int Combine(int a, int b)
    {
        unchecked
        {
            uint h = (uint)a * 0x9E3779B1u;
            h ^= (uint)b + 0x7F4A7C15u + (h << 6) + (h >> 2);
            h ^= h >> 15;
            h *= 0x2C1B3C6Du;
            h ^= h >> 12;
            return (int)h;
        }
    }

    public static int Of(string s)
    {
        unchecked
        {
            uint h = 2166136261u;
            foreach (char c in s) { h ^= c; h *= 16777619u; }
            return (int)h;
        }
    }

    public static int Of(BigInteger value)
    {
        if (value >= int.MinValue && value <= int.MaxValue) return Combine((int)value, 17);
        int h = 31;
        foreach (byte b in value.ToByteArray()) h = Combine(h, b);
        return h;
    }
}
