using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Reports;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Instructor;

/// <summary>One class: progress per module and skill, exercises with their feedback distribution, learners, assignments.</summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class ClassModel(ProgressService progress, CourseCatalog catalog) : PageModel
{
    /// <summary>The class and its members.</summary>
    public TaughtClass Taught { get; private set; } = null!;

    /// <summary>The report.</summary>
    public ClassReport Report { get; private set; } = null!;

    /// <summary>How many feedback ids each exercise shows before the rest are summed up.</summary>
    public const int TopFeedback = 3;

    /// <summary>Loads the report, or 404 when the user does not teach the class.</summary>
    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await InstructorAccess.Class(HttpContext, id) is not { } taught) return InstructorAccess.Hidden();
        Taught = taught;
        Report = ClassReport.Build(InstructorAccess.Course(catalog), InstructorAccess.LoadAll(progress, taught));
        InstructorAccess.NoStore(Response);
        return Page();
    }
}
