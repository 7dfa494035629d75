using System.Globalization;

namespace Nabla.Cli;

/// <summary>The image formats a plot can be written in, chosen by the file's extension.</summary>
public enum PlotFileFormat
{
    /// <summary>Scalable vector graphics (<c>.svg</c>): the default, crisp at any size, diff-able text.</summary>
    Svg,
    /// <summary>A bitmap (<c>.png</c>).</summary>
    Png,
}

/// <summary>
/// Checks plot paths and writes plots atomically: the image is rendered in memory, written to a temporary file in
/// the target's folder and moved into place, so an error or a Ctrl-C never leaves a half-written file behind.
/// </summary>
public static class PlotFile
{
    /// <summary>The smallest width or height accepted, in pixels.</summary>
    public const int MinSize = 100;

    /// <summary>The largest width or height accepted, in pixels (a larger PNG would be a memory hazard).</summary>
    public const int MaxSize = 4000;

    /// <summary>The format for <paramref name="path"/>'s extension.</summary>
    /// <exception cref="RequestException">The extension is neither .svg nor .png.</exception>
    public static PlotFileFormat FormatOf(string path, string example = "plot.svg")
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".svg" => PlotFileFormat.Svg,
            ".png" => PlotFileFormat.Png,
            _ => throw new RequestException($"the plot file must end in .svg or .png, got \"{path}\"", $"e.g. {example}"),
        };
    }

    /// <summary>
    /// Checks, before any work is done, that <paramref name="path"/> has a known extension and lies in an existing
    /// folder; returns the full path.
    /// </summary>
    /// <exception cref="RequestException">A bad extension or a missing folder.</exception>
    public static string Check(string path, string example = "plot.svg")
    {
        FormatOf(path, example);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RequestException($"\"{path}\" is not a usable file path: {ex.Message}", "choose a writable path");
        }
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            throw new RequestException($"cannot write the plot to {full}: the folder {folder} does not exist", "create the folder first, or choose another path");
        if (Directory.Exists(full))
            throw new RequestException($"cannot write the plot to {full}: it is a folder", "give a file name ending in .svg or .png");
        return full;
    }

    /// <summary>Checks a requested image size.</summary>
    /// <exception cref="RequestException">A side outside [<see cref="MinSize"/>, <see cref="MaxSize"/>].</exception>
    public static void CheckSize(int width, int height)
    {
        foreach (var (name, value) in new[] { ("width", width), ("height", height) })
            if (value is < MinSize or > MaxSize)
                throw new RequestException(
                    string.Create(CultureInfo.InvariantCulture, $"the plot {name} must be between {MinSize} and {MaxSize} pixels, got {value}"),
                    "e.g. --width 800 --height 500");
    }

    /// <summary>Renders <paramref name="plot"/> and writes it to <paramref name="path"/> atomically; returns the full path.</summary>
    /// <exception cref="RequestException">A bad extension, or the file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the file was moved into place (nothing is left behind).</exception>
    public static string Save(ScottPlot.Plot plot, string path, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var format = FormatOf(path);
        string full = Check(path);
        byte[] bytes = format == PlotFileFormat.Svg
            ? new System.Text.UTF8Encoding(false).GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImage(width, height).GetImageBytes(ScottPlot.ImageFormat.Png);
        cancellationToken.ThrowIfCancellationRequested();
        WriteAtomically(full, bytes, cancellationToken);
        return full;
    }

    /// <summary>Writes <paramref name="bytes"/> to a hidden temporary sibling of <paramref name="full"/> and renames it into place.</summary>
    public static void WriteAtomically(string full, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(bytes);
        string folder = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        bool moved = false;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
            moved = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RequestException($"cannot write the plot to {full}: {ex.Message}", "choose a writable path");
        }
        finally
        {
            if (!moved) TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file could not be created in the first place (an unwritable folder): nothing to remove.
        }
    }
}
