namespace Nabla.Course;

/// <summary>
/// Where nabla keeps files of its own (the learner's progress), following the XDG base-directory convention on Linux;
/// shared by the command-line tool and the web course so both read the same progress file.
/// </summary>
public static class NablaPaths
{
    /// <summary>The environment variable that overrides <see cref="DataDirectory"/>.</summary>
    public const string DataDirectoryVariable = "NABLA_DATA_DIR";

    /// <summary>
    /// The data directory: <c>$NABLA_DATA_DIR</c> when set, else <c>$XDG_DATA_HOME/nabla</c>, else the platform's
    /// local application data folder (<c>~/.local/share</c> on Linux) + <c>/nabla</c>. It is not created here: only
    /// a command that writes data creates it.
    /// </summary>
    public static string DataDirectory()
    {
        string? overridden = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(overridden)) return Path.GetFullPath(overridden);
        string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "nabla");
        string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(local)) local = Path.Combine(Path.GetTempPath(), "nabla-data");
        return Path.Combine(local, "nabla");
    }
}
