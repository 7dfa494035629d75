using Nabla.Course.Grading;
using Nabla.Course.Templates;
using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;
using Nabla.Tests.Course;

namespace Nabla.Tests.Budgets;

/// <summary>
/// A host that gives up on a computation (the web's 2 s budget, a batch line's time limit) must get its thread
/// back: the engine's budget checkpoints observe <see cref="EngineCancellation"/> and stop, whatever their own
/// (here deliberately huge) budgets say.
/// </summary>
public sealed class CancellationTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly DiffOptions Unlimited = new() { MaxNodes = int.MaxValue, TimeBudget = TimeSpan.FromHours(1) };

    private static T RunCancelledAfter<T>(TimeSpan after, Func<T> work)
    {
        using var cts = new CancellationTokenSource(after);
        using (EngineCancellation.Enter(cts.Token)) return work();
    }

    [Fact]
    public void DifferentiationStopsSoonAfterCancellation()
    {
        // Without cancellation this runs for minutes (the hour-long budget and unlimited nodes would let it).
        var tower = Expr.Parse("x^(x^x)");
        var ex = Within.Throws<OperationCanceledException>(20, () =>
            RunCancelledAfter(TimeSpan.FromMilliseconds(300), () => Calculus.Diff(tower, X, 60, Unlimited)));
        Assert.Contains("time limit", ex.Message);
    }

    [Fact]
    public void StepsStopSoonAfterCancellation()
    {
        var tower = Expr.Parse("x^(x^x)");
        Within.Throws<OperationCanceledException>(20, () =>
            RunCancelledAfter(TimeSpan.FromMilliseconds(300), () => Calculus.DiffWithSteps(tower, X, 60, Unlimited)));
    }

    [Fact]
    public void ExpandStopsSoonAfterCancellation()
    {
        var f = Expr.Parse("(x + y + z + w + 1)^80");
        var options = new SimplifyOptions { MaxNodes = long.MaxValue, TimeBudget = TimeSpan.FromHours(1) };
        Within.Throws<OperationCanceledException>(20, () =>
            RunCancelledAfter(TimeSpan.FromMilliseconds(300), () => Simplifier.Expand(f, options)));
    }

    [Fact]
    public void TaylorStopsSoonAfterCancellation()
    {
        var f = Expr.Parse("exp(sin(x^x) + cos(x)^x)");
        var options = new TaylorOptions { TimeBudget = TimeSpan.FromHours(1) };
        // Either it finishes quickly or the cancellation stops it; it must never run on for the hour it was allowed.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            RunCancelledAfter(TimeSpan.FromMilliseconds(300), () => Calculus.Taylor(f, X, Expr.One, 200, options));
        }
        catch (OperationCanceledException)
        {
        }
        catch (BudgetExceededException)
        {
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void GradingUnderACancelledScopeThrowsInsteadOfGrading()
    {
        var variant = VariantGenerator.Generate(CourseFixtures.Valid.Template("product-rule-fixed"), 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using (EngineCancellation.Enter(cts.Token))
            Within.Throws<OperationCanceledException>(10, () => new Grader().Grade(variant, "3x^2 sin x + x^3 cos x"));
        // Outside the scope the same attempt grades normally.
        Assert.True(new Grader().Grade(variant, "3x^2 sin x + x^3 cos x").Correct);
    }

    [Fact]
    public async Task ScopesNestRestoreAndFlowIntoTasks()
    {
        Assert.False(EngineCancellation.IsCancellationRequested);
        using var outer = new CancellationTokenSource();
        using var inner = new CancellationTokenSource();
        inner.Cancel();
        using (EngineCancellation.Enter(outer.Token))
        {
            Assert.Equal(outer.Token, EngineCancellation.Token);
            using (EngineCancellation.Enter(inner.Token))
            {
                Assert.True(EngineCancellation.IsCancellationRequested);
                Assert.True(await Task.Run(() => EngineCancellation.IsCancellationRequested));
                Assert.Throws<OperationCanceledException>(() => EngineCancellation.ThrowIfCancelled("test"));
            }
            Assert.Equal(outer.Token, EngineCancellation.Token);
            EngineCancellation.ThrowIfCancelled("test");
        }
        Assert.Equal(CancellationToken.None, EngineCancellation.Token);
        // Work outside any scope is never affected.
        Assert.Same(3 * Expr.Pow(X, 2), Calculus.Diff(Expr.Pow(X, 3), X));
    }
}
