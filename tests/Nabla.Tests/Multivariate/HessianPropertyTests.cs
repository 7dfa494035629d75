using CsCheck;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.Multivariate;

public sealed class HessianPropertyTests
{
    private static readonly Symbol[] Xyz = [(Symbol)Expr.Sym("x"), (Symbol)Expr.Sym("y"), (Symbol)Expr.Sym("z")];

    [Fact]
    public void HessianIsSymmetricAndMatchesDifferencesOfTheGradient()
    {
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), Gen.Int).Sample((f, seed) =>
        {
            var h = Calculus.Hessian(f, Xyz);
            var gradient = Calculus.Gradient(f, Xyz);
            var point = RandomExpressions.Point(new Random(seed));
            var values = Calculus.Evaluate(h, point);
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    Assert.Same(h[i, j], h[j, i]);
                    // The mixed partial in the other order (∂/∂vᵢ of ∂f/∂vⱼ) has the same value: Schwarz's theorem.
                    double otherOrder = Calculus.Diff(gradient[j], Xyz[i]).Evaluate(point);
                    Assert.True(RandomExpressions.Close(values[i, j], otherOrder, 1e-9, 1e-9), $"{f}: H[{i},{j}] {values[i, j]} vs {otherOrder}");
                    // Central difference of the gradient entry i along variable j.
                    double step = 1e-5, x0 = point[Xyz[j].Name];
                    var plus = new Dictionary<string, double>(point) { [Xyz[j].Name] = x0 + step };
                    var minus = new Dictionary<string, double>(point) { [Xyz[j].Name] = x0 - step };
                    double numeric = (gradient[i].Evaluate(plus) - gradient[i].Evaluate(minus)) / (2 * step);
                    if (!double.IsFinite(numeric) || Math.Abs(numeric) > 1e6) continue;
                    Assert.True(RandomExpressions.Close(values[i, j], numeric, 1e-5, 1e-5), $"{f}: H[{i},{j}] = {h[i, j]}: {values[i, j]} vs {numeric}");
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void JacobianWithStepsMatchesTheJacobian()
    {
        Expr x = Xyz[0], y = Xyz[1];
        Expr[] functions = [x * x - y * y, 2 * x * y, Expr.Sin(x * y)];
        var steps = Calculus.JacobianWithSteps(functions);
        var jacobian = Calculus.Jacobian(functions);
        Assert.Equal(3, steps.GetLength(0));
        Assert.Equal(2, steps.GetLength(1));
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                Assert.Same(jacobian[i, j], steps[i, j].Result);
                Assert.Same(functions[i], steps[i, j].Function);
            }
        }
        Assert.NotEmpty(steps[2, 0].StepsUsing("chain rule"));
    }

    [Fact]
    public void HessianWithStepsMatchesTheHessian()
    {
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), Gen.Int).Sample((f, seed) =>
        {
            var steps = Calculus.HessianWithSteps(f, Xyz);
            var h = Calculus.Hessian(f, Xyz);
            var point = RandomExpressions.Point(new Random(seed));
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    if (i <= j) Assert.Same(h[i, j], steps[i, j].Result);
                    else Assert.True(RandomExpressions.Close(h[i, j].Evaluate(point), steps[i, j].Result.Evaluate(point), 1e-9, 1e-9));
                    Assert.Same(Xyz[j], steps[i, j].Variable);
                }
            }
        }, iter: 100);
    }

    [Fact]
    public void WithStepsRejectsBadVariableLists()
    {
        Assert.Throws<ArgumentException>(() => Calculus.JacobianWithSteps([Expr.Sym("x")], [Xyz[0], Xyz[0]]));
        Assert.Throws<ArgumentException>(() => Calculus.JacobianWithSteps([]));
        Assert.Throws<ArgumentException>(() => Calculus.HessianWithSteps(Expr.Num(2)));
    }
}
