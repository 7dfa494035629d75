using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Content;
using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages;

/// <summary>
/// A module's graded quiz: one variant of each quiz template, with seeds drawn afresh for every sitting (every load
/// of the page). The page's script shows the questions, collects every answer and submits them at once to
/// <c>POST /api/quizzes/{moduleId}/submit</c>.
/// </summary>
public sealed class QuizModel(CourseCatalog course, ProgressService progress) : PageModel
{
    /// <summary>The module.</summary>
    public Module Module { get; private set; } = null!;

    /// <summary>Its quiz.</summary>
    public Quiz Quiz { get; private set; } = null!;

    /// <summary>The sitting: each question's template and seed, in order.</summary>
    public IReadOnlyList<(string Template, int Seed)> Questions { get; private set; } = [];

    /// <summary>The learner's best earlier sitting, or null.</summary>
    public GameScore? Best { get; private set; }

    /// <summary>How many sittings the learner has finished.</summary>
    public int Sittings { get; private set; }

    /// <summary>Draws the sitting, or 404 for an unknown module or a module without a quiz.</summary>
    public IActionResult OnGet(string moduleId)
    {
        if (course.Module(moduleId) is not { Quiz: { } quiz } module) return NotFound();
        Module = module;
        Quiz = quiz;
        Questions = quiz.Templates.Select(t => (t, Random.Shared.Next(1, int.MaxValue))).ToList();
        string learner = ProgressService.LearnerOf(HttpContext);
        var sittings = progress.Read(s => s.GameScores(learner, "quiz").Where(g => g.Level == module.Id).ToList());
        Sittings = sittings.Count;
        Best = sittings.OrderByDescending(g => g.Moves).ThenBy(g => g.At).FirstOrDefault();
        return Page();
    }
}
