using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Classes;

/// <summary>
/// Classes: a learner joins one with a code; an instructor creates classes, sees their codes and members, and issues
/// a password-reset token to a member who forgot their password.
/// </summary>
public sealed class IndexModel(IOptions<NablaWebOptions> options) : PageModel
{
    /// <summary>Whether the course runs in hosted mode.</summary>
    public bool Hosted { get; } = options.Value.IsHosted;

    /// <summary>The code a learner types.</summary>
    [BindProperty]
    public string? Code { get; set; }

    /// <summary>A new class's name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The classes the user joined.</summary>
    public IReadOnlyList<CourseClass> Joined { get; private set; } = [];

    /// <summary>The classes the user teaches (all classes for an admin), with their members.</summary>
    public IReadOnlyList<(CourseClass Class, IReadOnlyList<ClassMemberView> Members)> Taught { get; private set; } = [];

    /// <summary>Whether the user is an instructor or admin.</summary>
    public bool Teaches => User.IsInRole(Roles.Instructor) || User.IsInRole(Roles.Admin);

    /// <summary>A success message.</summary>
    public string? Message { get; private set; }

    /// <summary>An error message.</summary>
    public string? Error { get; private set; }

    /// <summary>A reset token just generated, and for whom.</summary>
    public (string Email, string Token)? ResetToken { get; private set; }

    private ClassDirectory Directory => HttpContext.RequestServices.GetRequiredService<ClassDirectory>();

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedAccessException("no signed-in user");

    /// <summary>Shows the page.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        if (!Hosted) return Page();
        await Load();
        return Page();
    }

    /// <summary>Joins the class with <see cref="Code"/>.</summary>
    public async Task<IActionResult> OnPostJoinAsync()
    {
        if (!Hosted) return NotFound();
        var result = await Directory.Join(UserId, Code ?? "");
        if (result.Ok) Message = result.Message;
        else Error = result.Message;
        await Load();
        if (!result.Ok) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Creates a class named <see cref="Name"/> (instructors and admins).</summary>
    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!Hosted) return NotFound();
        if (!Teaches) return Forbid();
        try
        {
            var created = await Directory.Create(UserId, Name ?? "");
            Message = $"Class {created.Name} created: learners join it with the code {created.JoinCode}.";
        }
        catch (ArgumentException e)
        {
            Error = "Could not create the class: " + e.Message.Split(" (Parameter", 2)[0] + ".";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await Load();
        return Page();
    }

    /// <summary>Generates a password-reset token for <paramref name="userId"/>, a member of a class the user teaches.</summary>
    public async Task<IActionResult> OnPostResetTokenAsync(int classId, string? userId)
    {
        if (!Hosted) return NotFound();
        if (userId is not { Length: > 0 and <= 64 } || !await Directory.CanTeach(User, classId) || !await Directory.IsMember(classId, userId))
            return Forbid();
        var users = HttpContext.RequestServices.GetRequiredService<UserManager<NablaUser>>();
        if (await users.FindByIdAsync(userId) is not { } learner) return NotFound();
        // Instructors reset learners only: a token for an instructor's or admin's account would hand over that role.
        if (!User.IsInRole(Roles.Admin) && (await users.IsInRoleAsync(learner, Roles.Instructor) || await users.IsInRoleAsync(learner, Roles.Admin)))
            return Forbid();
        ResetToken = (learner.Email ?? "", await users.GeneratePasswordResetTokenAsync(learner));
        HttpContext.RequestServices.GetRequiredService<ILogger<IndexModel>>().LogInformation("Reset token issued for user {UserId} by {IssuerId}", learner.Id, UserId);
        await Load();
        return Page();
    }

    private async Task Load()
    {
        var directory = Directory;
        Joined = await directory.JoinedBy(UserId);
        if (!Teaches) return;
        var classes = User.IsInRole(Roles.Admin) ? await directory.All() : await directory.TaughtBy(UserId);
        var taught = new List<(CourseClass, IReadOnlyList<ClassMemberView>)>();
        foreach (var course in classes) taught.Add((course, await directory.Members(course.Id)));
        Taught = taught;
    }
}
