using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

/// <summary>Every exit reason the minimisers produce, each from a case where the reason is evident by hand.</summary>
public sealed class MinimizeExitReasonTests
{
    private static Dictionary<string, double> X(double x) => new() { ["x"] = x };

    [Fact]
    public void Converged_at_a_start_that_is_already_the_minimum()
    {
        var r = Optimize.Minimize(Expr.Parse("(x - 2)^2"), X(2));
        Assert.Equal(ExitReason.Converged, r.Exit);
        Assert.Equal(0, r.Iterations);
        Assert.Single(r.Trace);
    }

    [Fact]
    public void MaxIterations_when_the_budget_is_too_small()
    {
        var r = Optimize.Minimize(Problems.Rosenbrock, Problems.At(-1.2, 1),
            new MinimizeOptions { Method = MinimizeMethod.GradientDescent, Rate = 0.001, MaxIterations = 10 });
        Assert.Equal(ExitReason.MaxIterations, r.Exit);
        Assert.Equal(10, r.Iterations);
        Assert.Equal(11, r.Trace.Count);
        Assert.Contains("10 iterations", r.Message);
    }

    [Fact]
    public void Time_budget_stops_a_long_run_and_says_so()
    {
        // x ↦ x² with γ = 10⁻¹⁰ shrinks x by a factor 1 − 2·10⁻¹⁰ per step: it would take ~10¹¹ steps.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = Optimize.Minimize(Expr.Parse("x^2"), X(1), new MinimizeOptions
        {
            Method = MinimizeMethod.GradientDescent, Rate = 1e-10, MaxIterations = 10_000_000, RecordTrace = false,
            TimeBudget = TimeSpan.FromMilliseconds(200),
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(ExitReason.MaxIterations, r.Exit);
        Assert.Contains("time budget", r.Message);
        Assert.Empty(r.Trace);
    }

    [Theory]
    [InlineData("x^3", -1.0, MinimizeMethod.GradientDescent)]
    [InlineData("x^3", -1.0, MinimizeMethod.Newton)]
    [InlineData("x^3", -1.0, MinimizeMethod.Bfgs)]
    [InlineData("-x^2", 1.0, MinimizeMethod.GradientDescent)]
    [InlineData("-x^2", 1.0, MinimizeMethod.Momentum)]
    [InlineData("-x^2", 1.0, MinimizeMethod.Newton)]
    [InlineData("-x^2", 1.0, MinimizeMethod.Bfgs)]
    [InlineData("-x^2", 1.0, MinimizeMethod.Lbfgs)]
    [InlineData("-exp(x)", 0.0, MinimizeMethod.Bfgs)]
    public void Diverged_when_f_is_unbounded_below(string f, double start, MinimizeMethod method)
    {
        var r = Optimize.Minimize(Expr.Parse(f), X(start), new MinimizeOptions { Method = method });
        Assert.Equal(ExitReason.Diverged, r.Exit);
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
        Assert.True(double.IsFinite(r.Value));
    }

    [Fact]
    public void NonFinite_when_a_fixed_step_leaves_the_domain()
    {
        // f = ln(x) + x², f' = 1/x + 2x = 10.2 at x = 0.1: the step 0.1·10.2 lands at x = −0.92, where ln is undefined.
        var r = Optimize.Minimize(Expr.Parse("ln(x) + x^2"), X(0.1),
            new MinimizeOptions { Method = MinimizeMethod.GradientDescent, Rate = 0.1 });
        Assert.Equal(ExitReason.NonFinite, r.Exit);
        Assert.Equal(0.1, r.X[0]);
        Assert.Contains("-0.92", r.Message);
    }

    [Fact]
    public void UndefinedAtStart_for_ln_at_minus_one()
    {
        var r = Optimize.Minimize(Expr.Parse("ln(x)"), X(-1));
        Assert.Equal(ExitReason.UndefinedAtStart, r.Exit);
        Assert.Equal(0, r.Iterations);
        Assert.True(double.IsNaN(r.Value));
    }

    [Fact]
    public void UndefinedAtStart_when_the_gradient_is_infinite()
    {
        // √x is 0 at 0 but its derivative 1/(2√x) is infinite there.
        var r = Optimize.Minimize(Expr.Parse("sqrt(x)"), X(0));
        Assert.Equal(ExitReason.UndefinedAtStart, r.Exit);
    }

    [Fact]
    public void UndefinedAtStart_for_a_non_finite_start()
    {
        var r = Optimize.Minimize(Expr.Parse("x^2"), X(double.NaN));
        Assert.Equal(ExitReason.UndefinedAtStart, r.Exit);
        Assert.Equal(0, r.FunctionEvaluations);
    }

    [Theory]
    [InlineData(MinimizeMethod.GradientDescent, LineSearchKind.Backtracking)]
    [InlineData(MinimizeMethod.GradientDescent, LineSearchKind.Wolfe)]
    [InlineData(MinimizeMethod.Bfgs, LineSearchKind.Wolfe)]
    [InlineData(MinimizeMethod.Lbfgs, LineSearchKind.Wolfe)]
    public void LineSearchFailed_when_the_gradient_lies(MinimizeMethod method, LineSearchKind search)
    {
        // f = x² with a gradient of the wrong sign: every "downhill" direction goes uphill.
        var objective = Objective.FromDelegates(1, x => x[0] * x[0], (x, g) => g[0] = -2 * x[0]);
        var r = Optimize.Minimize(objective, [1.0], new MinimizeOptions { Method = method, LineSearch = search });
        Assert.Equal(ExitReason.LineSearchFailed, r.Exit);
        Assert.Equal(1.0, r.X[0]);
    }

    [Fact]
    public void Stalled_when_the_steps_are_below_the_step_tolerance()
    {
        var r = Optimize.Minimize(Expr.Parse("x^2"), X(1), new MinimizeOptions { Method = MinimizeMethod.GradientDescent, Rate = 1e-20 });
        Assert.Equal(ExitReason.Stalled, r.Exit);
        Assert.Equal(1, r.Iterations);
    }

    [Fact]
    public void Exit_json_names_are_the_shared_ones()
    {
        var r = Optimize.Minimize(Expr.Parse("x^2"), X(1), new MinimizeOptions { Method = MinimizeMethod.Newton });
        Assert.Equal("converged", r.Exit.ToJsonName());
        Assert.True(r.Converged);
    }
}
