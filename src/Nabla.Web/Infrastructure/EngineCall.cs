using Microsoft.Extensions.Options;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// Runs one engine computation for a request under the course's wall-clock budget
/// (<see cref="NablaWebOptions.EngineTimeBudgetSeconds"/>). The engine's own size budgets bound each operation;
/// this is the backstop: past the budget the request is answered 422 and the token asks the work to stop. The
/// token is both passed to the work and made ambient through <see cref="EngineCancellation"/>, so the engine's
/// own budget checkpoints (differentiation, simplification, Taylor, searches, grading) throw at their next check
/// and the thread is released instead of computing an answer nobody will read.
/// </summary>
public sealed class EngineCall(IOptions<NablaWebOptions> options)
{
    private readonly TimeSpan budget = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.EngineTimeBudgetSeconds));
    private int abandonedRunning;
    private long abandonedTotal;
    private long abandonedCancelled;

    /// <summary>The wall-clock budget of one call.</summary>
    public TimeSpan Budget => budget;

    /// <summary>
    /// Computations whose request was already answered (timed out or aborted) and that have not stopped yet. It
    /// returns to zero once the engine has observed the cancellation: the diagnostic the budget tests watch.
    /// </summary>
    public int AbandonedRunning => Volatile.Read(ref abandonedRunning);

    /// <summary>Computations cancelled (past their budget, or their client went away) since start-up (for diagnostics).</summary>
    public long AbandonedTotal => Interlocked.Read(ref abandonedTotal);

    /// <summary>
    /// Computations past their budget (or whose client went away) that ended because the engine observed the
    /// cancellation, rather than by finishing.
    /// </summary>
    public long AbandonedCancelled => Interlocked.Read(ref abandonedCancelled);

    /// <summary>Runs <paramref name="work"/> and answers its result as JSON, or the error it raised (4xx for input errors).</summary>
    public async Task<IResult> Run<T>(Func<CancellationToken, T> work, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        cts.CancelAfter(budget);
        var token = cts.Token;
        var task = Task.Run(() =>
        {
            using (EngineCancellation.Enter(token)) return work(token);
        }, token);
        try
        {
            var result = await task.WaitAsync(budget, requestAborted);
            return result is IResult r ? r : Results.Json(result);
        }
        catch (TimeoutException)
        {
            // Count it before cancelling: the engine may observe the cancellation before CancelAsync returns.
            Abandon(task);
            await cts.CancelAsync();
            return ApiErrors.Error($"the computation took longer than the {budget.TotalSeconds:0.#} s budget", "try a simpler expression or a smaller range",
                status: StatusCodes.Status422UnprocessableEntity);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            // The budget's own timer fired first and the engine already stopped on it.
            Abandon(task);
            return ApiErrors.Error($"the computation took longer than the {budget.TotalSeconds:0.#} s budget", "try a simpler expression or a smaller range",
                status: StatusCodes.Status422UnprocessableEntity);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            return ApiErrors.FromException(ex);
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            // The client went away: the linked token is cancelled with it, so the work stops at its next checkpoint.
            Abandon(task);
            throw;
        }
    }

    private void Abandon(Task task)
    {
        Interlocked.Increment(ref abandonedTotal);
        if (task.IsCompleted)
        {
            RecordEnd(task);
            return;
        }
        Interlocked.Increment(ref abandonedRunning);
        task.ContinueWith(t =>
        {
            RecordEnd(t);
            Interlocked.Decrement(ref abandonedRunning);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void RecordEnd(Task task)
    {
        // Reading Exception also marks a faulted task observed, so it is never reported as unobserved.
        if (task.IsCanceled || task.Exception?.GetBaseException() is OperationCanceledException)
            Interlocked.Increment(ref abandonedCancelled);
    }
}
