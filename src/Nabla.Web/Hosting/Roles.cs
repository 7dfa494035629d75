namespace Nabla.Web.Hosting;

/// <summary>The role names of hosted mode (Identity roles, seeded by the migrations).</summary>
public static class Roles
{
    /// <summary>Every registered user: takes the course, joins classes.</summary>
    public const string Learner = "learner";

    /// <summary>Creates classes, sees their members' progress, issues password-reset tokens to them.</summary>
    public const string Instructor = "instructor";

    /// <summary>Everything an instructor can do, for every class, and makes users instructors.</summary>
    public const string Admin = "admin";

    /// <summary>All roles.</summary>
    public static IReadOnlyList<string> All { get; } = [Learner, Instructor, Admin];
}

/// <summary>The authorisation policy names (<c>[Authorize(Policy = Policies.Instructor)]</c>).</summary>
public static class Policies
{
    /// <summary>Role instructor or admin.</summary>
    public const string Instructor = "instructor";

    /// <summary>Role admin.</summary>
    public const string Admin = "admin";
}
