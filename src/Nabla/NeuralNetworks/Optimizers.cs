using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Nabla.NeuralNetworks;

/// <summary>Updates parameters in place from their gradients, one step per mini-batch.</summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Name as used in messages and the CLI ("sgd", "momentum", "adam").</summary>
    string Name { get; }

    /// <summary>One update of every parameter from its <see cref="Parameter{T}.Gradient"/>. After the first step with a
    /// given set of parameters this allocates nothing.</summary>
    void Step(IReadOnlyList<Parameter<T>> parameters);
}

/// <summary>Steepest descent: θ ← θ − rate·∂C/∂θ.</summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>An SGD optimiser with the given learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive and finite.</exception>
    public Sgd(double rate)
    {
        Optimizers.CheckRate(rate);
        Rate = rate;
    }

    /// <summary>The learning rate (step size).</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public string Name => "sgd";

    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var minusRate = T.CreateChecked(-Rate);
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i].Value.AsSpan();
            TensorPrimitives.MultiplyAdd(parameters[i].Gradient.AsSpan(), minusRate, p, p);
        }
    }
}

/// <summary>Heavy-ball momentum: v ← μ·v + ∂C/∂θ, θ ← θ − rate·v (PyTorch's formulation; v starts at 0).</summary>
public sealed class Momentum<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Parameter<T>, T[]> _velocity = new(ReferenceEqualityComparer.Instance);

    /// <summary>A momentum optimiser (μ = 0.9 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive, or μ is outside [0, 1).</exception>
    public Momentum(double rate, double momentum = 0.9)
    {
        Optimizers.CheckRate(rate);
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"momentum must be in [0, 1) (got {momentum}).");
        Rate = rate;
        Coefficient = momentum;
    }

    /// <summary>The learning rate.</summary>
    public double Rate { get; }

    /// <summary>μ, the fraction of the previous velocity kept.</summary>
    public double Coefficient { get; }

    /// <inheritdoc />
    public string Name => "momentum";

    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        T mu = T.CreateChecked(Coefficient), minusRate = T.CreateChecked(-Rate);
        foreach (var parameter in parameters)
        {
            if (!_velocity.TryGetValue(parameter, out var v)) _velocity[parameter] = v = new T[parameter.Value.Length];
            var vs = v.AsSpan();
            TensorPrimitives.MultiplyAdd(vs, mu, parameter.Gradient.AsSpan(), vs);
            var p = parameter.Value.AsSpan();
            TensorPrimitives.MultiplyAdd(vs, minusRate, p, p);
        }
    }
}

/// <summary>
/// Adam (Kingma and Ba, 2015) with the standard defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − rate·m̂/(√v̂ + ε) with the bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// </summary>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Parameter<T>, (T[] M, T[] V)> _moments = new(ReferenceEqualityComparer.Instance);
    private long _t;

    /// <summary>An Adam optimiser (rate 1e-3 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    public Adam(double rate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        Optimizers.CheckRate(rate);
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"β₁ must be in [0, 1) (got {beta1}).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"β₂ must be in [0, 1) (got {beta2}).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"ε must be positive (got {epsilon}).");
        (Rate, Beta1, Beta2, Epsilon) = (rate, beta1, beta2, epsilon);
    }

    /// <summary>The learning rate.</summary>
    public double Rate { get; }
    /// <summary>β₁, the decay of the first moment.</summary>
    public double Beta1 { get; }
    /// <summary>β₂, the decay of the second moment.</summary>
    public double Beta2 { get; }
    /// <summary>ε, added to √v̂.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public string Name => "adam";

    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _t++;
        T b1 = T.CreateChecked(Beta1), b2 = T.CreateChecked(Beta2), c1 = T.One - b1, c2 = T.One - b2;
        // Bias corrections folded into the step: θ −= (rate/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε).
        T stepSize = T.CreateChecked(Rate / (1 - Math.Pow(Beta1, _t)));
        T invSqrtCorr2 = T.CreateChecked(1 / Math.Sqrt(1 - Math.Pow(Beta2, _t)));
        T eps = T.CreateChecked(Epsilon);
        foreach (var parameter in parameters)
        {
            if (!_moments.TryGetValue(parameter, out var mv))
                _moments[parameter] = mv = (new T[parameter.Value.Length], new T[parameter.Value.Length]);
            Span<T> m = mv.M, v = mv.V, p = parameter.Value.AsSpan();
            ReadOnlySpan<T> g = parameter.Gradient.AsSpan();
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                var vb1 = new Vector<T>(b1); var vc1 = new Vector<T>(c1);
                var vb2 = new Vector<T>(b2); var vc2 = new Vector<T>(c2);
                var vstep = new Vector<T>(stepSize); var vcorr = new Vector<T>(invSqrtCorr2); var veps = new Vector<T>(eps);
                for (; i <= p.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var gv = new Vector<T>(g.Slice(i));
                    var mn = vb1 * new Vector<T>(m.Slice(i)) + vc1 * gv;
                    var vn = vb2 * new Vector<T>(v.Slice(i)) + vc2 * gv * gv;
                    mn.CopyTo(m.Slice(i));
                    vn.CopyTo(v.Slice(i));
                    (new Vector<T>(p.Slice(i)) - vstep * mn / (Vector.SquareRoot(vn) * vcorr + veps)).CopyTo(p.Slice(i));
                }
            }
            for (; i < p.Length; i++)
            {
                m[i] = b1 * m[i] + c1 * g[i];
                v[i] = b2 * v[i] + c2 * g[i] * g[i];
                p[i] -= stepSize * m[i] / (T.Sqrt(v[i]) * invSqrtCorr2 + eps);
            }
        }
    }
}

internal static class Optimizers
{
    public static void CheckRate(double rate)
    {
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(rate), $"the learning rate must be positive and finite (got {rate}).");
    }
}
