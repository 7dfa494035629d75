using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Nabla.Cli;

public sealed partial class CliApp
{
    /// <summary>
    /// How many batch lines may be read ahead of the answer being written: enough to keep every core busy, small
    /// enough that a huge input never sits in memory.
    /// </summary>
    private static int BatchLookahead => 4 * Environment.ProcessorCount + 8;

    /// <summary>
    /// The batch loop: one answer per non-blank line, in input order. Answers are computed on every core while a
    /// single writer prints them in order; the writer flushes whenever the next answer is not ready yet, so a client
    /// that sends one line and waits gets its answer at once, while a piped file is written in large blocks instead
    /// of one system call per line.
    /// </summary>
    private int RunBatch(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var answers = Channel.CreateBounded<Task<string>>(new BoundedChannelOptions(BatchLookahead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Exception? readFailure = null;
        // A dedicated thread, not a pool task: ReadLine blocks for as long as the client keeps the stream open.
        var reader = new Thread(() =>
        {
            try
            {
                string? line;
                while ((line = stdin.ReadLine()) is not null)
                {
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    string request = line;
                    var answer = Task.Run(() => JsonOutput.ToLine(AnswerLine(request)));
                    while (!answers.Writer.TryWrite(answer))
                        if (!answers.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult()) return;
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                readFailure = ex;
            }
            finally
            {
                answers.Writer.TryComplete();
            }
        })
        { IsBackground = true, Name = "nabla batch reader" };
        reader.Start();

        // Console.Out flushes on every write (a system call per answer); the process's own stdout gets a buffered
        // writer instead, flushed by the rule below.
        var output = ReferenceEquals(stdout, Console.Out)
            ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false }
            : stdout;
        var pending = answers.Reader;
        long lastFlush = Stopwatch.GetTimestamp();
        while (pending.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (pending.TryRead(out var answer))
            {
                output.WriteLine(answer.GetAwaiter().GetResult());
                // Flush when nothing more is queued (the client may be waiting for this answer before it sends more),
                // and at least every few milliseconds while a long stream is being answered.
                if (!pending.TryPeek(out _) || Stopwatch.GetElapsedTime(lastFlush).TotalMilliseconds > 20)
                {
                    output.Flush();
                    lastFlush = Stopwatch.GetTimestamp();
                }
            }
        }
        output.Flush();
        reader.Join();
        if (readFailure is not null)
        {
            stderr.WriteLine($"error: reading the batch input failed: {readFailure.Message}");
            return ExitCodes.UserError;
        }
        return ExitCodes.Ok;
    }

    /// <summary>The JSON answer to one batch line (never throws for bad input).</summary>
    public JsonObject AnswerLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonNode? id = null;
        JsonObject answer;
        try
        {
            if (line.Length > MaxBatchLineLength)
                throw new RequestException($"line too long ({line.Length} characters; at most {MaxBatchLineLength})");
            var request = RequestReader.Read(line, out id);
            using var limit = new CancellationTokenSource(BatchLineTimeLimit);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, interrupted);
            using (EngineCancellation.Enter(stop.Token))
                answer = responder.Answer(request, debug);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            answer = Responder.ErrorJson(ErrorInfo.FromException(ex, debug));
        }
        if (id is not null) answer["id"] = id;
        return answer;
    }
}
