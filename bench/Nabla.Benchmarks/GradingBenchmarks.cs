using Nabla.Course.Content;
using Nabla.Course.Grading;
using Nabla.Course.Templates;

namespace Nabla.Benchmarks;

/// <summary>
/// Grading speed: validate + mark + feedback calls on typical answers (right, a product-rule slip, a transposed
/// Jacobian, a chain-rule slip, a malformed input), in-process on all cores. One timed run grades
/// <see cref="CallsPerRun"/> answers; calls/s = CallsPerRun / time. The check value is the number of correct answers.
/// </summary>
public static class GradingBenchmarks
{
    /// <summary>Answers graded per timed run.</summary>
    public const int CallsPerRun = 4_000;

    private const string ProductRule = """
        id: bench-product-rule
        title: Product rule
        skills: [product-rule]
        kind: expression
        define:
          f: "x^3*sin(x)"
        question: "Differentiate $f(x) = {f:latex}$."
        answer:
          compute: diff(f, x)
        feedback:
          - id: uv-prime
            mutant: mistake(product-uv-prime)
            message: "The product rule is u'v + uv'."
          - id: one-term
            mutant: mistake(product-one-term)
            message: "Add the second term."
        """;

    private const string Jacobian = """
        id: bench-jacobian
        title: Jacobian
        skills: [jacobian]
        kind: matrix
        define:
          f: "x^2*y"
          g: "x + y^3"
        question: "Find the Jacobian of $({f:latex}, {g:latex})$."
        answer:
          compute: jacobian([f, g], [x, y])
          variables: [x, y]
        feedback:
          - id: transposed
            mutant: mistake(jacobian-transposed)
            message: "Transposed."
        """;

    private const string Chain = """
        id: bench-chain
        title: Chain rule
        skills: [chain-rule]
        kind: expression
        define:
          f: "exp(3*x^2)"
        question: "Differentiate $f(x) = {f:latex}$."
        answer:
          compute: diff(f, x)
        feedback:
          - id: inner-dropped
            mutant: mistake(chain-inner-dropped)
            message: "Multiply by the inner derivative."
        """;

    private static Variant Load(string yaml)
    {
        var problems = new List<ContentProblem>();
        var template = ExerciseTemplate.Parse(yaml, "bench.yaml", problems) ?? throw new InvalidOperationException(string.Join("; ", problems));
        return VariantGenerator.Generate(template, 1);
    }

    public static Func<double> Grading()
    {
        var product = Load(ProductRule);
        var jacobian = Load(Jacobian);
        var chain = Load(Chain);
        (Variant Variant, string Answer)[] answers =
        [
            (product, "3x^2 sin x + x^3 cos x"),
            (product, "3x^2 cos x"),
            (product, "x^2 (3 sin(x) + x cos(x))"),
            (jacobian, "[[2xy, x^2], [1, 3y^2]]"),
            (jacobian, "[[2xy, 1], [x^2, 3y^2]]"),
            (chain, "6x e^(3x^2)"),
            (chain, "exp(3x^2)"),
            (chain, "6x exp(3x^2"),
        ];
        var grader = new Grader();
        return () =>
        {
            int correct = 0;
            Parallel.For(0, CallsPerRun, () => 0, (i, _, local) =>
            {
                var (variant, answer) = answers[i % answers.Length];
                return local + (grader.Grade(variant, answer).Correct ? 1 : 0);
            }, local => Interlocked.Add(ref correct, local));
            return correct;
        };
    }
}
