using Nabla.AutoDiff;
using Nabla.Numerics;

namespace Nabla.NeuralNetworks;

/// <summary>One forward pass through the course network: the activations a⁰ … a³ and weighted sums z¹ … z³, each with
/// one column per sample (aⁱ = σ(zⁱ), zⁱ = Wⁱ·aⁱ⁻¹ + bⁱ).</summary>
/// <param name="A0">The inputs (1×n).</param>
/// <param name="Z1">W¹·a⁰ + b¹ (6×n).</param>
/// <param name="A1">σ(z¹) (6×n).</param>
/// <param name="Z2">W²·a¹ + b² (7×n).</param>
/// <param name="A2">σ(z²) (7×n).</param>
/// <param name="Z3">W³·a² + b³ (2×n).</param>
/// <param name="A3">σ(z³), the network's output (2×n).</param>
public sealed record CourseForwardPass(
    Tensor<double> A0, Tensor<double> Z1, Tensor<double> A1, Tensor<double> Z2, Tensor<double> A2, Tensor<double> Z3, Tensor<double> A3);

/// <summary>The six Jacobians ∂C/∂W¹, ∂C/∂b¹, ∂C/∂W², ∂C/∂b², ∂C/∂W³, ∂C/∂b³ of the cost, each shaped like its
/// parameter.</summary>
/// <param name="W1">∂C/∂W¹ (6×1).</param>
/// <param name="B1">∂C/∂b¹ (6×1).</param>
/// <param name="W2">∂C/∂W² (7×6).</param>
/// <param name="B2">∂C/∂b² (7×1).</param>
/// <param name="W3">∂C/∂W³ (2×7).</param>
/// <param name="B3">∂C/∂b³ (2×1).</param>
public sealed record CourseJacobians(
    Tensor<double> W1, Tensor<double> B1, Tensor<double> W2, Tensor<double> B2, Tensor<double> W3, Tensor<double> B3)
{
    /// <summary>The six Jacobians in parameter order W¹, b¹, W², b², W³, b³.</summary>
    public IReadOnlyList<Tensor<double>> All => [W1, B1, W2, B2, W3, B3];

    /// <summary>The largest |difference| between corresponding entries of this and <paramref name="other"/>
    /// (NaN when any entry is NaN).</summary>
    public double MaxAbsDifference(CourseJacobians other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double max = 0;
        for (int p = 0; p < 6; p++)
        {
            var a = All[p].AsSpan();
            var b = other.All[p].AsSpan();
            for (int i = 0; i < a.Length; i++)
            {
                double d = Math.Abs(a[i] - b[i]);
                if (double.IsNaN(d)) return double.NaN;
                max = Math.Max(max, d);
            }
        }
        return max;
    }
}

/// <summary>The learned curve sampled on a grid: the network's two outputs as functions of x.</summary>
/// <param name="X">The grid, evenly spaced from 0 to 1 inclusive.</param>
/// <param name="Y0">The first output a³₀ at each x (the heart's horizontal coordinate).</param>
/// <param name="Y1">The second output a³₁ at each x (vertical).</param>
public sealed record CourseCurve(IReadOnlyList<double> X, IReadOnlyList<double> Y0, IReadOnlyList<double> Y1);

/// <summary>
/// The network of the course's neural-network assignment: 1 input, hidden layers of 6 and 7 neurons, 2 outputs,
/// the logistic sigmoid σ(z) = 1/(1 + e⁻ᶻ) on every layer, aⁱ = σ(Wⁱ·aⁱ⁻¹ + bⁱ), and the cost
/// C = ‖a³ − y‖²/n summed over the n training samples. Backpropagation is written out twice: as the course's explicit
/// chain-rule Jacobians (<see cref="ExplicitJacobians"/>), and by reverse-mode automatic differentiation on a tape
/// (<see cref="ReverseModeJacobians"/>); the two agree to rounding. <see cref="Train"/> runs the course's stochastic
/// steepest descent in a fast allocation-free loop.
/// </summary>
public sealed partial class CourseNetwork
{
    /// <summary>Neurons per layer: input, two hidden layers, output.</summary>
    public static IReadOnlyList<int> LayerSizes { get; } = [1, 6, 7, 2];

    /// <summary>The standard deviation of the initial weights and biases (drawn from N(0, ½²), as in the course).</summary>
    public const double InitialStandardDeviation = 0.5;

    /// <summary>The largest grid <see cref="SampleCurve"/> accepts.</summary>
    public const int MaxCurvePoints = 1_000_000;

    /// <summary>W¹, 6×1 (row i holds the weights into neuron i of layer 1). Training updates it in place.</summary>
    public Tensor<double> W1 { get; }

