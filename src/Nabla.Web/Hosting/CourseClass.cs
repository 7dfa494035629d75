namespace Nabla.Web.Hosting;

/// <summary>A class an instructor teaches; learners join it with <see cref="JoinCode"/>.</summary>
public sealed class CourseClass
{
    /// <summary>The longest class name accepted.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The name the instructor gave it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The code learners type to join (see <see cref="JoinCodes"/>).</summary>
    public string JoinCode { get; set; } = "";

    /// <summary>The instructor's user id.</summary>
    public string InstructorId { get; set; } = "";

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A learner's membership of a class.</summary>
public sealed class ClassMember
{
    /// <summary>The class.</summary>
    public int ClassId { get; set; }

    /// <summary>The learner's user id.</summary>
    public string UserId { get; set; } = "";

    /// <summary>When they joined (UTC).</summary>
    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>A class member as instructors see them.</summary>
/// <param name="UserId">The user id (the progress store's learner key).</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="JoinedAt">When they joined.</param>
public sealed record ClassMemberView(string UserId, string DisplayName, string Email, DateTimeOffset JoinedAt);

/// <summary>How a join attempt ended.</summary>
public enum JoinStatus
{
    /// <summary>Now a member.</summary>
    Joined,

    /// <summary>Was a member already (nothing changed).</summary>
    AlreadyMember,

    /// <summary>No class has that code.</summary>
    UnknownCode,
}

/// <summary>The answer of <see cref="ClassDirectory.Join"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Class">The class (null for <see cref="JoinStatus.UnknownCode"/>).</param>
public sealed record JoinResult(JoinStatus Status, CourseClass? Class)
{
    /// <summary>Whether the user is a member now.</summary>
    public bool Ok => Status != JoinStatus.UnknownCode;

    /// <summary>A sentence for the page.</summary>
    public string Message => Status switch
    {
        JoinStatus.Joined => $"You joined {Class!.Name}.",
        JoinStatus.AlreadyMember => $"You are already a member of {Class!.Name}.",
        _ => "No class has that join code. Check it with your instructor (codes are 8 letters and digits; case and dashes do not matter).",
    };
}
