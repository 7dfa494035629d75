using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Reports;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Instructor;

/// <summary>
/// The CSV downloads of a class (columns in docs/instructor.md): <c>export.csv</c> (one row per learner),
/// <c>attempts.csv</c> (one row per attempt) and <c>feedback.csv</c> (one row per exercise and feedback id).
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class ExportModel(ProgressService progress, CourseCatalog catalog) : PageModel
{
    /// <summary>The file names served, and what each holds.</summary>
    public static IReadOnlyList<string> Files { get; } = ["export", "attempts", "feedback"];

    /// <summary>The CSV file, or 404 for another file name or a class the user does not teach.</summary>
    public async Task<IActionResult> OnGetAsync(int id, string file)
    {
        if (!Files.Contains(file, StringComparer.Ordinal)) return InstructorAccess.Hidden();
        if (await InstructorAccess.Class(HttpContext, id) is not { } taught) return InstructorAccess.Hidden();
        var course = InstructorAccess.Course(catalog);
        var learners = InstructorAccess.LoadAll(progress, taught);
        string csv = file switch
        {
            "attempts" => ReportCsv.Attempts(learners.Select(l => LearnerReport.Build(course, l)).ToList()),
            "feedback" => ReportCsv.Feedback(ClassReport.Build(course, learners)),
            _ => ReportCsv.Progress(ClassReport.Build(course, learners), learners.Select(l => LearnerReport.Build(course, l)).ToList()),
        };
        InstructorAccess.NoStore(Response);
        // The file is named by the class id, not its name: an instructor-chosen name has no place in a header.
        string name = file == "export" ? $"class-{id}-progress.csv" : $"class-{id}-{file}.csv";
        return File(Csv.ToUtf8(csv), Csv.ContentType, name);
    }
}
