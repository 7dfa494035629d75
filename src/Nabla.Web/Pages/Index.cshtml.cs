using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Content;
using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages;

/// <summary>The home page: the six modules with the learner's progress in each.</summary>
public sealed class IndexModel(CourseCatalog course, ProgressService progress) : PageModel
{
    /// <summary>One module and how far the learner is.</summary>
    public sealed record ModuleCard(Module Module, int Practised, int Mastered, int Skills)
    {
        /// <summary>The progress in words (also the progress bar's text alternative).</summary>
        public string Label => $"{Practised} of {Skills} skills practised, {Mastered} mastered";
    }

    /// <summary>The module cards, in course order.</summary>
    public IReadOnlyList<ModuleCard> Cards { get; private set; } = [];

    /// <summary>Skills due for review now.</summary>
    public int DueReviews { get; private set; }

    /// <summary>Builds the cards.</summary>
    public void OnGet()
    {
        string learner = ProgressService.LearnerOf(HttpContext);
        var mastery = progress.Read(s => s.AllMastery(learner)).ToDictionary(m => m.Skill);
        Cards = course.Content.Modules.Select(m => new ModuleCard(m,
            m.Skills.Count(s => mastery.TryGetValue(s.Id, out var x) && x.Level >= MasteryLevel.Familiar),
            m.Skills.Count(s => mastery.TryGetValue(s.Id, out var x) && x.Level == MasteryLevel.Mastered),
            m.Skills.Count)).ToList();
        DueReviews = progress.Due(learner).Count;
    }
}
