using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Account;

/// <summary>Sign in with email and password; five wrong passwords lock the account for five minutes.</summary>
public sealed class LoginModel(IOptions<NablaWebOptions> options, ILogger<LoginModel> logger) : AccountPage(options)
{
    /// <summary>The email address.</summary>
    [BindProperty, Required, EmailAddress, StringLength(256)]
    public string Email { get; set; } = "";

    /// <summary>The password (never logged, never echoed).</summary>
    [BindProperty, Required, StringLength(1024), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    /// <summary>Where to go after signing in.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the password.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!Hosted) return Page();
        if (!ModelState.IsValid)
        {
            Errors.Add("Give your email address and your password.");
            return Page();
        }
        var result = await SignIns.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return BackTo(ReturnUrl);
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: account locked out");
            Errors.Add("Too many wrong passwords: this account is locked for 5 minutes. Wait, or ask your instructor for a reset token.");
        }
        else Errors.Add("The email address or the password is wrong.");
        return Page();
    }
}
