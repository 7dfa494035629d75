using Nabla.Course.Assignments;

namespace Nabla.Tests.Lab;

/// <summary>
/// Each common mistake, made deliberately in the reference solution, fails its check with its own feedback, while the
/// functions it does not touch still pass. The expected values come from the engine (reverse-mode Jacobians, symbolic
/// derivatives, the regression engine's steepest descent), never from the reference file.
/// </summary>
public sealed class LabMistakeTests
{
    private static readonly Assignment Backprop = AssignmentCatalog.Backprop;
    private static readonly Assignment Heights = AssignmentCatalog.Heights;

    public static TheoryData<string, string, string, string, string> BackpropMistakes => new()
    {
        // function, text in the reference, the mistake, the feedback id expected
        { "J_b3", "M.Subtract(f.a3, y)", "M.Subtract(y, f.a3)", "sign", "sign error" },
        { "J_b3", "M.Scale(2 / n,", "M.Scale(2,", "no-division", "divide by the number of samples" },
        { "J_b3", "return M.Sum(J, axis: 1);", "return J;", "bias-not-summed", "sums over the samples" },
        { "J_b2", "M.Scale(2 / n,", "M.Scale(2 / n / n,", "divided-twice", "divided by the number of samples twice" },
        { "J_b2", "M.Map(f.z2, SigmaPrime)", "M.Map(f.z2, z => 1.0)", "missing-sigma-prime-2", "σ'(z2)" },
        { "J_W1", "M.MatMul(J, M.Transpose(f.a0))", "M.MatMul(f.a0, M.Transpose(J))", "transposed", "transpose" },
        { "J_b1", "return M.Sum(J, axis: 1);", "return M.Sum(J, axis: 0);", "wrong-axis", "wrong axis" },
        { "J_b1", "M.Map(f.z1, SigmaPrime)", "M.Map(f.z1, Sigma)", "sigma-for-prime", "where the chain rule needs σ'(z1)" },
        { "J_b1", "return M.Sum(J, axis: 1);", "return M.MatMul(J, M.Transpose(f.a0));", "bias-like-weight", "a0ᵀ" },
        { "J_b2", "M.Scale(2 / n,", "M.Scale(1 / n,", "factor-2", "factor 2" },
    };

