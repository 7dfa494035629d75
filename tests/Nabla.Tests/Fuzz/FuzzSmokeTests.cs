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
}
