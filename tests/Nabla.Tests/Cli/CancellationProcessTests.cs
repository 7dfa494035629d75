using System.Diagnostics;

namespace Nabla.Tests.Cli;

/// <summary>
/// Ctrl-C on a real <c>nabla</c> process: the verb stops promptly, says it was cancelled, and leaves no output file
/// (neither the requested plots nor temporary files). Runs the CLI as a child process because a signal cannot be
/// sent to an in-process run.
/// </summary>
public sealed class CancellationProcessTests
{
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "Nabla.Cli.dll");

    /// <summary>
    /// SIGINT, unless this process inherited "ignore SIGINT" (as commands started in the background by a
    /// non-interactive shell do, and children keep ignored signals): then SIGTERM, which the CLI handles the same way.
    /// </summary>
    private static string InterruptSignal()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                return (Convert.ToUInt64(line[7..].Trim(), 16) & 0b10) != 0 ? "TERM" : "INT";
        return "INT";
    }

    /// <summary>User + system CPU seconds the process has used (/proc/PID/stat, clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are indices 11 and 12.
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return double.PositiveInfinity; } // the process is gone: stop waiting
    }

    [Theory]
    [InlineData("train", "course-net", "--iterations", "20000000", "--plot", "{dir}/heart.svg", "--loss-plot", "{dir}/loss.png")]
    [InlineData("train", "mlp", "--layers", "784,256,256,10", "--epochs", "50", "--loss-plot", "{dir}/loss.svg")]
    public async Task InterruptedVerbStopsAndWritesNoFile(params string[] args)
    {
        if (!OperatingSystem.IsLinux()) return; // signals by `kill`; the CI machine is Linux
        var folder = Directory.CreateTempSubdirectory("nabla-cancel-");
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(CliDll);
            foreach (var a in args) start.ArgumentList.Add(a.Replace("{dir}", folder.FullName, StringComparison.Ordinal));
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // Interrupt once the run is well into its work. Wall-clock waits fail on a loaded machine (the runtime may
            // not even have reached Main, so the default SIGINT action kills it); CPU time spent says it has.
            var waited = Stopwatch.StartNew();
            while (!process.HasExited && CpuSeconds(process.Id) < 2.0 && waited.Elapsed < TimeSpan.FromSeconds(90))
                await Task.Delay(100);
            if (process.HasExited) Assert.Fail($"the run ended before it could be interrupted: {await stderr}");
            using (var kill = Process.Start("kill", ["-" + InterruptSignal(), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
            bool stopped = process.WaitForExit(TimeSpan.FromSeconds(15));
            if (!stopped) process.Kill(entireProcessTree: true);
            Assert.True(stopped, "the process did not stop within 15 s of the interrupt");
            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("cancel", await stderr, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(folder.GetFileSystemInfos());
            Assert.DoesNotContain("plot written", await stdout);
        }
        finally { folder.Delete(recursive: true); }
    }
}
