using System.Text;
using CsCheck;
using Nabla.Course.Reports;
using Xunit;

namespace Nabla.Tests.Reports;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Cells_are_quoted_and_defused_as_rfc_4180_and_owasp_say(string value, string written) =>
        Assert.Equal(written, Csv.Cell(value));

    [Fact]
    public void Utf8_bytes_start_with_a_byte_order_mark_and_keep_accents()
    {
        var bytes = Csv.ToUtf8("Zoë\r\n");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("Zoë\r\n", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    private const string Alphabet = "ab ,\"\r\n=+-@\t'ë漢;";

    [Fact]
    public void Written_rows_parse_back_to_the_same_cells_with_formulas_defused()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            var rows = new List<IReadOnlyList<string?>>();
            int width = random.Next(1, 5);
            for (int r = random.Next(1, 5); r > 0; r--)
            {
                var row = new string?[width];
                for (int c = 0; c < width; c++)
                {
                    var chars = new char[random.Next(0, 8)];
                    for (int k = 0; k < chars.Length; k++) chars[k] = Alphabet[random.Next(Alphabet.Length)];
                    row[c] = new string(chars);
                }
                rows.Add(row);
            }
            var parsed = CsvReader.Parse(Csv.Write(rows));
            Assert.Equal(rows.Count, parsed.Count);
            for (int r = 0; r < rows.Count; r++)
            {
                Assert.Equal(width, parsed[r].Count);
                for (int c = 0; c < width; c++)
                {
                    string original = rows[r][c]!;
                    bool risky = original.Length > 0 && "=+-@\t\r".Contains(original[0]);
                    Assert.Equal(risky ? "'" + original : original, parsed[r][c]);
                }
            }
        }, iter: 1000);
    }

    private static List<LearnerReport> LearnerReports() =>
        SmallClass.Learners.Select(l => LearnerReport.Build(SmallClass.Course, l)).ToList();

    [Fact]
    public void Progress_export_has_one_row_per_learner_with_levels_and_assignment_scores()
    {
        var report = ClassReport.Build(SmallClass.Course, SmallClass.Learners);
        var rows = CsvReader.Parse(ReportCsv.Progress(report, LearnerReports()));
        Assert.Equal(5, rows.Count);
        var header = rows[0];
        Assert.Equal(["learner_id", "display_name", "attempts", "first_tries", "first_try_correct", "first_try_correct_share",
            "skills_at_least_proficient", "last_active_utc", "skill:s1", "skill:s2", "skill:s3",
            "assignment:backprop:best_score", "assignment:backprop:attempts", "assignment:heights:best_score", "assignment:heights:attempts"], header);
        var ann = rows[1];
        Assert.Equal(["ann", "Ann", "4", "3", "1"], ann.Take(5));
        Assert.Equal(1.0 / 3, double.Parse(ann[5], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("2026-11-01T10:00:00Z", ann[7]);
        Assert.Equal(["familiar", "attempted", "not-started", "85", "2", "", "0"], ann.Skip(8));
        Assert.Equal("'" + SmallClass.FormulaName, rows[2][1]);
        Assert.Equal(SmallClass.QuotedName, rows[3][1]);
        Assert.Equal(["dan", "Dan", "0", "0", "0", "0", "0", ""], rows[4].Take(8));
    }

    [Fact]
    public void Attempts_export_lists_every_attempt_with_feedback_ids()
    {
        var rows = CsvReader.Parse(ReportCsv.Attempts(LearnerReports()));
        Assert.Equal(1 + SmallClass.Learners.Sum(l => l.Attempts.Count), rows.Count);
        Assert.Equal(11, rows[0].Count);
        var bobFirst = rows.Skip(1).First(r => r[0] == "bob");
        Assert.Equal(["bob", "'" + SmallClass.FormulaName, "2026-11-01T09:11:00Z", "t1", "Chain rule with exp", "m1", "3", "1", "false", "0", "inner-dropped;entries-wrong"], bobFirst);
        var annLab = rows.Single(r => r[0] == "ann" && r[3] == "lab:backprop" && r[8] == "true");
        Assert.Equal(("Backpropagation", "0.85"), (annLab[4], annLab[9]));
    }

    [Fact]
    public void Feedback_export_has_a_row_per_exercise_and_id()
    {
        var report = ClassReport.Build(SmallClass.Course, SmallClass.Learners);
        var rows = CsvReader.Parse(ReportCsv.Feedback(report));
        var t1 = rows.Where(r => r[0] == "t1").ToList();
        Assert.Equal(["inner-dropped", "exp-power", "not-equivalent"], t1.Select(r => r[8]));
        Assert.Equal(["2", "0.5", "3"], new[] { t1[0][10], t1[0][11], t1[0][12] });
        Assert.Equal(["t3", "A partial derivative", "m2", "1", "1", "1", "1", "0", "", "", "0", "0", "0"], rows.Single(r => r[0] == "t3"));
        Assert.Single(rows, r => r[0] == "retired");
        Assert.DoesNotContain(rows, r => r[0] == "lab:backprop");
    }
}
