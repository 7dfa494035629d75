namespace Nabla;

/// <summary>
/// Lets a host stop engine work it no longer wants (a web request past its wall-clock budget, a batch line past
/// its time limit) without threading a token through every public signature. The host opens a scope with
/// <see cref="Enter"/> around the computation; the engine's existing budget checkpoints (differentiation, the
/// simplifier, Taylor expansion, stationary-point search, least squares) call <see cref="ThrowIfCancelled"/> at
/// the same places they already check their time budgets, so the work stops within one checkpoint interval and
/// the thread is free again. The scope flows with the execution context (into tasks the work starts) and ends
/// when disposed; outside any scope the checks cost one read and never throw.
/// </summary>
public static class EngineCancellation
{
    // Flow-local, not shared: each computation sees only the token its own host gave it.
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>
    /// Runs engine calls made on this execution flow under <paramref name="token"/> until the returned scope is
    /// disposed. Scopes nest: disposing restores the token that was current before.
    /// </summary>
    public static IDisposable Enter(CancellationToken token)
    {
        var previous = Current.Value;
        Current.Value = token;
        return new Scope(previous);
    }

    /// <summary>The token the current flow runs under (<see cref="CancellationToken.None"/> outside a scope).</summary>
    public static CancellationToken Token => Current.Value;

    /// <summary>True when the host has asked the current computation to stop.</summary>
    public static bool IsCancellationRequested => Current.Value.IsCancellationRequested;

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> when the host has asked the current computation to stop.
    /// </summary>
    /// <param name="operation">What was running, quoted in the exception message.</param>
    public static void ThrowIfCancelled(string operation)
    {
        var token = Current.Value;
        if (token.IsCancellationRequested)
            throw new OperationCanceledException($"{operation}: stopped because the request ran past its time limit or was cancelled.", token);
    }

    private sealed class Scope(CancellationToken previous) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            Current.Value = previous;
        }
    }
}
