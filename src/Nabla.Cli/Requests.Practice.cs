using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Cli;

/// <summary>Draw one exercise: its prompt and, for authors and scripts, the correct answer.</summary>
/// <param name="Template">The template id.</param>
/// <param name="Seed">The variant's seed.</param>
/// <param name="Content">The content folder; null finds it (NABLA_CONTENT, then walking up from the executable).</param>
public sealed record ExerciseRequest(string Template, int Seed, string? Content = null) : Request(false);

/// <summary>Grade an answer to one exercise.</summary>
/// <param name="Template">The template id.</param>
/// <param name="Seed">The variant's seed.</param>
/// <param name="Answer">What the learner typed.</param>
/// <param name="Attempt">1 for a first try (later attempts score less).</param>
/// <param name="Content">The content folder; null finds it.</param>
public sealed record CheckRequest(string Template, int Seed, string Answer, int Attempt = 1, string? Content = null) : Request(false);

/// <summary>Grade a programming assignment (the batch form of <c>nabla lab check</c>): the source is sent inline.</summary>
/// <param name="Assignment">The assignment id (<c>backprop</c> or <c>heights</c>).</param>
/// <param name="Code">The learner's C# file.</param>
public sealed record LabRequest(string Assignment, string Code) : Request(false);

public static partial class RequestReader
{
    private static Request? ReadPractice(string op, JsonObject obj) => op switch
    {
        "exercise" => new ExerciseRequest(RequiredString(obj, "template"), OptionalInt(obj, "seed") ?? 1, OptionalString(obj, "content")),
        "check" => new CheckRequest(RequiredString(obj, "template"), OptionalInt(obj, "seed") ?? 1,
            OptionalString(obj, "answer") ?? throw new RequestException("missing field \"answer\"", "add \"answer\": what the learner typed, e.g. \"2*x\""),
            OptionalInt(obj, "attempt") ?? 1, OptionalString(obj, "content")),
        "lab" => new LabRequest(RequiredString(obj, "assignment"),
            OptionalString(obj, "code") ?? throw new RequestException("missing field \"code\"", "add \"code\": the C# file as one string")),
        _ => null,
    };
}
