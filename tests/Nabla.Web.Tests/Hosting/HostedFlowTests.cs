using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Hosting;

/// <summary>
/// The same hosted journeys over SQLite and over PostgreSQL: register, answer an exercise (progress is the user's own),
/// classes, health; and concurrent answers of one learner all land.
/// </summary>
public sealed class HostedFlowTests
{
    internal const string Template = "m1-power-rule-monomial";

    [Fact]
    public Task JourneyOverSqlite() => Journey(null);

    [PostgresFact]
    public async Task JourneyOverPostgres()
    {
        using var database = PostgresDatabase.CreateFresh();
        await Journey(HostedDatabase.Postgres(database));
    }

    [Fact]
    public Task ConcurrentAnswersOverSqlite() => ConcurrentAnswers(null);

    [PostgresFact]
    public async Task ConcurrentAnswersOverPostgres()
    {
        using var database = PostgresDatabase.CreateFresh();
        await ConcurrentAnswers(HostedDatabase.Postgres(database));
    }

    /// <summary>POSTs a (wrong, but counted) answer and answers the check's JSON.</summary>
    internal static async Task<JsonObject> Answer(HttpClient client, int seed)
    {
        var response = await client.PostAsJsonAsync($"/api/exercises/{Template}/check", new { seed, input = "sin(x)" });
        return await ApiAssert.Ok(response);
    }

    internal static async Task<int> Attempts(HttpClient client)
    {
        var status = await ApiAssert.Ok(await client.GetAsync($"/api/exercises/{Template}/status"));
        return status["attempts"]!.GetValue<int>();
    }

    private static async Task Journey(HostedDatabase? database)
    {
        using var factory = new HostedWebFactory(database);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var registered = await HostedWebFactory.PostForm(client, "/account/register", new()
        {
            ["Email"] = "emmy@example.org", ["DisplayName"] = "Emmy Noether", ["Password"] = "symmetry and conservation", ["ConfirmPassword"] = "symmetry and conservation",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        await HostedWebFactory.SetApiToken(client);

        var check = await Answer(client, 1005);
        Assert.False(check["correct"]!.GetValue<bool>());
        Assert.Equal(1, await Attempts(client));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review")).StatusCode);

        // Progress is per account: another learner starts from nothing.
        var other = await factory.SignedInClient("sophie@example.org");
        Assert.Equal(0, await Attempts(other));

        var progress = factory.Services.GetRequiredService<ProgressService>();
        Assert.True(progress.IsHosted);
        string emmy = await UserId(factory, "emmy@example.org");
        var stored = Assert.Single(progress.Read(s => s.Attempts(emmy)));
        Assert.Equal(Template, stored.TemplateId);
        Assert.NotEmpty(progress.Read(s => s.AllMastery(emmy)));

        var instructor = await factory.SignedInClient("teacher@example.org", Roles.Instructor);
        var created = await HostedWebFactory.PostForm(instructor, "/classes", new() { ["Name"] = "Algebra" }, handler: "Create");
        string code = System.Text.RegularExpressions.Regex.Match(await created.Content.ReadAsStringAsync(), "the code ([2-9A-Z]{8})").Groups[1].Value;
        var joined = await HostedWebFactory.PostForm(client, "/classes", new() { ["Code"] = code }, handler: "Join");
        Assert.Contains("You joined Algebra.", await joined.Content.ReadAsStringAsync());

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", JsonNode.Parse(await health.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    private static async Task ConcurrentAnswers(HostedDatabase? database)
    {
        using var factory = new HostedWebFactory(database);
        var client = await factory.SignedInClient("busy@example.org");
        // Different seeds of one template share its skills: every answer updates the same mastery and review rows.
        var answers = Enumerable.Range(0, 12).Select(i => Answer(client, 2000 + i)).ToList();
        await Task.WhenAll(answers);
        string id = await UserId(factory, "busy@example.org");
        var progress = factory.Services.GetRequiredService<ProgressService>();
        Assert.Equal(12, progress.Read(s => s.Attempts(id)).Count);
        Assert.All(progress.Read(s => s.AllMastery(id)), m => Assert.InRange(m.Attempts, 1, 12));
    }

    internal static async Task<string> UserId(HostedWebFactory factory, string email)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NablaUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }
}
