using Microsoft.Extensions.Options;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// Runs one engine computation for a request under the course's wall-clock budget
/// (<see cref="NablaWebOptions.EngineTimeBudgetSeconds"/>). The engine's own size budgets bound each operation;
/// this is the backstop: past the budget the request is answered 422 and the token asks the work to stop.
/// </summary>
public sealed class EngineCall(IOptions<NablaWebOptions> options)
{
    private readonly TimeSpan budget = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.EngineTimeBudgetSeconds));

    /// <summary>The wall-clock budget of one call.</summary>
    public TimeSpan Budget => budget;

    /// <summary>Runs <paramref name="work"/> and answers its result as JSON, or the error it raised (4xx for input errors).</summary>
    public async Task<IResult> Run<T>(Func<CancellationToken, T> work, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        cts.CancelAfter(budget);
        var task = Task.Run(() => work(cts.Token), cts.Token);
        try
        {
            var result = await task.WaitAsync(budget, requestAborted);
            return result is IResult r ? r : Results.Json(result);
        }
        catch (TimeoutException)
        {
            await cts.CancelAsync();
            return ApiErrors.Error($"the computation took longer than the {budget.TotalSeconds:0.#} s budget", "try a simpler expression or a smaller range",
                status: StatusCodes.Status422UnprocessableEntity);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return ApiErrors.Error($"the computation took longer than the {budget.TotalSeconds:0.#} s budget", "try a simpler expression or a smaller range",
                status: StatusCodes.Status422UnprocessableEntity);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            return ApiErrors.FromException(ex);
        }
    }
}
