using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Account;

/// <summary>
/// What the account pages share: in local mode they only explain that there are no accounts (Identity is not
/// registered then, so its services are looked up per request, in hosted mode only).
/// </summary>
public abstract class AccountPage(IOptions<NablaWebOptions> options) : PageModel
{
    /// <summary>Whether the course runs in hosted mode (else the page shows the local-mode notice).</summary>
    public bool Hosted { get; } = options.Value.IsHosted;

    /// <summary>Errors to show above the form.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The accounts.</summary>
    protected UserManager<NablaUser> Users => HttpContext.RequestServices.GetRequiredService<UserManager<NablaUser>>();

    /// <summary>Signing in and out.</summary>
    protected SignInManager<NablaUser> SignIns => HttpContext.RequestServices.GetRequiredService<SignInManager<NablaUser>>();

    /// <summary><paramref name="returnUrl"/> when it is a path on this site, else the course's home page.</summary>
    protected IActionResult BackTo(string? returnUrl) =>
        LocalRedirect(returnUrl is { Length: > 0 and < 2000 } && Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/account", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/");

    /// <summary>Adds Identity's error descriptions to <see cref="Errors"/>.</summary>
    protected void AddErrors(IdentityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var error in result.Errors)
            Errors.Add(error.Code switch
            {
                "DuplicateUserName" or "DuplicateEmail" => "An account with that email address exists already: sign in, or ask your instructor for a reset token.",
                _ => error.Description,
            });
    }
}
