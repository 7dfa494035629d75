using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Web.Hosting;

namespace Nabla.Web.Pages.Instructor;

/// <summary>The classes the signed-in instructor teaches (an admin sees every class).</summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class IndexModel : PageModel
{
    /// <summary>The classes with their number of learners.</summary>
    public IReadOnlyList<(CourseClass Class, int Learners)> Classes { get; private set; } = [];

    /// <summary>Whether the user is an admin (and so sees classes others teach).</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>Loads the list.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        if (HttpContext.RequestServices.GetService<ClassDirectory>() is not { } directory) return InstructorAccess.Hidden();
        IsAdmin = User.IsInRole(Roles.Admin);
        string id = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        var classes = IsAdmin ? await directory.All() : await directory.TaughtBy(id);
        var list = new List<(CourseClass, int)>();
        foreach (var c in classes) list.Add((c, (await directory.Members(c.Id)).Count));
        Classes = list;
        InstructorAccess.NoStore(Response);
        return Page();
    }
}
