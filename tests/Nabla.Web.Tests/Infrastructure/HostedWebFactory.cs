using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;

namespace Nabla.Web.Tests.Infrastructure;

/// <summary>Which database a <see cref="HostedWebFactory"/> runs over.</summary>
public sealed record HostedDatabase(string Provider, string ConnectionString)
{
    /// <summary>A SQLite file (created by the app's migrations).</summary>
    public static HostedDatabase Sqlite(string file) => new("sqlite", $"Data Source={file}");

    /// <summary>A PostgreSQL database (e.g. <see cref="PostgresDatabase.CreateFresh"/>).</summary>
    public static HostedDatabase Postgres(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new("postgres", database.ConnectionString);
    }

    /// <summary>A PostgreSQL database by connection string.</summary>
    public static HostedDatabase Postgres(string connectionString) => new("postgres", connectionString);
}

/// <summary>
/// Hosts the web course in hosted mode (accounts required) in-process: over a fresh SQLite file of its own by default
/// (deleted on dispose), or over the database given (e.g. a fresh PostgreSQL one). Several factories over one
/// database behave as several web instances.
/// </summary>
public sealed partial class HostedWebFactory : WebApplicationFactory<Program>
{
    /// <summary>The password <see cref="SignedInClient"/> gives the users it creates.</summary>
    public const string DefaultPassword = "correct horse battery staple";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "nabla-hosted-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> settings;

    /// <summary>Hosted mode over a fresh SQLite file (the class-fixture form: xUnit needs one public constructor).</summary>
    public HostedWebFactory() : this(null)
    {
    }

    /// <summary>
    /// Hosted mode over <paramref name="database"/> (null: a fresh SQLite file); <paramref name="settings"/> adds or
    /// overrides configuration keys. Internal, so that the public constructor stays the only one xUnit sees.
    /// </summary>
    internal HostedWebFactory(HostedDatabase? database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Database = database ?? HostedDatabase.Sqlite(Path.Combine(dataDirectory, "hosted.db"));
        this.settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Nabla:Mode"] = "hosted",
            ["Nabla:Database:Provider"] = Database.Provider,
            ["ConnectionStrings:Nabla"] = Database.ConnectionString,
            ["Nabla:DataDirectory"] = dataDirectory,
            ["Nabla:ProgressDatabase"] = Path.Combine(dataDirectory, "progress.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) this.settings[key] = value;
    }

    /// <summary>The database this host runs over.</summary>
    public HostedDatabase Database { get; }

    /// <summary>The folder for files kept per learner (deleted on dispose).</summary>
    public string DataDirectory => dataDirectory;

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(dataDirectory);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>Creates an account (role learner, plus <paramref name="role"/>) and answers its user id.</summary>
    public async Task<string> CreateUser(string email, string password, string role = Roles.Learner)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
        var user = new NablaUser { UserName = email, Email = email, DisplayName = email.Split('@')[0] };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, Roles.Learner));
        if (role != Roles.Learner) Check(await users.AddToRoleAsync(user, role));
        return user.Id;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>
    /// Creates <paramref name="email"/> with <paramref name="role"/> and <see cref="DefaultPassword"/>, signs in through
    /// the login page, and answers a client that keeps the cookies and sends the (signed-in) antiforgery header.
    /// </summary>
    public async Task<HttpClient> SignedInClient(string email, string role = Roles.Learner)
    {
        await CreateUser(email, DefaultPassword, role);
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        await SignIn(client, email, DefaultPassword);
        return client;
    }

    /// <summary>A client without automatic redirects whose cookies live in <paramref name="cookies"/> (share it between hosts).</summary>
    public HttpClient CreateClientWith(CookieContainer cookies) => CreateDefaultClient(new CookieContainerHandler(cookies));

    /// <summary>
    /// Signs <paramref name="client"/> in through the login form (throws unless it redirects), then sets its
    /// <c>X-Nabla-Token</c> header from <c>GET /api/session</c> (antiforgery tokens belong to the signed-in user).
    /// </summary>
    public static async Task SignIn(HttpClient client, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await PostForm(client, "/account/login", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await SetApiToken(client);
    }

    /// <summary>Sets (replaces) the client's <c>X-Nabla-Token</c> header from <c>GET /api/session</c>.</summary>
    public static async Task SetApiToken(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var session = await client.GetFromJsonAsync<JsonObject>("/api/session") ?? throw new InvalidOperationException("no session answer");
        string header = session["header"]!.GetValue<string>();
        client.DefaultRequestHeaders.Remove(header);
        client.DefaultRequestHeaders.Add(header, session["token"]!.GetValue<string>());
    }

    /// <summary>GETs <paramref name="page"/>, reads the form's antiforgery token, and POSTs <paramref name="fields"/> (plus the token) to it.</summary>
    public static async Task<HttpResponseMessage> PostForm(HttpClient client, string page, Dictionary<string, string> fields, string? handler = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        string html = await client.GetStringAsync(page);
        var token = FormToken().Match(html);
        if (!token.Success) throw new InvalidOperationException($"{page} has no antiforgery form field");
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        string target = handler is null ? page : $"{page}?handler={handler}";
        return await client.PostAsync(target, new FormUrlEncodedContent(body));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
