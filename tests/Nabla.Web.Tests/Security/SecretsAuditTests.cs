using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Security;

/// <summary>Secrets come only from configuration: the settings files in the repository hold none.</summary>
public sealed class SecretsAuditTests
{
    private static readonly Regex SecretName = new("password|secret|apikey|api_key|token|privatekey", RegexOptions.IgnoreCase);

    private static IEnumerable<(string Path, string Value)> Leaves(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    foreach (var leaf in Leaves(child, path.Length == 0 ? key : $"{path}:{key}")) yield return leaf;
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                    foreach (var leaf in Leaves(a[i], $"{path}:{i}")) yield return leaf;
                break;
            case JsonValue v:
                yield return (path, v.ToString());
                break;
        }
    }

    [Fact]
    public void TheSettingsFilesHoldNoPasswordOrSecret()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "appsettings*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var leaks = new List<string>();
        foreach (string file in files)
            foreach (var (path, value) in Leaves(JsonNode.Parse(File.ReadAllText(file), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip }), ""))
            {
                bool secretKey = SecretName.IsMatch(path.Split(':')[^1]) && !string.IsNullOrEmpty(value);
                bool secretInConnection = path.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase)
                                          && Regex.IsMatch(value, @"(password|pwd)\s*=\s*[^;\s]", RegexOptions.IgnoreCase);
                if (secretKey || secretInConnection) leaks.Add($"{Path.GetFileName(file)}: {path}");
            }
        Assert.True(leaks.Count == 0, "secrets in settings files (use environment variables): " + string.Join(", ", leaks));
    }
}
