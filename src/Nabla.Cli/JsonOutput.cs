using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Cli;

/// <summary>Writes JSON answers as single lines.</summary>
public static class JsonOutput
{
    // The relaxed encoder keeps '+', '<', '>' and non-ASCII readable ("2*x+1", not "2*x\u002B1"); the output is
    // never embedded in HTML, and quotes and control characters are still escaped.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The compact one-line JSON text of <paramref name="node"/>.</summary>
    public static string ToLine(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
