using System.Diagnostics;

namespace Nabla.Web.Tests.Process;

/// <summary>
/// A real small file system: a tmpfs of a few hundred kilobytes mounted on a scratch folder (needs root, as in CI and
/// on the development machine). <see cref="Fill"/> writes a filler file until the kernel answers ENOSPC — a truly
/// full disk, not a simulation — and <see cref="Free"/> deletes it. Unmounted on dispose.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler.bin");

    /// <summary>Why a small disk cannot be mounted here (null when it can), probed once.</summary>
    public static string? Unavailable { get; } = Probe();

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "a tmpfs mount needs Linux";
        string probe = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nabla-tmpfs-probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(probe);
        try
        {
            var (code, text) = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe);
            if (code != 0) return $"mount -t tmpfs is not permitted here ({text.Trim()})";
            Run("umount", probe);
            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "mount is not available: " + e.Message;
        }
        finally
        {
            try { Directory.Delete(probe); } catch (IOException) { }
        }
    }

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> on a new folder under <paramref name="parent"/>.</summary>
    public static SmallDisk Mount(string parent, int kilobytes)
    {
        string path = Directory.CreateDirectory(System.IO.Path.Combine(parent, "disk")).FullName;
        var (code, text) = Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0777", "tmpfs", path);
        if (code != 0) throw new InvalidOperationException($"mount failed: {text}");
        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the disk is full (ENOSPC); returns the bytes written.</summary>
    public long Fill()
    {
        long written = 0;
        var block = new byte[4096];
        try
        {
            using var file = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
            while (written < 1L << 30)
            {
                file.Write(block);
                written += block.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full now.
        }
        // Small writes may still fit in the last partial page: fill those too.
        try
        {
            using var file = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
            while (written < 1L << 30)
            {
                file.Write(block, 0, 1);
                written++;
            }
        }
        catch (IOException)
        {
        }
        return written;
    }

    /// <summary>Deletes the filler: the disk has room again.</summary>
    public void Free() => File.Delete(Filler);

    internal static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within 30 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Run("umount", "-l", Path);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A fact that needs <see cref="SmallDisk"/>: skipped with the reason where mounting is not permitted, except in CI
/// (<c>NABLA_REQUIRE_POSTGRES=1</c>, set by .ci/run as root), where it runs and fails loudly instead.
/// </summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when no small disk can be mounted outside CI.</summary>
    public SmallDiskFactAttribute()
    {
        if (SmallDisk.Unavailable is { } reason && Environment.GetEnvironmentVariable("NABLA_REQUIRE_POSTGRES") != "1") Skip = reason;
    }
}
