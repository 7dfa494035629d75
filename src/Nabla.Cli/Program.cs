using System.Runtime.InteropServices;
using System.Text;
using Nabla.Cli;

// Math output uses non-ASCII characters (·, π, √); say so to the terminal.
Console.OutputEncoding = Encoding.UTF8;

// Ctrl-C (SIGINT) and SIGTERM cancel the running verb instead of killing the process, so it can stop cleanly: answer
// "cancelled", write no output file. A verb that cannot stop (a computation that does not watch the token) is ended
// after a grace period; files are written atomically, so even then none is left half-written.
using var interrupt = new CancellationTokenSource();
PosixSignalRegistration Handle(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
{
    context.Cancel = true;
    if (interrupt.IsCancellationRequested) return;
    interrupt.Cancel();
    _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ =>
    {
        // The verb did not reach a point where it watches the token (e.g. still preparing data): say so, then stop.
        Console.Error.WriteLine("cancelled (the computation did not stop within 5 s, so nabla stopped it; no file was written)");
        Environment.Exit(ExitCodes.UserError);
    }, TaskScheduler.Default);
});
using var sigint = Handle(PosixSignal.SIGINT);
using var sigterm = Handle(PosixSignal.SIGTERM);
return new CliApp().Run(args, Console.In, Console.Out, Console.Error, interrupt.Token);
