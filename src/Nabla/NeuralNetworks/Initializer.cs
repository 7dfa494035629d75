using System.Numerics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// How a weight matrix (out × in) starts. Every initialiser is seeded: the same seed gives the same weights on every
/// machine (Nabla's own xoshiro256** generator, <see cref="Tensor{T}.RandomNormal"/>).
/// </summary>
public abstract record Initializer
{
    private Initializer() { }

    /// <summary>Name as written in files and messages.</summary>
    public abstract string Name { get; }

    /// <summary>Draws an (out × in) matrix for a layer with <paramref name="fanIn"/> inputs and <paramref name="fanOut"/> outputs.</summary>
    /// <exception cref="ArgumentException">A fan is not positive.</exception>
    public Tensor<T> Create<T>(int fanIn, int fanOut, long seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (fanIn <= 0 || fanOut <= 0) throw new ArgumentException($"a layer needs positive sizes (got {fanIn} inputs, {fanOut} outputs).");
        var shape = new TensorShape(fanOut, fanIn);
        return this switch
        {
            ZerosInit => Tensor<T>.Zeros(shape),
            NormalInit n => Tensor<T>.RandomNormal(shape, T.Zero, T.CreateChecked(n.StandardDeviation), seed),
            XavierUniformInit => Uniform<T>(shape, Math.Sqrt(6.0 / ((double)fanIn + fanOut)), seed),
            XavierNormalInit => Tensor<T>.RandomNormal(shape, T.Zero, T.CreateChecked(Math.Sqrt(2.0 / ((double)fanIn + fanOut))), seed),
            HeUniformInit => Uniform<T>(shape, Math.Sqrt(6.0 / fanIn), seed),
            HeNormalInit => Tensor<T>.RandomNormal(shape, T.Zero, T.CreateChecked(Math.Sqrt(2.0 / fanIn)), seed),
            _ => throw new InvalidOperationException($"unknown initialiser {Name}"),
        };
    }

    private static Tensor<T> Uniform<T>(TensorShape shape, double limit, long seed) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.RandomUniform(shape, T.CreateChecked(-limit), T.CreateChecked(limit), seed);

    /// <summary>All zeros (the usual bias start).</summary>
    public static Initializer Zeros { get; } = new ZerosInit();

    /// <summary>N(0, σ²) — the course draws its weights and biases from N(0, ½²).</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ is negative or not finite.</exception>
    public static Initializer Normal(double standardDeviation) =>
        standardDeviation >= 0 && double.IsFinite(standardDeviation) ? new NormalInit(standardDeviation)
            : throw new ArgumentOutOfRangeException(nameof(standardDeviation), $"σ must be finite and ≥ 0 (got {standardDeviation}).");

    /// <summary>Xavier/Glorot uniform: U(±√(6/(in + out))), for sigmoid/tanh layers.</summary>
    public static Initializer XavierUniform { get; } = new XavierUniformInit();

    /// <summary>Xavier/Glorot normal: N(0, 2/(in + out)).</summary>
    public static Initializer XavierNormal { get; } = new XavierNormalInit();

    /// <summary>He/Kaiming uniform: U(±√(6/in)), for ReLU layers.</summary>
    public static Initializer HeUniform { get; } = new HeUniformInit();

    /// <summary>He/Kaiming normal: N(0, 2/in), for ReLU layers.</summary>
    public static Initializer HeNormal { get; } = new HeNormalInit();

    private sealed record ZerosInit : Initializer { public override string Name => "zeros"; }
    private sealed record NormalInit(double StandardDeviation) : Initializer { public override string Name => $"normal({StandardDeviation})"; }
    private sealed record XavierUniformInit : Initializer { public override string Name => "xavier-uniform"; }
    private sealed record XavierNormalInit : Initializer { public override string Name => "xavier-normal"; }
    private sealed record HeUniformInit : Initializer { public override string Name => "he-uniform"; }
    private sealed record HeNormalInit : Initializer { public override string Name => "he-normal"; }
}
