using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Content;
using Nabla.Course.Progress;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages;

/// <summary>One skill due for review and the exercise picked for it.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="Module">Its module.</param>
/// <param name="Template">The template practised (one of the skill's templates).</param>
/// <param name="Due">When the review fell due.</param>
public sealed record ReviewEntry(Skill Skill, Module Module, string Template, DateTimeOffset Due);

/// <summary>
/// The spaced-repetition queue: every skill due now with one exercise of that skill (the skill's template the learner
/// has practised least, so reviews rotate through the templates), or when nothing is due, the date of the next review.
/// </summary>
public sealed class ReviewModel(CourseCatalog course, ProgressService progress) : PageModel
{
    /// <summary>The skills due now, soonest first.</summary>
    public IReadOnlyList<ReviewEntry> Due { get; private set; } = [];

    /// <summary>The next review when nothing is due now, or null when the queue is empty.</summary>
    public ReviewItem? Next { get; private set; }

    /// <summary>The title of <see cref="Next"/>'s skill.</summary>
    public string NextSkill { get; private set; } = "";

    /// <summary>Builds the queue.</summary>
    public void OnGet()
    {
        string learner = ProgressService.LearnerOf(HttpContext);
        var due = progress.Due(learner);
        var (attempts, queue) = progress.Read(s => (s.Attempts(learner), s.ReviewQueue(learner)));
        var practised = attempts.GroupBy(a => a.TemplateId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var entries = new List<ReviewEntry>();
        foreach (var item in due)
        {
            if (course.Content.ModuleOfSkill(item.Skill) is not { } module) continue; // a skill removed from the course since
            var skill = module.Skills.First(s => s.Id == item.Skill);
            var template = course.Content.Templates.Values.Where(t => t.Skills.Contains(item.Skill))
                .OrderBy(t => practised.GetValueOrDefault(t.Id)).ThenBy(t => t.Difficulty).ThenBy(t => t.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (template is not null) entries.Add(new ReviewEntry(skill, module, template.Id, item.Due));
        }
        Due = entries;
        if (entries.Count == 0)
        {
            Next = queue.Where(r => r.Due > DateTimeOffset.UtcNow).OrderBy(r => r.Due).FirstOrDefault();
            NextSkill = Next is null ? "" : course.Content.Skills.FirstOrDefault(s => s.Id == Next.Skill)?.Title ?? Next.Skill;
        }
    }
}
