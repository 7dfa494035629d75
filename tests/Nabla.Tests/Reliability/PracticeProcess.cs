using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Nabla.Tests.Reliability;

/// <summary>
/// A real <c>dotnet Nabla.Cli.dll practice</c> process fed by a pipe. Each <c>solution</c> line records an attempt
/// (marked wrong, score 0) and moves on to the next exercise, whose header <c>[template] Title</c> is printed only
/// after the record returned — so every header after the first is an acknowledgement of one stored attempt.
/// </summary>
internal sealed partial class PracticeProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();
    private int headers;

    [GeneratedRegex(@"^\[m\d+-[a-z0-9-]+\] ")]
    private static partial Regex Header();

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "Nabla.Cli.dll");

    /// <summary>The repository's content folder.</summary>
    public static string Content { get; } = FindContent();

    private static string FindContent()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) return Path.Combine(dir.FullName, "content");
        throw new DirectoryNotFoundException("Nabla.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Starts <c>nabla practice derivatives --store <paramref name="store"/></c> for <paramref name="learner"/>.</summary>
    public PracticeProcess(string store, string learner, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { CliDll, "practice", "derivatives", "--store", store, "--learner", learner, "--seed", "7", "--content", Content })
            start.ArgumentList.Add(a);
        start.Environment["NABLA_DATA_DIR"] = dataDirectory;
        start.Environment["NO_COLOR"] = "1";
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (Header().IsMatch(e.Data)) Interlocked.Increment(ref headers);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Attempts acknowledged so far (exercise headers after the first).</summary>
    public int Acknowledged => Math.Max(0, Volatile.Read(ref headers) - 1);

    /// <summary>Stdout so far.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Stderr so far.</summary>
    public string Errors
    {
        get { lock (errors) return errors.ToString(); }
    }

    /// <summary>The exit code once the process ended.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Writes <paramref name="line"/> to the process's stdin; false once the pipe is closed (the process died).</summary>
    public bool Send(string line)
    {
        try
        {
            process.StandardInput.WriteLine(line);
            process.StandardInput.Flush();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds or the process ends.</summary>
    public async Task<bool> WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited || clock.Elapsed > timeout) return condition();
            await Task.Delay(20);
        }
        return true;
    }

    /// <summary>Waits (bounded) for the process to exit by itself; kills it when it does not.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (process.WaitForExit(timeout))
        {
            process.WaitForExit(); // drains the asynchronous output readers
            return true;
        }
        Kill();
        return false;
    }

    /// <summary>SIGKILL; waits until the process is gone and its output drained.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        process.WaitForExit(15_000);
        process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    /// <summary>PRAGMA integrity_check of <paramref name="path"/> (opening it rolls back whatever a crash left half-done).</summary>
    public static string IntegrityCheck(string path) => Scalars(path, "PRAGMA integrity_check", null);

    /// <summary>The number of attempts stored for <paramref name="learner"/>.</summary>
    public static int StoredAttempts(string path, string learner) =>
        int.Parse(Scalars(path, "SELECT count(*) FROM attempts WHERE Learner = $l", learner), System.Globalization.CultureInfo.InvariantCulture);

    private static string Scalars(string path, string sql, string? learner)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (learner is not null) command.Parameters.AddWithValue("$l", learner);
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return string.Join("; ", rows);
    }
}
