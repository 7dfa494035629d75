namespace Nabla.Web.Infrastructure;

/// <summary>The web course's settings (section <c>Nabla</c> in appsettings.json or <c>Nabla__*</c> environment variables).</summary>
public sealed class NablaWebOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nabla";

    /// <summary><c>local</c> (one learner, no login, SQLite); other modes arrive with hosting.</summary>
    public string Mode { get; set; } = "local";

    /// <summary>The course's <c>content/</c> folder; by default the copy next to the app, else the repository's.</summary>
    public string? ContentPath { get; set; }

    /// <summary>The SQLite progress file; by default <c>progress.db</c> in the nabla data directory.</summary>
    public string? ProgressDatabase { get; set; }

    /// <summary>Wall-clock budget for one engine call made on a learner's behalf.</summary>
    public double EngineTimeBudgetSeconds { get; set; } = 2;

    /// <summary>The largest request body the API reads (bytes); larger requests get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
