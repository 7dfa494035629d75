using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Assignments;
using Nabla.Web.Api;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages;

/// <summary>
/// One programming assignment: the instructions (Markdown with math, rendered on the server from our own content), the
/// learner's status and score history, the best attempt's plots, and the editor with "Run checks" (local mode, or when
/// an operator allows running code). The editor and results are filled by /js/assignment.js from the page's JSON.
/// </summary>
public sealed class AssignmentModel(AssignmentWorkspace workspace) : PageModel
{
    /// <summary>The assignment shown.</summary>
    public Assignment Assignment { get; private set; } = null!;

    /// <summary>The instructions as HTML.</summary>
    public string InstructionsHtml { get; private set; } = "";

    /// <summary>The learner's standing.</summary>
    public AssignmentStatus Status { get; private set; } = null!;

    /// <summary>The data the page's script starts from (JSON; HTML-sensitive characters escaped).</summary>
    public string Data { get; private set; } = "{}";

    /// <summary>Whether the editor and "Run checks" are on.</summary>
    public bool RunEnabled => workspace.RunEnabled;

    /// <summary>Loads the assignment, or 404.</summary>
    public IActionResult OnGet(string id)
    {
        if (AssignmentCatalog.Find(id) is not { } assignment) return NotFound();
        if (assignment.Id != id) return RedirectPermanent("/assignments/" + assignment.Id);
        string learner = ProgressService.LearnerOf(HttpContext);
        Assignment = assignment;
        InstructionsHtml = workspace.InstructionsHtml(assignment);
        Status = workspace.Status(learner, assignment);
        // The default encoder escapes <, > and & as \u003C…, so the learner's code cannot close the script element.
        Data = AssignmentApi.View(assignment, learner, workspace).ToJsonString();
        return Page();
    }
}
