using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Templates;

namespace Nabla.Tests.Course;

/// <summary>
/// The acceptance test over every template (the fixtures and all of content/): 200 seeds each give valid variants,
/// the engine's own answer is accepted, and each feedback rule fires on its own mutant and never on the answer.
/// </summary>
public sealed class TemplateSuiteTests
{
    private const int Seeds = 200;
    private static readonly Grader Grader = new();

    private static readonly Lazy<Dictionary<string, ExerciseTemplate>> AllTemplates = new(() =>
    {
        var all = new Dictionary<string, ExerciseTemplate>(StringComparer.Ordinal);
        foreach (var t in CourseFixtures.Valid.Templates.Values) all["fixture:" + t.Id] = t;
        if (CourseFixtures.HasRealContent)
            foreach (var t in CourseLoader.Load(CourseFixtures.ContentRoot, drawVariants: false).Templates.Values) all["content:" + t.Id] = t;
        return all;
    });

    public static TheoryData<string> TemplateKeys()
    {
        var data = new TheoryData<string>();
        foreach (var key in AllTemplates.Value.Keys.Order(StringComparer.Ordinal)) data.Add(key);
        return data;
    }

    [Theory]
    [MemberData(nameof(TemplateKeys))]
    public void EveryVariantIsValidAcceptsItsAnswerAndFiresEachRuleOnItsMutant(string key)
    {
        var template = AllTemplates.Value[key];
        var firedSomewhere = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        for (int seed = 1; seed <= Seeds && failures.Count < 5; seed++)
        {
            var v = VariantGenerator.Generate(template, seed);
            var promptProblems = VariantGenerator.PromptProblems(v);
            if (promptProblems.Count > 0) failures.Add($"seed {seed}: prompt: {string.Join("; ", promptProblems)}");
            if (template.Kind is AnswerKind.Choice or AnswerKind.MatchGraph)
            {
                Assert.Equal(1, v.Options.Count(o => o.Correct));
                if (template.Kind == AnswerKind.MatchGraph) Assert.All(v.Options, o => Assert.Equal(Variant.PlotRange.Count, o.Plot!.Count));
            }
            else Assert.NotNull(v.Answer);

            var right = Grader.Grade(v, v.AnswerPlain);
            if (!right.Correct || right.Score != 1 || right.Feedback.Count > 0)
                failures.Add($"seed {seed}: the engine's answer {v.AnswerPlain} was not accepted: {right.Summary} {string.Join(" | ", right.Feedback.Select(f => f.Message))}");

            foreach (var rule in v.Feedback.Where(r => r.Applicable))
            {
                var wrong = Grader.Grade(v, rule.Mutant!.ToPlain());
                if (wrong.Correct || !wrong.Feedback.Any(f => f.Id == rule.Rule.Id))
                    failures.Add($"seed {seed}: rule {rule.Rule.Id} did not fire on its mutant {rule.Mutant.ToPlain()} (answer {v.AnswerPlain}): {string.Join(" | ", wrong.Feedback.Select(f => f.Id + ": " + f.Message))}");
                else firedSomewhere.Add(rule.Rule.Id);
            }
        }
        Assert.True(failures.Count == 0, $"{template.File}:\n" + string.Join("\n", failures));
        // A rule whose mutant equals the answer for every variant can never help a learner.
        var silent = template.Feedback.Select(r => r.Id).Where(id => !firedSomewhere.Contains(id)).ToList();
        Assert.True(silent.Count == 0, $"{template.File}: feedback rule(s) {string.Join(", ", silent)} never apply in {Seeds} seeds");
    }

    [Theory]
    [MemberData(nameof(TemplateKeys))]
    public void TheSameSeedGivesTheSameVariantAndAnotherSeedUsuallyAnother(string key)
    {
        var template = AllTemplates.Value[key];
        var a = VariantGenerator.Generate(template, 7);
        var b = VariantGenerator.Generate(template, 7);
        Assert.Equal(a.Prompt, b.Prompt);
        Assert.Equal(a.AnswerPlain, b.AnswerPlain);
        Assert.Equal(a.Options.Select(o => o.Text), b.Options.Select(o => o.Text));
        if (template.Params.Count > 0)
        {
            var distinct = Enumerable.Range(1, 20).Select(s => VariantGenerator.Generate(template, s))
                .Select(v => v.Prompt + "|" + v.AnswerPlain + "|" + string.Join(",", v.Options.Select(o => o.Text))).Distinct().Count();
            Assert.True(distinct > 1, $"{template.File}: 20 seeds gave a single variant although the template has parameters");
        }
    }
}
