using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Hosting;

/// <summary>Classes: an instructor creates one, learners join with its code; reset tokens for members.</summary>
public sealed partial class ClassTests(HostedWebFactory factory) : IClassFixture<HostedWebFactory>
{
    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.org";

    private static async Task<string> CreateClass(HttpClient instructor, string name)
    {
        var response = await HostedWebFactory.PostForm(instructor, "/classes", new() { ["Name"] = name }, handler: "Create");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        var code = CreatedCode().Match(html);
        Assert.True(code.Success, "the page names the new class's join code");
        return code.Groups[1].Value;
    }

    [GeneratedRegex("join it with the code ([2-9A-Z]{8})")]
    private static partial Regex CreatedCode();

    [Fact]
    public async Task AnInstructorCreatesAClassAndALearnerJoinsWithItsCode()
    {
        var instructor = await factory.SignedInClient(Unique("teacher"), Roles.Instructor);
        string code = await CreateClass(instructor, "Calculus for ML, autumn");
        Assert.Matches("^[" + JoinCodes.Alphabet + "]{8}$", code);

        string learnerEmail = Unique("learner");
        var learner = await factory.SignedInClient(learnerEmail);
        // Typed in lower case with a dash: still the code.
        var join = await HostedWebFactory.PostForm(learner, "/classes", new() { ["Code"] = code[..4].ToLowerInvariant() + "-" + code[4..] }, handler: "Join");
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Contains("You joined Calculus for ML, autumn.", await join.Content.ReadAsStringAsync());
        var again = await HostedWebFactory.PostForm(learner, "/classes", new() { ["Code"] = code }, handler: "Join");
        Assert.Contains("already a member", await again.Content.ReadAsStringAsync());

        string page = await instructor.GetStringAsync("/classes");
        Assert.Contains(code, page);
        Assert.Contains(learnerEmail, page);
        Assert.Contains("1 member", page);

        using var scope = factory.Services.CreateScope();
        var directory = scope.ServiceProvider.GetRequiredService<ClassDirectory>();
        var course = Assert.Single(await directory.All(), c => c.JoinCode == code);
        var member = Assert.Single(await directory.Members(course.Id));
        Assert.Equal(learnerEmail, member.Email);
    }

    [Theory]
    [InlineData("ZZZZZZZZ")]
    [InlineData("nonsense!")]
    [InlineData("")]
    public async Task AWrongCodeGetsAClearError(string code)
    {
        var learner = await factory.SignedInClient(Unique("lost"));
        var join = await HostedWebFactory.PostForm(learner, "/classes", new() { ["Code"] = code }, handler: "Join");
        Assert.Equal(HttpStatusCode.BadRequest, join.StatusCode);
        string html = await join.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("No class has that join code", html);
    }

    [Fact]
    public async Task ALearnerCannotCreateAClass()
    {
        var learner = await factory.SignedInClient(Unique("eager"));
        var response = await HostedWebFactory.PostForm(learner, "/classes", new() { ["Name"] = "My own class" }, handler: "Create");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Create class", await learner.GetStringAsync("/classes"));
    }

    [Fact]
    public async Task AnEmptyClassNameIsExplained()
    {
        var instructor = await factory.SignedInClient(Unique("blank"), Roles.Instructor);
        var response = await HostedWebFactory.PostForm(instructor, "/classes", new() { ["Name"] = "   " }, handler: "Create");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("give the class a name", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnInstructorResetsAMembersPasswordWithAToken()
    {
        var instructor = await factory.SignedInClient(Unique("resetter"), Roles.Instructor);
        string code = await CreateClass(instructor, "Reset class");
        string email = Unique("forgetful");
        var learner = await factory.SignedInClient(email);
        await HostedWebFactory.PostForm(learner, "/classes", new() { ["Code"] = code }, handler: "Join");
        string learnerId = await UserId(email);
        int classId = await ClassId(code);

        var issued = await HostedWebFactory.PostForm(instructor, "/classes", new() { ["classId"] = classId.ToString(), ["userId"] = learnerId }, handler: "ResetToken");
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        string token = WebUtility.HtmlDecode(TokenArea().Match(await issued.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.NotEmpty(token);

        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var wrongToken = await HostedWebFactory.PostForm(anonymous, "/account/reset",
            new() { ["Email"] = email, ["Token"] = "not-a-token", ["Password"] = "a brand new passphrase", ["ConfirmPassword"] = "a brand new passphrase" });
        Assert.Contains("not valid", await wrongToken.Content.ReadAsStringAsync());

        var reset = await HostedWebFactory.PostForm(anonymous, "/account/reset",
            new() { ["Email"] = email, ["Token"] = token, ["Password"] = "a brand new passphrase", ["ConfirmPassword"] = "a brand new passphrase" });
        Assert.Contains("Your password is changed", await reset.Content.ReadAsStringAsync());
        await HostedWebFactory.SignIn(anonymous, email, "a brand new passphrase");

        // A token works once.
        var reused = await HostedWebFactory.PostForm(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), "/account/reset",
            new() { ["Email"] = email, ["Token"] = token, ["Password"] = "yet another passphrase", ["ConfirmPassword"] = "yet another passphrase" });
        Assert.Contains("not valid", await reused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ALearnerOrAnotherInstructorCannotIssueResetTokens()
    {
        var owner = await factory.SignedInClient(Unique("owner"), Roles.Instructor);
        string code = await CreateClass(owner, "Guarded class");
        int classId = await ClassId(code);
        string victimEmail = Unique("victim");
        var victim = await factory.SignedInClient(victimEmail);
        await HostedWebFactory.PostForm(victim, "/classes", new() { ["Code"] = code }, handler: "Join");
        string victimId = await UserId(victimEmail);

        var classmate = await factory.SignedInClient(Unique("classmate"));
        await HostedWebFactory.PostForm(classmate, "/classes", new() { ["Code"] = code }, handler: "Join");
        var other = await factory.SignedInClient(Unique("other-teacher"), Roles.Instructor);
        foreach (var client in new[] { classmate, other })
        {
            var response = await HostedWebFactory.PostForm(client, "/classes", new() { ["classId"] = classId.ToString(), ["userId"] = victimId }, handler: "ResetToken");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/denied", response.Headers.Location?.ToString());
        }
        // The owner may not reset someone outside the class either.
        string outsiderId = await UserId(Unique("outsider"), create: true);
        var outside = await HostedWebFactory.PostForm(owner, "/classes", new() { ["classId"] = classId.ToString(), ["userId"] = outsiderId }, handler: "ResetToken");
        Assert.Equal(HttpStatusCode.Redirect, outside.StatusCode);
    }

    [GeneratedRegex("<textarea id=\"reset-token\"[^>]*>([^<]+)</textarea>")]
    private static partial Regex TokenArea();

    private async Task<string> UserId(string email, bool create = false)
    {
        if (create) return await factory.CreateUser(email, HostedWebFactory.DefaultPassword);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NablaUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    private async Task<int> ClassId(string code)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ClassDirectory>().All()).Single(c => c.JoinCode == code).Id;
    }
}
