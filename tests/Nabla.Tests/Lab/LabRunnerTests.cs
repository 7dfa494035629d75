using System.Diagnostics;
using Nabla.Cli;
using Nabla.Course.Assignments;

namespace Nabla.Tests.Lab;

/// <summary>The product path: compile in-process, grade in a child process under time and memory limits.</summary>
public sealed class LabRunnerTests
{
    // Starting a .NET process on a machine shared with other builds can take several seconds; the margins allow for
    // that, the limits themselves are short.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_backprop_reference_scores_100_in_the_child_process()
    {
        var report = LabRunner.Check(AssignmentCatalog.Backprop, LabTestSupport.Reference(AssignmentCatalog.Backprop));
        Assert.True(report.Compiled);
        Assert.Equal(100, report.Score);
        Assert.True(report.Passed, string.Join("\n", report.Checks.Select(c => $"{c.Id}: {c.Summary}")));
        Assert.Empty(report.FeedbackIds);
        Assert.Equal(["heart", "cost"], report.Plots.Select(p => p.Id));
        var cost = report.Plots.Single(p => p.Id == "cost").Series.Single().Y;
        Assert.True(cost[^1] < BackpropGrader.TrainingThreshold && cost[^1] < cost[0] / 10, $"cost {cost[0]} → {cost[^1]}");
    }

    [Fact]
    public void An_infinite_loop_is_stopped_at_the_time_limit_with_a_clear_message()
    {
        var heights = AssignmentCatalog.Heights;
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(heights), "dfdsig", "return f(x, mu, sig) *", "while (sig > 0) x += 1;\n        return f(x, mu, sig) *");
        // 6 s: short enough for the test, long enough that the correct dfdmu check finishes on a loaded CI machine (2 s did not).
        var limits = LabLimits.Default with { FunctionTime = TimeSpan.FromSeconds(6), RunTime = TimeSpan.FromSeconds(6) };
        var clock = Stopwatch.StartNew();
        var report = LabRunner.Check(heights, source, limits);
        clock.Stop();
        Assert.True(report.Compiled);
        Assert.True(report.Checks.Single(c => c.Id == "dfdmu").Passed);
        foreach (var id in new[] { "dfdsig", "steepest_step", "descent" })
        {
            var check = report.Checks.Single(c => c.Id == id);
            var feedback = Assert.Single(check.Feedback);
            Assert.Equal("time-limit", feedback.Id);
            Assert.Contains("ran longer than 6 s", feedback.Message);
            Assert.Contains("loop that never ends", feedback.Message);
        }
        Assert.Equal(25, report.Score);
        // Three checks hit the limit, each in its own child process.
        Assert.True(clock.Elapsed < 3 * limits.FunctionTime + Margin, $"took {clock.Elapsed}");
    }

    [Fact]
    public void Runaway_allocation_is_stopped_by_the_memory_limit_with_a_clear_message()
    {
        var backprop = AssignmentCatalog.Backprop;
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(backprop), "J_b3", "var f = Forward(net, x);",
            "var hog = new List<double[]>();\n        while (hog.Count >= 0) hog.Add(new double[1 << 20]);\n        var f = Forward(net, x);");
        var limits = LabLimits.Default with { MemoryBytes = 256L << 20, FunctionTime = TimeSpan.FromSeconds(20) };
        var clock = Stopwatch.StartNew();
        var report = LabRunner.Check(backprop, source, limits);
        clock.Stop();
        var jb3 = report.Checks.Single(c => c.Id == "J_b3");
        var feedback = Assert.Single(jb3.Feedback);
        Assert.Equal("memory-limit", feedback.Id);
        Assert.Contains("more than 256 MB", feedback.Message);
        Assert.All(report.Checks.Where(c => c.Id is "J_b2" or "J_W1" or "J_b1"), c => Assert.True(c.Passed));
        Assert.Equal("memory-limit", Assert.Single(report.Checks.Single(c => c.Id == "training").Feedback).Id);
        Assert.True(clock.Elapsed < limits.FunctionTime + limits.RunTime + Margin, $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_compile_error_is_reported_with_line_column_and_the_compilers_message()
    {
        var backprop = AssignmentCatalog.Backprop;
        var reference = LabTestSupport.Reference(backprop);
        var source = LabTestSupport.Mutate(reference, "J_b2", "double n = x.GetLength(1);", "double n = x.GetLength(1)");
        // The statement's line in the file, and the column just after it, where the compiler expects the ';'.
        int at = source.IndexOf("double n = x.GetLength(1)\n", source.IndexOf(" J_b2(", StringComparison.Ordinal), StringComparison.Ordinal);
        int line = source[..at].Count(c => c == '\n') + 1;
        int column = at - source.LastIndexOf('\n', at) + "double n = x.GetLength(1)".Length;
        var clock = Stopwatch.StartNew();
        var report = LabRunner.Check(backprop, source);
        Assert.True(clock.Elapsed < Margin);
        Assert.False(report.Compiled);
        Assert.Empty(report.Checks);
        Assert.Equal(0, report.Score);
        var error = report.Diagnostics.First(d => d.IsError);
        Assert.Equal("CS1002", error.Id);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains("; expected", error.Message);
        Assert.Contains($"backprop.cs({line},{column}): error CS1002", report.Message);
    }

    [Fact]
    public void A_type_error_names_the_learners_line()
    {
        var heights = AssignmentCatalog.Heights;
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(heights), "dfdmu", "return f(x, mu, sig) * (x - mu) / (sig * sig);", "return \"oops\";");
        var compiled = LabCompiler.Compile(source, heights.FileName);
        Assert.False(compiled.Success);
        var error = Assert.Single(compiled.Diagnostics, d => d.IsError);
        Assert.Equal("CS0029", error.Id);
        Assert.Equal(source.Split('\n').ToList().FindIndex(l => l.Contains("return \"oops\";", StringComparison.Ordinal)) + 1, error.Line);
    }
}
