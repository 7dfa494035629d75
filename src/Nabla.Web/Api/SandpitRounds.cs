using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Nabla.Course.Sandpit;

namespace Nabla.Web.Api;

/// <summary>
/// Carries a Sandpit round between requests without server-side state: the round (terrain, seed, mode, dips so far,
/// won) travels to the browser as an encrypted, authenticated token (ASP.NET Core Data Protection) and comes back
/// with the next dip. The browser can neither read the seed nor alter the dips, and the phone is re-derived from
/// (terrain, seed) on every request, so any server node holding the shared key ring can continue any round. A token is
/// bound to the learner it was issued to (a purpose per learner), so one learner's round is worthless to another.
/// </summary>
public sealed class SandpitRounds(IDataProtectionProvider protection)
{
    /// <summary>The longest token accepted (characters); 25 dips need far less.</summary>
    public const int MaxTokenLength = 8_000;

    private readonly IDataProtector protector = protection.CreateProtector("Nabla.Sandpit.Round.v1");

    /// <summary>The token for <paramref name="round"/>, played by <paramref name="learner"/>.</summary>
    public string Protect(SandpitRound round, string learner) => protector.CreateProtector(learner).Protect(JsonSerializer.Serialize(round));

    /// <summary>
    /// The round inside <paramref name="token"/>, or null when the token is not one this server issued intact to
    /// <paramref name="learner"/>.
    /// </summary>
    public SandpitRound? Unprotect(string? token, string learner)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) return null;
        try
        {
            var round = JsonSerializer.Deserialize<SandpitRound>(protector.CreateProtector(learner).Unprotect(token));
            return round is { TerrainId: not null, Dips: not null } && round.Dips.Count <= SandpitRules.MaxDips ? round : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
