using System.Numerics;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>What a network should output: target values (outputs × samples, for regression-style costs) or one integer
/// class label per sample (for cross-entropy).</summary>
public sealed class Targets<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Targets(Tensor<T>? values, int[]? labels) { Values = values; Labels = labels; }

    /// <summary>Target values, a (outputs × samples) matrix.</summary>
    /// <exception cref="ArgumentException">Not a matrix.</exception>
    public static Targets<T> FromValues(Tensor<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Rank != 2) throw new ArgumentException($"target values must be an (outputs × samples) matrix; got shape {values.Shape}.");
        return new(values.Contiguous(), null);
    }

    /// <summary>One class label per sample (used as given, not copied).</summary>
    public static Targets<T> FromLabels(int[] labels) => new(null, labels ?? throw new ArgumentNullException(nameof(labels)));

    /// <summary>The target values, or null for labels.</summary>
    public Tensor<T>? Values { get; }

    /// <summary>The labels, or null for values.</summary>
    public int[]? Labels { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Values?.Shape[1] ?? Labels!.Length;
}

/// <summary>A cost C(output, targets) and its gradient with respect to the network's output.</summary>
public interface ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Name as used in messages and the CLI ("course", "mse", "cross-entropy").</summary>
    string Name { get; }

    /// <summary>The loss (accumulated in double) and, when <paramref name="gradient"/> is given (same shape as the
    /// output), ∂C/∂output written into it.</summary>
    /// <exception cref="ArgumentException">The targets do not fit the output (shapes, counts, labels out of range).</exception>
    double Evaluate(Tensor<T> output, Targets<T> targets, Tensor<T>? gradient);

    /// <summary>Checks targets against a network with <paramref name="outputs"/> outputs before training starts.</summary>
    /// <exception cref="ArgumentException">The targets do not fit (the first offending label or shape is named).</exception>
    void Validate(Targets<T> targets, int? outputs);
}

/// <summary>Shared checks of the squared-error costs.</summary>
public abstract class SquaredErrorLoss<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private protected SquaredErrorLoss() { }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The divisor of Σ(a − y)² for an output of k rows and n samples.</summary>
    protected abstract double Divisor(int k, int n);

    /// <inheritdoc />
    public void Validate(Targets<T> targets, int? outputs)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Values is null) throw new ArgumentException($"the {Name} cost needs target values, not class labels.");
        if (outputs is int k && targets.Values.Shape[0] != k)
            throw new ArgumentException($"the targets have {targets.Values.Shape[0]} rows but the network has {k} outputs.");
    }

    /// <inheritdoc />
    public double Evaluate(Tensor<T> output, Targets<T> targets, Tensor<T>? gradient)
    {
        ArgumentNullException.ThrowIfNull(output);
        Validate(targets, null);
        var y = targets.Values!;
        if (y.Shape != output.Shape) throw new ArgumentException($"the {Name} cost needs targets shaped like the output {output.Shape}; got {y.Shape}.");
        int k = output.Shape[0], n = output.Shape[1];
        double d = Divisor(k, n);
        var a = Kernels.Span(output, "output");
        var ys = y.AsSpan();
        var g = gradient is null ? default : Kernels.Span(gradient, "gradient");
        if (gradient is not null && gradient.Shape != output.Shape) throw new ArgumentException($"the gradient buffer {gradient.Shape} must be shaped like the output {output.Shape}.");
        T scale = T.CreateChecked(2.0 / d);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            var r = a[i] - ys[i];
            sum += double.CreateChecked(r * r);
            if (gradient is not null) g[i] = scale * r;   // ∂/∂a (a − y)²/d = 2(a − y)/d
        }
        return sum / d;
    }
}

/// <summary>The course's cost C = ‖a − y‖²/n = (1/n) Σ over samples and outputs of (a − y)², n the number of samples;
/// ∂C/∂a = 2(a − y)/n.</summary>
public sealed class CourseCost<T> : SquaredErrorLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "course";

    /// <inheritdoc />
    protected override double Divisor(int k, int n) => n;
}

/// <summary>Mean squared error over all elements: (1/(k n)) Σ (a − y)²; ∂/∂a = 2(a − y)/(k n).</summary>
public sealed class MeanSquaredError<T> : SquaredErrorLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    protected override double Divisor(int k, int n) => (double)k * n;
}

/// <summary>
/// Softmax cross-entropy from logits z (classes × samples) and integer labels: C = −(1/n) Σⱼ log softmax(z·ⱼ)[labelⱼ],
/// computed as log-sum-exp with the column maximum subtracted (no overflow). ∂C/∂z = (softmax(z) − onehot(label))/n.
/// </summary>
public sealed class SoftmaxCrossEntropy<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public string Name => "cross-entropy";

    /// <inheritdoc />
    public void Validate(Targets<T> targets, int? outputs)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var labels = targets.Labels ?? throw new ArgumentException("softmax cross-entropy needs integer class labels, not target values.");
        if (outputs is int k) CheckLabels(labels, k);
    }

    private static void CheckLabels(int[] labels, int classes)
    {
        for (int j = 0; j < labels.Length; j++)
            if ((uint)labels[j] >= (uint)classes)
                throw new ArgumentException(
                    $"label {labels[j]} (sample {j}) is out of range: the network has {classes} classes, so labels must be 0 … {classes - 1}.");
    }

    /// <inheritdoc />
    public double Evaluate(Tensor<T> output, Targets<T> targets, Tensor<T>? gradient)
    {
        ArgumentNullException.ThrowIfNull(output);
        Kernels.CheckMatrix(output, null, "softmax cross-entropy", "logits");
        Validate(targets, null);
        var labels = targets.Labels!;
        int k = output.Shape[0], n = output.Shape[1];
        if (labels.Length != n) throw new ArgumentException($"softmax cross-entropy got {n} samples of logits but {labels.Length} labels.");
        CheckLabels(labels, k);
        if (gradient is not null && gradient.Shape != output.Shape) throw new ArgumentException($"the gradient buffer {gradient.Shape} must be shaped like the logits {output.Shape}.");
        var z = Kernels.Span(output, "logits");
        var g = gradient is null ? default : gradient.AsSpan();
        T invN = T.One / T.CreateChecked(n);
        double total = 0;
        for (int j = 0; j < n; j++)
        {
            T max = T.NegativeInfinity;
            for (int i = 0; i < k; i++) max = T.Max(max, z[i * n + j]);
            T sum = T.Zero;
            for (int i = 0; i < k; i++)
            {
                var e = T.Exp(z[i * n + j] - max);
                sum += e;
                if (gradient is not null) g[i * n + j] = e;
            }
            int label = labels[j];
            // −log softmax = log Σ e^(z − max) + max − z_label
            total += double.CreateChecked(T.Log(sum) + max - z[label * n + j]);
            if (gradient is not null)
            {
                T scale = invN / sum;
                for (int i = 0; i < k; i++) g[i * n + j] *= scale;
                g[label * n + j] -= invN;
            }
        }
        return total / n;
    }
}
