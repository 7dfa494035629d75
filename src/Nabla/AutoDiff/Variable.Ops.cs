using Nabla.Numerics;

namespace Nabla.AutoDiff;

// Every operation: its value, then its local derivative as a vector-Jacobian product written in variable operations
// (so a recorded backward sweep can itself be differentiated). g is the upstream gradient, shaped like the output.
public sealed partial class Variable
{
    // ------------------------------------------------------------------ broadcasting arithmetic

    /// <summary>a + b with broadcasting; each gradient is summed back to its operand's shape.</summary>
    public static Variable Add(Variable a, Variable b) => Binary(a, b, a.Value + b.Value,
        g => g.SumToShape(a.Shape),
        g => g.SumToShape(b.Shape)).Tag(CompiledOpKind.Add, a, b);

    /// <summary>a − b with broadcasting.</summary>
    public static Variable Subtract(Variable a, Variable b) => Binary(a, b, a.Value - b.Value,
        g => g.SumToShape(a.Shape),
        g => (-g).SumToShape(b.Shape)).Tag(CompiledOpKind.Subtract, a, b);

    /// <summary>Elementwise a · b with broadcasting: ∂/∂a = b, ∂/∂b = a.</summary>
    public static Variable Multiply(Variable a, Variable b) => Binary(a, b, a.Value * b.Value,
        g => (g * b).SumToShape(a.Shape),
        g => (g * a).SumToShape(b.Shape)).Tag(CompiledOpKind.Multiply, a, b);

    /// <summary>Elementwise a / b with broadcasting: ∂/∂a = 1/b, ∂/∂b = −a/b².</summary>
    public static Variable Divide(Variable a, Variable b) => Binary(a, b, a.Value / b.Value,
        g => (g / b).SumToShape(a.Shape),
        g => (-(g * a) / (b * b)).SumToShape(b.Shape)).Tag(CompiledOpKind.Divide, a, b);

    /// <summary>−a.</summary>
    public static Variable Negate(Variable a) => Unary(a, a.Value.Neg(), g => -g).Tag(CompiledOpKind.Negate, a);

    /// <summary>c · a for a number c.</summary>
    public static Variable Scale(Variable a, double c) => Unary(a, a.Value * c, g => Scale(g, c)).Tag(CompiledOpKind.Scale, a, scalar: c);

    /// <summary>a + c for a number c.</summary>
    public static Variable AddScalar(Variable a, double c) => Unary(a, a.Value + c, g => g).Tag(CompiledOpKind.AddScalar, a, scalar: c);

    /// <summary>Sum.</summary>
    public static Variable operator +(Variable a, Variable b) => Add(a, b);
    /// <summary>Difference.</summary>
    public static Variable operator -(Variable a, Variable b) => Subtract(a, b);
    /// <summary>Elementwise product (use <see cref="MatMul"/> for the matrix product).</summary>
    public static Variable operator *(Variable a, Variable b) => Multiply(a, b);
    /// <summary>Elementwise quotient.</summary>
    public static Variable operator /(Variable a, Variable b) => Divide(a, b);
    /// <summary>Negation.</summary>
    public static Variable operator -(Variable a) => Negate(a);
    /// <summary>Adds a number.</summary>
    public static Variable operator +(Variable a, double c) => AddScalar(a, c);
    /// <summary>Adds a number.</summary>
    public static Variable operator +(double c, Variable a) => AddScalar(a, c);
    /// <summary>Subtracts a number.</summary>
    public static Variable operator -(Variable a, double c) => AddScalar(a, -c);
    /// <summary>A number minus a variable.</summary>
    public static Variable operator -(double c, Variable a) => AddScalar(Negate(a), c);
    /// <summary>Scales.</summary>
    public static Variable operator *(Variable a, double c) => Scale(a, c);
    /// <summary>Scales.</summary>
    public static Variable operator *(double c, Variable a) => Scale(a, c);
    /// <summary>Divides by a number.</summary>
    public static Variable operator /(Variable a, double c) => Scale(a, 1 / c);
    /// <summary>A number divided elementwise by a variable.</summary>
    public static Variable operator /(double c, Variable a) => Divide(a.Lift(Tensor<double>.Scalar(c)), a);

