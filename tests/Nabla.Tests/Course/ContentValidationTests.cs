using Nabla.Course.Content;

namespace Nabla.Tests.Course;

public sealed class ContentValidationTests
{
    private static readonly Lazy<CourseContent> Broken = new(() => CourseLoader.Load(CourseFixtures.BrokenRoot));

    private const string BadLesson = "modules/01-broken/lessons/01-bad.md";
    private const string BadTemplate = "modules/01-broken/exercises/bad-template.yaml";
    private const string BrokenModule = "modules/01-broken/module.md";

    [Fact]
    public void TheRepositoryContentHasNoProblems()
    {
        // The real course (content/, written by the content authors) must validate: every problem is listed with
        // file and line so the failure message says exactly what to fix.
        Assert.True(CourseFixtures.HasRealContent, $"no course content at {CourseFixtures.ContentRoot}");
        var content = CourseLoader.Load(CourseFixtures.ContentRoot);
        Assert.True(content.Problems.Count == 0, string.Join("\n", content.Problems));
        Assert.NotEmpty(content.Modules);
    }

    [Fact]
    public void TheCourseHasSixModulesWithFifteenTemplatesAQuizEverySkillPractisedAndEveryWidgetUsed()
    {
        // Issue 9's shape of the course: six modules in order, each with >= 15 templates covering every skill, a quiz
        // of its own templates, lessons that each end in practice; and every widget of the catalogue used somewhere.
        var content = CourseLoader.Load(CourseFixtures.ContentRoot, drawVariants: false);
        Assert.Equal([1, 2, 3, 4, 5, 6], content.Modules.Select(m => m.Order));
        foreach (var module in content.Modules)
        {
            Assert.True(module.Templates.Count >= 15, $"{module.Id}: {module.Templates.Count} templates");
            var practised = module.Templates.SelectMany(t => t.Skills).ToHashSet();
            Assert.All(module.Skills, skill => Assert.Contains(skill.Id, practised));
            Assert.NotNull(module.Quiz);
            Assert.All(module.Quiz!.Templates, id => Assert.Contains(module.Templates, t => t.Id == id));
            Assert.InRange(module.Quiz.Pass, 0.5, 1.0);
            Assert.NotEmpty(module.Lessons);
            Assert.All(module.Lessons, lesson => Assert.Contains(lesson.Directives, d => d.Kind == "exercise"));
        }
        var used = content.Modules.SelectMany(m => m.Lessons).SelectMany(l => l.Directives)
            .Where(d => d.Kind == "widget").Select(d => d.Name).ToHashSet();
        Assert.All(WidgetCatalogue.All, widget => Assert.Contains(widget.Name, used));
        Assert.True(content.Modules.Sum(m => m.Templates.Count) >= 90);
    }

    [Fact]
    public void TheFixtureCourseIsValid()
    {
        var content = CourseFixtures.Valid;
        Assert.True(content.Problems.Count == 0, string.Join("\n", content.Problems));
        var module = Assert.Single(content.Modules);
        Assert.Equal("demo", module.Id);
        Assert.Equal(["product-rule-lesson", "jacobian-lesson"], module.Lessons.Select(l => l.Id));
        Assert.Equal(17, module.Templates.Count);
        Assert.Equal(["product-rule-fixed", "jacobian-fixed", "power-rule-monomial"], module.Quiz!.Templates);
        var directive = module.Lessons[0].Directives[0];
        Assert.Equal(("widget", "secant-tangent", 12), (directive.Kind, directive.Name, directive.Line));
        Assert.Equal([new KeyValuePair<string, string>("f", "x^3"), new("x0", "1")], directive.Attributes);
    }

    private static ContentProblem Single(ProblemKind kind, string file) =>
        Assert.Single(Broken.Value.Problems, p => p.Kind == kind && p.File == file);

