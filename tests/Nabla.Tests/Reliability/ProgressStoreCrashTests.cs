using System.Diagnostics;

namespace Nabla.Tests.Reliability;

/// <summary>
/// The command line's progress store under real faults: <c>nabla practice</c> killed with SIGKILL while it records
/// attempts in a loop, and a disk that is full when it records. Both run the CLI as a child process; the file is
/// then opened directly (not through nabla) and checked.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ProgressStoreCrashTests : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("nabla-reliability-");

    [Fact]
    public async Task Sigkill_while_practice_records_attempts_keeps_every_acknowledged_attempt()
    {
        if (!OperatingSystem.IsLinux()) return; // SIGKILL semantics; the CI machine is Linux
        string store = Path.Combine(scratch.FullName, "progress.db");
        using var practice = new PracticeProcess(store, "kill-test", scratch.FullName);
        // Queue far more answers than will be read: the process consumes one per exercise.
        for (int i = 0; i < 400; i++) Assert.True(practice.Send("solution"), "the practice process closed its input early:\n" + practice.Errors);

        bool enough = await practice.WaitUntil(() => practice.Acknowledged >= 25, TimeSpan.FromSeconds(60));
        practice.Kill();
        int acknowledged = practice.Acknowledged;
        Assert.True(enough, $"only {acknowledged} attempts were acknowledged within 60 s:\n{practice.Output}\n{practice.Errors}");

        Assert.Equal("ok", PracticeProcess.IntegrityCheck(store));
        int stored = PracticeProcess.StoredAttempts(store, "kill-test");
        Assert.True(stored >= acknowledged, $"{acknowledged} attempts acknowledged, only {stored} stored");
        Assert.True(stored <= acknowledged + 1, $"{stored} stored for {acknowledged} acknowledged: at most the one in flight may be extra");

        // The store opens again for the next session and goes on recording.
        using var next = new PracticeProcess(store, "kill-test", scratch.FullName);
        Assert.True(next.Send("solution") && next.Send("quit"));
        Assert.True(next.WaitForExit(TimeSpan.FromSeconds(60)), "the next session did not finish");
        Assert.True(next.ExitCode == 0, next.Errors);
        Assert.Equal(stored + 1, PracticeProcess.StoredAttempts(store, "kill-test"));
    }

    [SmallDiskFact]
    public void A_full_disk_gives_a_clear_error_and_keeps_the_saved_progress()
    {
        using var disk = SmallDisk.Mount(scratch.FullName, 768);
        string store = Path.Combine(disk.Path, "progress.db");

        var first = Session(store, 3);
        Assert.True(first.Code == 0, first.Errors);
        Assert.Equal(3, PracticeProcess.StoredAttempts(store, "disk-test"));

        disk.Fill();
        var full = Session(store, 3);
        Assert.NotEqual(0, full.Code);
        Assert.Contains("disk is full", full.Errors);
        Assert.Contains("hint:", full.Errors);
        Assert.DoesNotContain("   at ", full.Errors); // no stack trace
        Assert.DoesNotContain("internal error", full.Errors);

        disk.Free();
        Assert.Equal("ok", PracticeProcess.IntegrityCheck(store));
        Assert.Equal(3 + full.Acknowledged, PracticeProcess.StoredAttempts(store, "disk-test"));
        var after = Session(store, 1);
        Assert.True(after.Code == 0, after.Errors);
        Assert.Equal(4 + full.Acknowledged, PracticeProcess.StoredAttempts(store, "disk-test"));
    }

    private (int Code, string Errors, int Acknowledged) Session(string store, int attempts)
    {
        using var practice = new PracticeProcess(store, "disk-test", scratch.FullName);
        for (int i = 0; i < attempts; i++) practice.Send("solution");
        practice.Send("quit");
        Assert.True(practice.WaitForExit(TimeSpan.FromSeconds(60)), "nabla practice did not finish:\n" + practice.Output + practice.Errors);
        return (practice.ExitCode, practice.Errors, practice.Acknowledged);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { scratch.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The reliability tests run one at a time: they start processes and mount file systems.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Reliability processes";
}

/// <summary>
/// A real small file system (tmpfs, needs root as in CI) that <see cref="Fill"/> fills up to ENOSPC; unmounted on dispose.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler.bin");

    /// <summary>Why no small disk can be mounted here (null when it can), probed once.</summary>
    public static string? Unavailable { get; } = Probe();

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "a tmpfs mount needs Linux";
        var probe = Directory.CreateTempSubdirectory("nabla-tmpfs-probe-");
        try
        {
            var (code, text) = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.FullName);
            if (code != 0) return $"mount -t tmpfs is not permitted here ({text.Trim()})";
            Run("umount", probe.FullName);
            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "mount is not available: " + e.Message;
        }
        finally
        {
            try { probe.Delete(); } catch (IOException) { }
        }
    }

    public static SmallDisk Mount(string parent, int kilobytes)
    {
        string path = Directory.CreateDirectory(System.IO.Path.Combine(parent, "disk")).FullName;
        var (code, text) = Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0777", "tmpfs", path);
        if (code != 0) throw new InvalidOperationException($"mount failed: {text}");
        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the kernel answers ENOSPC (a truly full disk).</summary>
    public void Fill()
    {
        foreach (int size in new[] { 4096, 1 })
        {
            try
            {
                using var file = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
                var block = new byte[size];
                for (long written = 0; written < 1L << 30; written += size) file.Write(block);
            }
            catch (IOException)
            {
                // ENOSPC: full at this granularity.
            }
        }
    }

    public void Free() => File.Delete(Filler);

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within 30 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose() => Run("umount", "-l", Path);
}

/// <summary>A fact that needs <see cref="SmallDisk"/>: skipped with the reason where mounting is not permitted, except in CI (NABLA_REQUIRE_POSTGRES=1).</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when no small disk can be mounted outside CI.</summary>
    public SmallDiskFactAttribute()
    {
        if (SmallDisk.Unavailable is { } reason && Environment.GetEnvironmentVariable("NABLA_REQUIRE_POSTGRES") != "1") Skip = reason;
    }
}
