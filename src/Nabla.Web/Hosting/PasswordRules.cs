using Microsoft.AspNetCore.Identity;

namespace Nabla.Web.Hosting;

/// <summary>
/// The password policy, in the spirit of NIST SP 800-63B: long enough (at least <see cref="MinLength"/> characters,
/// up to <see cref="MaxLength"/>, any characters including spaces), no composition rules (no "one digit, one
/// symbol"), but not a password everyone tries first, not one character repeated, and not the email address.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<NablaUser>
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinLength = 10;

    /// <summary>The longest password accepted (long passphrases welcome; the cap bounds hashing work).</summary>
    public const int MaxLength = 256;

    // Passwords of 10+ characters that lead breach lists; the check ignores case.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "0123456789", "12345678910", "123456789a", "1234567890a", "qwertyuiop", "qwertyuiop123",
        "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5", "asdfghjkl1", "zxcvbnm123", "password12", "password123",
        "password1234", "passw0rd12", "p@ssw0rd12", "p@ssword123", "iloveyou12", "iloveyou123", "qwerty1234",
        "qwerty12345", "qwerty123456", "abcdefghij", "abc1234567", "abcd123456", "letmein123", "welcome123",
        "welcome1234", "football123", "baseball123", "monkey12345", "dragon12345", "sunshine123", "princess123",
        "trustno1234", "superman123", "administrator", "admin12345", "admin123456", "changeme123", "nabla12345",
        "nablanabla", "calculus123", "mathematics", "passwordpassword",
    };

    /// <inheritdoc />
    public Task<IdentityResult> ValidateAsync(UserManager<NablaUser> manager, NablaUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var errors = new List<IdentityError>();
        password ??= "";
        if (password.Length < MinLength)
            errors.Add(new IdentityError { Code = "PasswordTooShort", Description = $"Use at least {MinLength} characters (a few words make a strong password that is easy to remember)." });
        else if (password.Length > MaxLength)
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Use at most {MaxLength} characters." });
        else if (Common.Contains(password) || password.Distinct().Count() <= 2)
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "That password is among the first ones attackers try; choose another." });
        else if (user.Email is { Length: > 0 } email
                 && (password.Contains(email, StringComparison.OrdinalIgnoreCase) || email.Split('@')[0] is { Length: >= 4 } local && password.Equals(local, StringComparison.OrdinalIgnoreCase)))
            errors.Add(new IdentityError { Code = "PasswordHasEmail", Description = "Do not use your email address as (part of) your password." });
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
