using Nabla.Symbolic;

namespace Nabla.Tests.CalculusTests;

public sealed class DerivativeTableTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");

    /// <summary>Where each function is differentiable, as sampling intervals (kept away from poles and kinks).</summary>
    private static (double Lo, double Hi)[] Domain(MathFunction f) => f switch
    {
        MathFunction.Tan or MathFunction.Sec => [(-1.4, 1.4)],
        MathFunction.Csc or MathFunction.Cot => [(0.15, 3.0)],
        MathFunction.Asin or MathFunction.Acos => [(-0.9, 0.9)],
        MathFunction.Ln => [(0.1, 6)],
        MathFunction.Abs or MathFunction.Sign or MathFunction.Relu or MathFunction.Step => [(-3, -0.2), (0.2, 3)],
        MathFunction.Sigmoid or MathFunction.Softplus => [(-6, 6)],
        _ => [(-3, 3)],
    };

    [Fact]
    public void EveryFunctionHasARow()
    {
        foreach (var f in Enum.GetValues<MathFunction>())
        {
            var row = DerivativeTable.Get(f);
            Assert.Equal(f, row.Function);
            Assert.StartsWith($"d/du {FunctionTable.Get(f).Name}(u) = ", row.Formula);
        }
        Assert.Equal(Enum.GetValues<MathFunction>().Length, DerivativeTable.All.Count(r => r is not null));
    }

    [Fact]
    public void AMissingRowFailsLoudlyNamingTheFunction()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DerivativeTable.Get((MathFunction)999));
        Assert.Contains("999", ex.Message);
        Assert.Contains("derivative table", ex.Message);
    }

    public static TheoryData<MathFunction> AllFunctions()
    {
        var data = new TheoryData<MathFunction>();
        foreach (var f in Enum.GetValues<MathFunction>()) data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void RowMatchesRichardsonDerivativeInsideTheDomain(MathFunction function)
    {
        var fx = Expr.Call(function, X);
        var derivative = Calculus.Diff(fx, X);
        var evaluate = FunctionTable.Get(function).Evaluate;
        var rng = new Random(1234 + (int)function);
        var intervals = Domain(function);
        for (int i = 0; i < 25; i++)
        {
            var (lo, hi) = intervals[i % intervals.Length];
            double x = lo + rng.NextDouble() * (hi - lo);
            var numeric = RichardsonOracle.Richardson(evaluate, x, h0: 0.05);
            double symbolic = derivative.Evaluate(("x", x));
            Assert.True(double.IsFinite(symbolic), $"{function}'({x}) = {symbolic}");
            Assert.True(Math.Abs(symbolic - numeric.Value) <= 1e-7 * Math.Max(1, Math.Abs(numeric.Value)),
                $"{function}'({x}): symbolic {symbolic}, numeric {numeric.Value} (±{numeric.Error})");
        }
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void ChainRuleThroughEveryRowMatchesRichardson(MathFunction function)
    {
        // f(u) with u = (x + 3)/4 keeps u inside each domain for x in [-1, 1] away from the kinks at u = 0.
        var u = (X + 3) / 4;
        var derivative = Calculus.Diff(Expr.Call(function, u), X);
        var evaluate = FunctionTable.Get(function).Evaluate;
        var rng = new Random(99 + (int)function);
        for (int i = 0; i < 20; i++)
        {
            double x = rng.NextDouble() * 1.6 - 0.8;
            var numeric = RichardsonOracle.Richardson(t => evaluate((t + 3) / 4), x, h0: 0.05);
            double symbolic = derivative.Evaluate(("x", x));
            Assert.True(Math.Abs(symbolic - numeric.Value) <= 1e-7 * Math.Max(1, Math.Abs(numeric.Value)),
                $"d/dx {function}((x+3)/4) at {x}: symbolic {symbolic}, numeric {numeric.Value}");
        }
    }

    [Theory]
    [InlineData(MathFunction.Abs)]
    [InlineData(MathFunction.Sign)]
    [InlineData(MathFunction.Relu)]
    [InlineData(MathFunction.Step)]
    public void NonSmoothRowsCarryANoteAboutZero(MathFunction function)
    {
        var note = DerivativeTable.Get(function).Note;
        Assert.NotNull(note);
        Assert.StartsWith("undefined at 0", note);
    }

    [Fact]
    public void ReluNoteExplainsTheStepConvention()
    {
        Assert.Contains("we use the step function, which is undefined there", DerivativeTable.Get(MathFunction.Relu).Note);
        Assert.Same(Expr.Call(MathFunction.Step, X), Calculus.Diff(Expr.Call(MathFunction.Relu, X), X));
    }
}
