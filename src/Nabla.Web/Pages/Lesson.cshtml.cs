using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Content;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages;

/// <summary>
/// A lesson: Markdown rendered on the server (<see cref="LessonMarkdown.ToHtml(Lesson)"/>; the HTML comes from our
/// own course files, never from a learner), math typeset by KaTeX in the browser, widgets and exercises filled by
/// the page's scripts from the JSON API.
/// </summary>
public sealed class LessonModel(CourseCatalog course) : PageModel
{
    /// <summary>The lesson's module.</summary>
    public Module Module { get; private set; } = null!;

    /// <summary>The lesson shown.</summary>
    public Lesson Lesson { get; private set; } = null!;

    /// <summary>The lesson body as HTML.</summary>
    public string Html { get; private set; } = "";

    /// <summary>The lesson before this one in the module, if any.</summary>
    public Lesson? Previous { get; private set; }

    /// <summary>The lesson after this one in the module, if any.</summary>
    public Lesson? Next { get; private set; }

    /// <summary>Loads the lesson, or 404.</summary>
    public IActionResult OnGet(string moduleId, string lessonId)
    {
        if (course.Module(moduleId) is not { } module || course.Lesson(moduleId, lessonId) is not { } lesson) return NotFound();
        Module = module;
        Lesson = lesson;
        Html = course.LessonHtml(lesson);
        int index = module.Lessons.ToList().IndexOf(lesson);
        Previous = index > 0 ? module.Lessons[index - 1] : null;
        Next = index + 1 < module.Lessons.Count ? module.Lessons[index + 1] : null;
        return Page();
    }
}
