using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Reports;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Instructor;

/// <summary>One learner of a class: mastery of every skill, assignment scores and every attempt in time order.</summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class LearnerModel(ProgressService progress, CourseCatalog catalog) : PageModel
{
    /// <summary>The class.</summary>
    public CourseClass Class { get; private set; } = null!;

    /// <summary>The learner as a member of the class.</summary>
    public ClassMemberView Member { get; private set; } = null!;

    /// <summary>The report.</summary>
    public LearnerReport Report { get; private set; } = null!;

    /// <summary>Loads the report, or 404 unless the user teaches the class and the learner is one of its members.</summary>
    public async Task<IActionResult> OnGetAsync(int id, string userId)
    {
        if (await InstructorAccess.Class(HttpContext, id) is not { } taught) return InstructorAccess.Hidden();
        // Only members of this class: another class's learner (or any user id) is not reachable by URL.
        if (taught.Members.FirstOrDefault(m => m.UserId == userId) is not { } member) return InstructorAccess.Hidden();
        Class = taught.Class;
        Member = member;
        Report = LearnerReport.Build(InstructorAccess.Course(catalog), InstructorAccess.Load(progress, member));
        InstructorAccess.NoStore(Response);
        return Page();
    }
}
