using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Account;

/// <summary>Creates a learner account and signs it in.</summary>
public sealed class RegisterModel(IOptions<NablaWebOptions> options, ILogger<RegisterModel> logger) : AccountPage(options)
{
    /// <summary>The email address (the user name).</summary>
    [BindProperty]
    public string Email { get; set; } = "";

    /// <summary>The name shown to the learner and their instructors.</summary>
    [BindProperty]
    public string DisplayName { get; set; } = "";

    /// <summary>The password.</summary>
    [BindProperty]
    public string Password { get; set; } = "";

    /// <summary>The password again.</summary>
    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>The shortest password, for the form's hint.</summary>
    public int MinLength => PasswordRules.MinLength;

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Creates the account.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!Hosted) return Page();
        string email = (Email ?? "").Trim();
        string name = (DisplayName ?? "").Trim();
        if (email.Length is 0 or > 256 || !new EmailAddressAttribute().IsValid(email)) Errors.Add("Give a valid email address.");
        if (name.Length == 0) Errors.Add("Give the name your instructor will see.");
        else if (name.Length > NablaUser.MaxDisplayNameLength) Errors.Add($"A name has at most {NablaUser.MaxDisplayNameLength} characters.");
        if (!string.Equals(Password, ConfirmPassword, StringComparison.Ordinal)) Errors.Add("The two passwords differ.");
        if (Errors.Count > 0) return Page();
        var user = new NablaUser { UserName = email, Email = email, DisplayName = name };
        var created = await Users.CreateAsync(user, Password ?? "");
        if (!created.Succeeded)
        {
            AddErrors(created);
            return Page();
        }
        var role = await Users.AddToRoleAsync(user, Roles.Learner);
        if (!role.Succeeded)
        {
            AddErrors(role);
            return Page();
        }
        logger.LogInformation("Registered user {UserId}", user.Id);
        await SignIns.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/");
    }
}
