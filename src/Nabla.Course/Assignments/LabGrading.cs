using System.Reflection;

namespace Nabla.Course.Assignments;

/// <summary>
/// Runs one check of an assignment against a learner's compiled assembly. This executes the learner's code: call it
/// only in a process that exists for that purpose (<c>nabla lab __grade</c>, started by the CLI's <c>LabRunner</c>
/// with time and memory limits), never inside the CLI's or the web host's own process.
/// </summary>
public static class LabGrading
{
    /// <summary>Grades <paramref name="check"/> of <paramref name="assignment"/> with the functions in <paramref name="learner"/>.</summary>
    /// <exception cref="ArgumentException">The assignment has no such check.</exception>
    public static CheckResult Run(Assignment assignment, Assembly learner, string check)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(learner);
        var definition = assignment.Check(check);
        return assignment.Id switch
        {
            "backprop" => BackpropGrader.Run(definition, learner),
            "heights" => HeightsGrader.Run(definition, learner),
            _ => throw new ArgumentException($"no grader for the assignment \"{assignment.Id}\"", nameof(assignment)),
        };
    }

    /// <summary>The score (0–100) of a set of results: points earned over points available.</summary>
    public static double Score(IEnumerable<CheckResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        double earned = 0, total = 0;
        foreach (var r in results)
        {
            earned += r.Points;
            total += r.MaxPoints;
        }
        return total > 0 ? Math.Round(100 * earned / total, 1) : 0;
    }
}
