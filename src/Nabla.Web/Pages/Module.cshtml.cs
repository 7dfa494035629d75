using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Content;
using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages;

/// <summary>A module: its lessons, quiz and the learner's mastery of each skill.</summary>
public sealed class ModuleModel(CourseCatalog course, ProgressService progress) : PageModel
{
    /// <summary>The module shown.</summary>
    public Module Module { get; private set; } = null!;

    /// <summary>Each skill of the module with the learner's mastery.</summary>
    public IReadOnlyList<(Skill Skill, SkillMastery Mastery)> Skills { get; private set; } = [];

    /// <summary>The learner's best quiz sitting for this module (most questions right), if any.</summary>
    public GameScore? BestQuiz { get; private set; }

    /// <summary>How many quiz sittings the learner has had.</summary>
    public int QuizSittings { get; private set; }

    /// <summary>Loads the module, or 404.</summary>
    public IActionResult OnGet(string moduleId)
    {
        if (course.Module(moduleId) is not { } module) return NotFound();
        Module = module;
        string learner = ProgressService.LearnerOf(HttpContext);
        Skills = progress.Read(s => module.Skills.Select(k => (k, s.Mastery(learner, k.Id))).ToList());
        var sittings = progress.Read(s => s.GameScores(learner, "quiz")).Where(g => g.Level == module.Id).ToList();
        QuizSittings = sittings.Count;
        BestQuiz = sittings.OrderByDescending(g => g.Moves).ThenBy(g => g.At).FirstOrDefault();
        return Page();
    }

    /// <summary>A mastery level in words.</summary>
    public static string LevelName(MasteryLevel level) => level switch
    {
        MasteryLevel.NotStarted => "not started",
        MasteryLevel.Attempted => "attempted",
        MasteryLevel.Familiar => "familiar",
        MasteryLevel.Proficient => "proficient",
        MasteryLevel.Mastered => "mastered",
        _ => level.ToString(),
    };
}
