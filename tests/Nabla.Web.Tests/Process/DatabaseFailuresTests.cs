using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Tests.Process;

/// <summary>
/// The classification behind the 503/507 answers, on the exceptions the providers really throw (wrapped the way EF
/// Core wraps them). The real-process tests show the same answers end to end.
/// </summary>
public sealed class DatabaseFailuresTests
{
    private sealed class ProviderException(string? sqlState, bool transient, Exception? inner = null) : DbException("provider failure", inner)
    {
        public override string? SqlState => sqlState;

        public override bool IsTransient => transient;
    }

    [Theory]
    [InlineData(13, 507)] // SQLITE_FULL
    [InlineData(5, 503)]  // SQLITE_BUSY
    [InlineData(6, 503)]  // SQLITE_LOCKED
    [InlineData(10, 503)] // SQLITE_IOERR
    [InlineData(14, 503)] // SQLITE_CANTOPEN
    [InlineData(8, 503)]  // SQLITE_READONLY
    public void Sqlite_result_codes_map_to_their_status_even_inside_DbUpdateException(int code, int status)
    {
        var sqlite = new SqliteException("SQLite Error", code, code | 0x100);
        Assert.Equal(status, DatabaseFailures.Classify(sqlite)!.Status);
        var wrapped = new DbUpdateException("An error occurred while saving the entity changes.", sqlite);
        Assert.Equal(status, DatabaseFailures.Classify(new InvalidOperationException("outer", wrapped))!.Status);
    }

    [Theory]
    [InlineData("53100", 507)] // disk_full
    [InlineData("08006", 503)] // connection_failure
    [InlineData("57P01", 503)] // admin_shutdown
    [InlineData("57P03", 503)] // cannot_connect_now
    [InlineData("53300", 503)] // too_many_connections
    [InlineData("40001", 503)] // serialization_failure
    public void Postgres_sql_states_map_to_their_status(string state, int status) =>
        Assert.Equal(status, DatabaseFailures.Classify(new ProviderException(state, transient: false))!.Status);

    [Fact]
    public void A_transient_provider_error_or_a_timeout_inside_one_is_503()
    {
        Assert.Equal(503, DatabaseFailures.Classify(new ProviderException(null, transient: true))!.Status);
        Assert.Equal(503, DatabaseFailures.Classify(new ProviderException(null, false, new TimeoutException("Timeout during reading attempt")))!.Status);
        Assert.Equal(503, DatabaseFailures.Classify(new ProviderException(null, false, new System.Net.Sockets.SocketException(111)))!.Status);
    }

    [Fact]
    public void Disk_full_io_errors_are_507()
    {
        Assert.Equal(507, DatabaseFailures.Classify(new IOException("No space left on device", 28))!.Status);
        Assert.Equal(507, DatabaseFailures.Classify(new IOException("Disk full", unchecked((int)0x80070070)))!.Status);
    }

    [Fact]
    public void Other_failures_are_not_database_failures()
    {
        // An engine timeout stays the learner's 422, a plain bug stays a 500: only database errors are 503/507.
        Assert.Null(DatabaseFailures.Classify(new TimeoutException("engine budget")));
        Assert.Null(DatabaseFailures.Classify(new InvalidOperationException("a bug")));
        Assert.Null(DatabaseFailures.Classify(new IOException("some other I/O error", 5)));
        Assert.Null(DatabaseFailures.Classify(null));
        // A non-transient provider error with a SQL state of the query's own making (a constraint) is no outage.
        Assert.Null(DatabaseFailures.Classify(new ProviderException("23505", false, new ArgumentException("x"))));
    }

    [Fact]
    public async Task The_answer_has_the_api_error_shape_status_and_retry_after()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/exercises/x/check";
        http.Response.Body = new MemoryStream();
        http.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        await ApiErrors.FromException(new DbUpdateException("save failed", new SqliteException("database or disk is full", 13))).ExecuteAsync(http);
        Assert.Equal(507, http.Response.StatusCode);
        Assert.Equal("30", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = JsonNode.Parse(http.Response.Body)!.AsObject();
        Assert.False(body["ok"]!.GetValue<bool>());
        Assert.Equal(DatabaseFailures.DiskFullMessage, body["error"]!["message"]!.GetValue<string>());
        Assert.Equal("database", body["error"]!["kind"]!.GetValue<string>());
        Assert.Contains("free some disk space", body["error"]!["hint"]!.GetValue<string>());
    }
}
