using System.Threading.RateLimiting;

namespace Nabla.Web.Infrastructure;

/// <summary>
/// A limiter whose queued requests give up after <paramref name="timeout"/>: a request that would wait longer for an
/// engine slot is answered 503 (with Retry-After) instead of waiting until its client times out.
/// </summary>
internal sealed class RateLimitQueueTimeout(RateLimiter inner, TimeSpan timeout) : RateLimiter
{
    /// <inheritdoc />
    public override TimeSpan? IdleDuration => inner.IdleDuration;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        using var waited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waited.CancelAfter(timeout);
        try
        {
            return await inner.AcquireAsync(permitCount, waited.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut.Instance;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore() => inner.DisposeAsync();

    private sealed class TimedOut : RateLimitLease
    {
        public static readonly TimedOut Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
