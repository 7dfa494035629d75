using System.Collections.Concurrent;
using Nabla.Course.Content;

namespace Nabla.Web.Infrastructure;

/// <summary>The course content, loaded and validated once at start-up and shared read-only by every request.</summary>
public sealed class CourseCatalog
{
    /// <summary>Loads the course from <paramref name="contentPath"/> (or the located <c>content/</c> folder).</summary>
    /// <exception cref="ContentException">The content has problems (each listed with file and line).</exception>
    /// <exception cref="DirectoryNotFoundException">No content folder was found.</exception>
    public CourseCatalog(string? contentPath)
    {
        string root = CourseLoader.Locate(contentPath)
            ?? throw new DirectoryNotFoundException("no course content found: set Nabla:ContentPath (or NABLA_CONTENT) to the content/ folder");
        Content = CourseLoader.LoadValid(root);
    }

    // Bounded by the number of lessons in the course: a cache of our own content, never of learner input.
    private readonly ConcurrentDictionary<string, string> lessonHtml = new();

    /// <summary>The loaded course.</summary>
    public CourseContent Content { get; }

    /// <summary>The module with id <paramref name="moduleId"/>, or null.</summary>
    public Module? Module(string moduleId) => Content.FindModule(moduleId);

    /// <summary>The lesson <paramref name="lessonId"/> of module <paramref name="moduleId"/>, or null.</summary>
    public Lesson? Lesson(string moduleId, string lessonId) =>
        Content.FindModule(moduleId)?.Lessons.FirstOrDefault(l => l.Id == lessonId);

    /// <summary>The lesson's body as HTML (rendered once, then cached).</summary>
    public string LessonHtml(Lesson lesson) => lessonHtml.GetOrAdd(lesson.Id, _ => LessonMarkdown.ToHtml(lesson));
}
