using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nabla.Web.Hosting;
using Nabla.Web.Tests.Infrastructure;

namespace Nabla.Web.Tests.Instructor;

/// <summary>Users, classes and answers for the instructor tests, through the hosted app's own services and API.</summary>
internal static class InstructorTestSupport
{
    /// <summary>A fresh e-mail address (the factory is shared by the tests of a class).</summary>
    public static string Email(string who) => $"{who}-{Guid.NewGuid():N}@example.test";

    public static async Task<string> IdOf(HostedWebFactory factory, string email)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    public static async Task SetDisplayName(HostedWebFactory factory, string email, string name)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NablaUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        user.DisplayName = name;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    public static async Task<CourseClass> CreateClass(HostedWebFactory factory, string instructorId, string name)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ClassDirectory>().Create(instructorId, name);
    }

    public static async Task Join(HostedWebFactory factory, string userId, CourseClass course)
    {
        using var scope = factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<ClassDirectory>().Join(userId, course.JoinCode);
        Assert.True(result.Ok, result.Message);
    }

    /// <summary>A signed-in learner who has joined <paramref name="course"/>, with a display name.</summary>
    public static async Task<(HttpClient Client, string Id)> NewLearner(HostedWebFactory factory, CourseClass course, string name)
    {
        string email = Email("learner");
        var client = await factory.SignedInClient(email, Roles.Learner);
        await SetDisplayName(factory, email, name);
        string id = await IdOf(factory, email);
        await Join(factory, id, course);
        return (client, id);
    }

    /// <summary>A signed-in instructor and a class they teach.</summary>
    public static async Task<(HttpClient Client, string Id, CourseClass Class)> NewInstructor(HostedWebFactory factory, string className)
    {
        string email = Email("instructor");
        var client = await factory.SignedInClient(email, Roles.Instructor);
        string id = await IdOf(factory, email);
        return (client, id, await CreateClass(factory, id, className));
    }

    public static HttpClient Anonymous(HostedWebFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>
    /// The page is not shown: 404 or 403, or a redirect to the sign-in or access-denied page (followed or not), and the
    /// body never names <paramref name="secret"/>.
    /// </summary>
    public static async Task AssertHidden(HttpResponseMessage response, string secret)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden) return;
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found)
        {
            string location = response.Headers.Location?.ToString() ?? "";
            Assert.True(location.Contains("/account/denied", StringComparison.OrdinalIgnoreCase) || location.Contains("/account/login", StringComparison.OrdinalIgnoreCase),
                $"redirected to {location}");
            return;
        }
        // A client that follows redirects lands on the sign-in or access-denied page itself.
        string path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "";
        Assert.True(path.StartsWith("/account/denied", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase),
            $"expected 403/404 or a redirect, got {(int)response.StatusCode} at {path}");
    }

    /// <summary>The body as UTF-8 after the byte-order mark, which must be there.</summary>
    public static async Task<string> CsvText(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "UTF-8 byte-order mark");
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    /// <summary>A small RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF rows).</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else cell.Append(c);
        }
        Assert.True(cell.Length == 0 && row.Count == 0, "the file ends with CRLF");
        return rows;
    }
}
