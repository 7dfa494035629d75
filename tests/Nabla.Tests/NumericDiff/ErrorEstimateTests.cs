using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Nabla.Tests.Support;

namespace Nabla.Tests.NumericDiffTests;

/// <summary>
/// The error estimate is an honest bound most of the time: over random smooth functions the actual error (against the
/// symbolic derivative, evaluated with a rounding-error bound of its own) is at most 10 × the estimate in ≥ 95% of cases.
/// </summary>
public sealed class ErrorEstimateTests
{
    private const int Functions = 250;
    private static readonly Symbol X = (Symbol)RandomExpressions.X;

    public static TheoryData<NumericMethod> Methods =>
        [NumericMethod.Forward, NumericMethod.Backward, NumericMethod.Central, NumericMethod.Stencil5, NumericMethod.Richardson];

    [Theory]
    [MemberData(nameof(Methods))]
    public void TheEstimateBoundsTheActualErrorInAtLeast95PercentOfCases(NumericMethod method)
    {
        var rng = new Random(20240603 + (int)method);
        int compared = 0, honest = 0;
        var failures = new List<string>();
        while (compared < Functions)
        {
            var f = RandomExpressions.Build(rng, 3, smoothOnly: true);
            if (!f.FreeSymbols.Contains(X)) continue; // constant in x: nothing to test
            var at = RandomExpressions.Point(rng);
            double F(double t) => f.Evaluate(new Dictionary<string, double>(at) { ["x"] = t });
            if (!double.IsFinite(F(at["x"]))) continue;

            var derivative = Calculus.Diff(f, X);
            var oracle = Oracle(derivative, at);
            if (!double.IsFinite(oracle.Value) || !double.IsFinite(oracle.Error)) continue;

            NumericDerivative r;
            try
            {
                r = method switch
                {
                    NumericMethod.Forward => NumericDiff.Forward(F, at["x"]),
                    NumericMethod.Backward => NumericDiff.Backward(F, at["x"]),
                    NumericMethod.Central => NumericDiff.Central(F, at["x"]),
                    NumericMethod.Stencil5 => NumericDiff.Stencil(F, at["x"], 1, 4),
                    _ => NumericDiff.Richardson(F, at["x"]),
                };
            }
            catch (ArgumentException)
            {
                continue; // overflowed to ∞ near x: not a smooth function in double precision
            }
            compared++;
            double actual = Math.Abs(r.Value - oracle.Value);
            // The oracle is itself rounded: allow its own error bound on top.
            if (actual <= 10 * r.ErrorEstimate + oracle.Error) honest++;
            else failures.Add($"{f} at x={at["x"]:R}: error {actual:G3}, estimate {r.ErrorEstimate:G3}");
        }
        Assert.True(honest >= 0.95 * compared,
            $"{method}: honest in {honest} of {compared}:\n{string.Join("\n", failures.Take(15))}");
        Assert.Equal(Functions, compared);
    }

    private static (double Value, double Error) Oracle(Expr derivative, Dictionary<string, double> at)
    {
        Symbol[] variables = [.. new[] { "x", "y", "z" }.Select(n => (Symbol)Expr.Sym(n))];
        var evaluator = new ErrorBoundEvaluator([derivative], variables, 1_000_000);
        Span<BoundedValue> result = stackalloc BoundedValue[1];
        evaluator.Evaluate([at["x"], at["y"], at["z"]], result);
        return (result[0].Value, result[0].Error);
    }

    [Fact]
    public void TheEstimateShrinksWithTheFormulasAccuracy()
    {
        // At their own optimal steps: forward ≈ √ε, central ≈ ε^(2/3), five-point ≈ ε^(4/5), Richardson smaller still.
        double Estimate(Func<Func<double, double>, double, NumericDerivative> method) => method(Math.Exp, 0.3).ErrorEstimate;
        double forward = Estimate((f, x) => NumericDiff.Forward(f, x));
        double central = Estimate((f, x) => NumericDiff.Central(f, x));
        double five = Estimate((f, x) => NumericDiff.Stencil(f, x, 1, 4));
        double richardson = Estimate((f, x) => NumericDiff.Richardson(f, x));
        Assert.True(forward > central && central > five && five > richardson,
            $"forward {forward:G3}, central {central:G3}, five-point {five:G3}, Richardson {richardson:G3}");
        Assert.InRange(forward, 1e-9, 1e-6);
        Assert.InRange(central, 1e-12, 1e-9);
    }
}
