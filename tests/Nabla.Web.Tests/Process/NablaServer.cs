using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Process;

/// <summary>
/// One real Nabla.Web server: <c>dotnet Nabla.Web.dll</c> as a child process on a free loopback port, with the
/// environment a test gives it. Start waits (bounded) until the server answers; <see cref="Kill"/> is SIGKILL,
/// <see cref="Terminate"/> SIGTERM; <see cref="StartAsync"/> again restarts it on the same port and settings.
/// Disposing kills whatever still runs, so a failing test leaves no process behind.
/// </summary>
public sealed class NablaServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, string> environment;
    private readonly StringBuilder output = new();
    private System.Diagnostics.Process? process;

    /// <summary>A server on a free port with <paramref name="environment"/> (e.g. <c>Nabla__ProgressDatabase</c>).</summary>
    public NablaServer(IReadOnlyDictionary<string, string> environment)
    {
        Port = FreePort();
        this.environment = new Dictionary<string, string>(environment);
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The server's base address.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The running process's id (0 when stopped).</summary>
    public int ProcessId => process is { HasExited: false } p ? p.Id : 0;

    /// <summary>What the server printed so far (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>The built Nabla.Web.dll: the web project's own bin folder in the same configuration as the tests.</summary>
    public static string WebAssembly { get; } = FindWebAssembly();

    private static string FindWebAssembly()
    {
        // The tests run from tests/Nabla.Web.Tests/bin/<config>/net10.0; the app's runtimeconfig/deps are in its own bin.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        foreach (var candidate in new[] { configuration, "Debug", "Release" }.Distinct())
        {
            string path = Path.Combine(RepositoryPaths.Root, "src", "Nabla.Web", "bin", candidate, "net10.0", "Nabla.Web.dll");
            if (File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))) return path;
        }
        throw new FileNotFoundException("Nabla.Web.dll not found under src/Nabla.Web/bin: build tests/Nabla.Web.Tests first");
    }

    /// <summary>Starts the server and waits until <c>GET /api/session</c> answers 200.</summary>
    public async Task StartAsync()
    {
        if (process is { HasExited: false }) throw new InvalidOperationException("the server is already running");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebAssembly);
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var started = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process = started;
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (started.HasExited)
                throw new InvalidOperationException($"the server exited with code {started.ExitCode} while starting:\n{Output}");
            try
            {
                using var response = await probe.GetAsync("/api/session");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow first answer on a loaded machine.
            }
            await Task.Delay(100);
        }
        Kill();
        throw new TimeoutException($"the server did not answer within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    /// <summary>SIGKILL: the process dies at once, mid-request, mid-write; waits (bounded) until it is gone.</summary>
    public void Kill()
    {
        if (process is not { } p) return;
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>SIGTERM: asks for a graceful shutdown (in-flight requests finish); does not wait.</summary>
    public void Terminate()
    {
        if (process is not { HasExited: false } p) return;
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit(5000);
    }

    /// <summary>Waits (bounded) for the process to end; returns its exit code, or null when it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        if (process is not { } p) return null;
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cancel.Token);
            return p.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// A client for this server that keeps cookies and sends the antiforgery header (from <c>GET /api/session</c>).
    /// Pass <paramref name="cookies"/> to share a login or an antiforgery cookie with another server.
    /// </summary>
    public async Task<HttpClient> ClientAsync(CookieContainer? cookies = null, bool withToken = true)
    {
        var handler = new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (withToken)
        {
            var session = await client.GetFromJsonAsync<JsonObject>("/api/session") ?? throw new InvalidOperationException("no session answer");
            client.DefaultRequestHeaders.Add(session["header"]!.GetValue<string>(), session["token"]!.GetValue<string>());
        }
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        process = null;
        return ValueTask.CompletedTask;
    }
}
