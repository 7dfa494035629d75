using Nabla.Numerics;

namespace Nabla.AutoDiff;

/// <summary>
/// Function transformations of reverse mode (as in JAX): each records the function on a fresh
/// <see cref="Tape"/> and sweeps it backwards. One sweep gives the whole gradient of a scalar function, so reverse
/// mode suits a loss of many weights; forward mode (<see cref="ForwardMode"/>) suits few inputs.
/// </summary>
public static class ReverseMode
{
    /// <summary>∇f(x) for a function with a one-element output.</summary>
    /// <exception cref="InvalidOperationException">f's output has more than one element.</exception>
    public static Tensor<double> Grad(Func<Variable, Variable> f, Tensor<double> x) => ValueAndGrad(f, x).Gradient;

    /// <summary>f(x) and ∇f(x) from one forward and one backward pass.</summary>
    /// <exception cref="InvalidOperationException">f's output has more than one element.</exception>
    public static (Tensor<double> Value, Tensor<double> Gradient) ValueAndGrad(Func<Variable, Variable> f, Tensor<double> x)
    {
        var (tape, input, output) = Record(f, x);
        tape.Backward(output);
        return (output.Value, input.Grad ?? Tensor<double>.Zeros(x.Shape));
    }

    /// <summary>f(x) and the vector-Jacobian product vᵀ·J(x) (shaped like x), from one backward pass.</summary>
    /// <exception cref="ArgumentException">v's shape differs from f(x)'s.</exception>
    public static (Tensor<double> Value, Tensor<double> Vjp) Vjp(Func<Variable, Variable> f, Tensor<double> x, Tensor<double> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var (tape, input, output) = Record(f, x);
        tape.Backward(output, v);
        return (output.Value, input.Grad ?? Tensor<double>.Zeros(x.Shape));
    }

    /// <summary>The Jacobian J[i…, j…] = ∂f(x)[i…]/∂x[j…], of shape f(x).Shape ++ x.Shape: one backward pass per
    /// output element (row i is the VJP with the unit vector eᵢ), on one retained tape.</summary>
    public static Tensor<double> Jacobian(Func<Variable, Variable> f, Tensor<double> x)
    {
        var (tape, input, output) = Record(f, x);
        return JacobianOf(tape, output, input, x.Shape);
    }

    /// <summary>
    /// The Hessian of a scalar f, of shape x.Shape ++ x.Shape, by reverse-over-reverse: the first backward sweep is
    /// itself recorded (<c>createGraph</c>), giving ∇f as a variable; row i is then one more backward sweep of
    /// ∇f(x)ᵢ. Exact to rounding — no finite differences.
    /// </summary>
    /// <exception cref="InvalidOperationException">f's output has more than one element.</exception>
    public static Tensor<double> Hessian(Func<Variable, Variable> f, Tensor<double> x)
    {
        var (tape, input, output) = Record(f, x);
        var gradient = tape.Gradients(output, [input], createGraph: true)[0];
        return JacobianOf(tape, gradient, input, x.Shape);
    }

    /// <summary>The Hessian-vector product H(x)·v of a scalar f without forming H: the gradient of ∇f(x)·v, two
    /// backward sweeps (reverse-over-reverse).</summary>
    /// <exception cref="ArgumentException">v's shape differs from x's.</exception>
    public static Tensor<double> HessianVectorProduct(Func<Variable, Variable> f, Tensor<double> x, Tensor<double> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.Shape != x.Shape)
            throw new ArgumentException($"the vector has shape {v.Shape} but x has shape {x.Shape}.", nameof(v));
        var (tape, input, output) = Record(f, x);
        var gradient = tape.Gradients(output, [input], createGraph: true)[0];
        var directional = (gradient * tape.Constant(v)).Sum();
        return tape.Gradients(directional, [input])[0].Value;
    }

    /// <summary>Checks <see cref="Grad"/> of f against central differences (<see cref="GradientCheck"/>; h = 10⁻⁴,
    /// relative error &lt; 10⁻⁶ by default). NaN in either gradient fails the check and says where.</summary>
    public static GradientCheckReport CheckGradient(Func<Variable, Variable> f, Tensor<double> x, double h = 1e-4,
        double tolerance = GradientCheck.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var analytic = Grad(f, x).ToArray();
        var shape = x.Shape.ToArray();
        double Scalar(double[] p) => f(Variable.Constant(Tensor<double>.FromArray(p, shape))).Value.ToScalar();
        return GradientCheck.Compare(Scalar, x.ToArray(), analytic, h, tolerance);
    }

    /// <summary>
    /// Records a scalar function of several tensors once and returns a <see cref="CompiledGradient"/> that replays its
    /// forward pass and backward sweep into preallocated buffers: record once, replay many (a static graph). Use it in
    /// a training loop, where the same loss is differentiated at new weights every step.
    /// </summary>
    /// <exception cref="NotSupportedException">f uses an operation without a compiled kernel (the message names it).</exception>
    /// <exception cref="InvalidOperationException">f's output has more than one element.</exception>
    public static CompiledGradient Compile(Func<Variable[], Variable> f, params TensorShape[] inputShapes)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputShapes);
        return CompiledGradient.Build(f, (TensorShape[])inputShapes.Clone());
    }

    private static (Tape Tape, Variable Input, Variable Output) Record(Func<Variable, Variable> f, Tensor<double> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var tape = new Tape();
        var input = tape.Variable(x);
        var output = f(input) ?? throw new InvalidOperationException("the function returned null instead of a variable.");
        return (tape, input, output);
    }

    private static Tensor<double> JacobianOf(Tape tape, Variable output, Variable input, TensorShape inputShape)
    {
        int m = output.Value.Length, n = inputShape.Length;
        var jacobian = Tensor<double>.Zeros([.. output.Shape.ToArray(), .. inputShape.ToArray()]);
        var rows = jacobian.Reshape(m, n);
        var seed = Tensor<double>.Zeros(output.Shape);
        var seedSpan = seed.AsSpan();
        for (int i = 0; i < m; i++)
        {
            seedSpan.Clear();
            seedSpan[i] = 1;
            var row = tape.Gradients(output, [input], seed.Clone(), retainGraph: true)[0].Value.Contiguous().AsSpan();
            for (int j = 0; j < n; j++) rows[i, j] = row[j];
        }
        return jacobian;
    }
}
