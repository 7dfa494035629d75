using Nabla.Course.Content;

namespace Nabla.Tests.Course;

/// <summary>Paths to the real content and to the test fixtures, found from the repository root.</summary>
internal static class CourseFixtures
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Nabla.slnx) not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<CourseContent> ValidCourse = new(() => CourseLoader.Load(ValidRoot));

    public static string RepositoryRoot => RootPath.Value;

    public static string FixtureRoot => Path.Combine(RepositoryRoot, "tests", "Nabla.Tests", "Course", "Fixtures");

    /// <summary>A small valid course with one template per named mistake and per answer kind.</summary>
    public static string ValidRoot => Path.Combine(FixtureRoot, "valid");

    /// <summary>A module with every kind of content problem at a known line.</summary>
    public static string BrokenRoot => Path.Combine(FixtureRoot, "broken");

    /// <summary>The repository's content/ folder.</summary>
    public static string ContentRoot => Path.Combine(RepositoryRoot, "content");

    public static bool HasRealContent => Directory.Exists(Path.Combine(ContentRoot, "modules"));

    public static CourseContent Valid => ValidCourse.Value;
}
