using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Hosting;

/// <summary>Health, the mode switch, admin seeding and the admin page, shutdown settings.</summary>
public sealed class OperationsTests
{
    private static async Task<(HttpStatusCode Status, string Body)> Health(HttpClient client)
    {
        var response = await client.GetAsync("/health");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task HealthIs503WhenTheDatabaseDoesNotAnswer()
    {
        // Nothing listens on port 1; without start-up migration the server starts and reports the database down.
        using var factory = new HostedWebFactory(HostedDatabase.Postgres("Host=127.0.0.1;Port=1;Database=nabla;Username=nabla;Password=x;Timeout=3"),
            new Dictionary<string, string?> { ["Nabla:Database:Migrate"] = "false" });
        var (status, body) = await Health(factory.CreateClient());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body);
    }

    [Fact]
    public async Task HealthIs503WhenTheSqliteFileIsGone()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"nabla-health-{Guid.NewGuid():N}");
        using var factory = new HostedWebFactory(new HostedDatabase("sqlite", $"Data Source={Path.Combine(dir, "missing", "gone.db")};Mode=ReadWrite"),
            new Dictionary<string, string?> { ["Nabla:Database:Migrate"] = "false" });
        var (status, _) = await Health(factory.CreateClient());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Fact]
    public async Task HealthIs200InBothModes()
    {
        using var hosted = new HostedWebFactory();
        Assert.Equal((HttpStatusCode.OK, "healthy"), await Health(hosted.CreateClient()));
        using var local = new NablaWebFactory();
        Assert.Equal((HttpStatusCode.OK, "healthy"), await Health(local.CreateClient()));
    }

    [Fact]
    public async Task LocalModeHasNoAccountsAndNeedsNoSignIn()
    {
        using var local = new NablaWebFactory();
        var client = local.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review")).StatusCode);
        string html = await client.GetStringAsync("/account/login");
        Assert.Contains("This course runs in local mode", html);
        Assert.DoesNotContain("Signed in as", await client.GetStringAsync("/"));
        Assert.DoesNotContain("name=\"Password\"", html);
        Assert.Contains("This course runs in local mode", await client.GetStringAsync("/classes"));
        var progress = local.Services.GetRequiredService<ProgressService>();
        Assert.False(progress.IsHosted);
        Assert.Equal(local.ProgressDatabase, progress.Path);
        // Pages that need a role send local users to the explanation.
        var admin = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Contains("/account/login", admin.Headers.Location?.ToString());
    }

    [Fact]
    public void AnUnknownModeStopsTheStartWithTheReason()
    {
        using var factory = new HostedWebFactory(null, new Dictionary<string, string?> { ["Nabla:Mode"] = "cloud" });
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        Assert.Contains("use 'local'", error.ToString());
    }

    [Fact]
    public async Task TheConfiguredAdminIsSeededAndCanMakeAnInstructor()
    {
        using var factory = new HostedWebFactory(null, new Dictionary<string, string?>
        {
            ["Nabla:Admin:Email"] = "root@example.org", ["Nabla:Admin:Password"] = "seeded admin passphrase",
        });
        var admin = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        await HostedWebFactory.SignIn(admin, "root@example.org", "seeded admin passphrase");
        string learnerId = await factory.CreateUser("future-teacher@example.org", HostedWebFactory.DefaultPassword);

        var learner = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        await HostedWebFactory.SignIn(learner, "future-teacher@example.org", HostedWebFactory.DefaultPassword);
        var denied = await learner.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/denied", denied.Headers.Location?.ToString());

        string list = await admin.GetStringAsync("/admin/users");
        Assert.Contains("future-teacher@example.org", list);
        var made = await HostedWebFactory.PostForm(admin, "/admin/users", new() { ["userId"] = learnerId, ["instructor"] = "true" }, handler: "Role");
        Assert.Contains("is an instructor now", await made.Content.ReadAsStringAsync());
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
            Assert.True(await users.IsInRoleAsync((await users.FindByIdAsync(learnerId))!, Roles.Instructor));
        }
        // The new role needs a fresh sign-in (the security stamp changed); then the instructor can create classes.
        await HostedWebFactory.SignIn(learner, "future-teacher@example.org", HostedWebFactory.DefaultPassword);
        Assert.Contains("Create class", await learner.GetStringAsync("/classes"));
        Assert.Contains("href=\"/instructor\"", await learner.GetStringAsync("/classes"));
    }

    [Fact]
    public async Task ASecondStartDoesNotDuplicateTheAdmin()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"nabla-admin-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["Nabla:Admin:Email"] = "root@example.org", ["Nabla:Admin:Password"] = "seeded admin passphrase" };
        try
        {
            var database = HostedDatabase.Sqlite(Path.Combine(dir, "hosted.db"));
            using (var first = new HostedWebFactory(database, settings)) _ = first.Services;
            using var second = new HostedWebFactory(database, settings);
            using var scope = second.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
            Assert.Single(users.Users, u => u.Email == "root@example.org");
            Assert.Single(await users.GetUsersInRoleAsync(Roles.Admin));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void ShutdownWaitsForRequestsInFlight()
    {
        using var factory = new HostedWebFactory(null, new Dictionary<string, string?> { ["Nabla:ShutdownTimeoutSeconds"] = "45" });
        Assert.Equal(TimeSpan.FromSeconds(45), factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout);
        using var defaults = new HostedWebFactory();
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
