using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// Saves and loads a <see cref="Sequential{T}"/> as versioned JSON:
/// <c>{"format":"nabla-network","version":1,"dtype":"float32","layers":[{"type":"dense","inputs":784,"outputs":256,
/// "weights":[…],"bias":[…]},{"type":"relu"},…]}</c>. Weights are row-major (out × in) and written in the shortest
/// form that reads back to the same bits (the "R" round-trip), so a loaded network computes identical outputs.
/// </summary>
public static class NetworkFile
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "nabla-network";

    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The network as JSON text.</summary>
    /// <exception cref="InvalidOperationException">A layer kind cannot be saved, or a weight is NaN/±∞ (JSON has no such numbers).</exception>
    public static string Serialize<T>(Sequential<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("dtype", DType<T>());
            w.WriteStartArray("layers");
            int index = 0;
            foreach (var layer in network.Layers)
            {
                index++;
                w.WriteStartObject();
                w.WriteString("type", layer.Kind);
                if (layer is Dense<T> dense)
                {
                    w.WriteNumber("inputs", dense.Inputs);
                    w.WriteNumber("outputs", dense.Outputs);
                    WriteNumbers(w, "weights", dense.Weights.Value.AsSpan(), index);
                    WriteNumbers(w, "bias", dense.Bias.Value.AsSpan(), index);
                }
                else if (layer is not (ElementwiseActivation<T> or Softmax<T>))
                    throw new InvalidOperationException($"layer {index} ({layer}) of type {layer.GetType().Name} cannot be saved.");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNumbers<T>(Utf8JsonWriter w, string name, ReadOnlySpan<T> values, int layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        w.WriteStartArray(name);
        for (int i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!T.IsFinite(v)) throw new InvalidOperationException($"cannot save layer {layer}: {name}[{i}] is {v}, which JSON cannot represent.");
            // "R" gives the shortest text that parses back to the same float/double.
            w.WriteRawValue(typeof(T) == typeof(float)
                ? float.CreateTruncating(v).ToString("R", CultureInfo.InvariantCulture)
                : double.CreateTruncating(v).ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// Writes the network to a file (see <see cref="Serialize{T}"/>). The text goes to a temporary file beside the
    /// target, which then replaces it in one rename: an interrupted save (Ctrl-C, a full disk) leaves either the old
    /// file or the new one, never half of one.
    /// </summary>
    public static void Save<T>(Sequential<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        string text = Serialize(network);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Reads a network from a file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid nabla-network file (the reason is named).</exception>
    public static Sequential<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        Deserialize<T>(File.ReadAllText(path), path);

    /// <summary>Reads a network from JSON text. A file saved in the other precision is converted (float → double exactly).</summary>
    /// <exception cref="InvalidDataException">The text is not a valid nabla-network document (the reason is named).</exception>
    public static Sequential<T> Deserialize<T>(string json, string source = "the network file") where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e) { throw Bad(source, $"it is not valid JSON ({e.Message})"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(source, "the top level must be a JSON object");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw Bad(source, $"\"format\" must be \"{Format}\"");
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int v))
                throw Bad(source, "\"version\" is missing or not an integer");
            if (v != Version) throw Bad(source, $"version {v} is not supported (this Nabla reads version {Version})");
            bool isFloat = root.TryGetProperty("dtype", out var dtype) && dtype.ValueKind == JsonValueKind.String
                ? dtype.GetString() switch { "float32" => true, "float64" => false, var d => throw Bad(source, $"unknown dtype \"{d}\" (expected float32 or float64)") }
                : throw Bad(source, "\"dtype\" is missing");
            if (!root.TryGetProperty("layers", out var layersElement) || layersElement.ValueKind != JsonValueKind.Array)
                throw Bad(source, "\"layers\" must be an array");
            var layers = new List<ILayer<T>>();
            int index = 0, denseIndex = 0;
            foreach (var l in layersElement.EnumerateArray())
            {
                index++;
                if (l.ValueKind != JsonValueKind.Object || !l.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    throw Bad(source, $"layer {index} has no \"type\"");
                string kind = type.GetString()!;
                if (kind == "dense")
                {
                    int inputs = Int(l, "inputs", index, source), outputs = Int(l, "outputs", index, source);
                    if (inputs <= 0 || outputs <= 0 || (long)inputs * outputs > int.MaxValue)
                        throw Bad(source, $"layer {index} has impossible sizes {inputs} → {outputs}");
                    var w = Numbers<T>(l, "weights", inputs * outputs, isFloat, index, source);
                    var b = Numbers<T>(l, "bias", outputs, isFloat, index, source);
                    layers.Add(new Dense<T>(Tensor<T>.FromArray(w, outputs, inputs), Tensor<T>.FromArray(b, outputs, 1), ++denseIndex));
                }
                else
                {
                    try { layers.Add(Sequential<T>.Activation(kind)); }
                    catch (ArgumentException) { throw Bad(source, $"layer {index} has unknown type \"{kind}\""); }
                }
            }
            if (layers.Count == 0) throw Bad(source, "it has no layers");
            try { return new Sequential<T>([.. layers]); }
            catch (ArgumentException e) { throw Bad(source, e.Message); }
        }
    }

    private static int Int(JsonElement layer, string name, int index, string source) =>
        layer.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int value)
            ? value : throw Bad(source, $"layer {index} needs an integer \"{name}\"");

    private static T[] Numbers<T>(JsonElement layer, string name, int count, bool isFloat, int index, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!layer.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Bad(source, $"layer {index} needs a \"{name}\" array");
        int length = array.GetArrayLength();
        if (length != count) throw Bad(source, $"layer {index} \"{name}\" has {length} numbers but its sizes need {count}");
        var result = new T[count];
        int i = 0;
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number) throw Bad(source, $"layer {index} \"{name}\"[{i}] is not a number");
            result[i++] = isFloat
                ? (e.TryGetSingle(out float f) && float.IsFinite(f) ? T.CreateChecked(f) : throw Bad(source, $"layer {index} \"{name}\"[{i - 1}] is not a finite float32"))
                : (e.TryGetDouble(out double d) && double.IsFinite(d) ? T.CreateChecked(d) : throw Bad(source, $"layer {index} \"{name}\"[{i - 1}] is not a finite float64"));
        }
        return result;
    }

    private static string DType<T>() => typeof(T) == typeof(float) ? "float32" : "float64";

    private static InvalidDataException Bad(string source, string why) => new($"cannot load {source}: {why}.");
}
