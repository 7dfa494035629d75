using Microsoft.Extensions.Options;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Account;

/// <summary>Shown when a signed-in user opens a page their role does not allow.</summary>
public sealed class DeniedModel(IOptions<NablaWebOptions> options) : AccountPage(options)
{
    /// <summary>Answers 403 with the explanation.</summary>
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
