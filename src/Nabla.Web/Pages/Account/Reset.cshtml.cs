using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Account;

/// <summary>
/// A new password with a reset token an instructor (for a learner of their class) or an admin generated; it also
/// lifts a lockout.
/// </summary>
public sealed class ResetModel(IOptions<NablaWebOptions> options, ILogger<ResetModel> logger) : AccountPage(options)
{
    /// <summary>The account's email address.</summary>
    [BindProperty(SupportsGet = true)]
    public string Email { get; set; } = "";

    /// <summary>The token the instructor gave.</summary>
    [BindProperty]
    public string Token { get; set; } = "";

    /// <summary>The new password.</summary>
    [BindProperty]
    public string Password { get; set; } = "";

    /// <summary>The new password again.</summary>
    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>Whether the password was changed.</summary>
    public bool Done { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the token and sets the password.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!Hosted) return Page();
        string email = (Email ?? "").Trim();
        string token = (Token ?? "").Trim();
        if (email.Length is 0 or > 256 || token.Length is 0 or > 4096)
        {
            Errors.Add("Give your email address and the reset token your instructor gave you.");
            return Page();
        }
        if (!string.Equals(Password, ConfirmPassword, StringComparison.Ordinal))
        {
            Errors.Add("The two passwords differ.");
            return Page();
        }
        var user = await Users.FindByEmailAsync(email);
        // The same answer for an unknown email as for a wrong token: the page does not tell who has an account.
        const string invalid = "That reset token is not valid for this email address (tokens last one day and work once): ask your instructor for a new one.";
        if (user is null)
        {
            Errors.Add(invalid);
            return Page();
        }
        var result = await Users.ResetPasswordAsync(user, token, Password ?? "");
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "InvalidToken")) Errors.Add(invalid);
            else AddErrors(result);
            return Page();
        }
        await Users.SetLockoutEndDateAsync(user, null);
        await Users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("Password reset with a token for user {UserId}", user.Id);
        Done = true;
        return Page();
    }
}
