using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// The training data of the course's neural-network assignment: 100 inputs x = 0, 0.01, …, 0.99 and, for each, a
/// point on a heart-shaped curve scaled into the sigmoid's range (0, 1):
/// y₀ = (16 sin³(2πx)/20 + 1)/2 and y₁ = ((13 cos 2πx − 5 cos 4πx − 2 cos 6πx − cos 8πx)/20 + 1)/2.
/// The network 1 → 6 → 7 → 2 learns to draw this heart as x runs from 0 to 1.
/// </summary>
public static class HeartCurve
{
    /// <summary>The number of training samples (x = 0, 0.01, …, 0.99).</summary>
    public const int SampleCount = 100;

    /// <summary>The first target, y₀ = (16 sin³(2πx)/20 + 1)/2 (the heart's horizontal coordinate).</summary>
    public static double Y0(double x)
    {
        double s = Math.Sin(2 * Math.PI * x);
        return (16 * s * s * s / 20 + 1) / 2;
    }

    /// <summary>The second target, y₁ = ((13 cos 2πx − 5 cos 4πx − 2 cos 6πx − cos 8πx)/20 + 1)/2 (vertical).</summary>
    public static double Y1(double x)
    {
        double t = 2 * Math.PI * x;
        return ((13 * Math.Cos(t) - 5 * Math.Cos(2 * t) - 2 * Math.Cos(3 * t) - Math.Cos(4 * t)) / 20 + 1) / 2;
    }

    /// <summary>The inputs as a 1×100 tensor (one row, one column per sample), x_k = k/100.</summary>
    public static Tensor<double> Inputs()
    {
        var x = Tensor<double>.Zeros(1, SampleCount);
        var span = x.AsSpan();
        for (int k = 0; k < SampleCount; k++) span[k] = k / 100.0;
        return x;
    }

    /// <summary>The targets as a 2×100 tensor: row 0 holds y₀, row 1 holds y₁, column k belongs to x_k.</summary>
    public static Tensor<double> Targets()
    {
        var y = Tensor<double>.Zeros(2, SampleCount);
        var span = y.AsSpan();
        for (int k = 0; k < SampleCount; k++)
        {
            double x = k / 100.0;
            span[k] = Y0(x);
            span[SampleCount + k] = Y1(x);
        }
        return y;
    }
}
