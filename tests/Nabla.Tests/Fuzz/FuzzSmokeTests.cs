using Nabla.Fuzz;

namespace Nabla.Tests.Fuzz;

/// <summary>
/// Keeps the fuzz harness honest in CI: each target runs a seeded prefix of its inputs (up to 20,000, bounded to
/// 20 s per target so a loaded machine still finishes) and must report no finding. The long documented runs are in
/// docs/reliability-fuzzing.md; this only proves the harness and the targets still work and nothing regressed on the
/// first inputs.
/// </summary>
public sealed class FuzzSmokeTests
{
    private static readonly Lazy<FuzzContext> Context = new(() => FuzzContext.Load());

    [Theory]
    [InlineData("parse")]
    [InlineData("simplify")]
    [InlineData("diff")]
    [InlineData("grade")]
    [InlineData("batch")]
    [InlineData("web")]
    public void A_seeded_prefix_of_inputs_finds_nothing(string name)
    {
        var target = FuzzMain.Create(name, Context.Value);
        try
        {
            // The hang budget is generous here: CI shares its cores; the documented runs use 10-20 s.
            var runner = new Runner(target, seed: 1, hangSeconds: 60, minimise: false, TextWriter.Null) { ExitWhenStuck = false };
            var result = runner.Run(0, 20_000, trace: null, timeLimit: TimeSpan.FromSeconds(20));
            Assert.True(result.Executed >= 50, $"only {result.Executed} inputs ran");
            Assert.True(result.Findings.Count == 0,
                string.Join("\n", result.Findings.Select(f => $"{f.Signature} at index {f.Index}: {f.Input}\n{f.Message}")));
            Assert.Equal(result.Executed, result.Outcomes.Values.Sum());
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void Inputs_are_a_pure_function_of_seed_and_index()
    {
        var target = FuzzMain.Create("grade", Context.Value);
        for (long i = 0; i < 200; i++)
            Assert.Equal(Runner.InputAt(target, 3, i), Runner.InputAt(target, 3, i));
        Assert.NotEqual(Runner.InputAt(target, 3, 0), Runner.InputAt(target, 4, 0));
    }

    [Fact]
    public void The_oracles_catch_a_planted_failure()
    {
        // A target that fails on inputs holding "x" and throws on "(": the runner must report both, minimised.
        var runner = new Runner(new Planted(), seed: 1, hangSeconds: 60, minimise: true, TextWriter.Null) { ExitWhenStuck = false };
        var (_, signature, _) = runner.RunOne("2*x+1");
        Assert.StartsWith("wrong-mark", signature, StringComparison.Ordinal);
        Assert.Equal("x", runner.Minimise("2*x+1", signature!));
        var (_, crash, _) = runner.RunOne("sin(2)");
        Assert.StartsWith("exception: InvalidOperationException", crash, StringComparison.Ordinal);
        Assert.Equal("(", runner.Minimise("sin(2)", crash!));
    }

    private sealed class Planted : Target
    {
        public override string Name => "planted";
        public override string Generate(Random rng) => rng.Next(2) == 0 ? "x" : "(";
        public override string Run(string input)
        {
            if (input.Contains('(', StringComparison.Ordinal)) throw new InvalidOperationException("planted crash");
            if (input.Contains('x', StringComparison.Ordinal)) throw new Finding("wrong-mark", "planted oracle failure");
            return "ok";
        }
    }

    // The numeric oracles must still catch a wrong answer after they learnt to forgive rounding and fast oscillation.
    [Fact]
    public void The_finite_difference_oracle_catches_a_wrong_derivative_and_passes_right_ones()
    {
        var x = (Nabla.Symbolic.Symbol)Nabla.Symbolic.Expr.Sym("x");
        var f = Nabla.Symbolic.Expr.Parse("sin(x)*x^2");
        Assert.Throws<Finding>(() => DiffTarget.FiniteDifference(f, Nabla.Symbolic.Expr.Parse("cos(x)*x^2 + 2*x*sin(x) + x/100"), x, new Random(1)));
        DiffTarget.FiniteDifference(f, Nabla.Symbolic.Expr.Parse("cos(x)*x^2 + 2*x*sin(x)"), x, new Random(1));
        // sin(1.9e5·x²): the coarse steps average the oscillation out; the exact derivative is right and passes.
        var fast = Nabla.Symbolic.Expr.Parse("sin(190000*x^2)");
        DiffTarget.FiniteDifference(fast, Nabla.Symbolic.Expr.Parse("380000*x*cos(190000*x^2)"), x, new Random(1));
        Assert.Throws<Finding>(() => DiffTarget.FiniteDifference(fast, Nabla.Symbolic.Expr.Parse("380000*x*cos(190000*x^2) + 1000"), x, new Random(1)));
    }

    [Fact]
    public void The_simplify_oracle_catches_a_wrong_result_and_forgives_rounding()
    {
        var point = new Dictionary<string, double>(StringComparer.Ordinal) { ["x"] = 0.75, ["z"] = -1.2264739 };
        Assert.Throws<Finding>(() => SimplifyTarget.Agree("expand", Nabla.Symbolic.Expr.Parse("(x-1)*(x+1)"), Nabla.Symbolic.Expr.Parse("x^2+1"), point));
        // 4z/(e-3)^12 expanded: terms near 10^6 cancel to 2.5e-7, so the doubles differ by 8 %; both forms are right.
        var e = Nabla.Symbolic.Expr.Parse("4z/((e-3)^12)");
        SimplifyTarget.Agree("expand", e, e.Expand(), point);
    }
}