    // ------------------------------------------------------------------ shapes

    /// <summary>Sums over broadcast axes down to <paramref name="shape"/> (the adjoint of <see cref="BroadcastTo"/>).</summary>
    public Variable SumToShape(TensorShape shape)
    {
        if (shape == Shape) return this;
        var a = this;
        return Unary(a, a.Value.SumToShape(shape), g => g.BroadcastTo(a.Shape));
    }

    /// <summary>Repeats the value to <paramref name="shape"/> under broadcasting rules.</summary>
    public Variable BroadcastTo(TensorShape shape)
    {
        if (shape == Shape) return this;
        var a = this;
        return Unary(a, a.Value.BroadcastTo(shape), g => g.SumToShape(a.Shape));
    }

    /// <summary>The same elements with another shape (one size may be −1).</summary>
    public Variable Reshape(params int[] shape)
    {
        var a = this;
        return Unary(a, a.Value.Reshape(shape).Contiguous(), g => g.Reshape(a.Shape.ToArray()));
    }

    /// <summary>The transpose of a matrix.</summary>
    public Variable Transpose()
    {
        var a = this;
        return Unary(a, a.Value.Transpose().Contiguous(), g => g.Transpose());
    }

    /// <summary>The matrix product (m, k)·(k, n): ∂/∂A = G·Bᵀ, ∂/∂B = Aᵀ·G.</summary>
    /// <exception cref="ArgumentException">Either operand is not a matrix, or the inner dimensions differ.</exception>
    public static Variable MatMul(Variable a, Variable b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Value.Rank != 2 || b.Value.Rank != 2)
            throw new ArgumentException($"Variable.MatMul multiplies matrices; got shapes {a.Shape} and {b.Shape} (Reshape first).");
        return Binary(a, b, Tensor<double>.MatMul(a.Value, b.Value),
            g => MatMul(g, b.Transpose()),
            g => MatMul(a.Transpose(), g)).Tag(CompiledOpKind.MatMul, a, b);
    }

    /// <summary>Elements start … start+length−1 along an axis (a copy).</summary>
    public Variable Narrow(int axis, int start, int length)
    {
        var a = this;
        int ax = a.Shape.NormalizeAxis(axis);
        return Unary(a, a.Value.Narrow(ax, start, length).Contiguous(), g =>
        {
            // The adjoint of cutting out a slab is padding the gradient with zeros on both sides.
            var dims = a.Shape.ToArray();
            var parts = new List<Variable>(3);
            if (start > 0) { dims[ax] = start; parts.Add(a.Lift(Tensor<double>.Zeros(dims))); }
            parts.Add(g);
            int after = a.Shape.Dims[ax] - start - length;
            if (after > 0) { dims[ax] = after; parts.Add(a.Lift(Tensor<double>.Zeros(dims))); }
            return Concat(parts, ax);
        });
    }

    /// <summary>Row <paramref name="index"/> along axis 0 (rank one less).</summary>
    public Variable Row(int index)
    {
        if (Value.Rank == 0) throw new InvalidOperationException("a scalar has no rows.");
        if ((uint)index >= (uint)Shape.Dims[0])
            throw new ArgumentOutOfRangeException(nameof(index), $"row {index} is out of range for shape {Shape}.");
        return Narrow(0, index, 1).Reshape(Shape.Dims[1..].ToArray());
    }

    /// <summary>Joins variables along an axis; all other sizes must agree. Each part's gradient is its slab of g.</summary>
    /// <exception cref="ArgumentException">No parts, or their shapes disagree off the axis.</exception>
    public static Variable Concat(IReadOnlyList<Variable> parts, int axis)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("Concat needs at least one part.", nameof(parts));
        var first = parts[0].Shape;
        int ax = first.NormalizeAxis(axis);
        var dims = first.ToArray();
        dims[ax] = 0;
        Tape? tape = null;
        foreach (var p in parts)
        {
            if (p.Value.Rank != first.Rank)
                throw new ArgumentException($"cannot concatenate shapes {first} and {p.Shape} along axis {axis}.");
            for (int i = 0; i < first.Rank; i++)
                if (i != ax && p.Shape.Dims[i] != first.Dims[i])
                    throw new ArgumentException($"cannot concatenate shapes {first} and {p.Shape} along axis {axis}: sizes differ at axis {i}.");
            dims[ax] += p.Shape.Dims[ax];
            tape = tape is null ? p.Tape : p.Tape is null || ReferenceEquals(p.Tape, tape) ? tape
                : throw new InvalidOperationException("these variables were recorded on different tapes.");
        }
        var result = Tensor<double>.Zeros(dims);
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= dims[i];
        for (int i = ax + 1; i < dims.Length; i++) inner *= dims[i];
        var dst = result.AsSpan();
        int rowLength = dims[ax] * inner, offset = 0;
        var edges = new Edge[parts.Count];
        for (int k = 0; k < parts.Count; k++)
        {
            var p = parts[k];
            int n = p.Shape.Dims[ax] * inner;
            var src = p.Value.Contiguous().AsSpan();
            for (int o = 0; o < outer; o++) src.Slice(o * n, n).CopyTo(dst.Slice(o * rowLength + offset, n));
            int start = offset / inner, length = p.Shape.Dims[ax];
            edges[k] = new Edge(p, g => g.Narrow(ax, start, length));
            offset += n;
        }
        return Make(tape, result, edges);
    }

    // ------------------------------------------------------------------ reductions

    /// <summary>The sum of all elements (a scalar): every element's derivative is 1.</summary>
    public Variable Sum()
    {
        var a = this;
        return Unary(a, Tensor<double>.Scalar(a.Value.Sum()), g => g.BroadcastTo(a.Shape)).Tag(CompiledOpKind.Sum, a);
    }

    /// <summary>Sums along an axis.</summary>
    public Variable Sum(int axis, bool keepDims = false)
    {
        var a = this;
        int ax = a.Shape.NormalizeAxis(axis);
        var kept = a.Shape.ToArray();
        kept[ax] = 1;
        return Unary(a, a.Value.Sum(ax, keepDims), g => (keepDims ? g : g.Reshape(kept)).BroadcastTo(a.Shape));
    }

    /// <summary>The mean of all elements.</summary>
    public Variable Mean() => Sum() * (1.0 / Value.Length);

    /// <summary>Means along an axis.</summary>
    public Variable Mean(int axis, bool keepDims = false) => Sum(axis, keepDims) * (1.0 / Shape[axis]);

    // ------------------------------------------------------------------ elementwise functions

    /// <summary>eˣ: derivative eˣ (the output itself).</summary>
    public Variable Exp()
    {
        Variable y = null!;
        y = Unary(this, Value.Exp(), g => g * y).Tag(CompiledOpKind.Exp, this);
        return y;
    }

    /// <summary>ln x: derivative 1/x.</summary>
    public Variable Log() { var a = this; return Unary(a, a.Value.Log(), g => g / a).Tag(CompiledOpKind.Log, a); }

    /// <summary>√x: derivative 1/(2√x).</summary>
    public Variable Sqrt()
    {
        Variable y = null!;
        y = Unary(this, Value.Sqrt(), g => g / y * 0.5);
        return y;
    }

    /// <summary>x² : derivative 2x.</summary>
    public Variable Square() { var a = this; return Unary(a, a.Value.Square(), g => g * a * 2.0).Tag(CompiledOpKind.Square, a); }

    /// <summary>xᵖ for a number p: derivative p·xᵖ⁻¹.</summary>
    public Variable Pow(double p)
    {
        var a = this;
        if (p == 0) return Lift(Tensor<double>.Ones(Shape));
        if (p == 1) return a;
        return Unary(a, a.Value.Map(x => Math.Pow(x, p)), g => g * a.Pow(p - 1) * p);
    }

    /// <summary>
    /// x^(p/q) with exact rational exponent: for odd q a negative base has the real root ((−8)^(1/3) = −2), as in
    /// <c>Expr.Evaluate</c>. Derivative (p/q)·x^((p−q)/q).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">q is not positive.</exception>
    public Variable Pow(long p, long q)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q);
        if (p % q == 0) return Pow((double)(p / q));
        var a = this;
        double r = (double)p / q;
        return Unary(a, a.Value.Map(x => RealPow(x, p, q)), g => g * a.Pow(p - q, q) * r);
    }

    private static double RealPow(double x, long p, long q)
    {
        if (x >= 0 || double.IsNaN(x) || q % 2 == 0) return Math.Pow(x, (double)p / q);
        double magnitude = Math.Pow(-x, (double)p / q);
        return p % 2 == 0 ? magnitude : -magnitude;
    }

    /// <summary>u^v with both varying: ∂/∂u = v·u^(v−1), ∂/∂v = u^v·ln u (NaN for u ≤ 0, where only integer v make sense).</summary>
    public static Variable Pow(Variable u, Variable v)
    {
        Variable y = null!;
        y = Binary(u, v, Tensor<double>.Pow(u.Value, v.Value),
            g => (g * v * Pow(u, v - 1.0)).SumToShape(u.Shape),
            g => (g * y * u.Log()).SumToShape(v.Shape));
        return y;
    }

    /// <summary>|x|: derivative sign(x) (0 at 0).</summary>
    public Variable Abs() { var a = this; return Unary(a, a.Value.Abs(), g => g * a.Sign()); }

    /// <summary>sign(x) ∈ {−1, 0, 1}: piecewise constant, so no gradient flows through it.</summary>
    public Variable Sign() => Lift(Value.Map(x => double.IsNaN(x) ? double.NaN : Math.Sign(x))).Tag(CompiledOpKind.Sign, this);

    /// <summary>The unit step (1 for x &gt; 0, 0 for x &lt; 0, NaN at 0 as in the symbolic rules): no gradient flows.</summary>
    public Variable Step() => Lift(Value.Map(x => x > 0 ? 1 : x < 0 ? 0 : double.NaN)).Tag(CompiledOpKind.Step, this);

    /// <summary>tanh x: derivative 1 − tanh² x.</summary>
    public Variable Tanh()
    {
        Variable y = null!;
        y = Unary(this, Value.Tanh(), g => g * (1.0 - y * y)).Tag(CompiledOpKind.Tanh, this);
        return y;
    }

    /// <summary>The logistic sigmoid σ(x): derivative σ(x)(1 − σ(x)).</summary>
    public Variable Sigmoid()
    {
        Variable y = null!;
        y = Unary(this, Value.Sigmoid(), g => g * y * (1.0 - y)).Tag(CompiledOpKind.Sigmoid, this);
        return y;
    }

    /// <summary>max(x, 0): derivative 1 for x &gt; 0 and 0 for x &lt; 0; at exactly 0 the tensor op uses 0 (as PyTorch).</summary>
    public Variable Relu()
    {
        var a = this;
        return Unary(a, a.Value.Relu(), g => g * a.Lift(a.Value.Map(x => x > 0 ? 1 : double.IsNaN(x) ? double.NaN : 0))).Tag(CompiledOpKind.Relu, a);
    }

    /// <summary>softplus x = ln(1 + eˣ): derivative σ(x).</summary>
    public Variable Softplus() { var a = this; return Unary(a, a.Value.Softplus(), g => g * a.Sigmoid()); }

    /// <summary>sin x: derivative cos x.</summary>
    public Variable Sin() { var a = this; return Unary(a, a.Value.Map(Math.Sin), g => g * a.Cos()); }

    /// <summary>cos x: derivative −sin x.</summary>
    public Variable Cos() { var a = this; return Unary(a, a.Value.Map(Math.Cos), g => -(g * a.Sin())); }

    /// <summary>tan x: derivative 1 + tan² x.</summary>
    public Variable Tan()
    {
        Variable y = null!;
        y = Unary(this, Value.Map(Math.Tan), g => g * (y * y + 1.0));
        return y;
    }

    /// <summary>sec x = 1/cos x: derivative sec x · tan x.</summary>
    public Variable Sec()
    {
        var a = this;
        Variable y = null!;
        y = Unary(a, a.Value.Map(x => 1 / Math.Cos(x)), g => g * y * a.Tan());
        return y;
    }

    /// <summary>csc x = 1/sin x: derivative −csc x · cot x.</summary>
    public Variable Csc()
    {
        var a = this;
        Variable y = null!;
        y = Unary(a, a.Value.Map(x => 1 / Math.Sin(x)), g => -(g * y * a.Cot()));
        return y;
    }

    /// <summary>cot x = cos x / sin x: derivative −(1 + cot² x).</summary>
    public Variable Cot()
    {
        Variable y = null!;
        y = Unary(this, Value.Map(x => Math.Cos(x) / Math.Sin(x)), g => -(g * (y * y + 1.0)));
        return y;
    }

    /// <summary>asin x: derivative 1/√(1 − x²).</summary>
    public Variable Asin() { var a = this; return Unary(a, a.Value.Map(Math.Asin), g => g / (1.0 - a * a).Sqrt()); }

    /// <summary>acos x: derivative −1/√(1 − x²).</summary>
    public Variable Acos() { var a = this; return Unary(a, a.Value.Map(Math.Acos), g => -(g / (1.0 - a * a).Sqrt())); }

    /// <summary>atan x: derivative 1/(1 + x²).</summary>
    public Variable Atan() { var a = this; return Unary(a, a.Value.Map(Math.Atan), g => g / (a * a + 1.0)); }

    /// <summary>sinh x: derivative cosh x.</summary>
    public Variable Sinh() { var a = this; return Unary(a, a.Value.Map(Math.Sinh), g => g * a.Cosh()); }

    /// <summary>cosh x: derivative sinh x.</summary>
    public Variable Cosh() { var a = this; return Unary(a, a.Value.Map(Math.Cosh), g => g * a.Sinh()); }

    // ------------------------------------------------------------------ softmax and losses

    /// <summary>Softmax along an axis: ∂/∂x = s ⊙ (g − Σ g ⊙ s) with s the softmax.</summary>
    public Variable Softmax(int axis = -1)
    {
        Variable s = null!;
        s = Unary(this, Value.Softmax(axis), g => s * (g - (g * s).Sum(axis, keepDims: true)));
        return s;
    }

    /// <summary>log softmax along an axis: ∂/∂x = g − softmax(x) · Σ g.</summary>
    public Variable LogSoftmax(int axis = -1)
    {
        Variable y = null!;
        y = Unary(this, Value.LogSoftmax(axis), g => g - y.Exp() * g.Sum(axis, keepDims: true));
        return y;
    }

    /// <summary>Mean cross-entropy of logits (n, k) against integer class labels: −mean log softmax(logits)[i, labelᵢ].</summary>
    /// <exception cref="ArgumentException">The logits are not (n, k), the label count differs from n, or a label is outside 0 … k−1.</exception>
    public static Variable CrossEntropy(Variable logits, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Value.Rank != 2 || labels.Count != logits.Shape[0])
            throw new ArgumentException($"CrossEntropy needs logits of shape (n, k) and n labels; got logits {logits.Shape} and {labels.Count} labels.");
        int k = logits.Shape[1];
        var oneHot = Tensor<double>.Zeros(labels.Count, k);
        for (int i = 0; i < labels.Count; i++)
        {
            if ((uint)labels[i] >= (uint)k)
                throw new ArgumentException($"label {labels[i]} at position {i} is not a class index 0 … {k - 1}.", nameof(labels));
            oneHot[i, labels[i]] = 1;
        }
        return CrossEntropy(logits, oneHot);
    }

    /// <summary>Mean cross-entropy of logits (n, k) against target distributions (one-hot rows): −mean Σⱼ yᵢⱼ log softmax(logits)ᵢⱼ.</summary>
    /// <exception cref="ArgumentException">The shapes differ or the logits are not (n, k).</exception>
    public static Variable CrossEntropy(Variable logits, Tensor<double> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Value.Rank != 2 || targets.Shape != logits.Shape)
            throw new ArgumentException($"CrossEntropy needs logits (n, k) and targets of the same shape; got {logits.Shape} and {targets.Shape}.");
        return -(logits.LogSoftmax(1) * logits.Lift(targets)).Sum() * (1.0 / logits.Shape[0]);
    }

    /// <summary>Mean squared error: mean of (prediction − target)² over all elements.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Variable Mse(Variable prediction, Tensor<double> target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Shape != target.Shape)
            throw new ArgumentException($"Mse needs equal shapes; got prediction {prediction.Shape} and target {target.Shape}.");
        return (prediction - prediction.Lift(target)).Square().Mean();
    }
}
