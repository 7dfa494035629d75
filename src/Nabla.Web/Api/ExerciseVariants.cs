using System.Collections.Concurrent;
using Nabla.Course.Templates;

namespace Nabla.Web.Api;

/// <summary>
/// The variants the exercise API has drawn, kept for reuse: (template, seed) always gives the same variant, and
/// drawing one (parameters, answer, every feedback rule's mutant, equivalence checks between them) costs several
/// times what grading an answer does, so a learner's checks of one question draw it once. Bounded: past
/// <see cref="Capacity"/> entries the cache starts over (a learner's working set is a few questions). Thread-safe.
/// </summary>
public sealed class ExerciseVariants
{
    /// <summary>The most variants kept.</summary>
    public const int Capacity = 2048;

    private readonly ConcurrentDictionary<(string TemplateId, int Seed), Variant> drawn = new();

    /// <summary>Variants kept now.</summary>
    public int Count => drawn.Count;

    /// <summary>The variant of <paramref name="template"/> with <paramref name="seed"/> (drawn on first use; 422 when it cannot be drawn).</summary>
    public Variant Get(ExerciseTemplate template, int seed)
    {
        ArgumentNullException.ThrowIfNull(template);
        // The template object is compared too: a variant belongs to the exact template it was drawn from.
        if (drawn.TryGetValue((template.Id, seed), out var kept) && ReferenceEquals(kept.Template, template)) return kept;
        var variant = ExerciseRequests.Variant(template, seed);
        if (drawn.Count >= Capacity) drawn.Clear();
        drawn[(template.Id, seed)] = variant;
        return variant;
    }
}
