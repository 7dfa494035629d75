using System.Numerics;
using Nabla.Symbolic;

namespace Nabla.AutoDiff;

/// <summary>
/// Evaluates symbolic expressions on dual numbers, so a symbolic formula can be differentiated in forward mode and
/// compared with its symbolic, numeric (and, later, reverse-mode) derivatives on the very same function. The
/// traversal is iterative (explicit stack and memo over the DAG), so any depth the core can build is accepted.
/// </summary>
public static class ExprBridge
{
    /// <summary>
    /// Evaluates <paramref name="e"/> with variable <c>variables[i]</c> bound to <c>point[i]</c>. The result's value is
    /// what <c>Expr.Evaluate</c> gives (NaN outside the real domain) and its derivative is the directional derivative
    /// along the tangents of <paramref name="point"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The point and the variable list differ in length.</exception>
    /// <exception cref="SymbolicException">A free variable of <paramref name="e"/> is not in <paramref name="variables"/>.</exception>
    public static Dual<double> EvaluateDual(Expr e, IReadOnlyList<Symbol> variables, ReadOnlySpan<Dual<double>> point)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(variables);
        if (point.Length != variables.Count)
            throw new ArgumentException($"{point.Length} values were given for {variables.Count} variables.", nameof(point));
        return ExprWalker.Evaluate<Dual<double>, DualInterpreter>(e, new DualInterpreter(point.ToArray()), IndexOf(variables));
    }

    /// <summary>The gradient of <paramref name="f"/> at a point by forward mode: one dual pass per variable.</summary>
    /// <exception cref="SymbolicException">A variable (of the list or of <paramref name="f"/>) has no value.</exception>
    public static double[] ForwardGradient(Expr f, IReadOnlyList<Symbol> variables, IReadOnlyDictionary<string, double> at)
    {
        ArgumentNullException.ThrowIfNull(f);
        var jacobian = ForwardJacobian([f], variables, at);
        var gradient = new double[variables.Count];
        for (int j = 0; j < gradient.Length; j++) gradient[j] = jacobian[0, j];
        return gradient;
    }

    /// <summary>
    /// The Jacobian J[i, j] = ∂fᵢ/∂xⱼ at a point by forward mode: pass j seeds variable j and fills column j for all
    /// functions at once (the DAG walk shares sub-expressions between the functions within a pass).
    /// </summary>
    /// <exception cref="SymbolicException">A variable (of the list or of the functions) has no value.</exception>
    public static double[,] ForwardJacobian(IReadOnlyList<Expr> fs, IReadOnlyList<Symbol> variables, IReadOnlyDictionary<string, double> at)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(at);
        var x = new double[variables.Count];
        for (int j = 0; j < x.Length; j++)
            x[j] = at.TryGetValue(variables[j].Name, out var value)
                ? value
                : throw new SymbolicException($"No value was given for the variable '{variables[j].Name}'.");
        var index = IndexOf(variables);
        // All functions in one walk: a sum node whose terms are the functions would be rebuilt canonically (merging
        // them), so the functions are walked one by one with a shared interpreter instead.
        var jacobian = new double[fs.Count, x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            var point = new Dual<double>[x.Length];
            for (int k = 0; k < x.Length; k++) point[k] = new Dual<double>(x[k], k == j ? 1 : 0);
            var interpreter = new DualInterpreter(point);
            for (int i = 0; i < fs.Count; i++)
                jacobian[i, j] = ExprWalker.Evaluate<Dual<double>, DualInterpreter>(fs[i], interpreter, index).Derivative;
        }
        return jacobian;
    }

    /// <summary>
    /// The gradient of <paramref name="f"/> at a point by reverse mode: the expression is evaluated on a
    /// <see cref="Tape"/> with one scalar variable per symbol, then one backward sweep gives every partial derivative.
    /// </summary>
    /// <exception cref="SymbolicException">A variable (of the list or of <paramref name="f"/>) has no value.</exception>
    /// <exception cref="ArgumentException">A variable is listed twice.</exception>
    public static double[] ReverseGradient(Expr f, IReadOnlyList<Symbol> variables, IReadOnlyDictionary<string, double> at)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(at);
        var index = IndexOf(variables);
        var tape = new Tape();
        var inputs = new Variable[variables.Count];
        for (int j = 0; j < inputs.Length; j++)
            inputs[j] = tape.Variable(Numerics.Tensor<double>.Scalar(at.TryGetValue(variables[j].Name, out var value)
                ? value
                : throw new SymbolicException($"No value was given for the variable '{variables[j].Name}'.")));
        var output = ExprWalker.Evaluate<Variable, TapeInterpreter>(f, new TapeInterpreter(tape, inputs), index);
        var grads = tape.Gradients(output, inputs);
        var gradient = new double[inputs.Length];
        for (int j = 0; j < gradient.Length; j++) gradient[j] = grads[j].Value.ToScalar();
        return gradient;
    }

    /// <summary>Evaluates <paramref name="f"/> on <paramref name="tape"/> with <c>variables[i]</c> bound to
    /// <c>inputs[i]</c> (scalar variables), so the result can be differentiated in reverse mode.</summary>
    /// <exception cref="ArgumentException">The inputs and the variable list differ in length.</exception>
    /// <exception cref="SymbolicException">A free variable of <paramref name="f"/> is not in <paramref name="variables"/>.</exception>
    public static Variable EvaluateOnTape(Expr f, IReadOnlyList<Symbol> variables, Tape tape, IReadOnlyList<Variable> inputs)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != variables.Count)
            throw new ArgumentException($"{inputs.Count} inputs were given for {variables.Count} variables.", nameof(inputs));
        return ExprWalker.Evaluate<Variable, TapeInterpreter>(f, new TapeInterpreter(tape, [.. inputs]), IndexOf(variables));
    }

    /// <summary>Tape arithmetic for each node kind, in the same order of operations as <c>Expr.Evaluate</c>.</summary>
    private sealed class TapeInterpreter(Tape tape, Variable[] inputs) : IExprInterpreter<Variable>
    {
        public Variable Constant(double value) => tape.Constant(Numerics.Tensor<double>.Scalar(value));

        public Variable Variable(int index) => inputs[index];

        public Variable Sum(double constant, ReadOnlySpan<double> coefficients, ReadOnlySpan<Variable> terms)
        {
            var result = Constant(constant);
            for (int i = 0; i < terms.Length; i++)
                result += coefficients[i] == 1 ? terms[i] : terms[i] * coefficients[i];
            return result;
        }

        public Variable Product(double coefficient, ReadOnlySpan<Variable> factors)
        {
            var result = Constant(coefficient);
            foreach (var f in factors) result *= f;
            return result;
        }

        public Variable PowerRational(Variable value, Rational exponent)
        {
            if (exponent == Rational.Half) return value.Sqrt();
            if (exponent == -Rational.Half) return 1.0 / value.Sqrt();
            if (BigInteger.Abs(exponent.Numerator) < long.MaxValue && exponent.Denominator < long.MaxValue)
                return value.Pow((long)exponent.Numerator, (long)exponent.Denominator);
            return value.Pow(exponent.ToDouble());
        }

        public Variable Power(Variable value, Variable exponent) =>
            exponent.RequiresGrad ? AutoDiff.Variable.Pow(value, exponent) : value.Pow(exponent.Value.ToScalar());

        public Variable Call(MathFunction function, Variable argument) => function switch
        {
            MathFunction.Sin => argument.Sin(),
            MathFunction.Cos => argument.Cos(),
            MathFunction.Tan => argument.Tan(),
            MathFunction.Sec => argument.Sec(),
            MathFunction.Csc => argument.Csc(),
            MathFunction.Cot => argument.Cot(),
            MathFunction.Asin => argument.Asin(),
            MathFunction.Acos => argument.Acos(),
            MathFunction.Atan => argument.Atan(),
            MathFunction.Sinh => argument.Sinh(),
            MathFunction.Cosh => argument.Cosh(),
            MathFunction.Tanh => argument.Tanh(),
            MathFunction.Exp => argument.Exp(),
            MathFunction.Ln => argument.Log(),
            MathFunction.Abs => argument.Abs(),
            MathFunction.Sign => argument.Sign(),
            MathFunction.Sigmoid => argument.Sigmoid(),
            MathFunction.Softplus => argument.Softplus(),
            MathFunction.Relu => argument.Relu(),
            MathFunction.Step => argument.Step(),
            _ => throw new InvalidOperationException($"No tape rule for {function}."),
        };
    }

    private static Dictionary<Symbol, int> IndexOf(IReadOnlyList<Symbol> variables)
    {
        var index = new Dictionary<Symbol, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < variables.Count; i++)
            if (!index.TryAdd(variables[i], i))
                throw new ArgumentException($"The variable '{variables[i].Name}' is listed twice.", nameof(variables));
        return index;
    }

    /// <summary>Dual-number arithmetic for each node kind, mirroring <c>Expr.Evaluate</c> operation for operation.</summary>
    private sealed class DualInterpreter(Dual<double>[] point) : IExprInterpreter<Dual<double>>
    {
        public Dual<double> Constant(double value) => Dual<double>.Constant(value);

        public Dual<double> Variable(int index) => point[index];

        public Dual<double> Sum(double constant, ReadOnlySpan<double> coefficients, ReadOnlySpan<Dual<double>> terms)
        {
            var result = Dual<double>.Constant(constant);
            for (int i = 0; i < terms.Length; i++) result += coefficients[i] * terms[i];
            return result;
        }

        public Dual<double> Product(double coefficient, ReadOnlySpan<Dual<double>> factors)
        {
            var result = Dual<double>.Constant(coefficient);
            foreach (var f in factors) result *= f;
            return result;
        }

        public Dual<double> PowerRational(Dual<double> value, Rational exponent)
        {
            if (exponent.IsInteger && exponent.Numerator >= int.MinValue && exponent.Numerator <= int.MaxValue)
                return Dual<double>.Pow(value, (int)exponent.Numerator);
            if (exponent == Rational.Half) return Dual<double>.Sqrt(value);
            if (exponent == -Rational.Half) return 1.0 / Dual<double>.Sqrt(value);
            if (BigInteger.Abs(exponent.Numerator) < int.MaxValue && exponent.Denominator < int.MaxValue)
                return Dual<double>.Pow(value, (int)exponent.Numerator, (int)exponent.Denominator);
            return Dual<double>.Pow(value, exponent.ToDouble());
        }

        public Dual<double> Power(Dual<double> value, Dual<double> exponent) => Dual<double>.Pow(value, exponent);

        public Dual<double> Call(MathFunction function, Dual<double> argument) => function switch
        {
            MathFunction.Sin => Dual<double>.Sin(argument),
            MathFunction.Cos => Dual<double>.Cos(argument),
            MathFunction.Tan => Dual<double>.Tan(argument),
            MathFunction.Sec => Dual<double>.Sec(argument),
            MathFunction.Csc => Dual<double>.Csc(argument),
            MathFunction.Cot => Dual<double>.Cot(argument),
            MathFunction.Asin => Dual<double>.Asin(argument),
            MathFunction.Acos => Dual<double>.Acos(argument),
            MathFunction.Atan => Dual<double>.Atan(argument),
            MathFunction.Sinh => Dual<double>.Sinh(argument),
            MathFunction.Cosh => Dual<double>.Cosh(argument),
            MathFunction.Tanh => Dual<double>.Tanh(argument),
            MathFunction.Exp => Dual<double>.Exp(argument),
            MathFunction.Ln => Dual<double>.Log(argument),
            MathFunction.Abs => Dual<double>.Abs(argument),
            MathFunction.Sign => Dual<double>.Sign(argument),
            MathFunction.Sigmoid => Dual<double>.Sigmoid(argument),
            MathFunction.Softplus => Dual<double>.Softplus(argument),
            MathFunction.Relu => Dual<double>.Relu(argument),
            MathFunction.Step => Dual<double>.Step(argument),
            _ => throw new InvalidOperationException($"No dual-number rule for {function}."),
        };
    }
}
