using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Assignments;
using Nabla.Web.Api;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages;

/// <summary>The programming assignments, each with the learner's status and best score (docs/web-assignments.md).</summary>
public sealed class AssignmentsModel(AssignmentWorkspace workspace) : PageModel
{
    /// <summary>Every assignment with the learner's standing, in course order.</summary>
    public IReadOnlyList<(Assignment Assignment, AssignmentStatus Status)> Items { get; private set; } = [];

    /// <summary>Whether "Run checks" is on here.</summary>
    public bool RunEnabled => workspace.RunEnabled;

    /// <summary>Loads the list.</summary>
    public void OnGet()
    {
        string learner = ProgressService.LearnerOf(HttpContext);
        Items = AssignmentCatalog.All.Select(a => (a, workspace.Status(learner, a))).ToList();
    }
}
