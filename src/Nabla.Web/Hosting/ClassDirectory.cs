using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Nabla.Web.Hosting;

/// <summary>Classes and their members (scoped: one per request, over the request's <see cref="HostedDb"/>).</summary>
public sealed class ClassDirectory(HostedDb db, TimeProvider clock)
{
    /// <summary>The classes <paramref name="instructorId"/> teaches, by name.</summary>
    public async Task<IReadOnlyList<CourseClass>> TaughtBy(string instructorId)
    {
        var classes = await db.Classes.AsNoTracking().Where(c => c.InstructorId == instructorId).ToListAsync();
        return Sorted(classes);
    }

    /// <summary>Every class (for admins), by name.</summary>
    public async Task<IReadOnlyList<CourseClass>> All() => Sorted(await db.Classes.AsNoTracking().ToListAsync());

    /// <summary>The classes <paramref name="userId"/> has joined, by name.</summary>
    public async Task<IReadOnlyList<CourseClass>> JoinedBy(string userId)
    {
        var classes = await db.Classes.AsNoTracking()
            .Where(c => db.ClassMembers.Any(m => m.ClassId == c.Id && m.UserId == userId)).ToListAsync();
        return Sorted(classes);
    }

    private static List<CourseClass> Sorted(List<CourseClass> classes) =>
        [.. classes.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)];

    /// <summary>The class with id <paramref name="classId"/>, or null.</summary>
    public Task<CourseClass?> Find(int classId) => db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == classId);

    /// <summary>The members of a class, by display name.</summary>
    public async Task<IReadOnlyList<ClassMemberView>> Members(int classId)
    {
        var rows = await (from m in db.ClassMembers.AsNoTracking()
                          join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                          where m.ClassId == classId
                          select new { m.UserId, u.DisplayName, u.Email, m.JoinedAt }).ToListAsync();
        return [.. rows.Select(r => new ClassMemberView(r.UserId, r.DisplayName, r.Email ?? "", r.JoinedAt))
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Whether <paramref name="userId"/> is a member of the class.</summary>
    public Task<bool> IsMember(int classId, string userId) => db.ClassMembers.AnyAsync(m => m.ClassId == classId && m.UserId == userId);

    /// <summary>Whether <paramref name="user"/> may see and manage the class: its instructor, or an admin.</summary>
    public async Task<bool> CanTeach(ClaimsPrincipal user, int classId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true) return false;
        if (user.IsInRole(Roles.Admin)) return await db.Classes.AnyAsync(c => c.Id == classId);
        string? id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is not null && user.IsInRole(Roles.Instructor) && await db.Classes.AnyAsync(c => c.Id == classId && c.InstructorId == id);
    }

    /// <summary>Creates a class taught by <paramref name="instructorId"/> with a fresh join code.</summary>
    /// <exception cref="ArgumentException">The name is empty or longer than <see cref="CourseClass.MaxNameLength"/>.</exception>
    public async Task<CourseClass> Create(string instructorId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instructorId);
        string trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0) throw new ArgumentException("give the class a name", nameof(name));
        if (trimmed.Length > CourseClass.MaxNameLength) throw new ArgumentException($"a class name has at most {CourseClass.MaxNameLength} characters", nameof(name));
        for (int attempt = 0; ; attempt++)
        {
            var course = new CourseClass { Name = trimmed, JoinCode = JoinCodes.New(), InstructorId = instructorId, CreatedAt = clock.GetUtcNow().ToUniversalTime() };
            db.Classes.Add(course);
            try
            {
                await db.SaveChangesAsync();
                db.Entry(course).State = EntityState.Detached;
                return course;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A join code taken already (one chance in ~10^11 per class): draw another.
                db.Entry(course).State = EntityState.Detached;
            }
        }
    }

    /// <summary>Adds <paramref name="userId"/> to the class whose join code is <paramref name="code"/> (as typed).</summary>
    public async Task<JoinResult> Join(string userId, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (JoinCodes.Normalise(code) is not { } normalised) return new JoinResult(JoinStatus.UnknownCode, null);
        var course = await db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.JoinCode == normalised);
        if (course is null) return new JoinResult(JoinStatus.UnknownCode, null);
        if (await IsMember(course.Id, userId)) return new JoinResult(JoinStatus.AlreadyMember, course);
        var member = new ClassMember { ClassId = course.Id, UserId = userId, JoinedAt = clock.GetUtcNow().ToUniversalTime() };
        db.ClassMembers.Add(member);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.Entry(member).State = EntityState.Detached;
            // The same learner joined twice at once (a double submit): the other request added the row.
            if (await IsMember(course.Id, userId)) return new JoinResult(JoinStatus.AlreadyMember, course);
            throw;
        }
        db.Entry(member).State = EntityState.Detached;
        return new JoinResult(JoinStatus.Joined, course);
    }
}
