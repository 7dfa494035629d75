using CsCheck;
using Nabla.Symbolic;
using Nabla.Tests.Support;

namespace Nabla.Tests.Multivariate;

public sealed class JacobianTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");
    private static readonly Symbol Z = (Symbol)Expr.Sym("z");

    [Fact]
    public void TheCourseExampleHasTheTextbookJacobian()
    {
        // u = x² − y², v = 2xy: J = [[2x, −2y], [2y, 2x]], written down from the definition.
        Expr x = X, y = Y;
        var j = Calculus.Jacobian([x * x - y * y, 2 * x * y]);
        Assert.Same(2 * x, j[0, 0]);
        Assert.Same(-2 * y, j[0, 1]);
        Assert.Same(2 * y, j[1, 0]);
        Assert.Same(2 * x, j[1, 1]);
    }

    [Fact]
    public void VariablesAreInferredInNaturalOrder()
    {
        var vars = Calculus.InferVariables(Expr.Parse("x10 + x2*y + x1"));
        Assert.Equal(["x1", "x2", "x10", "y"], vars.Select(v => v.Name));
    }

    [Fact]
    public void EveryEntryMatchesCentralDifferencesForThreeFunctionsOfThreeVariables()
    {
        Gen.Select(RandomExpressions.Any(3, smoothOnly: true), RandomExpressions.Any(3, smoothOnly: true),
                   RandomExpressions.Any(3, smoothOnly: true), Gen.Int).Sample((f, g, h, seed) =>
        {
            Symbol[] vars = [X, Y, Z];
            Expr[] functions = [f, g, h];
            var jacobian = Calculus.Jacobian(functions, vars);
            var point = RandomExpressions.Point(new Random(seed));
            var values = Calculus.Evaluate(jacobian, point);
            for (int i = 0; i < 3; i++)
            {
                for (int k = 0; k < 3; k++)
                {
                    double step = 1e-5, x0 = point[vars[k].Name];
                    var plus = new Dictionary<string, double>(point) { [vars[k].Name] = x0 + step };
                    var minus = new Dictionary<string, double>(point) { [vars[k].Name] = x0 - step };
                    double up = functions[i].Evaluate(plus), down = functions[i].Evaluate(minus);
                    double numeric = (up - down) / (2 * step);
                    // Skip points where the function overflows or the difference quotient is dominated by round-off.
                    if (!double.IsFinite(numeric) || Math.Abs(numeric) > 1e6 || !double.IsFinite(values[i, k])) continue;
                    double roundOff = 1e-12 * Math.Max(Math.Abs(up), Math.Abs(down)) / step;
                    Assert.True(RandomExpressions.Close(values[i, k], numeric, 1e-5, 1e-6 + roundOff),
                        $"∂({functions[i]})/∂{vars[k].Name} = {jacobian[i, k]}: {values[i, k]} vs {numeric}");
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void ARepeatedVariableIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => Calculus.Jacobian([Expr.Sym("x")], [X, X]));
        Assert.Contains("twice", error.Message);
    }
}
