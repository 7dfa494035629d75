using Nabla.AutoDiff;

namespace Nabla.Tests.AutoDiffTests;

public sealed class ForwardModeTests
{
    // f(x, y) = (x²y, sin(x) + y³), Jacobian by hand [[2xy, x²], [cos x, 3y²]].
    private static Dual<double>[] F(Dual<double>[] v) =>
        [v[0] * v[0] * v[1], Dual<double>.Sin(v[0]) + Dual<double>.Pow(v[1], 3)];

    private static double[,] HandJacobian(double x, double y) => new[,] { { 2 * x * y, x * x }, { Math.Cos(x), 3 * y * y } };

    [Fact]
    public void JacobianIsTheHandJacobian()
    {
        var j = ForwardMode.Jacobian(F, [1.5, -0.5]);
        var expected = HandJacobian(1.5, -0.5);
        Assert.Equal(2, j.GetLength(0));
        Assert.Equal(2, j.GetLength(1));
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++)
                Assert.Equal(expected[r, c], j[r, c], 14);
    }

    [Fact]
    public void JvpIsJacobianTimesDirection()
    {
        var (values, derivatives) = ForwardMode.Jvp(F, [1.5, -0.5], [2, 3]);
        var j = HandJacobian(1.5, -0.5);
        Assert.Equal(1.5 * 1.5 * -0.5, values[0], 14);
        Assert.Equal(Math.Sin(1.5) - 0.125, values[1], 14);
        Assert.Equal(j[0, 0] * 2 + j[0, 1] * 3, derivatives[0], 13);
        Assert.Equal(j[1, 0] * 2 + j[1, 1] * 3, derivatives[1], 13);
    }

    [Fact]
    public void GradientAndDirectionalDerivative()
    {
        // g = x·eʸ: ∇g = (eʸ, x·eʸ).
        static Dual<double> G(Dual<double>[] v) => v[0] * Dual<double>.Exp(v[1]);
        var grad = ForwardMode.Gradient(G, [2.0, 0.5]);
        Assert.Equal(Math.Exp(0.5), grad[0], 14);
        Assert.Equal(2 * Math.Exp(0.5), grad[1], 14);
        Assert.Equal(Math.Exp(0.5) * -1 + 2 * Math.Exp(0.5) * 4, ForwardMode.DirectionalDerivative(G, [2.0, 0.5], [-1, 4]), 13);
    }

    [Fact]
    public void SinglePrecisionOverloads()
    {
        var grad = ForwardMode.Gradient(v => v[0] * v[1], [3f, 4f]);
        Assert.Equal([4f, 3f], grad);
        var j = ForwardMode.Jacobian(v => [v[0] * v[1]], [3f, 4f]);
        Assert.Equal(4f, j[0, 0]);
        Assert.Equal(3f, ForwardMode.DirectionalDerivative(v => v[0] * v[1], [3f, 4f], [0f, 1f]));
        Assert.Equal(7f, ForwardMode.Jvp(v => [v[0] * v[1]], [3f, 4f], [1f, 1f]).Derivatives[0]);
    }

    [Fact]
    public void MismatchedDirectionIsAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForwardMode.Jvp(F, [1, 2], [1]));
        Assert.Contains("1 components", ex.Message);
    }

    [Fact]
    public void AMillionStepChainDoesNotOverflowTheStack()
    {
        const int steps = 1_000_000;
        static double Plain(double x) { for (int i = 0; i < steps; i++) x = Math.Sin(x); return x; }
        var grad = ForwardMode.Gradient(v =>
        {
            var d = v[0];
            for (int i = 0; i < steps; i++) d = Dual<double>.Sin(d);
            return d;
        }, [0.5]);
        // Oracle: Richardson-extrapolated central differences of the plain double chain (the chain's rounding noise
        // limits this estimate to about 1e-5 relative).
        double h = 1e-3;
        double Central(double step) => (Plain(0.5 + step) - Plain(0.5 - step)) / (2 * step);
        double numeric = (4 * Central(h / 2) - Central(h)) / 3;
        Assert.True(grad[0] > 0);
        Assert.True(Math.Abs(grad[0] - numeric) <= 1e-4 * Math.Abs(numeric), $"forward {grad[0]:R}, numeric {numeric:R}");
    }
}
