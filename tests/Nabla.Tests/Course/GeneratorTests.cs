using Nabla.Course.Templates;
using Nabla.Symbolic;

namespace Nabla.Tests.Course;

public sealed class GeneratorTests
{
    private static Rational Draw(string spec, Bindings env, Random rng) =>
        ((Number)Generators.Draw("p", spec, env, rng).Expr!).Value;

    [Fact]
    public void IntStaysInRangeAndAvoidsExclusions()
    {
        var env = new Bindings();
        env.Set(new Binding("a", new ScalarValue(Expr.Num(4))));
        var rng = new Random(1);
        var seen = new HashSet<int>();
        for (int i = 0; i < 500; i++)
        {
            var v = Draw("int(2, 8, exclude=[a, 6])", env, rng);
            Assert.True(v.IsInteger);
            seen.Add((int)v.Numerator);
        }
        Assert.Equal([2, 3, 5, 7, 8], seen.Order());
    }

    [Fact]
    public void NonzeroNeverGivesZero()
    {
        var rng = new Random(2);
        var seen = Enumerable.Range(0, 300).Select(_ => (int)Draw("nonzero(-2, 2)", new Bindings(), rng).Numerator).ToHashSet();
        Assert.Equal([-2, -1, 1, 2], seen.Order());
    }

    [Fact]
    public void RationalUsesTheDenominatorsAndTheRange()
    {
        var rng = new Random(3);
        for (int i = 0; i < 300; i++)
        {
            var v = Draw("rational(1, 3, den=[2, 3])", new Bindings(), rng);
            Assert.True(v >= 1 && v <= 3, v.ToString());
            Assert.Contains((int)v.Denominator, new[] { 1, 2, 3 });
        }
    }

    [Fact]
    public void RealStepsFromLowToHigh()
    {
        var rng = new Random(4);
        var seen = Enumerable.Range(0, 300).Select(_ => Draw("real(0.5, 2, 0.5)", new Bindings(), rng).ToDouble()).ToHashSet();
        Assert.Equal([0.5, 1.0, 1.5, 2.0], seen.Order());
    }

    [Fact]
    public void SignAndChoice()
    {
        var rng = new Random(5);
        Assert.Equal([-1, 1], Enumerable.Range(0, 100).Select(_ => (int)Draw("sign()", new Bindings(), rng).Numerator).ToHashSet().Order());
        var pieces = Enumerable.Range(0, 100).Select(_ => Generators.Draw("c", "choice(sin, cos, \"x^2 + 1\")", new Bindings(), rng)).ToList();
        Assert.Contains(pieces, b => b.Verbatim == "sin");
        Assert.Contains(pieces, b => b.Verbatim == "cos");
        Assert.Contains(pieces, b => b.Expr is { } e && ReferenceEquals(e, Expr.Parse("x^2+1")));
        Assert.Equal(@"\sin", pieces.First(b => b.Verbatim == "sin").Latex);
    }

    [Fact]
    public void RandomFunctionsAreDefinedOnAllReals()
    {
        var rng = new Random(6);
        var points = new Random(7);
        for (int depth = 1; depth <= 3; depth++)
        {
            for (int i = 0; i < 200; i++)
            {
                var f = Generators.RandomPiece(Expr.Sym("x"), depth, rng);
                Assert.Equal(["x"], f.FreeSymbols.Select(s => s.Name));
                for (int k = 0; k < 10; k++)
                {
                    double x = points.NextDouble() * 6 - 3;
                    Assert.False(double.IsNaN(f.Evaluate(("x", x))), $"{f.ToPlain()} at {x}");
                }
            }
        }
    }

    [Fact]
    public void UnknownGeneratorsAndBadArgumentsAreAuthorErrors()
    {
        var rng = new Random(8);
        Assert.Throws<TemplateException>(() => Generators.Draw("p", "gaussian(0, 1)", new Bindings(), rng));
        Assert.Throws<TemplateException>(() => Generators.Draw("p", "int(5, 2)", new Bindings(), rng));
        Assert.Throws<TemplateException>(() => Generators.Draw("p", "int(1, 1, exclude=[1])", new Bindings(), rng));
        Assert.Throws<TemplateException>(() => Generators.Draw("p", "randfun(x, depth=9)", new Bindings(), rng));
    }

    [Fact]
    public void PlaceholdersParenthesiseNegativesAndTypesetLatex()
    {
        var env = new Bindings();
        env.Set(new Binding("k", new ScalarValue(Expr.Num(-3))));
        env.Set(new Binding("f", new ScalarValue(Expr.Parse("x^2 + 1"))));
        Assert.Equal("(-3)*x + (1+x^2)", env.Fill("{k}*x + {f}").Replace("x^2+1", "1+x^2", StringComparison.Ordinal));
        Assert.Equal("$-3$ and $x^{2} + 1$ and \\frac{a}{b}", env.Fill("${k:latex}$ and ${f:latex}$ and \\frac{a}{b}").Replace("1 + x^{2}", "x^{2} + 1", StringComparison.Ordinal));
        Assert.Equal(Expr.Parse("-3*x^2 - 3"), env.Resolve("k*f"));
    }
}