    [Theory]
    [MemberData(nameof(BackpropMistakes))]
    public void A_backprop_mistake_fails_its_function_with_specific_feedback(string function, string from, string to, string id, string phrase)
    {
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(Backprop), function, from, to);
        var results = LabTestSupport.GradeInProcess(Backprop, source, "J_b3", "J_b2", "J_W1", "J_b1");
        var wrong = results.Single(r => r.Id == function);
        Assert.False(wrong.Passed);
        Assert.Equal(0, wrong.Points);
        var feedback = Assert.Single(wrong.Feedback);
        Assert.Equal(id, feedback.Id);
        Assert.Contains(phrase, feedback.Message);
        Assert.All(results.Where(r => r.Id != function), r => Assert.True(r.Passed, $"{r.Id}: {r.Summary}"));
        Assert.True(LabGrading.Score(results) < 100);
    }

    public static TheoryData<string, string, string, string, string> HeightsMistakes => new()
    {
        { "steepest_step", "return [-aggression * gradMu, -aggression * gradSig];", "return [aggression * gradMu, aggression * gradSig];", "wrong-aggression-sign", "uphill" },
        { "steepest_step", "return [-aggression * gradMu, -aggression * gradSig];", "return [-gradMu, -gradSig];", "no-aggression", "aggression" },
        { "steepest_step", "gradMu += -2 * r", "gradMu += -1 * r", "values", "∇χ²" },
        { "dfdmu", "(x - mu) / (sig * sig)", "(mu - x) / (sig * sig)", "sign", "sign error" },
        { "dfdmu", "(x - mu) / (sig * sig)", "(x - mu)", "inner-derivative", "1/σ²" },
        { "dfdsig", "((x - mu) * (x - mu) / (sig * sig * sig) - 1 / sig)", "((x - mu) * (x - mu) / (sig * sig * sig))", "missing-prefactor-term", "product rule" },
        { "dfdsig", "((x - mu) * (x - mu) / (sig * sig * sig) - 1 / sig)", "(-1 / sig)", "missing-exponential-term", "exponential" },
    };

    [Theory]
    [MemberData(nameof(HeightsMistakes))]
    public void A_heights_mistake_fails_with_specific_feedback(string function, string from, string to, string id, string phrase)
    {
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(Heights), function, from, to);
        var results = LabTestSupport.GradeInProcess(Heights, source, "dfdmu", "dfdsig", "steepest_step", "descent");
        var wrong = results.Single(r => r.Id == function);
        Assert.False(wrong.Passed);
        var feedback = Assert.Single(wrong.Feedback);
        Assert.Equal(id, feedback.Id);
        Assert.Contains(phrase, feedback.Message);
        // Every mistake here moves the descent off the engine's path.
        Assert.False(results.Single(r => r.Id == "descent").Passed);
        Assert.True(LabGrading.Score(results) < 100);
    }

    [Fact]
    public void A_step_that_is_right_for_wrong_partials_keeps_its_points_and_says_why()
    {
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(Heights), "dfdsig",
            "((x - mu) * (x - mu) / (sig * sig * sig) - 1 / sig)", "((x - mu) * (x - mu) / (sig * sig * sig))");
        var step = LabTestSupport.GradeInProcess(Heights, source, "steepest_step").Single();
        Assert.True(step.Passed);
        Assert.Equal("uses-wrong-partials", Assert.Single(step.Feedback).Id);
    }

    [Fact]
    public void The_wrong_aggression_sign_climbs_chi_squared_in_the_descent()
    {
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(Heights), "steepest_step",
            "return [-aggression * gradMu, -aggression * gradSig];", "return [aggression * gradMu, aggression * gradSig];");
        var descent = LabTestSupport.GradeInProcess(Heights, source, "descent").Single();
        Assert.False(descent.Passed);
        Assert.Contains(descent.Feedback.Single().Id, new[] { "descent-uphill", "descent-diverged" });
        Assert.Equal(["path", "fit"], descent.Plots.Select(p => p.Id));
    }

    [Fact]
    public void Training_with_a_sign_error_does_not_learn_the_heart()
    {
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(Backprop), "J_b3", "M.Subtract(f.a3, y)", "M.Subtract(y, f.a3)");
        // The weights' Jacobians stay right, so only the output bias climbs: the cost must still end above the threshold.
        source = LabTestSupport.Mutate(source, "J_W3", "M.Subtract(f.a3, y)", "M.Subtract(y, f.a3)");
        var training = LabTestSupport.GradeInProcess(Backprop, source, "training").Single();
        Assert.False(training.Passed);
        Assert.Contains(training.Feedback.Single().Id, new[] { "training-cost", "training-diverged" });
    }

    [Fact]
    public void The_starters_compile_and_score_zero_with_not_written_feedback()
    {
        var backprop = LabTestSupport.GradeInProcess(Backprop, LabTestSupport.Starter(Backprop), "J_b3", "J_b2", "J_W1", "J_b1", "training");
        Assert.All(backprop, r => Assert.Equal("not-written", Assert.Single(r.Feedback).Id));
        Assert.Equal(0, LabGrading.Score(backprop));
        var heights = LabTestSupport.GradeInProcess(Heights, LabTestSupport.Starter(Heights), "dfdmu", "dfdsig", "steepest_step", "descent");
        Assert.All(heights, r => Assert.Equal("not-written", Assert.Single(r.Feedback).Id));
    }

    [Fact]
    public void A_changed_signature_is_named()
    {
        var source = LabTestSupport.Reference(Heights)
            .Replace("public static double dfdmu(", "public static double DfDmu(", StringComparison.Ordinal)
            .Replace("dfdmu(x[i], mu, sig)", "DfDmu(x[i], mu, sig)", StringComparison.Ordinal)
            .Replace("Heights.dfdmu(", "Heights.DfDmu(", StringComparison.Ordinal);
        var results = LabTestSupport.GradeInProcess(Heights, source, "dfdsig");
        var feedback = Assert.Single(results.Single().Feedback);
        Assert.Equal("signature", feedback.Id);
        Assert.Contains("dfdmu(double x, double mu, double sig)", feedback.Message);
    }

    [Fact]
    public void An_exception_names_its_type_message_and_the_line_in_the_learners_function()
    {
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(Backprop), "J_b2", "M.MatMul(M.Transpose(net.W3), J)", "M.MatMul(net.W3, J)");
        int line = source.Split('\n').ToList().FindIndex(l => l.Contains("M.MatMul(net.W3, J)", StringComparison.Ordinal)) + 1;
        var result = LabTestSupport.GradeInProcess(Backprop, source, "J_b2").Single();
        var feedback = Assert.Single(result.Feedback);
        Assert.Equal("threw", feedback.Id);
        Assert.Contains("ArgumentException: MatMul: a 2×7 matrix times a 2×", feedback.Message);
        Assert.Contains($"(at line {line} of backprop.cs, in J_b2)", feedback.Message);
    }

    [Fact]
    public void A_correct_solution_written_differently_scores_100()
    {
        // σ' as σ(1 − σ) instead of cosh(z/2)⁻²/4: the same function with different rounding in every Jacobian, so the
        // noisy training follows its own path and must still pass.
        var source = LabTestSupport.Mutate(LabTestSupport.Reference(Backprop), "SigmaPrime", "double c = Math.Cosh(z / 2);\n        return 1 / (4 * c * c);",
            "double s = Sigma(z);\n        return s * (1 - s);");
        var results = LabTestSupport.GradeInProcess(Backprop, source, "J_b3", "J_b2", "J_W1", "J_b1", "training");
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Id}: {r.Summary}"));
        Assert.Equal(100, LabGrading.Score(results));
    }
}
