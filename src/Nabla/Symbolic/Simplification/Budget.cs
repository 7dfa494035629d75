using System.Diagnostics;

namespace Nabla.Symbolic.Simplification;

/// <summary>
/// The size and time allowance shared by every step of one simplification call. Long loops call
/// <see cref="Tick"/> so that a pathological input stops at the deadline instead of hanging.
/// </summary>
internal sealed class Budget
{
    private readonly long _deadline;
    private int _ticks;

    public Budget(SimplifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxNodes = Math.Max(1, options.MaxNodes);
        var ticks = options.TimeBudget <= TimeSpan.Zero ? 0 : options.TimeBudget.TotalSeconds * Stopwatch.Frequency;
        _deadline = ticks >= long.MaxValue / 2 ? long.MaxValue : Stopwatch.GetTimestamp() + (long)ticks;
    }

    /// <summary>Largest expression (tree size) or polynomial (estimated nodes) an operation may build.</summary>
    public long MaxNodes { get; }

    /// <summary>True once the wall-clock allowance is spent.</summary>
    public bool TimeUp => Stopwatch.GetTimestamp() > _deadline || EngineCancellation.IsCancellationRequested;

    /// <summary>Cheap periodic time check for inner loops.</summary>
    public void Tick(string operation)
    {
        if ((++_ticks & 63) == 0) CheckTime(operation);
    }

    /// <summary>Throws when the deadline has passed.</summary>
    public void CheckTime(string operation)
    {
        EngineCancellation.ThrowIfCancelled(operation);
        if (TimeUp)
            throw new BudgetExceededException($"{operation}: the time budget ran out.");
    }

    /// <summary>Throws when an estimated result size is over <see cref="MaxNodes"/>.</summary>
    public void CheckSize(string operation, double estimatedNodes)
    {
        if (estimatedNodes > MaxNodes)
            throw new BudgetExceededException(
                $"{operation}: the result would have about {estimatedNodes:G3} nodes; the limit is {MaxNodes} (SimplifyOptions.MaxNodes).");
    }
}
