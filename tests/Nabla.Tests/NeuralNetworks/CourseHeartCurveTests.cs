using Nabla.NeuralNetworks;

namespace Nabla.Tests.NeuralNetworks;

public sealed class CourseHeartCurveTests
{
    [Fact]
    public void InputsAreZeroToPointNineNineInHundredths()
    {
        var x = HeartCurve.Inputs();
        Assert.Equal([1, 100], x.Shape.ToArray());
        for (int k = 0; k < 100; k++) Assert.Equal(k * 0.01, x[0, k], 15);
    }

    [Fact]
    public void TargetsFollowTheHeartFormulas()
    {
        var y = HeartCurve.Targets();
        Assert.Equal([2, 100], y.Shape.ToArray());
        // Closed-form values: at x = 0 sin = 0 and the cosines are 1; at x = 1/4 sin = 1, cos 2πx = 0, cos 4πx = −1,
        // cos 6πx = 0, cos 8πx = 1.
        Assert.Equal(0.5, y[0, 0], 15);
        Assert.Equal(((13 - 5 - 2 - 1) / 20.0 + 1) / 2, y[1, 0], 15);
        Assert.Equal((16 / 20.0 + 1) / 2, y[0, 25], 14);
        Assert.Equal(((0 + 5 - 0 - 1) / 20.0 + 1) / 2, y[1, 25], 14);
        for (int k = 0; k < 100; k++)
        {
            double x = k / 100.0, t = 2 * Math.PI * x;
            Assert.Equal((16 * Math.Pow(Math.Sin(t), 3) / 20 + 1) / 2, y[0, k], 14);
            Assert.Equal(((13 * Math.Cos(t) - 5 * Math.Cos(2 * t) - 2 * Math.Cos(3 * t) - Math.Cos(4 * t)) / 20 + 1) / 2, y[1, k], 14);
            Assert.InRange(y[0, k], 0, 1);
            Assert.InRange(y[1, k], 0, 1);
        }
    }
}
