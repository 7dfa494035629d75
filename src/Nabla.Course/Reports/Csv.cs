using Nabla.Course.Progress;
using System.Globalization;
using System.Text;

namespace Nabla.Course.Reports;

/// <summary>
/// CSV as RFC 4180 writes it (comma separated, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
/// quotes doubled), made safe to open in a spreadsheet: a cell that begins with <c>= + - @</c>, a tab or a carriage
/// return gets a leading apostrophe, so a learner's display name can never run as a formula.
/// </summary>
public static class Csv
{
    /// <summary>The media type of a CSV download.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list).</summary>
    public static ReadOnlySpan<char> FormulaStarts => "=+-@\t\r";

    /// <summary>One cell as written: neutralised against formulas, then quoted when needed.</summary>
    public static string Cell(string? value)
    {
        string v = value ?? "";
        if (v.Length > 0 && FormulaStarts.Contains(v[0])) v = "'" + v;
        bool quote = v.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return quote ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    /// <summary>The rows as CSV text, each line ended by CRLF.</summary>
    public static string Write(IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Cell(row[i]));
            }
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The CSV text as UTF-8 bytes with a byte-order mark: without it, Excel reads the file in the machine's legacy
    /// code page and mangles names such as "Zoë".
    /// </summary>
    public static byte[] ToUtf8(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var preamble = Encoding.UTF8.GetPreamble();
        var bytes = new byte[preamble.Length + Encoding.UTF8.GetByteCount(csv)];
        preamble.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(csv, 0, csv.Length, bytes, preamble.Length);
        return bytes;
    }

    /// <summary>A number as a spreadsheet reads it: invariant culture, round-trip precision.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A time as ISO 8601 UTC, e.g. <c>2026-11-28T01:02:03Z</c>.</summary>
    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "";
}

/// <summary>The CSV exports of class and learner reports (columns in docs/instructor.md).</summary>
public static class ReportCsv
{
    /// <summary>
    /// One row per learner: id, name, exercise attempts, first tries, first tries right, their share, skills at least
    /// proficient, last active, then one column per course skill (the mastery level) and, per assignment, the best
    /// score and the number of submissions.
    /// </summary>
    public static string Progress(ClassReport report, IReadOnlyList<LearnerReport> learners)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(learners);
        var skills = report.Modules.SelectMany(m => m.Skills).Select(s => s.Id).ToList();
        var header = new List<string?> { "learner_id", "display_name", "attempts", "first_tries", "first_try_correct", "first_try_correct_share",
            "skills_at_least_proficient", "last_active_utc" };
        header.AddRange(skills.Select(s => "skill:" + s));
        foreach (var a in report.Assignments)
        {
            header.Add($"assignment:{a.Id}:best_score");
            header.Add($"assignment:{a.Id}:attempts");
        }
        var rows = new List<IReadOnlyList<string?>> { header };
        foreach (var l in learners)
        {
            var s = l.Summary;
            var row = new List<string?> { s.Id, s.DisplayName, Int(s.Attempts), Int(s.FirstTries), Int(s.FirstTryCorrect), Csv.Number(s.FirstTryCorrectShare),
                Int(s.SkillsAtLeastProficient), Csv.Time(s.LastActive) };
            var levels = l.Skills.ToDictionary(k => k.SkillId, k => k.Mastery.Level, StringComparer.Ordinal);
            row.AddRange(skills.Select(id => LevelName(levels.GetValueOrDefault(id))));
            foreach (var a in l.Assignments)
            {
                row.Add(a.BestScore is { } b ? Csv.Number(b) : "");
                row.Add(Int(a.Attempts));
            }
            rows.Add(row);
        }
        return Csv.Write(rows);
    }

    /// <summary>
    /// One row per attempt, oldest first per learner: learner id, name, time, template id, title, module, seed,
    /// attempt, correct, score, feedback ids (separated by <c>;</c>).
    /// </summary>
    public static string Attempts(IReadOnlyList<LearnerReport> learners)
    {
        ArgumentNullException.ThrowIfNull(learners);
        var rows = new List<IReadOnlyList<string?>>
        {
            new[] { "learner_id", "display_name", "at_utc", "template_id", "title", "module", "seed", "attempt", "correct", "score", "feedback_ids" },
        };
        foreach (var l in learners)
            foreach (var h in l.History)
                rows.Add([l.Summary.Id, l.Summary.DisplayName, Csv.Time(h.At), h.TemplateId, h.Title, h.ModuleId, Int(h.Seed), Int(h.Attempt),
                    h.Correct ? "true" : "false", Csv.Number(h.Score), string.Join(';', h.Feedback.Select(f => f.Id))]);
        return Csv.Write(rows);
    }

    /// <summary>
    /// One row per (exercise, feedback id) over wrong first tries, plus one row per exercise tried with no wrong
    /// first try: template id, title, module, learners, attempts, first tries, first-try share, wrong first tries,
    /// feedback id, label, count, share, fired.
    /// </summary>
    public static string Feedback(ClassReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<IReadOnlyList<string?>>
        {
            new[] { "template_id", "title", "module", "learners", "attempts", "first_tries", "first_try_correct_share", "wrong_first_tries",
                "feedback_id", "feedback_label", "count", "share_of_wrong_first_tries", "fired" },
        };
        foreach (var e in report.Exercises.Where(e => e.Attempts > 0))
        {
            string?[] head = [e.TemplateId, e.Title, e.ModuleId, Int(e.Learners), Int(e.Attempts), Int(e.FirstTries), Csv.Number(e.FirstTryCorrectShare), Int(e.WrongFirstTries)];
            if (e.Feedback.Count == 0) rows.Add([.. head, "", "", "0", "0", "0"]);
            foreach (var f in e.Feedback) rows.Add([.. head, f.Id, f.Label, Int(f.Count), Csv.Number(f.Share), Int(f.Fired)]);
        }
        return Csv.Write(rows);
    }

    /// <summary>The lower-case name of a mastery level, as the CSV writes it (<c>not-started</c>, <c>proficient</c>…).</summary>
    public static string LevelName(MasteryLevel level) => level switch
    {
        MasteryLevel.NotStarted => "not-started",
        _ => level.ToString().ToLowerInvariant(),
    };

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
}
