using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nabla.Web.Hosting;

namespace Nabla.Web.Pages.Admin;

/// <summary>Admins: every account, its roles; make a user an instructor (or not), or issue any user a reset token.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel : PageModel
{
    /// <summary>The most accounts listed (the newest are not special; the list is by email).</summary>
    public const int MaxListed = 500;

    /// <summary>An account as listed.</summary>
    public sealed record Row(string Id, string Email, string DisplayName, bool Instructor, bool Admin, bool LockedOut);

    /// <summary>The accounts, by email.</summary>
    public IReadOnlyList<Row> Users { get; private set; } = [];

    /// <summary>A success message.</summary>
    public string? Message { get; private set; }

    /// <summary>A reset token just generated, and for whom.</summary>
    public (string Email, string Token)? ResetToken { get; private set; }

    private UserManager<NablaUser> Manager => HttpContext.RequestServices.GetRequiredService<UserManager<NablaUser>>();

    /// <summary>Lists the accounts.</summary>
    public async Task OnGetAsync() => await Load();

    /// <summary>Gives (<paramref name="instructor"/> true) or takes the instructor role.</summary>
    public async Task<IActionResult> OnPostRoleAsync(string? userId, bool instructor)
    {
        if (userId is not { Length: > 0 and <= 64 } || await Manager.FindByIdAsync(userId) is not { } user) return NotFound();
        bool has = await Manager.IsInRoleAsync(user, Roles.Instructor);
        if (instructor && !has) await Manager.AddToRoleAsync(user, Roles.Instructor);
        if (!instructor && has) await Manager.RemoveFromRoleAsync(user, Roles.Instructor);
        // The user's cookie carries their roles: a new security stamp makes them pick up the change at once.
        await Manager.UpdateSecurityStampAsync(user);
        Message = instructor ? $"{user.Email} is an instructor now." : $"{user.Email} is no longer an instructor.";
        await Load();
        return Page();
    }

    /// <summary>Generates a password-reset token for any account.</summary>
    public async Task<IActionResult> OnPostResetTokenAsync(string? userId)
    {
        if (userId is not { Length: > 0 and <= 64 } || await Manager.FindByIdAsync(userId) is not { } user) return NotFound();
        ResetToken = (user.Email ?? "", await Manager.GeneratePasswordResetTokenAsync(user));
        await Load();
        return Page();
    }

    private async Task Load()
    {
        var db = HttpContext.RequestServices.GetRequiredService<HostedDb>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail).Take(MaxListed).ToListAsync();
        var roles = await db.UserRoles.AsNoTracking().Where(r => r.RoleId == Roles.Instructor || r.RoleId == Roles.Admin).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        Users = [.. users.Select(u => new Row(u.Id, u.Email ?? "", u.DisplayName,
            roles.Any(r => r.UserId == u.Id && r.RoleId == Roles.Instructor), roles.Any(r => r.UserId == u.Id && r.RoleId == Roles.Admin),
            u.LockoutEnd is { } end && end > now))];
    }
}
