using System.Numerics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>
/// Training or validation data: inputs as a (features × samples) matrix, one column per sample, and the targets
/// (values or class labels). The constructor takes a sample-major copy of the inputs, so mini-batches are gathered
/// from contiguous rows; later changes to the input tensor are not seen.
/// </summary>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal readonly T[] SampleMajorInputs;    // samples × features
    internal readonly T[]? SampleMajorTargets;  // samples × outputs

    /// <summary>A dataset of inputs (features × samples) and targets for the same number of samples.</summary>
    /// <exception cref="ArgumentException">The inputs are not a matrix, or the sample counts differ.</exception>
    public Dataset(Tensor<T> inputs, Targets<T> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Rank != 2) throw new ArgumentException($"inputs must be a (features × samples) matrix; got shape {inputs.Shape}.");
        if (targets.Count != inputs.Shape[1])
            throw new ArgumentException($"the inputs have {inputs.Shape[1]} samples (columns) but there are {targets.Count} targets.");
        Inputs = inputs;
        Targets = targets;
        SampleMajorInputs = Transpose(inputs.Contiguous().AsSpan(), inputs.Shape[0], inputs.Shape[1]);
        if (targets.Values is { } v) SampleMajorTargets = Transpose(v.AsSpan(), v.Shape[0], v.Shape[1]);
    }

    /// <summary>A classification dataset: inputs (features × samples) and one label per sample.</summary>
    public static Dataset<T> Classification(Tensor<T> inputs, int[] labels) => new(inputs, Targets<T>.FromLabels(labels));

    /// <summary>A regression dataset: inputs (features × samples) and target values (outputs × samples).</summary>
    public static Dataset<T> Regression(Tensor<T> inputs, Tensor<T> targets) => new(inputs, Targets<T>.FromValues(targets));

    /// <summary>The inputs (features × samples).</summary>
    public Tensor<T> Inputs { get; }

    /// <summary>The targets.</summary>
    public Targets<T> Targets { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Inputs.Shape[1];

    /// <summary>The number of input features.</summary>
    public int Features => Inputs.Shape[0];

    private static T[] Transpose(ReadOnlySpan<T> source, int rows, int columns)
    {
        var result = new T[source.Length];
        const int Block = 32;
        for (int r0 = 0; r0 < rows; r0 += Block)
            for (int c0 = 0; c0 < columns; c0 += Block)
                for (int r = r0; r < Math.Min(r0 + Block, rows); r++)
                    for (int c = c0; c < Math.Min(c0 + Block, columns); c++)
                        result[c * rows + r] = source[r * columns + c];
        return result;
    }

    /// <summary>Copies samples <paramref name="indices"/> of a sample-major (samples × width) array into a
    /// (width × batch) matrix, eight samples at a time so reads stay sequential and writes contiguous.</summary>
    internal static void Gather(T[] sampleMajor, int width, ReadOnlySpan<int> indices, Span<T> destination)
    {
        int b = indices.Length;
        int j0 = 0;
        for (; j0 + 8 <= b; j0 += 8)
        {
            var s0 = sampleMajor.AsSpan(indices[j0] * width, width); var s1 = sampleMajor.AsSpan(indices[j0 + 1] * width, width);
            var s2 = sampleMajor.AsSpan(indices[j0 + 2] * width, width); var s3 = sampleMajor.AsSpan(indices[j0 + 3] * width, width);
            var s4 = sampleMajor.AsSpan(indices[j0 + 4] * width, width); var s5 = sampleMajor.AsSpan(indices[j0 + 5] * width, width);
            var s6 = sampleMajor.AsSpan(indices[j0 + 6] * width, width); var s7 = sampleMajor.AsSpan(indices[j0 + 7] * width, width);
            for (int f = 0; f < width; f++)
            {
                var d = destination.Slice(f * b + j0, 8);
                d[0] = s0[f]; d[1] = s1[f]; d[2] = s2[f]; d[3] = s3[f]; d[4] = s4[f]; d[5] = s5[f]; d[6] = s6[f]; d[7] = s7[f];
            }
        }
        for (; j0 < b; j0++)
        {
            var s = sampleMajor.AsSpan(indices[j0] * width, width);
            for (int f = 0; f < width; f++) destination[f * b + j0] = s[f];
        }
    }
}

/// <summary>Synthetic data that needs no download.</summary>
public static class SyntheticData
{
    /// <summary>
    /// A classification problem with <paramref name="classes"/> Gaussian clusters in <paramref name="features"/>
    /// dimensions (an MNIST-sized stand-in: 784 features, 10 classes): class centres c ~ N(0, I); sample j has a
    /// uniformly random label ℓ and x = (c_ℓ + noise·z)/√(1 + noise²) with z ~ N(0, I), so every feature has unit
    /// variance. Seeded (Nabla's xoshiro256** generator): the same arguments give the same data everywhere.
    /// </summary>
    /// <exception cref="ArgumentException">A count is not positive or the noise is negative.</exception>
    public static Dataset<T> GaussianClusters<T>(int samples, int features = 784, int classes = 10, double noise = 2.0, long seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (samples <= 0 || features <= 0 || classes <= 0)
            throw new ArgumentException($"samples, features and classes must be positive (got {samples}, {features}, {classes}).");
        if (!(noise >= 0) || !double.IsFinite(noise)) throw new ArgumentException($"noise must be finite and ≥ 0 (got {noise}).");
        if ((long)samples * features > int.MaxValue) throw new ArgumentException($"{samples} samples × {features} features is more than a tensor holds.");
        var rng = new TensorRandom(seed);
        var centres = new double[classes * features];
        for (int i = 0; i < centres.Length; i++) centres[i] = rng.NextNormalPair().Item1;
        var labels = new int[samples];
        for (int j = 0; j < samples; j++) labels[j] = (int)((rng.NextUInt64() >> 11) % (ulong)classes);
        var x = Tensor<T>.Zeros(features, samples);
        var xs = x.AsSpan();
        double scale = 1 / Math.Sqrt(1 + noise * noise);
        for (int j = 0; j < samples; j++)
        {
            int c = labels[j] * features;
            for (int f = 0; f < features; f += 2)
            {
                var (z0, z1) = rng.NextNormalPair();
                xs[f * samples + j] = T.CreateChecked((centres[c + f] + noise * z0) * scale);
                if (f + 1 < features) xs[(f + 1) * samples + j] = T.CreateChecked((centres[c + f + 1] + noise * z1) * scale);
            }
        }
        return Dataset<T>.Classification(x, labels);
    }

    /// <summary>The fraction of samples whose predicted class (largest output) equals the label.</summary>
    public static double Accuracy<T>(Sequential<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        var labels = data.Targets.Labels ?? throw new ArgumentException("accuracy needs a dataset with class labels.");
        var predicted = network.Classify(data.Inputs);
        int right = 0;
        for (int j = 0; j < labels.Length; j++) if (predicted[j] == labels[j]) right++;
        return (double)right / labels.Length;
    }
}
