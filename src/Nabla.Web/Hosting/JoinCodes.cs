using System.Security.Cryptography;
using System.Text;

namespace Nabla.Web.Hosting;

/// <summary>
/// Class join codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 39 bits of chance,
/// so codes cannot be guessed by trying a few; learners may type them in any case, with spaces or dashes.
/// </summary>
public static class JoinCodes
{
    /// <summary>The characters codes are made of.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>How long a code is.</summary>
    public const int Length = 8;

    /// <summary>A fresh random code.</summary>
    public static string New()
    {
        var code = new StringBuilder(Length);
        for (int i = 0; i < Length; i++) code.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        return code.ToString();
    }

    /// <summary>The code as typed, upper-cased without spaces and dashes; null when it cannot be a code.</summary>
    public static string? Normalise(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64) return null;
        var code = new StringBuilder(Length);
        foreach (char c in typed)
        {
            if (c is ' ' or '-' or '\t') continue;
            char upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal)) return null;
            code.Append(upper);
        }
        return code.Length == Length ? code.ToString() : null;
    }
}
