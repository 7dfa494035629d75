namespace Nabla.Web.Infrastructure;

/// <summary>
/// The request limits (section <c>Nabla:RateLimits</c>, environment <c>Nabla__RateLimits__*</c>); see docs/security.md.
/// The per-learner and per-client limits apply in hosted mode only: the local course has one learner, who is never
/// throttled. The engine concurrency limit applies in both modes but only sheds load when its queue is full.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nabla:RateLimits";

    /// <summary>Login attempts (POST /account/login) one client address may make per window (hosted mode; 0 = unlimited).</summary>
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>Answer checks (exercise check, quiz submit, assignment check) one learner may make per window (hosted mode; 0 = unlimited).</summary>
    public int GradingPerMinute { get; set; } = 120;

    /// <summary>
    /// The length of the window the <c>*PerMinute</c> counts apply to: 60 s, unless a test or an operator shortens it.
    /// </summary>
    public double WindowSeconds { get; set; } = 60;

    /// <summary>Engine-heavy API calls (every non-GET <c>/api</c> call) running at once, across all learners (0 = unlimited).</summary>
    public int EngineConcurrency { get; set; } = 64;

    /// <summary>
    /// Engine-heavy calls waiting for a slot; past this the server answers 503 with Retry-After at once. 128: at the
    /// answer check's throughput (over 1,000/s) a full queue is about 0.1 s of work, so a waiting call is answered in
    /// time, and overload reaches the server as 503s instead of as connections its clients wait on (docs/reliability-load.md).
    /// </summary>
    public int EngineQueue { get; set; } = 128;

    /// <summary>
    /// The longest a call waits in the engine queue (seconds); past it the server answers 503 with Retry-After rather
    /// than let the client time out.
    /// </summary>
    public double EngineQueueTimeoutSeconds { get; set; } = 5;

    /// <summary>The queue wait as a <see cref="TimeSpan"/> (at least 10 ms).</summary>
    public TimeSpan EngineQueueTimeout => TimeSpan.FromSeconds(Math.Max(0.01, double.IsFinite(EngineQueueTimeoutSeconds) ? EngineQueueTimeoutSeconds : 5));

    /// <summary>
    /// Local mode: graded attempts that may wait for the progress writer (group commit, see docs/reliability-load.md);
    /// past this an answer check is answered 503 with Retry-After at once instead of waiting behind the disk.
    /// </summary>
    public int ProgressWriteQueue { get; set; } = ProgressService.DefaultWriteQueue;

    /// <summary>The Retry-After (seconds) sent with a 503 when the engine queue is full.</summary>
    public int OverloadRetryAfterSeconds { get; set; } = 2;

    /// <summary>
    /// Applies the login and answer-check limits in local mode too (a course served without accounts to a classroom
    /// network; there every client address counts as one learner). Off by default: one local learner is never throttled.
    /// </summary>
    public bool InLocalMode { get; set; }

    /// <summary>The window as a <see cref="TimeSpan"/> (at least 100 ms).</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(Math.Max(0.1, double.IsFinite(WindowSeconds) ? WindowSeconds : 60));
}
