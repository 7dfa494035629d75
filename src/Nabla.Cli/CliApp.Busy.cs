using Spectre.Console;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    /// <summary>How long a verb may compute silently before a person at a terminal is shown that it is working.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Computes <paramref name="work"/>; when it takes longer than <see cref="QuietPeriod"/> and a person is watching
    /// (stderr is the terminal, the output is not JSON), a spinner on stderr says what is being done and for how long,
    /// and is cleared when the answer is ready. Ctrl-C stops the wait at once: the verb answers "cancelled" and writes
    /// no file (files are only written after the answer is complete, and then atomically).
    /// </summary>
    private T WhileBusy<T>(TextWriter stderr, OutputFormat format, Request request, CancellationToken cancellationToken, Func<T> work)
    {
        bool watched = format != OutputFormat.Json && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!watched && !cancellationToken.CanBeCanceled) return work();
        var task = Task.Run(work, CancellationToken.None);
        try
        {
            if (!Finished(task, QuietPeriod, cancellationToken) && watched)
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
                console.Status().Spinner(Spinner.Known.Dots).Start(BusyLabel(request), _ => Finished(task, Timeout.InfiniteTimeSpan, cancellationToken));
            }
            else if (!task.IsCompleted)
            {
                Finished(task, Timeout.InfiniteTimeSpan, cancellationToken);
            }
            // The work's own exception, unwrapped, so it is answered as the verb would answer it without the wait.
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new RequestException("cancelled (Ctrl-C): nothing was written");
        }
    }

    /// <summary>Waits for <paramref name="task"/>; true when it has finished (ran to completion or failed).</summary>
    private static bool Finished(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return task.Wait(timeout, cancellationToken);
        }
        catch (AggregateException)
        {
            return true; // failed: GetResult rethrows the original exception
        }
    }

    /// <summary>
    /// <paramref name="token"/> combined with the run's interrupt (Ctrl-C), so a verb cancels on either. The linked
    /// source lives as long as the run, which is one command.
    /// </summary>
    private CancellationToken WithInterrupt(CancellationToken token) =>
        !interrupted.CanBeCanceled ? token
        : !token.CanBeCanceled || token == interrupted ? interrupted
        : CancellationTokenSource.CreateLinkedTokenSource(token, interrupted).Token;

    /// <summary>What the spinner says, in the words of the verb.</summary>
    private static string BusyLabel(Request request) => request switch
    {
        FitRequest f => $"fitting {f.Model} to {f.Data.Y.Length:N0} points…",
        LinFitRequest l => $"fitting a line to {l.Data.Y.Length:N0} points…",
        LagrangeRequest => "searching for constrained stationary points from many starts…",
        MinimizeRequest => "minimising…",
        RootsRequest => "finding roots…",
        StationaryRequest => "solving ∇f = 0…",
        PlotRequest => "drawing…",
        _ => "working…",
    };
}
