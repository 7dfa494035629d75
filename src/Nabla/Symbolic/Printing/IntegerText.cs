using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;

namespace Nabla.Symbolic.Printing;

/// <summary>
/// The decimal text of an integer, with the text of big ones cached. <see cref="BigInteger.ToString()"/> is quadratic
/// in the number of digits, and printers write the same big number many times: a 9,213-digit constant appearing in
/// every entry of a Hessian spent 12 of 14.6 s formatting it again and again (found by fuzzing <c>nabla batch</c>).
/// The cache is process-wide like the intern table, thread-safe and bounded (it is emptied when full), so it holds at
/// most <see cref="Capacity"/> texts of at most 40,000 digits.
/// </summary>
internal static class IntegerText
{
    /// <summary>Integers of at least this many bits (about 600 digits) are cached; smaller ones format fast.</summary>
    private const long CachedFromBits = 2048;

    /// <summary>The most texts kept.</summary>
    private const int Capacity = 128;

    private static readonly ConcurrentDictionary<BigInteger, string> Cache = new();

    /// <summary>The decimal digits of <paramref name="value"/> (with a minus sign when negative).</summary>
    public static string Of(BigInteger value)
    {
        if (value.GetBitLength() < CachedFromBits) return value.ToString(CultureInfo.InvariantCulture);
        if (Cache.TryGetValue(value, out var text)) return text;
        text = value.ToString(CultureInfo.InvariantCulture);
        if (Cache.Count >= Capacity) Cache.Clear();
        Cache[value] = text;
        return text;
    }
}
