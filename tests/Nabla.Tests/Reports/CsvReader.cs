using System.Text;

namespace Nabla.Tests.Reports;

/// <summary>A small RFC 4180 reader written for the tests, independent of the writer under test.</summary>
internal static class CsvReader
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        int i = 0;
        bool quoted = false, cellStarted = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                if (c == '"') { quoted = false; i++; continue; }
                cell.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when cell.Length == 0 && !cellStarted:
                    quoted = true;
                    cellStarted = true;
                    i++;
                    break;
                case '"':
                    throw new FormatException($"bare quote at {i}");
                case ',':
                    row.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    row.Add(cell.ToString());
                    rows.Add(row);
                    row = [];
                    cell.Clear();
                    cellStarted = false;
                    i += 2;
                    break;
                case '\r' or '\n':
                    throw new FormatException($"bare line break at {i}");
                default:
                    cell.Append(c);
                    cellStarted = true;
                    i++;
                    break;
            }
        }
        if (quoted) throw new FormatException("unterminated quote");
        if (cell.Length > 0 || row.Count > 0) throw new FormatException("last line not ended by CRLF");
        return rows;
    }
}
