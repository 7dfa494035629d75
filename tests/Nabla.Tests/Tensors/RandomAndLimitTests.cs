using Nabla.Numerics;

namespace Nabla.Tests.Tensors;

/// <summary>Seeded initialisers are reproducible with the right moments; limits and unsupported types fail clearly.</summary>
public sealed class RandomAndLimitTests
{
    private static (double Mean, double Std) Moments(double[] x)
    {
        double mean = x.Average();
        return (mean, Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1)));
    }

    [Fact]
    public void SeededRandomIsReproducible()
    {
        var a = Tensor<double>.RandomNormal(new TensorShape(5, 7), 0, 1, seed: 42).ToArray();
        var b = Tensor<double>.RandomNormal(new TensorShape(5, 7), 0, 1, seed: 42).ToArray();
        var c = Tensor<double>.RandomNormal(new TensorShape(5, 7), 0, 1, seed: 43).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Tensor<float>.RandomUniform(new TensorShape(9), -1, 1, 5).ToArray(), Tensor<float>.RandomUniform(new TensorShape(9), -1, 1, 5).ToArray());
    }

    [Fact]
    public void MomentsAreRoughlyRight()
    {
        var normal = Tensor<double>.RandomNormal(new TensorShape(100_001), 2, 3, seed: 1).ToArray();
        var (mean, std) = Moments(normal);
        Assert.InRange(mean, 2 - 0.05, 2 + 0.05); // 5 standard errors (3/√100001 ≈ 0.0095)
        Assert.InRange(std, 3 - 0.04, 3 + 0.04);

        var uniform = Tensor<double>.RandomUniform(new TensorShape(100_000), -1, 3, seed: 2).ToArray();
        Assert.All(uniform, v => Assert.True(v >= -1 && v < 3));
        (mean, std) = Moments(uniform);
        Assert.InRange(mean, 1 - 0.03, 1 + 0.03);
        Assert.InRange(std, 4 / Math.Sqrt(12) - 0.02, 4 / Math.Sqrt(12) + 0.02);

        var f = Tensor<float>.RandomNormal(new TensorShape(20_000), 0, 1, seed: 3).ToArray();
        Assert.InRange(f.Average(), -0.05, 0.05);
    }

    [Fact]
    public void InitialisersUseTheirLimits()
    {
        double glorot = Math.Sqrt(6.0 / (300 + 200));
        var g = Tensor<double>.GlorotUniform(300, 200, seed: 4);
        Assert.Equal(new[] { 300, 200 }, g.Shape.ToArray());
        Assert.InRange(g.Max(), glorot * 0.99, glorot);
        Assert.InRange(g.Min(), -glorot, -glorot * 0.99);
        double he = Math.Sqrt(2.0 / 300);
        var (_, std) = Moments(Tensor<double>.HeNormal(300, 200, seed: 5).ToArray());
        Assert.InRange(std, he * 0.97, he * 1.03);
        (_, std) = Moments(Tensor<double>.GlorotNormal(300, 200, seed: 6).ToArray());
        Assert.InRange(std, Math.Sqrt(2.0 / 500) * 0.97, Math.Sqrt(2.0 / 500) * 1.03);
        Assert.InRange(Tensor<double>.HeUniform(300, 200, seed: 7).Max(), Math.Sqrt(6.0 / 300) * 0.99, Math.Sqrt(6.0 / 300));
        Assert.Throws<ArgumentException>(() => Tensor<double>.HeNormal(0, 3, 1));
        Assert.Throws<ArgumentException>(() => Tensor<double>.RandomUniform(new TensorShape(2), 1, 1, 1));
        Assert.Throws<ArgumentException>(() => Tensor<double>.RandomNormal(new TensorShape(2), 0, -1, 1));
    }

    [Fact]
    public void TwoToThe31ElementsFailsFastWithoutAllocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ArgumentException>(() => Tensor<double>.Zeros(65536, 32768));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.StartsWith("a tensor of 2^31 elements is larger than Nabla supports (", ex.Message);
        Assert.Contains("(65536, 32768)", ex.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        var huge = Assert.Throws<ArgumentException>(() => Tensor<float>.Ones(int.MaxValue, int.MaxValue, int.MaxValue));
        Assert.Contains("larger than Nabla supports", huge.Message);
        Assert.Throws<ArgumentException>(() => Tensor<double>.Arange(0, 3e9, 1));
        Assert.Throws<ArgumentException>(() => new TensorShape(new int[33]));
        Assert.Throws<ArgumentException>(() => new TensorShape(2, -1));
        Assert.Equal(0, new TensorShape(0, int.MaxValue, int.MaxValue).Length);
    }

    [Fact]
    public void UnsupportedElementTypesAreRejected()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Tensor<Half>.Zeros(2));
        Assert.Contains("Tensor<Half> is not supported", ex.Message);
        Assert.Throws<NotSupportedException>(() => Tensor<System.Runtime.InteropServices.NFloat>.Ones(1));
    }
}
