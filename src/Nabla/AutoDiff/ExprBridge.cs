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
