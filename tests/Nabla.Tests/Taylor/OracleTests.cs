using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;
using Nabla.Tests.Support;

namespace Nabla.Tests.Taylor;

/// <summary>Coefficients against derivatives (symbolic by <see cref="Calculus.Diff(Expr, Symbol, int, DiffOptions?)"/>,
/// and finite differences), and exactness on polynomials.</summary>
public sealed class OracleTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");

    private static Expr RandomPoint(Random rng) => Expr.Num(rng.Next(-12, 13), rng.Next(1, 5));

    [Fact]
    public void FirstCoefficientsAreDerivativesOverFactorials()
    {
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), Gen.Int).Sample((f, seed) =>
        {
            var rng = new Random(seed);
            var about = RandomPoint(rng);
            var s = Calculus.Taylor(f, X, about, 4);
            var point = RandomExpressions.Point(rng);
            point["x"] = about.Evaluate();
            double factorial = 1;
            for (int k = 0; k <= 4; k++)
            {
                if (k > 0) factorial *= k;
                double expected = Calculus.Diff(f, X, k).Evaluate(point) / factorial;
                double actual = s.Coefficients[k].Evaluate(point);
                if (!double.IsFinite(expected) || Math.Abs(expected) > 1e8) return;
                double slack = 1e-12 * Conditioning.Magnitude(s.Coefficients[k], point);
                Assert.True(RandomExpressions.Close(actual, expected, 1e-9, 1e-9 + slack),
                    $"{f} about x = {about}, k = {k}: {s.Coefficients[k]} = {actual}, f^(k)/k! = {expected}");
            }
        }, iter: 300);
    }

    [Fact]
    public void FirstCoefficientsMatchFiniteDifferences()
    {
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), Gen.Int).Sample((f, seed) =>
        {
            var rng = new Random(seed);
            var about = RandomPoint(rng);
            var s = Calculus.Taylor(f, X, about, 2);
            var point = RandomExpressions.Point(rng);
            double a = about.Evaluate();
            double F(double xv) => f.Evaluate(new Dictionary<string, double>(point) { ["x"] = xv });
            point["x"] = a;
            double f0 = F(a);
            // Central differences with one Richardson step; the change it makes estimates the oracle's own error,
            // and cases where that is large (rapid oscillation) are skipped rather than judged.
            double D1(double h) => (F(a + h) - F(a - h)) / (2 * h);
            double D2(double h) => (F(a + h) - 2 * f0 + F(a - h)) / (h * h);
            double h1 = 1e-4, h2 = 1e-3;
            double d1 = (4 * D1(h1 / 2) - D1(h1)) / 3, d2 = (4 * D2(h2 / 2) - D2(h2)) / 3;
            double e1 = Math.Abs(d1 - D1(h1 / 2)), e2 = Math.Abs(d2 - D2(h2 / 2));
            if (!double.IsFinite(d2) || Math.Abs(f0) + Math.Abs(d1) + Math.Abs(d2) > 1e5) return;
            if (e1 > 1e-4 * (1 + Math.Abs(d1)) || e2 > 1e-3 * (1 + Math.Abs(d2))) return;
            double scale = 1 + Math.Abs(f0) + Conditioning.Magnitude(s.Coefficients[1], point) + Conditioning.Magnitude(s.Coefficients[2], point);
            Assert.True(RandomExpressions.Close(s.Coefficients[0].Evaluate(point), f0, 1e-12, 1e-12 * scale));
            Assert.True(RandomExpressions.Close(s.Coefficients[1].Evaluate(point), d1, 1e-5, 1e-6 * scale),
                $"{f} about {about}: c1 = {s.Coefficients[1].Evaluate(point)}, difference quotient {d1}");
            Assert.True(RandomExpressions.Close(s.Coefficients[2].Evaluate(point), d2 / 2, 1e-3, 1e-4 * scale),
                $"{f} about {about}: c2 = {s.Coefficients[2].Evaluate(point)}, second difference / 2 = {d2 / 2}");
        }, iter: 300);
    }

    [Fact]
    public void TaylorOfAPolynomialOfDegreeAtMostNIsThePolynomial()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 8]).Sample((seed, degree) =>
        {
            var rng = new Random(seed);
            // A product of random linear factors plus a random lower-degree part: nothing is expanded beforehand.
            Expr p = Expr.Num(rng.Next(-5, 6), rng.Next(1, 4));
            Expr x = X;
            for (int i = 0; i < degree; i++)
                p = p * (Expr.Num(rng.Next(1, 4)) * x + Expr.Num(rng.Next(-6, 7), rng.Next(1, 3)));
            for (int i = 0; i < degree; i++)
                p = p + Expr.Num(rng.Next(-3, 4), rng.Next(1, 6)) * Expr.Pow(x, i);
            var about = RandomPoint(rng);
            int order = degree + rng.Next(0, 3);
            var s = Calculus.Taylor(p, X, about, order);
            Assert.True(Simplifier.Expand(s.Polynomial - p).IsZero, $"{p} about {about}: {s.ToPlain()}");
            for (int k = degree + 1; k <= order; k++) Assert.Same(Expr.Zero, s.Coefficients[k]);
        }, iter: 300);
    }

    [Fact]
    public void PlainFormParsesBackToTheSamePolynomial()
    {
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), Gen.Int).Sample((f, seed) =>
        {
            var rng = new Random(seed);
            var about = RandomPoint(rng);
            var s = Calculus.Taylor(f, X, about, 3);
            var parsed = Expr.Parse(s.ToPlain());
            for (int i = 0; i < 3; i++)
            {
                var point = RandomExpressions.Point(rng);
                double expected = s.Polynomial.Evaluate(point), actual = parsed.Evaluate(point);
                if (!double.IsFinite(expected) || Math.Abs(expected) > 1e8) continue;
                double reach = 1 + Math.Abs(point["x"] - about.Evaluate()), slack = 0;
                for (int k = 0; k <= 3; k++) slack += 1e-12 * Conditioning.Magnitude(s.Coefficients[k], point) * Math.Pow(reach, k);
                Assert.True(RandomExpressions.Close(actual, expected, 1e-9, 1e-9 + slack), $"{s.ToPlain()} vs {s.Polynomial}");
            }
        }, iter: 200);
    }
}
