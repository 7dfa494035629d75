using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nabla.Course.Progress;
using Nabla.Course.Reports;
using Nabla.Web.Hosting;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Pages.Instructor;

/// <summary>A class an instructor may see, with its members.</summary>
/// <param name="Class">The class.</param>
/// <param name="Members">Its members, by display name.</param>
public sealed record TaughtClass(CourseClass Class, IReadOnlyList<ClassMemberView> Members);

/// <summary>
/// The checks and loading shared by the instructor pages. Every page carries <c>[Authorize(Policy = Policies.Instructor)]</c>;
/// on top of that a class is shown only to its instructor or an admin (<see cref="ClassDirectory.CanTeach"/>), and a
/// learner only when they are a member of that class. Anything else is a 404, so a URL never tells whether a class or
/// a learner exists.
/// </summary>
internal static class InstructorAccess
{
    /// <summary>The class when the signed-in user may teach it, else null (also null in local mode: there are no classes).</summary>
    public static async Task<TaughtClass?> Class(HttpContext http, int classId)
    {
        // ClassDirectory exists in hosted mode only; local mode has no classes to report on.
        if (http.RequestServices.GetService<ClassDirectory>() is not { } directory) return null;
        if (!await directory.CanTeach(http.User, classId)) return null;
        if (await directory.Find(classId) is not { } found) return null;
        return new TaughtClass(found, await directory.Members(classId));
    }

    /// <summary>The name shown for a member: their display name, else their email.</summary>
    public static string NameOf(ClassMemberView member) => member.DisplayName is { Length: > 0 } name ? name : member.Email;

    /// <summary>One member's attempts and mastery from the progress store.</summary>
    public static ClassLearner Load(ProgressService progress, ClassMemberView member) =>
        progress.Read(s => new ClassLearner(member.UserId, NameOf(member), s.Attempts(member.UserId), s.AllMastery(member.UserId)));

    /// <summary>Every member, loaded, in the class's order.</summary>
    public static IReadOnlyList<ClassLearner> LoadAll(ProgressService progress, TaughtClass taught) =>
        taught.Members.Select(m => Load(progress, m)).ToList();

    /// <summary>The report view of the course.</summary>
    public static ReportCourse Course(CourseCatalog catalog) => ReportCourse.From(catalog.Content);

    /// <summary>Reports hold learners' data: no shared cache may keep them.</summary>
    public static void NoStore(HttpResponse response) => response.Headers.CacheControl = "no-store";

    /// <summary>A share as a whole percentage, e.g. <c>38%</c>.</summary>
    public static string Percent(double share) => Math.Round(share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>The CSS class that draws a bar <paramref name="share"/> wide (instructor.css has w-0 … w-100).</summary>
    public static string Width(double share) => "w-" + Math.Clamp((int)Math.Round(share * 100), 0, 100).ToString(CultureInfo.InvariantCulture);

    /// <summary>A mastery level as learners read it on module pages.</summary>
    public static string LevelName(MasteryLevel level) => ModuleModel.LevelName(level);

    /// <summary>A time as instructors read it (UTC).</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";

    /// <summary>A 404 result (the same for "no such class" and "not yours").</summary>
    public static IActionResult Hidden() => new NotFoundResult();
}
