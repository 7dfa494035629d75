using Microsoft.AspNetCore.Identity;

namespace Nabla.Web.Hosting;

/// <summary>An account in hosted mode: the user name is the email address.</summary>
public sealed class NablaUser : IdentityUser
{
    /// <summary>The longest display name accepted.</summary>
    public const int MaxDisplayNameLength = 100;

    /// <summary>The name shown to the user and to their instructors.</summary>
    public string DisplayName { get; set; } = "";
}
