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

    /// <summary>Loads the module, or 404.</summary>
    public IActionResult OnGet(string moduleId)
    {
        if (course.Module(moduleId) is not { } module) return NotFound();
        Module = module;
        string learner = ProgressService.LearnerOf(HttpContext);
        Skills = progress.Read(s => module.Skills.Select(k => (k, s.Mastery(learner, k.Id))).ToList());
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
