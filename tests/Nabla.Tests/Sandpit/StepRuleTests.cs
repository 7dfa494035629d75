using Nabla.Course.Sandpit;
using Nabla.Symbolic.Parsing;

namespace Nabla.Tests.Sandpit;

public sealed class StepRuleTests
{
    // A quadratic f = 2(x-1)² + (x-1)(y-2) + 1.5(y-2)²: gradient and Hessian by hand.
    private static (double, double) J(double x, double y) => (4 * (x - 1) + (y - 2), (x - 1) + 3 * (y - 2));

    private static readonly double[] H = [4, 1, 1, 3];

    [Fact]
    public void NewtonsRuleLandsOnTheMinimumOfAQuadraticInOneStep()
    {
        foreach (var rule in new StepRule[] { StepRuleExpression.Parse("-inv(H)*J"), StepRules.Create("newton")!, StepRuleExpression.Parse("-(inv(H)*J)") })
        {
            var (dx, dy) = rule.Step(J(4, -1), H);
            Assert.Equal(1, 4 + dx, 12);
            Assert.Equal(2, -1 + dy, 12);
        }
    }

    [Theory]
    [InlineData("-0.5*J", -4.5, 3)]
    [InlineData("-J/2", -4.5, 3)]
    [InlineData("- 2 * (J - J/2)", -9, 6)]
    [InlineData("-H*J", -30, 9)]
    [InlineData("-inv(H + 2*I)*J", -51 / 29.0, 45 / 29.0)]
    [InlineData("J*0.1 - 0.2*J", -0.9, 0.6)]
    [InlineData("-1e-1*J", -0.9, 0.6)]
    public void RulesComputeTheHandComputedStep(string text, double dx, double dy)
    {
        // At (4, -1): J = (4·3 − 3, 3 − 3·3) = (9, −6); the expected steps are worked by hand from J and H.
        var j = J(4, -1);
        Assert.Equal((9.0, -6.0), j);
        var step = StepRuleExpression.Parse(text).Step(j, H);
        Assert.Equal(dx, step.Dx, 12);
        Assert.Equal(dy, step.Dy, 12);
    }

    [Fact]
    public void TheHybridUsesNewtonDownhillAndShortElseHalfTheGradient()
    {
        var hybrid = StepRules.Create("hybrid")!;
        // Close to the minimum the Newton step is short and downhill.
        var (dx, dy) = hybrid.Step(J(1.5, 2.5), H);
        Assert.Equal(-0.5, dx, 12);
        Assert.Equal(-0.5, dy, 12);
        // Far away the Newton step is longer than 2 m: −½J instead.
        var far = hybrid.Step(J(5, 6), H);
        Assert.Equal((-0.5 * 20, -0.5 * 16), far);
        // On a saddle (indefinite H) the Newton step can point uphill: −½J instead.
        double[] saddle = [1, 0, 0, -1];
        var (sx, sy) = hybrid.Step((0.1, 0.2), saddle);
        Assert.Equal((-0.05, -0.1), (sx, sy));
        Assert.Equal((-0.3 * 9, -0.3 * -6), StepRules.Create("gradient", 0.3)!.Step((9, -6), H));
        Assert.Equal((1.0, 0.0), StepRules.Create("right")!.Step((9, -6), H));
        Assert.Null(StepRules.Create("teleport"));
    }

    [Fact]
    public void ASingularHessianStopsNewtonWithAClearMessage()
    {
        var ex = Assert.Throws<StepRuleException>(() => StepRuleExpression.Parse("-inv(H)*J").Step((1, 1), [1, 2, 2, 4]));
        Assert.Contains("singular", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, "type a step rule")]
    [InlineData("-0.5*j", 5, "unknown name 'j'")]
    [InlineData("0.5J", 3, "missing '*'")]
    [InlineData("-J^2", 2, "unexpected '^'")]
    [InlineData("J*J", 1, "cannot multiply two vectors")]
    [InlineData("J*H", 1, "a vector times a matrix")]
    [InlineData("J + 1", 2, "cannot add a number to a vector")]
    [InlineData("H + 1", 2, "cannot add a number to a matrix")]
    [InlineData("-inv(H*J", 8, "missing ')'")]
    [InlineData("-0.5*J)", 6, "no matching '('")]
    [InlineData("inv(J)", 0, "inv( ) of a vector")]
    [InlineData("J/H", 1, "cannot divide by a matrix")]
    [InlineData("-0.5", 0, "gives a number")]
    [InlineData("H", 0, "gives a matrix")]
    [InlineData("-0.5*", 5, "ends too soon")]
    [InlineData("grad", 0, "unknown name 'grad'")]
    [InlineData("1e99*J", 0, "is not a number")]
    public void BadRulesAreRejectedWithThePosition(string text, int position, string message)
    {
        var ex = Assert.Throws<ParseException>(() => StepRuleExpression.Parse(text));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(position, ex.Position);
        Assert.False(string.IsNullOrEmpty(ex.Hint));
    }

    [Fact]
    public void LongAndDeeplyNestedRulesAreRefused()
    {
        var tooLong = Assert.Throws<ParseException>(() => StepRuleExpression.Parse("-" + string.Concat(Enumerable.Repeat("0.1*", 60)) + "J"));
        Assert.Contains("too long", tooLong.Message, StringComparison.Ordinal);
        var nested = Assert.Throws<ParseException>(() => StepRuleExpression.Parse(new string('(', 40) + "J" + new string(')', 40)));
        Assert.Contains("nested too deeply", nested.Message, StringComparison.Ordinal);
        var minus = Assert.Throws<ParseException>(() => StepRuleExpression.Parse(new string('-', 50) + "J"));
        Assert.Contains("nested too deeply", minus.Message, StringComparison.Ordinal);
    }
}
