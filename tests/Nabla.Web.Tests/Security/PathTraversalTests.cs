using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Nabla.Web.Tests.Security;

/// <summary>
/// No user-controlled path reaches the file system: every route parameter is an id looked up in a catalogue
/// (CourseCatalog, AssignmentCatalog, the Sandpit's terrains), so traversal attempts in every parameter of every
/// route, and in static file addresses, answer 404 and never a file's content. No endpoint takes a learner id from
/// the request (the learner is always the signed-in one).
/// </summary>
public sealed class PathTraversalTests(SecurityWebFactory factory) : IClassFixture<SecurityWebFactory>
{
    public static TheoryData<string> Attempts => new()
    {
        "..%2F..%2Fetc%2Fpasswd",
        "..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "..%5C..%5Cappsettings.json",
        "....%2F%2F....%2F%2Fetc%2Fpasswd",
        "%252e%252e%252fetc%252fpasswd",
    };

    private static bool LooksLikeAFile(string body) =>
        body.Contains("root:x:0:0", StringComparison.Ordinal) || body.Contains("\"ConnectionStrings\"", StringComparison.Ordinal)
        || body.Contains("\"Logging\"", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task ATraversalInEveryRouteParameterAnswers404(string attempt)
    {
        using var client = await factory.ApiClientAsync();
        var routes = Endpoints.All(factory.Services).Where(r => r.Parameters.Count > 0 && !r.Pattern.Contains("{code", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);
        var failures = new List<string>();
        foreach (var route in routes)
            foreach (string method in route.IsPage ? ["GET"] : route.Methods)
            {
                string path = route.Fill(attempt);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET") request.Content = new StringContent("""{"answer":"x","expr":"x","code":"class A {}"}""", Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                string body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.NotFound || LooksLikeAFile(body))
                    failures.Add($"{method} {path}: {(int)response.StatusCode} {body[..Math.Min(120, body.Length)]}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("/lib/..%2F..%2Fappsettings.json")]
    [InlineData("/js/..%2F..%2F..%2FProgram.cs")]
    [InlineData("/css/%2e%2e/%2e%2e/appsettings.json")]
    [InlineData("/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/appsettings.json")]
    [InlineData("/Nabla.Web.dll")]
    public async Task StaticFilesServeOnlyTheWebRoot(string path)
    {
        using var client = factory.PlainClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(LooksLikeAFile(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public void NoRouteOrQueryTakesALearnerIdOrAPath()
    {
        // Progress is always the signed-in learner's (ProgressService.LearnerOf); an id in the address would let one
        // learner name another. Instructor pages, which show a class's learners by design, are authorised by role.
        var suspicious = new Regex("learner|user|owner|account|path|file|dir", RegexOptions.IgnoreCase);
        var offending = Endpoints.All(factory.Services)
            .Where(r => !r.Pattern.Contains("instructor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.Parameters.Where(p => suspicious.IsMatch(p)).Select(p => $"{r}: {{{p}}}"))
            .ToList();
        Assert.True(offending.Count == 0, string.Join("\n", offending));
    }

    [Fact]
    public void TheWebAppTouchesTheFileSystemOnlyInReviewedPlaces()
    {
        // A source audit: file-system calls in src/Nabla.Web live only in these files, each of which builds its
        // paths from configuration and catalogue ids (AssignmentWorkspace: the data folder + SafeName(learner) +
        // a catalogue assignment id). A new file-system call elsewhere must be reviewed and added here.
        string root = Path.Combine(Infrastructure.RepositoryPaths.Root, "src", "Nabla.Web");
        var io = new Regex(@"\bFile\.(Read\w*|Write\w*|Open\w*|Create|CreateText|Exists|Delete|Move|Copy|Append\w*)\(|\bDirectory\.(CreateDirectory|Exists|Delete|Move|Enumerate\w*|GetFiles|GetDirectories)\(|new FileStream\(|PhysicalFile|Results\.File\(\s*[a-z]\w*Path", RegexOptions.None);
        var reviewed = new HashSet<string>(StringComparer.Ordinal) { "Api/AssignmentWorkspace.cs", "Api/AssignmentApi.cs" };
        var found = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => io.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .ToList();
        var unreviewed = found.Where(f => !reviewed.Contains(f) && !f.StartsWith("Hosting/", StringComparison.Ordinal)).ToList();
        Assert.True(unreviewed.Count == 0, "file-system calls in unreviewed files: " + string.Join(", ", unreviewed));
        Assert.Contains("Api/AssignmentWorkspace.cs", found);
    }
}