    [Fact]
    public void UnknownWidgetIsReportedWithItsLine()
    {
        var p = Single(ProblemKind.UnknownWidget, BadLesson);
        Assert.Equal(10, p.Line);
        Assert.Contains("no-such-widget", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAttributeIsReportedWithItsLine()
    {
        var p = Single(ProblemKind.UnknownAttribute, BadLesson);
        Assert.Equal(13, p.Line);
        Assert.Contains("colour", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnparseableAttributeExpressionIsReportedWithItsLine()
    {
        var p = Assert.Single(Broken.Value.Problems, p => p.Kind == ProblemKind.BadExpression && p.File == BadLesson);
        Assert.Equal(16, p.Line);
        Assert.Contains("x^^2", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTemplateIsReportedWithItsLine()
    {
        var p = Single(ProblemKind.UnknownTemplate, BadLesson);
        Assert.Equal(25, p.Line);
        Assert.Contains("no-such-template", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnbalancedMathIsReportedWithItsLine()
    {
        var broken = Broken.Value.Problems.Where(p => p.Kind == ProblemKind.BrokenMath && p.File == BadLesson).ToList();
        Assert.Contains(broken, p => p.Line == 19 && p.Message.Contains("never closed", StringComparison.Ordinal));
        Assert.Contains(broken, p => p.Line == 23 && p.Message.Contains("'$'", StringComparison.Ordinal));
        Assert.Equal(2, broken.Count);
    }

    [Fact]
    public void UnknownLatexCommandIsReportedWithItsLine()
    {
        var p = Single(ProblemKind.UnknownLatexCommand, BadLesson);
        Assert.Equal(21, p.Line);
        Assert.Contains(@"\foo", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndeclaredSkillsAreReportedForLessonsAndTemplates()
    {
        var lesson = Single(ProblemKind.UndeclaredSkill, BadLesson);
        Assert.Equal(5, lesson.Line);
        Assert.Contains("undeclared-skill", lesson.Message, StringComparison.Ordinal);
        var template = Single(ProblemKind.UndeclaredSkill, BadTemplate);
        Assert.Equal(3, template.Line);
        Assert.Contains("skill-nobody-declared", template.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndeclaredWidgetIsReportedWithItsLine()
    {
        var p = Single(ProblemKind.UndeclaredWidget, BadLesson);
        Assert.Equal(28, p.Line);
        Assert.Contains("derivative-plot", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LessonWithoutPracticeIsReported()
    {
        var p = Single(ProblemKind.MissingPractice, BadLesson);
        Assert.Contains("## Practice", p.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Broken.Value.Problems, q => q.Kind == ProblemKind.MissingPractice && q.File != BadLesson);
    }

    [Fact]
    public void DuplicateIdsAreReportedWithTheirLines()
    {
        var dup = Broken.Value.Problems.Where(p => p.Kind == ProblemKind.DuplicateId).ToList();
        Assert.Contains(dup, p => p.File == BrokenModule && p.Line == 9 && p.Message.Contains("power-rule", StringComparison.Ordinal));
        Assert.Contains(dup, p => p.File == "modules/01-broken/lessons/02-duplicate.md" && p.Line == 2 && p.Message.Contains("bad-lesson", StringComparison.Ordinal));
        Assert.Contains(dup, p => p.File == BadTemplate && p.Line == 18 && p.Message.Contains("\"same\"", StringComparison.Ordinal));
    }

    [Fact]
    public void QuizTemplateNotFoundIsReported()
    {
        var p = Single(ProblemKind.QuizTemplateNotFound, BrokenModule);
        Assert.Equal(11, p.Line);
        Assert.Contains("no-such-quiz-template", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadGeneratorAndUnknownMistakeAreReportedWithTheirLines()
    {
        Assert.Contains(Broken.Value.Problems, p => p.File == BadTemplate && p.Kind == ProblemKind.BadExpression && p.Line == 7
            && p.Message.Contains("gaussian", StringComparison.Ordinal));
        Assert.Contains(Broken.Value.Problems, p => p.File == BadTemplate && p.Kind == ProblemKind.BadTemplate && p.Line == 18
            && p.Message.Contains("no-such-mistake", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateWhoseVariantsFailIsReported()
    {
        var p = Single(ProblemKind.BadTemplate, "modules/01-broken/exercises/failing-variants.yaml");
        Assert.Contains("{a} > 5", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemsPrintAsFileLineKindMessage()
    {
        var p = Single(ProblemKind.UnknownWidget, BadLesson);
        Assert.StartsWith($"{BadLesson}:10: UnknownWidget: ", p.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadValidThrowsListingEveryProblem()
    {
        var ex = Assert.Throws<ContentException>(() => CourseLoader.LoadValid(CourseFixtures.BrokenRoot, drawVariants: true));
        Assert.Equal(Broken.Value.Problems.Count, ex.Problems.Count);
    }

    [Fact]
    public void LatexCheckerAcceptsTheCourseFormulas()
    {
        Assert.Empty(LatexChecker.Check(@"\frac{\partial f}{\partial x} = \left( \sum_{i=1}^{n} x_i^2 \right)"));
        Assert.Empty(LatexChecker.Check(@"J = \begin{bmatrix} 2xy & x^2 \\ 1 & 3y^2 \end{bmatrix}"));
        Assert.NotEmpty(LatexChecker.Check(@"\left( x"));
        Assert.NotEmpty(LatexChecker.Check(@"\begin{bmatrix} 1 \end{pmatrix}"));
    }

    [Fact]
    public void RenderingTurnsDirectivesIntoPlaceholdersAndKeepsMath()
    {
        var lesson = CourseFixtures.Valid.Modules[0].Lessons[0];
        var html = LessonMarkdown.ToHtml(lesson);
        Assert.Contains("<div class=\"nabla-widget\" data-widget=\"secant-tangent\" data-f=\"x^3\" data-x0=\"1\"></div>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"nabla-exercise\" data-template=\"product-rule-fixed\"></div>", html, StringComparison.Ordinal);
        Assert.Contains(@"<span class=""math"">\(f(x) = u(x)\,v(x)\)</span>", html, StringComparison.Ordinal);
        Assert.Contains(@"\frac{d}{dx}", html, StringComparison.Ordinal);
    }
}
