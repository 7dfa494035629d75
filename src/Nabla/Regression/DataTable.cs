using System.Globalization;
using System.Text.RegularExpressions;

namespace Nabla.Regression;

/// <summary>
/// A table of numbers read from CSV, TSV, semicolon- or whitespace-separated text: the data a fit runs on. The
/// delimiter is sniffed (tab, then <c>;</c>, then <c>,</c> when it splits the first lines into the same number of
/// fields; otherwise runs of whitespace) unless given; a header row is detected (some field of the first row is not a
/// number) unless told; <c>#</c> starts a comment (outside quotes); fields may be quoted (<c>"a, b"</c>, <c>""</c> for
/// a quote). Numbers use <c>.</c> as the decimal separator. Every problem is a <see cref="DataFormatException"/> that
/// says where (file:line:column), what and how to fix it.
/// </summary>
public sealed partial class DataTable
{
    /// <summary>The largest file <see cref="Load"/> reads (256 MiB): bigger inputs are not course data.</summary>
    public const long MaxFileBytes = 256L << 20;

    private readonly double[][] _columns;
    private readonly string _source;

    private DataTable(IReadOnlyList<string> names, double[][] columns, int rows, char delimiter, bool hasHeader, string source)
    {
        Columns = names;
        _columns = columns;
        Rows = rows;
        Delimiter = delimiter;
        HasHeader = hasHeader;
        _source = source;
    }

    /// <summary>The column names from the header, or <c>"1"</c>, <c>"2"</c>, … when there is none.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The number of data rows.</summary>
    public int Rows { get; }

    /// <summary>The delimiter used: <c>','</c>, <c>';'</c>, <c>'\t'</c>, or <c>' '</c> for runs of whitespace.</summary>
    public char Delimiter { get; }

    /// <summary>Whether the first content line was read as a header.</summary>
    public bool HasHeader { get; }

    /// <summary>Reads a table from a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="delimiter">The field delimiter, or null to sniff it; <c>' '</c> means runs of whitespace.</param>
    /// <param name="hasHeader">Whether the first content line is a header, or null to detect it.</param>
    /// <exception cref="DataFormatException">The file is missing, too large, empty, ragged, or holds a non-number.</exception>
    public static DataTable Load(string path, char? delimiter = null, bool? hasHeader = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new DataFormatException(path, 0, 0, "the file does not exist", $"check the path (relative paths start at {Environment.CurrentDirectory})");
        if (info.Length > MaxFileBytes)
            throw new DataFormatException(path, 0, 0, $"the file is {info.Length:N0} bytes, more than the {MaxFileBytes:N0} a data table may have", "fit a sample of the rows");
        return Parse(File.ReadAllText(path), delimiter, hasHeader, path);
    }

