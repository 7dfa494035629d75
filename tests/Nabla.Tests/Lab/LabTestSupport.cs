using System.Runtime.Loader;
using Nabla.Cli;
using Nabla.Course.Assignments;

namespace Nabla.Tests.Lab;

/// <summary>Sources of the assignments and deliberate mistakes made in them.</summary>
internal static class LabTestSupport
{
    /// <summary>
    /// The repository's content folder: the reference solutions live only there (the tool and the web app do not ship
    /// them, so a learner cannot find the answers next to the program).
    /// </summary>
    public static string RepositoryContent { get; } = FindRepositoryContent();

    private static string FindRepositoryContent()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) return Path.Combine(dir.FullName, "content");
        throw new DirectoryNotFoundException("Nabla.slnx not found above " + AppContext.BaseDirectory);
    }

    public static string Reference(Assignment a) => AssignmentCatalog.Reference(a, RepositoryContent);

    public static string Starter(Assignment a) => AssignmentCatalog.Starter(a);

    /// <summary>
    /// The source with <paramref name="from"/> replaced by <paramref name="to"/> inside the body of
    /// <paramref name="function"/> only (the test fails if the text is not there, so a mistake cannot silently vanish).
    /// </summary>
    public static string Mutate(string source, string function, string from, string to)
    {
        int start = source.IndexOf($" {function}(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{function} not found");
        int end = source.IndexOf("\n    }\n", start, StringComparison.Ordinal);
        Assert.True(end > start, $"the end of {function} not found");
        string body = source[start..end];
        Assert.Contains(from, body);
        return source[..start] + body.Replace(from, to, StringComparison.Ordinal) + source[end..];
    }

    /// <summary>
    /// Grades some checks in this test process, for speed: the sources here are ours (the reference with a known
    /// mistake), so running them in-process is safe. The product path (<see cref="LabRunner.Check"/>) runs the
    /// learner's code only in a child process; the limit tests and the end-to-end test exercise it.
    /// </summary>
    public static IReadOnlyList<CheckResult> GradeInProcess(Assignment assignment, string source, params string[] checks)
    {
        var compiled = LabCompiler.Compile(source, assignment.FileName);
        Assert.True(compiled.Success, string.Join("\n", compiled.Diagnostics.Select(d => d.Display(assignment.FileName))));
        var context = new AssemblyLoadContext("lab-test", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(compiled.Assembly!));
            return checks.Select(c => LabGrading.Run(assignment, assembly, c)).ToList();
        }
        finally
        {
            context.Unload();
        }
    }
}