    /// <summary>b¹, 6×1.</summary>
    public Tensor<double> B1 { get; }

    /// <summary>W², 7×6.</summary>
    public Tensor<double> W2 { get; }

    /// <summary>b², 7×1.</summary>
    public Tensor<double> B2 { get; }

    /// <summary>W³, 2×7.</summary>
    public Tensor<double> W3 { get; }

    /// <summary>b³, 2×1.</summary>
    public Tensor<double> B3 { get; }

    /// <summary>A network with the given parameters (copied).</summary>
    /// <exception cref="ArgumentException">A parameter does not have its layer's shape.</exception>
    public CourseNetwork(Tensor<double> w1, Tensor<double> b1, Tensor<double> w2, Tensor<double> b2, Tensor<double> w3, Tensor<double> b3)
    {
        W1 = Checked(w1, 6, 1, nameof(w1));
        B1 = Checked(b1, 6, 1, nameof(b1));
        W2 = Checked(w2, 7, 6, nameof(w2));
        B2 = Checked(b2, 7, 1, nameof(b2));
        W3 = Checked(w3, 2, 7, nameof(w3));
        B3 = Checked(b3, 2, 1, nameof(b3));
    }

    private static Tensor<double> Checked(Tensor<double> t, int rows, int cols, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.Rank != 2 || t.Shape[0] != rows || t.Shape[1] != cols)
            throw new ArgumentException($"{name} must be {rows}×{cols} for the 1→6→7→2 network, got shape {t.Shape}.", name);
        return Tensor<double>.FromArray(t.ToArray(), rows, cols);
    }

    /// <summary>A fresh network with every weight and bias drawn from N(0, ½²), reproducibly for a seed (the course's
    /// <c>reset_network</c>: <c>np.random.randn(rows, cols) / 2</c>).</summary>
    public static CourseNetwork Create(long seed)
    {
        var rng = new TensorRandom(seed);
        return new CourseNetwork(Draw(6, 1), Draw(6, 1), Draw(7, 6), Draw(7, 1), Draw(2, 7), Draw(2, 1));

        Tensor<double> Draw(int rows, int cols)
        {
            var data = new double[rows * cols];
            for (int i = 0; i < data.Length; i += 2)
            {
                var (z0, z1) = rng.NextNormalPair();
                data[i] = InitialStandardDeviation * z0;
                if (i + 1 < data.Length) data[i + 1] = InitialStandardDeviation * z1;
            }
            return Tensor<double>.FromArray(data, rows, cols);
        }
    }

    /// <summary>An independent copy (training one does not move the other).</summary>
    public CourseNetwork Clone() => new(W1, B1, W2, B2, W3, B3);

    /// <summary>The parameters in order W¹, b¹, W², b², W³, b³ (the live tensors).</summary>
    public IReadOnlyList<Tensor<double>> Parameters => [W1, B1, W2, B2, W3, B3];

    /// <summary>The logistic function σ(z) = 1/(1 + e⁻ᶻ).</summary>
    public static double Sigma(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The course's form of the sigmoid's derivative, σ'(z) = 1/(4 cosh²(z/2)) (equal to σ(z)(1 − σ(z))).
    /// For |z| beyond ≈ 1420 cosh overflows to ∞ and the value is 0, the correct limit.</summary>
    public static double SigmaPrime(double z)
    {
        double c = Math.Cosh(z / 2);
        return 1 / (4 * c * c);
    }

    /// <summary>Feeds the inputs forward, keeping every layer's z and a (what the Jacobians need).</summary>
    /// <param name="x">The inputs, 1×n (one column per sample).</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not 1×n with n ≥ 1.</exception>
    public CourseForwardPass Forward(Tensor<double> x)
    {
        CheckInputs(x, null);
        var z1 = Tensor<double>.MatMul(W1, x) + B1;
        var a1 = z1.Map(Sigma);
        var z2 = Tensor<double>.MatMul(W2, a1) + B2;
        var a2 = z2.Map(Sigma);
        var z3 = Tensor<double>.MatMul(W3, a2) + B3;
        var a3 = z3.Map(Sigma);
        return new CourseForwardPass(x, z1, a1, z2, a2, z3, a3);
    }

    /// <summary>The cost C = ‖a³ − y‖²/n: the squared distance of the outputs from the targets, summed over the
    /// outputs and averaged over the n samples (the course's <c>np.linalg.norm(a3 - y)**2 / x.size</c>).</summary>
    /// <exception cref="ArgumentException">x is not 1×n or y is not 2×n.</exception>
    public double Cost(Tensor<double> x, Tensor<double> y)
    {
        CheckInputs(x, y);
        return (Forward(x).A3 - y).Square().Sum() / x.Shape[1];
    }

    /// <summary>
    /// The course's explicit Jacobians: the multivariate chain rule written out layer by layer, from the cost back to
    /// the first layer. Each line is one link of the chain; J carries ∂C/∂zⁱ, the cost's sensitivity to a layer's
    /// weighted sums, and every parameter's Jacobian is read off it.
    /// </summary>
    /// <exception cref="ArgumentException">x is not 1×n or y is not 2×n.</exception>
    public CourseJacobians ExplicitJacobians(Tensor<double> x, Tensor<double> y)
    {
        CheckInputs(x, y);
        var f = Forward(x);
        double n = x.Shape[1];

        // Output layer. C = Σ(a³ − y)²/n, so ∂C/∂a³ = 2(a³ − y)/n; a³ = σ(z³), so ∂a³/∂z³ = σ'(z³) (elementwise).
        var J = 2 * (f.A3 - y) / n * f.Z3.Map(SigmaPrime);                  // ∂C/∂z³
        var jW3 = Tensor<double>.MatMul(J, f.A2.Transpose());               // z³ = W³a² + b³: ∂z³/∂W³ = a², summed over samples
        var jB3 = J.Sum(axis: 1, keepDims: true);                           // ∂z³/∂b³ = 1: row sums

        // One layer back: ∂z³/∂a² = W³, then ∂a²/∂z² = σ'(z²).
        J = Tensor<double>.MatMul(W3.Transpose(), J) * f.Z2.Map(SigmaPrime); // ∂C/∂z²
        var jW2 = Tensor<double>.MatMul(J, f.A1.Transpose());
        var jB2 = J.Sum(axis: 1, keepDims: true);

        // And back once more to the first layer.
        J = Tensor<double>.MatMul(W2.Transpose(), J) * f.Z1.Map(SigmaPrime); // ∂C/∂z¹
        var jW1 = Tensor<double>.MatMul(J, f.A0.Transpose());
        var jB1 = J.Sum(axis: 1, keepDims: true);

        return new CourseJacobians(jW1, jB1, jW2, jB2, jW3, jB3);
    }

    /// <summary>
    /// The same six Jacobians by the general route: the cost is recorded on a reverse-mode <see cref="Tape"/> from
    /// matrix products, sums and sigmoids, and one backward sweep applies each operation's own local derivative. No
    /// chain rule is written by hand here, which is why the two paths agreeing is evidence for both.
    /// </summary>
    /// <exception cref="ArgumentException">x is not 1×n or y is not 2×n.</exception>
    public CourseJacobians ReverseModeJacobians(Tensor<double> x, Tensor<double> y)
    {
        CheckInputs(x, y);
        var tape = new Tape();
        var p = Parameters.Select(tape.Variable).ToArray();
        var a = tape.Constant(x);
        for (int layer = 0; layer < 3; layer++)
            a = (Variable.MatMul(p[2 * layer], a) + p[2 * layer + 1]).Sigmoid();
        var cost = (a - tape.Constant(y)).Square().Sum() * (1.0 / x.Shape[1]);
        tape.Backward(cost);
        return new CourseJacobians(p[0].Grad!, p[1].Grad!, p[2].Grad!, p[3].Grad!, p[4].Grad!, p[5].Grad!);
    }

    /// <summary>The learned curve: the network's outputs on <paramref name="points"/> evenly spaced x from 0 to 1
    /// (inclusive, so a trained heart closes), for plotting or animating.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is below 2 or above <see cref="MaxCurvePoints"/>.</exception>
    public CourseCurve SampleCurve(int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, MaxCurvePoints);
        var x = Tensor<double>.Zeros(1, points);
        var xs = x.AsSpan();
        for (int i = 0; i < points; i++) xs[i] = i / (double)(points - 1);
        var a3 = Forward(x).A3.AsSpan();
        return new CourseCurve(xs.ToArray(), a3[..points].ToArray(), a3[points..].ToArray());
    }

    private static void CheckInputs(Tensor<double> x, Tensor<double>? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Shape[0] != 1 || x.Shape[1] < 1)
            throw new ArgumentException($"the inputs must be 1×n (one column per sample), got shape {x.Shape}.", nameof(x));
        if (y is not null && (y.Rank != 2 || y.Shape[0] != 2 || y.Shape[1] != x.Shape[1]))
            throw new ArgumentException($"the targets must be 2×{x.Shape[1]} (two outputs per sample), got shape {y.Shape}.", nameof(y));
    }
}