    /// <summary>Reads a table from text.</summary>
    /// <param name="text">The table.</param>
    /// <param name="delimiter">The field delimiter, or null to sniff it; <c>' '</c> means runs of whitespace.</param>
    /// <param name="hasHeader">Whether the first content line is a header, or null to detect it.</param>
    /// <param name="source">The name used in error messages.</param>
    /// <exception cref="DataFormatException">The text is empty, ragged, or holds a non-number.</exception>
    public static DataTable Parse(string text, char? delimiter = null, bool? hasHeader = null, string source = "<text>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        if (delimiter is '"' or '#' or '\n' or '\r')
            throw new ArgumentException($"'{delimiter}' cannot be a field delimiter.", nameof(delimiter));
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Split('\n');
        var content = new List<(int Line, string Text)>();
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!IsBlankOrComment(line)) content.Add((i + 1, line));
        }
        if (content.Count == 0)
            throw new DataFormatException(source, 1, 0, text.Length == 0 ? "the data is empty" : "there are no data rows, only blank lines and comments",
                "give one row per point, values separated by commas, semicolons, tabs or spaces");

        char sep = delimiter ?? Sniff(content);
        var rows = content.Select(c => (c.Line, Fields: Split(c.Text, sep, source, c.Line))).ToList();
        var first = rows[0].Fields;
        bool header = hasHeader ?? first.Any(f => f.Text.Length > 0 && !TryNumber(f.Text, out _));
        string[] names;
        if (header)
        {
            names = new string[first.Count];
            for (int j = 0; j < first.Count; j++)
            {
                var name = first[j].Text;
                if (name.Length == 0)
                    throw new DataFormatException(source, rows[0].Line, first[j].Column, $"header field {j + 1} is empty", "give every column a name, or remove the header row");
                int previous = Array.IndexOf(names, name, 0, j);
                if (previous >= 0)
                    throw new DataFormatException(source, rows[0].Line, first[j].Column, $"the column name '{name}' appears twice (fields {previous + 1} and {j + 1})", "give every column a distinct name");
                names[j] = name;
            }
            rows.RemoveAt(0);
            if (rows.Count == 0)
                throw new DataFormatException(source, content[0].Line, 0, "there is a header but no data rows", "add the data below the header");
        }
        else names = [.. Enumerable.Range(1, first.Count).Select(k => k.ToString(CultureInfo.InvariantCulture))];

        int width = names.Length;
        var columns = new double[width][];
        for (int j = 0; j < width; j++) columns[j] = new double[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            var (line, fields) = rows[r];
            if (fields.Count != width)
            {
                int column = fields.Count > width ? fields[width].Column : content.First(c => c.Line == line).Text.TrimEnd().Length + 1;
                string expected = header ? $"the header has {width} columns" : $"the first row has {width}";
                throw new DataFormatException(source, line, column, $"this row has {fields.Count} field{(fields.Count == 1 ? "" : "s")} but {expected}",
                    DelimiterHint(sep, fields.Count > width ? "a stray delimiter" : "a missing value"));
            }
            for (int j = 0; j < width; j++)
                columns[j][r] = Number(fields[j], names[j], header, source, line);
        }
        return new DataTable(names, columns, rows.Count, sep, header, source);
    }

    /// <summary>A column's values, by header name (exact, else case-insensitive when unambiguous) or by 1-based index.</summary>
    /// <param name="nameOrOneBasedIndex">The name, e.g. <c>"y"</c>, or a number such as <c>"2"</c>.</param>
    /// <exception cref="DataFormatException">No such column; the message lists the columns.</exception>
    public double[] Column(string nameOrOneBasedIndex)
    {
        ArgumentNullException.ThrowIfNull(nameOrOneBasedIndex);
        var key = nameOrOneBasedIndex.Trim();
        int index = IndexOf(key);
        if (index < 0)
            throw new DataFormatException(_source, 0, 0, $"there is no column '{key}'; the columns are {string.Join(", ", Columns.Select(c => $"'{c}'"))}",
                $"name a column from the header or give its number, 1 to {Columns.Count}");
        return (double[])_columns[index].Clone();
    }

    private int IndexOf(string key)
    {
        for (int j = 0; j < Columns.Count; j++) if (Columns[j] == key) return j;
        var folded = Enumerable.Range(0, Columns.Count).Where(j => string.Equals(Columns[j], key, StringComparison.OrdinalIgnoreCase)).ToList();
        if (folded.Count == 1) return folded[0];
        if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && k <= Columns.Count) return k - 1;
        return -1;
    }

    private readonly record struct Field(string Text, int Column, bool Quoted);

    private static bool IsBlankOrComment(string line)
    {
        foreach (char c in line)
        {
            if (c == '#') return true;
            if (!char.IsWhiteSpace(c)) return false;
        }
        return true;
    }

    /// <summary>Tab, ';' or ',' when it occurs the same (non-zero) number of times outside quotes on each of the first
    /// lines (tab first; ';' before ',' because semicolon files often carry decimal commas); otherwise whitespace.</summary>
    private static char Sniff(List<(int Line, string Text)> content)
    {
        var sample = content.Take(10).ToList();
        foreach (char candidate in "\t;,")
        {
            var counts = sample.Select(c => CountOutsideQuotes(c.Text, candidate)).ToList();
            if (counts[0] > 0 && counts.All(n => n == counts[0])) return candidate;
        }
        foreach (char candidate in "\t;,")
            if (CountOutsideQuotes(sample[0].Text, candidate) > 0) return candidate;
        return ' ';
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        int count = 0;
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '#') break;
            else if (!quoted && c == delimiter) count++;
        }
        return count;
    }

    private static List<Field> Split(string line, char delimiter, string source, int lineNumber)
    {
        bool whitespace = delimiter == ' ';
        var fields = new List<Field>();
        int i = 0, n = line.Length;
        while (true)
        {
            // Skip leading blanks of the field (they never belong to a number or a name).
            while (i < n && (whitespace ? char.IsWhiteSpace(line[i]) : IsPadding(line[i], delimiter))) i++;
            if (whitespace && (i >= n || line[i] == '#')) break;
            int start = i;
            if (i < n && line[i] == '"')
            {
                var text = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= n)
                        throw new DataFormatException(source, lineNumber, start + 1, "this quoted field is never closed", "end it with \" on the same line (a quote inside a field is written \"\")");
                    if (line[i] == '"')
                    {
                        if (i + 1 < n && line[i + 1] == '"') { text.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    text.Append(line[i++]);
                }
                if (!whitespace) while (i < n && IsPadding(line[i], delimiter)) i++;
                if (i < n && !(whitespace ? char.IsWhiteSpace(line[i]) : line[i] == delimiter) && line[i] != '#')
                    throw new DataFormatException(source, lineNumber, i + 1, $"unexpected '{line[i]}' after the closing quote", DelimiterHint(delimiter, "a missing delimiter"));
                fields.Add(new Field(text.ToString(), start + 1, true));
            }
            else
            {
                while (i < n && line[i] != '#' && (whitespace ? !char.IsWhiteSpace(line[i]) : line[i] != delimiter)) i++;
                fields.Add(new Field(line[start..i].TrimEnd(), start + 1, false));
            }
            if (i >= n || line[i] == '#') break;
            if (!whitespace) i++;   // past the delimiter: what follows is the next field, even if empty
        }
        return fields;
    }

    private static bool IsPadding(char c, char delimiter) => c != delimiter && (c == ' ' || c == '\t');

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex(@"^[+-]?\d*,\d+$")]
    private static partial Regex DecimalComma();

    [GeneratedRegex(@"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")]
    private static partial Regex ThousandsSeparator();

    private static double Number(Field field, string column, bool header, string source, int line)
    {
        string where = header ? $"column '{column}'" : $"column {column}";
        var text = field.Text;
        if (text.Length == 0)
            throw new DataFormatException(source, line, field.Column, $"the value in {where} is empty", "fill in a number or delete the row: missing values are not supported");
        if (!TryNumber(text, out double value))
        {
            string hint = DecimalComma().IsMatch(text) ? $"use . as the decimal separator ({text} → {text.Replace(',', '.')})"
                : ThousandsSeparator().IsMatch(text) ? $"write numbers without thousands separators ({text} → {text.Replace(",", "")})"
                : "a number looks like 12, -3.5, 6.02e23 or 1.5E-3";
            throw new DataFormatException(source, line, field.Column, $"'{text}' in {where} is not a number", hint);
        }
        if (!double.IsFinite(value))
            throw new DataFormatException(source, line, field.Column, $"'{text}' in {where} is not a finite number",
                "remove the row or replace the value: NaN and infinities cannot be fitted");
        return value;
    }

    private static string DelimiterHint(char delimiter, string likely)
    {
        string name = delimiter switch { '\t' => "tab", ' ' => "whitespace", _ => $"'{delimiter}'" };
        string comma = delimiter == ',' ? "; a decimal comma (1,5) splits a number in two: write 1.5" : "";
        return $"every row needs one value per column (fields separated by {name}); look for {likely}, or quote a field that contains the delimiter{comma}";
    }
}
