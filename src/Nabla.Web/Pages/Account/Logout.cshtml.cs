using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Account;

/// <summary>Signs out (POST only, with the antiforgery token the layout's form carries).</summary>
public sealed class LogoutModel(IOptions<NablaWebOptions> options) : AccountPage(options)
{
    /// <summary>A GET only offers the button (signing out by a link would let other sites sign users out).</summary>
    public void OnGet()
    {
    }

    /// <summary>Signs out and goes to the sign-in page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!Hosted) return LocalRedirect("/");
        await SignIns.SignOutAsync();
        return LocalRedirect("/account/login");
    }
}
