using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nabla.Cli;

namespace Nabla.Web.Infrastructure;

/// <summary>A failure of the progress database as the learner is told about it.</summary>
/// <param name="Status">503 (the database cannot be reached or is busy) or 507 (the disk holding it is full).</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="Hint">What the learner (or the operator) can do.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> header: when trying again makes sense.</param>
public sealed record DatabaseFailure(int Status, string Message, string Hint, int RetryAfterSeconds)
{
    /// <summary>The API's error shape (<c>kind</c> = <c>database</c>).</summary>
    public JsonObject Body()
    {
        var body = ApiErrors.Body(new ErrorInfo(Message, null, Hint, false, Message));
        body["error"]!["kind"] = "database";
        return body;
    }
}

/// <summary>
/// Recognises exceptions that mean "the progress database failed" — not a bug in Nabla, not the learner's input —
/// and turns them into a clean answer: 503 with <c>Retry-After</c> when the database is unreachable, busy, shutting
/// down or timed out, 507 when the disk under it is full. The database library wraps its errors (EF Core's
/// <c>DbUpdateException</c>, the retry strategy's <c>RetryLimitExceededException</c>), so the whole inner chain is
/// searched. PostgreSQL is recognised through <see cref="DbException"/>'s provider-neutral <c>SqlState</c> and
/// <c>IsTransient</c>, so this class needs no PostgreSQL reference.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>The message of a 503.</summary>
    public const string UnavailableMessage = "the progress database is unavailable";

    /// <summary>The message of a 507.</summary>
    public const string DiskFullMessage = "the disk is full: your progress could not be saved";

    private static readonly DatabaseFailure Unavailable = new(StatusCodes.Status503ServiceUnavailable, UnavailableMessage,
        "nothing was saved from this request; try again in a few seconds (your earlier progress is safe)", 5);

    private static readonly DatabaseFailure Busy = new(StatusCodes.Status503ServiceUnavailable, UnavailableMessage + " (it is busy)",
        "nothing was saved from this request; try again in a moment", 1);

    private static readonly DatabaseFailure DiskFull = new(StatusCodes.Status507InsufficientStorage, DiskFullMessage,
        "nothing was saved from this request; free some disk space on the server, then try again (your earlier progress is safe)", 30);

    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteNoMem = 7, SqliteReadOnly = 8, SqliteIoErr = 10, SqliteCorrupt = 11,
        SqliteFull = 13, SqliteCantOpen = 14, SqliteProtocol = 15, SqliteNotADb = 26;

    // errno ENOSPC / EDQUOT on Linux, and Windows' ERROR_HANDLE_DISK_FULL / ERROR_DISK_FULL as HRESULTs.
    private const int Enospc = 28, Edquot = 122;
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027), WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>The failure <paramref name="exception"/> (or an exception it wraps) stands for, or null when it is not a database failure.</summary>
    public static DatabaseFailure? Classify(Exception? exception)
    {
        bool insideDatabase = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return FromSqlite(sqlite);
                case DbException db:
                    insideDatabase = true;
                    if (FromSqlState(db.SqlState) is { } byState) return byState;
                    if (db.IsTransient) return Unavailable;
                    break; // look inside: a socket error, a timeout, a full disk; else a failing query (a bug: 500)
                case IOException io when IsDiskFull(io.HResult):
                    return DiskFull;
                case TimeoutException or System.Net.Sockets.SocketException when insideDatabase:
                    return Unavailable;
                case IOException when insideDatabase:
                    return Unavailable;
            }
        }
        return null;
    }

    private static DatabaseFailure FromSqlite(SqliteException sqlite) => (sqlite.SqliteErrorCode & 0xFF) switch
    {
        SqliteFull => DiskFull,
        SqliteBusy or SqliteLocked => Busy,
        SqliteNoMem or SqliteReadOnly or SqliteIoErr or SqliteCorrupt or SqliteCantOpen or SqliteProtocol or SqliteNotADb => Unavailable,
        _ => Unavailable,
    };

    /// <summary>PostgreSQL's SQLSTATE classes: 08 connection, 53 resources (53100 disk full), 57 operator intervention, 40001/40P01 retry.</summary>
    private static DatabaseFailure? FromSqlState(string? state) => state switch
    {
        null or { Length: < 2 } => null,
        "53100" => DiskFull,
        "40001" or "40P01" or "55P03" => Busy,
        _ when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
            || state.StartsWith("57", StringComparison.Ordinal) || state.StartsWith("58", StringComparison.Ordinal) => Unavailable,
        _ => null,
    };

    private static bool IsDiskFull(int hresult) => hresult is Enospc or Edquot or WindowsHandleDiskFull or WindowsDiskFull;

    /// <summary>An API answer for <paramref name="failure"/>: the JSON error shape with its status and <c>Retry-After</c>.</summary>
    public static IResult Result(DatabaseFailure failure) => new FailureResult(failure);

    /// <summary>Writes <paramref name="failure"/> to <paramref name="context"/>: JSON under <c>/api</c>, a small status page elsewhere.</summary>
    public static async Task Write(HttpContext context, DatabaseFailure failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(failure);
        var response = context.Response;
        response.StatusCode = failure.Status;
        response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await response.WriteAsJsonAsync(failure.Body());
            return;
        }
        string title = failure.Status == StatusCodes.Status507InsufficientStorage ? "The disk is full" : "Progress is unavailable";
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Nabla</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="status-page"><h1>{title}</h1>
            <p>{WebUtility.HtmlEncode(Capitalise(failure.Message))}.</p>
            <p>{WebUtility.HtmlEncode(Capitalise(failure.Hint))}.</p>
            <p><a href="">Try again</a> · <a href="/">Home</a></p></main></body></html>
            """);
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed class FailureResult(DatabaseFailure failure) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Write(httpContext, failure);
    }
}
