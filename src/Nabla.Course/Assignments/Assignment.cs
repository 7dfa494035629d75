using Nabla.Course.Content;

namespace Nabla.Course.Assignments;

/// <summary>How long a check may run: a function check is quick; a run (training, descent) repeats the learner's
/// functions thousands of times.</summary>
public enum CheckKind
{
    /// <summary>One function compared with the reference on random inputs.</summary>
    Function,
    /// <summary>A run that calls the learner's functions many times (training, 50 descent steps).</summary>
    Run,
}

/// <summary>One graded check of an assignment.</summary>
/// <param name="Id">The function's name as in the starter file, or the run's id.</param>
/// <param name="Title">What is checked, for the learner.</param>
/// <param name="Points">Points out of the assignment's 100.</param>
/// <param name="Kind">Function or run (decides its time limit).</param>
public sealed record AssignmentCheck(string Id, string Title, double Points, CheckKind Kind);

/// <summary>
/// A programming assignment: instructions, a starter file the learner edits, a reference solution kept outside the
/// learner's folder, and graded checks. The files live in <c>content/assignments/&lt;id&gt;/</c>:
/// <c>instructions.md</c>, the starter (<see cref="FileName"/>) and <c>reference/&lt;file&gt;</c>.
/// </summary>
/// <param name="Id">The id used on the command line (<c>backprop</c>, <c>heights</c>).</param>
/// <param name="Title">The title.</param>
/// <param name="Summary">One sentence: what the learner writes.</param>
/// <param name="FileName">The starter file's name, e.g. <c>backprop.cs</c>.</param>
/// <param name="Module">The course module it belongs to.</param>
/// <param name="Checks">The graded checks, in order; their points add up to 100.</param>
public sealed record Assignment(string Id, string Title, string Summary, string FileName, string Module, IReadOnlyList<AssignmentCheck> Checks)
{
    /// <summary>The check with this id.</summary>
    /// <exception cref="ArgumentException">No such check.</exception>
    public AssignmentCheck Check(string id) =>
        Checks.FirstOrDefault(c => c.Id == id) ?? throw new ArgumentException($"the {Id} assignment has no check \"{id}\"", nameof(id));
}

/// <summary>The course's programming assignments and where their files are.</summary>
public static class AssignmentCatalog
{
    /// <summary>Backpropagation: the four Jacobians, then a training run.</summary>
    public static Assignment Backprop { get; } = new("backprop", "Backpropagation: teach a network to draw a heart",
        "Write the Jacobians J_b3, J_b2, J_W1 and J_b1 of the cost of a 1→6→7→2 sigmoid network, then watch it learn the heart curve.",
        "backprop.cs", "chain-rule-networks",
        [
            new("J_b3", "∂C/∂b3 on random networks and data", 15, CheckKind.Function),
            new("J_b2", "∂C/∂b2 on random networks and data", 20, CheckKind.Function),
            new("J_W1", "∂C/∂W1 on random networks and data", 20, CheckKind.Function),
            new("J_b1", "∂C/∂b1 on random networks and data", 20, CheckKind.Function),
            new("training", $"{BackpropGrader.TrainingSteps:N0} steps of stochastic steepest descent with your Jacobians", 25, CheckKind.Run),
        ]);

    /// <summary>Heights: the Gaussian's partial derivatives and a steepest-descent step, then 50 steps.</summary>
    public static Assignment Heights { get; } = new("heights", "Fitting the distribution of heights",
        "Write ∂f/∂μ and ∂f/∂σ of a Gaussian and one steepest-descent step on χ², then fit the heights histogram.",
        "heights.cs", "regression",
        [
            new("dfdmu", "∂f/∂μ at random (x, μ, σ)", 25, CheckKind.Function),
            new("dfdsig", "∂f/∂σ at random (x, μ, σ)", 25, CheckKind.Function),
            new("steepest_step", "one step −aggression·∇χ² at random (μ, σ, aggression)", 25, CheckKind.Function),
            new("descent", "50 steps at aggression 2000 from (μ, σ) = (155, 6)", 25, CheckKind.Run),
        ]);

    /// <summary>Every assignment, in course order.</summary>
    public static IReadOnlyList<Assignment> All { get; } = [Backprop, Heights];

    /// <summary>The assignment with this id, or null.</summary>
    public static Assignment? Find(string id) => All.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The folder of <paramref name="assignment"/>'s files under the content folder (located as
    /// <see cref="CourseLoader.Locate"/> does when <paramref name="contentRoot"/> is null).</summary>
    /// <exception cref="DirectoryNotFoundException">No content folder, or it has no such assignment.</exception>
    public static string Folder(Assignment assignment, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var root = CourseLoader.Locate(contentRoot)
            ?? throw new DirectoryNotFoundException("the course content was not found: set NABLA_CONTENT to the content/ folder");
        var folder = Path.Combine(root, "assignments", assignment.Id);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"the assignment folder {folder} does not exist");
        return folder;
    }

    /// <summary>The instructions (Markdown with KaTeX math).</summary>
    public static string Instructions(Assignment assignment, string? contentRoot = null) =>
        File.ReadAllText(Path.Combine(Folder(assignment, contentRoot), "instructions.md"));

    /// <summary>The starter file the learner edits.</summary>
    public static string Starter(Assignment assignment, string? contentRoot = null) =>
        File.ReadAllText(Path.Combine(Folder(assignment, contentRoot), assignment.FileName));

    /// <summary>
    /// The reference solution (never written into the learner's folder, and not shipped with the tool or the web app:
    /// it exists in the repository's <c>content/</c>, for tests; graders compute their reference values with the engine).
    /// </summary>
    public static string Reference(Assignment assignment, string? contentRoot = null) =>
        File.ReadAllText(Path.Combine(Folder(assignment, contentRoot), "reference", assignment.FileName));
}
