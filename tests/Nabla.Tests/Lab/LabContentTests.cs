using System.Text.RegularExpressions;
using Nabla.Course.Assignments;
using Nabla.Course.Content;

namespace Nabla.Tests.Lab;

/// <summary>The assignments' files: instructions whose math KaTeX renders, starters and references that compile.</summary>
public sealed partial class LabContentTests
{
    [GeneratedRegex(@"\$\$(.+?)\$\$|\$(.+?)\$", RegexOptions.Singleline)]
    private static partial Regex MathPattern();

    [GeneratedRegex(@"```.*?```|`[^`\n]*`", RegexOptions.Singleline)]
    private static partial Regex CodePattern();

    [Theory]
    [InlineData("backprop")]
    [InlineData("heights")]
    public void The_instructions_math_is_known_to_KaTeX_and_names_every_check(string id)
    {
        var assignment = AssignmentCatalog.Find(id)!;
        string text = AssignmentCatalog.Instructions(assignment);
        var formulas = MathPattern().Matches(CodePattern().Replace(text, "")).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        Assert.True(formulas.Count >= 5, $"only {formulas.Count} formulas");
        foreach (var f in formulas)
            Assert.True(LatexChecker.Check(f).Count == 0, $"{f}: {string.Join("; ", LatexChecker.Check(f).Select(p => p.Message))}");
        Assert.All(assignment.Checks.Where(c => c.Kind == CheckKind.Function), c => Assert.Contains($"`{c.Id}`", text));
        Assert.Equal(100, assignment.Checks.Sum(c => c.Points));
    }

    [Theory]
    [InlineData("backprop")]
    [InlineData("heights")]
    public void The_starter_and_the_reference_differ_only_in_the_functions_to_write(string id)
    {
        var assignment = AssignmentCatalog.Find(id)!;
        string starter = AssignmentCatalog.Starter(assignment), reference = LabTestSupport.Reference(assignment);
        Assert.True(Nabla.Cli.LabCompiler.Compile(starter, assignment.FileName).Success);
        Assert.True(Nabla.Cli.LabCompiler.Compile(reference, assignment.FileName).Success);
        var toWrite = Regex.Matches(starter, @"NotImplementedException\(""(\w+): write me""\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(assignment.Checks.Where(c => c.Kind == CheckKind.Function).Select(c => c.Id), toWrite);
        Assert.DoesNotContain("NotImplementedException(", reference);
        // Every line of the starter outside the bodies to write is in the reference too (the givens are the same).
        var referenceLines = reference.Split('\n').ToHashSet();
        Assert.All(starter.Split('\n').Where(l => !l.Contains("write me", StringComparison.Ordinal)), l => Assert.Contains(l, referenceLines));
    }
}
