using Microsoft.Data.Sqlite;

namespace Nabla.Web.Tests.Process;

/// <summary>Reads a progress SQLite file directly (not through Nabla): integrity and the stored attempts.</summary>
public static class SqliteFile
{
    /// <summary>Opens the file (rolling back a hot journal a crash left behind) and runs <c>PRAGMA integrity_check</c>.</summary>
    public static string IntegrityCheck(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return string.Join("; ", Rows(command));
    }

    /// <summary>The seeds of the stored attempts on <paramref name="template"/>.</summary>
    public static IReadOnlyList<int> Seeds(string path, string template)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Seed FROM attempts WHERE TemplateId = $t ORDER BY Id";
        command.Parameters.AddWithValue("$t", template);
        return Rows(command).Select(int.Parse).ToList();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        return connection;
    }

    private static List<string> Rows(SqliteCommand command)
    {
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}
